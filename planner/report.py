"""Results -> what people read: the targets JSON of the contract and display tables.

The only module that formats figures. Display tables round with `round_table`/`allocate`, so the
parts shown always add up to the totals shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.money import allocate, round_cents, round_table
from planner.compute.rollup import Group
from planner.compute.targets import Figures
from planner.messages import ui
from planner.validate import PlanSet


# ---------------------------------------------------------------- JSON (contracts.md)

def _n(x: Decimal) -> float | int:
    """A JSON number: exact for every figure we produce (≤ 15 significant digits)."""
    return int(x) if x == x.to_integral_value() and abs(x) < 2**53 else float(x)


def _opt(x: Decimal | None) -> float | int | None:
    return None if x is None else _n(x)


def _parts(f: Figures) -> dict[str, Any]:
    return {"base": _n(f.base), "stock": _n(f.stock), "increment": _n(f.increment),
            "winback": _n(f.winback), "total": _n(f.total)}


def _group(g: Group, guidance: bool = False, customers: bool = False) -> dict[str, Any]:
    out = {**_parts(g.figures), "quarters": [_n(q) for q in g.figures.quarters.total]}
    if customers:
        out["customers"] = list(g.customers)
    if guidance:
        out["guidance"], out["gap"] = _opt(g.guidance), _opt(g.gap)
    return out


def plan_info(plan: PlanSet) -> dict[str, Any]:
    """The `plan` object of the contract."""
    p = plan.market.plan
    return {"unit": p.unit, "year": p.year, "base_year": plan.base_year,
            "money_unit": p.money_unit}


def targets_json(plan: PlanSet, t: Targets) -> dict[str, Any]:
    """`planner targets --json`, exactly the shape of contracts.md."""
    customers = {}
    for cid, ct in t.customers.items():
        c, f, v = plan.customers[cid], ct.figures, ct.value
        customers[cid] = {
            "name": c.name, "industry": c.industry, "region": c.region,
            "base": _n(f.base), "stock": _n(f.stock), "increment": _n(f.increment),
            "pipeline": _n(f.pipeline), "winback": _n(f.winback), "total": _n(f.total),
            "growth": _opt(f.growth), "quarters": [_n(q) for q in f.quarters.total],
            "lines": {line: _parts(lf) for line, lf in ct.lines.items()},
            "value": {"current": _n(v.current), "potential": _n(v.potential),
                      "share_of_wallet": _opt(v.share_of_wallet), "quadrant": v.quadrant},
        }
    return {
        "plan": plan_info(plan),
        "customers": customers,
        "industries": {k: _group(g, customers=True) for k, g in t.industries.items()},
        "regions": {k: _group(g, guidance=True) for k, g in t.regions.items()},
        "business_lines": {k: _parts(g.figures) for k, g in t.lines.items()},
        "market": _group(t.market, guidance=True),
    }


# ---------------------------------------------------------------- display

def money(x: Decimal | None) -> str:
    """1234.5 -> '1,234.50'; None -> '—'."""
    return "—" if x is None else f"{round_cents(x):,.2f}"


def percent(x: Decimal | None, signed: bool = False) -> str:
    """0.253 -> '25.3%' ('+25.3%' when signed); None -> '—'."""
    if x is None:
        return "—"
    return f"{x * 100:+.1f}%" if signed else f"{x * 100:.1f}%"


@dataclass
class Table:
    """A display table: header, body rows and an optional total row, all as text."""

    title: str
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None
    numeric_from: int  # columns from this index on are figures (right-aligned)


def figures_table(title: str, lang: str, name_header: list[str], names: Sequence[list[str]],
                  figures: Sequence[Figures], total_name: list[str],
                  guidance: Sequence[Decimal | None] | None = None,
                  grand_guidance: Decimal | None = None) -> Table:
    """Base | stock | increment | win-back | total | growth [| guidance | gap] per row, and the
    total row; displayed parts add up across and down."""
    cells, totals, col_totals, grand = round_table(
        [[f.stock, f.increment, f.winback] for f in figures])
    bases, base_total = allocate([f.base for f in figures])
    header = name_header + [ui(k, lang) for k in
                            ("base", "stock", "increment", "winback", "total", "growth")]
    rows = []
    exact_total = sum((f.total for f in figures), Decimal(0))
    exact_base = sum((f.base for f in figures), Decimal(0))
    for i, f in enumerate(figures):
        rows.append(names[i] + [money(bases[i]), *map(money, cells[i]), money(totals[i]),
                                percent(f.growth, signed=True)])
    growth = exact_total / exact_base - 1 if exact_base else None
    total_row = total_name + [money(base_total), *map(money, col_totals), money(grand),
                              percent(growth, signed=True)]
    if guidance is not None:
        header += [ui("guidance", lang), ui("gap", lang)]
        for row, g, shown in zip(rows, guidance, totals):
            row += _guidance_cells(g, shown)
        total_row += _guidance_cells(grand_guidance, grand)
    return Table(title, header, rows, total_row, len(name_header))


def _guidance_cells(guidance: Decimal | None, shown_total: Decimal) -> list[str]:
    # the gap shown is the shown total minus the shown guidance, so the row adds up on paper
    if guidance is None:
        return ["—", "—"]
    g = round_cents(guidance)
    return [money(g), f"{shown_total - g:+,.2f}"]


def quarters_table(title: str, lang: str, name_header: list[str], names: Sequence[list[str]],
                   quarters: Sequence[Sequence[Decimal]], total_name: list[str]) -> Table:
    """Q1..Q4 | year per row and a total row, adding up both ways."""
    cells, years, q_totals, grand = round_table([list(q) for q in quarters])
    header = name_header + [ui(q, lang) for q in ("Q1", "Q2", "Q3", "Q4")] + [ui("year", lang)]
    rows = [names[i] + [*map(money, cells[i]), money(years[i])] for i in range(len(names))]
    return Table(title, header, rows, total_name + [*map(money, q_totals), money(grand)],
                 len(name_header))


def target_tables(plan: PlanSet, t: Targets, lang: str = "zh") -> list[Table]:
    """The tables of `planner targets`: customers, industries, regions, lines, quarters."""
    cat = plan.market.catalog
    names = {"industry": {i.id: i.name for i in cat.industries},
             "region": {r.id: r.name for r in cat.regions},
             "line": {b.id: b.name for b in cat.business_lines}}
    market_name = [ui("market_total", lang)]
    cust = list(t.customers.values())
    tables = [figures_table(
        ui("customers", lang), lang,
        [ui("customer", lang), ui("industry", lang), ui("region", lang)],
        [[plan.customers[c.id].name, names["industry"][plan.customers[c.id].industry],
          names["region"][plan.customers[c.id].region]] for c in cust],
        [c.figures for c in cust], [ui("key_customers_total", lang), "", ""])]
    for key, groups, label in (("industry", t.industries, "industries"),
                               ("line", t.lines, "business_lines")):
        tables.append(figures_table(
            ui(label, lang), lang, [ui(label, lang)],
            [[names[key].get(k, k)] for k in groups], [g.figures for g in groups.values()],
            market_name))
    tables.append(figures_table(
        ui("regions", lang), lang, [ui("region", lang)],
        [[names["region"].get(k, k)] for k in t.regions],
        [g.figures for g in t.regions.values()], market_name,
        guidance=[g.guidance for g in t.regions.values()], grand_guidance=t.market.guidance))
    tables.append(quarters_table(
        ui("quarterly", lang), lang, [ui("region", lang)],
        [[names["region"].get(k, k)] for k in t.regions],
        [g.figures.quarters.total for g in t.regions.values()], market_name))
    return tables
