"""planner rollover: next year's plan set from this year's, through the real CLI."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from planner.cli import main
from planner.pipeline import analyse

from conftest import CUSTOMER, EXAMPLE, write_plan_set


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("PLANNER_LANG", raising=False)


@pytest.fixture(scope="module")
def rolled(tmp_path_factory) -> Path:
    """plans/example rolled over into a new folder."""
    out = tmp_path_factory.mktemp("rollover") / "2028"
    r = CliRunner().invoke(main, ["rollover", str(EXAMPLE), str(out)])
    assert r.exit_code == 0, r.output
    assert r.stderr == f"已生成 2028 年计划集 {out} (12 个客户): 存量基准年收入取自本年目标; " \
                       "商机和策反已移入 history (不计入目标); 预算指引已清空, 待下达后填写\n"
    return out


def text(root: Path, name: str) -> str:
    return (root / name).read_text(encoding="utf-8")


def test_the_rolled_over_example_passes_check(rolled):
    r = run("check", rolled)
    assert r.exit_code == 0
    assert r.stderr.startswith("检查通过: 12 个客户, 5 个行业文件; 0 个错误, ")


def test_plan_year_base_year_and_dates_move_one_year_on(rolled):
    market = text(rolled, "market.yaml")
    assert "  year: 2028\n  base_year: 2027\n" in market
    assert "owner: 各客户经理, due: \"2027-11-20\"}" in market  # quoting kept
    assert "due: 2027-12-18}" in market and "2026-" not in market
    assert "    start: 2028-03-15\n    end: 2028-06-30\n" in market
    assert "start: 2028-03-01, end: 2028-06-30" in text(rolled, "industries/gov.yaml")


def test_guidance_is_cleared_with_last_years_figures_in_a_comment(rolled):
    assert "guidance:                                # 省公司下达的预算编制指引\n" \
           "  # 2028 年预算编制指引下达后填写; 2027 年指引: total 5390; central 2550; " \
           "north 1420; south 720; county 700\n  total:\n  by_region: {}\n" \
           in text(rolled, "market.yaml")
    targets = json.loads(run("targets", rolled, "--json").stdout)
    assert targets["market"]["guidance"] is None


def test_a_customers_stock_base_is_its_old_target_per_line(rolled):
    icbc = text(rolled, "customers/jz-icbc.yaml")
    # plans/example/customers/jz-icbc.yaml, this year's target per line:
    #   data        132 × 0.97 = 128.04, + SD-WAN 30 × 0.6 = 18, + win-back 20 × 0.3 = 6: 152.04
    #   internet    18 × 1.0 = 18;   voice 21 × 0.92 = 19.32
    #   dr          36 × 1.0 = 36, + 灾备链路 24 × 0.7 = 16.8: 52.8
    #   maintenance 15 × 1.0 = 15;   video (an opportunity only) 20 × 0.4 = 8
    assert "  - {business_line: data, base: 152.04, previous: 132, retention: 0.97, risk: " in icbc
    assert "  - {business_line: internet, base: 18, previous: 18, retention: 1.0}\n" in icbc
    assert "  - {business_line: voice, base: 19.32, previous: 21, retention: 0.92}\n" in icbc
    assert "  - {business_line: dr, base: 52.8, previous: 36, retention: 1.0}\n" in icbc
    assert "  - {business_line: maintenance, base: 15, previous: 15, retention: 1.0}\n" \
           "  - {business_line: video, base: 8, previous: 0}\n" in icbc
    # our spend follows the base; a new line gets a spend row
    assert "  - {carrier: 中国电信, business_line: data, amount: 152.04}\n" in icbc
    assert "  - {carrier: 中国电信, business_line: video, amount: 8}\n" in icbc
    # next year's base = 152.04 + 18 + 19.32 + 52.8 + 15 + 8 = 265.16 = this year's total
    new = json.loads(run("targets", rolled, "--json").stdout)["customers"]["jz-icbc"]
    assert new["base"] == 265.16 and new["lines"]["data"]["base"] == 152.04
    assert new["increment"] == 0 and new["winback"] == 0


def test_every_base_is_last_years_total(rolled, example_analysis):
    old = example_analysis.targets
    new = analyse(rolled).targets
    for cid, ct in old.customers.items():
        assert new.customers[cid].figures.base == ct.figures.total, cid
        for line, figures in ct.lines.items():
            assert new.customers[cid].lines[line].base == figures.total, (cid, line)
    # bulk rows too: the market's new base is this year's market total (the sum of the
    # ledger's leaves, 5452.34; before the ledger its unrounded total showed as 5452.33)
    assert new.market.figures.base == old.market.figures.total == D("5452.34")


def test_opportunities_and_win_back_become_history_notes(rolled):
    icbc = text(rolled, "customers/jz-icbc.yaml")
    assert "opportunities: []\nwinback: []\nhistory:  # 历史记录: 往年的商机和策反等记录, " \
           "仅供参考, 不计入目标 (planner rollover 自动写入)\n" in icbc
    assert '  - "2027 年商机: 智慧网点SD-WAN改造 | 业务: data | 年内收入: 30 | 转化可能性: 60% | ' \
           '起始季度: Q2 | 时机和条件: 省分行下达2027年网点改造批次"\n' in icbc
    assert '  - "2027 年策反: 中国联通 | 业务: data | 对手现有收入: 70 | 策反金额: 20 | ' \
           '成功可能性: 30% | 起始季度: Q4 | ' \
           '策反方式: 新改造网点第二路由改由我方异局向双路由承载"\n' in icbc
    assert icbc.count('  - "2027 年') == 4


def test_comments_and_everything_else_are_kept(rolled):
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        old = path.read_text(encoding="utf-8").splitlines()
        new = text(rolled, str(path.relative_to(EXAMPLE))).splitlines()
        comments = [line for line in old if line.lstrip().startswith("#")]
        assert comments == [line for line in new if line.lstrip().startswith("#")
                            and "预算编制指引下达后填写" not in line], path
    old = (EXAMPLE / "customers/jz-icbc.yaml").read_text(encoding="utf-8")
    new = text(rolled, "customers/jz-icbc.yaml")
    start = old.index("relationship:")
    assert old[start:] in new  # relationship, strategies, retention plan, costs untouched


def test_other_customers_rows(rolled):
    market = text(rolled, "market.yaml")
    # 560 × 0.93 + 60 = 580.8: increment and win-back were this year's, base the new base
    assert "  - {region: central, industry: manufacturing, business_line: internet, base: 580.8, " \
           "previous: 560, retention: 0.93, quarter: Q2}\n" in market
    # 150 × 0.92 + 18 + 12 = 168
    assert "  - {region: county, industry: edu, business_line: internet, base: 168, " \
           "previous: 150, retention: 0.92, quarter: Q3}\n" in market


def test_rollover_with_actuals(tmp_path):
    # a billing export of the whole year (the business review's importer reads it): jz-icbc's
    # data 70 + 80 = 150 and iot 3; its other lines billed nothing; jz-rcb's 数据 (by name) 100.5
    billing = tmp_path / "billing.csv"
    billing.write_text("账期,客户编号,业务,金额\n2027-03,jz-icbc,data,70\n2027-12,jz-icbc,data,80\n"
                       "2027-12,jz-icbc,iot,3\n2027-06,jz-rcb,数据,100.5\n", encoding="utf-8")
    r = run("rollover", EXAMPLE, tmp_path / "next", "--actuals", billing)
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0].startswith(
        f"已生成 2028 年计划集 {tmp_path / 'next'} (12 个客户): "
        f"存量基准年收入取自实际收入 ({billing});")
    assert r.stderr.splitlines()[1].startswith("10 个客户在实际收入中没有记录, 沿用本年目标: "
                                               "jiangbei-tcm-hospital, jz-data-bureau, ")
    icbc = text(tmp_path / "next", "customers/jz-icbc.yaml")
    assert "  - {business_line: data, base: 150, previous: 132, " in icbc
    assert "  - {business_line: voice, base: 0, previous: 21, retention: 0.92}\n" in icbc
    assert "  - {business_line: video, base: 0, previous: 0}\n" \
           "  - {business_line: iot, base: 3, previous: 0}\n" in icbc
    assert "  - {business_line: data, base: 100.5, previous: 168, " in \
        text(tmp_path / "next", "customers/jz-rcb.yaml")
    # a customer without actuals keeps its target: 21 × 0.92 = 19.32 (jz-first-hospital: 22 × 0.93)
    assert "  - {business_line: voice, base: 20.46, previous: 22, " in \
        text(tmp_path / "next", "customers/jz-first-hospital.yaml")
    assert run("check", tmp_path / "next").exit_code == 0


def test_actuals_of_half_a_year_are_refused(tmp_path):
    billing = tmp_path / "h1.csv"
    billing.write_text("账期,客户编号,业务,金额\n2027-06,jz-icbc,data,70\n", encoding="utf-8")
    r = run("rollover", EXAMPLE, tmp_path / "next", "--actuals", billing)
    assert r.exit_code == 1
    assert r.stderr == "planner: 实际收入只到 Q2, 滚动需要全年的实际收入 (否则基准年收入偏低) — " \
                       "提供覆盖全年的账单导出, 或不带 --actuals 以本年目标为基准\n"
    assert not (tmp_path / "next").exists()


def test_bad_actuals_are_reported_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.csv").write_text("账期,客户编号,业务,金额\n2027-12,jz-icbk,data,150\n",
                             encoding="utf-8")
    r = run("rollover", EXAMPLE, "next", "--actuals", "a.csv")
    assert r.exit_code == 1
    assert r.stdout.startswith("a.csv:2:2: ")  # the importer's own message: file, row, column
    assert "jz-icbk" in r.stdout
    assert not Path("next").exists()


def test_rollover_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "next").mkdir()
    (tmp_path / "next" / "keep.txt").write_text("x", encoding="utf-8")
    r = run("rollover", EXAMPLE, tmp_path / "next")
    assert r.exit_code == 1
    assert r.stderr == f"planner: {tmp_path / 'next'} 已存在且不是空目录, 没有写入任何文件 — " \
                       "选一个新的目录\n"
    assert [p.name for p in (tmp_path / "next").iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["next"]  # no staging folder left behind


def test_rollover_of_an_invalid_plan_set(tmp_path):
    bad = write_plan_set(tmp_path / "bad",
                         customers={"acme": CUSTOMER.replace("base: 100", "base: 一百")})
    r = run("rollover", bad, tmp_path / "next")
    assert r.exit_code == 1 and "stock[0].base (第 1 条存量「data」的基准年收入)" in r.stdout
    assert not (tmp_path / "next").exists()


def test_rollover_of_the_reference_plans_passes_check(reference, tmp_path):
    r = run("rollover", reference, tmp_path / "next")
    assert r.exit_code == 0, r.output
    assert run("check", tmp_path / "next").exit_code == 0


def test_rollover_of_a_scaffolded_plan_set_keeps_every_comment(tmp_path):
    assert run("init", tmp_path / "p", "--year", "2027", "--lang", "en").exit_code == 0
    r = run("rollover", tmp_path / "p", tmp_path / "q", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith(f"created the 2028 plan set {tmp_path / 'q'} (1 customer(s)): "
                               "the stock base is this year's target;")
    out = run("check", tmp_path / "q").stdout.splitlines()  # the example values only
    assert len(out) == 2 and all("planner init" in x for x in out)
    assert (tmp_path / "q" / ".schema" / "customer.json").is_file()
    old = text(tmp_path / "p", "customers/gov-customer.yaml")
    new = text(tmp_path / "q", "customers/gov-customer.yaml")
    # stock 100 × 0.95 + win-back 20 × 0.5 = 105 on voice; video: 30 × 0.5 = 15
    assert "    base: 105  # Base-year revenue (基准年收入): 基准年我方收入\n" \
           "    previous: 100  # Prior-year revenue (上年收入): 基准年前一年收入, 用于同比\n" in new
    assert "  - {business_line: video, base: 15, previous: 0}\n" in new
    assert "opportunities: []  # Opportunities (增量商机): 新年度增量商机\n" in new
    assert 'history:  # History (历史记录)' in new
    assert '  - "2027 opportunity: 年度信息化项目 | Business line: video | In-year revenue: 30 | ' \
           'Probability: 50% | Start quarter: Q2 | ' \
           'Timing and conditions: 年度预算获批后启动采购 | Source: 客户年度项目"\n' in new
    kept = [line for line in old.splitlines() if not line.lstrip().startswith(
        ("- name", "name", "business_line", "amount", "probability", "quarter", "conditions",
         "source", "- competitor", "competitor_revenue", "approach", "opportunities",
         "winback", "history", "base", "previous"))]
    assert all(line in new.splitlines() for line in kept)


def test_rollover_keeps_crlf_and_reads_a_bom(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(EXAMPLE, root)
    path = root / "customers" / "jz-icbc.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run("rollover", root, tmp_path / "q").exit_code == 0
    raw = (tmp_path / "q" / "customers" / "jz-icbc.yaml").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") and b"base: 152.04" in raw


def test_rollover_moves_our_spend_and_its_prior_year_on(tmp_path):
    assert run("init", tmp_path / "p", "--year", "2027").exit_code == 0
    assert run("rollover", tmp_path / "p", tmp_path / "q").exit_code == 0
    c = yaml.safe_load(text(tmp_path / "q", "customers/gov-customer.yaml"))
    # ours: data 100 (prior 96) -> base 100 × 0.95 + win-back 20 × 0.5 = 105 (prior 100); voice
    # 20 stays 20 (prior 20); video is new: 30 × 0.5 = 15, no prior year; the rival's row as it was
    assert [(s["carrier"], s["amount"], s.get("previous")) for s in c["spend"]] == [
        ("中国电信", 105, 100), ("中国电信", 20, 20), ("中国移动", 40, 42), ("中国电信", 15, None)]
