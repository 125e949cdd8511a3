"""The execution calendar (执行日历) of every plan: by quarter, the opportunities and win-back
starting, the contracts expiring, the relationship activities, the promotions and the
preparation schedule."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from planner.compute.codec import parts
from planner.report.common import Names
from planner.validate import PlanSet

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
MOST = 8  # events per row; the rest are counted ("…共 12 项")
# "合同2027年8月到期", "2027-08 到期", "2027.8到期": a month named beside 到期 in a risk
_EXPIRES = re.compile(r"(20\d\d)\s*(?:年|-|/|\.)\s*(\d{1,2})\s*月?[^，,；;。]{0,12}?到期")


def quarter_of(day: dt.date) -> str:
    """'Q3' for a date in July to September."""
    return QUARTERS[(day.month - 1) // 3]


def expiring(text: str, year: int) -> str | None:
    """The quarter of the plan year in which a risk says a contract expires, if it says so."""
    m = _EXPIRES.search(text or "")
    if not m or int(m.group(1)) != year or not 1 <= int(m.group(2)) <= 12:
        return None
    return QUARTERS[(int(m.group(2)) - 1) // 3]


class _Events(NamedTuple):
    """The fields of a customer's sketch (or model) its events come from."""

    opportunities: Any
    winback: Any
    stock: Any
    retention_plan: Any
    relationship: Any


def _cell(items: list[str], L: dict[str, str], most: int) -> str:
    if len(items) <= most:
        return "\n".join(items)
    return "\n".join(items[:most] + [L["cal_more"].format(n=len(items))])


def calendar(plan: PlanSet, cids: Sequence[str], names: Names, L: dict[str, str],
             promotions: Sequence[tuple[dt.date | None, str]] = (),
             schedule: bool = False, prefix: bool = True, most: int = MOST) -> dict[str, Any]:
    """One row per period (the preparation period when `schedule` has tasks in it, then Q1..Q4)
    and kind of event (starting, expiring, activities, promotions, preparation), with its
    events; at most `most` per row, then how many there are. `prefix` names the customer
    before each event (industry and market plans)."""
    year = plan.market.plan.year
    cells: dict[str, dict[str, list[str]]] = {q: {k: [] for k in COLUMNS}
                                              for q in ("prep", *QUARTERS)}

    for cid in cids:  # (only the fields shown are read: 20,000 sketches are not held)
        c = _Events(*parts(plan.sketches, cid, *_Events._fields, keep=False))
        who = f"{plan.briefs[cid].name}{L.get('colon', '：')}" if prefix else ""
        for o in c.opportunities:
            cells[o.quarter]["starting"].append(f"{who}{o.name}")
        for w in c.winback:
            cells[w.quarter]["starting"].append(
                f"{who}{L['cal_winback']}{names.carrier(w.competitor)}·{names.line(w.business_line)}")
        seen = set()
        for text in [s.risk or "" for s in c.stock] + list(c.retention_plan.risks):
            q = expiring(text, year)
            if q and text not in seen:
                seen.add(text)
                cells[q]["expiring"].append(f"{who}{text}")
        for a in c.relationship.activities:
            cells[a.quarter]["activities"].append(f"{who}{a.activity}")
    for start, text in promotions:
        if start is not None:
            cells[quarter_of(start) if start.year == year else
                  ("prep" if start.year < year else "Q4")]["promotions"].append(text)
    if schedule:
        for t in plan.market.plan.schedule:
            q = "prep" if t.due.year < year else quarter_of(t.due)
            cells[q]["schedule"].append(f"{t.due.isoformat()} {t.task}")
    rows = []
    for q, row in cells.items():
        first = True
        for kind in COLUMNS:
            if row[kind]:
                rows.append({"quarter": (L["cal_prep"] if q == "prep" else L[q.lower()])
                             if first else "", "kind": L[f"cal_{kind}"],
                             "events": _cell(row[kind], L, most)})
                first = False
    return {"rows": rows}


COLUMNS = ("starting", "expiring", "activities", "promotions", "schedule")


def promotions_of(plan: PlanSet, industries: Sequence[str] | None,
                  ) -> list[tuple[dt.date | None, str]]:
    """(start, theme) of the market's promotions for `industries` (None: all) and of those
    industries' own promotions, in date order."""
    wanted = set(industries) if industries is not None else None
    found = [(p.start, p.theme) for p in plan.market.promotions
             if wanted is None or not p.industries or wanted & set(p.industries)]
    for iid, ind in plan.industries.items():
        if wanted is None or iid in wanted:
            found += [(p.start, p.content) for p in ind.promotions]
    return sorted(found, key=lambda x: (x[0] or dt.date.max, x[1]))
