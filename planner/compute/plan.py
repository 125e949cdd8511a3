"""The targets of a plan set at every level: customers, industries, regions, lines, market.

The levels above a customer are summed in one pass over the customers' targets, and the rows
(one per customer × business line, and the bulk rows) are made from the customers' targets each
time they are asked for, not kept: with `analyse_lean` a customer's targets are themselves read
from its result when asked for, so 20,000 customers' figures are never all in memory.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Protocol

from planner.compute.codec import parts
from planner.compute.money import ZERO
from planner.compute.pyramid import ranks
from planner.compute.rollup import Group, Sums, parts_of, region_by_industry, total
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

    rows: Iterable[Row]
    customers: Mapping[str, CustomerTargets]
    industries: dict[str, Group]
    regions: dict[str, Group]
    lines: dict[str, Group]
    market: Group
    # each industry's customers' current, potential and overall values, in that order (the
    # value sections compare a customer with its peers without reading them all again)
    peers: dict[str, tuple[tuple[Decimal, ...], ...]] = field(default_factory=dict)
    # the total of each (region, industry) with rows, summed with the levels (None: from rows)
    matrix: dict[tuple[str, str], Decimal] | None = None
    # the base-year revenue of each (industry, business line) with rows, summed with the levels
    bases: dict[tuple[str, str], Decimal] | None = None

    def region_by_industry(self) -> dict[tuple[str, str], Decimal]:
        """The total target of each (region, industry) that has rows (`rollup.region_by_industry`)
        without reading the customers again."""
        return region_by_industry(self.rows) if self.matrix is None else self.matrix

    def customer_ranks(self) -> Mapping[str, tuple[int, int]]:
        """Each customer's (rank in its industry, rank in the unit), without reading customers
        where they are read when asked for (`planner.customers.Decoded.ranks`)."""
        found = getattr(self.customers, "ranks", None)
        if isinstance(found, dict):
            return found
        return {cid: (ct.value.rank_in_industry, ct.value.rank)
                for cid, ct in self.customers.items()}

    def base_by_industry_line(self) -> dict[tuple[str, str], Decimal]:
        """The base-year revenue of each (industry, business line) that has rows, without reading
        the customers again (the market plan's current revenue by industry and kind)."""
        if self.bases is not None:
            return self.bases
        cells: dict[tuple[str, str], Decimal] = {}
        for row in self.rows:
            key = (row.industry, row.line)
            cells[key] = cells.get(key, ZERO) + row.figures.base
        return cells

    def bulk_rows(self, industry: str | None = None) -> list[Row]:
        """The bulk rows (customers without a plan of their own; of one industry, if given),
        without reading customers."""
        rows = self.rows.bulk if isinstance(self.rows, Rows) else self.rows
        return [r for r in rows if r.customer is None and industry in (None, r.industry)]

    def industry_rows(self, iid: str) -> list[Row]:
        """The rows of one industry (its customers' and its bulk rows), in the order of `rows`:
        only that industry's customers are read."""
        group = self.industries.get(iid)
        if isinstance(self.rows, Rows) and group is not None:
            return self.rows.of_customers(group.customers, iid)
        return [r for r in self.rows if r.industry == iid]


class Where(Protocol):
    """A customer's region and industry (a brief or a model has both)."""

    region: str
    industry: str


class Rows:
    """The rows of a plan set, made from its customers' targets whenever they are iterated: each
    customer's business lines in catalog order, customers by id, then the bulk rows."""

    def __init__(self, customers: Mapping[str, CustomerTargets], where: Mapping[str, Where],
                 bulk: tuple[Row, ...]):
        self.customers, self.where, self.bulk = customers, where, bulk
        self._every = _Some(self, customers, bulk)  # every customer's rows, then the bulk rows

    def of(self, cid: str, lines: Mapping[str, Figures]) -> Iterator[Row]:
        """One customer's rows, from its figures by business line."""
        w = self.where[cid]
        return (Row(cid, w.region, w.industry, line, f) for line, f in lines.items())

    def of_customers(self, cids: Iterable[str], industry: str) -> Sequence[Row]:
        """The rows of these customers (in id order), then the bulk rows of `industry`: made
        again on each pass, never all held (an industry of a province has 3,000 customers)."""
        return _Some(self, sorted(cids), tuple(r for r in self.bulk if r.industry == industry))

    def _lines(self, cid: str) -> Mapping[str, Figures]:
        return parts(self.customers, cid, "lines", keep=False)[0]  # (read alone, not kept)

    def __iter__(self) -> Iterator[Row]:
        return iter(self._every)

    def __len__(self) -> int:
        return len(self._every)

    def by_customer(self) -> Iterator[tuple[str | None, bytes | None, Callable[[], Iterator[Row]]]]:
        """`_Some.by_customer` of every customer."""
        return self._every.by_customer()


class _Some(Sequence[Row]):
    """Some customers' rows (`Rows.of_customers`), read from their targets on each pass."""

    def __init__(self, rows: Rows, cids: Iterable[str], bulk: tuple[Row, ...]):
        self.rows, self.cids, self.bulk = rows, cids, bulk
        self._count: int | None = None

    def __iter__(self) -> Iterator[Row]:
        for cid in self.cids:
            yield from self._made(cid)
        yield from self.bulk

    def by_customer(self) -> Iterator[tuple[str | None, bytes | None, Callable[[], Iterator[Row]]]]:
        """Each customer's id, the stored text its targets are read from (`Decoded.stored`;
        None when they are held as they are) and a way to make its rows; then the bulk rows,
        under id None. A pass that keeps what it makes of each customer reads only the
        customers it does not have."""
        stored = getattr(self.rows.customers, "stored", None)
        for cid in self.cids:
            yield (cid, None if stored is None else stored(cid),
                   functools.partial(self._made, cid))
        if self.bulk:
            yield None, None, functools.partial(iter, self.bulk)

    def _made(self, cid: str) -> Iterator[Row]:
        return self.rows.of(cid, self.rows._lines(cid))

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(len(self.rows._lines(c)) for c in self.cids) + len(self.bulk)
        return self._count

    def __getitem__(self, i: Any) -> Any:  # (rarely: a pass reads them in order)
        return list(self)[i]


def market_guidance(plan: PlanSet) -> Decimal | None:
    """The guidance total; when only regional guidance is given, their sum."""
    g = plan.market.guidance
    if g.total is not None:
        return g.total
    return sum(g.by_region.values(), ZERO) if g.by_region else None


def compute_targets(plan: PlanSet) -> Targets:
    """Compute every target of a valid plan set (domain.md "Revenue targets")."""
    customers = {}
    for cid, c in plan.customers.items():
        source = plan.source("customer", cid)
        current_input.set(source.name if source else cid)
        customers[cid] = customer_targets(plan.market, c)[1]
    return assemble(plan, customers, plan.customers)


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


def assemble(plan: PlanSet, customers: Mapping[str, CustomerTargets],
             where: Mapping[str, Where]) -> Targets:
    """The targets of every level from each customer's targets (`where` gives each customer's
    region and industry) and the bulk rows, in one pass over the customers."""
    m = plan.market
    cat = m.catalog
    rows = Rows(customers, where, tuple(bulk_row(b, i) for i, b in enumerate(m.other_customers)))
    sums = {"region": Sums(), "industry": Sums(), "line": Sums()}
    market = Sums()
    overall: dict[str, Decimal] = {}
    # what the totals, ranks and peers need of each customer (read alone where customers are
    # read)
    part = getattr(customers, "lines_and_values", None) or (
        lambda cid: (customers[cid].lines, customers[cid].value.current,
                     customers[cid].value.potential))
    values: dict[str, list[tuple[Decimal, Decimal, Decimal]]] = {}
    matrix: dict[tuple[str, str], Decimal] = {}
    bases: dict[tuple[str, str], Decimal] = {}
    for cid in customers:
        lines, current, potential = part(cid)
        overall[cid] = current + potential  # as Value.overall
        w = where[cid]
        values.setdefault(w.industry, []).append((current, potential, overall[cid]))
        # a customer's rows share its region and industry: summed once for them and the market
        own = Sums()
        for row in rows.of(cid, lines):
            own.add("", row, _add_row(sums["line"], matrix, bases, row))
        if own.sums:
            _add_levels(sums, market, w.region, w.industry, own.sums[""], own.previous[""], cid)
    for row in rows.bulk:
        _add_levels(sums, market, row.region, row.industry,
                    _add_row(sums["line"], matrix, bases, row), row.figures.previous, None)
    set_ranks(customers, _ranks(overall, {cid: where[cid].industry for cid in overall}))
    regions = sums["region"].groups([r.id for r in cat.regions], m.guidance.by_region)
    for region, amount in m.guidance.by_region.items():  # guidance with nothing planned shows
        regions.setdefault(region, Group(total([]), (), amount))
    regions = {r.id: regions[r.id] for r in cat.regions if r.id in regions}
    return Targets(
        rows=rows,
        customers=customers,
        industries=sums["industry"].groups([i.id for i in cat.industries]),
        regions=regions,
        lines=sums["line"].groups([b.id for b in cat.business_lines]),
        market=Group(market.groups([""]).get("", Group(total([]))).figures, tuple(customers),
                     market_guidance(plan)),
        peers={k: tuple(zip(*v)) for k, v in values.items()},
        matrix=matrix,
        bases=bases,
    )


def _add_row(lines: Sums, matrix: dict[tuple[str, str], Decimal],
             bases: dict[tuple[str, str], Decimal], row: Row) -> tuple[Decimal, ...]:
    """Add a row to its business line's sum and to the matrices; its parts (`parts_of`)."""
    vector = parts_of(row.figures)
    lines.add(row.line, row, vector)
    key = (row.region, row.industry)
    matrix[key] = matrix.get(key, ZERO) + row.figures.total
    key = (row.industry, row.line)
    bases[key] = bases.get(key, ZERO) + row.figures.base
    return vector


def _add_levels(sums: dict[str, Sums], market: Sums, region: str, industry: str,
                vector: Sequence[Decimal], previous: Decimal | None, customer: str | None,
                ) -> None:
    """Add some rows' summed parts to their region's, their industry's and the market's sums."""
    for into, key in ((sums["region"], region), (sums["industry"], industry), (market, "")):
        into.add_parts(key, vector, previous, customer)


def _ranks(overall: dict[str, Decimal], industry_of: Mapping[str, str],
           ) -> dict[str, tuple[int, int]]:
    """Each customer's (rank in its industry, rank in the unit) by overall value."""
    in_unit = ranks(overall)
    by_industry: dict[str, dict[str, Decimal]] = {}
    for cid, v in overall.items():
        by_industry.setdefault(industry_of[cid], {})[cid] = v
    out = {}
    for industry in by_industry.values():
        for cid, r in ranks(industry).items():
            out[cid] = (r, in_unit[cid])
    return out


def ranked(ct: CustomerTargets, rank: tuple[int, int] | None, fresh: bool = False,
           ) -> CustomerTargets:
    """A customer's targets with its ranks (given in place to targets just read, `fresh`, that
    no one holds yet: a copy of each of 20,000 customers' targets costs a second)."""
    if rank is None:
        return ct
    if fresh:
        give_ranks(ct.value, rank)
        return ct
    return replace(ct, value=replace(ct.value, rank_in_industry=rank[0], rank=rank[1]))


def give_ranks(value: Value, rank: tuple[int, int] | None) -> None:
    """Ranks given in place to a customer's value just read, that no one holds yet."""
    if rank is not None:
        object.__setattr__(value, "rank_in_industry", rank[0])
        object.__setattr__(value, "rank", rank[1])


def set_ranks(customers: Mapping[str, CustomerTargets], found: dict[str, tuple[int, int]],
              ) -> None:
    """Give each customer its ranks: in place in a dict; a mapping that reads customers when
    asked (`planner.customers.Decoded`) gives them as it reads them."""
    if isinstance(customers, dict):
        for cid, rank in found.items():
            customers[cid] = ranked(customers[cid], rank)
    else:
        customers.set_ranks(found)  # type: ignore[attr-defined]
