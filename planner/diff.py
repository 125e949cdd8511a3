"""`planner diff OLD NEW`: what changed between two versions of a plan set.

Per customer, industry, region, business line and the market: the change in base, stock,
increment, win-back and total (and, for regions and the market, in the guidance gap); customers,
opportunities and win-back items added or removed. Opportunities are matched by customer id and
name, win-back items by customer id, competitor and business line. Figures are exact (Decimal);
only the readable tables round, each side the way the plan's own tables do, so a shown change is
the difference of the two shown figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.money import ZERO, product, round_percent
from planner.compute.rollup import Group
from planner.compute.targets import Figures
from planner.messages import ui
from planner.model import MONEY_UNITS_EN, Opportunity, WinBack, label
from planner.report.common import Table, money, shown_name, signed_money
from planner.report.json import plan_info
from planner.validate import PlanSet

FIELDS = ("base", "stock", "increment", "winback", "total")
LEVELS = ("customers", "industries", "regions", "business_lines")


@dataclass(frozen=True)
class Side:
    """One customer's, industry's, region's or line's figures in one of the plan sets."""

    name: str
    figures: dict[str, Decimal]
    guidance: Decimal | None = None
    guided: bool = False  # a region or the market: the guidance gap is part of the comparison

    @property
    def gap(self) -> Decimal | None:
        """Total − guidance."""
        return None if self.guidance is None else self.figures["total"] - self.guidance

    def key(self) -> tuple:
        return (*(self.figures[f] for f in FIELDS), self.guidance)


@dataclass(frozen=True)
class Change:
    """An entity added, removed or changed: its two sides (None where it is absent)."""

    id: str
    status: str  # "added" | "removed" | "changed" | "same" (the market only)
    old: Side | None
    new: Side | None

    @property
    def name(self) -> str:
        return (self.new or self.old).name  # type: ignore[union-attr]

    def delta(self, f: str) -> Decimal:
        """new − old of a figure; an absent side counts 0."""
        return _figure(self.new, f) - _figure(self.old, f)


@dataclass(frozen=True)
class ItemChange:
    """An opportunity or win-back item added, removed or changed (amount, probability ...)."""

    customer: str
    key: tuple[str, ...]  # (name,) for an opportunity; (competitor, business_line) for win-back
    status: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    def weighted_delta(self) -> Decimal:
        return (self.new or {}).get("weighted", ZERO) - (self.old or {}).get("weighted", ZERO)


@dataclass
class PlanDiff:
    """Everything that changed between two plan sets."""

    old: dict[str, Any]  # {"dir", "plan"}
    new: dict[str, Any]
    unit: str
    market: Change
    levels: dict[str, list[Change]] = field(default_factory=dict)
    opportunities: list[ItemChange] = field(default_factory=list)
    winback: list[ItemChange] = field(default_factory=list)

    @property
    def same(self) -> bool:
        """Nothing changed."""
        return self.market.status == "same" and not any(self.levels.values()) \
            and not self.opportunities and not self.winback

    @property
    def count(self) -> int:
        """How many rows changed (every level and item)."""
        return (self.market.status != "same") + sum(map(len, self.levels.values())) \
            + len(self.opportunities) + len(self.winback)


def _figure(side: Side | None, f: str) -> Decimal:
    return side.figures[f] if side else ZERO


def _side(name: str, fig: Figures, group: Group | None = None, guided: bool = False) -> Side:
    values = {"base": fig.base, "stock": fig.stock, "increment": fig.increment,
              "winback": fig.winback, "total": fig.total}
    return Side(name, values, group.guidance if group else None, guided)


def _sides(plan: PlanSet, t: Targets, lang: str) -> dict[str, dict[str, Side]]:
    cat = plan.market.catalog
    names = {"industries": {i.id: shown_name(i, lang) for i in cat.industries},
             "regions": {r.id: shown_name(r, lang) for r in cat.regions},
             "business_lines": {b.id: shown_name(b, lang) for b in cat.business_lines}}
    groups = {"industries": t.industries, "regions": t.regions, "business_lines": t.lines}
    out = {"customers": {cid: _side(plan.customers[cid].name, ct.figures)
                         for cid, ct in t.customers.items()}}
    for level, by_id in groups.items():
        out[level] = {k: _side(names[level].get(k, k), g.figures, g, level == "regions")
                      for k, g in by_id.items()}
    return out


def _compare(old: dict[str, Side], new: dict[str, Side]) -> list[Change]:
    out = []
    for k in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(k), new.get(k)
        if a is None or b is None:
            out.append(Change(k, "added" if a is None else "removed", a, b))
        elif a.key() != b.key():
            out.append(Change(k, "changed", a, b))
    return out


def _items(plan: PlanSet, kind: str) -> dict[tuple, list[dict[str, Any]]]:
    """Opportunities or win-back items by (customer, match key), each as its compared values."""
    out: dict[tuple, list[dict[str, Any]]] = {}
    for cid, c in plan.customers.items():
        for item in (c.opportunities if kind == "opportunities" else c.winback):
            values: dict[str, Any] = {"business_line": item.business_line,
                                      "amount": item.amount, "probability": item.probability,
                                      "quarter": item.quarter,
                                      "weighted": product(item.amount, item.probability)}
            if isinstance(item, WinBack):
                values["competitor_revenue"] = item.competitor_revenue
                key: tuple = (item.competitor, item.business_line)
            else:
                key = (item.name,)
            out.setdefault((cid, *key), []).append(values)
    return out


def _compare_items(old: dict[tuple, list], new: dict[tuple, list]) -> list[ItemChange]:
    """Items of one key compared: an item found unchanged on both sides is no change wherever
    it stands (a reordering is not an edit); the others are paired in order."""
    out = []
    for k in [*old, *(k for k in new if k not in old)]:
        a, b = list(old.get(k, [])), list(new.get(k, []))
        for x in list(a):
            if x in b:
                a.remove(x)
                b.remove(x)
        for i in range(max(len(a), len(b))):
            x, y = (a[i] if i < len(a) else None), (b[i] if i < len(b) else None)
            status = "added" if x is None else "removed" if y is None else "changed"
            out.append(ItemChange(k[0], k[1:], status, x, y))
    return out


def diff_plans(old: tuple[str, PlanSet, Targets], new: tuple[str, PlanSet, Targets],
               lang: str = "zh") -> PlanDiff:
    """Compare two valid plan sets, each given as (folder shown, plan, targets); catalog entries
    named in `lang`."""
    (old_dir, old_plan, old_t), (new_dir, new_plan, new_t) = old, new
    market_old = _side(ui("market", lang), old_t.market.figures, old_t.market, True)
    market_new = _side(ui("market", lang), new_t.market.figures, new_t.market, True)
    status = "same" if market_old.key() == market_new.key() else "changed"
    a, b = _sides(old_plan, old_t, lang), _sides(new_plan, new_t, lang)
    unit = new_plan.market.plan.money_unit
    unit = MONEY_UNITS_EN.get(unit, unit) if lang == "en" else unit
    return PlanDiff(
        old={"dir": old_dir, "plan": plan_info(old_plan)},
        new={"dir": new_dir, "plan": plan_info(new_plan)},
        unit=unit,
        market=Change("market", status, market_old, market_new),
        levels={level: _compare(a[level], b[level]) for level in LEVELS},
        opportunities=_compare_items(_items(old_plan, "opportunities"),
                                     _items(new_plan, "opportunities")),
        winback=_compare_items(_items(old_plan, "winback"), _items(new_plan, "winback")),
    )


# ---------------------------------------------------------------- JSON (README "For programs")

def _n(x: Decimal | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if x == x.to_integral_value() else float(x)


def _figures_json(side: Side | None) -> dict[str, Any] | None:
    if side is None:
        return None
    out = {f: _n(side.figures[f]) for f in FIELDS}
    if side.guided:
        out["guidance"], out["gap"] = _n(side.guidance), _n(side.gap)
    return out


def _change_json(c: Change) -> dict[str, Any]:
    delta: dict[str, Any] = {f: _n(c.delta(f)) for f in FIELDS}
    if (c.new or c.old).guided:  # type: ignore[union-attr]
        for f in ("guidance", "gap"):
            a, b = (getattr(s, f) if s else None for s in (c.old, c.new))
            delta[f] = None if a is None or b is None else _n(b - a)
    return {"id": c.id, "name": c.name, "status": c.status, "old": _figures_json(c.old),
            "new": _figures_json(c.new), "delta": delta}


def _item_json(item: ItemChange, kind: str) -> dict[str, Any]:
    head = {"customer": item.customer}
    head.update({"name": item.key[0]} if kind == "opportunities"
                else {"competitor": item.key[0], "business_line": item.key[1]})

    def values(v: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if v is None else {k: (_n(x) if isinstance(x, Decimal) else x)
                                       for k, x in v.items()}

    return {**head, "status": item.status, "old": values(item.old), "new": values(item.new)}


def diff_json(d: PlanDiff) -> dict[str, Any]:
    """The diff in the documented shape (README, "For programs")."""
    market = _change_json(d.market)
    market.pop("id"), market.pop("name")
    return {"old": d.old, "new": d.new, "same": d.same, "market": market,
            **{level: [_change_json(c) for c in d.levels[level]] for level in LEVELS},
            "opportunities": [_item_json(i, "opportunities") for i in d.opportunities],
            "winback": [_item_json(i, "winback") for i in d.winback]}


# ---------------------------------------------------------------- readable tables

def shown(side: Side | None) -> dict[str, Decimal]:
    """A side's figures (whole cents, as every table shows them), and its gap to guidance."""
    if side is None:
        return dict.fromkeys((*FIELDS, "gap"), ZERO)
    f = side.figures
    out = {k: f[k] for k in ("base", "stock", "increment", "winback", "total")}
    out["gap"] = f["total"] - side.guidance if side.guidance is not None else ZERO
    return out


