"""A customer's sketch: the few parts of its plan that the industry and market plans show, in the
shape of its model (the same attribute names), so the plans above a customer are made from what
its result keeps (`planner.customers`), without reading 20,000 customer files again.

A sketch is made from the model when the file is read, kept in the store with the customer's
result, and stands in for the model wherever a plan of many customers lists their risks,
opportunities, win-back items, spend, relationship activities or innovation needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from planner.model import Customer


@dataclass(frozen=True, slots=True)
class StockSketch:
    """A stock line: its business line, base and risk."""

    business_line: str
    base: Decimal
    risk: str | None


@dataclass(frozen=True, slots=True)
class OpportunitySketch:
    """An opportunity as the plans above list it."""

    name: str
    business_line: str
    amount: Decimal
    probability: Decimal
    quarter: str
    conditions: str | None


@dataclass(frozen=True, slots=True)
class WinBackSketch:
    """A win-back item as the plans above list it."""

    competitor: str
    business_line: str
    amount: Decimal
    probability: Decimal
    quarter: str
    approach: str | None


@dataclass(frozen=True, slots=True)
class SpendSketch:
    """A spend row: carrier, business line, amount."""

    carrier: str
    business_line: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ActivitySketch:
    """A relationship activity and its quarter."""

    quarter: str
    activity: str


@dataclass(frozen=True, slots=True)
class RetentionSketch:
    """The retention plan's risks."""

    risks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RelationshipSketch:
    """The relationship activities."""

    activities: tuple[ActivitySketch, ...]


@dataclass(frozen=True, slots=True)
class NeedsSketch:
    """The innovation needs."""

    innovation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the industry and market plans show of one customer (see the module's docstring)."""

    id: str
    name: str
    industry: str
    region: str
    manager: str | None
    stock: tuple[StockSketch, ...]
    opportunities: tuple[OpportunitySketch, ...]
    winback: tuple[WinBackSketch, ...]
    spend: tuple[SpendSketch, ...]
    retention_plan: RetentionSketch
    relationship: RelationshipSketch
    needs: NeedsSketch


def sketch(c: Customer) -> Sketch:
    """The sketch of a customer's model."""
    return Sketch(
        c.id, c.name, c.industry, c.region, c.manager,
        tuple(StockSketch(s.business_line, s.base, s.risk) for s in c.stock),
        tuple(OpportunitySketch(o.name, o.business_line, o.amount, o.probability, o.quarter,
                                o.conditions) for o in c.opportunities),
        tuple(WinBackSketch(w.competitor, w.business_line, w.amount, w.probability, w.quarter,
                            w.approach) for w in c.winback),
        tuple(SpendSketch(s.carrier, s.business_line, s.amount) for s in c.spend),
        RetentionSketch(tuple(c.retention_plan.risks)),
        RelationshipSketch(tuple(ActivitySketch(a.quarter, a.activity)
                                 for a in c.relationship.activities)),
        NeedsSketch(tuple(c.needs.innovation)))
