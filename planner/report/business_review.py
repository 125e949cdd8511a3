"""The contexts of the business review documents (定期业务回顾): a customer's, an industry's and the
market's plan vs actual, as text. Every table's shown figures add up to its shown totals; a gap
shown is the shown actual minus the shown target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.actuals import Actuals
from planner.compute.money import ZERO
from planner.compute.review_actuals import PARTS, Flag, Progress, Review
from planner.messages import message
from planner.report.common import Names, money, percent, signed_money
from planner.report.review_json import flag_message, item_name, subject
from planner.validate import PlanSet

FLAG_ORDER = ("rv_below_threshold", "rv_line_below_threshold", "rv_line_falling",
              "rv_opportunity_stalled", "rv_winback_stalled")


class _Doc:
    """What every review document of one review shares: names, labels, the period."""

    def __init__(self, plan: PlanSet, review: Review, actuals: Actuals, L: dict[str, str],
                 lang: str):
        self.plan, self.review, self.actuals, self.L, self.lang = plan, review, actuals, L, lang
        self.names = Names(plan, L, lang=lang)
        self.unit = plan.market.plan.money_unit
        self.q = L[f"q{review.through}"]
        self.through = L["rv_through"].format(q=self.q)

    def info(self, title: str, name: str = "") -> dict[str, str]:
        """The title block: the whole title, or the name and the review on two lines."""
        p, L = self.plan.market.plan, self.L
        key = "rv_period_one" if self.review.through == 1 else "rv_period"
        period = L[key].format(year=p.year, first=L["q1"], last=L[f"q{self.review.through}"])
        files = "、".join(dict.fromkeys(s.file.rsplit("/", 1)[-1] for s in self.actuals.sources))
        return {"title": title, "name": name,
                "review": L["rv_title_line"].format(year=p.year, q=self.q), "unit": p.unit,
                "year": str(p.year), "money_unit": self.unit,
                "period": period, "through": self.through,
                "threshold": percent(self.review.threshold), "sources": files or L["none"],
                "owner": p.owner or L["not_filled"], "reviewer": p.reviewer or L["not_filled"]}

    def low(self, p: Progress) -> bool:
        """Achievement below the threshold."""
        return p.achievement is not None and p.achievement < self.review.threshold

    def achievement(self, p: Progress) -> str:
        """'94.8%', with a mark when below the threshold."""
        return percent(p.achievement) + (" ▼" if self.low(p) else "")

    def summary(self, p: Progress) -> dict[str, Any]:
        """The key figures and the verdict sentence."""
        L = self.L
        gap = signed_money(p.gap)
        verdict = L["rv_verdict"].format(
            through=self.through, actual=money(p.actual, self.unit),
            target=money(p.target, self.unit), achievement=percent(p.achievement), gap=gap,
            forecast=money(p.forecast, self.unit), year=money(p.year, self.unit),
            forecast_achievement=percent(p.forecast_achievement))
        if p.achievement is None:
            verdict = L["rv_verdict_no_target"].format(
                through=self.through, actual=money(p.actual, self.unit))
        return {"target": money(p.target), "actual": money(p.actual),
                "achievement": self.achievement(p), "gap": gap, "year": money(p.year),
                "forecast": money(p.forecast),
                "forecast_achievement": percent(p.forecast_achievement),
                "base": money(p.base_to_date), "yoy": percent(p.yoy, signed=True),
                "verdict": verdict,
                "status": L["rv_status_low" if self.low(p) else "rv_status_ok"]}

    def table(self, entries: Sequence[tuple[str, Progress]], total: Progress,
              ) -> dict[str, Any]:
        """Rows of target, actual, achievement, gap, YoY, year, forecast and the total row."""
        rows = [self._cells(name, p) for name, p in entries]
        return {"rows": rows, "total": self._cells(self.L["total"], total)}

    def _cells(self, name: str, p: Progress) -> dict[str, str]:
        return {"name": name, "target": money(p.target), "actual": money(p.actual),
                "achievement": self.achievement(p), "gap": signed_money(p.gap),
                "yoy": percent(p.yoy, signed=True), "year": money(p.year),
                "forecast": money(p.forecast),
                "forecast_achievement": percent(p.forecast_achievement)}

    def parts(self, p: Progress) -> dict[str, Any]:
        """Stock / increment / win-back: target and attributed actual to date, year, forecast."""
        parts = [p.part(i) for i in range(3)]
        rows = [{"name": self.L[key], "target": money(part.target),
                 "actual": money(part.actual), "achievement": percent(part.achievement),
                 "year": money(part.year), "forecast": money(part.forecast)}
                for key, part in zip(PARTS, parts)]
        total = {"name": self.L["total"],
                 **{k: money(sum((getattr(x, k) for x in parts), ZERO))
                    for k in ("target", "actual", "year", "forecast")},
                 "achievement": percent(p.achievement)}
        return {"rows": rows, "total": total}

    def quarters(self, p: Progress) -> dict[str, Any]:
        """Q1..Q4: plan, actual, cumulative plan and actual, cumulative achievement."""
        t = self.review.through
        rows = []
        cum_plan = cum_actual = ZERO
        for k in range(4):
            cum_plan += p.target_q[k]
            row = {"name": self.L[f"q{k + 1}"], "plan": money(p.target_q[k]),
                   "cum_plan": money(cum_plan), "actual": "—", "cum_actual": "—",
                   "achievement": "—"}
            if k < t:
                cum_actual += p.actual_q[k]
                row.update(actual=money(p.actual_q[k]), cum_actual=money(cum_actual),
                           achievement=percent(cum_actual / cum_plan if cum_plan else None))
            rows.append(row)
        return {"rows": rows, "total": {"plan": money(cum_plan),
                                        "actual": money(sum(p.actual_q[:t], ZERO))}}

    def items(self, cids: Sequence[str]) -> list[dict[str, str]]:
        """The opportunities and win-back items of these customers, with their status."""
        L = self.L
        rows = []
        for i in self.review.items:
            if i.customer not in cids:
                continue
            if not i.due:
                status = L["rv_item_not_due"]
            elif i.stalled:
                status = L["rv_item_stalled"]
            else:
                status = L["rv_item_started"].format(amount=money(i.beyond_stock))
            rows.append({"customer": self.plan.customers[i.customer].name,
                         "kind": L["rv_kind_" + i.kind],
                         "name": item_name(self.plan, i.customer, i.kind, i.index),
                         "line": self.names.line(i.line), "quarter": f"Q{i.quarter}",
                         "weighted": money(i.weighted), "status": status})
        return rows

    def flags(self, flags: Sequence[Flag]) -> list[dict[str, str]]:
        """Findings as rows: about what, what, what to do (and a blank for the causes)."""
        return [{"subject": subject(self.plan, f, self.names, self.lang)
                 + (f" · {self.names.line(f.line)}" if f.line else ""),
                 "message": flag_message(self.plan, self.review, f, self.names, self.lang),
                 "fix": message(f.code, "fix", self.lang, {})} for f in flags]

    def counts(self, flags: Sequence[Flag]) -> list[dict[str, str]]:
        """How many findings of each kind."""
        return [{"kind": self.L[f"rv_flag_{code}"],
                 "count": str(sum(1 for f in flags if f.code == code))}
                for code in FLAG_ORDER if any(f.code == code for f in flags)]


def customer_review_context(plan: PlanSet, review: Review, actuals: Actuals, cid: str,
                            L: dict[str, str], lang: str) -> dict[str, Any]:
    """A key customer's review: summary, by line, by part, by quarter, items, findings."""
    d = _Doc(plan, review, actuals, L, lang)
    c = plan.customers[cid]
    p = review.customers[cid]
    lines = review.customer_lines[cid]
    return {
        "L": L,
        "doc": d.info(L["rv_cust_title"].format(name=c.name, year=plan.market.plan.year,
                                                q=d.q), c.name),
        "c": {"name": c.name, "industry": d.names.industry(c.industry),
              "region": d.names.region(c.region), "manager": c.manager or L["not_filled"]},
        "summary": d.summary(p),
        "by_line": d.table([(d.names.line(k), lp) for k, lp in lines.items()], p),
        "parts": d.parts(p),
        "quarters": d.quarters(p),
        "items": d.items([cid]),
        "flags": d.flags([f for f in review.flags if f.level == "customer" and f.id == cid]),
    }


