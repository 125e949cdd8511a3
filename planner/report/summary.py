"""The one-page executive summary (一页纸摘要) of the market and industry plans, the table of all
key customers (附表: 重点客户目标分解) and the approval block every plan closes with."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from typing import Any

from planner.compute import Targets
from planner.compute.codec import within
from planner.compute.money import ZERO
from planner.compute.rollup import roll_up, total
from planner.compute.targets import Figures
from planner.compute.value import wallet_by_line
from planner.report.common import (
    Names,
    money,
    parts,
    percent,
    ranked_items,
    signed_money,
    unit_label,
)
from planner.validate import PlanSet

TOP = 3  # how many risks, competitor-held wallets and opportunities the summary names


def headline(f: Figures, unit: str, L: dict[str, str]) -> dict[str, str]:
    """Base → target with growth, and the bridge between them: base − retention loss +
    increment + win-back = target."""
    return {"base": money(f.base), "total": money(f.total),
            "growth": percent(f.growth, signed=True), "loss": money(f.base - f.stock),
            "stock": money(f.stock), "increment": money(f.increment),
            "winback": money(f.winback), "pipeline": money(f.pipeline),
            "text": L["sum_headline"].format(
                base=money(f.base, unit), total=money(f.total, unit),
                growth=percent(f.growth, signed=True), loss=money(f.base - f.stock),
                increment=money(f.increment), winback=money(f.winback))}


def region_rows(plan: PlanSet, targets: Targets, names: Names, iid: str | None = None,
                ) -> dict[str, Any]:
    """Target, guidance and gap of each region (the market), or the industry's base and target
    in each region (an industry: guidance is set per region, not per industry)."""
    if iid is None:
        groups = targets.regions
    else:
        groups = roll_up(targets.industry_rows(iid), lambda r: r.region,
                         [g.id for g in plan.market.catalog.regions])
    rows = []
    for key, g in groups.items():
        f = g.figures
        rows.append({"name": names.region(key), "base": money(f.base), "total": money(f.total),
                     "growth": percent(f.growth, signed=True),
                     "guidance": money(g.guidance) if g.guidance is not None else "—",
                     "gap": signed_money(g.gap) if g.gap is not None else "—",
                     "coverage": percent(f.total / g.guidance if g.guidance else None)})
    f = sum((g.figures for g in groups.values()), Figures())
    m = targets.market
    guided = iid is None and m.guidance is not None
    return {"rows": rows, "total": {
        "base": money(f.base), "total": money(f.total), "growth": percent(f.growth, signed=True),
        "guidance": money(m.guidance) if guided else "—",
        "gap": signed_money(m.gap) if guided and m.gap is not None else "—",
        "coverage": percent(f.total / m.guidance if guided and m.guidance else None)}}


def risks(plan: PlanSet, cids: Sequence[str], names: Names) -> list[dict[str, str]]:
    """Stock lines whose customers named a risk (a contract expiring, a rival's offer), the
    largest base first."""
    # the first TOP only are held (each customer's sketch is let go once read)
    lines = ((-s.base, c, plan.briefs[c].name, s) for c in cids
             for s in parts(plan.sketches, c, "stock")[0] if s.risk)
    found = heapq.nsmallest(TOP, lines, key=lambda x: x[:2])
    return [{"customer": name, "line": names.line(s.business_line), "base": money(s.base),
             "risk": s.risk or ""} for _, _, name, s in found]


def rival_wallets(plan: PlanSet, targets: Targets, cids: Sequence[str], names: Names,
                  ) -> list[dict[str, str]]:
    """Customers whose spend a competitor holds, the largest competitor spend first."""
    competitors = plan.market.catalog.competitors

    def found() -> Iterator[tuple[Any, str, str, str]]:
        for c in cids:  # (only each sketch's spend is read: 20,000 are not held)
            spend: dict[str, Any] = {}
            for row in wallet_by_line(parts(plan.sketches, c, "spend", keep=False)[0]).values():
                for k in competitors:
                    spend[k] = spend.get(k, ZERO) + row.get(k, ZERO)
            for k, amount in spend.items():
                if amount:
                    yield amount, plan.briefs[c].name, k, c

    top = heapq.nsmallest(TOP, found(), key=lambda x: (-x[0], x[1], x[2]))  # only TOP held
    return [{"customer": name, "competitor": names.carrier(k), "amount": money(amount),
             "share": percent(targets.customers[c].value.share_of_wallet)}
            for amount, name, k, c in top]


def opportunities(plan: PlanSet, cids: Sequence[str], names: Names) -> list[dict[str, str]]:
    """The largest opportunities by weighted amount."""
    return [{"customer": c.name, "name": o.name, "line": names.line(o.business_line),
             "weighted": money(w), "quarter": o.quarter}
            for c, o, w in ranked_items(plan, list(cids), "opportunities", TOP)]


def summary(plan: PlanSet, targets: Targets, f: Figures, cids: Sequence[str], names: Names,
            L: dict[str, str], iid: str | None = None) -> dict[str, Any]:
    """Everything the one-page summary shows."""
    return {"head": headline(f, unit_label(plan, L), L),
            "regions": region_rows(plan, targets, names, iid),
            "risks": risks(plan, cids, names), "wallets": rival_wallets(plan, targets, cids, names),
            "opps": opportunities(plan, cids, names)}


def key_customers(plan: PlanSet, targets: Targets, counts: dict[str, int], names: Names,
                  L: dict[str, str]) -> dict[str, Any]:
    """Every key customer in one table, with how many review flags it has (`counts`, by id),
    and the customers without a plan as their own row, so that the table adds up to the
    market."""
    rows = []
    for cid in targets.customers:
        c, (f,) = plan.briefs[cid], parts(targets.customers, cid, "figures")
        share, quadrant = within(targets.customers, cid, "value", "share_of_wallet", "quadrant")
        rows.append({"name": c.name, "base": money(f.base), "total": money(f.total),
                     "growth": percent(f.growth, signed=True), "pipeline": money(f.pipeline),
                     "winback": money(f.winback), "share": percent(share),
                     "quadrant": L[f"quadrant_{quadrant}"],
                     "manager": c.manager or "", "flags": str(counts.get(cid, 0))})
    bulk = total(targets.bulk_rows())
    if bulk.base or bulk.total:
        rows.append({"name": L["other_customers_short"], "base": money(bulk.base),
                     "total": money(bulk.total), "growth": percent(bulk.growth, signed=True),
                     "pipeline": money(bulk.pipeline), "winback": money(bulk.winback),
                     "share": "—",
                     "quadrant": "—", "manager": "", "flags": ""})
    f = targets.market.figures
    return {"rows": rows, "total": {
        "base": money(f.base), "total": money(f.total), "growth": percent(f.growth, signed=True),
        "pipeline": money(f.pipeline),
        "winback": money(f.winback), "flags": str(sum(counts.values()))}}


def approval(prepared: str | None, reviewed: str | None, approved: str | None,
             date: str) -> dict[str, str]:
    """Who prepares, reviews and approves the plan (blank where nobody is named: the line is
    signed by hand)."""
    return {"prepared": prepared or "", "reviewed": reviewed or "", "approved": approved or "",
            "prepared_on": date}
