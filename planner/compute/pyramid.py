"""The value pyramid (客户价值金字塔, account-manager-system) and the comparison of customers.

Tiers, the first rule that holds (thresholds from market.yaml `review`):
- problem (问题客户): current value below 0 (costs exceed what it brings), or an on-time payment
  rate below `payment_low`, or loyalty below `loyalty_low`, or revenue with us fallen by more than
  `value_change` from the previous year to the base year;
- changing (价值变动客户): revenue with us risen by more than `value_change` from the previous year,
  or the plan's total more than `value_change` above or below the base, or a low current value
  with a high potential (quadrant "grow");
- value (价值客户): the rest, whose value holds steady.
Ranks are by overall value, highest first; equal values share a rank (1, 1, 3).
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from typing import TYPE_CHECKING

from planner.compute.money import cents
from planner.model import ReviewSettings

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

TIERS = ("value", "changing", "problem")


def pyramid_tier(current: Decimal, payment_rate: Decimal | None, loyalty: Decimal | None,
                 yoy: Decimal | None, growth: Decimal | None, quadrant: str,
                 s: ReviewSettings) -> tuple[str, str, dict[str, Decimal]]:
    """(tier, the rule that put it there, the figures the rule compared) — module docstring."""
    change = s.value_change
    if current < 0:
        return "problem", "negative_current", {"current": current}
    if payment_rate is not None and payment_rate < s.payment_low:
        return "problem", "late_payment", {"rate": payment_rate, "limit": s.payment_low}
    if loyalty is not None and loyalty < s.loyalty_low:
        return "problem", "low_loyalty", {"loyalty": loyalty, "limit": s.loyalty_low}
    if yoy is not None and yoy < -change:
        return "problem", "falling", {"change": yoy, "limit": change}
    if yoy is not None and yoy > change:
        return "changing", "rising", {"change": yoy, "limit": change}
    if growth is not None and abs(growth) > change:
        return "changing", "planned_change", {"change": growth, "limit": change}
    if quadrant == "grow":
        return "changing", "potential", {}
    return "value", "steady", {"limit": change}


def ranks(values: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranks by value, highest first: 1 + how many are strictly higher."""
    ordered = sorted(values.values())  # n log n: a plan set may hold thousands of customers
    return {k: 1 + len(ordered) - bisect_right(ordered, v) for k, v in values.items()}


def quartiles(values: Iterable[Decimal]) -> tuple[Decimal, Decimal, Decimal] | None:
    """(lower quartile, median, upper quartile) as a spreadsheet's QUARTILE.INC computes them
    (position (n − 1) × p, linear between neighbours), each rounded to the cent; None if empty."""
    xs = sorted(values)
    if not xs:
        return None

    def at(p: Decimal) -> Decimal:
        h = (len(xs) - 1) * p
        lo = int(h)
        hi = min(lo + 1, len(xs) - 1)
        return cents(xs[lo] + (h - lo) * (xs[hi] - xs[lo]))

    return at(Decimal("0.25")), at(Decimal("0.5")), at(Decimal("0.75"))


def position(value: Decimal, q: tuple[Decimal, Decimal, Decimal]) -> str:
    """Where a value stands among its peers: top (≥ upper quartile), upper (≥ median), lower
    (≥ lower quartile) or bottom."""
    return "top" if value >= q[2] else "upper" if value >= q[1] else \
        "lower" if value >= q[0] else "bottom"
