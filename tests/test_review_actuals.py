"""Plan vs actual (compute/review_actuals.py, report/review_json.py, `planner review`): known
actuals give exact achievement figures at every level, worked out by hand below."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from review_support import ACME, BANK, EXPECTED, ROWS, TOTAL, write_xlsx

from planner.cli import main
from planner.compute.review_actuals import attribute, review_actuals

from conftest import analyse_in, write_plan_set

D = Decimal

# The targets of the two customers (万元), phased (phasing.spread), through Q2:
# acme  data  stock 120 × 0.9 = 108 → 27 a quarter; win-back 20 × 0.6 = 12 from Q2 → 4, 4, 4
#             Q1 27, Q2 27 + 4 = 31 → to date 58 (stock 54, win-back 4); year 108 + 12 = 120;
#             base to date 120 × 2/4 = 60
#       voice stock 40 × 1 = 40 → 10 a quarter → to date 20; year 40; base to date 20
#       cloud opportunity 60 × 0.5 = 30 from Q2 → 10, 10, 10 → to date 10 (increment); year 30
#       → acme to date 58 + 20 + 10 = 88; year 120 + 40 + 30 = 190
# bank  data  stock 80 → 20 a quarter; opportunity 24 × 0.5 = 12 from Q2 → 4, 4, 4
#             to date 40 + 4 = 44 (stock 40, increment 4); year 92; base to date 40
#       voice opportunity 16 × 0.5 = 8 from Q3 → 0 to date; year 8
#       → bank to date 44; year 100
# The actuals (review_support.ROWS): acme data 26 + 30 = 56, voice 10 + 11 = 21, cloud 4;
# bank data 18 + 19 = 37, voice 1.


@pytest.fixture(scope="module")
def plan_root(tmp_path_factory):
    return write_plan_set(tmp_path_factory.mktemp("review") / "plan",
                          customers={"acme": ACME, "bank": BANK}, industries={})


@pytest.fixture(scope="module")
def review(plan_root):
    a = analyse_in(plan_root)
    return review_actuals(a.plan, a.targets, EXPECTED, 2, D("0.9"))


@pytest.mark.parametrize(("actual", "target", "base", "parts"), [
    # short of the stock target: all of it is stock
    (D(30), (D(54), D(0), D(4)), D(60), (D(30), D(0), D(0))),
    # stock 54 filled, 2 left for win-back (no increment planned on the line)
    (D(56), (D(54), D(0), D(4)), D(60), (D(54), D(0), D(2))),
    # stock 40 filled, increment 4 filled, win-back 3 of 5
    (D(47), (D(40), D(4), D(5)), D(40), (D(40), D(4), D(3))),
    # beyond the whole target 49: 3 more; base 45 − stock 40 = 5 may be kept → stock +3
    (D(52), (D(40), D(4), D(5)), D(45), (D(43), D(4), D(5))),
    # beyond target and base: stock up to base 45, the rest is increment: 60 − 45 − 5 = 10
    (D(60), (D(40), D(4), D(5)), D(45), (D(45), D(10), D(5))),
    # a line with no plan: new revenue is increment
    (D(1), (D(0), D(0), D(0)), D(0), (D(0), D(1), D(0))),
    # credit notes: a negative actual stays on stock
    (D(-2), (D(10), D(2), D(0)), D(10), (D(-2), D(0), D(0))),
])
def test_attribution_fills_stock_then_increment_then_winback(actual, target, base, parts):
    assert attribute(actual, target, base) == parts
    assert sum(parts) == actual


def test_customer_lines(review):
    data = review.customer_lines["acme"]["data"]
    assert (data.target, data.actual, data.gap, data.year) == (D(58), D(56), D(-2), D(120))
    assert data.achievement == D(56) / D(58)  # 96.55…%
    assert data.parts_target == (D(54), D(0), D(4))
    assert data.parts_actual == (D(54), D(0), D(2))  # 56: stock 54, win-back 2
    assert data.base_to_date == D(60) and data.yoy == D(56) / D(60) - 1  # −6.67%
    assert data.forecast == D(56) + D(120) - D(58)  # 118
    voice = review.customer_lines["acme"]["voice"]
    # 21 over a target and base of 20: the extra 1 is increment (nothing more to keep)
    assert (voice.target, voice.actual, voice.parts_actual) == (D(20), D(21), (D(20), D(1), 0))
    cloud = review.customer_lines["acme"]["cloud"]
    assert cloud.achievement == D("0.4") and cloud.parts_actual == (0, D(4), 0)  # 4 ÷ 10
    unplanned = review.customer_lines["bank"]["voice"]
    assert (unplanned.target, unplanned.actual, unplanned.achievement) == (0, D(1), None)
    assert unplanned.year == D(8) and unplanned.forecast == D(9)  # 1 + 8 still to come


def test_every_level(review):
    acme, bank = review.customers["acme"], review.customers["bank"]
    assert (acme.target, acme.actual, acme.year) == (D(88), D(81), D(190))  # 56 + 21 + 4 = 81
    assert acme.achievement == D(81) / D(88)  # 92.05%
    assert acme.forecast == D(81) + D(190) - D(88)  # 183
    assert (bank.target, bank.actual, bank.year) == (D(44), D(38), D(100))  # 37 + 1
    assert bank.achievement == D(38) / D(44)  # 86.36%
    assert review.industries["gov"] == acme and review.industries["finance"] == bank
    assert review.regions["urban"] == acme and review.regions["east"] == bank
    m = review.market
    assert (m.target, m.actual, m.gap, m.year) == (D(132), D(119), D(-13), D(290))
    assert m.achievement == D(119) / D(132)  # 90.15%: above the 90% threshold
    assert m.forecast == D(277) and m.forecast_achievement == D(277) / D(290)  # 119 + 158
    # stock: 54 + 20 + 40 = 114 planned, 54 + 20 + 37 = 111 actual;
    # increment: 10 + 4 = 14 planned, 1 (acme voice) + 4 (cloud) + 1 (bank voice) = 6 actual;
    # win-back: 4 planned, 2 actual — 111 + 6 + 2 = 119
    assert m.parts_target == (D(114), D(14), D(4))
    assert m.parts_actual == (D(111), D(6), D(2))
    assert m.base_to_date == D(120) and m.yoy == D(119) / D(120) - 1
    assert m.actual_q == (D(26 + 10 + 18), D(30 + 11 + 4 + 19 + 1), 0, 0)  # 54, 65
    assert m.target_q == (D(27 + 10 + 20), D(31 + 10 + 10 + 24), D(75 + 4), D(75 + 4))
    lines = review.lines
    assert (lines["data"].target, lines["data"].actual) == (D(102), D(93))  # 58 + 44, 56 + 37
    assert (lines["voice"].target, lines["voice"].actual) == (D(20), D(22))


def test_findings(review):
    found = [(f.code, f.level, f.id, f.line) for f in review.flags]
    assert found == [
        ("rv_line_falling", "customer", "acme", "data"),  # 56 < base 60
        ("rv_line_below_threshold", "customer", "acme", "cloud"),  # 40%
        ("rv_below_threshold", "customer", "bank", None),  # 86.36%
        ("rv_line_below_threshold", "customer", "bank", "data"),  # 37 ÷ 44 = 84.09%
        ("rv_line_falling", "customer", "bank", "data"),  # 37 < 40
        # 网点改造 started Q2, but data earns 37, below its stock target to date 40
        ("rv_opportunity_stalled", "customer", "bank", "data"),
        ("rv_below_threshold", "industry", "finance", None),
        ("rv_below_threshold", "region", "east", None),
    ]
    stalled = review.flags[5].item
    assert stalled.index == 0 and stalled.beyond_stock == D(-3)
    # acme's cloud opportunity and data win-back earn beyond stock (4 and 2): not flagged;
    # bank's voice opportunity starts in Q3: not due
    status = {(i.customer, i.kind, i.index): (i.due, i.stalled) for i in review.items}
    assert status == {("acme", "opportunity", 0): (True, False),
                      ("acme", "winback", 0): (True, False),
                      ("bank", "opportunity", 0): (True, True),
                      ("bank", "opportunity", 1): (False, False)}


def test_a_stricter_threshold_flags_the_market_too(plan_root):
    a = analyse_in(plan_root)
    r = review_actuals(a.plan, a.targets, EXPECTED, 2, D("0.95"))
    assert ("rv_below_threshold", "market") in [(f.code, f.level) for f in r.flags]


# ---------------------------------------------------------------- the command

def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_review_json(plan_root, tmp_path):
    billing = write_xlsx(tmp_path / "billing.xlsx", ROWS + [TOTAL])
    result = run("review", str(plan_root), "--actuals", str(billing), "--through", "Q2",
                 "--json", "--lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["review"]["through"] == "Q2" and data["review"]["threshold"] == 0.9
    assert data["review"]["actuals"][0]["rows"] == 10
    m = data["market"]
    assert (m["target"], m["actual"], m["gap"], m["year"], m["forecast"]) == (132, 119, -13,
                                                                               290, 277)
    assert m["achievement"] == pytest.approx(119 / 132, abs=1e-15)
    assert m["quarters"] == {"target": [57, 75, 79, 79], "actual": [54, 65, None, None]}
    assert m["parts"]["stock"] == {"target": 114, "actual": 111, "achievement": 111 / 114,
                                   "year": 228, "forecast": 225}  # 108 + 40 + 80; 111 + 114
    bank = data["customers"]["bank"]
    assert bank["lines"]["voice"]["achievement"] is None
    assert data["industries"]["finance"]["customers"] == ["bank"]
    assert [f["code"] for f in data["flags"]][:2] == ["rv_line_falling",
                                                     "rv_line_below_threshold"]
    assert data["flags"][2]["message"] == (
        "江州银行: 86.4% of target through Q2, below the alert line 90.0% "
        "(target 44.00, actual 38.00, gap -6.00)")
    assert data["flags"][0]["message"] == (
        "数据: actual to date 56.00, below the base year's same period 60.00 "
        "(YoY -6.7%, planned -3.3%)")  # planned: 58 ÷ 60 − 1
    # warnings go to stderr, so stdout stays JSON
    assert "合计" in result.stderr and "billing.xlsx" in result.stderr


def test_targets_json_is_unchanged_by_the_review(plan_root):
    result = run("targets", str(plan_root), "--json")
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)) == {"plan", "customers", "industries", "regions",
                                              "business_lines", "market"}


def test_usage_errors_exit_2(plan_root, tmp_path):
    billing = write_xlsx(tmp_path / "b.xlsx", ROWS)
    base = ["review", str(plan_root), "--actuals", str(billing)]
    assert run(*base, "--through", "Q5", "--json").exit_code == 2
    assert run(*base, "--through", "Q2", "--json", "--threshold", "1.5").exit_code == 2
    result = run(*base, "--through", "Q2")  # neither -o nor --json
    assert result.exit_code == 2 and "-o" in result.stderr


def test_actuals_errors_exit_1_and_leave_out_alone(plan_root, tmp_path):
    out = tmp_path / "out"
    billing = write_xlsx(tmp_path / "b.xlsx", ROWS + [["2027-05", "", "无名公司", "数据", 5]])
    result = run("review", str(plan_root), "--actuals", str(billing), "--through", "2", "-o",
                 str(out))
    assert result.exit_code == 1
    where = "b.xlsx:15:3: 收入明细!C15 (客户名称): "
    assert where + "'无名公司' 不是计划集中的重点客户" in result.stderr
    assert not out.exists()
