"""Loyalty (忠诚度, seed §2.2): how firmly a customer stays with us, a score in 0..1.

Five components, each in 0..1 and each left out when its inputs were not entered (never assumed):
- contract: the mean of its expiry (0 expired before the plan year, 0.5 expiring in the plan year,
  1 running beyond it) and its term (term ÷ `long_contract_years`, at most 1);
- tenure: years with us by the plan year (plan year − `customer_since`) ÷ `tenure_years`, at most 1;
- share: our share of the customer's wallet;
- trend: that share against the previous year's (every `spend` row with its `previous`): 1 rising,
  0.5 level, 0 falling;
- attitude: the decision makers' (决策者) stated attitudes, 支持 1, 中立 0.5, 反对 0, averaged.
The score is their weighted mean (`review.loyalty_weights`, default all 1) over the components
known; None when none is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.model import Contract, Customer, LoyaltyWeights

COMPONENTS = ("contract", "tenure", "share", "trend", "attitude")
ATTITUDE_SCORE = {"支持": Decimal(1), "中立": Decimal("0.5"), "反对": Decimal(0)}
HALF = Decimal("0.5")


@dataclass(frozen=True, slots=True)
class Loyalty:
    """The loyalty score and its components (None: not known from the plan file)."""

    score: Decimal | None
    parts: dict[str, Decimal | None]
    term_years: Decimal | None  # as written, or from the contract's start and expiry
    years_with_us: int | None


def term_years(contract: Contract) -> Decimal | None:
    """The contract's term in years: as written, else whole months from start to expiry ÷ 12
    (2025-01-01 .. 2027-12-31 = 36 months = 3 years)."""
    if contract.term_years is not None:
        return Decimal(contract.term_years)
    s, e = contract.start, contract.expiry
    if s is None or e is None or e < s:
        return None
    months = (e.year - s.year) * 12 + e.month - s.month + (1 if e.day >= s.day else 0)
    return Decimal(months) / 12


def _mean(xs: list[Decimal]) -> Decimal | None:
    return sum(xs, Decimal(0)) / len(xs) if xs else None


def contract_score(contract: Contract, year: int, long_years: int) -> Decimal | None:
    """Mean of the expiry score (0 before the plan year, 0.5 in it, 1 after) and the term score."""
    parts = []
    if contract.expiry is not None:
        e = contract.expiry
        parts.append(Decimal(0) if e < date(year, 1, 1) else HALF if e.year == year
                     else Decimal(1))
    term = term_years(contract)
    if term is not None:
        parts.append(min(term / long_years, Decimal(1)))
    return _mean(parts)


def trend_score(share: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """1 when our share of wallet rose since the previous year, 0.5 level, 0 fell."""
    if share is None or previous is None:
        return None
    return Decimal(1) if share > previous else HALF if share == previous else Decimal(0)


def attitude_score(c: Customer) -> Decimal | None:
    """The decision makers' attitudes averaged (支持 1, 中立 0.5, 反对 0)."""
    return _mean([ATTITUDE_SCORE[p.attitude] for p in c.relationship.contacts
                  if p.role == "决策者" and p.attitude is not None])


def loyalty(c: Customer, year: int, share: Decimal | None, previous_share: Decimal | None,
            weights: LoyaltyWeights, long_years: int, tenure_years: int) -> Loyalty:
    """The weighted mean of the known components (module docstring); None when none is known."""
    years = max(year - c.customer_since, 0) if c.customer_since is not None else None
    parts = {
        "contract": contract_score(c.contract, year, long_years),
        "tenure": None if years is None else min(Decimal(years) / tenure_years, Decimal(1)),
        "share": share,
        "trend": trend_score(share, previous_share),
        "attitude": attitude_score(c),
    }
    known = [(getattr(weights, k), s) for k, s in parts.items()
             if s is not None and getattr(weights, k) > 0]
    total = sum((w for w, _ in known), Decimal(0))
    score = sum((w * s for w, s in known), Decimal(0)) / total if total else None
    return Loyalty(score, parts, term_years(c.contract), years)
