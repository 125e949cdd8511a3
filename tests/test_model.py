"""planner.model: field metadata, and what the text a user wrote may mean (amounts, rates...)."""

from __future__ import annotations

import inspect
from datetime import date
from decimal import Decimal as D

import pytest
from pydantic import BaseModel, ValidationError

import planner.model as model
from planner.model import (
    BulkRow,
    Contact,
    Customer,
    Opportunity,
    Promotion,
    StockLine,
    Strategies,
    label,
    walk,
)

MODELS = [obj for _, obj in inspect.getmembers(model, inspect.isclass)
          if issubclass(obj, BaseModel) and obj.__module__ == model.__name__
          and obj is not model.Model]


def test_every_model_is_found():
    names = {m.__name__ for m in MODELS}
    assert {"Market", "Industry", "Customer", "StockLine", "Opportunity", "WinBack", "BulkRow",
            "Strategies", "Kpis"} <= names


@pytest.mark.parametrize("m", MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_title_a_description_and_an_english_label(m):
    assert m.__doc__ and m.__doc__.strip(), f"{m.__name__} has no docstring"
    for name, f in m.model_fields.items():
        assert f.title and f.title.strip(), f"{m.__name__}.{name}: no title (中文标签)"
        assert f.description and f.description.strip(), f"{m.__name__}.{name}: no description"
        extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
        assert str(extra.get("label_en", "")).strip(), f"{m.__name__}.{name}: no label_en"


def test_label_and_walk_read_the_metadata():
    assert label(Customer, "stock") == ("存量保有", "Stock")
    assert label(Strategies, "组合营销") == ("组合营销", "Bundling")  # by the key users write
    assert walk(Customer, ("stock", 0, "retention")) == (("保有率", "Retention"), D)
    assert walk(Customer, ("voice", "domestic", "中国移动"))[0] == ("国内话音", "Domestic voice")
    assert walk(Customer, ("no_such_field",)) == (None, None)


# ---------------------------------------------------------------- amounts

def _base(text):
    return StockLine.model_validate({"business_line": "data", "base": text}).base


def _error_type(model_cls, data) -> str:
    with pytest.raises(ValidationError) as e:
        model_cls.model_validate(data)
    return e.value.errors()[0]["type"]


@pytest.mark.parametrize(("text", "value"), [
    ("120", D("120")),
    ("120.5", D("120.5")),
    ("0.1", D("0.1")),  # exactly one tenth, not the float 0.1000000000000000055…
    (" 12 ", D("12")),
    ("0", D("0")),
    ("1e3", D("1000")),
])
def test_money_reads_the_text_exactly(text, value):
    assert _base(text) == value


def test_ten_tenths_make_exactly_one():
    assert sum((_base("0.1") for _ in range(10)), D(0)) == D(1)


@pytest.mark.parametrize(("text", "error"), [
    ("-1", "money_negative"),
    ("1,200", "thousands_separator"),
    ("1,200.50", "thousands_separator"),
    ("120万", "number_with_unit"),
    ("120 万元", "number_with_unit"),
    ("12%", "percent_not_allowed"),
    ("abc", "money_type"),
    (".inf", "money_type"),
    ("nan", "money_type"),
    ("1e13", "money_too_large"),
    (["1"], "money_type"),
])
def test_money_rejects(text, error):
    assert _error_type(StockLine, {"business_line": "data", "base": text}) == error


# ---------------------------------------------------------------- rates

def _retention(text):
    return StockLine.model_validate({"business_line": "data", "base": "1",
                                     "retention": text}).retention


@pytest.mark.parametrize(("text", "value"), [
    ("0.6", D("0.6")),
    ("60%", D("0.6")),
    ("60％", D("0.6")),  # a full-width percent sign from a Chinese input method
    ("100%", D("1")),
    ("0", D("0")),
    ("1", D("1")),
    ("12.5%", D("0.125")),
])
def test_rates_and_percent_strings(text, value):
    assert _retention(text) == value


@pytest.mark.parametrize(("text", "error"), [
    ("1.5", "rate_range"),
    ("150%", "rate_range"),
    ("-0.1", "rate_range"),
    ("60", "rate_range"),  # 60 meant as percent: above 1 is an error, not 60 %
    ("abc%", "percent_type"),
    ("high", "rate_type"),
])
def test_rates_reject(text, error):
    assert _error_type(StockLine, {"business_line": "data", "base": "1",
                                   "retention": text}) == error


def test_retention_defaults_to_one():
    assert StockLine.model_validate({"business_line": "data", "base": "1"}).retention == 1


# ---------------------------------------------------------------- quarters, dates, text

def _opportunity(**fields):
    return Opportunity.model_validate({"name": "x", "business_line": "data", "amount": "1",
                                       "probability": "0.5", **fields})


@pytest.mark.parametrize("text", ["Q2", "q2", "2", " Q2 ", "Ｑ2"])
def test_quarter_spellings(text):
    assert _opportunity(quarter=text).quarter == "Q2"


def test_quarter_defaults_to_q1():
    assert _opportunity().quarter == "Q1"


@pytest.mark.parametrize("text", ["Q5", "Q0", "第二季度", ""])
def test_quarter_rejects(text):
    assert _error_type(Opportunity, {"name": "x", "business_line": "data", "amount": "1",
                                     "probability": "0.5", "quarter": text}) == "quarter"


def test_iso_dates_from_text():
    p = Promotion.model_validate({"purpose": "a", "theme": "b", "start": "2027-08-01",
                                  "end": "2027-09-30"})
    assert (p.start, p.end) == (date(2027, 8, 1), date(2027, 9, 30))


def test_a_single_sentence_where_a_list_is_expected_is_a_list_of_one():
    c = Customer.model_validate({"id": "a", "name": "b", "industry": "gov", "region": "urban",
                                 "retention_plan": {"actions": "提前续约"}})
    assert c.retention_plan.actions == ["提前续约"]


def test_strategies_are_keyed_by_the_nine_chinese_dimensions():
    s = Strategies.model_validate({"竞争": "a", "促销": "b"})
    assert (s.competition, s.promotion, s.price) == ("a", "b", None)
    assert [f.alias for f in Strategies.model_fields.values()] == list(model.STRATEGY_DIMENSIONS)


def test_roles_and_bulk_defaults():
    assert Contact.model_validate({"name": "a", "role": "把关者"}).role == "把关者"
    row = BulkRow.model_validate({"region": "r", "industry": "i", "business_line": "b",
                                  "base": "1"})
    assert (row.retention, row.increment, row.winback, row.quarter) == (1, 0, 0, "Q1")


def test_models_are_frozen():
    line = StockLine.model_validate({"business_line": "data", "base": "1"})
    with pytest.raises(ValidationError):
        line.base = D(2)  # type: ignore[misc]
