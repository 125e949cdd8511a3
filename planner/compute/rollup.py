"""Roll rows up to customers, industries, regions, business lines and the market."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    buckets: dict[str, list[Row]] = {}
    for row in rows:
        k = key(row)
        if k is not None:
            buckets.setdefault(k, []).append(row)
    guidance = guidance or {}
    out = {}
    for k in [k for k in order if k in buckets] + [k for k in buckets if k not in order]:
        members = tuple(dict.fromkeys(r.customer for r in buckets[k] if r.customer))
        out[k] = Group(total(buckets[k]), members, guidance.get(k))
    return out


class Sums:
    """Rows summed by key as they come, in the order keys first come (the figures of at most
    CHUNK rows of a key are held at a time: a pass over 100,000 rows holds a few hundred)."""

    CHUNK = 256

    def __init__(self) -> None:
        self.parts: dict[str, list[Figures]] = {}
        self.members: dict[str, dict[str, None]] = {}

    def add(self, key: str | None, row: Row) -> None:
        """Add one row to its key's sum."""
        if key is None:
            return
        parts = self.parts.setdefault(key, [])
        parts.append(row.figures)
        if len(parts) >= self.CHUNK:
            parts[:] = [add_figures(parts)]
        if row.customer:
            self.members.setdefault(key, {})[row.customer] = None

    def groups(self, order: list[str], guidance: dict[str, Decimal] | None = None,
               ) -> dict[str, Group]:
        """The groups, in catalog `order` then the others; keys without rows are left out."""
        guidance = guidance or {}
        keys = [k for k in order if k in self.parts] + [k for k in self.parts if k not in order]
        return {k: Group(add_figures(self.parts[k]), tuple(self.members.get(k, {})),
                         guidance.get(k)) for k in keys}


def region_by_industry(rows: Iterable[Row]) -> dict[tuple[str, str], Decimal]:
    """The total target of each (region, industry) that has rows: the region × industry matrix
    of the market plan, in Word and in Excel."""
    cells: dict[tuple[str, str], Decimal] = {}
    for row in rows:
        key = (row.region, row.industry)
        cells[key] = cells.get(key, ZERO) + row.figures.total
    return cells
