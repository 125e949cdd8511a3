"""`planner targets --json`: the targets in exactly the shape of contracts.md."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.codec import parts
from planner.compute.plan import CustomerTargets
from planner.compute.rollup import Group
from planner.compute.targets import Figures
from planner.compute.value import Value
from planner.validate import Brief, PlanSet


def number(x: Decimal) -> float | int:
    """A JSON number: exact for every figure we produce (≤ 15 significant digits; whole cents
    print without float noise)."""
    f = float(x)  # (a float's test is quicker than the Decimal's, 400,000 times at 20,000)
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


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


def write_readable(data: dict[str, Any], write: Callable[[str], Any]) -> None:
    """JSON text people can read and programs parse, written as it is made: the top object one
    key a line, the next level one entry a line as compact JSON (one customer a line: a plan
    set of 20,000 customers prints in a second, where indenting every number took ten). A
    value that is an iterator of (key, value) pairs is written as an object, entry by entry."""
    write("{")
    for i, (key, value) in enumerate(data.items()):
        write(("," if i else "") + f"\n  {_text(key)}: ")
        entries = value.items() if isinstance(value, dict) else value
        if isinstance(value, dict) and not value or not isinstance(value, (dict, Iterator)):
            write(_text(value))
            continue
        write("{")
        n = 0
        for k, v in entries:
            text = v if isinstance(v, Text) else _text(v)
            write(("," if n else "") + f"\n    {_text(k)}: {text}")
            n += 1
        write("\n  }" if n else "}")
    write("\n}\n")


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def plan_info(plan: PlanSet) -> dict[str, Any]:
    """The `plan` object of the contract."""
    p = plan.market.plan
    return {"unit": p.unit, "year": p.year, "base_year": plan.base_year,
            "money_unit": p.money_unit}


def targets_json(plan: PlanSet, t: Targets) -> dict[str, Any]:
    """`planner targets --json`, exactly the shape of contracts.md."""
    return {**targets_parts(plan, t), "customers": dict(customers_json(plan, t))}


def targets_parts(plan: PlanSet, t: Targets, text: bool = False) -> dict[str, Any]:
    """`targets_json` in the contract's order, its customers as an iterator of (id, object),
    with `text` as JSON text (`customers_json`): printed as they are made, 20,000 customers'
    objects are never all in memory."""
    return {
        "plan": plan_info(plan),
        "customers": customers_json(plan, t, text),
        "industries": {k: _group(g, customers=True) for k, g in t.industries.items()},
        "regions": {k: _group(g, guidance=True) for k, g in t.regions.items()},
        "business_lines": {k: _parts(g.figures) for k, g in t.lines.items()},
        "market": _group(t.market, guidance=True),
    }


def customers_json(plan: PlanSet, t: Targets, text: bool = False,
                   ) -> Iterator[tuple[str, dict[str, Any] | Text]]:
    """Each customer's object of `targets_json`, in order; with `text`, as its JSON text where
    the customers' targets keep it (`contract_text`, made when the file was read: 20,000
    customers' objects are then not made again from their targets, 2.5 s)."""
    texts = getattr(t.customers, "contract", None) if text else None
    ranks = getattr(t.customers, "ranks", {})
    for cid in t.customers:
        if texts is not None and cid in texts:
            rank, in_unit = ranks.get(cid, (0, 0))
            yield cid, Text(zlib.decompress(texts[cid]).decode("utf-8")
                            + _RANKS.format(rank, in_unit))
            continue
        # customers' targets read for this alone where they are read when asked for (their
        # items, which the contract does not list, are not read)
        f, lines, v = parts(t.customers, cid, "figures", "lines", "value", keep=False)
        yield cid, customer_json(plan.briefs[cid], f, lines, v)


class Text(str):
    """A value's JSON text, written as it is (`write_readable`)."""


_RANKS = '"rank_in_industry": {}, "rank": {}}}}}'  # how a customer's object of the contract ends


def customer_json(c: Brief, f: Figures, lines: dict[str, Figures], v: Value) -> dict[str, Any]:
    """A customer's object of `targets_json`."""
    return {
        "name": c.name, "industry": c.industry, "region": c.region,
        "base": number(f.base), "stock": number(f.stock), "increment": number(f.increment),
        "pipeline": number(f.pipeline), "winback": number(f.winback), "total": number(f.total),
        "growth": optional(f.growth), "quarters": [number(q) for q in f.quarters.total],
        "lines": {line: _parts(lf) for line, lf in lines.items()},
        "value": {"current": number(v.current), "potential": number(v.potential),
                  "share_of_wallet": optional(v.share_of_wallet), "quadrant": v.quadrant,
                  "loyalty": optional(v.loyalty.score), "overall": number(v.overall),
                  "associated": optional(v.associated), "tier": v.tier,
                  "rank_in_industry": v.rank_in_industry, "rank": v.rank},
    }


def contract_text(c: Brief, ct: CustomerTargets) -> bytes:
    """A customer's object of `targets --json` as `write_readable` writes it, but for its ranks
    (known only once every customer is read), compressed: kept with its targets."""
    whole = _text(customer_json(c, ct.figures, ct.lines, ct.value))
    tail = _RANKS.format(ct.value.rank_in_industry, ct.value.rank)
    assert whole.endswith(tail)
    return zlib.compress(whole[:-len(tail)].encode("utf-8"), 1)
