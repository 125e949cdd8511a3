"""What every page view needs: the snapshot, the errors page, documents, flags as rows."""

from __future__ import annotations

import functools
from collections.abc import Callable, Container
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from planner.compute import Targets
from planner.errors import Issue
from planner.report.common import people_labels, subject_name
from planner.validate import PlanSet
from planner.web.access import Viewer
from planner.web.app import Pages, viewer_of
from planner.web.state import Snapshot


@dataclass
class Ask:
    """One request for a page of a valid plan set: who asks, and the version they get."""

    request: Request
    pages: Pages
    snap: Snapshot
    viewer: Viewer
    plan: PlanSet
    targets: Targets
    lang: str

    def render(self, name: str, **ctx: Any) -> HTMLResponse:
        """The page from template `name`, at this version."""
        return self.pages.render(self.request, name, snap=self.snap, **ctx)


class ShowErrors(Exception):
    """The plan set has errors: the page that lists them is the answer to every page."""

    def __init__(self, response: Response):
        super().__init__("plan set invalid")
        self.response = response


def begin(request: Request) -> Ask:
    """The request with the current snapshot and viewer; when the plan set has errors,
    ShowErrors with the page that shows them at file:line instead of figures."""
    pages: Pages = request.app.state.pages
    snap = pages.live.current()
    viewer = viewer_of(request)
    plan, targets = snap.analysis.plan, snap.analysis.targets
    if plan is None or targets is None:
        known = pages.live.last_valid.plan if pages.live.last_valid else None
        errors = snap.analysis.errors
        shown = [e for e in errors if viewer.sees_issue(known, e)]
        raise ShowErrors(pages.render(
            request, "invalid.html", snap=snap, errors=issue_rows(shown, pages.live.settings.lang),
            hidden=len(errors) - len(shown)))
    return Ask(request, pages, snap, viewer, plan, targets, pages.live.settings.lang)


def chosen(request: Request, name: str, known: Container[str],
           allowed: Callable[[str], bool]) -> str:
    """The id in the path: the 404 page when the plan has no such id, the 403 page when the
    viewer may not see it."""
    from planner.web.app import forbidden, not_found

    id = request.path_params[name]
    if id not in known:
        raise not_found()
    if not allowed(id):
        raise forbidden()
    return id


def issue_rows(issues: list[Issue], lang: str, plan: PlanSet | None = None) -> list[dict]:
    """Errors or flags as rows: where (file:line), field, what is wrong, what to do; the flags of a
    valid plan set (`plan` given) worded for people, as in the documents."""
    rows = []
    label = people_labels(plan, lang) if plan is not None else None
    people = plan is not None
    for i in issues:
        s = i.subject
        region = ""
        if plan is not None and s is not None and s.id is not None:
            if s.level == "customer" and s.id in plan.briefs:
                region = plan.briefs[s.id].region
            elif s.level == "region":
                region = s.id
        rows.append({"where": f"{i.file}:{i.line}", "field": i.field or "-",
                     "label": label(i) if label else i.label_text(lang),
                     "message": i.message(lang, people), "fix": i.fix(lang, people),
                     "code": i.code, "level": s.level if s else "", "id": s.id if s else None,
                     "owner": (s.owner or "") if s else "", "region": region,
                     "subject": subject_name(plan, i, lang) if plan is not None else ""})
    return rows


def documents(snap: Snapshot, viewer: Viewer, level: str | None, id: str | None = None,
              ) -> list[dict[str, Any]]:
    """The last build's documents of one customer, industry or the market (`level` None: all
    of them) that viewer may open."""
    plan = snap.analysis.plan
    return [{"path": o["path"], "url": "/files/" + quote(o["path"]), "format": o.get("format")}
            for o in snap.manifest
            if (level is None or (o.get("level") == level and o.get("id") == id))
            and viewer.sees_output(plan, o)]


def cached_page(view: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """The page as made once per version of the plan set and per user (without a query string:
    a filtered page is made each time, so that no one can fill the memory with variants)."""

    @functools.wraps(view)
    def run(request: Request) -> Response:
        if request.url.query:
            try:
                return view(request)
            except ShowErrors as e:
                return e.response
        snap = request.app.state.live.current()
        user = viewer_of(request).user
        key = f"page:{hash(user) if user else ''}:{request.url.path}"

        def make() -> tuple[bytes, int]:
            try:
                response = view(request)
            except ShowErrors as e:
                response = e.response
            return bytes(response.body), response.status_code

        body, status = snap.cached(key, make)
        return HTMLResponse(body, status_code=status)

    return run


def chart_number(x: Decimal | None) -> float | None:
    """A figure for a chart, which wants floats: the ledger's cents, as the documents show them."""
    return None if x is None else float(x)
