"""planner.compute.value: current value, potential value, share of wallet, quadrant (seed §2.2)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from planner.compute.value import assess, thresholds, wallet_by_line
from planner.model import Customer

from conftest import MARKET

LIMITS = (D(100), D(50))  # the defaults in 万元


def customer(**fields) -> Customer:
    return Customer.model_validate({"id": "acme", "name": "测试客户", "industry": "gov",
                                    "region": "urban", **fields})


def test_current_value_is_revenue_times_on_time_payment_minus_cost():
    c = customer(costs={"marketing": "20", "service": "15", "maintenance": "35",
                        "payment_on_time_rate": "0.98"},
                 spend=[{"carrier": "中国电信", "business_line": "data", "amount": "685"},
                        {"carrier": "中国移动", "business_line": "data", "amount": "140"},
                        {"carrier": "中国联通", "business_line": "video", "amount": "90"}])
    v = assess(c, "中国电信", D("685"), D("400"), D("30"), LIMITS)
    assert v.cost == D("70")  # 20 + 15 + 35
    assert v.current == D("601.3")  # 685 × 0.98 − 70 = 671.3 − 70
    assert v.potential == D("430")  # weighted increment 400 + weighted win-back 30
    assert (v.wallet, v.ours) == (D("915"), D("685"))  # 685 + 140 + 90
    assert v.share_of_wallet == D("685") / D("915")
    assert v.headroom == D("230")  # 915 − 685: reported beside the potential, not added to it
    assert v.quadrant == "keep_grow"
    assert (v.current_threshold, v.potential_threshold) == LIMITS


def test_without_costs_current_value_is_revenue_and_without_spend_no_share():
    v = assess(customer(), "中国电信", D("80"), D("0"), D("0"), LIMITS)
    assert (v.cost, v.current, v.potential) == (0, 80, 0)
    assert (v.wallet, v.ours, v.share_of_wallet, v.headroom) == (None, None, None, None)


def test_share_of_wallet_is_zero_when_we_have_none_of_it():
    c = customer(spend=[{"carrier": "中国移动", "business_line": "data", "amount": "50"}])
    v = assess(c, "中国电信", D("0"), D("0"), D("0"), LIMITS)
    assert (v.wallet, v.ours, v.share_of_wallet) == (50, 0, 0)


@pytest.mark.parametrize(("revenue", "potential", "quadrant"), [
    ("100", "50", "keep_grow"),  # a value at the threshold counts as high
    ("100", "49.99", "keep"),
    ("99.99", "50", "grow"),
    ("99.99", "49.99", "watch"),
    ("0", "0", "watch"),
])
def test_quadrant_of_the_current_by_potential_matrix(revenue, potential, quadrant):
    v = assess(customer(), "中国电信", D(revenue), D(potential), D("0"), LIMITS)
    assert v.quadrant == quadrant


def test_costs_can_make_current_value_negative():
    c = customer(costs={"service": "30"})
    v = assess(c, "中国电信", D("10"), D("60"), D("0"), LIMITS)
    assert v.current == D("-20")  # 10 × 1 − 30
    assert v.quadrant == "grow"


@pytest.mark.parametrize(("unit", "expected"), [
    ("万元", (D(100), D(50))),
    ("千元", (D(1000), D(500))),  # 100 万元 = 1000 千元
    ("元", (D(1000000), D(500000))),  # 100 万元 = 1,000,000 元
])
def test_default_thresholds_in_the_plan_money_unit(unit, expected):
    assert thresholds(unit, None, None) == expected


def test_thresholds_set_in_the_plan_win():
    assert thresholds("元", D(5), D(7)) == (D(5), D(7))


def test_plan_thresholds_reach_the_assessment(make_plan):
    # acme: current 100 (revenue, no costs), potential 40 × 0.5 = 20
    assert make_plan().targets.customers["acme"].value.quadrant == "keep"  # 100 ≥ 100, 20 < 50
    market = MARKET + "review:\n  value_current: 101\n  value_potential: 20\n"
    assert make_plan(market=market).targets.customers["acme"].value.quadrant == "grow"


def test_wallet_by_line_sums_each_carrier_in_written_order():
    c = customer(spend=[{"carrier": "中国移动", "business_line": "data", "amount": "10"},
                        {"carrier": "中国电信", "business_line": "voice", "amount": "5"},
                        {"carrier": "中国移动", "business_line": "data", "amount": "2.5"}])
    assert wallet_by_line(c) == {"data": {"中国移动": D("12.5")}, "voice": {"中国电信": D(5)}}


REFERENCE_VALUES = {
    # city-bank: 295 × 1.0 − (12 + 10 + 18) = 255; potential 180 + 12 = 192;
    # wallet 260 + 35 + 110 + 30 = 435, ours 260 + 35 = 295
    "city-bank": ("255", "192", ("295", "435"), "keep_grow"),
    # data-bureau: 685 × 0.98 − (20 + 15 + 35) = 601.3; potential 400 + 30 = 430;
    # wallet 420 + 60 + 180 + 25 + 140 + 90 = 915, ours 685
    "data-bureau": ("601.3", "430", ("685", "915"), "keep_grow"),
    # first-school: 18 × 1.0 − (2 + 1 + 2) = 13 < 100; potential 25 < 50; wallet 18 + 12 = 30
    "first-school": ("13", "25", ("18", "30"), "watch"),
    # police: 190 × 0.9 − (10 + 8 + 20) = 171 − 38 = 133; potential 60 + 36 = 96;
    # wallet 150 + 40 + 380 + 90 = 660, ours 190
    "police": ("133", "96", ("190", "660"), "keep_grow"),
}


@pytest.mark.parametrize("cid", list(REFERENCE_VALUES))
def test_reference_values(reference_analysis, cid):
    current, potential, (ours, wallet), quadrant = REFERENCE_VALUES[cid]
    v = reference_analysis.targets.customers[cid].value
    assert (v.current, v.potential, v.quadrant) == (D(current), D(potential), quadrant)
    assert v.share_of_wallet == D(ours) / D(wallet)