signed = signed_money  # +1,234.50 / -3.00 / 0.00: one way for every document


def _rate(x: Decimal | None) -> str:
    return "—" if x is None else f"{round_percent(x):.1f}%"


def _head(figure: str, which: str, lang: str) -> str:
    """'存量 变化', 'Total old'."""
    return f"{ui(figure, lang)} {ui(which, lang)}"


def diff_tables(d: PlanDiff, lang: str) -> list[Table]:
    """The changes as tables: the market, then each level, then opportunities and win-back."""
    tables = []
    for level, changes in [("market", [d.market] if d.market.status != "same" else []),
                           *((lv, d.levels[lv]) for lv in LEVELS)]:
        if not changes:
            continue
        guided = level in ("market", "regions")
        head = [ui("name", lang), ui("status", lang),
                *(_head(f, "delta", lang) for f in FIELDS[:-1]),
                *(_head("total", k, lang) for k in ("old", "new", "delta"))]
        if guided:
            head += [_head("gap", "new", lang), _head("gap", "delta", lang)]
        rows = []
        for c in changes:
            a, b = shown(c.old), shown(c.new)
            name = f"{c.name} ({c.id})" if c.name != c.id else c.id
            row = [ui(level, lang) if level == "market" else name,
                   ui(f"status_{c.status}", lang),
                   *(signed(b[f] - a[f]) for f in FIELDS[:-1]),
                   money(a["total"] if c.old else None), money(b["total"] if c.new else None),
                   signed(b["total"] - a["total"])]
            if guided:  # a gap needs guidance; its change needs guidance on both sides
                has = [s is not None and s.guidance is not None for s in (c.old, c.new)]
                row += [signed(b["gap"]) if has[1] else "—",
                        signed(b["gap"] - a["gap"]) if all(has) else "—"]
            rows.append(row)
        tables.append(Table(ui(level, lang), head, rows, None, 2))
    for kind, items in (("opportunities", d.opportunities), ("winback", d.winback)):
        if items:
            tables.append(_items_table(kind, items, lang))
    return tables


