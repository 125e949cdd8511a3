"""The value assessment in the documents: a customer's parts, its place among its industry's
customers and its stance; the value chapter of the industry and market plans (matrix, pyramid).

What was not entered is shown as 未填写 (L.not_filled), never as 0.00 or 100.0%."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from planner.compute import CustomerTargets, Targets
from planner.compute.codec import within
from planner.compute.loyalty import COMPONENTS
from planner.compute.money import ZERO
from planner.compute.pyramid import TIERS, position, quartiles
from planner.compute.value import QUADRANTS, Value
from planner.model import Customer
from planner.report.common import money, parts, percent
from planner.validate import PlanSet

MOST_RANKED = 30  # the market plan's ranking lists the first 30 customers


def _m(x: Decimal | None, L: dict[str, str]) -> str:
    return L["not_filled"] if x is None else money(x)


def score(x: Decimal | None, L: dict[str, str]) -> str:
    """A 0..1 score with two decimals, or 未填写."""
    return L["not_filled"] if x is None else f"{x:.2f}"


def tier_reason(v: Value, L: dict[str, str]) -> str:
    """The pyramid rule that put the customer in its tier, with its figures."""
    p = v.tier_params
    return L[f"tier_rule_{v.tier_rule}"].format(
        current=money(p.get("current")), rate=percent(p.get("rate")),
        loyalty=score(p.get("loyalty"), L), change=percent(p.get("change"), signed=True),
        limit=percent(p["limit"]) if "limit" in p and v.tier_rule != "low_loyalty"
        else score(p.get("limit"), L))


def _loyalty_rows(c: Customer, v: Value, L: dict[str, str]) -> list[dict[str, str]]:
    lo = v.loyalty
    basis = {
        "contract": L["clause_sep"].join(x for x in (
            L["loyalty_expiry"].format(date=c.contract.expiry.isoformat())
            if c.contract.expiry else "",
            L["loyalty_term"].format(years=f"{lo.term_years:.1f}".rstrip("0").rstrip("."))
            if lo.term_years is not None else "") if x),
        "tenure": L["loyalty_tenure_text"].format(since=c.customer_since, years=lo.years_with_us)
        if lo.years_with_us is not None else "",
        "share": percent(v.share_of_wallet) if v.share_of_wallet is not None else "",
        "trend": L["loyalty_trend_text"].format(before=percent(v.previous_share),
                                          now=percent(v.share_of_wallet))
        if v.previous_share is not None and v.share_of_wallet is not None else "",
        "attitude": L["list_sep"].join(
            f"{p.name}{L['paren_open']}{L.get(f'enum_{p.attitude}', p.attitude)}{L['paren_close']}"
            for p in c.relationship.contacts if p.role == "决策者" and p.attitude),
    }
    return [{"name": L[f"loyalty_{k}"], "score": score(lo.parts[k], L),
             "basis": basis[k] or L["not_filled"]} for k in COMPONENTS]


def peers_rows(t: CustomerTargets, peers: tuple[tuple[Decimal, ...], ...],
               L: dict[str, str]) -> list[dict[str, str]]:
    """This customer's current, potential and overall value against its industry's quartiles
    (`peers`: the industry's current, potential and overall values, `Targets.peers`)."""
    rows = []
    for key, values, mine in (("value_current", peers[0], t.value.current),
                              ("value_potential", peers[1], t.value.potential),
                              ("value_overall", peers[2], t.value.overall)):
        q = quartiles(values)
        assert q is not None  # the customer is among its peers
        rows.append({"name": L[key], "ours": money(mine), "q1": money(q[0]),
                     "median": money(q[1]), "q3": money(q[2]),
                     "position": L[f"position_{position(mine, q)}"]})
    return rows


def customer_value(plan: PlanSet, targets: Targets, cid: str, L: dict[str, str]) -> dict[str, Any]:
    """The customer plan's value section."""
    c, t = plan.customers[cid], targets.customers[cid]
    v = t.value
    rate = percent(v.payment_rate) if v.payment_rate is not None else L["not_filled"]
    current = [
        {"name": L["value_revenue"], "amount": money(v.revenue)},
        {"name": L["value_payment"], "amount": rate},
        {"name": L["value_paid"], "amount": money(v.paid)},
        *[{"name": "− " + L[f"cost_{k}"], "amount": _m(x, L)} for k, x in v.costs.items()],
        {"name": "+ " + L["value_associated"], "amount": _m(v.associated, L)},
    ]
    potential = [{"name": L["value_increment"], "amount": money(v.increment)},
                 {"name": L["value_winback"], "amount": money(v.winback)}]
    beside = [
        {"name": L["pipeline"], "amount": money(v.pipeline)},
        {"name": L["value_wallet"], "amount": _m(v.wallet, L)},
        {"name": L["value_headroom"], "amount": _m(v.headroom, L)},
        {"name": L["value_budget_growth"], "amount": percent(v.budget_growth, signed=True)
         if v.budget_growth is not None else L["not_filled"]},
        {"name": L["value_wallet_growth"], "amount": _m(v.wallet_growth, L)},
    ]
    # every customer of the industry, also one without any target row (not in the roll-up)
    peers = targets.peers[c.industry]  # every customer of the industry, also one without rows
    missing = [L.get(f"missing_{m.replace('.', '_')}", m) for m in v.missing]
    return {
        "current_rows": current, "current": money(v.current),
        "potential_rows": potential, "potential": money(v.potential), "beside": beside,
        "overall": money(v.overall), "share": percent(v.share_of_wallet),
        "loyalty_rows": _loyalty_rows(c, v, L), "loyalty": score(v.loyalty.score, L),
        "quadrant": L[f"quadrant_{v.quadrant}"], "quadrant_id": v.quadrant,
        "reason": L[f"reason_{v.quadrant}"],
        "tier": L[f"tier_{v.tier}"], "tier_id": v.tier, "tier_reason": tier_reason(v, L),
        "stance": L[f"stance_{v.stance}"], "stance_id": v.stance,
        "stance_reason": L[f"stance_reason_{v.stance}"].format(quadrant=L[f"quadrant_{v.quadrant}"],
                                                               tier=L[f"tier_{v.tier}"]),
        "peers": peers_rows(t, peers, L),
        "ranks": L["value_ranks"].format(rank_in_industry=v.rank_in_industry, n=len(peers[0]),
                                         rank=v.rank, total=len(plan.customers)),
        "rule": L["value_rule"].format(current=money(v.current_threshold),
                                       potential=money(v.potential_threshold)),
        "note": L["value_missing"].format(fields=L["list_sep"].join(missing)) if missing else "",
    }


class _Kept(NamedTuple):
    """What the value chapter keeps of one customer's value: what it sums, ranks and groups."""

    quadrant: str
    tier: str
    tier_rule: str
    overall: Decimal
    current: Decimal
    potential: Decimal
    revenue: Decimal
    rank: int | None


class _Member(NamedTuple):
    id: str
    value: Any  # a Value, or what is kept of it (_Kept)

    @classmethod
    def kept(cls, customers: Mapping[str, Any], cid: str) -> _Member:
        """A customer with what is kept of its value (only that is read)."""
        quadrant, tier, rule, current, potential, revenue, rank = within(
            customers, cid, "value", "quadrant", "tier", "tier_rule", "current", "potential",
            "revenue", "rank")
        return cls(cid, _Kept(quadrant, tier, rule, current + potential, current, potential,
                              revenue, rank))  # (overall: as Value.overall)


def value_chapter(plan: PlanSet, targets: Targets, cids: list[str], L: dict[str, str],
                  most: int | None = None) -> dict[str, Any]:
    """Quadrants, the pyramid (count, base-year revenue and current value per tier) and the
    ranking by overall value of the customers `cids` (the first `most`)."""
    # what the chapter sums and ranks of each customer, not its targets (20,000 of them)
    members = [_Member.kept(targets.customers, c) for c in cids]
    name = {c: plan.briefs[c].name for c in cids}

    def summary(group: list[_Member], *figures: str) -> dict[str, str]:
        """Count, names and the exact sums of `figures` over a group of customers."""
        return {"count": str(len(group)),
                "customers": L["list_sep"].join(name[c.id] for c in group) or "—",
                **{f: money(sum((getattr(c.value, f) for c in group), ZERO)) for f in figures}}

    quads = [{"name": L[f"quadrant_{q}"], "advice": L[f"reason_{q}"],
              **summary([c for c in members if c.value.quadrant == q], "current", "potential")}
             for q in QUADRANTS]
    tiers = [{"name": L[f"tier_{t}"],
              **summary([c for c in members if c.value.tier == t], "revenue", "current")}
             for t in TIERS]
    pyramid_total = summary(members, "revenue", "current")
    ranked = sorted(members, key=lambda c: (-c.value.overall, c.id))

    def whole(group: Iterable[_Member]) -> list[_Member]:
        """The members with their whole values (read again: only those the chapter lists)."""
        return [_Member(c.id, *parts(targets.customers, c.id, "value")) for c in group]

    shown = whole(ranked if most is None else ranked[:most])
    moved = whole(c for c in ranked if c.value.tier_rule in ("rising", "falling"))
    first = targets.customers[cids[0]].value if cids else None
    return {
        "quadrants": quads, "tiers": tiers, "pyramid_total": pyramid_total,
        "ranked": [{"rank": str(c.value.rank), "name": name[c.id],
                    "current": money(c.value.current), "potential": money(c.value.potential),
                    "overall": money(c.value.overall), "loyalty": score(c.value.loyalty.score, L),
                    "tier": L[f"tier_{c.value.tier}"], "reason": tier_reason(c.value, L)}
                   for c in shown],
        "ranked_note": L["ranked_top"].format(n=len(shown), total=len(ranked))
        if len(shown) < len(ranked) else "",
        "moved": [{"name": name[c.id], "reason": tier_reason(c.value, L)} for c in moved],
        "moved_note": L["tier_moved_note"],
        "rule": L["value_rule"].format(current=money(first.current_threshold),
                                       potential=money(first.potential_threshold))
        if first else "",
        "tier_rule": L["tier_rules"],
    }
