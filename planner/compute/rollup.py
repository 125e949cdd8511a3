"""Roll rows up to customers, industries, regions, business lines and the market."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from planner.compute.targets import EMPTY, Figures, Row


@dataclass(frozen=True)
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
    out = EMPTY
    for row in rows:
        out = out + row.figures
    return out


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
