"""Loaded files -> a validated `PlanSet`, or every error found, each located and explained.

Two passes, both complete: each file against its model (Pydantic, errors reworded in our terms),
then the rules that span files (catalog references, unique ids, win-back limits).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from planner.compute.money import is_cents
from planner.errors import Issue
from planner.load import RawPlanSet, Source, dotted
from planner.model import Customer, Industry, Market, fields_by_key, is_money, walk


@dataclass
class PlanSet:
    """A valid plan set: the market, industry files by industry id, customers by id."""

    root: Path
    market: Market
    industries: dict[str, Industry]
    customers: dict[str, Customer]
    sources: dict[tuple[str, str | None], Source] = field(default_factory=dict)

    def source(self, kind: str, id: str | None = None) -> Source | None:
        """The file a model came from: ("market", None), ("industry", id), ("customer", id)."""
        return self.sources.get((kind, id))

    @property
    def base_year(self) -> int:
        """The base year: as given, else the year before the plan year."""
        plan = self.market.plan
        return plan.base_year or plan.year - 1


def validate_plan_set(raw: RawPlanSet) -> tuple[PlanSet | None, list[Issue]]:
    """Validate every file, then the cross-file rules; the plan set only if there is no error."""
    issues: list[Issue] = []
    shared = _Shared()
    market = _validate(raw.market, Market, issues) if raw.market else None
    industries = [(s, m) for s in raw.industries if (m := _validate(s, Industry, issues))]
    customers = [(s, m) for s in raw.customers
                 if (m := _validate(s, Customer, issues, shared))]
    if market is None:
        return None, issues
    refs = _Refs(market)
    issues += _check_market(market, raw.market, refs)  # type: ignore[arg-type]
    plan = PlanSet(raw.root, market, {}, {}, {("market", None): raw.market})  # type: ignore
    for source, industry in industries:
        issues += _check_industry(industry, source, refs, plan)
    for source, customer in sorted(customers, key=lambda sc: sc[1].id):
        issues += _check_customer(customer, source, refs, plan)
    plan.customers = dict(sorted(plan.customers.items()))
    # (a file that did not load or validate has left an issue)
    ok = not issues and raw.market is not None
    return (plan if ok else None), issues


# ---------------------------------------------------------------- one file against its model

def _validate(source: Source, model: type[BaseModel], issues: list[Issue],
              shared: _Shared | None = None) -> Any:
    try:
        valid = model.model_validate(source.data)
        source.rounded = _rounded_money(model, source.data)
        source.data = None  # the model holds it now; a big plan set needs the memory
        _share(valid, shared or _Shared())
        return valid
    except ValidationError as e:
        issues.extend(_translate(err, model, source) for err in e.errors(include_url=False))
        return None


class _Shared:
    """What the customers' models can share: equal field-name sets and equal texts."""

    def __init__(self) -> None:
        self.fields: dict[frozenset[str], set[str]] = {}
        self.texts: dict[str, str] = {}


def _share(model: BaseModel, shared: _Shared) -> None:
    """Let a customer's models share memory with every other customer's.

    - Pydantic gives every model instance its own set of the field names it was given (an
      opportunity, a contact, a spend row: dozens per customer, 400 bytes each), a third of a
      big plan set's memory. Our models are frozen, so nothing adds to these sets in place (a
      copy copies its set first): equal ones are shared.
    - Each text is a string of its own; carrier names, business-line ids, roles and quarters
      repeat in every file. Equal texts are shared (an equal string in place of another is
      the same value).
    """
    texts = shared.texts
    stack: list[BaseModel] = [model]
    while stack:
        item = stack.pop()
        fields = item.__pydantic_fields_set__
        object.__setattr__(item, "__pydantic_fields_set__",
                           shared.fields.setdefault(frozenset(fields), fields))
        values = item.__dict__
        for key, value in values.items():
            if type(value) is str:
                values[key] = texts.setdefault(value, value)
            elif isinstance(value, BaseModel):
                stack.append(value)
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    if type(v) is str:
                        value[i] = texts.setdefault(v, v)
                    elif isinstance(v, BaseModel):
                        stack.append(v)
            elif isinstance(value, dict):
                stack.extend(v for v in value.values() if isinstance(v, BaseModel))


_DECIMALS = re.compile(r"[+-]?\d*\.\d{3,}|[+-]?[\d.]+[eE][+-]?\d+")


