"""Roll rows up to customers, industries, regions, business lines and the market."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from planner.compute.money import ZERO
from planner.compute.phasing import add_quarters
from planner.compute.targets import EMPTY, Figures, Phased, Row


@dataclass(frozen=True, slots=True)
class Group:
    """The figures of a set of rows, the customers among them, and the guidance if any."""

    figures: Figures
    customers: tuple[str, ...] = ()
    guidance: Decimal | None = None

    @property
    def gap(self) -> Decimal | None:
        """Bottom-up total − top-down guidance (negative: short of the guidance)."""
        return None if self.guidance is None else self.figures.total - self.guidance


def total(rows: Iterable[Row]) -> Figures:
    """The sum of rows' figures."""
    return add_figures([row.figures for row in rows])


def add_figures(figures: list[Figures]) -> Figures:
    """The sum of figures (each part summed once, not one by one: roll-ups of thousands of rows
    made thousands of intermediate Figures)."""
    if not figures:
        return EMPTY

    def summed(values: Iterable[Decimal]) -> Decimal:
        return sum(values, ZERO)

    previous = None if any(f.previous is None for f in figures) \
        else summed(f.previous for f in figures)  # type: ignore[misc]
    return Figures(summed(f.base for f in figures), summed(f.stock for f in figures),
                   summed(f.increment for f in figures), summed(f.pipeline for f in figures),
                   summed(f.winback for f in figures), previous,
                   Phased(add_quarters(*(f.quarters.stock for f in figures)),
                          add_quarters(*(f.quarters.increment for f in figures)),
                          add_quarters(*(f.quarters.winback for f in figures))))


def roll_up(rows: Iterable[Row], key: Callable[[Row], str | None], order: list[str],
            guidance: dict[str, Decimal] | None = None) -> dict[str, Group]:
    """Group rows by `key`, in catalog `order`; groups without rows are left out."""
    sums = Sums()
    for row in rows:
        sums.add(key(row), row)
    return sums.groups(order, guidance)


def parts_of(f: Figures) -> tuple[Decimal, ...]:
    """The parts `Sums` adds up: base, stock, increment, pipeline, win-back, the 12 quarters."""
    q = f.quarters
    return (f.base, f.stock, f.increment, f.pipeline, f.winback, *q.stock, *q.increment,
            *q.winback)


class Sums:
    """Rows summed by key as they come, in the order keys first come: each key's figures as one
    running vector of their parts (base, stock, increment, pipeline, win-back, the twelve
    quarters), so a pass over 100,000 rows makes no intermediate Figures."""

    def __init__(self) -> None:
        self.sums: dict[str, list[Decimal]] = {}
        self.previous: dict[str, Decimal | None] = {}
        self.members: dict[str, dict[str, None]] = {}

    def add(self, key: str | None, row: Row, vector: tuple[Decimal, ...] | None = None) -> None:
        """Add one row to its key's sum (its `vector` when the caller has made it already)."""
        if key is not None:
            self.add_parts(key, parts_of(row.figures) if vector is None else vector,
                           row.figures.previous, row.customer)

    def add_parts(self, key: str, vector: Sequence[Decimal],
                  previous: Decimal | None, customer: str | None) -> None:
        """Add the parts of some rows (`parts_of`, summed) and their previous year's revenue
        (None where one of them has none) to a key's sum, of `customer`'s."""
        acc = self.sums.get(key)
        if acc is None:
            self.sums[key] = list(vector)
            self.previous[key] = previous
        else:
            acc[:] = map(operator.add, acc, vector)
            prev = self.previous[key]
            self.previous[key] = None if prev is None or previous is None else prev + previous
        if customer:
            self.members.setdefault(key, {})[customer] = None

    def figures(self, key: str) -> Figures:
        """The sum of one key's rows."""
        v = self.sums[key]
        return Figures(v[0], v[1], v[2], v[3], v[4], self.previous[key],
                       Phased(tuple(v[5:9]), tuple(v[9:13]), tuple(v[13:17])))  # type: ignore[arg-type]

    def groups(self, order: list[str], guidance: dict[str, Decimal] | None = None,
               ) -> dict[str, Group]:
        """The groups, in catalog `order` then the others; keys without rows are left out."""
        guidance = guidance or {}
        keys = [k for k in order if k in self.sums] + [k for k in self.sums if k not in order]
        return {k: Group(self.figures(k), tuple(self.members.get(k, {})), guidance.get(k))
                for k in keys}


def region_by_industry(rows: Iterable[Row]) -> dict[tuple[str, str], Decimal]:
    """The total target of each (region, industry) that has rows: the region × industry matrix
    of the market plan, in Word and in Excel."""
    cells: dict[tuple[str, str], Decimal] = {}
    for row in rows:
        key = (row.region, row.industry)
        cells[key] = cells.get(key, ZERO) + row.figures.total
    return cells