def _items_table(kind: str, items: list[ItemChange], lang: str) -> Table:
    model = Opportunity if kind == "opportunities" else WinBack
    lab = {k: label(model, k)[1 if lang == "en" else 0]
           for k in ("business_line", "amount", "probability")}
    key_head = [label(Opportunity, "name")[1 if lang == "en" else 0]] if kind == "opportunities" \
        else [label(WinBack, "competitor")[1 if lang == "en" else 0], lab["business_line"]]
    head = [ui("customer", lang), *key_head, ui("status", lang),
            *([lab["business_line"]] if kind == "opportunities" else []),
            lab["amount"], lab["probability"], _head("weighted", "delta", lang)]
    rows = []
    for i in items:
        a, b = i.old or {}, i.new or {}
        line = [b.get("business_line", a.get("business_line"))] if kind == "opportunities" else []
        rows.append([i.customer, *i.key, ui(f"status_{i.status}", lang), *line,
                     f"{money(a.get('amount'))} → {money(b.get('amount'))}",
                     f"{_rate(a.get('probability'))} → {_rate(b.get('probability'))}",
                     signed(b.get("weighted", ZERO) - a.get("weighted", ZERO))])
    title = ui("opportunities" if kind == "opportunities" else "winback_items", lang)
    return Table(title, head, rows, None, len(head) - 3)
