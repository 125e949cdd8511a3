"""The rules that span files: catalog references, unique ids, win-back limits, phasing, dates.

They run on every field that is valid on its own, in files with other errors too: a rule skips
a value that already has an error, and any value it depends on (`Source.bad`), so that one mistake
gives one message.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from planner.errors import Issue
from planner.hints import choice_hint
from planner.load import Source, dotted
from planner.model import Customer, Industry, Market, describe

if TYPE_CHECKING:
    from planner.validate import PlanSet


class Refs:
    """The catalog's ids, and a check that a reference names one of them."""

    KINDS = {"region": ("区域", "region"), "industry": ("行业", "industry"),
             "business_line": ("业务", "business line"), "carrier": ("运营商", "carrier"),
             "competitor": ("竞争对手", "competitor")}
    LISTS = {"region": "regions", "industry": "industries", "business_line": "business_lines"}

    def __init__(self, market: Market | None, source: Source | None):
        """Ids of a market read as far as it is valid; a kind whose list is itself wrong (or a
        missing market.yaml) is not checked: the catalog's own error says it."""
        self.ids: dict[str, list[str] | None] = dict.fromkeys(self.KINDS)
        self.operator: str | None = None
        self.wrong: dict[str, set[str]] = {}  # malformed catalog ids, in lower case
        if market is None or source is None:
            return
        cat, bad = market.catalog, source.bad
        for kind, name in self.LISTS.items():
            if not bad.covers(("catalog", name)):
                entries = getattr(cat, name)
                ids = [e.id for i, e in enumerate(entries) if bad.ok(("catalog", name, i, "id"))]
                # a wrong id is reported once, by the catalog, not by every reference to it
                wrong = [r for i, r in enumerate(_raw_ids(source.raw, name))
                         if not bad.ok(("catalog", name, i, "id"))]
                self.ids[kind] = list(dict.fromkeys(ids + [r for r in wrong if r]))
                self.wrong[kind] = {r.lower() for r in wrong if r}
        if bad.ok(("catalog", "operator")):
            self.operator = cat.operator
        if self.operator is not None and bad.ok(("catalog", "competitors")):
            self.ids["competitor"] = list(cat.competitors)
            self.ids["carrier"] = [self.operator, *cat.competitors]

    def check(self, source: Source, model: type[BaseModel], loc: tuple, value: str | None,
              kind: str, key: bool = False, data: Any = None) -> list[Issue]:
        """No issue when `value` names a catalog entry of `kind`; else one that lists them."""
        ids = self.ids[kind]
        if value is None or ids is None or value in ids or not source.bad.ok(loc) \
                or value.lower() in self.wrong.get(kind, ()):  # meant the malformed entry
            return []
        names = self.KINDS[kind]
        hint = choice_hint(value, ids, names)
        line, col = source.at(loc, key=key)
        return [Issue(source.name, line, col, dotted(loc), "unknown_ref",
                      {"got": value, "kind": names, "hint": hint}, describe(model, loc, data))]

    def known(self, kind: str, value: str) -> bool:
        """Whether `value` may be used as a `kind` (an unchecked kind accepts anything)."""
        ids = self.ids[kind]
        return ids is None or value in ids


def _raw_ids(raw: Any, name: str) -> list[str]:
    """The ids written in the catalog list `name`, valid or not."""
    entries = raw.get("catalog", {}).get(name) if isinstance(raw, dict) and isinstance(
        raw.get("catalog"), dict) else None
    if not isinstance(entries, list):
        return []
    return [e["id"] if isinstance(e, dict) and isinstance(e.get("id"), str) else ""
            for e in entries]


def _issue(source: Source, model: type[BaseModel], loc: tuple, code: str, data: Any = None,
          key: bool = False, **params: Any) -> Issue:
    """An issue of a rule at `loc`, its field named as a person would."""
    line, col = source.at(loc, key=key)
    return Issue(source.name, line, col, dotted(loc), code, params, describe(model, loc, data))


