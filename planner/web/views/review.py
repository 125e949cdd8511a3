"""`/review`: the business review of the plan against the actuals given with --actuals."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from planner.report.business_review import market_review_context
from planner.web.app import forbidden
from planner.web.views.common import begin, cached_page, issue_rows


@cached_page
def page(request: Request) -> Response:
    """The market's review: summary, industries, regions, lines, customers, quarters, findings
    (for a director: it covers every customer)."""
    pages, snap, viewer, errors = begin(request)
    if errors is not None:
        return errors
    if not viewer.director:
        raise forbidden()
    lang = pages.live.settings.lang
    if snap.review is None:
        problems = [i for i in snap.review_issues if i.severity == "error"]
        return pages.render(request, "review.html", snap=snap, ctx=None,
                            errors=issue_rows(problems, lang))
    review, actuals = snap.review
    plan = snap.analysis.plan
    ctx = snap.cached("review", lambda: market_review_context(plan, review, actuals,
                                                              snap.labels, lang))
    return pages.render(request, "review.html", snap=snap, ctx=ctx, errors=[])
