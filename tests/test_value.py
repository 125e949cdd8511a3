"""planner.compute.value: current value, potential value, share of wallet, quadrant (seed §2.2)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from planner.compute.loyalty import contract_score, term_years
from planner.compute.pyramid import pyramid_tier, quartiles, ranks
from planner.compute.targets import Figures
from planner.compute.value import assess, thresholds, wallet_by_line
from planner.model import Contract, Customer, LoyaltyWeights, ReviewSettings

from conftest import MARKET

LIMITS = (D(100), D(50))  # the defaults in 万元
SETTINGS = ReviewSettings()


def customer(**fields) -> Customer:
    return Customer.model_validate({"id": "acme", "name": "测试客户", "industry": "gov",
                                    "region": "urban", **fields})


def figures(base="0", increment="0", winback="0", pipeline="0", previous=None, stock=None):
    """Figures with a given base, weighted increment and win-back (stock = base unless given)."""
    return Figures(base=D(base), stock=D(stock if stock is not None else base),
                   increment=D(increment), winback=D(winback), pipeline=D(pipeline),
                   previous=None if previous is None else D(previous))


def value(c: Customer, fig: Figures, settings: ReviewSettings = SETTINGS):
    return assess(c, "中国电信", fig, 2027, LIMITS, settings)


def test_current_value_is_revenue_times_on_time_payment_minus_cost_plus_associated():
    c = customer(costs={"marketing": "20", "service": "15", "maintenance": "35",
                        "payment_on_time_rate": "0.98"}, associated_revenue="12.5",
                 budget={"growth": "5%"},
                 spend=[{"carrier": "中国电信", "business_line": "data", "amount": "685"},
                        {"carrier": "中国移动", "business_line": "data", "amount": "140"},
                        {"carrier": "中国联通", "business_line": "video", "amount": "90"}])
    v = value(c, figures("685", "400", "30", pipeline="800"))
    assert (v.paid, v.cost) == (D("671.30"), D("70"))  # R(685 × 0.98); 20 + 15 + 35
    assert v.current == D("613.80")  # 671.30 − 70 + 12.50
    assert v.potential == D("430")  # weighted increment 400 + weighted win-back 30
    assert v.overall == D("1043.80")  # 613.80 + 430
    assert (v.wallet, v.ours) == (D("915"), D("685"))  # 685 + 140 + 90
    assert v.share_of_wallet == D("685") / D("915")
    # beside the potential, not added to it: 915 − 685; R(915 × 5%) = 45.75; the pipeline
    assert (v.headroom, v.wallet_growth, v.pipeline) == (D("230"), D("45.75"), D("800"))
    assert v.quadrant == "keep_grow"
    assert (v.current_threshold, v.potential_threshold) == LIMITS
    assert v.missing == ("customer_since", "contract.expiry", "contract.term_years")


def test_the_paid_revenue_is_a_ledger_leaf():
    c = customer(costs={"payment_on_time_rate": "0.95"})
    assert value(c, figures("18.50")).paid == D("17.58")  # 18.50 × 0.95 = 17.575 -> 17.58


def test_what_was_not_entered_stays_unknown():
    v = value(customer(), figures("80"))
    assert (v.payment_rate, v.associated, v.cost, v.current, v.potential) == (None, None, 0, 80, 0)
    assert v.costs == {"marketing": None, "service": None, "maintenance": None}
    assert (v.wallet, v.ours, v.share_of_wallet, v.headroom, v.wallet_growth) == (None,) * 5
    assert v.loyalty.score is None
    assert v.missing == ("costs.marketing", "costs.service", "costs.maintenance",
                         "costs.payment_on_time_rate", "associated_revenue", "customer_since",
                         "contract.expiry", "contract.term_years", "budget.growth")


def test_share_of_wallet_is_zero_when_we_have_none_of_it():
    c = customer(spend=[{"carrier": "中国移动", "business_line": "data", "amount": "50"}])
    v = value(c, figures())
    assert (v.wallet, v.ours, v.share_of_wallet) == (50, 0, 0)


@pytest.mark.parametrize(("revenue", "potential", "quadrant"), [
    ("100", "50", "keep_grow"),  # a value at the threshold counts as high
    ("100", "49.99", "keep"),
    ("99.99", "50", "grow"),
    ("99.99", "49.99", "watch"),
    ("0", "0", "watch"),
])
def test_quadrant_of_the_current_by_potential_matrix(revenue, potential, quadrant):
    assert value(customer(), figures(revenue, potential)).quadrant == quadrant


def test_costs_can_make_current_value_negative():
    v = value(customer(costs={"service": "30"}), figures("10", "60"))
    assert v.current == D("-20")  # 10 (no payment rate given: in full) − 30
    assert (v.quadrant, v.tier, v.tier_rule, v.stance) == ("grow", "problem",
                                                           "negative_current", "watch")


LOYAL = {"spend": [{"carrier": "中国电信", "business_line": "data", "amount": "60", "previous": "50"},
                   {"carrier": "中国移动", "business_line": "data", "amount": "40", "previous": "50"}],
         "contract": {"expiry": "2027-06-30", "term_years": 3}, "customer_since": 2025,
         "relationship": {"contacts": [{"name": "甲", "role": "决策者", "attitude": "支持"},
                                       {"name": "乙", "role": "决策者", "attitude": "反对"},
                                       {"name": "丙", "role": "影响者", "attitude": "反对"}]}}


def test_loyalty_is_the_mean_of_its_known_components():
    v = value(customer(**LOYAL), figures("60"))
    assert v.loyalty.parts == {
        "contract": D("0.75"),  # expires in the plan year 0.5, term 3 ÷ 3 = 1: (0.5 + 1) / 2
        "tenure": D("0.4"),  # 2027 − 2025 = 2 years ÷ 5
        "share": D("0.6"),  # 60 ÷ (60 + 40)
        "trend": D(1),  # 0.6 > 50 ÷ 100 = 0.5: rising
        "attitude": D("0.5"),  # decision makers only: (支持 1 + 反对 0) / 2
    }
    assert v.loyalty.score == D("0.65")  # (0.75 + 0.4 + 0.6 + 1 + 0.5) / 5
    assert (v.loyalty.term_years, v.loyalty.years_with_us) == (3, 2)


def test_loyalty_weights_come_from_the_settings():
    weights = LoyaltyWeights(share=D(2), trend=D(0))
    v = value(customer(**LOYAL), figures("60"), ReviewSettings(loyalty_weights=weights))
    assert v.loyalty.score == D("0.57")  # (0.75 + 0.4 + 2 × 0.6 + 0.5) / (1 + 1 + 2 + 1)


@pytest.mark.parametrize(("contract", "score"), [
    ({"expiry": "2026-12-31"}, D(0)),  # expired before the plan year
    ({"expiry": "2027-01-01"}, D("0.5")),
    ({"expiry": "2028-01-01"}, D(1)),
    ({"term_years": 6}, D(1)),  # a term beyond the long one counts 1
    ({"start": "2025-01-01", "expiry": "2027-12-31"}, D("0.75")),  # (0.5 + 36 months ÷ 36) / 2
])
def test_contract_score(contract, score):
    assert contract_score(Contract.model_validate(contract), 2027, 3) == score


@pytest.mark.parametrize(("start", "expiry", "years"), [
    ("2025-01-01", "2027-12-31", D(3)),  # 36 months
    ("2025-03-15", "2026-03-14", D(1)),  # 12 months
    ("2025-03-15", "2026-03-15", D(13) / 12),  # into the 13th month
    ("2025-03-15", "2024-03-15", None),  # expiry before start: unknown
])
def test_term_from_start_and_expiry(start, expiry, years):
    assert term_years(Contract.model_validate({"start": start, "expiry": expiry})) == years


@pytest.mark.parametrize(("current", "rate", "loyalty", "yoy", "growth", "quadrant", "expected"), [
    ("-1", None, None, None, None, "keep", ("problem", "negative_current")),
    ("5", "0.89", None, None, None, "keep", ("problem", "late_payment")),
    ("5", "0.9", "0.39", None, None, "keep", ("problem", "low_loyalty")),
    ("5", "0.9", "0.4", "-0.11", None, "keep", ("problem", "falling")),
    ("5", None, None, "0.11", None, "keep", ("changing", "rising")),
    ("5", None, None, "0.1", "-0.11", "keep", ("changing", "planned_change")),
    ("5", None, None, "-0.1", "0.1", "grow", ("changing", "potential")),
    ("5", None, None, "-0.1", "0.1", "keep_grow", ("value", "steady")),
    ("0", None, None, None, None, "watch", ("value", "steady")),
])
def test_pyramid_tier_is_the_first_rule_that_holds(current, rate, loyalty, yoy, growth,
                                                  quadrant, expected):
    def d(x):
        return None if x is None else D(x)
    tier, rule, _ = pyramid_tier(D(current), d(rate), d(loyalty), d(yoy), d(growth), quadrant,
                                 SETTINGS)
    assert (tier, rule) == expected


def test_ranks_share_equal_values():
    assert ranks({"a": D(10), "b": D(10), "c": D(5)}) == {"a": 1, "b": 1, "c": 3}


@pytest.mark.parametrize(("values", "expected"), [
    (["1", "2", "3", "4"], ("1.75", "2.5", "3.25")),  # QUARTILE.INC: positions 0.75, 1.5, 2.25
    (["5"], ("5", "5", "5")),
    (["0.02", "0.01"], ("0.01", "0.02", "0.02")),  # 0.0125, 0.015, 0.0175 to the cent, half-up
])
def test_quartiles_as_a_spreadsheet_computes_them(values, expected):
    assert quartiles(D(x) for x in values) == tuple(D(x) for x in expected)
    assert quartiles([]) is None


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
    # acme: current 100 (revenue, costs 0), potential 40 × 0.5 = 20
    assert make_plan().targets.customers["acme"].value.quadrant == "keep"  # 100 ≥ 100, 20 < 50
    market = MARKET + "review:\n  value_current: 101\n  value_potential: 20\n"
    assert make_plan(market=market).targets.customers["acme"].value.quadrant == "grow"


def test_wallet_by_line_sums_each_carrier_in_written_order():
    c = customer(spend=[{"carrier": "中国移动", "business_line": "data", "amount": "10"},
                        {"carrier": "中国电信", "business_line": "voice", "amount": "5"},
                        {"carrier": "中国移动", "business_line": "data", "amount": "2.5"}])
    assert wallet_by_line(c.spend) == {"data": {"中国移动": D("12.5")}, "voice": {"中国电信": D(5)}}


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


REFERENCE_RANKS = {
    # overall = current + potential: data-bureau 601.3 + 430 = 1031.3, city-bank 255 + 192 = 447,
    # police 133 + 96 = 229, first-school 13 + 25 = 38; gov holds data-bureau and police
    "data-bureau": (D("1031.3"), 1, 1, "changing", "rising"),  # 685 / 605 − 1 = +13.2 %
    "city-bank": (D("447"), 1, 2, "changing", "planned_change"),  # 283 -> 295 +4.2 %, plan +63 %
    "police": (D("229"), 2, 3, "problem", "low_loyalty"),  # share 190 / 660 = 0.29 alone known
    "first-school": (D("38"), 1, 4, "changing", "rising"),  # 18 / 16 − 1 = +12.5 %
}


@pytest.mark.parametrize("cid", list(REFERENCE_RANKS))
def test_reference_ranks_and_tiers(reference_analysis, cid):
    v = reference_analysis.targets.customers[cid].value
    assert (v.overall, v.rank_in_industry, v.rank, v.tier, v.tier_rule) == REFERENCE_RANKS[cid]


def test_reference_loyalty(reference_analysis):
    v = reference_analysis.targets.customers["data-bureau"].value
    # share 685 / 915 and one decision maker 支持 (1); contract, tenure, trend not entered
    assert v.loyalty.score == (D(685) / D(915) + 1) / 2