def _rounded_money(model: type[BaseModel], data: Any, loc: tuple = ()) -> list[tuple]:
    """Money inputs written with more than two decimals, which the ledger rounds to cents when
    read: (path, as written) of each, for a review flag. A quick look at the text first: most
    values are not numbers with three decimals."""
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in _rounded_money(model, v, (*loc, k))]
    if isinstance(data, list):
        return [x for i, v in enumerate(data) for x in _rounded_money(model, v, (*loc, i))]
    if isinstance(data, str) and ("." in data or "e" in data.lower()) \
            and _DECIMALS.fullmatch(data.strip()) and is_money(model, loc):
        try:
            if not is_cents(Decimal(data.strip())):
                return [(loc, data.strip())]
        except InvalidOperation:
            pass
    return []


def _translate(err: Any, model: type[BaseModel], source: Source) -> Issue:
    """One Pydantic error -> an Issue in our words, at the line the user wrote it."""
    loc = tuple(err["loc"])
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    label, _ = walk(model, loc)
    params: dict[str, Any] = {"got": _shown(value)}
    at_key = False
    if kind == "missing":
        code, params = "missing", {"key": loc[-1]}
        label = walk(model, loc)[0]
    elif kind == "extra_forbidden":
        _, owner = walk(model, loc[:-1])
        code, at_key = "extra_forbidden", True
        params = {"key": loc[-1], "hint": _key_hint(str(loc[-1]), owner)}
        label = None
    elif value is None and kind not in ("money_negative",):
        code = "empty_value"
    elif kind in _OWN_CODES:
        code, params = kind, {**params, **ctx}
    elif kind == "string_too_long":
        code, params = "text_too_long", {"got": len(str(value)), "limit": ctx.get("max_length")}
    elif kind == "literal_error":
        code = "literal_error"
        params["hint"] = _choice_hint(str(value), _literal_values(ctx.get("expected", "")))
    else:
        code = _PYDANTIC_CODES.get(kind, "invalid_value")
        params["detail"] = err.get("msg", "")
        if kind in _RANGE_KINDS:
            params["limit"] = _range_text(kind, ctx)
    line, col = source.at(loc, key=at_key) if at_key else _value_mark(source, loc, code)
    return Issue(source.name, line, col, dotted(loc), code, params, label)


def _value_mark(source: Source, loc: tuple, code: str) -> tuple[int, int]:
    # a missing key has no line of its own: point at the mapping it belongs in
    return source.at(loc[:-1] if code == "missing" else loc)


_OWN_CODES = {"money_type", "rate_type", "percent_type", "thousands_separator", "number_with_unit",
              "percent_not_allowed", "money_negative", "money_too_large", "rate_range",
              "growth_range", "quarter"}
_PYDANTIC_CODES = {
    "string_type": "string_type", "list_type": "list_type", "tuple_type": "list_type",
    "dict_type": "dict_type", "model_type": "dict_type", "model_attributes_type": "dict_type",
    "int_parsing": "int_type", "int_type": "int_type", "int_from_float": "int_type",
    "decimal_parsing": "number_type", "decimal_type": "number_type",
    "finite_number": "number_type", "decimal_max_digits": "number_type",
    "greater_than_equal": "number_range", "less_than_equal": "number_range",
    "greater_than": "number_range", "less_than": "number_range",
    "date_parsing": "date_type", "date_type": "date_type",
    "date_from_datetime_parsing": "date_type", "date_from_datetime_inexact": "date_type",
    "string_pattern_mismatch": "id_pattern",
}
_RANGE_KINDS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def _range_text(kind: str, ctx: dict) -> tuple[str, str]:
    sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">",
            "less_than": "<"}[kind]
    bound = next(iter(ctx.values()), "")
    return (f"应 {sign} {bound}", f"must be {sign} {bound}")


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    return "" if value is None else str(value)[:60]


def _literal_values(expected: str) -> list[str]:
    return [v.strip().strip("'") for v in expected.replace(" or ", ",").split(",") if v.strip()]


def _choice_hint(got: str, allowed: Iterable[str], kind: tuple[str, str] | None = None,
                 ) -> tuple[str, str]:
    """'可选: a、b、c; 是否应为 'b'?' in both languages."""
    allowed = list(allowed)
    shown = allowed[:15]
    more = "…" if len(allowed) > len(shown) else ""
    zh = f"可选{kind[0] if kind else '值'}: " + "、".join(shown) + more
    en = f"allowed {_plural(kind[1]) if kind else 'values'}: " + ", ".join(shown) + more
    if not allowed:
        zh, en = "目录中尚无此类条目: 先在 market.yaml 的 catalog 中添加", \
            "the catalog has none: add it to catalog in market.yaml first"
    close = difflib.get_close_matches(got, allowed, n=1, cutoff=0.5)
    if close:
        zh, en = f"是否应为 '{close[0]}'? " + zh, f"did you mean '{close[0]}'? " + en
    return zh, en


