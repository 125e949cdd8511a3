"""Actual revenue (实际收入) from billing exports (.xlsx, .csv) or YAML, summed per customer ×
business line × quarter, in the plan's money unit.

Every row is accounted for: it is added; or skipped with a warning (a blank row, a total row such
as '合计', a quarter after --through); or it is an error that names file, sheet, row and value (an
unknown customer or line, a period outside the plan year, an amount that is not a number). Nothing
is dropped silently; with errors nothing is summed at all.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from planner.billvalues import _Bad, parse_amount, parse_period, period_kind, shown
from planner.compute.money import ZERO
from planner.compute.phasing import Quarters
from planner.errors import Issue
from planner.model import MAX_MONEY
from planner.review import name_key as _name_key
from planner.tabular import (
    COLUMNS,
    FIELDS,
    LABELS,
    UNITS,
    Cell,
    Record,
    cell_of,
    normalize,
    tables,
    total_cell,
)
from planner.validate import PlanSet

FOLD = 20  # issues of one kind shown per file; the rest are counted in one line


@dataclass(frozen=True)
class Options:
    """How to read the exports: column names (None: the defaults), sheet, unit, scope."""

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheet: str | None = None
    unit: str | None = None  # the unit of the amounts; None: from the header, else the plan's
    through: int = 4
    skip_unknown_customers: bool = False


@dataclass(frozen=True)
class SourceInfo:
    """What was read from one file (one entry per sheet read)."""

    file: str
    sheet: str | None
    sha256: str
    columns: dict[str, str]  # field -> the header used
    unit: str
    rows: int  # rows added
    skipped: int  # blank, total and after-through rows


@dataclass(frozen=True)
class Actuals:
    """Actual revenue per (customer id, business line id): Q1..Q4 in the plan's money unit."""

    amounts: dict[tuple[str, str], Quarters]
    sources: tuple[SourceInfo, ...] = ()
    unmatched: Decimal = ZERO  # rows of unknown customers skipped on request, their sum
    unmatched_rows: int = 0


class _Catalog:
    """The plan's customers and business lines, found by id or name: each key gives the ids it
    may mean (an id only itself; a name every customer or line that bears it)."""

    def __init__(self, plan: PlanSet):
        self.customers: dict[str, tuple[str, ...]] = {}
        self.customer_names: dict[str, str] = {}  # id -> name
        self.lines: dict[str, tuple[str, ...]] = {}
        self.line_names: dict[str, str] = {}
        for known, names, entries in (
                (self.customers, self.customer_names, plan.customers.values()),
                (self.lines, self.line_names, plan.market.catalog.business_lines)):
            for e in entries:
                known[_name_key(e.id)] = (e.id,)
                names[e.id] = e.name
            by_name: dict[str, tuple[str, ...]] = {}
            for e in entries:
                by_name[_name_key(e.name)] = (*by_name.get(_name_key(e.name), ()), e.id)
            for key, ids in by_name.items():
                known.setdefault(key, ids)  # an id wins over a name

    @staticmethod
    def suggest(got: str, names: dict[str, str]) -> str:
        """' — did you mean 名称 (id)?' material: the closest name, or one containing the value."""
        key = _name_key(got)
        shown = {f"{name} ({id})": _name_key(name) for id, name in names.items()}
        containing = [s for s, k in shown.items() if key and (key in k or k in key)]
        if len(containing) == 1:
            return containing[0]
        close = difflib.get_close_matches(key, list(shown.values()), n=1, cutoff=0.5)
        return next((s for s, k in shown.items() if close and k == close[0]), "")


# ---------------------------------------------------------------- reading files

def _wanted(options: Options) -> dict[str, tuple[str, ...]]:
    return {f: tuple(normalize(h) for h in options.columns.get(f) or COLUMNS[f]) for f in FIELDS}


# ---------------------------------------------------------------- the importer

