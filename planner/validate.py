"""Loaded files -> a validated `PlanSet`, or every error found, each located and explained.

Two passes, both complete: each file against its model (Pydantic, errors reworded in our terms),
then the rules that span files (`planner.rules`: catalog references, unique ids, win-back limits).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from planner.compute.money import is_cents
from planner.errors import Issue
from planner.hints import choice_hint, key_hint, literal_values, stands_for
from planner.load import RawPlanSet, Source, dotted
from planner.model import (
    ROUNDED,
    Customer,
    Industry,
    Market,
    describe,
    is_money,
    label,
    walk,
)
from planner.rules import Refs, check_customer, check_industry, check_market
from planner.salvage import salvage

_choice_hint = choice_hint  # planner.scaffold's name for it


@dataclass
class PlanSet:
    """A valid plan set: the market, industry files by industry id, customers by id."""

    root: Path
    market: Market
    industries: dict[str, Industry]
    customers: Mapping[str, Customer]
    sources: dict[tuple[str, str | None], Source] = field(default_factory=dict)
    briefs: dict[str, Brief] = field(default_factory=dict)  # of every customer, by id
    # what the plans above a customer show of it: its model, or its sketch (planner.sketch)
    sketches: Mapping[str, Any] = field(default_factory=dict)

    def source(self, kind: str, id: str | None = None) -> Source | None:
        """The file a model came from: ("market", None), ("industry", id), ("customer", id)."""
        return self.sources.get((kind, id))

    @property
    def base_year(self) -> int:
        """The base year: as given, else the year before the plan year."""
        plan = self.market.plan
        return plan.base_year or plan.year - 1


@dataclass(frozen=True, slots=True)
class Brief:
    """What the rules across customers and the plans above a customer need of it, without its
    model: its id, name, industry, region and manager, where its id and name are written, and how
    many opportunities and win-back items it has."""

    id: str
    name: str
    industry: str
    region: str
    manager: str | None
    id_at: tuple[int, int] | None = None  # (unknown: ask the file)
    name_at: tuple[int, int] | None = None
    opportunities: int = 0
    winbacks: int = 0

    @classmethod
    def of(cls, c: Customer, source: Source | None) -> Brief:
        """The brief of a customer's model (with the positions, from `source`)."""
        at = (source.at(("id",)), source.at(("name",))) if source else (None, None)
        return cls(c.id, c.name, c.industry, c.region, c.manager, *at,
                   opportunities=len(c.opportunities), winbacks=len(c.winback))


def validate_plan_set(raw: RawPlanSet) -> tuple[PlanSet | None, list[Issue]]:
    """Validate every file, then the cross-file rules; the plan set only if there is no error.

    A file that fails its model is read as far as it is valid (`planner.salvage`), so the
    cross-file rules run on every field valid on its own, in every file."""
    issues: list[Issue] = []
    shared = _Shared()
    plan, refs = validate_context(raw, issues)
    customers = [(s, m) for s in raw.customers
                 if (m := _validate(s, Customer, issues, shared))]
    for source, customer in sorted(customers, key=lambda sc: (sc[1].id, sc[0].name)):
        issues += check_customer(customer, source, refs, plan)
    plan.customers = dict(sorted(plan.customers.items()))
    plan.briefs = {cid: Brief.of(c, None) for cid, c in plan.customers.items()}
    plan.sketches = plan.customers
    # (a file that did not load or validate has left an issue)
    ok = not issues and plan.market is not None
    return (plan if ok else None), issues


def validate_context(raw: RawPlanSet, issues: list[Issue]) -> tuple[PlanSet, Refs]:
    """market.yaml and the industry files, each against its model and then its rules: a plan set
    with no customers yet (its market None when market.yaml could not be read), and the catalog's
    ids the customers' references are checked against. Their issues go to `issues`."""
    market = _validate(raw.market, Market, issues) if raw.market else None
    industries = [(s, m) for s in raw.industries
                  if (m := _validate(s, Industry, issues))]
    refs = Refs(market, raw.market)
    if market is not None:
        issues += check_market(market, raw.market, refs)  # type: ignore[arg-type]
    plan = PlanSet(raw.root, market, {}, {}, {("market", None): raw.market})  # type: ignore
    for source, industry in industries:
        issues += check_industry(industry, source, refs, plan)
    return plan, refs


# ---------------------------------------------------------------- one file against its model

def validate_model(source: Source, model: type[BaseModel], issues: list[Issue]) -> Any:
    """One file's model (as far as it is valid when it has errors, which go to `issues`)."""
    return _validate(source, model, issues)


def _validate(source: Source, model: type[BaseModel], issues: list[Issue],
              shared: _Shared | None = None) -> Any:
    """The file's model; for a file with errors, its model as far as it is valid (or None)."""
    try:
        ROUNDED.set(False)
        valid = model.model_validate(source.data)
    except ValidationError as e:
        errors = e.errors(include_url=False)
        found, renames = _translate_all(errors, model, source)
        partial, bad, late = salvage(model, source.data, errors, renames)
        issues += found + [_translate(err, model, source) for err in late]
        source.bad, source.raw, source.data = bad, source.data, None
        return partial
    source.rounded = _rounded_money(model, source.data) if ROUNDED.get() else []
    source.data = None  # the model holds it now; a big plan set needs the memory
    _share(valid, shared or _Shared())
    return valid


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