def industry_review_context(plan: PlanSet, review: Review, actuals: Actuals, iid: str,
                            L: dict[str, str], lang: str) -> dict[str, Any]:
    """An industry's review: its customers and lines, parts, quarters, items, findings."""
    d = _Doc(plan, review, actuals, L, lang)
    p = review.industries[iid]
    cids = list(review.industry_customers[iid])
    rows = [r for r in review.rows if r.industry == iid]
    by_line: dict[str, Progress] = {}
    for r in rows:
        by_line[r.line] = by_line.get(r.line, Progress(review.through)) + r.progress
    order = [k for k in d.names.lines if k in by_line]
    flags = [f for f in review.flags if f.level == "industry" and f.id == iid
             or f.level == "customer" and f.id in cids]
    return {
        "L": L,
        "doc": d.info(L["rv_ind_title"].format(name=d.names.industry(iid),
                                               year=plan.market.plan.year, q=d.q),
                      L["rv_ind_name"].format(name=d.names.industry(iid))),
        "ind": {"name": d.names.industry(iid), "customers": str(len(cids)),
                "manager": (plan.industries[iid].manager if iid in plan.industries else None)
                or L["not_filled"]},
        "summary": d.summary(p),
        "by_customer": d.table([(plan.customers[c].name, review.customers[c]) for c in cids], p),
        "by_line": d.table([(d.names.line(k), by_line[k]) for k in order], p),
        "parts": d.parts(p),
        "quarters": d.quarters(p),
        "items": d.items(cids),
        "counts": d.counts(flags),
        "flags": d.flags(flags),
    }


def market_review_context(plan: PlanSet, review: Review, actuals: Actuals, L: dict[str, str],
                          lang: str) -> dict[str, Any]:
    """The market's review: industries, regions, lines, customers, parts, quarters, findings."""
    d = _Doc(plan, review, actuals, L, lang)
    p = review.market
    m = plan.market.plan
    ranked = sorted(review.customers, key=lambda c: (review.customers[c].achievement is None,
                                                     review.customers[c].achievement or 0, c))
    top = [f for f in review.flags if f.level != "customer" or f.code == "rv_below_threshold"]
    scope = L["rv_scope"].format(n=len(review.customers))
    if actuals.unmatched_rows:
        scope += L["rv_unmatched"].format(n=actuals.unmatched_rows,
                                          amount=money(actuals.unmatched, d.unit))
    return {
        "L": L,
        "doc": {**d.info(L["rv_mkt_title"].format(unit=m.unit, year=m.year, q=d.q)),
                "scope": scope},
        "summary": d.summary(p),
        "by_industry": d.table([(d.names.industry(k), g) for k, g in review.industries.items()],
                               p),
        "by_region": d.table([(d.names.region(k), g) for k, g in review.regions.items()], p),
        "by_line": d.table([(d.names.line(k), g) for k, g in review.lines.items()], p),
        "by_customer": d.table([(plan.customers[c].name, review.customers[c]) for c in ranked],
                               p),
        "parts": d.parts(p),
        "quarters": d.quarters(p),
        "counts": d.counts(review.flags),
        "flags": d.flags(top),
    }
