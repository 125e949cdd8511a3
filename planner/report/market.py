"""The context of the market plan (年度政企客户市场营销计划): built bottom-up from the customer
plans and bulk rows, and held against the top-down budget guidance."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.money import ZERO
from planner.compute.rollup import Group, total
from planner.errors import Issue
from planner.report.calendar import calendar, promotions_of
from planner.report.common import (
    FlagCounts,
    Names,
    doc_info,
    figure_rows,
    flag_rows,
    measure_rows,
    money,
    parts,
    percent,
    phased_rows,
    text_list,
    unit_label,
)
from planner.report.summary import approval, key_customers, summary
from planner.report.value import MOST_RANKED, value_chapter
from planner.validate import PlanSet

KINDS = ("traditional", "transformation", "new")
DRIVERS = 5  # how many rises and falls the drivers tables show


def market_context(plan: PlanSet, targets: Targets, flags: list[Issue], counts: FlagCounts,
                   labels: dict[str, str], lang: str) -> dict[str, Any]:
    """Everything the market templates show, as text: `flags` are the market's and regions'
    review flags, `counts` how many the plan set has (`FlagCounts.of` every flag)."""
    L = labels
    m = plan.market
    names = Names(plan, L, lang=lang)
    unit = unit_label(plan, L)
    market = targets.market
    env = m.environment
    trends = _industry_trends(plan, targets, names)
    return {
        "L": L,
        "doc": {**doc_info(plan, L, L["mkt_title"].format(unit=m.plan.unit, year=m.plan.year)),
                "cover_title": L["mkt_cover_title"].format(year=m.plan.year)},
        "brief": summary(plan, targets, market.figures, list(targets.customers), names, L),
        "key_customers": key_customers(plan, targets, counts.by_customer, names, L),
        "calendar": calendar(plan, list(targets.customers), names, L,
                             promotions_of(plan, None), schedule=True, most=4),
        "approval": approval(m.plan.owner, m.plan.reviewer, m.plan.approver,
                             doc_info(plan, L, "")["date"]),
        "schedule": [{"task": t.task, "owner": t.owner or "", "due": t.due.isoformat()}
                     for t in m.plan.schedule],
        "env": {"policy": text_list(env.policy), "economy": text_list(env.economy),
                "society": text_list(env.society), "technology": text_list(env.technology),
                "trends": text_list(env.competition.trends),
                "regulation": text_list(env.competition.regulation_impact),
                "advantages": text_list(env.competition.advantages),
                "disadvantages": text_list(env.competition.disadvantages)},
        "industry_trends": trends,
        "trend_table": _trend_table(targets, trends, L),
        "current": _current_revenue(plan, targets, names),
        "by_region": _groups(targets.regions, names.region, guidance=True,
                             grand=market.guidance),
        "by_industry": _groups(targets.industries, names.industry),
        "by_line": _by_line(targets, names),
        "matrix": _matrix(plan, targets, names, L),
        "guidance": {
            "total": money(market.figures.total, unit),
            "guidance": money(market.guidance, unit) if market.guidance is not None
            else L["not_filled"],
            "gap": (f"{market.gap:+,.2f} {unit}" if market.gap is not None else "—"),
            "coverage": percent(market.figures.total / market.guidance
                                if market.guidance else None),
            "verdict": _verdict(market.gap, L)},
        "drivers": _drivers(plan, targets, names),
        "quarters": phased_rows(market.figures.quarters, L),
        "measures": measure_rows([*m.measures, *(x for iid, ind in plan.industries.items()
                                                   for x in _scoped(ind.measures, iid))],
                                 names, L),
        "promotions": [{"theme": p.theme, "purpose": p.purpose,
                        "period": f"{p.start.isoformat()} ~ {p.end.isoformat()}",
                        "scope": names.join([*map(names.industry, p.industries),
                                           *map(names.line, p.business_lines)]) or L["all"],
                        "method": p.method or "",
                        "budget": money(p.budget) if p.budget is not None else "—"}
                       for p in sorted(m.promotions, key=lambda p: p.start)],
        "value": value_chapter(plan, targets, list(targets.customers), L, MOST_RANKED),
        "flag_counts": _flag_counts(counts, L),
        "flags": flag_rows(flags, lang, plan),
    }


def _scoped(measures: list, iid: str) -> list:
    """An industry file's measures, marked with its industry."""
    return [m.model_copy(update={"industry": iid}) for m in measures]


def _verdict(gap: Decimal | None, L: dict[str, str]) -> str:
    if gap is None:
        return L["guidance_none"]
    return L["guidance_short"] if gap < 0 else L["guidance_met"]


