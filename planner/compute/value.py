"""Customer value assessment (客户价值评估, seed §2.2): current value, potential value, share of
wallet, and the customer's place in the current × potential matrix."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from planner.compute.money import ZERO, product
from planner.model import Customer

# Default thresholds in 万元; a plan set may set its own (market.yaml review.value_*).
DEFAULT_CURRENT = Decimal(100)
DEFAULT_POTENTIAL = Decimal(50)
UNIT_PER_WAN = {"万元": Decimal(1), "千元": Decimal(10), "元": Decimal(10000)}
QUADRANTS = ("keep_grow", "keep", "grow", "watch")


@dataclass(frozen=True, slots=True)
class Value:
    """The assessment of one customer."""

    revenue: Decimal  # base-year revenue with us
    cost: Decimal  # marketing + service + maintenance
    current: Decimal
    potential: Decimal
    wallet: Decimal | None  # the customer's spend with every carrier (from `spend`)
    ours: Decimal | None  # of which with us
    share_of_wallet: Decimal | None
    quadrant: str
    current_threshold: Decimal
    potential_threshold: Decimal

    @property
    def headroom(self) -> Decimal | None:
        """What the customer spends with competitors: the wallet we do not yet have."""
        return None if self.wallet is None or self.ours is None else self.wallet - self.ours


def thresholds(money_unit: str, current: Decimal | None, potential: Decimal | None,
               ) -> tuple[Decimal, Decimal]:
    """The value thresholds in the plan's money unit: as set, else 100 and 50 万元."""
    scale = UNIT_PER_WAN.get(money_unit, Decimal(1))
    return (current if current is not None else DEFAULT_CURRENT * scale,
            potential if potential is not None else DEFAULT_POTENTIAL * scale)


def assess(c: Customer, operator: str, revenue: Decimal, increment: Decimal, winback: Decimal,
           limits: tuple[Decimal, Decimal]) -> Value:
    """Assess one customer.

    - current value = R(base-year revenue × on-time payment rate) − (marketing + service +
      maintenance cost): the profit the customer brings now, tempered by payment on time (a leaf
      of the ledger, in whole cents);
    - potential value = weighted increment + weighted win-back: what the plan expects the customer
      to add with us (the wallet headroom is reported beside it, not added: it is not a forecast);
    - share of wallet = our spend ÷ the customer's spend with all carriers (None without spend);
    - quadrant: current ≥ threshold ("high") × potential ≥ threshold → keep_grow (重点保持并拓展),
      keep (保持巩固), grow (重点发展), watch (维持观察).
    """
    costs = c.costs
    cost = costs.marketing + costs.service + costs.maintenance if costs else ZERO
    pay = costs.payment_on_time_rate if costs else Decimal(1)
    current = product(revenue, pay) - cost
    potential = increment + winback
    wallet = sum((s.amount for s in c.spend), ZERO) if c.spend else None
    ours = sum((s.amount for s in c.spend if s.carrier == operator), ZERO) if c.spend else None
    share = ours / wallet if wallet else None
    high_c, high_p = current >= limits[0], potential >= limits[1]
    quadrant = QUADRANTS[(0 if high_c else 2) + (0 if high_p else 1)]
    return Value(revenue, cost, current, potential, wallet, ours, share, quadrant, *limits)


def wallet_by_line(c: Customer) -> dict[str, dict[str, Decimal]]:
    """The customer's spend per business line and carrier, in the order first written."""
    out: dict[str, dict[str, Decimal]] = {}
    for s in c.spend:
        line = out.setdefault(s.business_line, {})
        line[s.carrier] = line.get(s.carrier, ZERO) + s.amount
    return out
