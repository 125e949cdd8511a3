"""`/flags`: every review flag the viewer may see, filtered by level, kind, manager, region."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from planner.report.common import Names
from planner.web.views.common import begin, cached_page, issue_rows

FILTERS = ("level", "kind", "manager", "region")


@cached_page
def page(request: Request) -> Response:
    """The flags table; the query string filters it (`?level=customer&kind=...`)."""
    ask = begin(request)
    snap, plan, lang, L = ask.snap, ask.plan, ask.lang, ask.snap.labels
    mine = [w for w in snap.analysis.warnings if ask.viewer.sees_issue(plan, w)]
    rows = issue_rows(mine, lang, plan)
    for row, w in zip(rows, mine):
        row["subject"] = row["subject"] or L["web_level_market"]
        row["kind"] = L.get(f"flag_{w.code}", w.code)
    names = Names(plan, lang=lang)
    options = {
        "level": sorted({(r["level"], L[f"web_level_{r['level']}"]) for r in rows if r["level"]}),
        "kind": sorted({(r["code"], r["kind"]) for r in rows}, key=lambda o: o[1]),
        "manager": sorted({(r["owner"], r["owner"]) for r in rows if r["owner"]}),
        "region": sorted({(r["region"], names.region(r["region"])) for r in rows if r["region"]}),
    }
    chosen = {k: request.query_params.get(k, "") for k in FILTERS}
    field = {"level": "level", "kind": "code", "manager": "owner", "region": "region"}
    shown = [r for r in rows if all(not v or r[field[k]] == v for k, v in chosen.items())]
    return ask.render("flags.html", rows=shown, total=len(rows), options=options, chosen=chosen)
