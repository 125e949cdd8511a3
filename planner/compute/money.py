"""Money: a ledger in whole cents of the plan's money unit.

Every money **leaf** is rounded once, half-up (away from zero, as a spreadsheet's ROUND does), to
0.01 where it is made, and never again:
- an input (`cents`, when a plan file is read);
- a stock line, base × retention; a weighted item, amount × probability (`product`);
- a current value, base × on-time payment rate, less the costs (`product`, then exact sums);
- a quarter of a spread (`phasing.spread`: differences of rounded cumulative amounts).

Every aggregate (a customer, an industry, a region, a business line, the market, a quarter) is the
exact sum of its leaves. So any figure shown with two decimals is exact, and any shown total is the
sum of its shown parts, in every table of every document, at every level, with no allocation step.
Rates (growth, shares, achievement) are not money: `round_percent` shows them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(x: Decimal) -> Decimal:
    """`x` rounded half-up (away from zero) to whole cents; -0 becomes 0."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP) + ZERO  # + 0: Decimal('-0.00') -> 0.00


def product(amount: Decimal, rate: Decimal) -> Decimal:
    """A money leaf made of an amount and a rate: R(amount × rate), e.g. base × retention,
    amount × probability, revenue × on-time payment rate (18.50 × 95% = 17.575 -> 17.58)."""
    return cents(amount * rate)


def is_cents(x: Decimal) -> bool:
    """Whether `x` is a whole number of cents (an input with more decimals is rounded when read)."""
    return x == x.quantize(CENT, rounding=ROUND_HALF_UP)


def round_percent(x: Decimal, places: int = 1) -> Decimal:
    """A rate as a percentage rounded half-up, like money (Python's format rounds half-even);
    -0.0 becomes 0.0."""
    return (x * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + ZERO