def _plural(noun: str) -> str:
    """'industry' -> 'industries', 'region' -> 'regions'."""
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _key_hint(key: str, owner: Any) -> tuple[str, str]:
    """Suggest the field the user probably meant, with its Chinese label."""
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return "删除这个字段", "delete this field"
    fields = fields_by_key(owner)
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    by_title = [k for k, f in fields.items() if f.title == key]  # wrote the Chinese label as key
    guess = (by_title or close or [None])[0]
    names = ", ".join(fields)
    if guess:
        title = fields[guess].title
        return (f"是否应为 '{guess}' ({title})? 可用字段: {names}",
                f"did you mean '{guess}' ({title})? fields here: {names}")
    return f"删除它, 或改为可用字段之一: {names}", f"delete it, or use one of: {names}"


# ---------------------------------------------------------------- references between files

class _Refs:
    """The catalog's ids, and a check that a reference names one of them."""

    KINDS = {"region": ("区域", "region"), "industry": ("行业", "industry"),
             "business_line": ("业务", "business line"), "carrier": ("运营商", "carrier"),
             "competitor": ("竞争对手", "competitor")}

    def __init__(self, market: Market):
        cat = market.catalog
        self.operator = cat.operator
        self.ids = {"region": [r.id for r in cat.regions],
                    "industry": [i.id for i in cat.industries],
                    "business_line": [b.id for b in cat.business_lines],
                    "carrier": [cat.operator, *cat.competitors],
                    "competitor": list(cat.competitors)}

    def check(self, source: Source, model: type[BaseModel], loc: tuple, value: str | None,
              kind: str, key: bool = False) -> list[Issue]:
        """No issue when `value` names a catalog entry of `kind`; else one that lists them."""
        if value is None or value in self.ids[kind]:
            return []
        names = self.KINDS[kind]
        hint = _choice_hint(value, self.ids[kind], names)
        line, col = source.at(loc, key=key)
        return [Issue(source.name, line, col, dotted(loc), "unknown_ref",
                      {"got": value, "kind": names, "hint": hint}, walk(model, loc)[0])]


def _issue(source: Source, model: type[BaseModel], loc: tuple, code: str,
           key: bool = False, **params: Any) -> Issue:
    line, col = source.at(loc, key=key)
    return Issue(source.name, line, col, dotted(loc), code, params, walk(model, loc)[0])


def _check_market(m: Market, s: Source, refs: _Refs) -> list[Issue]:
    issues: list[Issue] = []
    cat = m.catalog
    for name, entries in (("regions", cat.regions), ("industries", cat.industries),
                          ("business_lines", cat.business_lines)):
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.id in seen:
                issues.append(_issue(s, Market, ("catalog", name, i, "id"),
                                     "duplicate_catalog_id", got=entry.id))
            seen.add(entry.id)
    for i, comp in enumerate(cat.competitors):
        if comp == cat.operator:
            issues.append(_issue(s, Market, ("catalog", "competitors", i),
                                 "operator_is_competitor", got=comp))
    plan = m.plan
    if plan.base_year is not None and plan.base_year >= plan.year:
        issues.append(_issue(s, Market, ("plan", "base_year"), "base_year_order",
                             base_year=plan.base_year, year=plan.year, suggest=plan.year - 1))
    for region in m.guidance.by_region:
        issues += refs.check(s, Market, ("guidance", "by_region", region), region, "region",
                             key=True)
    for i, row in enumerate(m.other_customers):
        loc = ("other_customers", i)
        issues += refs.check(s, Market, loc + ("region",), row.region, "region")
        issues += refs.check(s, Market, loc + ("industry",), row.industry, "industry")
        issues += refs.check(s, Market, loc + ("business_line",), row.business_line,
                             "business_line")
    issues += _check_measures(m.measures, s, Market, refs)
    for i, p in enumerate(m.promotions):
        loc = ("promotions", i)
        issues += _check_dates(s, Market, loc, p.start, p.end)
        for j, ind in enumerate(p.industries):
            issues += refs.check(s, Market, loc + ("industries", j), ind, "industry")
        for j, line in enumerate(p.business_lines):
            issues += refs.check(s, Market, loc + ("business_lines", j), line, "business_line")
    return issues


