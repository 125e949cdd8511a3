"""The targets of a plan set at every level: customers, industries, regions, lines, market."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from planner.compute.money import ZERO
from planner.compute.pyramid import ranks
from planner.compute.rollup import Group, roll_up, total
from planner.compute.targets import Figures, Item, Row, bulk_row, customer_rows
from planner.compute.value import Value, assess, thresholds
from planner.errors import current_input
from planner.model import Customer, Market
from planner.validate import PlanSet


@dataclass(frozen=True, slots=True)
class CustomerTargets:
    """One customer's targets: totals, per business line, per item, and its value."""

    id: str
    figures: Figures
    lines: dict[str, Figures]
    opportunities: tuple[Item, ...]
    winbacks: tuple[Item, ...]
    value: Value


@dataclass(frozen=True, slots=True)
class Targets:
    """The targets of a plan set at every level; every figure is a sum of `rows`."""

    rows: tuple[Row, ...]
    customers: dict[str, CustomerTargets]
    industries: dict[str, Group]
    regions: dict[str, Group]
    lines: dict[str, Group]
    market: Group


def market_guidance(plan: PlanSet) -> Decimal | None:
    """The guidance total; when only regional guidance is given, their sum."""
    g = plan.market.guidance
    if g.total is not None:
        return g.total
    return sum(g.by_region.values(), ZERO) if g.by_region else None


def compute_targets(plan: PlanSet) -> Targets:
    """Compute every target of a valid plan set (domain.md "Revenue targets")."""
    parts = []
    for cid, c in plan.customers.items():
        source = plan.source("customer", cid)
        current_input.set(source.name if source else cid)
        parts.append(customer_targets(plan.market, c))
    return assemble(plan, parts, {cid: c.industry for cid, c in plan.customers.items()})


def customer_targets(m: Market, c: Customer) -> tuple[tuple[Row, ...], CustomerTargets]:
    """One customer's rows and targets: everything that depends on its file and market.yaml
    alone (its ranks among the others are set by `assemble`)."""
    cat = m.catalog
    limits = thresholds(m.plan.money_unit, m.review.value_current, m.review.value_potential)
    c_rows, opps, wins = customer_rows(c, [b.id for b in cat.business_lines])
    fig = total(c_rows)
    value = assess(c, cat.operator, fig, m.plan.year, limits, m.review)
    return tuple(c_rows), CustomerTargets(c.id, fig, {r.line: r.figures for r in c_rows},
                                          tuple(opps), tuple(wins), value)


def assemble(plan: PlanSet, parts: Iterable[tuple[tuple[Row, ...], CustomerTargets]],
             industry_of: Mapping[str, str]) -> Targets:
    """The targets of every level from each customer's rows and targets (`industry_of` gives
    each customer's industry), and the bulk rows."""
    m = plan.market
    cat = m.catalog
    rows: list[Row] = []
    customers = {}
    for c_rows, ct in parts:
        rows += c_rows
        customers[ct.id] = ct
    _rank(customers, industry_of)
    rows += [bulk_row(b, i) for i, b in enumerate(m.other_customers)]
    regions = roll_up(rows, lambda r: r.region, [r.id for r in cat.regions],
                      m.guidance.by_region)
    for region, amount in m.guidance.by_region.items():  # guidance with nothing planned shows
        regions.setdefault(region, Group(total([]), (), amount))
    regions = {r.id: regions[r.id] for r in cat.regions if r.id in regions}
    return Targets(
        rows=tuple(rows),
        customers=customers,
        industries=roll_up(rows, lambda r: r.industry, [i.id for i in cat.industries]),
        regions=regions,
        lines=roll_up(rows, lambda r: r.line, [b.id for b in cat.business_lines]),
        market=Group(total(rows), tuple(customers), market_guidance(plan)),
    )


def _rank(customers: dict[str, CustomerTargets], industry_of: Mapping[str, str]) -> None:
    """Each customer's rank by overall value in the unit and within its industry."""
    overall = {cid: ct.value.overall for cid, ct in customers.items()}
    in_unit = ranks(overall)
    by_industry: dict[str, dict[str, Decimal]] = {}
    for cid, v in overall.items():
        by_industry.setdefault(industry_of[cid], {})[cid] = v
    for industry in by_industry.values():
        for cid, r in ranks(industry).items():
            ct = customers[cid]
            customers[cid] = replace(ct, value=replace(ct.value, rank_in_industry=r,
                                                       rank=in_unit[cid]))