def _groups(groups: dict, name: Any, guidance: bool = False,
            grand: Decimal | None = None) -> dict[str, Any]:
    figs = [g.figures for g in groups.values()]
    rows, tot = figure_rows(figs, [g.guidance for g in groups.values()] if guidance else None,
                            grand)
    for row, key in zip(rows, groups):
        row["name"] = name(key)
    return {"rows": rows, "total": tot}


def _by_line(targets: Targets, names: Names) -> dict[str, Any]:
    """Targets per business line, grouped by kind (traditional / transformation / new)."""
    order = sorted(targets.lines, key=lambda k: KINDS.index(names.kinds.get(k, "traditional")))
    rows, tot = figure_rows([targets.lines[k].figures for k in order])
    for row, key in zip(rows, order):
        row["name"] = names.line(key)
        row["kind"] = names.kind_label(key)
    return {"rows": rows, "total": tot}


def _current_revenue(plan: PlanSet, targets: Targets, names: Names) -> dict[str, Any]:
    """Base-year revenue by industry × kind of business (traditional / transformation / new)."""
    industries = list(targets.industries)
    base: dict[tuple[str, str], Decimal] = {}
    for (industry, line), amount in targets.base_by_industry_line().items():
        key = (industry, names.kinds.get(line, "traditional"))
        base[key] = base.get(key, ZERO) + amount
    cells = [[base.get((i, k), ZERO) for k in KINDS] for i in industries]
    everything = sum((sum(c, ZERO) for c in cells), ZERO)
    rows = [{"name": names.industry(i), "kinds": [money(x) for x in cells[n]],
             "total": money(sum(cells[n], ZERO)),
             "share": percent(sum(cells[n], ZERO) / everything if everything else None)}
            for n, i in enumerate(industries)]
    columns = [sum((c[k] for c in cells), ZERO) for k in range(3)]
    kind_share = [percent(x / everything if everything else None) for x in columns]
    return {"kinds": [names.labels.get(f"kind_{k}", k) for k in KINDS], "rows": rows,
            "total": {"kinds": [money(x) for x in columns], "total": money(everything),
                      "share": percent(Decimal(1) if everything else None)},
            "kind_share": kind_share}


MATRIX_WIDTH_CM = 17.0  # the region × industry table's width
DIGIT_CM = 0.2  # a digit or separator at the table's 9 pt, bold in the total row
CELL_MARGIN_CM = 0.3
HEAD_CHAR_CM = 0.19  # a letter of the 8 pt bold header ("Manufacturing" is 2.3 cm)
HEAD_CJK_CM = 0.3  # a Chinese character of the header


def _head_word_cm(head: str) -> float:
    """The width of the header's longest word (a header may wrap between words, never in one)."""
    return max((sum(HEAD_CJK_CM if ord(ch) > 0x2E7F else HEAD_CHAR_CM for ch in word)
                for word in head.split()), default=0.0)