def read_actuals(paths: Sequence[Path], names: Sequence[str], plan: PlanSet,
                 options: Options = Options()) -> tuple[Actuals | None, list[Issue]]:
    """Read and sum every file; the actuals only when no file has an error."""
    cat = _Catalog(plan)
    wanted = _wanted(options)
    year = plan.market.plan.year
    money_unit = plan.market.plan.money_unit
    issues: list[Issue] = []
    tally = _Tally()
    sources: list[SourceInfo] = []
    seen: dict[str, str] = {}
    for path, name in zip(paths, names):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as e:
            issues.append(Issue(name, 1, 1, "", "billing_unreadable",
                                {"reason": e.strerror or str(e)}))
            continue
        if digest in seen:
            issues.append(Issue(name, 1, 1, "", "billing_duplicate_file", {"other": seen[digest]}))
            continue
        seen[digest] = name
        for records, used, unit, sheet, found in tables(path, name, wanted, options.sheet):
            issues += found
            if not used and not records:
                continue
            if options.unit and unit and unit != options.unit:
                issues.append(Issue(name, 1, 1, used.get("amount", ""), "billing_unit_conflict",
                                    {"header": unit, "option": options.unit}))
                continue
            unit = options.unit or unit or money_unit
            factor = UNITS[unit] / UNITS[money_unit]
            rows, skipped, found = _add(records, cat, year, factor, options, tally)
            issues += found
            sources.append(SourceInfo(name, sheet, digest, used, unit, rows, skipped))
    issues = fold(issues)
    if any(i.severity == "error" for i in issues):
        return None, issues
    missing = [f"Q{q}" for q in range(1, options.through + 1) if q not in tally.quarters]
    if missing and names:  # a review to Q4 with half a year's billing would read as a collapse
        issues.append(Issue(names[0], 1, 1, "", "billing_quarter_missing",
                            {"quarters": ", ".join(missing), "through": f"Q{options.through}"},
                            severity="warning"))
    for cid, cname in cat.customer_names.items():
        if not any(k[0] == cid for k in tally.sums):
            src = plan.source("customer", cid)
            issues.append(Issue(src.name if src else cid, 1, 1, "id", "billing_customer_missing",
                                {"name": cname}, severity="warning"))
    amounts = {k: (v[0], v[1], v[2], v[3]) for k, v in tally.sums.items()}
    return Actuals(amounts, tuple(sources), tally.unmatched, tally.unmatched_rows), issues


@dataclass
class _Tally:
    """The running sums of every file read."""

    sums: dict[tuple[str, str], list[Decimal]] = field(default_factory=dict)
    quarters: set[int] = field(default_factory=set)  # quarters with at least one row
    unmatched: Decimal = ZERO
    unmatched_rows: int = 0


def _add(records: list[Record], cat: _Catalog, year: int, factor: Decimal, options: Options,
         tally: _Tally) -> tuple[int, int, list[Issue]]:
    """Add the rows of one table to the tally; (rows added, rows skipped, issues)."""
    issues: list[Issue] = []
    added = skipped = 0
    blanks: list[tuple[int, int]] = []  # (first row, rows) of each run of blank rows
    totals: list[Cell] = []
    unknown: dict[tuple[str, str], list[Cell]] = {}  # (kind, value) -> its cells
    late: list[int] = []
    last = 0  # the last row that is neither blank nor a total
    for rec in records:
        cells = {f: [c for c in rec.cells[f] if c.value is not None] for f in FIELDS}
        if rec.blank or not any(cells.values()):
            blanks.append((rec.line, rec.blank or 1))
            continue
        total = total_cell(rec, cells)
        if total:
            totals.append(total)
            continue
        last = rec.line
        row_issues: list[Issue] = []
        cid = _match(rec, cells, "customer", cat.customers, unknown, row_issues)
        line = _match(rec, cells, "line", cat.lines, unknown, row_issues)
        quarter = amount = None
        for f in ("period", "amount"):
            if not cells[f]:
                row_issues.append(cell_of(rec, f).issue("billing_empty", what=LABELS[f]))
        if cells["period"]:
            c = cells["period"][0]
            try:
                y, quarter = parse_period(c.value, year, period_kind(c.header))
                if y != year:
                    row_issues.append(c.issue("billing_period_year",
                                              got=shown(c.value), year=year))
                    quarter = None
            except _Bad as b:
                row_issues.append(c.issue(b.code, **b.params))
        if cells["amount"]:
            c = cells["amount"][0]
            try:
                amount = parse_amount(c.value) * factor
                if abs(amount) >= MAX_MONEY:
                    raise _Bad("billing_amount_large", got=shown(c.value))
            except _Bad as b:
                row_issues.append(c.issue(b.code, **b.params))
        issues += row_issues
        if row_issues or line is None or cid is None and not options.skip_unknown_customers:
            continue  # every problem of the row is reported; an unknown value once, below
        if cid is None:  # an unknown customer, skipped on request: counted, not dropped
            tally.unmatched += amount
            tally.unmatched_rows += 1
            skipped += 1
            continue
        assert quarter is not None and amount is not None
        if quarter > options.through:
            late.append(rec.line)
            skipped += 1
            continue
        tally.sums.setdefault((cid, line), [ZERO] * 4)[quarter - 1] += amount
        tally.quarters.add(quarter)
        added += 1
    blanks = [b for b in blanks if b[0] < last]  # blank rows at the end: the table's end
    skipped += sum(n for _, n in blanks) + len(totals)
    if blanks:  # blank rows between data rows: one line says where and how many
        issues.append(Issue(records[0].file, blanks[0][0], 1, "", "billing_blank_rows",
                            {"rows": _runs(blanks), "n": sum(n for _, n in blanks)},
                            severity="warning"))
    if totals:
        issues.append(totals[0].issue("billing_total_row", "warning", got=totals[0].value,
                                      n=len(totals)))
    for (kind, value), where in unknown.items():
        issues.append(_unknown_issue(kind, value, where, cat, options))
    if late and records:
        issues.append(Issue(records[0].file, late[0], 1, "", "billing_after_through",
                            {"n": len(late), "through": f"Q{options.through}"},
                            severity="warning"))
    return added, skipped, issues


