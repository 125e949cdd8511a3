"""`planner review ... --json`: the review figures for programs, and the findings' texts.

Money as JSON numbers in `plan.money_unit`, unrounded; rates as fractions; a quarter after
`through` has no actual (null). The shape is documented in README "For programs".
"""

from __future__ import annotations

from typing import Any

from planner.actuals import Actuals
from planner.compute.review_actuals import PARTS, Flag, Progress, Review
from planner.messages import message
from planner.report.common import Names, money, percent, signed_money
from planner.report.json import number, optional, plan_info
from planner.validate import PlanSet

QUARTER_WORDS = {1: ("一季度末", "Q1"), 2: ("二季度末", "Q2"), 3: ("三季度末", "Q3"),
                 4: ("四季度末", "Q4")}


def progress_json(p: Progress) -> dict[str, Any]:
    """The figures of one scope."""
    return {
        "target": number(p.target), "actual": number(p.actual),
        "achievement": optional(p.achievement), "gap": number(p.gap), "year": number(p.year),
        "remaining": number(p.remaining), "forecast": number(p.forecast),
        "forecast_achievement": optional(p.forecast_achievement),
        "base_to_date": number(p.base_to_date), "yoy": optional(p.yoy),
        "quarters": {"target": [number(q) for q in p.target_q],
                     "actual": [number(q) if k < p.through else None
                                for k, q in enumerate(p.actual_q)]},
        "parts": {name: {"target": number(part.target), "actual": number(part.actual),
                         "achievement": optional(part.achievement), "year": number(part.year),
                         "forecast": number(part.forecast)}
                  for i, name in enumerate(PARTS) for part in [p.part(i)]},
    }


def review_json(plan: PlanSet, review: Review, actuals: Actuals, lang: str = "zh",
                ) -> dict[str, Any]:
    """The whole review: every level, the items' status, the findings (texts in `lang`)."""
    customers = {}
    for cid, p in review.customers.items():
        c = plan.briefs[cid]
        customers[cid] = {"name": c.name, "industry": c.industry, "region": c.region,
                          **progress_json(p),
                          "lines": {line: progress_json(lp)
                                    for line, lp in review.customer_lines[cid].items()}}
    names = Names(plan, lang=lang)
    return {
        "plan": plan_info(plan),
        "review": {
            "through": f"Q{review.through}", "threshold": number(review.threshold),
            "scope": "key_customers",
            "actuals": [{"file": s.file, "sheet": s.sheet, "sha256": s.sha256,
                         "columns": s.columns, "unit": s.unit, "rows": s.rows,
                         "skipped": s.skipped} for s in actuals.sources],
            "unmatched": {"rows": actuals.unmatched_rows, "amount": number(actuals.unmatched)},
        },
        "customers": customers,
        "industries": {k: {**progress_json(p), "customers": list(review.industry_customers[k])}
                       for k, p in review.industries.items()},
        "regions": {k: progress_json(p) for k, p in review.regions.items()},
        "business_lines": {k: progress_json(p) for k, p in review.lines.items()},
        "market": progress_json(review.market),
        "items": [{"customer": i.customer, "kind": i.kind, "index": i.index,
                   "name": item_name(plan, i.customer, i.kind, i.index), "line": i.line,
                   "quarter": f"Q{i.quarter}", "weighted": number(i.weighted), "due": i.due,
                   "beyond_stock": number(i.beyond_stock), "stalled": i.stalled}
                  for i in review.items],
        "flags": [{"code": f.code, "level": f.level, "id": f.id, "line": f.line,
                   "item": f.item.index if f.item else None,
                   "message": flag_message(plan, review, f, names, lang),
                   "fix": message(f.code, "fix", lang, {})} for f in review.flags],
    }


def item_name(plan: PlanSet, cid: str, kind: str, index: int) -> str:
    """An opportunity's name, or a win-back item's competitor."""
    c = plan.customers[cid]
    return c.opportunities[index].name if kind == "opportunity" else c.winback[index].competitor


def subject(plan: PlanSet, f: Flag, names: Names, lang: str) -> str:
    """What a finding is about: the customer, industry or region's name, or the market."""
    if f.level == "customer" and f.id:
        return plan.briefs[f.id].name
    if f.level == "industry" and f.id:
        return names.industry(f.id)
    if f.level == "region" and f.id:
        return names.region(f.id)
    return "Market" if lang == "en" else "市场"


def flag_message(plan: PlanSet, review: Review, f: Flag, names: Names, lang: str) -> str:
    """A finding's text in `lang`, its figures formatted."""
    p = f.progress
    params: dict[str, Any] = {
        "subject": subject(plan, f, names, lang), "through": QUARTER_WORDS[review.through],
        "achievement": percent(p.achievement), "threshold": percent(review.threshold),
        "target": money(p.target), "actual": money(p.actual),
        "gap": signed_money(p.gap), "base": money(p.base_to_date),
        "change": percent(p.yoy, signed=True), "line": names.line(f.line) if f.line else "",
        "planned": percent(p.target / p.base_to_date - 1 if p.base_to_date else None,
                           signed=True),
    }
    if f.item is not None:
        params.update(name=item_name(plan, f.item.customer, f.item.kind, f.item.index),
                      quarter=f"Q{f.item.quarter}", weighted=money(f.item.weighted),
                      stock=money(p.parts_target[0]))
    return message(f.code, "message", lang, params)
