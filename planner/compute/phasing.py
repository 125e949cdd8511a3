"""Quarterly phasing (时间进度计划): how a year's amount is spread over Q1..Q4."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from planner.compute.money import ZERO, cents

Quarters = tuple[Decimal, Decimal, Decimal, Decimal]
NO_QUARTERS: Quarters = (ZERO, ZERO, ZERO, ZERO)


def quarter_number(quarter: str) -> int:
    """'Q3' -> 3."""
    return int(quarter[1])


def spread(amount: Decimal, start: int = 1, shares: Sequence[Decimal] | None = None) -> Quarters:
    """Spread `amount` (whole cents) over the quarters.

    Rule (the ledger's): quarter k gets the difference of rounded cumulative amounts,
    R(A·k/n) − R(A·(k−1)/n), over the n quarters from quarter `start` to Q4 (stock starts in Q1;
    an opportunity or win-back item in its start quarter); with `shares` of Q1..Q4, the cumulative
    shares: R(A·S_k) − R(A·S_{k−1}). The quarters add up to `amount` exactly, an even spread's
    quarters differ by at most 0.01, and no quarter systematically takes the remainders:
    723.25 -> 180.81, 180.82, 180.81, 180.81; 100 from Q2 -> 33.33, 33.34, 33.33.
    """
    if shares is None:
        n = 5 - start
        cumulative = [ZERO] * start + [amount * j / n for j in range(1, n + 1)]
    else:
        cumulative, running = [ZERO], ZERO
        for share in shares:
            running += share
            cumulative.append(amount * running)
    marks = [cents(x) for x in cumulative]  # the last is `amount`: shares add up to 1
    q = [marks[k + 1] - marks[k] for k in range(4)]
    return (q[0], q[1], q[2], q[3])


def add_quarters(*quarters: Quarters) -> Quarters:
    """Quarter-by-quarter sum (all-zero quarters are skipped: most parts of most lines are empty,
    and a big plan set would hold millions of new zeros)."""
    given = [q for q in quarters if q is not NO_QUARTERS]
    if len(given) <= 1:
        return given[0] if given else NO_QUARTERS
    q = [sum(col, ZERO) for col in zip(*given)]
    return (q[0], q[1], q[2], q[3])
