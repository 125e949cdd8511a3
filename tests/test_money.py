"""planner.compute.money: half-up cents; display rounding whose parts add up to the total shown."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.compute.money import CENT, allocate, round_cents, round_table


@pytest.mark.parametrize(("exact", "shown"), [
    (D("1.005"), D("1.01")),  # half goes up
    (D("1.004999"), D("1.00")),
    (D("2.675"), D("2.68")),  # the float 2.675 would round to 2.67; a Decimal does not
    (D("-1.005"), D("-1.01")),  # half-up is away from zero
    (D("0"), D("0.00")),
    (D("33.3333"), D("33.33")),
])
def test_round_cents_half_up(exact, shown):
    assert round_cents(exact) == shown


# ---------------------------------------------------------------- allocate, worked by hand

def test_allocate_gives_missing_cents_to_the_largest_remainders():
    # 1.004 + 2.006 + 3.003 = 6.013 -> shown total 6.01; floors 1.00 + 2.00 + 3.00 = 6.00,
    # one cent missing: it goes to 2.006 (remainder 0.6 of a cent, the largest)
    parts, total = allocate([D("1.004"), D("2.006"), D("3.003")])
    assert parts == [D("1.00"), D("2.01"), D("3.00")]
    assert total == D("6.01")


def test_allocate_thirds_add_up_to_the_rounded_total():
    # 3 × 33.3333 = 99.9999 -> 100.00; floors 33.33 × 3 = 99.99, one cent to the earliest tie
    parts, total = allocate([D("33.3333")] * 3)
    assert parts == [D("33.34"), D("33.33"), D("33.33")]
    assert total == D("100.00")


def test_allocate_rounds_a_part_down_when_the_total_needs_it():
    # 0.005 + 0.005 + 0.005 = 0.015 -> 0.02: only two of three halves go up (ties: earlier first)
    parts, total = allocate([D("0.005")] * 3)
    assert parts == [D("0.01"), D("0.01"), D("0.00")]
    assert total == D("0.02")


def test_allocate_with_a_negative_part():
    # a negative gap beside positives: -1.005 + 2.004 = 0.999 -> 1.00;
    # floors -1.01 + 2.00 = 0.99, one cent to -1.005 (remainder 0.5 beats 0.4)
    parts, total = allocate([D("-1.005"), D("2.004")])
    assert parts == [D("-1.00"), D("2.00")]
    assert total == D("1.00")


def test_allocate_nothing():
    assert allocate([]) == ([], D("0.00"))


# ---------------------------------------------------------------- round_table, worked by hand

def test_round_table_exact_cents_unchanged():
    # 1.10 + 2.20 = 3.30; 3.30 + 4.40 = 7.70; grand 3.30 + 7.70 = 11.00
    cells, rows, cols, grand = round_table([[D("1.10"), D("2.20")], [D("3.30"), D("4.40")]])
    assert cells == [[D("1.10"), D("2.20")], [D("3.30"), D("4.40")]]
    assert rows == [D("3.30"), D("7.70")]
    assert cols == [D("4.40"), D("6.60")]
    assert grand == D("11.00")


def test_round_table_nearest_consistent_rounding():
    # rows: 10.004 (row 10.004), 20.006 (20.006), 30.001 (30.001); one column.
    # grand 60.011 -> 60.01; floors add to 60.00, so exactly one cell goes up: the one nearest
    # its ceiling, 20.006 -> 20.01; the others round to their nearest, down.
    cells, rows, cols, grand = round_table([[D("10.004")], [D("20.006")], [D("30.001")]])
    assert cells == [[D("10.00")], [D("20.01")], [D("30.00")]]
    assert rows == [D("10.00"), D("20.01"), D("30.00")]
    assert cols == [D("60.01")]
    assert grand == D("60.01")


def test_round_table_both_ways():
    # | 0.005 0.005 | row 0.010      each cell is a half cent; every row and column total is
    # | 0.005 0.005 | row 0.010      exactly 0.01, the grand total 0.02: each row and each column
    #   col 0.010 0.010, grand 0.020  must show one 0.01 and one 0.00.
    cells, rows, cols, grand = round_table([[D("0.005")] * 2, [D("0.005")] * 2])
    assert rows == [D("0.01"), D("0.01")]
    assert cols == [D("0.01"), D("0.01")]
    assert grand == D("0.02")
    assert sorted(cells[0] + cells[1]) == [D("0.00"), D("0.00"), D("0.01"), D("0.01")]


def test_round_table_empty():
    assert round_table([]) == ([], [], [], D(0))


# ---------------------------------------------------------------- properties

def _decimals(low: int, high: int):
    """Decimals with up to 4 decimals: hypothesis integers in ten-thousandths."""
    return st.integers(min_value=low, max_value=high).map(lambda n: D(n).scaleb(-4))


AMOUNT = _decimals(0, 10**9)  # 0 .. 100,000.0000
SIGNED = _decimals(-10**9, 10**9)  # allocate's docstring sets no sign: gaps can be negative


def _within_a_cent(shown: D, exact: D) -> bool:
    """`shown` is `exact` rounded down or up to cents."""
    return shown in (exact.quantize(CENT, rounding=ROUND_FLOOR),
                     exact.quantize(CENT, rounding=ROUND_CEILING))


@given(st.lists(SIGNED, max_size=12))
def test_allocate_properties(parts):
    shown, total = allocate(parts)
    exact = sum(parts, D(0))
    assert sum(shown, D(0)) == total  # the shown parts add up to the shown total
    assert total == exact.quantize(CENT, rounding=ROUND_HALF_UP)
    assert len(shown) == len(parts)
    for s, p in zip(shown, parts):
        assert _within_a_cent(s, p)
        assert s == s.quantize(CENT)


@settings(max_examples=200, deadline=None)  # networkx solves each table: no per-example deadline
@given(st.integers(1, 5).flatmap(
    lambda m: st.lists(st.lists(AMOUNT, min_size=m, max_size=m), min_size=1, max_size=6)))
def test_round_table_properties(table):
    cells, rows, cols, grand = round_table(table)
    n, m = len(table), len(table[0])
    exact_rows = [sum(r, D(0)) for r in table]
    exact_cols = [sum((table[i][j] for i in range(n)), D(0)) for j in range(m)]
    exact_grand = sum(exact_rows, D(0))
    assert grand == exact_grand.quantize(CENT, rounding=ROUND_HALF_UP)
    assert sum(rows, D(0)) == grand and sum(cols, D(0)) == grand
    for i in range(n):
        assert sum(cells[i], D(0)) == rows[i]  # each row adds up to its shown total
        assert _within_a_cent(rows[i], exact_rows[i])
        for j in range(m):
            assert _within_a_cent(cells[i][j], table[i][j])
    for j in range(m):
        assert sum((cells[i][j] for i in range(n)), D(0)) == cols[j]
        assert _within_a_cent(cols[j], exact_cols[j])


def _within_a_unit(shown: D, exact: D) -> bool:
    """`shown` is `exact` rounded down or up to a whole unit."""
    return shown in (exact.quantize(D(1), rounding=ROUND_FLOOR),
                     exact.quantize(D(1), rounding=ROUND_CEILING))


def test_round_table_to_whole_units_by_hand():
    # 0.6 + 0.6 = 1.2: both round up to 1 on their own, which would show 2 for a total of 1
    cells, rows, cols, grand = round_table([[D("0.6"), D("0.6")], [D("2.4"), D("0.4")]], 0)
    assert grand == D(4) and rows == [D(1), D(3)] and cols == [D(3), D(1)]
    assert cells in ([[D(1), D(0)], [D(2), D(1)]], [[D(0), D(1)], [D(3), D(0)]])
    assert all(str(c) == str(c.quantize(D(1))) for r in cells for c in r)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5).flatmap(
    lambda m: st.lists(st.lists(AMOUNT, min_size=m, max_size=m), min_size=1, max_size=6)))
def test_round_table_to_whole_units_properties(table):
    cells, rows, cols, grand = round_table(table, 0)
    n, m = len(table), len(table[0])
    exact_rows = [sum(r, D(0)) for r in table]
    assert grand == sum(exact_rows, D(0)).quantize(D(1), rounding=ROUND_HALF_UP)
    assert sum(rows, D(0)) == grand and sum(cols, D(0)) == grand
    for i in range(n):
        assert sum(cells[i], D(0)) == rows[i]
        assert _within_a_unit(rows[i], exact_rows[i])
        for j in range(m):
            assert _within_a_unit(cells[i][j], table[i][j])
    for j in range(m):
        assert sum((cells[i][j] for i in range(n)), D(0)) == cols[j]
