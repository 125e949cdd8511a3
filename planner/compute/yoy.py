"""Year on year (同比) of a group of rows, like for like: the base-year revenue against the prior
year's, over the rows that give a prior-year figure (a key customer's stock line, a bulk row).

A row that had no base-year revenue (a line only an opportunity or win-back brings) has nothing to
compare and is left out; a row with base-year revenue but no prior-year figure is left out too, and
its base-year revenue is counted, so that a document can say what the rate does not cover.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from planner.compute.money import ZERO
from planner.compute.targets import Row


@dataclass(frozen=True, slots=True)
class LikeForLike:
    """Base-year and prior-year revenue of the rows that give both, and the base-year revenue of
    those that give no prior-year figure."""

    base: Decimal = ZERO
    previous: Decimal = ZERO
    uncovered: Decimal = ZERO

    @property
    def yoy(self) -> Decimal | None:
        """Base ÷ prior year − 1 over the covered rows; None when none gives a prior-year figure
        (or it is 0)."""
        return self.base / self.previous - 1 if self.previous else None


def like_for_like(rows: Iterable[Row]) -> LikeForLike:
    """The YoY rule above over `rows` (exact sums of the ledger's leaves)."""
    base = previous = uncovered = ZERO
    for row in rows:
        f = row.figures
        if f.previous is not None:
            base += f.base
            previous += f.previous
        elif f.base:
            uncovered += f.base
    return LikeForLike(base, previous, uncovered)
