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
    ask = begin(request)
    if not ask.viewer.director:
        raise forbidden()
    snap = ask.snap
    if snap.review is None:
        problems = [i for i in snap.review_issues if i.severity == "error"]
        return ask.render("review.html", ctx=None, errors=issue_rows(problems, ask.lang))
    review, actuals = snap.review
    ctx = snap.cached("review", lambda: market_review_context(ask.plan, review, actuals,
                                                              snap.labels, ask.lang))
    return ask.render("review.html", ctx=ctx, errors=[])
