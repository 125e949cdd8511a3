"""planner.compute.phasing: quarters in cents that add up to the year exactly."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.compute.phasing import NO_QUARTERS, add_quarters, quarter_number, spread


def q(*values: str) -> tuple[D, D, D, D]:
    return tuple(D(v) for v in values)  # type: ignore[return-value]


@pytest.mark.parametrize(("amount", "start", "expected"), [
    ("100", 1, q("25", "25", "25", "25")),  # 100 / 4
    ("100", 2, q("0", "33.33", "33.33", "33.34")),  # 100 / 3 = 33.33…; Q4 = 100 − 66.66
    ("100", 3, q("0", "0", "50", "50")),
    ("100", 4, q("0", "0", "0", "100")),
    ("22.5", 1, q("5.62", "5.62", "5.62", "5.64")),  # 5.625 -> 5.62 × 3 = 16.86; 22.5 − 16.86
    ("10", 3, q("0", "0", "5", "5")),
    ("0", 2, q("0", "0", "0", "0")),
    ("0.01", 1, q("0", "0", "0", "0.01")),  # 0.0025 -> 0.00 × 3; the cent lands in Q4
])
def test_spread_evenly_from_the_start_quarter(amount, start, expected):
    assert spread(D(amount), start) == expected


@pytest.mark.parametrize(("amount", "shares", "expected"), [
    ("100", ["0.1", "0.2", "0.3", "0.4"], q("10", "20", "30", "40")),
    # 33.33 × 0.25 = 8.3325 -> 8.33 × 3 = 24.99; Q4 = 33.33 − 24.99 = 8.34
    ("33.33", ["0.25", "0.25", "0.25", "0.25"], q("8.33", "8.33", "8.33", "8.34")),
    # the remainder goes to the last quarter with a share: Q2 here
    ("0.01", ["0.5", "0.5", "0", "0"], q("0", "0.01", "0", "0")),  # 0.005 -> 0.00; Q2 = 0.01
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


@given(st.integers(0, 10**10).map(lambda n: D(n).scaleb(-4)), st.integers(1, 4))
def test_quarters_always_add_up_to_the_year(amount, start):
    parts = spread(amount, start)
    assert sum(parts, D(0)) == amount
    assert all(p == 0 for p in parts[:start - 1])  # nothing before the start quarter
    assert all(p == p.quantize(D("0.01")) for p in parts[:3])  # cents, except the remainder
