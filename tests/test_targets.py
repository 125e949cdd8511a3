"""planner.compute: stock, increment, win-back, total, growth, quarters, rolled up to every level.

Every expected figure is worked out by hand in the comment beside it.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from planner.compute.rollup import Group
from planner.compute.targets import EMPTY, Figures, bulk_row, customer_rows, stock_figures, weigh
from planner.model import BulkRow, Customer, Opportunity, StockLine, WinBack

from conftest import MARKET, dedent


def q(*values) -> tuple[D, D, D, D]:
    return tuple(D(str(v)) for v in values)  # type: ignore[return-value]


# ---------------------------------------------------------------- one line, one item

def test_stock_is_base_times_retention():
    line = StockLine.model_validate({"business_line": "data", "base": "420", "retention": "0.95"})
    f = stock_figures(line)
    assert f.base == D("420")
    assert f.stock == D("399")  # 420 × 0.95
    assert f.total == D("399")
    assert f.quarters.stock == q("99.75", "99.75", "99.75", "99.75")  # 399 / 4


def test_retention_defaults_to_one():
    f = stock_figures(StockLine.model_validate({"business_line": "data", "base": "60"}))
    assert f.stock == D("60")  # 60 × 1


def test_stock_with_explicit_phasing():
    line = StockLine.model_validate({"business_line": "data", "base": "100", "retention": "0.8",
                                     "phasing": ["10%", "20%", "30%", "40%"]})
    # stock 100 × 0.8 = 80: 8, 16, 24, 32
    assert stock_figures(line).quarters.stock == q(8, 16, 24, 32)


def test_opportunity_is_weighted_by_probability_from_its_quarter():
    opp = Opportunity.model_validate({"name": "扩容", "business_line": "cloud", "amount": "300",
                                      "probability": "70%", "quarter": "Q2"})
    item = weigh(0, opp)
    assert item.weighted == D("210")  # 300 × 0.7
    assert item.quarters == q(0, 70, 70, 70)  # 210 / 3 from Q2


def test_winback_is_weighted_by_probability():
    wb = WinBack.model_validate({"competitor": "中国联通", "business_line": "video",
                                 "competitor_revenue": "90", "amount": "60",
                                 "probability": "0.5", "quarter": "Q3"})
    item = weigh(0, wb)
    assert item.weighted == D("30")  # 60 × 0.5
    assert item.quarters == q(0, 0, 15, 15)


def test_figures_total_and_growth():
    f = Figures(base=D("100"), stock=D("90"), increment=D("25"), winback=D("5"))
    assert f.total == D("120")  # 90 + 25 + 5
    assert f.growth == D("0.2")  # 120 / 100 − 1


def test_growth_is_none_when_the_base_is_zero():
    assert Figures(base=D("0"), increment=D("10")).growth is None


def test_yoy_against_the_prior_year():
    assert Figures(base=D("110"), previous=D("100")).yoy == D("0.1")  # 110 / 100 − 1
    assert Figures(base=D("110")).yoy is None


def test_customer_rows_per_business_line_in_catalog_order():
    c = Customer.model_validate({
        "id": "acme", "name": "测试客户", "industry": "gov", "region": "urban",
        "stock": [{"business_line": "data", "base": "100", "retention": "0.9"},
                  {"business_line": "voice", "base": "20"}],
        "opportunities": [
            {"name": "a", "business_line": "data", "amount": "50", "probability": "0.2"},
            {"name": "b", "business_line": "cloud", "amount": "40", "probability": "0.5",
             "quarter": "Q2"}],
        "winback": [{"competitor": "中国移动", "business_line": "voice",
                     "competitor_revenue": "30", "amount": "30", "probability": "0.4",
                     "quarter": "Q4"}],
    })
    rows, opps, wins = customer_rows(c, ["voice", "data", "cloud"])
    assert [r.line for r in rows] == ["voice", "data", "cloud"]
    voice, data, cloud = (r.figures for r in rows)
    # voice: stock 20 × 1 = 20, win-back 30 × 0.4 = 12 in Q4
    assert (voice.base, voice.stock, voice.increment, voice.winback) == (20, 20, 0, 12)
    assert voice.quarters.total == q(5, 5, 5, 17)
    # data: stock 100 × 0.9 = 90, increment 50 × 0.2 = 10 from Q1, pipeline 50
    assert (data.stock, data.increment, data.pipeline, data.total) == (90, 10, 50, 100)
    assert data.quarters.total == q(25, 25, 25, 25)  # 22.5 + 2.5 each
    # cloud: increment 40 × 0.5 = 20 from Q2: R(6.667) = 6.67, R(13.333) = 13.33, 20
    # -> 6.67, 6.66, 6.67
    assert (cloud.base, cloud.increment, cloud.pipeline) == (0, 20, 40)
    assert cloud.quarters.total == q(0, "6.67", "6.66", "6.67")
    assert [i.weighted for i in opps] == [D("10"), D("20")]
    assert [i.weighted for i in wins] == [D("12")]
    assert all(r.customer == "acme" and r.region == "urban" and r.industry == "gov"
               for r in rows)


def test_bulk_row_defaults_and_phasing():
    row = bulk_row(BulkRow.model_validate({"region": "east", "industry": "gov",
                                           "business_line": "voice", "base": "310",
                                           "retention": "0.85", "increment": "10"}))
    f = row.figures
    assert row.customer is None
    assert f.stock == D("263.5")  # 310 × 0.85
    assert (f.increment, f.pipeline, f.winback) == (10, 10, 0)  # winback defaults to 0
    assert f.total == D("273.5")  # 263.5 + 10
    # stock 263.5: R(65.875) = 65.88, R(131.75), R(197.625) = 197.63, 263.5
    # -> 65.88, 65.87, 65.88, 65.87; increment 10 from Q1: 2.5 each
    assert f.quarters.stock == q("65.88", "65.87", "65.88", "65.87")
    assert f.quarters.total == q("68.38", "68.37", "68.38", "68.37")


def test_bulk_row_increment_and_winback_start_at_its_quarter():
    row = bulk_row(BulkRow.model_validate({"region": "east", "industry": "gov",
                                           "business_line": "voice", "base": "40",
                                           "retention": "0.5", "increment": "12",
                                           "winback": "6", "quarter": "Q3"}))
    # stock 40 × 0.5 = 20: 5 a quarter; increment 12 from Q3: 6, 6; win-back 6 from Q3: 3, 3
    assert row.figures.quarters.total == q(5, 5, 14, 14)
    assert row.figures.total == D("38")


def test_empty_figures_add_to_nothing():
    assert (EMPTY + EMPTY).total == 0


# ---------------------------------------------------------------- roll-up in a small plan set

BULK = MARKET + dedent("""
    guidance:
      by_region: {urban: 200, east: 50}
    other_customers:
      - {region: east, industry: gov, business_line: voice, base: 40, retention: 0.5,
         increment: 12, winback: 6, quarter: Q3}
      - {region: urban, industry: finance, business_line: data, base: 10}
    """)


def test_roll_up_includes_bulk_rows(make_plan):
    t = make_plan(market=BULK).targets
    # acme (urban, gov): stock 100 × 0.9 = 90 over Q1..Q4 (22.5 each), increment 40 × 0.5 = 20
    # from Q2 (6.67, 6.66, 6.67): total 110, quarters 22.5, 29.17, 29.16, 29.17
    acme = t.customers["acme"].figures
    assert (acme.base, acme.stock, acme.increment, acme.winback, acme.total) == (
        100, 90, 20, 0, 110)
    assert acme.quarters.total == q("22.5", "29.17", "29.16", "29.17")
    assert acme.growth == D("0.1")  # 110 / 100 − 1
    # bulk 1 (east, gov, voice): 40 × 0.5 = 20 + 12 + 6 = 38; quarters 5, 5, 14, 14
    # bulk 2 (urban, finance, data): 10 × 1 = 10; 2.5 a quarter
    gov = t.industries["gov"]
    assert gov.customers == ("acme",)
    assert (gov.figures.base, gov.figures.stock, gov.figures.increment, gov.figures.winback) \
        == (140, 110, 32, 6)  # 100 + 40; 90 + 20; 20 + 12; 0 + 6
    assert gov.figures.total == D("148")  # 110 + 38
    assert gov.figures.quarters.total == q("27.5", "34.17", "43.16", "43.17")  # acme + bulk 1
    finance = t.industries["finance"]
    assert finance.customers == () and finance.figures.total == D("10")
    assert list(t.industries) == ["gov", "finance"]  # catalog order
    # business lines: data 90 + 10 = 100; cloud 20; voice 38
    assert {k: g.figures.total for k, g in t.lines.items()} == {
        "voice": D("38"), "data": D("100"), "cloud": D("20")}
    assert t.lines["data"].figures.base == D("110")  # 100 + 10
    # market: 110 + 38 + 10 = 158; base 100 + 40 + 10 = 150; pipeline 40 + 12 = 52
    m = t.market.figures
    assert (m.base, m.total, m.pipeline) == (150, 158, 52)
    # Q1 22.5 + 5 + 2.5 = 30; Q2 29.17 + 5 + 2.5 = 36.67; Q3 29.16 + 14 + 2.5 = 45.66;
    # Q4 29.17 + 14 + 2.5 = 45.67; 30 + 36.67 + 45.66 + 45.67 = 158
    assert m.quarters.total == q(30, "36.67", "45.66", "45.67")


def test_regions_with_guidance_and_gap(make_plan):
    t = make_plan(market=BULK).targets
    urban, east = t.regions["urban"], t.regions["east"]
    assert list(t.regions) == ["urban", "east"]
    assert (urban.figures.total, urban.guidance, urban.gap) == (120, 200, -80)  # 110 + 10 − 200
    assert (east.figures.total, east.guidance, east.gap) == (38, 50, -12)  # 38 − 50
    # no guidance total: the market guidance is the sum by region, 200 + 50 = 250
    assert (t.market.guidance, t.market.gap) == (250, -92)  # 158 − 250


def test_market_guidance_total_wins_over_the_regions(make_plan):
    market = MARKET + "guidance:\n  total: 300\n  by_region: {urban: 200, east: 50}\n"
    t = make_plan(market=market).targets
    assert (t.market.guidance, t.market.gap) == (300, -190)  # 110 − 300


def test_no_guidance_no_gap(make_plan):
    t = make_plan().targets
    assert (t.market.guidance, t.market.gap) == (None, None)
    assert t.regions["urban"].gap is None


def test_a_region_with_guidance_and_nothing_planned_is_shown(make_plan):
    t = make_plan(market=MARKET + "guidance:\n  by_region: {east: 50}\n").targets
    east = t.regions["east"]
    assert (east.figures.total, east.guidance, east.gap) == (0, 50, -50)
    assert list(t.regions) == ["urban", "east"]


def test_gap_is_total_minus_guidance():
    assert Group(Figures(stock=D("3320.2")), (), D("3500")).gap == D("-179.8")
    assert Group(Figures(stock=D("1"))).gap is None


# ---------------------------------------------------------------- the reference plan set by hand

REFERENCE_CUSTOMERS = {
    # city-bank: stock 260 × 0.98 + 35 × 1 = 254.8 + 35 = 289.8; increment 240 × 0.6 + 45 × 0.8
    # = 144 + 36 = 180 (pipeline 240 + 45 = 285); win-back 30 × 0.4 = 12; total 481.8.
    # Quarters: stock 63.7 + 8.75 = 72.45 each; dr 144 from Q2 = 48; data 36 from Q1 = 9;
    # win-back 12 from Q2 = 4: Q1 72.45 + 9 = 81.45, Q2..Q4 72.45 + 48 + 9 + 4 = 133.45
    "city-bank": ("295", "289.8", "180", "285", "12", "481.8",
                  ("81.45", "133.45", "133.45", "133.45")),
    # data-bureau: stock 420 × 0.95 + 60 × 1 + 180 × 1 + 25 × 0.9 = 399 + 60 + 180 + 22.5 = 661.5;
    # increment 300 × 0.7 + 400 × 0.4 + 60 × 0.5 = 210 + 160 + 30 = 400 (pipeline 760);
    # win-back 60 × 0.5 = 30; total 661.5 + 400 + 30 = 1091.5; base 420 + 60 + 180 + 25 = 685.
    # Quarters: stock 99.75 + 15 + 45 + voice 22.5 (R(5.625) = 5.63, R(11.25), R(16.875) =
    # 16.88: 5.63, 5.62, 5.63, 5.62) = 165.38, 165.37, 165.38, 165.37; cloud 210 from Q2 = 70;
    # integration 160 from Q3 = 80; managed 30 from Q3 = 15; video 30 from Q3 = 15:
    # Q2 165.37 + 70 = 235.37, Q3 165.38 + 70 + 80 + 15 + 15 = 345.38, Q4 165.37 + 180 = 345.37
    "data-bureau": ("685", "661.5", "400", "760", "30", "1091.5",
                    ("165.38", "235.37", "345.38", "345.37")),
    # first-school: stock 18 × 1 = 18; increment 50 × 0.5 = 25 from Q3; total 43.
    # Quarters: 4.5, 4.5, 4.5 + 12.5 = 17, 17
    "first-school": ("18", "18", "25", "50", "0", "43", ("4.5", "4.5", "17", "17")),
    # police: stock 150 × 0.9 + 40 × 0.95 = 135 + 38 = 173; increment 200 × 0.3 = 60 from Q3;
    # win-back 120 × 0.3 = 36 in Q4; total 269. Quarters: stock 33.75 + 9.5 = 43.25;
    # Q3 43.25 + 30 = 73.25; Q4 43.25 + 30 + 36 = 109.25
    "police": ("190", "173", "60", "200", "36", "269", ("43.25", "43.25", "73.25", "109.25")),
}


@pytest.mark.parametrize("cid", list(REFERENCE_CUSTOMERS))
def test_reference_customers(reference_analysis, cid):
    base, stock, inc, pipeline, winback, total, quarters = REFERENCE_CUSTOMERS[cid]
    f = reference_analysis.targets.customers[cid].figures
    assert (f.base, f.stock, f.increment, f.pipeline, f.winback, f.total) == tuple(
        D(x) for x in (base, stock, inc, pipeline, winback, total))
    assert f.quarters.total == q(*quarters)
    assert sum(f.quarters.total, D(0)) == f.total


def test_reference_data_bureau_lines_and_growth(reference_analysis):
    ct = reference_analysis.targets.customers["data-bureau"]
    lines = {k: (f.base, f.stock, f.increment, f.winback, f.total) for k, f in ct.lines.items()}
    assert lines == {  # catalog order: voice, data, internet, video, cloud, integration, managed
        "voice": (25, D("22.5"), 0, 0, D("22.5")),  # 25 × 0.9
        "data": (420, 399, 0, 0, 399),  # 420 × 0.95
        "internet": (60, 60, 0, 0, 60),
        "video": (0, 0, 0, 30, 30),  # win-back 60 × 0.5
        "cloud": (180, 180, 210, 0, 390),  # 180 + 300 × 0.7
        "integration": (0, 0, 160, 0, 160),  # 400 × 0.4
        "managed": (0, 0, 30, 0, 30),  # 60 × 0.5
    }
    assert list(lines) == ["voice", "data", "internet", "video", "cloud", "integration",
                           "managed"]
    assert ct.figures.growth == D("1091.5") / D("685") - 1
    assert ct.figures.previous == D("605")  # 400 + 58 + 120 + 27


# Bulk rows: urban sme internet 820 × 0.92 = 754.4 + 120 = 874.4 (quarters 188.6 + 30 = 218.6);
# east sme voice 310 × 0.85 = 263.5 + 10 = 273.5 (65.88, 65.87, 65.88, 65.87 + 2.5 each =
# 68.38, 68.37, 68.38, 68.37);
# west edu internet 260 × 0.95 = 247 + 40 = 287 (61.75 + 10 = 71.75 each).
REFERENCE_INDUSTRIES = {
    # gov = data-bureau + police: base 685 + 190; stock 661.5 + 173; increment 400 + 60;
    # win-back 30 + 36; total 1091.5 + 269 = 1360.5; Q1 165.38 + 43.25 = 208.63,
    # Q2 235.37 + 43.25 = 278.62, Q3 345.38 + 73.25 = 418.63, Q4 345.37 + 109.25 = 454.62
    "gov": (("875", "834.5", "460", "66", "1360.5"), ("208.63", "278.62", "418.63", "454.62"),
            ("data-bureau", "police")),
    "finance": (("295", "289.8", "180", "12", "481.8"), ("81.45", "133.45", "133.45", "133.45"),
                ("city-bank",)),
    # edu = first-school + west bulk: base 18 + 260; stock 18 + 247; increment 25 + 40; total
    # 43 + 287 = 330; quarters 4.5 + 71.75 = 76.25, 76.25, 17 + 71.75 = 88.75, 88.75
    "edu": (("278", "265", "65", "0", "330"), ("76.25", "76.25", "88.75", "88.75"),
            ("first-school",)),
    # sme = urban and east bulk rows only: base 820 + 310; stock 754.4 + 263.5; increment
    # 120 + 10; total 874.4 + 273.5 = 1147.9; quarters 218.6 + 68.38 = 286.98, 286.97, ...
    "sme": (("1130", "1017.9", "130", "0", "1147.9"), ("286.98", "286.97", "286.98", "286.97"),
            ()),
}


@pytest.mark.parametrize("iid", list(REFERENCE_INDUSTRIES))
def test_reference_industries(reference_analysis, iid):
    parts, quarters, customers = REFERENCE_INDUSTRIES[iid]
    g = reference_analysis.targets.industries[iid]
    f = g.figures
    assert (f.base, f.stock, f.increment, f.winback, f.total) == tuple(D(x) for x in parts)
    assert f.quarters.total == q(*quarters)
    assert g.customers == customers


REFERENCE_REGIONS = {
    # urban = city-bank + data-bureau + urban bulk: 481.8 + 1091.5 + 874.4 = 2447.7;
    # base 295 + 685 + 820 = 1800; stock 289.8 + 661.5 + 754.4 = 1705.7; increment
    # 180 + 400 + 120 = 700; win-back 12 + 30 = 42; gap 2447.7 − 2500 = −52.3;
    # Q1 81.45 + 165.38 + 218.6 = 465.43, Q2 133.45 + 235.37 + 218.6 = 587.42,
    # Q3 133.45 + 345.38 + 218.6 = 697.43, Q4 133.45 + 345.37 + 218.6 = 697.42
    "urban": (("1800", "1705.7", "700", "42", "2447.7"), "2500", "-52.3",
              ("465.43", "587.42", "697.43", "697.42")),
    # east = police + east bulk: 269 + 273.5 = 542.5; gap 542.5 − 600 = −57.5;
    # Q1 43.25 + 68.38 = 111.63, Q2 43.25 + 68.37 = 111.62, Q3 73.25 + 68.38 = 141.63,
    # Q4 109.25 + 68.37 = 177.62
    "east": (("500", "436.5", "70", "36", "542.5"), "600", "-57.5",
             ("111.63", "111.62", "141.63", "177.62")),
    # west = first-school + west bulk = 43 + 287 = 330; gap 330 − 400 = −70
    "west": (("278", "265", "65", "0", "330"), "400", "-70", ("76.25", "76.25", "88.75", "88.75")),
}


@pytest.mark.parametrize("rid", list(REFERENCE_REGIONS))
def test_reference_regions(reference_analysis, rid):
    parts, guidance, gap, quarters = REFERENCE_REGIONS[rid]
    g = reference_analysis.targets.regions[rid]
    f = g.figures
    assert (f.base, f.stock, f.increment, f.winback, f.total) == tuple(D(x) for x in parts)
    assert (g.guidance, g.gap) == (D(guidance), D(gap))
    assert f.quarters.total == q(*quarters)


def test_reference_business_lines(reference_analysis):
    lines = {k: (g.figures.base, g.figures.stock, g.figures.increment, g.figures.winback,
                 g.figures.total) for k, g in reference_analysis.targets.lines.items()}
    assert lines == {
        # voice: base 25 + 40 + 310 (bulk); stock 22.5 + 38 + 263.5 = 324; increment 10 (bulk);
        # win-back 12 (city-bank); total 346
        "voice": (375, 324, 10, 12, 346),
        # data: base 420 + 260 + 150 = 830; stock 399 + 254.8 + 135 = 788.8; increment
        # 36 + 60 = 96; win-back 36 (police); total 920.8
        "data": (830, D("788.8"), 96, 36, D("920.8")),
        # internet: base 60 + 35 + 18 + 820 + 260 = 1193; stock 60 + 35 + 18 + 754.4 + 247
        # = 1114.4; increment 120 + 40 = 160; total 1274.4
        "internet": (1193, D("1114.4"), 160, 0, D("1274.4")),
        "video": (0, 0, 0, 30, 30),
        "cloud": (180, 180, 210, 0, 390),
        "integration": (0, 0, 185, 0, 185),  # 160 + 25
        "dr": (0, 0, 144, 0, 144),
        "managed": (0, 0, 30, 0, 30),
    }
    # 346 + 920.8 + 1274.4 + 30 + 390 + 185 + 144 + 30 = 3320.2
    assert sum((g.figures.total for g in reference_analysis.targets.lines.values()), D(0)) \
        == D("3320.2")


def test_reference_market(reference_analysis):
    m = reference_analysis.targets.market
    f = m.figures
    # industries 1360.5 + 481.8 + 330 + 1147.9 = 3320.2; base 875 + 295 + 278 + 1130 = 2578
    assert (f.base, f.stock, f.increment, f.winback, f.total) == (
        2578, D("2407.2"), 835, 78, D("3320.2"))
    assert f.pipeline == D("1465")  # customers 285 + 760 + 50 + 200 + bulk 120 + 10 + 40
    assert (m.guidance, m.gap) == (3500, D("-179.8"))  # 3320.2 − 3500
    # regions: Q1 465.43 + 111.63 + 76.25 = 653.31; Q2 587.42 + 111.62 + 76.25 = 775.29;
    # Q3 697.43 + 141.63 + 88.75 = 927.81; Q4 697.42 + 177.62 + 88.75 = 963.79
    assert f.quarters.total == q("653.31", "775.29", "927.81", "963.79")
    assert m.customers == ("city-bank", "data-bureau", "first-school", "police")


def test_example_plan_set_reconciles(example_analysis):
    """plans/example: every level is the sum of the level below, quarters sum to the year."""
    t = example_analysis.targets
    assert t is not None
    bulk = [r for r in t.rows if r.customer is None]
    assert bulk, "the example has bulk rows"
    for group in (*t.customers.values(), *t.industries.values(), *t.regions.values(),
                  *t.lines.values(), t.market):
        f = group.figures
        assert sum(f.quarters.total, D(0)) == f.total
    customers_total = sum((c.figures.total for c in t.customers.values()), D(0))
    bulk_total = sum((r.figures.total for r in bulk), D(0))
    for level in (t.industries, t.regions, t.lines):
        assert sum((g.figures.total for g in level.values()), D(0)) == t.market.figures.total
    assert customers_total + bulk_total == t.market.figures.total
