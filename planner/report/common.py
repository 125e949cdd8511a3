"""Display formatting shared by every report: figures as text. Money is a ledger in whole cents
(`compute/money.py`), so a figure is shown exactly as computed and every shown total is the sum of
its shown parts without any allocation."""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from planner.compute import Targets
from planner.compute.codec import parts
from planner.compute.money import ZERO, cents, round_percent
from planner.compute.rollup import add_figures
from planner.compute.targets import Figures, weighted_value
from planner.errors import Issue
from planner.messages import label_text, ui
from planner.model import (
    MONEY_UNITS_EN,
    STRATEGY_DIMENSIONS,
    Customer,
    Industry,
    Market,
    Strategies,
    describe,
    label,
)
from planner.validate import PlanSet


class Names:
    """Catalog names for ids, as documents show them: in English documents the entry's `name_en`
    (a carrier's from `carriers_en`), the Chinese name where there is none."""

    def __init__(self, plan: PlanSet, labels: dict[str, str] | None = None,
                 lang: str | None = None):
        cat = plan.market.catalog
        lang = lang or (labels or {}).get("lang", "zh")
        en = lang == "en"
        self.industries = {i.id: shown_name(i, lang) for i in cat.industries}
        self.regions = {r.id: shown_name(r, lang) for r in cat.regions}
        self.lines = {b.id: shown_name(b, lang) for b in cat.business_lines}
        self.kinds = {b.id: b.kind for b in cat.business_lines}
        self.carriers = dict(cat.carriers_en) if en else {}
        self.labels = labels or {}
        self.sep = ", " if en else "、"  # a list of names

    def kind_label(self, line: str) -> str:
        """传统业务 / 转型业务 / 新业务 of a business line."""
        kind = self.kinds.get(line, "traditional")
        return self.labels.get(f"kind_{kind}", kind)

    def industry(self, id: str) -> str:
        """The industry's name."""
        return self.industries.get(id, id)

    def region(self, id: str) -> str:
        """The region's name."""
        return self.regions.get(id, id)

    def line(self, id: str) -> str:
        """The business line's name."""
        return self.lines.get(id, id)

    def carrier(self, name: str) -> str:
        """The carrier's name (the catalog names carriers by their Chinese name)."""
        return self.carriers.get(name, name)

    def join(self, names: Sequence[str]) -> str:
        """Names as one list: 甲、乙 / A, B."""
        return self.sep.join(names)


def shown_name(entry: Any, lang: str) -> str:
    """A catalog entry's name in `lang`: `name_en` in English where given, else `name`."""
    return entry.name_en if lang == "en" and entry.name_en else entry.name


def unit_label(plan: PlanSet, L: dict[str, str]) -> str:
    """The plan's money unit as documents in the labels' language show it (万元 / 10k yuan)."""
    unit = plan.market.plan.money_unit
    return MONEY_UNITS_EN.get(unit, unit) if L.get("lang") == "en" else unit


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
            "money_unit": unit_label(plan, L), "owner": p.owner or L["not_filled"],
            "reviewer": p.reviewer or L["not_filled"],
            "approver": p.approver or L["not_filled"], "version": p.version or "V1.0",
            "cover_title": title, "cover_subtitle": L["cover_subtitle"].format(
                year=p.year, base_year=plan.base_year),
            "date": day.isoformat() if day else L["not_filled"]}


def subject_name(plan: PlanSet, issue: Issue, lang: str = "zh") -> str:
    """The name of what a flag is about: the customer, industry or region (or the market)."""
    s = issue.subject
    if s is None or s.id is None:
        return ""
    if s.level == "customer" and s.id in plan.briefs:
        return plan.briefs[s.id].name
    names = Names(plan, lang=lang)
    return {"industry": names.industries, "region": names.regions}.get(s.level, {}).get(s.id,
                                                                                        s.id)


def section_title(L: dict[str, str], key: str) -> str:
    """A document section's label as a sheet title, unique within a workbook: the Chinese
    sub-section number （三） is only unique within its chapter, so it gets the chapter's
    number: s2_stock -> 二（三）存量保有分析 (English labels, 2.3 ..., already say both)."""
    text = L[key]
    chapter = key.split("_")[0]
    if text.startswith("（") and chapter in L:
        return L[chapter].split("、")[0] + text
    return text