def check_market(m: Market, s: Source, refs: Refs) -> list[Issue]:
    """The market's catalog ids unique, the operator no competitor, years in order, and its
    references to the catalog."""
    issues: list[Issue] = []
    cat = m.catalog
    for name, entries in (("regions", cat.regions), ("industries", cat.industries),
                          ("business_lines", cat.business_lines)):
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if not s.bad.ok(("catalog", name, i, "id")):
                continue
            if entry.id in seen:
                issues.append(_issue(s, Market, ("catalog", name, i, "id"),
                                    "duplicate_catalog_id", m, got=entry.id))
            seen.add(entry.id)
    for i, comp in enumerate(cat.competitors):
        if comp == refs.operator:
            issues.append(_issue(s, Market, ("catalog", "competitors", i),
                                "operator_is_competitor", m, got=comp))
    for carrier in cat.carriers_en:  # an English name of a carrier the catalog does not have
        issues += refs.check(s, Market, ("catalog", "carriers_en", carrier), carrier, "carrier",
                             key=True, data=m)
    plan = m.plan
    if plan.base_year is not None and plan.base_year >= plan.year \
            and s.bad.ok(("plan", "year"), ("plan", "base_year")):
        issues.append(_issue(s, Market, ("plan", "base_year"), "base_year_order", m,
                            base_year=plan.base_year, year=plan.year, suggest=plan.year - 1))
    for region in m.guidance.by_region:
        issues += refs.check(s, Market, ("guidance", "by_region", region), region, "region",
                             key=True, data=m)
    for i, row in enumerate(m.other_customers):
        loc = ("other_customers", i)
        for kind in ("region", "industry", "business_line"):
            issues += refs.check(s, Market, loc + (kind,), getattr(row, kind), kind, data=m)
    issues += _check_measures(m.measures, s, Market, refs, m)
    for i, p in enumerate(m.promotions):
        loc = ("promotions", i)
        issues += _check_dates(s, Market, loc, p.start, p.end, m)
        for j, ind in enumerate(p.industries):
            issues += refs.check(s, Market, loc + ("industries", j), ind, "industry", data=m)
        for j, line in enumerate(p.business_lines):
            issues += refs.check(s, Market, loc + ("business_lines", j), line, "business_line",
                                 data=m)
    return [i for i in issues if s.bad.keeps(i.field)]


def _check_measures(measures: list, s: Source, model: type[BaseModel], refs: Refs,
                    data: Any) -> list[Issue]:
    issues: list[Issue] = []
    for i, measure in enumerate(measures):
        issues += refs.check(s, model, ("measures", i, "industry"), measure.industry, "industry",
                             data=data)
        issues += refs.check(s, model, ("measures", i, "business_line"), measure.business_line,
                             "business_line", data=data)
    return issues


def _check_dates(s: Source, model: type[BaseModel], loc: tuple, start: Any, end: Any,
                 data: Any) -> list[Issue]:
    if start and end and end < start and s.bad.ok(loc + ("start",), loc + ("end",)):
        return [_issue(s, model, loc + ("end",), "promotion_dates", data,
                      start=start.isoformat(), end=end.isoformat())]
    return []


def check_industry(ind: Industry, s: Source, refs: Refs, plan: PlanSet) -> list[Issue]:
    """An industry file: its industry in the catalog and not filed twice, its references."""
    issues = refs.check(s, Industry, ("industry",), ind.industry, "industry", data=ind)
    other = plan.source("industry", ind.industry)
    valid = s.bad.ok(("industry",))  # a placeholder is no industry: nothing to compare
    if valid and other is not None:
        issues.append(_issue(s, Industry, ("industry",), "duplicate_industry_file", ind,
                             got=ind.industry, other=other.name))
    elif valid and not issues:
        plan.industries[ind.industry] = ind
        plan.sources[("industry", ind.industry)] = s
    for i, comp in enumerate(ind.current_year.competitors):
        loc = ("current_year", "competitors", i)
        issues += refs.check(s, Industry, loc + ("name",), comp.name, "carrier", data=ind)
        for j, line in enumerate(comp.businesses):
            issues += refs.check(s, Industry, loc + ("businesses", j), line, "business_line",
                                 data=ind)
    for i, p in enumerate(ind.promotions):
        issues += _check_dates(s, Industry, ("promotions", i), p.start, p.end, ind)
    issues += _check_measures(ind.measures, s, Industry, refs, ind)
    return [i for i in issues if s.bad.keeps(i.field)]


