"""`/customers/<id>`: every section of the key-customer plan, its figures and its flags."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from planner.render.charts import COLORS
from planner.report.customer import customer_context
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
    """One customer's plan, as the document has it, with its flags at file:line."""
    ask = begin(request)
    snap, viewer, plan, t, lang = ask.snap, ask.viewer, ask.plan, ask.targets, ask.lang
    cid = chosen(request, "cid", t.customers, lambda c: viewer.sees_customer(plan, c))
    flags = [w for w in snap.analysis.warnings
             if w.subject and w.subject.level == "customer" and w.subject.id == cid]
    ctx = snap.cached(f"customer:{cid}", lambda: customer_context(
        plan, t, cid, flags, snap.labels, lang))
    L, q = snap.labels, t.customers[cid].figures.quarters
    chart = {"labels": [L[f"q{k}"] for k in range(1, 5)], "stacked": True,
             "series": [{"label": L[part], "color": COLORS[i],
                         "data": [chart_number(x) for x in getattr(q, part)]}
                        for i, part in enumerate(("stock", "increment", "winback"))]}
    c = plan.customers[cid]
    return ask.render("customer.html", ctx=ctx, cid=cid, industry_id=c.industry,
                      sees_industry=viewer.sees_industry(c.industry), chart=chart,
                      flags=issue_rows(flags, lang, plan),
                      docs=documents(snap, viewer, "customer", cid))