def _check_measures(measures: list, s: Source, model: type[BaseModel], refs: _Refs) -> list[Issue]:
    issues: list[Issue] = []
    for i, measure in enumerate(measures):
        issues += refs.check(s, model, ("measures", i, "industry"), measure.industry, "industry")
        issues += refs.check(s, model, ("measures", i, "business_line"), measure.business_line,
                             "business_line")
    return issues


def _check_dates(s: Source, model: type[BaseModel], loc: tuple, start: Any, end: Any,
                 ) -> list[Issue]:
    if start and end and end < start:
        return [_issue(s, model, loc + ("end",), "promotion_dates", start=start.isoformat(),
                       end=end.isoformat())]
    return []


def _check_industry(ind: Industry, s: Source, refs: _Refs, plan: PlanSet) -> list[Issue]:
    issues = refs.check(s, Industry, ("industry",), ind.industry, "industry")
    other = plan.source("industry", ind.industry)
    if other is not None:
        issues.append(_issue(s, Industry, ("industry",), "duplicate_industry_file",
                             got=ind.industry, other=other.name))
    elif not issues:
        plan.industries[ind.industry] = ind
        plan.sources[("industry", ind.industry)] = s
    for i, comp in enumerate(ind.current_year.competitors):
        loc = ("current_year", "competitors", i)
        issues += refs.check(s, Industry, loc + ("name",), comp.name, "carrier")
        for j, line in enumerate(comp.businesses):
            issues += refs.check(s, Industry, loc + ("businesses", j), line, "business_line")
    for i, p in enumerate(ind.promotions):
        issues += _check_dates(s, Industry, ("promotions", i), p.start, p.end)
    return issues + _check_measures(ind.measures, s, Industry, refs)


def _check_customer(c: Customer, s: Source, refs: _Refs, plan: PlanSet) -> list[Issue]:
    issues = refs.check(s, Customer, ("industry",), c.industry, "industry")
    issues += refs.check(s, Customer, ("region",), c.region, "region")
    other = plan.source("customer", c.id)
    if other is not None:
        issues.append(_issue(s, Customer, ("id",), "duplicate_customer", got=c.id,
                             other=other.name))
    else:
        plan.customers[c.id] = c
        plan.sources[("customer", c.id)] = s
    for i, row in enumerate(c.spend):
        issues += refs.check(s, Customer, ("spend", i, "carrier"), row.carrier, "carrier")
        issues += refs.check(s, Customer, ("spend", i, "business_line"), row.business_line,
                             "business_line")
    for part in ("domestic", "international"):
        for carrier in getattr(c.voice, part):
            issues += refs.check(s, Customer, ("voice", part, carrier), carrier, "carrier",
                                 key=True)
    first_line: dict[str, int] = {}
    for i, line in enumerate(c.stock):
        loc = ("stock", i)
        issues += refs.check(s, Customer, loc + ("business_line",), line.business_line,
                             "business_line")
        if line.business_line in first_line:
            first = s.at(("stock", first_line[line.business_line]))[0]
            issues.append(_issue(s, Customer, loc + ("business_line",), "duplicate_stock_line",
                                 got=line.business_line, first=first))
        first_line.setdefault(line.business_line, i)
        if line.phasing is not None:
            issues += _check_phasing(s, loc + ("phasing",), line.phasing)
    for i, opp in enumerate(c.opportunities):
        issues += refs.check(s, Customer, ("opportunities", i, "business_line"),
                             opp.business_line, "business_line")
    for i, wb in enumerate(c.winback):
        loc = ("winback", i)
        if wb.competitor == refs.operator:
            names = refs.ids["competitor"]  # (zh, en): the list reads naturally in each
            issues.append(_issue(s, Customer, loc + ("competitor",), "winback_not_competitor",
                                 got=wb.competitor, allowed=("、".join(names), ", ".join(names))))
        else:
            issues += refs.check(s, Customer, loc + ("competitor",), wb.competitor, "competitor")
        issues += refs.check(s, Customer, loc + ("business_line",), wb.business_line,
                             "business_line")
        if wb.amount > wb.competitor_revenue:
            issues.append(_issue(s, Customer, loc + ("amount",), "winback_over_revenue",
                                 amount=str(wb.amount), revenue=str(wb.competitor_revenue)))
    return issues


def _check_phasing(s: Source, loc: tuple, shares: list[Decimal]) -> list[Issue]:
    if len(shares) != 4:
        return [_issue(s, Customer, loc, "phasing_length", got=len(shares))]
    if sum(shares) != 1:
        return [_issue(s, Customer, loc, "phasing_sum", got=str(sum(shares)))]
    return []