@dataclass(frozen=True)
class FlagCounts:
    """How many review flags the plan set has, of each kind (code) and about each customer
    (by id): what the market plan shows of them. Counted where the flags are (a build's own
    process), so that the worker rendering the market plan need not read 45,000 flags of
    20,000 customers (which would copy their memory into it)."""

    by_code: dict[str, int]
    by_customer: dict[str, int]

    @classmethod
    def of(cls, flags: Sequence[Issue]) -> FlagCounts:
        """The counts of these flags (every flag of the plan set)."""
        by_code: dict[str, int] = {}
        by_customer: dict[str, int] = {}
        for f in flags:
            by_code[f.code] = by_code.get(f.code, 0) + 1
            if f.subject and f.subject.level == "customer" and f.subject.id:
                by_customer[f.subject.id] = by_customer.get(f.subject.id, 0) + 1
        return cls(by_code, by_customer)


def flag_rows(flags: list[Issue], lang: str, plan: PlanSet | None = None,
              ) -> list[dict[str, str]]:
    """Review flags as table rows: what it is about, which field (by its label, the items on its
    path by their names), what is wrong and what to do in plain words (no YAML key, id or file
    name: those are the `where` and `field` of the review workbook and `check`)."""
    label = people_labels(plan, lang) if plan else None
    return [{"where": f"{f.file.rsplit('/', 1)[-1]}:{f.line}", "field": f.field,
             "subject": subject_name(plan, f, lang) if plan else "",
             "label": label(f) if label else f.label_text(lang),
             "message": f.message(lang, people=True), "fix": f.fix(lang, people=True)}
            for f in flags]


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def people_labels(plan: PlanSet, lang: str) -> Callable[[Issue], str]:
    """A flag's field label in `lang` with the items on its path named by what people call them:
    `第 8 条运营商收入「中国移动/物联网」`, not `…「中国移动/iot」` (`describe` names items by
    the ids the file holds); a customer's flag carries its own (`people_pair`)."""
    # the market's and industries' files; the customers' only when a flag of one has no label
    # of its own (the market plan's flags have none: going over 20,000 sources in a worker
    # forked from the build's process copied 38 MB of its pages)
    above = [("market", None), *(("industry", iid) for iid in plan.industries)]
    by_file = {s.name: key for key in above if (s := plan.sources.get(key)) is not None}
    every = False  # whether the customers' files are in `by_file` yet
    name = _people_label(plan, lang)

    def people_label(issue: Issue) -> str:
        nonlocal every
        if issue.people is not None:
            return issue.people[lang == "en"]
        if issue.file not in by_file and not every:
            by_file.update((s.name, key) for key, s in plan.sources.items())
            every = True
        kind, id = by_file.get(issue.file, (None, None))
        model, data = {"market": (Market, plan.market),
                       "industry": (Industry, plan.industries.get(id or "")),
                       "customer": (Customer, plan.customers.get(id or ""))}.get(
            kind or "", (None, None))
        return name(issue, model, data)

    return people_label


def people_pair(plan: PlanSet, issue: Issue, c: Customer) -> tuple[str, str]:
    """A customer flag's label worded for people in Chinese and English (see `people_labels`),
    from the customer's model."""
    return (_people_label(plan, "zh")(issue, Customer, c),
            _people_label(plan, "en")(issue, Customer, c))


def _people_label(plan: PlanSet, lang: str) -> Callable[[Issue, Any, Any], str]:
    names = Names(plan, lang=lang)
    shown_by = {"business_line": names.line, "region": names.region,
                "industry": names.industry, "carrier": names.carrier,
                "competitor": names.carrier,
                "dimension": lambda d: label(Strategies, d)[lang == "en"]}

    def shown(key: str, value: str) -> str:
        return shown_by[key](value) if key in shown_by else value

    def named(issue: Issue, model: Any, data: Any) -> str:
        if model is None or data is None or not issue.field:
            return issue.label_text(lang)
        loc = tuple(int(i) if i else k for k, i in _PART.findall(issue.field))
        found = describe(model, loc, data, shown)
        return label_text(found, lang) if found else issue.label_text(lang)

    return named


