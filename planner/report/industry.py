"""The context of a key-industry plan (重点行业客户年度营销计划).

Its figures are never typed: they are the sums of the industry's customer plans and bulk rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.codec import parts
from planner.compute.money import ZERO
from planner.compute.rollup import Group, roll_up, total
from planner.compute.targets import Row
from planner.compute.value import wallet_by_line
from planner.compute.yoy import LikeForLike, like_for_like
from planner.errors import Issue
from planner.model import Industry
from planner.report.calendar import calendar, promotions_of
from planner.report.common import (
    MOST_BARS,
    Names,
    carrier_table,
    doc_info,
    figure_rows,
    flag_rows,
    measure_rows,
    money,
    percent,
    phased_rows,
    ranked_items,
    text_list,
    unit_label,
)
from planner.report.summary import approval, summary
from planner.report.value import value_chapter
from planner.validate import PlanSet


def industry_context(plan: PlanSet, targets: Targets, iid: str, flags: list[Issue],
                     labels: dict[str, str], lang: str) -> dict[str, Any]:
    """Everything the industry templates show, as text."""
    L = labels
    names = Names(plan, L, lang=lang)
    ind = plan.industries.get(iid) or Industry(industry=iid)
    group = targets.industries[iid]
    cids = list(group.customers)
    if len(cids) > MOST_BARS:  # the caption says the chart shows the largest customers only
        L = {**L, "chart_customers": L["chart_customers_top"].format(n=MOST_BARS,
                                                                     total=len(cids))}
    rows = targets.industry_rows(iid)  # (read again on each pass: so, few passes)
    by_line = roll_up(rows, lambda r: r.line, list(names.lines))
    fig = group.figures
    unit = unit_label(plan, L)
    size = ind.current_year.market.size
    return {
        "L": L,
        "doc": doc_info(plan, L, L["ind_title"].format(name=names.industry(iid),
                                                       year=plan.market.plan.year)),
        "ind": {"id": iid, "name": names.industry(iid),
                "manager": ind.manager or L["not_filled"], "customers": str(len(cids)),
                "no_file": "" if iid in plan.industries else L["ind_no_file"]},
        "current": {
            "development": text_list(ind.current_year.development),
            "ict_policies": text_list(ind.current_year.ict_policies),
            "market_size": money(size, unit) if size is not None else L["not_filled"],
            "market_note": ind.current_year.market.note or "",
            "our_share": L["ind_market_share"].format(
                base=money(fig.base, unit), share=percent(fig.base / size))
            if size else "",
        },
        "ours": _ours_by_line(by_line, names),
        "summary": L["ind_summary"].format(base=money(fig.base, unit),
                                           yoy=yoy_text(like_for_like(rows), L),
                                           total=money(fig.total, unit),
                                           growth=percent(fig.growth, signed=True)),
        "competitors": [{"name": names.carrier(c.name), "position": c.position or "",
                         "businesses": names.join([names.line(b) for b in c.businesses])}
                        for c in ind.current_year.competitors],
        "rivals": _rivals_by_customer(plan, cids, names),
        "directions": text_list(ind.trends.directions),
        "opps": item_rows(plan, cids, names, "opportunities"),
        "wins": item_rows(plan, cids, names, "winback"),
        "by_customer": _by_customer(plan, targets, cids, targets.bulk_rows(iid), L),
        "by_line": _by_line(by_line, names),
        "quarters": phased_rows(fig.quarters, L),
        "innovation": text_list(ind.trends.innovation) + [
            f"{plan.briefs[c].name}{L['colon']}{x}" for c in cids
            for x in text_list(parts(plan.sketches, c, "needs", keep=False)[0].innovation)],
        "measures": measure_rows(ind.measures, names, L)
        + measure_rows([m for m in plan.market.measures if m.industry == iid], names, L),
        "promotions": [{"content": p.content, "method": p.method or "",
                        "time": _period(p.start, p.end)} for p in ind.promotions],
        "value": value_chapter(plan, targets, cids, L),
        "flags": flag_rows(flags, lang, plan),
        "brief": summary(plan, targets, fig, cids, names, L, iid),
        "calendar": calendar(plan, cids, names, L, promotions_of(plan, [iid]), most=6),
        "approval": approval(ind.manager, plan.market.plan.owner, plan.market.plan.reviewer,
                             doc_info(plan, L, "")["date"]),
    }


def yoy_text(lfl: LikeForLike, L: dict[str, str]) -> str:
    """YoY as the summary says it: the rate; with the base-year revenue it leaves out when some
    rows give no prior-year figure; why there is none when none does."""
    if lfl.yoy is None:
        return L["yoy_none"]
    rate = percent(lfl.yoy, signed=True)
    if not lfl.uncovered:
        return rate
    return L["yoy_partial"].format(yoy=rate, covered=money(lfl.base),
                                   uncovered=money(lfl.uncovered))


def _period(start: Any, end: Any) -> str:
    if start and end:
        return f"{start.isoformat()} ~ {end.isoformat()}"
    return (start or end).isoformat() if (start or end) else ""


def _ours_by_line(by_line: dict[str, Group], names: Names) -> dict[str, Any]:
    """Our base-year revenue in the industry per business line: YoY and each line's share."""
    groups = {k: g for k, g in by_line.items() if g.figures.base}
    everything = sum((g.figures.base for g in groups.values()), ZERO)
    prev = [g.figures.previous for g in groups.values()]
    out = []
    for line, g in groups.items():
        f = g.figures
        out.append({"line": names.line(line), "kind": names.kind_label(line),
                    "base": money(f.base),
                    "previous": money(f.previous) if f.previous else "—",
                    "yoy": percent(f.yoy, signed=True),
                    "share": percent(f.base / everything if everything else None)})
    all_prev = bool(prev) and all(p for p in prev)
    prev_sum = sum((p or ZERO for p in prev), ZERO)
    return {"rows": out, "total": {
        "base": money(everything), "previous": money(prev_sum) if all_prev else "—",
        "yoy": percent(everything / prev_sum - 1 if all_prev else None, signed=True),
        "share": percent(Decimal(1) if everything else None)}}