def _runs(blanks: list[tuple[int, int]]) -> str:
    """'4, 9–12, 20 …': the runs of blank rows, the first ten of them."""
    shown = [f"{a}" if n == 1 else f"{a}–{a + n - 1}" for a, n in blanks[:10]]
    return ", ".join(shown) + (" …" if len(blanks) > 10 else "")


def fold(issues: list[Issue]) -> list[Issue]:
    """At most FOLD issues of one kind per file, the rest counted in one more line (a million
    bad rows must not make a million lines)."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for issue in issues:
        key = (issue.file, issue.code)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= FOLD:
            out.append(issue)
    for (file, code), n in seen.items():
        if n > FOLD:
            severity = next(i.severity for i in issues if (i.file, i.code) == (file, code))
            out.append(Issue(file, 1, 1, "", "billing_more", {"n": n - FOLD, "code": code},
                             severity=severity))
    return out


def _match(rec: Record, cells: dict[str, list[Cell]], kind: str,
           known: dict[str, tuple[str, ...]], unknown: dict[tuple[str, str], list[Cell]],
           issues: list[Issue]) -> str | None:
    """The id a row names in its `kind` columns: the one every column with a known id or name
    means (an export's own customer number simply does not match). Two columns naming two
    different ones is an error; so is a name two customers (or lines) share, unless another
    column of the row says which."""
    if not cells[kind]:
        c = rec.cells[kind][0] if rec.cells[kind] else Cell(None, rec.file, rec.line, 1, "",
                                                            kind)
        issues.append(c.issue("billing_empty", what=LABELS[kind]))
        return None
    found = [(c, known[_name_key(c.value)]) for c in cells[kind] if _name_key(c.value) in known]
    if not found:
        c = cells[kind][-1]  # the last is the name column when there are an id and a name
        unknown.setdefault((kind, str(c.value)), []).append(c)
        return None
    common = set(found[0][1]).intersection(*(ids for _, ids in found[1:]))
    if len(common) == 1:
        return common.pop()
    if common:  # only a shared name: it could be any of them
        c, ids = next((c, ids) for c, ids in found if len(ids) > 1)
        issues.append(c.issue("billing_name_shared", what=LABELS[kind], got=shown(c.value),
                              ids=", ".join(ids)))
        return None
    ids = list(dict.fromkeys(i for _, group in found for i in group))
    issues.append(found[0][0].issue("billing_ambiguous", what=LABELS[kind],
                                    got=" / ".join(str(c.value) for c, _ in found),
                                    ids=", ".join(ids)))
    return None


def _unknown_issue(kind: str, value: str, where: list[Cell], cat: _Catalog,
                   options: Options) -> Issue:
    """One issue per unknown value: at its first row, with how many rows and a suggestion."""
    names = cat.customer_names if kind == "customer" else cat.line_names
    guess = _Catalog.suggest(value, names)
    hint = (f"是否应为 {guess}? ", f"did you mean {guess}? ") if guess else ("", "")
    rows = ", ".join(str(c.line) for c in where[:10]) + (" …" if len(where) > 10 else "")
    code = "billing_unknown_line"
    if kind == "customer":
        code = ("billing_unknown_customer_skipped" if options.skip_unknown_customers
                else "billing_unknown_customer")
    severity = "warning" if code == "billing_unknown_customer_skipped" else "error"
    return where[0].issue(code, severity, got=value, n=len(where), rows=rows, hint=hint)
