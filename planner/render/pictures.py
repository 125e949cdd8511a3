"""Which charts each Word plan shows, and the figures behind them (native_charts draws them)."""

from __future__ import annotations

from typing import Any

from planner.compute import Targets
from planner.compute.codec import within
from planner.compute.rollup import total
from planner.compute.value import wallet_by_line
from planner.render import native_charts as charts
from planner.render.native_charts import NativeChart
from planner.report.common import MOST_BARS, Names, parts, unit_label
from planner.validate import PlanSet

LABELLED_POINTS = 8  # the value scatter names at most this many of its largest customers


def _floats(values: Any) -> list[float]:
    return [float(v) for v in values]


def _quarters(phased: Any, L: dict[str, str], unit: str) -> NativeChart:
    return charts.stacked_columns(
        [L["q1"], L["q2"], L["q3"], L["q4"]],
        [(L["stock"], _floats(phased.stock)), (L["increment"], _floats(phased.increment)),
         (L["winback"], _floats(phased.winback))], unit)


def _three_parts(names: list[str], figures: list[Any], L: dict[str, str],
                 unit: str) -> NativeChart:
    return charts.stacked_bars(names, [(L["stock"], [float(f.stock) for f in figures]),
                                       (L["increment"], [float(f.increment) for f in figures]),
                                       (L["winback"], [float(f.winback) for f in figures])],
                               unit=unit)


def bridge(f: Any, L: dict[str, str], unit: str) -> NativeChart:
    """Base − retention loss + increment + win-back = target."""
    return charts.waterfall([(L["bridge_base"], float(f.base), "total"),
                             (L["bridge_loss"], float(f.base - f.stock), "down"),
                             (L["increment"], float(f.increment), "up"),
                             (L["winback"], float(f.winback), "up"),
                             (L["bridge_total"], float(f.total), "total")], unit)


def customer_charts(plan: PlanSet, targets: Targets, cid: str,
                    L: dict[str, str]) -> dict[str, NativeChart | None]:
    """Quarterly stacked bars; share of wallet per line (ours vs each competitor)."""
    wallet = wallet_by_line(plan.customers[cid].spend)
    share = None
    if wallet:
        names = Names(plan, L)
        lines = list(wallet)
        cat = plan.market.catalog
        carriers = [k for k in [cat.operator, *cat.competitors]
                    if any(k in row for row in wallet.values())]
        share = charts.stacked_bars([names.line(ln) for ln in lines],
                                    [(names.carrier(k),
                                      [float(wallet[ln].get(k, 0)) for ln in lines])
                                     for k in carriers], percent=True)
    return {"quarters": _quarters(targets.customers[cid].figures.quarters, L,
                                  unit_label(plan, L)), "wallet": share}


def industry_charts(plan: PlanSet, targets: Targets, iid: str,
                    L: dict[str, str]) -> dict[str, NativeChart | None]:
    """Stock / increment / win-back per customer; the industry's quarterly stacked bars."""
    group = targets.industries[iid]
    unit = unit_label(plan, L)
    every = {c: parts(targets.customers, c, "figures", keep=False)[0] for c in group.customers}
    cids = sorted(every, key=lambda c: -every[c].total)[:MOST_BARS]
    names = [plan.briefs[c].name for c in cids]
    figures = [every[c] for c in cids]
    bulk = total(targets.bulk_rows(iid))
    if bulk.total or bulk.base:  # the customers without a plan: often half an industry
        names.append(L["other_customers_short"])
        figures.append(bulk)
    customers = _three_parts(names, figures, L, unit) if names else None
    return {"customers": customers, "quarters": _quarters(group.figures.quarters, L, unit),
            "value": _value(plan, targets, list(group.customers), L),
            "bridge": bridge(group.figures, L, unit_label(plan, L))}


def market_charts(plan: PlanSet, targets: Targets,
                  L: dict[str, str]) -> dict[str, NativeChart | None]:
    """Guidance vs bottom-up per region; three parts per industry; the value matrix."""
    names = Names(plan, L)
    regions = None
    if any(g.guidance is not None for g in targets.regions.values()):
        keys = list(targets.regions)
        regions = charts.grouped_columns(
            [names.region(k) for k in keys],
            [(L["bottom_up"], [float(targets.regions[k].figures.total) for k in keys]),
             (L["guidance_total"], [float(targets.regions[k].guidance or 0) for k in keys])],
            unit_label(plan, L))
    inds = list(targets.industries)
    industries = _three_parts([names.industry(k) for k in inds],
                              [targets.industries[k].figures for k in inds], L,
                              unit_label(plan, L)) if inds else None
    return {"regions": regions, "industries": industries,
            "value": _value(plan, targets, list(targets.customers), L),
            "bridge": bridge(targets.market.figures, L, unit_label(plan, L))}


def _value(plan: PlanSet, targets: Targets, cids: list[str],
           L: dict[str, str]) -> NativeChart | None:
    """The value matrix of these customers: current × potential, the largest named."""
    if not cids:
        return None
    first = targets.customers[cids[0]].value
    values = (within(targets.customers, c, "value", "current", "potential") for c in cids)
    return charts.value_scatter(
        [(plan.briefs[c].name, float(current), float(potential))
         for c, (current, potential) in zip(cids, values)],
        (float(first.current_threshold), float(first.potential_threshold)),
        LABELLED_POINTS, tuple(f"{L[k]} ({unit_label(plan, L)})"  # type: ignore[arg-type]
                               for k in ("value_current", "value_potential")))