def _rivals_by_customer(plan: PlanSet, cids: list[str], names: Names) -> dict[str, Any]:
    """Each customer's spend with every carrier (from its `spend`), and our share."""
    cat = plan.market.catalog
    spend = {c: {k: sum(row.get(k, ZERO) for row in wallet.values())
                 for k in [cat.operator, *cat.competitors]}
             for c in cids
             for wallet in [wallet_by_line(parts(plan.sketches, c, "spend", keep=False)[0])]}
    spend = {c: s for c, s in spend.items() if any(s.values())}
    carriers = [k for k in [cat.operator, *cat.competitors] if any(s[k] for s in spend.values())]
    if not spend:
        return {"carriers": [], "rows": [], "total": None}
    return carrier_table({plan.briefs[c].name: s for c, s in spend.items()}, carriers,
                         cat.operator, "name", names)


def item_rows(plan: PlanSet, cids: list[str], names: Names, kind: str) -> dict[str, Any]:
    """The ranked items as table rows, with the totals."""
    found = ranked_items(plan, cids, kind)
    amount_total = sum((i.amount for _, i, _ in found), ZERO)
    weighted_total = sum((w for _, _, w in found), ZERO)
    rows = []
    for customer, item, weighted in found:
        row = {"customer": customer.name, "line": names.line(item.business_line),
               "amount": money(item.amount), "probability": percent(item.probability),
               "weighted": money(weighted), "quarter": item.quarter}
        if kind == "opportunities":
            row.update(name=item.name, conditions=item.conditions or "")
        else:
            row.update(competitor=names.carrier(item.competitor), approach=item.approach or "")
        rows.append(row)
    return {"rows": rows, "total": {"amount": money(amount_total),
                                    "weighted": money(weighted_total)},
            "count": str(len(rows))}


def _by_customer(plan: PlanSet, targets: Targets, cids: list[str], bulk: list[Row],
                 L: dict[str, str]) -> dict[str, Any]:
    """Targets per customer, plus one row for the industry's bulk revenue, and the total."""
    figures = [parts(targets.customers, c, "figures")[0] for c in cids]
    labels = [plan.briefs[c].name for c in cids]
    if bulk:
        figures.append(total(bulk))
        labels.append(L["other_customers"])
    out, tot = figure_rows(figures)
    for row, name in zip(out, labels):
        row["name"] = name
    return {"rows": out, "total": tot}


def _by_line(groups: dict[str, Group], names: Names) -> dict[str, Any]:
    out, tot = figure_rows([g.figures for g in groups.values()])
    for row, line in zip(out, groups):
        row["line"] = names.line(line)
        row["kind"] = names.kind_label(line)
    return {"rows": out, "total": tot}