def check_customer(c: Customer, s: Source, refs: Refs, plan: PlanSet) -> list[Issue]:
    """A customer file: its id unique, its references, its stock lines, its win-back."""
    ref = refs.check
    issues = ref(s, Customer, ("industry",), c.industry, "industry", data=c)
    issues += ref(s, Customer, ("region",), c.region, "region", data=c)
    other = plan.source("customer", c.id) if s.bad.ok(("id",)) else None
    if other is not None:
        issues.append(_issue(s, Customer, ("id",), "duplicate_customer", c, got=c.id,
                            other=other.name))
    elif s.bad.ok(("id",)):
        plan.customers[c.id] = c
        plan.sources[("customer", c.id)] = s
    for i, row in enumerate(c.spend):
        issues += ref(s, Customer, ("spend", i, "carrier"), row.carrier, "carrier", data=c)
        issues += ref(s, Customer, ("spend", i, "business_line"), row.business_line,
                      "business_line", data=c)
    for part in ("domestic", "international"):
        for carrier in getattr(c.voice, part):
            issues += ref(s, Customer, ("voice", part, carrier), carrier, "carrier", key=True,
                          data=c)
    issues += _check_stock(c, s, refs)
    for i, opp in enumerate(c.opportunities):
        issues += ref(s, Customer, ("opportunities", i, "business_line"), opp.business_line,
                      "business_line", data=c)
    issues += _check_winback(c, s, refs)
    return [i for i in issues if s.bad.keeps(i.field)]


def _check_stock(c: Customer, s: Source, refs: Refs) -> list[Issue]:
    issues: list[Issue] = []
    first_line: dict[str, int] = {}
    for i, line in enumerate(c.stock):
        loc = ("stock", i)
        found = refs.check(s, Customer, loc + ("business_line",), line.business_line,
                           "business_line", data=c)
        issues += found
        valid = s.bad.ok(loc + ("business_line",)) and not found
        if valid and line.business_line in first_line:
            first = s.at(("stock", first_line[line.business_line]))[0]
            issues.append(_issue(s, Customer, loc + ("business_line",), "duplicate_stock_line", c,
                                got=line.business_line, first=first))
        if valid:
            first_line.setdefault(line.business_line, i)
        if line.phasing is not None:
            issues += _check_phasing(s, loc + ("phasing",), line.phasing, c)
    return issues


def _check_winback(c: Customer, s: Source, refs: Refs) -> list[Issue]:
    issues: list[Issue] = []
    for i, wb in enumerate(c.winback):
        loc = ("winback", i)
        if refs.operator is not None and wb.competitor == refs.operator:
            names = refs.ids["competitor"] or []  # (zh, en): the list reads naturally in each
            issues.append(_issue(s, Customer, loc + ("competitor",), "winback_not_competitor", c,
                                got=wb.competitor,
                                allowed=("、".join(names), ", ".join(names))))
        else:
            issues += refs.check(s, Customer, loc + ("competitor",), wb.competitor,
                                 "competitor", data=c)
        issues += refs.check(s, Customer, loc + ("business_line",), wb.business_line,
                             "business_line", data=c)
        if wb.amount > wb.competitor_revenue \
                and s.bad.ok(loc + ("amount",), loc + ("competitor_revenue",)):
            issues.append(_issue(s, Customer, loc + ("amount",), "winback_over_revenue", c,
                                amount=str(wb.amount), revenue=str(wb.competitor_revenue)))
    return issues


def _check_phasing(s: Source, loc: tuple, shares: list[Decimal], c: Customer) -> list[Issue]:
    if len(shares) != 4:
        return [_issue(s, Customer, loc, "phasing_length", c, got=len(shares))]
    if sum(shares) != 1:
        return [_issue(s, Customer, loc, "phasing_sum", c, got=str(sum(shares)))]
    return []
