"""planner diff: the changes between two plan sets, as tables, JSON and a workbook."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from planner.cli import main

from conftest import CUSTOMER, EXAMPLE, MARKET, write_plan_set


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("PLANNER_LANG", raising=False)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


WINBACK = "winback:\n  - {competitor: 中国移动, business_line: data, competitor_revenue: 30, " \
          "amount: 10, probability: 0.5, quarter: Q3}\n"
NEW_OPPORTUNITY = "  - {name: 专线提速, business_line: data, amount: 10, probability: 0.5, " \
                  "quarter: Q3, conditions: 预算到位}\n"
BETA = "id: beta\nname: 贝塔银行\nindustry: finance\nregion: east\nstock:\n" \
       "  - {business_line: voice, base: 50}\nrelationship:\n  contacts:\n" \
       "    - {name: 钱行长, role: 决策者}\n"


@pytest.fixture
def two(tmp_path):
    """OLD and NEW plan sets.

    OLD: acme: stock 100 × 0.9 = 90; increment 40 × 0.5 = 20; win-back 10 × 0.5 = 5;
         total 115 on base 100; guidance 120, gap 115 − 120 = −5.
    NEW: acme: retention 0.95 → stock 95; 云扩容 probability 0.6 → 24, a new 专线提速
         10 × 0.5 = 5 → increment 29; no win-back; total 124.
         beta (finance, east): stock 50 × 1 = 50.
         market: base 150, stock 145, increment 29, total 174; guidance 170, gap +4.
    """
    old = write_plan_set(tmp_path / "old", market=MARKET + "guidance: {total: 120}\n",
                         customers={"acme": CUSTOMER.replace("relationship:",
                                                             WINBACK + "relationship:")})
    acme = CUSTOMER.replace("retention: 0.9", "retention: 0.95") \
        .replace("probability: 0.5", "probability: 0.6") \
        .replace("conditions: 获批}\n", "conditions: 获批}\n" + NEW_OPPORTUNITY)
    new = write_plan_set(tmp_path / "new", market=MARKET + "guidance: {total: 170}\n",
                         customers={"acme": acme, "beta": BETA})
    return old, new


def test_diff_of_a_plan_set_with_itself_is_empty():
    r = run("diff", EXAMPLE, EXAMPLE)
    assert r.exit_code == 0
    assert r.stdout == f"没有差异: {EXAMPLE} 与 {EXAMPLE} 的目标、商机和策反完全相同\n"
    data = json.loads(run("diff", EXAMPLE, EXAMPLE, "--json").stdout)
    assert data["same"] is True and data["market"]["status"] == "same"
    assert all(data[k] == [] for k in ("customers", "industries", "regions", "business_lines",
                                       "opportunities", "winback"))
    assert data["market"]["delta"] == {"base": 0, "stock": 0, "increment": 0, "winback": 0,
                                       "total": 0, "guidance": 0, "gap": 0}


def test_diff_json_figures(two):
    old, new = two
    r = run("diff", old, new, "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["same"] is False
    assert d["old"] == {"dir": str(old), "plan": {"unit": "测试市分公司政企客户部", "year": 2027,
                                                 "base_year": 2026, "money_unit": "万元"}}
    assert d["market"] == {
        "status": "changed",
        "old": {"base": 100, "stock": 90, "increment": 20, "winback": 5, "total": 115,
                "guidance": 120, "gap": -5},
        "new": {"base": 150, "stock": 145, "increment": 29, "winback": 0, "total": 174,
                "guidance": 170, "gap": 4},
        # 174 − 115 = 59; gap 4 − (−5) = 9
        "delta": {"base": 50, "stock": 55, "increment": 9, "winback": -5, "total": 59,
                  "guidance": 50, "gap": 9}}
    assert d["customers"] == [
        {"id": "acme", "name": "测试客户", "status": "changed",
         "old": {"base": 100, "stock": 90, "increment": 20, "winback": 5, "total": 115},
         "new": {"base": 100, "stock": 95, "increment": 29, "winback": 0, "total": 124},
         "delta": {"base": 0, "stock": 5, "increment": 9, "winback": -5, "total": 9}},
        {"id": "beta", "name": "贝塔银行", "status": "added", "old": None,
         "new": {"base": 50, "stock": 50, "increment": 0, "winback": 0, "total": 50},
         "delta": {"base": 50, "stock": 50, "increment": 0, "winback": 0, "total": 50}}]
    assert [(c["id"], c["status"], c["delta"]["total"]) for c in d["industries"]] == \
        [("gov", "changed", 9), ("finance", "added", 50)]
    # urban has no guidance on either side: its gap does not change, it has none
    assert [(c["id"], c["status"], c["delta"]["total"], c["delta"]["gap"])
            for c in d["regions"]] == [("urban", "changed", 9, None), ("east", "added", 50, None)]
    # data: stock 90 → 95, increment 0 → 5, win-back 5 → 0: total 95 → 100
    assert [(c["id"], c["status"], c["delta"]["total"]) for c in d["business_lines"]] == \
        [("data", "changed", 5), ("cloud", "changed", 4), ("voice", "added", 50)]
    assert d["opportunities"] == [
        {"customer": "acme", "name": "云扩容", "status": "changed",
         "old": {"business_line": "cloud", "amount": 40, "probability": 0.5, "quarter": "Q2",
                 "weighted": 20},
         "new": {"business_line": "cloud", "amount": 40, "probability": 0.6, "quarter": "Q2",
                 "weighted": 24}},
        {"customer": "acme", "name": "专线提速", "status": "added", "old": None,
         "new": {"business_line": "data", "amount": 10, "probability": 0.5, "quarter": "Q3",
                 "weighted": 5}}]
    assert d["winback"] == [
        {"customer": "acme", "competitor": "中国移动", "business_line": "data",
         "status": "removed", "new": None,
         "old": {"business_line": "data", "amount": 10, "probability": 0.5, "quarter": "Q3",
                 "weighted": 5, "competitor_revenue": 30}}]


def test_diff_tables(two):
    old, new = two
    r = run("diff", old, new)
    assert r.exit_code == 0
    out = r.stdout
    # 13 rows: the market, 2 customers, 2 industries, 2 regions, 3 lines, 2 opportunities and
    # 1 win-back item
    assert out.startswith(f"计划集差异: {old} → {new} (金额单位: 万元) · 13 处变化\n")
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in out.splitlines() if line.startswith("│")}
    #             status, Δbase,   Δstock,   Δincrement, Δwin-back, total old, new, Δ, gap new, Δgap
    assert rows["市场"] == ["变化", "+50.00", "+55.00", "+9.00", "-5.00", "115.00", "174.00",
                          "+59.00", "+4.00", "+9.00"]
    assert rows["测试客户 (acme)"] == ["变化", "0.00", "+5.00", "+9.00", "-5.00", "115.00",
                                     "124.00", "+9.00"]
    assert rows["贝塔银行 (beta)"] == ["新增", "+50.00", "+50.00", "0.00", "0.00", "—", "50.00",
                                     "+50.00"]
    assert rows["市区 (urban)"][-2:] == ["—", "—"]
    assert rows["东部县区 (east)"][0] == "新增"


def test_diff_items_tables(two):
    old, new = two
    out = run("diff", old, new).stdout
    lines = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines()
             if line.startswith("│ acme")]
    assert lines == [
        ["acme", "云扩容", "变化", "cloud", "40.00 → 40.00", "50.0% → 60.0%", "+4.00"],
        ["acme", "专线提速", "新增", "data", "— → 10.00", "— → 50.0%", "+5.00"],
        ["acme", "中国移动", "data", "删除", "10.00 → —", "50.0% → —", "-5.00"],
    ]


def test_diff_in_english(two):
    old, new = two
    out = run("diff", old, new, "--lang", "en").stdout
    assert out.startswith(f"Plan set changes: {old} → {new} (money unit: 10k yuan) · 13 change(s)")
    assert "Stock Δ" in out and "added" in out
    same = run("diff", old, old, "--lang", "en")
    assert same.stdout == f"no differences: {old} and {old} have the same targets, " \
                          "opportunities and win-back\n"


def test_diff_workbook(two, tmp_path):
    old, new = two
    book = tmp_path / "out" / "changes.xlsx"
    r = run("diff", old, new, "--xlsx", book)
    assert r.exit_code == 0 and r.stderr == f"已写入 {book}\n"
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["概览", "市场", "重点客户", "行业", "区域", "业务", "增量商机",
                             "策反转网"]
    ws = wb["重点客户"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["名称", "变化", "基准年收入 原", "基准年收入 新", "基准年收入 变化"]
    assert header[-1] == "编号"  # the id after the name and the figures
    acme = {h: c.value for h, c in zip(header, ws[2])}
    assert (acme["名称"], acme["编号"], acme["存量 原"], acme["存量 新"]) == \
        ("测试客户", "acme", 90, 95)
    assert acme["存量 变化"] == "=N(G2)-N(F2)"
    assert acme["合计 原"] == "=F2+I2+L2"  # total = stock + increment + win-back
    values = openpyxl.load_workbook(book, data_only=True)["重点客户"]
    cached = {h: c.value for h, c in zip(header, values[2])}
    assert (cached["合计 原"], cached["合计 新"], cached["合计 变化"]) == (115, 124, 9)
    market = {h.value: v.value for h, v in zip(wb["市场"][1], wb["市场"][2])}
    assert market["差额 原"] == "=O2-R2" and market["差额 变化"] == "=N(V2)-N(U2)"
    opp = openpyxl.load_workbook(book, data_only=True)["增量商机"]
    assert [c.value for c in opp[2]] == ["测试客户", "云扩容", "变化", 40, 40, 0.5, 0.6, 20, 24, 4,
                                         "acme"]


def test_diff_of_an_invalid_plan_set_prints_its_errors(two, tmp_path):
    old, _ = two
    bad = write_plan_set(tmp_path / "bad",
                         customers={"acme": CUSTOMER.replace("retention: 0.9", "retention: 9")})
    r = run("diff", old, bad, "--json")
    assert r.exit_code == 1
    assert r.stderr == f"{bad} 有错误, 无法比较\n"
    assert "stock[0].retention (第 1 条存量「data」的保有率): 比率必须在 0 到 1 之间 (写的是 9)" in r.stdout


def test_diff_refuses_different_money_units(two, tmp_path):
    old, _ = two
    yuan = write_plan_set(tmp_path / "yuan", market=MARKET.replace("万元", "元"))
    r = run("diff", old, yuan)
    assert r.exit_code == 1
    assert r.stderr == "planner: 两个计划集的金额单位不同 (万元 与 元), 无法比较\n"


# ---------------------------------------------------------------- reordering is no change

TWINS = CUSTOMER.replace(
    "opportunities:\n  - {name: 云扩容, business_line: cloud, amount: 40, probability: 0.5, quarter: "
    "Q2, conditions: 获批}\n",
    "opportunities:\n"
    "  - {name: 云扩容, business_line: cloud, amount: 40, probability: 0.5, quarter: Q2, "
    "conditions: 获批}\n"
    "  - {name: 云扩容, business_line: data, amount: 10, probability: 0.8, quarter: Q3, "
    "conditions: 获批}\n"
    "winback:\n"
    "  - {competitor: 中国移动, business_line: data, competitor_revenue: 50, amount: 20, "
    "probability: 0.5, quarter: Q2}\n"
    "  - {competitor: 中国移动, business_line: data, competitor_revenue: 50, amount: 5, "
    "probability: 0.5, quarter: Q4}\n")


def _swap(text: str, first: str, second: str) -> str:
    a, b = text.index(first), text.index(second)
    line_a, line_b = text[a:text.index("\n", a)], text[b:text.index("\n", b)]
    return text.replace(line_a, "\0").replace(line_b, line_a).replace("\0", line_b)


def _diff(tmp_path, old_text: str, new_text: str) -> dict:
    old = write_plan_set(tmp_path / "old", customers={"acme": old_text})
    new = write_plan_set(tmp_path / "new", customers={"acme": new_text})
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_swapping_two_same_named_items_is_no_change(tmp_path):
    assert TWINS != CUSTOMER
    swapped = _swap(TWINS, "  - {name: 云扩容, business_line: cloud", "  - {name: 云扩容, business_line: data")
    swapped = _swap(swapped, "  - {competitor: 中国移动, business_line: data, competitor_revenue: 50, amount: 20",
                    "  - {competitor: 中国移动, business_line: data, competitor_revenue: 50, amount: 5")
    assert swapped != TWINS
    d = _diff(tmp_path, TWINS, swapped)
    assert d["same"] is True and d["opportunities"] == [] and d["winback"] == []


def test_swapping_and_changing_one_is_one_change(tmp_path):
    swapped = _swap(TWINS, "  - {name: 云扩容, business_line: cloud", "  - {name: 云扩容, business_line: data")
    changed = swapped.replace("amount: 10, probability: 0.8", "amount: 12, probability: 0.8")
    d = _diff(tmp_path, TWINS, changed)
    assert [(o["status"], o["old"]["amount"], o["new"]["amount"]) for o in d["opportunities"]] \
        == [("changed", 10, 12)]
