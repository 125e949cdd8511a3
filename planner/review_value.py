"""Review flags of the customer value assessment (客户价值评估): what it could not know."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.model import Customer, walk

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
