"""`/`: the market — headline figures, the base-to-target bridge, regions against the guidance,
industries, and every key customer in one sortable, filterable table. Someone who is not a
director sees their own industries and customers only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from planner.compute import Targets
from planner.render.charts import COLORS
from planner.report.common import Names, figure_rows, money, percent, unit_label
from planner.web.state import Snapshot
from planner.web.views.common import begin, cached_page, chart_number, documents


def customer_rows(snap: Snapshot) -> list[dict[str, Any]]:
    """Every key customer as a row of the table, figures as text plus their sort values."""
    plan, t, L = snap.analysis.plan, snap.analysis.targets, snap.labels
    assert plan is not None and t is not None
    names = Names(plan, L)
    flags: dict[str, int] = {}
    for w in snap.analysis.warnings:
        if w.subject and w.subject.level == "customer" and w.subject.id:
            flags[w.subject.id] = flags.get(w.subject.id, 0) + 1
    rows = []
    for cid, ct in t.customers.items():
        c, f, v = plan.briefs[cid], ct.figures, ct.value
        rows.append({
            "id": cid, "name": c.name, "industry_id": c.industry,
            "industry": names.industry(c.industry), "region": names.region(c.region),
            "manager": c.manager or "", "quadrant": L[f"quadrant_{v.quadrant}"],
            "flags": flags.get(cid, 0),
            "cells": [(money(f.base), f.base), (money(f.total), f.total),
                      (percent(f.growth, signed=True), f.growth),
                      (money(f.pipeline), f.pipeline), (money(f.winback), f.winback),
                      (percent(v.share_of_wallet), v.share_of_wallet)]})
    return rows


def _groups(groups: dict, name: Any, guidance: bool = False,
            grand: Decimal | None = None) -> dict[str, Any]:
    rows, total = figure_rows([g.figures for g in groups.values()],
                              [g.guidance for g in groups.values()] if guidance else None, grand)
    for row, key in zip(rows, groups):
        row["id"], row["name"] = key, name(key)
    return {"rows": rows, "total": total}


def _bridge(t: Targets, L: dict[str, str]) -> dict[str, Any]:
    """Base -> stock kept -> + increment -> + win-back -> target, as floating bars."""
    f = t.market.figures
    base, stock, inc, total = (chart_number(x) for x in (f.base, f.stock, f.stock + f.increment,
                                                          f.total))
    return {"labels": [L["base"], L["web_bridge_loss"], L["increment"], L["winback"],
                       L["target"]],
            "bars": [[0, base], [stock, base], [stock, inc], [inc, total], [0, total]],
            # as the documents: stock navy, increment green, win-back orange; a loss brown
            "colors": [COLORS[3], COLORS[6], COLORS[1], COLORS[2], COLORS[0]]}


def market_context(snap: Snapshot) -> dict[str, Any]:
    """Everything a director's market page shows (once per version of the plan set)."""
    plan, t, L = snap.analysis.plan, snap.analysis.targets, snap.labels
    assert plan is not None and t is not None
    names = Names(plan, L)
    regions = _groups(t.regions, names.region, guidance=True, grand=t.market.guidance)
    industries = _groups(t.industries, names.industry)
    m = t.market
    unit = unit_label(plan, L)
    return {
        "headline": {**regions["total"], "unit": unit, "customers": len(t.customers),
                     "coverage": percent(m.figures.total / m.guidance if m.guidance else None),
                     "flags": len(snap.analysis.warnings)},
        "regions": regions, "industries": industries,
        "charts": {
            "bridge": _bridge(t, L),
            "regions": {"labels": [r["name"] for r in regions["rows"]],
                        "series": [{"label": L["target"], "color": COLORS[0],
                                    "data": [chart_number(g.figures.total)
                                             for g in t.regions.values()]},
                                   {"label": L["guidance"], "color": COLORS[3],
                                    "data": [chart_number(g.guidance)
                                             for g in t.regions.values()]}]},
            "industries": stacked(t.industries, names.industry, L)},
    }


def stacked(groups: dict, name: Any, L: dict[str, str]) -> dict[str, Any]:
    """A stacked bar chart of stock, increment and win-back per group."""
    return {"labels": [name(k) for k in groups], "stacked": True,
            "series": [{"label": L[part], "color": COLORS[i],
                        "data": [chart_number(getattr(g.figures, part)) for g in groups.values()]}
                       for i, part in enumerate(("stock", "increment", "winback"))]}


def warm(snap: Snapshot) -> None:
    """Make the market page's contexts of a new version (every open market page reloads)."""
    if snap.analysis.plan is not None:
        snap.cached("customer_rows", lambda: customer_rows(snap))
        snap.cached("market", lambda: market_context(snap))


@cached_page
def page(request: Request) -> Response:
    """The market page (a director), or the viewer's own industries and customers."""
    ask = begin(request)
    snap, viewer, plan = ask.snap, ask.viewer, ask.plan
    rows = snap.cached("customer_rows", lambda: customer_rows(snap))
    if viewer.director:
        ctx = snap.cached("market", lambda: market_context(snap))
        return ask.render("market.html", ctx=ctx, customers=rows,
                          docs=documents(snap, viewer, "market")
                          + documents(snap, viewer, "review"))
    names = Names(plan, snap.labels)
    mine = {k: g for k, g in ask.targets.industries.items() if viewer.sees_industry(k)}
    return ask.render("mine.html", industries=_groups(mine, names.industry) if mine else None,
                      customers=[r for r in rows if viewer.sees_customer(plan, r["id"])],
                      docs=documents(snap, viewer, None), unit=unit_label(plan, snap.labels))