def measure_rows(measures: Sequence[Any], names: Names, L: dict[str, str],
                 ) -> list[dict[str, str]]:
    """Measures in the order of the nine dimensions, with the industry / line they apply to."""
    order = {d: i for i, d in enumerate(STRATEGY_DIMENSIONS)}
    rows = []
    for m in sorted(measures, key=lambda m: order[m.dimension]):
        scope = [names.industry(m.industry) if getattr(m, "industry", None) else "",
                 names.line(m.business_line) if m.business_line else ""]
        rows.append({"dimension": L.get(f"dim_{m.dimension}", m.dimension),
                     "scope": names.join([x for x in scope if x]) or L["all"], "text": m.text})
    return rows


def phased_rows(phased: Any, L: dict[str, str]) -> dict[str, Any]:
    """Stock / increment / win-back × Q1..Q4 and year, adding up both ways."""
    rows, total = quarter_grid([phased.stock, phased.increment, phased.winback])
    for row, key in zip(rows, ("stock", "increment", "winback")):
        row["name"] = L[key]
    return {"rows": rows, "total": total}

def carrier_table(spend: dict[str, dict[str, Decimal]], carriers: list[str], operator: str,
                  key: str, names: Names) -> dict[str, Any]:
    """Spend per row (a business line or a customer, named under `key`) × carrier, each row's
    total and our share of it, and the total row."""
    rows = []
    for name, row in spend.items():
        everything = sum(row.values(), ZERO)
        rows.append({key: name, "amounts": [money(row.get(k, ZERO)) for k in carriers],
                     "total": money(everything),
                     "share": percent(row.get(operator, ZERO) / everything if everything
                                      else None)})
    columns = [sum((row.get(k, ZERO) for row in spend.values()), ZERO) for k in carriers]
    everything = sum(columns, ZERO)
    ours = sum((row.get(operator, ZERO) for row in spend.values()), ZERO)
    return {"carriers": [names.carrier(k) for k in carriers], "rows": rows,
            "total": {"amounts": [money(x) for x in columns], "total": money(everything),
                      "share": percent(ours / everything if everything else None)}}

def items_of(plan: PlanSet, cid: str, *kinds: str) -> Iterator[tuple[str, Any, Decimal]]:
    """(kind, item, weighted) for each opportunity (kind 'opportunities') or win-back item
    ('winback') of one customer, of each of `kinds`: its sketch's item and its weighted value
    (the sketch's fields read once for all the kinds; its targets are not read)."""
    for kind, its in zip(kinds, parts(plan.sketches, cid, *kinds), strict=True):
        for item in its:
            yield kind, item, weighted_value(item)


def ranked_items(plan: PlanSet, cids: list[str], kind: str,
                 most: int | None = None) -> list[tuple[Any, Any, Any]]:
    """(customer, item, weighted) for every opportunity (kind 'opportunities') or win-back item
    ('winback') of the customers, largest weighted value first (the first `most`: only those
    are held)."""

    def found() -> Iterator[tuple[Any, Any, Any]]:
        for c in cids:
            who = Who(c, plan.briefs[c].name)  # not the sketch: 20,000 are not held
            for _, item, w in items_of(plan, c, kind):
                yield who, item, w

    def order(x: tuple[Any, Any, Any]) -> tuple[Any, str]:
        return -x[2], x[0].id

    if most is not None:
        return heapq.nsmallest(most, found(), key=order)
    return sorted(found(), key=order)


class Who(NamedTuple):
    """A customer as a list of items names it."""

    id: str
    name: str


# ---------------------------------------------------------------- display

def money(x: Decimal | None, unit: str = "") -> str:
    """1234.5 -> '1,234.50' (with ' 万元' when a unit is given); None -> '—'; never '-0.00'."""
    if x is None:
        return "—"
    return f"{cents(x):,.2f}" + (f" {unit}" if unit else "")


def signed_money(x: Decimal) -> str:
    """A change or a gap: '+12.50', '-3.00'; no change is '0.00' (never '-0.00')."""
    x = cents(x)
    return f"{x:+,.2f}" if x else "0.00"


def percent(x: Decimal | None, signed: bool = False) -> str:
    """0.253 -> '25.3%' ('+25.3%' when signed); None -> '—'."""
    if x is None:
        return "—"
    shown = round_percent(x)
    return f"{shown:+.1f}%" if signed else f"{shown:.1f}%"


