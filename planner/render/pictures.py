"""Which charts each Word document shows, and the figures behind them (drawn by charts.py)."""

from __future__ import annotations

from typing import Any

from planner.compute import Targets
from planner.compute.value import QUADRANTS, wallet_by_line
from planner.render import charts
from planner.report.common import Names
from planner.validate import PlanSet


def _floats(values: Any) -> list[float]:
    return [float(v) for v in values]


def _quarters(phased: Any, L: dict[str, str]) -> bytes:
    return charts.stacked_bars(
        [L["q1"], L["q2"], L["q3"], L["q4"]],
        [(L["stock"], _floats(phased.stock)), (L["increment"], _floats(phased.increment)),
         (L["winback"], _floats(phased.winback))], L["chart_quarters"])


def _three_parts(names: list[str], figures: list[Any], L: dict[str, str], title: str) -> bytes:
    return charts.stacked_barh(names, [(L["stock"], [float(f.stock) for f in figures]),
                                       (L["increment"], [float(f.increment) for f in figures]),
                                       (L["winback"], [float(f.winback) for f in figures])], title)


def customer_charts(plan: PlanSet, targets: Targets, cid: str,
                    L: dict[str, str]) -> dict[str, bytes | None]:
    """Quarterly stacked bars; share of wallet per line (ours vs each competitor)."""
    wallet = wallet_by_line(plan.customers[cid])
    share = None
    if wallet:
        names = Names(plan)
        lines = list(wallet)
        cat = plan.market.catalog
        carriers = [k for k in [cat.operator, *cat.competitors]
                    if any(k in row for row in wallet.values())]
        share = charts.share_bars([names.line(ln) for ln in lines],
                                  [(k, [float(wallet[ln].get(k, 0)) for ln in lines])
                                   for k in carriers], L["chart_wallet"])
    return {"quarters": _quarters(targets.customers[cid].figures.quarters, L), "wallet": share}


def industry_charts(plan: PlanSet, targets: Targets, iid: str,
                    L: dict[str, str]) -> dict[str, bytes | None]:
    """Stock / increment / win-back per customer; the industry's quarterly stacked bars."""
    group = targets.industries[iid]
    cids = list(group.customers)
    customers = _three_parts([plan.customers[c].name for c in cids],
                             [targets.customers[c].figures for c in cids], L,
                             L["chart_customers"]) if cids else None
    return {"customers": customers, "quarters": _quarters(group.figures.quarters, L)}


def market_charts(plan: PlanSet, targets: Targets, L: dict[str, str]) -> dict[str, bytes | None]:
    """Guidance vs bottom-up per region; three parts per industry; the value matrix."""
    names = Names(plan)
    regions = None
    if any(g.guidance is not None for g in targets.regions.values()):
        keys = list(targets.regions)
        regions = charts.grouped_bars(
            [names.region(k) for k in keys],
            [(L["bottom_up"], [float(targets.regions[k].figures.total) for k in keys]),
             (L["guidance_total"], [float(targets.regions[k].guidance or 0) for k in keys])],
            L["chart_regions"])
    inds = list(targets.industries)
    industries = _three_parts([names.industry(k) for k in inds],
                              [targets.industries[k].figures for k in inds], L,
                              L["chart_industries"]) if inds else None
    value = None
    if targets.customers:
        first = next(iter(targets.customers.values())).value
        value = charts.value_scatter(
            [(plan.customers[c].name, float(t.value.current), float(t.value.potential))
             for c, t in targets.customers.items()],
            (float(first.current_threshold), float(first.potential_threshold)),
            [L[f"quadrant_{q}"] for q in QUADRANTS], L["chart_value"],
            (L["value_current"], L["value_potential"]))
    return {"regions": regions, "industries": industries, "value": value}