def _translate_all(errors: list[dict], model: type[BaseModel], source: Source,
                   ) -> tuple[list[Issue], dict[tuple[tuple, str], tuple[str, Any]]]:
    """Pydantic's errors of one file in our words; a wrong key standing for a missing field is
    one message, and the key is renamed for the salvage: (parent, wrong) -> (field, value)."""
    missing: dict[tuple, list[str]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc:
            missing.setdefault(loc[:-1], []).append(str(loc[-1]))
    renames: dict[tuple[tuple, str], tuple[str, Any]] = {}
    out: list[Issue] = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            parent, wrong = loc[:-1], str(loc[-1])
            meant = stands_for(wrong, missing.get(parent, []),
                               walk(model, parent)[1] if parent else model)
            if meant is not None:
                key, how, value = meant
                if key in missing.get(parent, []):
                    missing[parent].remove(key)
                renames[(parent, wrong)] = (key, value if how == "colon" else err.get("input"))
                out.append(_slip_issue(model, source, parent, wrong, key, how))
                continue
        out.append(_translate(err, model, source))
    explained = {parent + (key,) for (parent, _), (key, _) in renames.items()}
    return [i for i, err in zip(out, errors, strict=True)
            if not _explained(err, explained, source)], renames


def _explained(err: dict, explained: set[tuple], source: Source) -> bool:
    """A missing field is already explained by its misspelled key, or by a line left unread."""
    if err["type"] != "missing":
        return False
    loc = tuple(err["loc"])
    if loc in explained:
        return True
    start = source.at(loc[:-1])[0]
    end = source.at(loc[:-2] + (loc[-2] + 1,))[0] if len(loc) > 1 and isinstance(
        loc[-2], int) else None
    return any(key == loc[-1] and line >= start and (end is None or end <= start or line < end)
               for line, key in source.unread)


def _slip_issue(model: type[BaseModel], source: Source, parent: tuple, wrong: str, key: str,
                how: str) -> Issue:
    """`'amout' 不是字段: 是否应为 amount (年内收入)?` at the key the user wrote."""
    _, owner = walk(model, parent) if parent else (None, model)
    line, col = source.at(parent + (wrong,), key=True)
    title = label(owner, key)
    code = _SLIP_CODES.get(how, "misspelled_key")
    return Issue(source.name, line, col, dotted(parent + (key,)), code,
                 {"got": wrong, "key": key, "title": title[0]},
                 describe(model, parent + (key,), source.data))


_SLIP_CODES = {"colon": "key_colon_no_space", "quotes": "key_in_quotes"}


def _translate(err: Any, model: type[BaseModel], source: Source) -> Issue:
    """One Pydantic error -> an Issue in our words, at the line the user wrote it."""
    loc = tuple(err["loc"])
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    label_ = describe(model, loc, source.data)
    params: dict[str, Any] = {"got": _shown(value)}
    at_key = False
    if kind == "missing":
        code, params = "missing", {"key": loc[-1]}
    elif kind == "extra_forbidden":
        _, owner = walk(model, loc[:-1])
        code, at_key = "extra_forbidden", True
        params = {"key": loc[-1], "hint": key_hint(str(loc[-1]), owner)}
        label_ = describe(model, loc[:-1], source.data) if _in_item(loc) else None
    elif value is None and kind not in ("money_negative",):
        code = "empty_value"
    elif kind in _OWN_CODES:
        code, params = kind, {**params, **ctx}
    elif kind == "string_too_long":
        code, params = "text_too_long", {"got": len(str(value)), "limit": ctx.get("max_length")}
    elif kind == "literal_error":
        code = "literal_error"
        params["hint"] = choice_hint(str(value), literal_values(ctx.get("expected", "")))
    else:
        code = _PYDANTIC_CODES.get(kind, "invalid_value")
        params["detail"] = err.get("msg", "")
        if kind in _RANGE_KINDS:
            params["limit"] = _range_text(kind, ctx)
    line, col = source.at(loc, key=at_key) if at_key else _value_mark(source, loc, code)
    return Issue(source.name, line, col, dotted(loc), code, params, label_)


def _in_item(loc: tuple) -> bool:
    """Whether an unknown key sits in a list item (which its label then names)."""
    return any(isinstance(p, int) for p in loc[:-1])


def _value_mark(source: Source, loc: tuple, code: str) -> tuple[int, int]:
    # a missing key has no line of its own: point at the mapping it belongs in
    return source.at(loc[:-1] if code == "missing" else loc)


_OWN_CODES = {"id_reserved", "money_type", "rate_type", "percent_type", "thousands_separator",
              "number_with_unit", "percent_not_allowed", "money_negative", "money_too_large",
              "rate_range", "growth_range", "quarter"}
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
