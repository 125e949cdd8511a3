"""planner.compute.money: the ledger's leaves, rounded half-up to whole cents once."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.compute.money import cents, is_cents, product, round_percent


@pytest.mark.parametrize(("exact", "shown"), [
    (D("1.005"), D("1.01")),  # half goes up
    (D("1.004999"), D("1.00")),
    (D("2.675"), D("2.68")),  # the float 2.675 would round to 2.67; a Decimal does not
    (D("-1.005"), D("-1.01")),  # half-up is away from zero, as a spreadsheet's ROUND
    (D("0"), D("0.00")),
    (D("33.3333"), D("33.33")),
])
def test_cents_half_up(exact, shown):
    assert cents(exact) == shown


@pytest.mark.parametrize("zero", [D("-0"), D("-0.00"), D("-0.004")])
def test_minus_zero_becomes_zero(zero):
    # -0 would print as '-0.00'
    assert f"{cents(zero):,.2f}" == "0.00"


@pytest.mark.parametrize(("amount", "rate", "leaf"), [
    ("18.50", "0.95", "17.58"),  # 17.575: the half goes up
    ("100", "0.333", "33.30"),
    ("240", "0.6", "144.00"),
    ("0.01", "0.5", "0.01"),  # 0.005 -> 0.01
    ("0.01", "0.49", "0.00"),
    ("723.25", "1", "723.25"),
])
def test_product_is_a_leaf_rounded_once(amount, rate, leaf):
    assert product(D(amount), D(rate)) == D(leaf)


def test_is_cents():
    assert is_cents(D("12.30")) and is_cents(D("12")) and not is_cents(D("12.345"))


@pytest.mark.parametrize(("rate", "shown"), [
    (D("0.2535"), D("25.4")),  # half-up, where format() would round half-even
    (D("-0.0004"), D("0.0")),  # never '-0.0%'
    (D("1"), D("100.0")),
])
def test_round_percent(rate, shown):
    assert round_percent(rate) == shown
    assert not str(round_percent(rate)).startswith("-0")


@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=30),
       st.lists(st.integers(0, 10**4), min_size=1, max_size=30))
def test_leaves_sum_exactly(amounts, rates):
    # the ledger's promise: leaves are cents, so any sum of them is cents: shown == exact
    leaves = [product(D(a).scaleb(-2), D(r).scaleb(-4)) for a, r in zip(amounts, rates)]
    assert all(is_cents(x) for x in leaves)
    total = sum(leaves, D(0))
    assert is_cents(total) and f"{total:.2f}" == f"{sum(leaves):.2f}"
