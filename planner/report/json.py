"""`planner targets --json`: the targets in exactly the shape of contracts.md."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.rollup import Group
from planner.compute.targets import Figures
from planner.validate import PlanSet


def number(x: Decimal) -> float | int:
    """A JSON number: exact for every figure we produce (≤ 15 significant digits; whole cents
    print without float noise)."""
    return int(x) if x == x.to_integral_value() and abs(x) < 2**53 else float(x)


def optional(x: Decimal | None) -> float | int | None:
    """`number`, or None."""
    return None if x is None else number(x)


def _parts(f: Figures) -> dict[str, Any]:
    return {"base": number(f.base), "stock": number(f.stock), "increment": number(f.increment),
            "winback": number(f.winback), "total": number(f.total)}


def _group(g: Group, guidance: bool = False, customers: bool = False) -> dict[str, Any]:
    out = {**_parts(g.figures), "quarters": [number(q) for q in g.figures.quarters.total]}
    if customers:
        out["customers"] = list(g.customers)
    if guidance:
        out["guidance"], out["gap"] = optional(g.guidance), optional(g.gap)
    return out


def readable(data: Any, depth: int = 2, indent: str = "") -> str:
    """JSON text people can read and programs parse: objects down to `depth` one key a line,
    below that each value on its line as compact JSON (one customer a line: a plan set of
    20,000 customers prints in a second, where indenting every number took ten)."""
    if not isinstance(data, dict) or depth == 0 or not data:
        return json.dumps(data, ensure_ascii=False)
    inner = indent + "  "
    items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {readable(v, depth - 1, inner)}"
             for k, v in data.items()]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


def plan_info(plan: PlanSet) -> dict[str, Any]:
    """The `plan` object of the contract."""
    p = plan.market.plan
    return {"unit": p.unit, "year": p.year, "base_year": plan.base_year,
            "money_unit": p.money_unit}


def targets_json(plan: PlanSet, t: Targets) -> dict[str, Any]:
    """`planner targets --json`, exactly the shape of contracts.md."""
    customers = {}
    for cid, ct in t.customers.items():
        c, f, v = plan.briefs[cid], ct.figures, ct.value
        customers[cid] = {
            "name": c.name, "industry": c.industry, "region": c.region,
            "base": number(f.base), "stock": number(f.stock), "increment": number(f.increment),
            "pipeline": number(f.pipeline), "winback": number(f.winback), "total": number(f.total),
            "growth": optional(f.growth), "quarters": [number(q) for q in f.quarters.total],
            "lines": {line: _parts(lf) for line, lf in ct.lines.items()},
            "value": {"current": number(v.current), "potential": number(v.potential),
                      "share_of_wallet": optional(v.share_of_wallet), "quadrant": v.quadrant,
                      "loyalty": optional(v.loyalty.score), "overall": number(v.overall),
                      "associated": optional(v.associated), "tier": v.tier,
                      "rank_in_industry": v.rank_in_industry, "rank": v.rank},
        }
    return {
        "plan": plan_info(plan),
        "customers": customers,
        "industries": {k: _group(g, customers=True) for k, g in t.industries.items()},
        "regions": {k: _group(g, guidance=True) for k, g in t.regions.items()},
        "business_lines": {k: _parts(g.figures) for k, g in t.lines.items()},
        "market": _group(t.market, guidance=True),
    }