def _matrix(plan: PlanSet, targets: Targets, names: Names, L: dict[str, str]) -> dict[str, Any]:
    """Total targets by region (rows) × industry (columns), with row and column totals, in cents.
    When the columns would be too narrow for their figures or their names' words (many
    industries, large figures, long English names), the industries are split over as many tables
    as needed (续表), the row totals in the last, so that no figure and no word of a name breaks
    over two lines and no figure is rounded again."""
    regions, industries = list(targets.regions), list(targets.industries)
    cells = targets.region_by_industry()
    table = [[cells.get((g, i), ZERO) for i in industries] for g in regions]
    row_totals = [sum(r, ZERO) for r in table]
    columns = [sum(col, ZERO) for col in zip(*table)] if table else [ZERO] * len(industries)
    heads = [names.industry(i) for i in industries] + [L["total"]]
    body = [[money(x) for x in r] + [money(t)] for r, t in zip(table, row_totals)]
    foot = [money(x) for x in columns] + [money(sum(row_totals, ZERO))]
    widest = max(max(len(x) for x in [*foot, *(x for r in body for x in r)]) * DIGIT_CM,
                 *map(_head_word_cm, heads))
    fits = max(1, int(MATRIX_WIDTH_CM // (widest + CELL_MARGIN_CM)) - 1)
    per_table = -(-len(heads) // -(-len(heads) // fits))  # as even as the tables can be
    unit = unit_label(plan, L)
    parts = []
    for n, at in enumerate(range(0, len(heads), per_table)):
        cut = slice(at, at + per_table)
        parts.append({"unit": unit if n == 0 else L["matrix_continued"].format(unit=unit),
                      "columns": heads[cut],
                      "rows": [{"name": names.region(g), "cells": r[cut]}
                               for g, r in zip(regions, body)],
                      "total": foot[cut]})
    return {"parts": parts}


def _drivers(plan: PlanSet, targets: Targets, names: Names) -> dict[str, Any]:
    """What drives growth or decline: the largest rises and falls (total − base) by business
    line and by customer."""
    def ranked(items: Iterable[tuple[str, Any]]) -> dict[str, list[dict[str, str]]]:
        rises, falls = largest_changes(items, DRIVERS)
        row = lambda c: {"name": c[0], "base": money(c[2].base),  # noqa: E731
                         "total": money(c[2].total), "change": f"{c[1]:+,.2f}",
                         "growth": percent(c[2].growth, signed=True)}
        return {"rises": [row(c) for c in rises], "falls": [row(c) for c in falls]}

    lines = ranked((names.line(k), g.figures) for k, g in targets.lines.items())
    customers = ranked((plan.briefs[k].name, *parts(targets.customers, k, "figures"))
                       for k in targets.customers)
    return {"lines": lines, "customers": customers}


Change = tuple[str, Decimal, Any]  # a name, its change (total − base) and its figures


def largest_changes(items: Iterable[tuple[str, Any]], n: int) -> tuple[list[Change],
                                                                       list[Change]]:
    """The `n` largest rises and the `n` largest falls (total − base) of (name, figures) items,
    largest first, the first of equal ones first; in one pass, holding the largest so far alone
    (20,000 customers' figures at once were 42 MB)."""
    heaps: dict[bool, list[tuple[Decimal, int, Change]]] = {True: [], False: []}
    for order, (name, f) in enumerate(items):
        change = f.total - f.base
        if change:
            heap = heaps[change > 0]
            # (no two entries are equal before their third part: each has its own order)
            entry = (abs(change), -order, (name, change, f))
            (heapq.heappush if len(heap) < n else heapq.heappushpop)(heap, entry)
    rises, falls = ([e[2] for e in sorted(heaps[up], reverse=True)] for up in (True, False))
    return rises, falls


def _industry_trends(plan: PlanSet, targets: Targets, names: Names) -> list[dict[str, Any]]:
    """Per industry: its trends and the opportunities its customers bring."""
    out = []
    for iid, group in targets.industries.items():
        ind = plan.industries.get(iid)
        opps, wins = _item_totals(plan, targets, iid, group)
        out.append({
            "name": names.industry(iid),
            "directions": text_list(ind.trends.directions) if ind else [],
            "policies": text_list(ind.current_year.ict_policies) if ind else [],
            "opps_count": str(opps[0]), "pipeline": money(opps[1]), "weighted": money(opps[2]),
            "wins_count": str(wins[0]), "winback": money(wins[1])})
    return out


def _item_totals(plan: PlanSet, targets: Targets, iid: str, group: Group,
                 ) -> tuple[tuple[int, Decimal, Decimal], tuple[int, Decimal]]:
    """The opportunities of an industry's key customers (how many, their amount, their weighted
    value) and its win-back items (how many, their weighted value): the totals of `item_rows`,
    without reading a customer: counted in the customers' briefs, summed in the industry's
    targets (pipeline, increment, win-back) less its bulk rows'."""
    briefs = [plan.briefs[c] for c in group.customers]
    f, bulk = group.figures, total(targets.bulk_rows(iid))
    return ((sum(b.opportunities for b in briefs), f.pipeline - bulk.pipeline,
             f.increment - bulk.increment),
            (sum(b.winbacks for b in briefs), f.winback - bulk.winback))


def _trend_table(targets: Targets, trends: list[dict[str, Any]],
                 L: dict[str, str]) -> dict[str, Any]:
    """The opportunities and win-back of each industry's key customers (`trends`), then the
    customers without a plan as their own row (their increment and win-back count in the
    targets), and the total: the market's increment and win-back."""
    rows = list(trends)
    bulk = total(targets.bulk_rows())
    if bulk.increment or bulk.winback:
        rows.append({"name": L["other_customers"], "opps_count": "—",
                     "pipeline": money(bulk.pipeline),
                     "weighted": money(bulk.increment), "wins_count": "—",
                     "winback": money(bulk.winback)})
    f = targets.market.figures
    return {"rows": rows, "total": {
        "opps_count": str(sum(int(r["opps_count"]) for r in rows if r["opps_count"] != "—")),
        "pipeline": money(f.pipeline), "weighted": money(f.increment),
        "wins_count": str(sum(int(r["wins_count"]) for r in rows if r["wins_count"] != "—")),
        "winback": money(f.winback)}}


def _flag_counts(counts: FlagCounts, L: dict[str, str]) -> list[dict[str, str]]:
    """How many review flags of each kind the plan set has (all levels), most frequent first."""
    return [{"kind": L.get(f"flag_{code}", code), "code": code, "count": str(n)}
            for code, n in sorted(counts.by_code.items(), key=lambda kv: (-kv[1], kv[0]))]
