"""The stages in order: load -> validate -> compute -> review. The library's entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.compute import Targets, compute_targets
from planner.errors import Issue, errors_of, sorted_issues, warnings_of
from planner.load import load_plan_set
from planner.memo import Memo
from planner.review import review
from planner.validate import Models, PlanSet, validate_plan_set


@dataclass
class Analysis:
    """A plan set read and checked: the plan and its targets when valid, and every issue."""

    plan: PlanSet | None
    targets: Targets | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """The errors, in print order."""
        return errors_of(self.issues)

    @property
    def warnings(self) -> list[Issue]:
        """The review flags, in print order."""
        return warnings_of(self.issues)


def analyse(root: Path, memo: Memo | None = None, models: Models | None = None) -> Analysis:
    """Load, validate, compute and review the plan set in folder `root` (with a `memo` of an
    earlier build, unchanged files are neither parsed nor reviewed again; with `models` of an
    earlier analysis, not validated against their model again)."""
    raw, issues = load_plan_set(root, memo)
    plan, found = validate_plan_set(raw, models)
    issues += found
    if plan is None or errors_of(issues):
        return Analysis(None, None, sorted_issues(issues))
    targets = compute_targets(plan)
    issues = sorted_issues(issues + review(plan, targets, memo))
    for source in plan.sources.values():  # every issue has its position by now
        source.forget_marks()
    return Analysis(plan, targets, issues)
