"""planner.compute.phasing: quarters in cents, differences of rounded cumulative amounts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.compute.money import is_cents
from planner.compute.phasing import NO_QUARTERS, add_quarters, quarter_number, spread


def q(*values: str) -> tuple[D, D, D, D]:
    return tuple(D(v) for v in values)  # type: ignore[return-value]


@pytest.mark.parametrize(("amount", "start", "expected"), [
    ("100", 1, q("25", "25", "25", "25")),  # 100 / 4
    # R(33.333) = 33.33, R(66.667) = 66.67, 100: 33.33, 33.34, 33.33
    ("100", 2, q("0", "33.33", "33.34", "33.33")),
    ("100", 3, q("0", "0", "50", "50")),
    ("100", 4, q("0", "0", "0", "100")),
    # R(180.8125) = 180.81, R(361.625) = 361.63, R(542.4375) = 542.44, 723.25
    ("723.25", 1, q("180.81", "180.82", "180.81", "180.81")),
    # R(5.625) = 5.63, R(11.25), R(16.875) = 16.88, 22.5: 5.63, 5.62, 5.63, 5.62
    ("22.5", 1, q("5.63", "5.62", "5.63", "5.62")),
    # a 10.00 win-back item from Q2: R(3.333) = 3.33, R(6.667) = 6.67 — no 9.99 anywhere
    ("10", 2, q("0", "3.33", "3.34", "3.33")),
    ("0", 2, q("0", "0", "0", "0")),
    ("0.01", 1, q("0", "0.01", "0", "0")),  # R(0.0025) = 0, R(0.005) = 0.01, R(0.0075) = 0.01
])
def test_spread_evenly_from_the_start_quarter(amount, start, expected):
    assert spread(D(amount), start) == expected


@pytest.mark.parametrize(("amount", "shares", "expected"), [
    ("100", ["0.1", "0.2", "0.3", "0.4"], q("10", "20", "30", "40")),
    # cumulative 8.3325 -> 8.33, 16.665 -> 16.67, 24.9975 -> 25.00, 33.33
    ("33.33", ["0.25", "0.25", "0.25", "0.25"], q("8.33", "8.34", "8.33", "8.33")),
    ("0.01", ["0.5", "0.5", "0", "0"], q("0.01", "0", "0", "0")),  # R(0.005) = 0.01
    ("120", ["0", "0.5", "0.5", "0"], q("0", "60", "60", "0")),
])
def test_spread_by_explicit_shares(amount, shares, expected):
    assert spread(D(amount), 1, [D(s) for s in shares]) == expected


def test_quarter_number():
    assert [quarter_number(x) for x in ("Q1", "Q2", "Q3", "Q4")] == [1, 2, 3, 4]


def test_add_quarters():
    # (1 + 10, 2 + 20, 3 + 30, 4 + 40)
    assert add_quarters(q("1", "2", "3", "4"), q("10", "20", "30", "40")) == q("11", "22", "33",
                                                                               "44")
    assert add_quarters() == NO_QUARTERS


@given(st.integers(0, 10**12).map(lambda n: D(n).scaleb(-2)), st.integers(1, 4))
def test_an_even_spread_is_even_and_adds_up(amount, start):
    parts = spread(amount, start)
    assert sum(parts, D(0)) == amount
    assert all(p == 0 for p in parts[:start - 1])  # nothing before the start quarter
    span = parts[start - 1:]
    assert all(is_cents(p) for p in parts)
    assert max(span) - min(span) <= D("0.01")  # no quarter carries the remainders


@given(st.integers(0, 10**12).map(lambda n: D(n).scaleb(-2)),
       st.lists(st.integers(0, 100), min_size=4, max_size=4).filter(lambda w: sum(w) > 0))
def test_a_spread_by_shares_adds_up_and_stays_within_a_cent(amount, weights):
    total = sum(weights)
    shares = [D(w) / total for w in weights[:3]]
    shares.append(1 - sum(shares, D(0)))  # they add up to exactly 1, as validated
    parts = spread(amount, 1, shares)
    assert sum(parts, D(0)) == amount and all(is_cents(p) and p >= 0 for p in parts)
    exact = [amount * s for s in shares]
    assert all(abs(p - e) < D("0.01") for p, e in zip(parts, exact))
