"""Customer value assessment (客户价值评估, seed §2.2): current value, potential value, share of
wallet, loyalty, the customer's place in the current × potential matrix and in the pyramid."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from planner.compute.loyalty import Loyalty, loyalty
from planner.compute.money import ZERO, product
from planner.compute.pyramid import pyramid_tier
from planner.compute.targets import Figures
from planner.model import Customer, ReviewSettings, Spend

if TYPE_CHECKING:
    from planner.sketch import SpendSketch

# Default thresholds in 万元; a plan set may set its own (market.yaml review.value_*).
DEFAULT_CURRENT = Decimal(100)
DEFAULT_POTENTIAL = Decimal(50)
UNIT_PER_WAN = {"万元": Decimal(1), "千元": Decimal(10), "元": Decimal(10000)}
QUADRANTS = ("keep_grow", "keep", "grow", "watch")


COST_PARTS = ("marketing", "service", "maintenance")
STANCE = {"keep_grow": "grow", "keep": "keep", "grow": "grow", "watch": "watch"}


@dataclass(frozen=True, slots=True)
class Value:
    """The assessment of one customer; a part that was not entered is None and named in
    `missing`, and left out of the sums (never taken as 0 or 100%)."""

    revenue: Decimal  # base-year revenue with us
    payment_rate: Decimal | None  # on-time payment rate
    paid: Decimal  # R(revenue × payment rate); the revenue when the rate is unknown
    costs: dict[str, Decimal | None]  # marketing, service, maintenance
    cost: Decimal  # the sum of the costs entered
    associated: Decimal | None  # 连带收入: revenue the customer brings through others
    current: Decimal
    increment: Decimal  # weighted
    winback: Decimal  # weighted
    pipeline: Decimal  # unweighted opportunities, beside
    potential: Decimal
    wallet: Decimal | None  # the customer's spend with every carrier (from `spend`)
    ours: Decimal | None  # of which with us
    share_of_wallet: Decimal | None
    previous_share: Decimal | None  # the share a year before the base year
    budget_growth: Decimal | None
    wallet_growth: Decimal | None  # R(wallet × budget growth), beside the potential
    loyalty: Loyalty
    quadrant: str
    tier: str
    tier_rule: str
    tier_params: dict[str, Decimal]
    missing: tuple[str, ...]
    current_threshold: Decimal
    potential_threshold: Decimal
    rank_in_industry: int = 0
    rank: int = 0

    @property
    def overall(self) -> Decimal:
        """Overall value = current + potential (loyalty is shown beside it, not mixed in)."""
        return self.current + self.potential

    @property
    def headroom(self) -> Decimal | None:
        """What the customer spends with competitors: the wallet we do not yet have."""
        return None if self.wallet is None or self.ours is None else self.wallet - self.ours

    @property
    def stance(self) -> str:
        """keep / grow / watch: from the quadrant; a problem customer of high current value is
        kept (its problem fixed), one of low current value watched."""
        if self.tier == "problem":
            return "keep" if self.current >= self.current_threshold else "watch"
        return STANCE[self.quadrant]


def thresholds(money_unit: str, current: Decimal | None, potential: Decimal | None,
               ) -> tuple[Decimal, Decimal]:
    """The value thresholds in the plan's money unit: as set, else 100 and 50 万元."""
    scale = UNIT_PER_WAN.get(money_unit, Decimal(1))
    return (current if current is not None else DEFAULT_CURRENT * scale,
            potential if potential is not None else DEFAULT_POTENTIAL * scale)


def shares(c: Customer, operator: str) -> tuple[Decimal | None, Decimal | None, Decimal | None,
                                                 Decimal | None]:
    """(wallet, ours, share of wallet, previous share): the previous share only when every spend
    row gives its `previous`."""
    if not c.spend:
        return None, None, None, None
    wallet = sum((s.amount for s in c.spend), ZERO)
    ours = sum((s.amount for s in c.spend if s.carrier == operator), ZERO)
    prev = None
    if all(s.previous is not None for s in c.spend):
        total = sum((s.previous for s in c.spend), ZERO)  # type: ignore[misc]
        mine = sum((s.previous for s in c.spend if s.carrier == operator), ZERO)  # type: ignore
        prev = mine / total if total else None
    return wallet, ours, (ours / wallet if wallet else None), prev


def missing_inputs(c: Customer) -> tuple[str, ...]:
    """The value inputs not entered, as field paths (for 未填写 and the completeness flag)."""
    costs = c.costs
    out = [f"costs.{k}" for k in (*COST_PARTS, "payment_on_time_rate")
           if costs is None or getattr(costs, k) is None]
    out += [k for k in ("associated_revenue", "customer_since") if getattr(c, k) is None]
    if c.contract.expiry is None:
        out.append("contract.expiry")
    if c.contract.term_years is None and c.contract.start is None:
        out.append("contract.term_years")
    if c.budget.growth is None:
        out.append("budget.growth")
    return tuple(out)


def assess(c: Customer, operator: str, fig: Figures, year: int, limits: tuple[Decimal, Decimal],
           settings: ReviewSettings) -> Value:
    """Assess one customer (README "Customer value assessment").

    - current value = R(base-year revenue × on-time payment rate) − (marketing + service +
      maintenance cost) + associated revenue (连带收入): the profit the customer brings now,
      tempered by payment on time, with what it brings through others; a part not entered is
      left out (the rate: revenue counts in full) and named in `missing`;
    - potential value = weighted increment + weighted win-back: what the plan expects the customer
      to add with us. Beside it, not added (they are not a forecast): the unweighted pipeline, the
      wallet headroom (competitors' spend) and the wallet growth R(wallet × budget growth);
    - share of wallet = our spend ÷ the customer's spend with all carriers (None without spend);
    - quadrant: current ≥ threshold ("high") × potential ≥ threshold → keep_grow (重点保持并拓展),
      keep (保持巩固), grow (重点发展), watch (维持观察);
    - loyalty: `loyalty.loyalty`; tier: `pyramid.tier`.
    """
    costs = c.costs
    parts = {k: getattr(costs, k) if costs else None for k in COST_PARTS}
    cost = sum((x for x in parts.values() if x is not None), ZERO)
    rate = costs.payment_on_time_rate if costs else None
    paid = product(fig.base, rate) if rate is not None else fig.base
    current = paid - cost + (c.associated_revenue or ZERO)
    potential = fig.increment + fig.winback
    wallet, ours, share, prev = shares(c, operator)
    growth = c.budget.growth
    loyal = loyalty(c, year, share, prev, settings.loyalty_weights,
                    settings.long_contract_years, settings.tenure_years)
    high_c, high_p = current >= limits[0], potential >= limits[1]
    quadrant = QUADRANTS[(0 if high_c else 2) + (0 if high_p else 1)]
    tier, rule, params = pyramid_tier(current, rate, loyal.score, fig.yoy, fig.growth, quadrant,
                                      settings)
    return Value(fig.base, rate, paid, parts, cost, c.associated_revenue, current,
                 fig.increment, fig.winback, fig.pipeline, potential, wallet, ours, share, prev,
                 growth, product(wallet, growth) if wallet is not None and growth is not None
                 else None, loyal, quadrant, tier, rule, params, missing_inputs(c), *limits)


def wallet_by_line(spend: Iterable[Spend | SpendSketch]) -> dict[str, dict[str, Decimal]]:
    """A customer's `spend` per business line and carrier, in the order first written."""
    out: dict[str, dict[str, Decimal]] = {}
    for s in spend:
        line = out.setdefault(s.business_line, {})
        line[s.carrier] = line.get(s.carrier, ZERO) + s.amount
    return out
