"""Display formatting shared by every report: figures as text, and tables whose shown parts add
up to their shown totals (`round_table`/`allocate`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.money import allocate, round_cents, round_table
from planner.compute.targets import Figures
from planner.errors import Issue
from planner.messages import ui
from planner.model import label
from planner.validate import PlanSet


class Names:
    """Catalog names for ids, as documents show them."""

    def __init__(self, plan: PlanSet):
        cat = plan.market.catalog
        self.industries = {i.id: i.name for i in cat.industries}
        self.regions = {r.id: r.name for r in cat.regions}
        self.lines = {b.id: b.name for b in cat.business_lines}
        self.kinds = {b.id: b.kind for b in cat.business_lines}

    def industry(self, id: str) -> str:
        """The industry's name."""
        return self.industries.get(id, id)

    def region(self, id: str) -> str:
        """The region's name."""
        return self.regions.get(id, id)

    def line(self, id: str) -> str:
        """The business line's name."""
        return self.lines.get(id, id)


def field_label(model: Any, key: str, lang: str) -> str:
    """A model field's label in `lang`."""
    zh, en = label(model, key)
    return en if lang == "en" else zh


def text_list(items: Sequence[str]) -> list[str]:
    """User sentences as given, blank ones dropped."""
    return [s for s in items if s and s.strip()]


def doc_info(plan: PlanSet, L: dict[str, str], title: str) -> dict[str, Any]:
    """The title block every document starts with."""
    p = plan.market.plan
    day = p.date or max((t.due for t in p.schedule), default=None)
    return {"title": title, "unit": p.unit, "year": str(p.year), "base_year": str(plan.base_year),
            "money_unit": p.money_unit, "owner": p.owner or L["not_filled"],
            "reviewer": p.reviewer or L["not_filled"],
            "date": day.isoformat() if day else L["not_filled"]}


def flag_rows(flags: list[Issue], lang: str) -> list[dict[str, str]]:
    """Review flags as table rows: where, field, what is wrong, what to do."""
    return [{"where": f"{f.file.rsplit('/', 1)[-1]}:{f.line}", "field": f.field,
             "label": f.label_text(lang), "message": f.message(lang), "fix": f.fix(lang)}
            for f in flags]

# ---------------------------------------------------------------- display

def money(x: Decimal | None, unit: str = "") -> str:
    """1234.5 -> '1,234.50' (with ' 万元' when a unit is given); None -> '—'."""
    if x is None:
        return "—"
    return f"{round_cents(x):,.2f}" + (f" {unit}" if unit else "")


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
    for key, groups, title in (("industry", t.industries, "industries"),
                               ("line", t.lines, "business_lines")):
        tables.append(figures_table(
            ui(title, lang), lang, [ui(title, lang)],
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
