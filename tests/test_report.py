"""planner.report: the targets JSON of contracts.md, and display tables that add up as shown."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from planner.compute.targets import Figures, Phased
from planner.report import money, percent, target_tables, targets_json
from planner.report.common import FlagCounts, figures_table, quarters_table

PARTS = {"base", "stock", "increment", "winback", "total"}


def as_json(analysis) -> dict:
    """targets_json through a real JSON round trip, numbers read back as exact Decimals."""
    text = json.dumps(targets_json(analysis.plan, analysis.targets), ensure_ascii=False)
    return json.loads(text, parse_float=D, parse_int=D)


# ---------------------------------------------------------------- JSON (contracts.md)

def test_json_has_exactly_the_contract_shape(reference_analysis):
    data = as_json(reference_analysis)
    assert set(data) == {"plan", "customers", "industries", "regions", "business_lines", "market"}
    assert data["plan"] == {"unit": "示例市分公司政企客户部", "year": 2027, "base_year": 2026,
                            "money_unit": "万元"}
    for c in data["customers"].values():
        assert set(c) == {"name", "industry", "region", "base", "stock", "increment",
                          "pipeline", "winback", "total", "growth", "quarters", "lines", "value"}
        assert set(c["value"]) == {"current", "potential", "share_of_wallet", "quadrant",
                                      "loyalty", "overall", "associated", "tier",
                                      "rank_in_industry", "rank"}
        assert all(set(line) == PARTS for line in c["lines"].values())
    for g in data["industries"].values():
        assert set(g) == PARTS | {"quarters", "customers"}
    for g in data["regions"].values():
        assert set(g) == PARTS | {"quarters", "guidance", "gap"}
    for g in data["business_lines"].values():
        assert set(g) == PARTS
    assert set(data["market"]) == PARTS | {"quarters", "guidance", "gap"}


def test_json_reference_figures(reference_analysis):
    data = as_json(reference_analysis)
    db = data["customers"]["data-bureau"]
    assert (db["name"], db["industry"], db["region"]) == ("示例市大数据局", "gov", "urban")
    # 661.5 + 400 + 30 = 1091.5; pipeline 300 + 400 + 60 = 760
    assert [db[k] for k in ("base", "stock", "increment", "pipeline", "winback", "total")] == [
        D("685"), D("661.5"), D("400"), D("760"), D("30"), D("1091.5")]
    assert db["quarters"] == [D("165.38"), D("235.37"), D("345.38"), D("345.37")]
    assert float(db["growth"]) == pytest.approx(406.5 / 685, rel=1e-12)  # 1091.5 / 685 − 1
    assert db["lines"]["cloud"] == {"base": D(180), "stock": D(180), "increment": D(210),
                                    "winback": D(0), "total": D(390)}  # 180 + 300 × 0.7
    # 685 × 0.98 − 70 = 601.3; 400 + 30 = 430; 685 / 915
    assert db["value"]["current"] == D("601.3")
    assert db["value"]["potential"] == D("430")
    assert float(db["value"]["share_of_wallet"]) == pytest.approx(685 / 915, rel=1e-12)
    assert db["value"]["quadrant"] == "keep_grow"
    # loyalty: share 685 / 915 and the one decision maker 支持 (1), averaged; 601.3 + 430
    assert float(db["value"]["loyalty"]) == pytest.approx((685 / 915 + 1) / 2, rel=1e-12)
    assert (db["value"]["overall"], db["value"]["associated"]) == (D("1031.3"), None)
    assert (db["value"]["tier"], db["value"]["rank_in_industry"], db["value"]["rank"]) == (
        "changing", 1, 1)  # 685 / 605 − 1 = +13.2 % > 10 %; first of gov and of the unit
    police = data["customers"]["police"]["value"]
    assert (police["tier"], police["rank_in_industry"], police["rank"]) == ("problem", 2, 3)
    assert data["industries"]["gov"]["customers"] == ["data-bureau", "police"]
    assert data["industries"]["sme"]["customers"] == []  # bulk rows only
    assert data["regions"]["urban"]["guidance"] == D("2500")
    assert data["regions"]["urban"]["gap"] == D("-52.3")  # 2447.7 − 2500
    assert data["market"]["total"] == D("3320.2")
    assert (data["market"]["guidance"], data["market"]["gap"]) == (D("3500"), D("-179.8"))


def test_json_quarters_sum_to_the_total_at_every_level(reference_analysis, example_analysis):
    for analysis in (reference_analysis, example_analysis):
        data = as_json(analysis)
        groups = [*data["customers"].values(), *data["industries"].values(),
                  *data["regions"].values(), data["market"]]
        for g in groups:
            assert sum(g["quarters"]) == g["total"]
        for c in data["customers"].values():  # business lines add up to the customer
            assert sum(line["total"] for line in c["lines"].values()) == c["total"]


def test_json_growth_is_null_without_a_base(make_plan):
    a = make_plan(customers={"acme": "id: acme\nname: 新客户\nindustry: gov\nregion: urban\n"
                             "opportunities:\n  - {name: 上云, business_line: cloud, amount: 10, "
                             "probability: 0.5}\n"})
    data = targets_json(a.plan, a.targets)
    assert data["customers"]["acme"]["growth"] is None
    assert data["customers"]["acme"]["value"]["share_of_wallet"] is None
    assert data["market"]["guidance"] is None and data["market"]["gap"] is None


# ---------------------------------------------------------------- display

@pytest.mark.parametrize(("x", "shown"), [
    (D("1234.5"), "1,234.50"),
    (D("0.005"), "0.01"),  # half-up
    (D("2447.705"), "2,447.71"),
    (D("-179.8"), "-179.80"),
    (None, "—"),
])
def test_money(x, shown):
    assert money(x) == shown


@pytest.mark.parametrize(("x", "signed", "shown"), [
    (D("0.253"), False, "25.3%"),
    (D("0.253"), True, "+25.3%"),
    (D("-0.077"), True, "-7.7%"),
    (None, True, "—"),
])
def test_percent(x, signed, shown):
    assert percent(x, signed) == shown


def test_figures_table_shows_the_ledger_exactly():
    # ledger figures are whole cents: a table shows them as they are, totals are plain sums
    figures = [Figures(base=D("5"), stock=D("10.01")), Figures(base=D("16"), stock=D("20.01")),
               Figures(base=D("40"), stock=D("30"))]
    t = figures_table("T", "zh", ["名称"], [["a"], ["b"], ["c"]], figures, ["合计"],
                      guidance=[D("10"), None, D("30.01")], grand_guidance=D("70"))
    assert t.header == ["名称", "基准年收入", "存量", "增量", "策反", "合计", "增长", "预算指引",
                        "差额"]
    # growth 10.01 / 5 − 1 = +100.2 %; 20.01 / 16 − 1 = +25.1 %; 30 / 40 − 1 = −25.0 %;
    # total 60.02 / 61 − 1 = −1.6 %. Gap = total − guidance: 10.01 − 10 = +0.01;
    # 30 − 30.01 = −0.01; 60.02 − 70 = −9.98. No change is "0.00", never "-0.00".
    assert t.rows == [
        ["a", "5.00", "10.01", "0.00", "0.00", "10.01", "+100.2%", "10.00", "+0.01"],
        ["b", "16.00", "20.01", "0.00", "0.00", "20.01", "+25.1%", "—", "—"],
        ["c", "40.00", "30.00", "0.00", "0.00", "30.00", "-25.0%", "30.01", "-0.01"],
    ]
    assert t.total == ["合计", "61.00", "60.02", "0.00", "0.00", "60.02", "-1.6%", "70.00", "-9.98"]
    assert t.numeric_from == 1
    even = figures_table("T", "zh", ["名称"], [["a"]], [Figures(stock=D("5"))], ["合计"],
                         guidance=[D("5")], grand_guidance=D("5"))
    assert even.rows[0][-1] == even.total[-1] == "0.00"


def test_quarters_table_adds_up_both_ways():
    # 100 from Q2 = 0, 33.33, 33.34, 33.33 and 10.01 over Q1..Q4: 2.50, 2.50, 2.51, 2.50
    quarters = [(D("0"), D("33.33"), D("33.34"), D("33.33")),
                (D("2.50"), D("2.50"), D("2.51"), D("2.50"))]
    t = quarters_table("Q", "en", ["Region"], [["a"], ["b"]], quarters, ["Total"])
    assert t.header == ["Region", "Q1", "Q2", "Q3", "Q4", "Year"]
    assert t.rows == [["a", "0.00", "33.33", "33.34", "33.33", "100.00"],
                      ["b", "2.50", "2.50", "2.51", "2.50", "10.01"]]
    assert t.total == ["Total", "2.50", "35.83", "35.85", "35.83", "110.01"]


def test_target_tables_of_the_reference_set(reference_analysis):
    tables = target_tables(reference_analysis.plan, reference_analysis.targets, "zh")
    assert [t.title for t in tables] == ["重点客户", "行业", "业务", "区域", "季度分解"]
    customers, industries, lines_, regions, quarters = tables
    assert customers.rows[1][:9] == ["示例市大数据局", "政务", "市区", "685.00", "661.50", "400.00",
                                     "30.00", "1,091.50", "+59.3%"]  # 1091.5 / 685 − 1
    # key customers: 481.8 + 1091.5 + 43 + 269 = 1885.3
    assert customers.total[6:9] == ["78.00", "1,885.30", "+58.7%"]  # 1885.3 / 1188 − 1
    assert industries.total[:6] == ["市场合计", "2,578.00", "2,407.20", "835.00", "78.00",
                                    "3,320.20"]
    assert lines_.total[5] == "3,320.20"
    assert regions.total == ["市场合计", "2,578.00", "2,407.20", "835.00", "78.00", "3,320.20",
                             "+28.8%", "3,500.00", "-179.80"]  # 3320.2 / 2578 − 1 = +28.8 %
    assert regions.rows[0][-2:] == ["2,500.00", "-52.30"]
    assert quarters.total == ["市场合计", "653.31", "775.29", "927.81", "963.79", "3,320.20"]


def test_target_tables_in_english(reference_analysis):
    tables = target_tables(reference_analysis.plan, reference_analysis.targets, "en")
    assert [t.title for t in tables] == ["Key customers", "Industries", "Business lines",
                                         "Regions", "Quarterly phasing"]
    assert tables[0].total[0] == "Key customers total"


def test_phased_total_adds_the_three_parts():
    p = Phased(stock=(D(1), D(1), D(1), D(1)), increment=(D(0), D(2), D(2), D(2)),
               winback=(D(0), D(0), D(0), D(3)))
    assert p.total == (D(1), D(3), D(3), D(6))


def test_an_industry_chart_of_its_largest_customers_says_so(example_analysis, monkeypatch):
    """The per-customer chart shows the MOST_BARS largest; its caption names how many of all."""
    import planner.render.pictures as pictures
    import planner.report.industry as industry
    from planner.resources import Templates

    plan, targets = example_analysis.plan, example_analysis.targets
    iid = max(targets.industries, key=lambda i: len(targets.industries[i].customers))
    count = len(targets.industries[iid].customers)
    assert count >= 3
    labels = Templates(None, "zh").labels
    shown = industry.industry_context(plan, targets, iid, [], labels, "zh")["L"]
    assert shown["chart_customers"] == labels["chart_customers"]  # all of them: no remark
    for module in (industry, pictures):
        monkeypatch.setattr(module, "MOST_BARS", count - 1)
    caption = industry.industry_context(plan, targets, iid, [], labels, "zh")["L"][
        "chart_customers"]
    assert caption == f"分客户目标（存量/增量/策反；目标最大的 {count - 1} 家，共 {count} 家）"
    chart = pictures.industry_charts(plan, targets, iid, labels)["customers"]
    names = [plan.customers[c].name for c in targets.industries[iid].customers]
    smallest = min(targets.industries[iid].customers,
                   key=lambda c: targets.customers[c].figures.total)
    assert sum(name.encode() in chart.xml for name in names) == count - 1
    assert plan.customers[smallest].name.encode() not in chart.xml


def test_the_region_industry_matrix_continues_in_a_second_table_rather_than_drop_cents(
        example_analysis, monkeypatch):
    import re

    import planner.report.market as market
    from planner.resources import Templates

    plan, targets = example_analysis.plan, example_analysis.targets
    labels = Templates(None, "zh").labels
    unit = plan.market.plan.money_unit

    def matrix() -> list[dict]:
        ctx = market.market_context(plan, targets, [], FlagCounts.of([]), labels, "zh")
        return ctx["matrix"]["parts"]

    whole = matrix()
    assert len(whole) == 1 and whole[0]["unit"] == unit
    assert whole[0]["columns"][-1] == labels["total"]
    assert all(re.fullmatch(r"-?[\d,]+\.\d\d", a) for r in whole[0]["rows"] for a in r["cells"])
    monkeypatch.setattr(market, "MATRIX_WIDTH_CM", 8.0)  # as if there were many industries
    parts = matrix()
    assert len(parts) > 1 and parts[1]["unit"] == labels["matrix_continued"].format(unit=unit)
    # the same cells, cut into column groups: nothing re-rounded, rows and totals intact
    assert sum((p["columns"] for p in parts), []) == whole[0]["columns"]
    for n, row in enumerate(whole[0]["rows"]):
        assert sum((p["rows"][n]["cells"] for p in parts), []) == row["cells"]
    assert sum((p["total"] for p in parts), []) == whole[0]["total"]
    num = lambda x: D(x.replace(",", ""))  # noqa: E731
    for row in whole[0]["rows"]:
        assert sum(num(x) for x in row["cells"][:-1]) == num(row["cells"][-1])
    assert num(whole[0]["total"][-1]) == targets.market.figures.total


def test_the_matrix_is_cut_where_an_industrys_name_would_break_in_its_column(example_analysis):
    """In English, 'Manufacturing' does not fit a seventh of the page: the five industries and
    the total go into two tables, as evenly as they can; in Chinese they fit one."""
    from planner.report.market import market_context
    from planner.resources import Templates

    plan, targets = example_analysis.plan, example_analysis.targets

    def columns(lang: str) -> list[list[str]]:
        ctx = market_context(plan, targets, [], FlagCounts.of([]), Templates(None, lang).labels,
                             lang)
        return [p["columns"] for p in ctx["matrix"]["parts"]]

    assert columns("zh") == [["政务", "金融", "医疗卫生", "教育", "工业制造", "合计"]]
    assert columns("en") == [["Government", "Finance", "Healthcare"],
                             ["Education", "Manufacturing", "Total"]]


def test_the_drivers_are_the_largest_rises_and_falls_the_first_of_equal_ones_first():
    """The market plan's drivers (增长与下降的主要因素): of every customer, the `n` largest rises
    and falls, largest first, the first of equal changes first, none without a change: the same
    as sorting them all (made in one pass, holding the largest so far alone)."""
    from planner.report.market import largest_changes

    changes = [D("3.00"), D("-1.00"), D("0"), D("3.00"), D("5.50"), D("-1.00"), D("-4.25"),
               D("3.00"), D("0.01"), D("-1.00"), D("-0.01"), D("5.50"), D("0.00")]
    items = [(f"c{i}", Figures(base=D("100"), stock=D("100") + c)) for i, c in enumerate(changes)]
    for n in (1, 2, 3, 5, 20):
        rises, falls = largest_changes(iter(items), n)
        every = [(name, f.total - f.base, f) for name, f in items]
        assert rises == sorted((c for c in every if c[1] > 0), key=lambda c: -c[1])[:n]
        assert falls == sorted((c for c in every if c[1] < 0), key=lambda c: c[1])[:n]
    rises, falls = largest_changes(items, 3)
    assert [r[0] for r in rises] == ["c4", "c11", "c0"]  # 5.50, 5.50, then the first 3.00
    assert [f[0] for f in falls] == ["c6", "c1", "c5"]  # -4.25, then the first two -1.00
    assert largest_changes([], 5) == ([], [])
