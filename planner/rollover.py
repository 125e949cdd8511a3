"""`planner rollover THIS NEXT`: next year's plan set, started from this year's.

- plan year and base year + 1; the preparation schedule, the document date and promotion dates
  move one year on; the budget guidance is cleared (next year's is not issued yet), last year's
  figures kept in a comment;
- each customer's stock: base ← this year's target of the line (stock + increment + win-back), or
  its actual revenue when billing exports are given (read by `planner.actuals`, the importer of
  the business review); previous ← this year's base; a line that only opportunities or win-back
  reached becomes a stock line; our `spend` rows follow the new base;
- opportunities and win-back become notes in `history` (never targets) and are emptied;
- other customers' rows: base ← this year's row total, previous ← this year's base, and their
  increment and win-back (this year's expectations) are removed.

Files are edited as text (`yamledit.Doc`), so comments, layout and everything else stay as written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from planner.actuals import Actuals
from planner.compute import Targets
from planner.compute.money import ZERO
from planner.errors import Issue, errors_of
from planner.messages import ui
from planner.model import Customer, Industry, Opportunity, WinBack, label
from planner.pipeline import Analysis, analyse
from planner.scaffold import SCHEMA_DIR
from planner.validate import PlanSet
from planner.yamledit import Doc, EditError
from planner.yamltext import field_comment, number, scalar


class RolloverError(Exception):
    """NEXT cannot be written; `issues` (if any) say why."""

    def __init__(self, text: str, issues: list[Issue] | None = None):
        super().__init__(text)
        self.issues = issues or []


# ---------------------------------------------------------------- actuals

def annual_actuals(actuals: Actuals, lang: str = "zh") -> dict[tuple[str, str], Decimal]:
    """This year's actual revenue per (customer, line): Q1..Q4 added up. Refused when no row
    reaches Q4: a base must be a whole year, and a half-year export would halve it."""
    last = max((q + 1 for quarters in actuals.amounts.values()
                for q, v in enumerate(quarters) if v), default=0)
    if actuals.amounts and last < 4:
        raise RolloverError(ui("rollover_actuals_partial", lang, through=f"Q{last}"))
    return {key: sum(quarters, ZERO) for key, quarters in actuals.amounts.items()}


# ---------------------------------------------------------------- the new files

def next_bases(plan: PlanSet, targets: Targets,
               actuals: dict[tuple[str, str], Decimal]) -> dict[str, dict[str, Decimal]]:
    """Next year's stock base per customer and line: this year's target of the line (stock +
    increment + win-back); for a customer the actuals have, its actual revenue per line (0 on a
    line the actuals do not have: nothing was billed there)."""
    order = {b.id: i for i, b in enumerate(plan.market.catalog.business_lines)}
    out = {}
    for cid, ct in targets.customers.items():
        bases = {line: f.total for line, f in ct.lines.items()}
        billed = {line: amount for (c, line), amount in actuals.items() if c == cid}
        if billed:
            bases = {line: billed.get(line, ZERO) for line in bases}
            bases.update(sorted(billed.items(), key=lambda kv: order.get(kv[0], len(order))))
        out[cid] = bases
    return out


def _shift(d: date) -> date:
    """The same day one year on (29 February becomes the 28th)."""
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return d.replace(year=d.year + 1, day=28)


def _shift_dates(doc: Doc, items: list, keys: tuple[str, ...], path: tuple) -> None:
    for i, item in enumerate(items):
        for key in keys:
            value = getattr(item, key)
            node = doc.get(doc.root, *path, i, key)
            if value is not None and node is not None:
                doc.replace(node, _shift(value).isoformat())


def market_text(text: str, plan: PlanSet, targets: Targets, lang: str) -> str:
    """market.yaml of next year."""
    doc, m = Doc(text), plan.market
    p = doc.get(doc.root, "plan")
    doc.replace(doc.get(p, "year"), str(m.plan.year + 1))
    if m.plan.base_year is not None:
        doc.replace(doc.get(p, "base_year"), str(m.plan.base_year + 1))
    if m.plan.date is not None:
        doc.replace(doc.get(p, "date"), _shift(m.plan.date).isoformat())
    _shift_dates(doc, m.plan.schedule, ("due",), ("plan", "schedule"))
    _shift_dates(doc, m.promotions, ("start", "end"), ("promotions",))
    if doc.pair(doc.root, "guidance"):
        g = m.guidance
        figures = [f"total {number(g.total)}"] if g.total is not None else []
        figures += [f"{k} {number(v)}" for k, v in g.by_region.items()]
        note = ui("rollover_guidance", lang, year=m.plan.year + 1, old_year=m.plan.year,
                  figures="; ".join(figures) or ui("rollover_no_guidance", lang))
        doc.put_block("guidance", [f"guidance:{doc.key_comment('guidance')}", f"  # {note}",
                                   "  total:", "  by_region: {}"])
    totals = {r.bulk_index: r.figures.total for r in targets.rows if r.bulk_index is not None}
    for i, row in enumerate(m.other_customers):
        item = doc.get(doc.root, "other_customers", i)
        doc.set(item, "base", number(totals[i]))
        doc.set(item, "previous", number(row.base), after="base")
        doc.delete(item, "increment")
        doc.delete(item, "winback")
    return doc.result()


def industry_text(text: str, industry: Industry) -> str:
    """An industry file of next year: its promotion dates one year on."""
    doc = Doc(text)
    _shift_dates(doc, industry.promotions, ("start", "end"), ("promotions",))
    return doc.result()


def customer_text(text: str, c: Customer, bases: dict[str, Decimal], plan: PlanSet,
                  lang: str) -> str:
    """A customer file of next year (see the module's docstring)."""
    doc = Doc(text)
    stock = doc.get(doc.root, "stock")
    old = {s.business_line: s.base for s in c.stock}
    for i, s in enumerate(c.stock):
        item = stock.value[i]  # type: ignore[union-attr]
        doc.set(item, "base", number(bases[s.business_line]))
        doc.set(item, "previous", number(s.base), after="base")
    added = [f"{{business_line: {line}, base: {number(b)}, previous: 0}}"
             for line, b in bases.items() if line not in old]
    if stock is not None and not _is_null(stock):
        doc.append_items(stock, added)
    elif added:
        doc.put_block("stock", ["stock:", *(f"  - {a}" for a in added)])
    _follow_spend(doc, c, bases, plan.market.catalog.operator)
    notes = history(c, plan.market.plan.year, lang)
    hist = doc.get(doc.root, "history")
    emptied = [k for k in ("opportunities", "winback") if getattr(c, k)]
    for key in emptied:  # a non-empty list was written, so the key is there
        lines = [f"{key}: []{doc.key_comment(key)}"]
        if key == emptied[-1] and hist is None:  # the notes follow the items they replace
            lines += [f"history:  # {field_comment(Customer, 'history', lang)}",
                      *(f"  - {scalar(n)}" for n in notes)]
        doc.replace_lines(*doc.pair(doc.root, key), lines)  # type: ignore[misc]
    if hist is not None and not _is_null(hist) and getattr(hist, "value", None):
        doc.append_items(hist, [scalar(n) for n in notes])
    elif hist is not None and notes:  # `history:` or `history: []`: written as a block
        doc.put_block("history", [f"history:{doc.key_comment('history')}",
                                  *(f"  - {scalar(n)}" for n in notes)])
    return doc.result()


def _is_null(node: object) -> bool:
    return getattr(node, "tag", "").endswith(":null") and not getattr(node, "value", "x")


def _follow_spend(doc: Doc, c: Customer, bases: dict[str, Decimal], operator: str) -> None:
    """Our spend on each line = its new base (the spend rows describe the base year)."""
    spend = doc.get(doc.root, "spend")
    if not c.spend or spend is None:
        return
    new = []
    for line, base in bases.items():
        rows = [i for i, s in enumerate(c.spend)
                if s.carrier == operator and s.business_line == line]
        if len(rows) == 1:
            doc.set(spend.value[rows[0]], "amount", number(base))
            if c.spend[rows[0]].previous is not None:  # still the year before the amount
                doc.set(spend.value[rows[0]], "previous", number(c.spend[rows[0]].amount))
        elif not rows:
            new.append(f"{{carrier: {scalar(operator)}, business_line: {line}, "
                       f"amount: {number(base)}}}")
    doc.append_items(spend, new)


def history(c: Customer, year: int, lang: str) -> list[str]:
    """This year's opportunities and win-back items as one line of text each."""
    i = 1 if lang == "en" else 0

    def describe(model: type, item: object, keys: tuple[str, ...]) -> str:
        parts = []
        for key in keys:
            value = getattr(item, key)
            if value is None or value == "":
                continue
            if key == "probability":
                value = f"{number(value * 100)}%"
            elif isinstance(value, Decimal):
                value = number(value)
            parts.append(f"{label(model, key)[i]}: {value}")
        return " | ".join(parts)

    notes = [f"{ui('history_opportunity', lang, year=year)}: {o.name} | " + describe(
        Opportunity, o, ("business_line", "amount", "probability", "quarter", "conditions",
                         "source")) for o in c.opportunities]
    notes += [f"{ui('history_winback', lang, year=year)}: {w.competitor} | " + describe(
        WinBack, w, ("business_line", "competitor_revenue", "amount", "probability", "quarter",
                     "approach")) for w in c.winback]
    return notes


# ---------------------------------------------------------------- the whole plan set

def _read(path: Path) -> tuple[str, bool]:
    text = path.read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n"), "\r\n" in text


def roll_over(plan: PlanSet, targets: Targets, actuals: dict[tuple[str, str], Decimal],
              lang: str = "zh") -> dict[Path, str]:
    """Every file of next year's plan set, by its path relative to the plan set folder."""
    bases = next_bases(plan, targets, actuals)
    out: dict[Path, str] = {}

    def put(kind: str, id: str | None, make: object) -> None:
        source = plan.source(kind, id)
        assert source is not None
        text, crlf = _read(source.path)
        try:
            new = make(text)  # type: ignore[operator]
        except EditError as e:
            raise RolloverError(ui("rollover_cannot_edit", lang, file=source.name,
                                   line=e.line)) from None
        # its place in the plan set, not where a symbolic link leads
        out[source.path.relative_to(plan.root)] = \
            new.replace("\n", "\r\n") if crlf else new

    put("market", None, lambda t: market_text(t, plan, targets, lang))
    for iid, ind in plan.industries.items():
        put("industry", iid, lambda t, ind=ind: industry_text(t, ind))
    for cid, c in plan.customers.items():
        put("customer", cid, lambda t, c=c: customer_text(t, c, bases[c.id], plan, lang))
    return out


def write_next(this_dir: Path, next_dir: Path, files: dict[Path, str], lang: str) -> Analysis:
    """Write the files into a staging folder beside NEXT, check them, then move it into place:
    NEXT appears complete and valid, or not at all."""
    if next_dir.exists() and (not next_dir.is_dir() or any(next_dir.iterdir())):
        raise RolloverError(ui("rollover_not_empty", lang, path=next_dir))
    parent = next_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{next_dir.name}.rollover-", dir=parent))
    try:
        for rel, text in files.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_text(text, encoding="utf-8", newline="")
        (staging / "customers").mkdir(exist_ok=True)
        if (this_dir / SCHEMA_DIR).is_dir():
            shutil.copytree(this_dir / SCHEMA_DIR, staging / SCHEMA_DIR)
        result = analyse(staging)
        if result.errors:
            raise RolloverError(ui("rollover_broken", lang, path=next_dir),
                                errors_of(result.issues))
        if next_dir.exists():
            next_dir.rmdir()
        os.rename(staging, next_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return result
