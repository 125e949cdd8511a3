"""Quarterly phasing (时间进度计划): how a year's amount is spread over Q1..Q4."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from planner.compute.money import ZERO, truncate_cents

Quarters = tuple[Decimal, Decimal, Decimal, Decimal]
NO_QUARTERS: Quarters = (ZERO, ZERO, ZERO, ZERO)


def quarter_number(quarter: str) -> int:
    """'Q3' -> 3."""
    return int(quarter[1])


def spread(amount: Decimal, start: int = 1, shares: Sequence[Decimal] | None = None) -> Quarters:
    """Spread `amount` over the quarters.

    Rule: evenly from quarter `start` to Q4 (stock starts in Q1; an opportunity or win-back item in
    its start quarter), or by the given `shares` of Q1..Q4. Each quarter but the last of the span
    is cut down to 0.01 of the money unit and the last takes the remainder, so the quarters add
    up to `amount` exactly and none is negative. E.g. 100 from Q2: 33.33, 33.33, 33.34; 22.5 from
    Q1: 5.62, 5.62, 5.62, 5.64.
    """
    if shares is None:
        span = 5 - start
        weights = [ZERO] * (start - 1) + [Decimal(1)] * span
        parts = [truncate_cents(amount / span) if w else ZERO for w in weights]
    else:
        weights = list(shares)
        parts = [truncate_cents(amount * w) for w in weights]
    last = max((i for i, w in enumerate(weights) if w), default=3)
    parts[last] = amount - sum((p for i, p in enumerate(parts) if i != last), ZERO)
    return (parts[0], parts[1], parts[2], parts[3])


def add_quarters(*quarters: Quarters) -> Quarters:
    """Quarter-by-quarter sum (all-zero quarters are skipped: most parts of most lines are empty,
    and a big plan set would hold millions of new zeros)."""
    given = [q for q in quarters if q is not NO_QUARTERS]
    if len(given) <= 1:
        return given[0] if given else NO_QUARTERS
    q = [sum(col, ZERO) for col in zip(*given)]
    return (q[0], q[1], q[2], q[3])
