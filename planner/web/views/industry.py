"""`/industries/<id>`: the industry plan's figures and its customers (the document's context)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from planner.render.charts import COLORS
from planner.report.common import MOST_BARS
from planner.report.industry import industry_context
from planner.web.views.common import (
    begin,
    cached_page,
    chart_number,
    chosen,
    documents,
    issue_rows,
)


@cached_page
def page(request: Request) -> Response:
    """One industry: who manages it, its figures by customer and line, quarters, flags."""
    ask = begin(request)
    snap, plan, t, lang = ask.snap, ask.plan, ask.targets, ask.lang
    iid = chosen(request, "iid", t.industries, ask.viewer.sees_industry)
    flags = [w for w in snap.analysis.warnings if w.subject and (
        (w.subject.level == "industry" and w.subject.id == iid)
        or (w.subject.level == "customer" and w.subject.id in t.industries[iid].customers))]
    ctx = snap.cached(f"industry:{iid}", lambda: industry_context(
        plan, t, iid, flags, snap.labels, lang))
    cids = list(t.industries[iid].customers)
    top = sorted(cids, key=lambda c: -t.customers[c].figures.total)[:MOST_BARS]
    L = snap.labels
    chart = {"labels": [plan.briefs[c].name for c in top], "stacked": True, "horizontal": True,
             "series": [{"label": L[part], "color": COLORS[i],
                         "data": [chart_number(getattr(t.customers[c].figures, part))
                                  for c in top]}
                        for i, part in enumerate(("stock", "increment", "winback"))]}
    return ask.render("industry.html", ctx=ctx, iid=iid,
                      customer_ids=cids, chart=chart, flags=issue_rows(flags, lang, plan),
                      docs=documents(snap, ask.viewer, "industry", iid))
