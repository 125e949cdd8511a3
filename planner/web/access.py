"""Who sees what: a director everything; an industry manager their industries and the customers
in them (and any customers given to them); an account manager only their customers.

Every page and every file asks here, on the server, before it is made or sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from planner.errors import Issue
from planner.validate import PlanSet
from planner.web.users import User


@dataclass(frozen=True)
class Viewer:
    """The person asking; `user` None means no users file: the app's own machine only."""

    user: User | None

    @property
    def director(self) -> bool:
        """Sees everything: the market, every region, industry, customer and file."""
        return self.user is None or self.user.role == "director"

    def sees_industry(self, iid: str) -> bool:
        """May see the industry's page and documents."""
        return self.director or (self.user is not None and self.user.role == "industry"
                                 and iid in self.user.industries)

    def sees_customer(self, plan: PlanSet | None, cid: str) -> bool:
        """May see the customer's page and documents."""
        if self.director or (self.user is not None and cid in self.user.customers):
            return True
        c = plan.briefs.get(cid) if plan else None
        return c is not None and self.sees_industry(c.industry)

    def sees_output(self, plan: PlanSet | None, entry: dict[str, Any]) -> bool:
        """May open a document of the manifest."""
        level, id = entry.get("level"), entry.get("id")
        if level == "customer":
            return isinstance(id, str) and self.sees_customer(plan, id)
        if level == "industry":
            return isinstance(id, str) and self.sees_industry(id)
        return self.director  # the market plan, the review workbook

    def sees_issue(self, plan: PlanSet | None, issue: Issue) -> bool:
        """May see a review flag or an error (by what it is about, else by its file)."""
        if self.director:
            return True
        s = issue.subject
        if s is not None and s.id is not None:
            if s.level == "customer":
                return self.sees_customer(plan, s.id)
            if s.level == "industry":
                return self.sees_industry(s.id)
            return False
        path = PurePosixPath(issue.file.replace("\\", "/"))
        if path.parent.name == "customers":
            return self.sees_customer(plan, path.stem)
        if path.parent.name == "industries":
            return self.sees_industry(path.stem)
        return False