@dataclass
class Table:
    """A display table: header, body rows and an optional total row, all as text."""

    title: str
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None
    numeric_from: int  # columns from this index on are figures (right-aligned)


def figure_rows(figures: Sequence[Figures], guidance: Sequence[Decimal | None] | None = None,
                grand_guidance: Decimal | None = None,
                ) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Base, stock, increment, win-back, total, growth (and guidance, gap) of each row and of the
    total row, as text: the figures are whole cents, so they add up across and down as shown."""
    rows = []
    for i, f in enumerate(figures):
        rows.append({"base": money(f.base), "stock": money(f.stock),
                     "increment": money(f.increment), "winback": money(f.winback),
                     "total": money(f.total), "growth": percent(f.growth, signed=True)})
        if guidance is not None:
            rows[-1].update(_guidance_cells(guidance[i], f.total))
    summed = add_figures(list(figures))
    total = {"base": money(summed.base), "stock": money(summed.stock),
             "increment": money(summed.increment), "winback": money(summed.winback),
             "total": money(summed.total), "growth": percent(summed.growth, signed=True)}
    if guidance is not None:
        total.update(_guidance_cells(grand_guidance, summed.total))
    return rows, total


MOST_BARS = 15  # a chart of customers shows at most this many: those with the largest targets
FIGURE_KEYS = ("base", "stock", "increment", "winback", "total", "growth")


def figures_table(title: str, lang: str, name_header: list[str], names: Sequence[list[str]],
                  figures: Sequence[Figures], total_name: list[str],
                  guidance: Sequence[Decimal | None] | None = None,
                  grand_guidance: Decimal | None = None) -> Table:
    """A display table of `figure_rows` under names (the command line's tables)."""
    rows, total = figure_rows(figures, guidance, grand_guidance)
    keys = FIGURE_KEYS + (("guidance", "gap") if guidance is not None else ())
    header = name_header + [ui(k, lang) for k in keys]
    body = [names[i] + [r[k] for k in keys] for i, r in enumerate(rows)]
    return Table(title, header, body, total_name + [total[k] for k in keys], len(name_header))


def _guidance_cells(guidance: Decimal | None, total: Decimal) -> dict[str, str]:
    if guidance is None:
        return {"guidance": "—", "gap": "—"}
    return {"guidance": money(guidance), "gap": signed_money(total - guidance)}


def quarter_grid(quarters: Sequence[Sequence[Decimal]],
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows of Q1..Q4 and year as text, and the total row; adding up both ways."""
    rows = [{"q": [money(x) for x in q], "year": money(sum(q, ZERO))} for q in quarters]
    columns = [sum(col, ZERO) for col in zip(*quarters)] if quarters else [ZERO] * 4
    return rows, {"q": [money(x) for x in columns], "year": money(sum(columns, ZERO))}


def quarters_table(title: str, lang: str, name_header: list[str], names: Sequence[list[str]],
                   quarters: Sequence[Sequence[Decimal]], total_name: list[str]) -> Table:
    """Q1..Q4 | year per row and a total row (the command line's tables)."""
    rows, total = quarter_grid(quarters)
    header = name_header + [ui(q, lang) for q in ("Q1", "Q2", "Q3", "Q4")] + [ui("year", lang)]
    body = [names[i] + r["q"] + [r["year"]] for i, r in enumerate(rows)]
    return Table(title, header, body, total_name + total["q"] + [total["year"]],
                 len(name_header))


def target_tables(plan: PlanSet, t: Targets, lang: str = "zh") -> list[Table]:
    """The tables of `planner targets`: customers, industries, regions, lines, quarters."""
    n = Names(plan, lang=lang)
    names = {"industry": n.industries, "region": n.regions, "line": n.lines}
    market_name = [ui("market_total", lang)]
    cust = list(t.customers.values())
    tables = [figures_table(
        ui("customers", lang), lang,
        [ui("customer", lang), ui("industry", lang), ui("region", lang)],
        [[plan.briefs[c.id].name, names["industry"][plan.briefs[c.id].industry],
          names["region"][plan.briefs[c.id].region]] for c in cust],
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
