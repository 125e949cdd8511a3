"""Review flags of the customer value assessment (客户价值评估): what it could not know, and a
plan that does not act on what it found."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from planner.compute.money import round_percent
from planner.model import Customer, walk
from planner.report.common import money

if TYPE_CHECKING:
    from planner.compute import Targets
    from planner.errors import Issue
    from planner.validate import PlanSet


def value_flags(plan: PlanSet, targets: Targets, c: Customer, flag: Any) -> list[Issue]:
    """The completeness rule: every value input not entered, in one flag."""
    v = targets.customers[c.id].value
    if not v.missing:
        return []
    labels = [walk(Customer, tuple(path.split(".")))[0] for path in v.missing]
    fields = ("、".join(zh for zh, _ in labels), ", ".join(en for _, en in labels))  # type: ignore
    loc = ("costs",) if c.costs is not None else ("id",)
    return [flag(loc, "value_incomplete", fields=fields, n=len(labels))]


def _pct(x: Decimal) -> str:
    return f"{round_percent(x):.1f}%"


def action_flags(plan: PlanSet, targets: Targets, c: Customer, flag: Any) -> list[Issue]:
    """A high-value customer whose contract expires in the plan year with no retention action; a
    customer of low loyalty with no activity with a decision maker; a customer whose revenue fell
    (beyond `value_change`) planned for growth with no `growth_basis`."""
    v = targets.customers[c.id].value
    s = plan.market.review
    out: list[Issue] = []
    expiry = c.contract.expiry
    if v.current >= v.current_threshold and expiry is not None \
            and expiry.year == plan.market.plan.year and not c.retention_plan.actions \
            and not any((line.measure or "").strip() for line in c.stock):
        out.append(flag(("contract", "expiry"), "expiring_without_retention",
                        expiry=expiry.isoformat(), current=money(v.current),
                        threshold=money(v.current_threshold)))
    score = v.loyalty.score
    if score is not None and score < s.loyalty_low and not _meets_decision_maker(c):
        loc = ("relationship", "activities") if c.relationship.activities else ("relationship",)
        out.append(flag(loc, "low_loyalty_no_decision_maker", loyalty=f"{score:.2f}",
                        limit=f"{s.loyalty_low:.2f}"))
    fig = targets.customers[c.id].figures
    if fig.yoy is not None and fig.yoy < -s.value_change and fig.growth is not None \
            and fig.growth > 0 and not (c.growth_basis or "").strip():
        out.append(flag(("id",), "falling_planned_growth", change=_pct(-fig.yoy),
                        growth=_pct(fig.growth)))
    return out


def _meets_decision_maker(c: Customer) -> bool:
    """Whether a relationship activity is with a decision maker: its `contact`, or its text,
    names one."""
    names = [p.name for p in c.relationship.contacts if p.role == "决策者"]
    return any(a.contact in names or any(n in a.activity for n in names)
               for a in c.relationship.activities)
