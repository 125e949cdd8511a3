"""The `planner` command through its real entry point (click's CliRunner): exit codes and output."""

from __future__ import annotations

import json
import re
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

import planner.pipeline
from planner.cli import main

from conftest import COMPLETE_CUSTOMER, CUSTOMER, EXAMPLE, MARKET, REPO

# FILE:LINE:COL: FIELD (标签): message — fix
LINE = re.compile(r"^\S+\.yaml:\d+:\d+: \S+( \(.+?\))?: .+ — .+$")


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("PLANNER_LANG", raising=False)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# ---------------------------------------------------------------- check

def test_check_reference_set_is_valid_with_warnings(reference, monkeypatch):
    monkeypatch.chdir(reference)
    r = run("check", ".")
    assert r.exit_code == 0, r.output
    out = r.stdout.splitlines()
    assert len(out) == 26 and all(LINE.match(x) for x in out)
    assert "customers/police.yaml:43:3: relationship.contacts (关键联系人): 联系人中没有决策者 — " \
           "补充客户决策者的联系人信息并规划高层拜访" in out
    assert r.stderr == "检查通过: 4 个客户, 2 个行业文件; 0 个错误, 26 条审核提示\n"


def test_check_example_is_valid_with_warnings(monkeypatch):
    monkeypatch.chdir(REPO)
    r = run("check", "plans/example")
    assert r.exit_code == 0, r.output
    out = r.stdout.splitlines()
    assert out and all(LINE.match(x) and x.startswith("plans/example/") for x in out)
    summary = r"检查通过: \d+ 个客户, \d+ 个行业文件; 0 个错误, (\d+) 条审核提示\n"
    assert int(re.fullmatch(summary, r.stderr).group(1)) == len(out)


def test_check_strict_fails_on_warnings(reference):
    r = run("check", str(reference), "--strict")
    assert r.exit_code == 1
    assert r.stderr.endswith("--strict: 有审核提示, 视为未通过\n")


def test_check_strict_passes_without_warnings(plan_dir):
    r = run("check", str(plan_dir(customers={"acme": COMPLETE_CUSTOMER})), "--strict")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == "检查通过: 1 个客户, 1 个行业文件; 0 个错误, 0 条审核提示\n"


def test_check_prints_every_error_of_every_file_sorted(plan_dir, monkeypatch):
    root = plan_dir(market=MARKET.replace("year: 2027", "year: 二〇二七"),
                    customers={"b": CUSTOMER.replace("id: acme", "id: b")
                               .replace("retention: 0.9", "retention: 1.5"),
                               "a": CUSTOMER.replace("id: acme", "id: a") + "region: east\n"})
    monkeypatch.chdir(root)
    r = run("check", ".")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "customers/a.yaml:18:1: region: 字段 'region' 重复出现 (第 4 行已有) — 删除或合并其中一个, "
        "否则后一个会覆盖前一个",
        "customers/b.yaml:7:49: stock[0].retention (第 1 条存量「data」的保有率): 比率必须在 0 到 "
        "1 之间 "
        "(写的是 1.5) — "
        "写成小数如 0.6, 或百分数如 60%",
        "market.yaml:3:9: plan.year (计划年度): 应为整数 (写的是 '二〇二七') — 写成整数, 如 2027",
    ]
    assert r.stderr == "检查未通过: 3 个错误, 0 条审核提示\n"


def test_check_gbk_file(plan_dir, monkeypatch):
    root = plan_dir(customers={"acme": CUSTOMER.encode("gbk")})
    monkeypatch.chdir(root)
    r = run("check", ".")
    assert r.exit_code == 1
    assert r.stdout == ("customers/acme.yaml:2:7: -: 文件不是 UTF-8 编码 (看起来是 GBK/GB2312, "
                        "常见于中文 Windows 记事本) — 在编辑器中另存为 UTF-8 编码\n")


def test_check_in_english(plan_dir, monkeypatch):
    root = plan_dir(customers={"acme": CUSTOMER.replace("retention: 0.9", "retention: 150%")})
    monkeypatch.chdir(root)
    r = run("check", ".", "--lang", "en")
    assert r.exit_code == 1
    assert r.stdout == ("customers/acme.yaml:7:49: stock[0].retention "
                        "(Retention of stock line 1 \"data\"): a rate must be "
                        "between 0 and 1 (got 150%) — write a fraction such as 0.6, or a "
                        "percentage such as 60%\n")
    assert r.stderr == "the plan set is not valid: 1 error(s), 0 warning(s)\n"


def test_language_from_the_environment(plan_dir, monkeypatch):
    monkeypatch.setenv("PLANNER_LANG", "en")
    r = run("check", str(plan_dir(customers={"acme": COMPLETE_CUSTOMER})))
    assert r.stderr == "valid: 1 customer(s), 1 industry file(s); 0 error(s), 0 warning(s)\n"


def test_check_a_folder_without_market_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("check", ".")
    assert r.exit_code == 1
    assert r.stdout == ("market.yaml:1:1: -: 找不到 market.yaml — 在计划集目录中放置 market.yaml "
                        "(参照示例计划集的 market.yaml)\n")


# ---------------------------------------------------------------- usage errors: exit 2

def test_missing_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("check", "nowhere")
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", "planner: nowhere 不是计划集目录\n")


def test_a_file_is_not_a_plan_set(plan_dir, monkeypatch):
    monkeypatch.chdir(plan_dir())
    r = run("targets", "market.yaml", "--lang", "en")
    assert (r.exit_code, r.stderr) == (2, "planner: market.yaml is not a plan set folder\n")


@pytest.mark.parametrize("args", [
    ["check"],  # no DIR
    ["check", "--bogus", "."],
    ["check", ".", "--lang", "fr"],
    ["targets", ".", "--json=yes"],
    ["nonsense"],
])
def test_bad_usage(args):
    r = run(*args)
    assert r.exit_code == 2
    assert "错误: " in r.stderr and r.stdout == ""  # Chinese by default, as every message
    r = run(*args, "--lang", "en") if "--lang" not in args else run(*args)
    assert r.exit_code == 2 and r.stdout == ""
    assert ("Error: " if "--lang" not in args else "错误: ") in r.stderr


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("planner, 版本 ")


# ---------------------------------------------------------------- targets

def test_targets_json_shape_and_sums(reference):
    r = run("targets", str(reference), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout, parse_float=D, parse_int=D)
    assert list(data) == ["plan", "customers", "industries", "regions", "business_lines",
                          "market"]
    assert set(data["plan"]) == {"unit", "year", "base_year", "money_unit"}
    parts = {"base", "stock", "increment", "winback", "total"}
    for c in data["customers"].values():
        assert set(c) == parts | {"name", "industry", "region", "pipeline", "growth", "quarters",
                                  "lines", "value"}
        assert set(c["value"]) == {"current", "potential", "share_of_wallet", "quadrant",
                                      "loyalty", "overall", "associated", "tier",
                                      "rank_in_industry", "rank"}
        assert all(set(x) == parts for x in c["lines"].values())
        assert len(c["quarters"]) == 4 and sum(c["quarters"]) == c["total"]
    for g in data["industries"].values():
        assert set(g) == parts | {"quarters", "customers"}
        assert sum(g["quarters"]) == g["total"]
    for g in data["regions"].values():
        assert set(g) == parts | {"quarters", "guidance", "gap"}
        assert sum(g["quarters"]) == g["total"]
    assert all(set(g) == parts for g in data["business_lines"].values())
    assert set(data["market"]) == parts | {"quarters", "guidance", "gap"}
    assert sum(data["market"]["quarters"]) == data["market"]["total"]
    # figures worked out in test_targets.py
    assert data["customers"]["data-bureau"]["total"] == D("1091.5")
    assert data["market"]["total"] == D("3320.2")
    assert data["market"]["gap"] == D("-179.8")


def test_targets_json_of_the_example():
    r = run("targets", str(EXAMPLE), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout, parse_float=D, parse_int=D)
    assert sum(data["market"]["quarters"]) == data["market"]["total"]
    assert sum(c["total"] for c in data["customers"].values()) < data["market"]["total"]  # bulk


def test_targets_json_text_is_the_objects(tmp_path, monkeypatch):
    """The command writes each customer's object from the text kept when its file was read,
    with its ranks added: the same JSON as the object made from its targets, read back from
    the store as when just read."""
    from planner.report.json import targets_json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = targets_json(*_plan_and_targets(EXAMPLE))
    assert any(c["value"]["rank"] > 1 for c in expected["customers"].values())
    for _ in range(2):  # the files read, then their results from the store
        r = run("targets", str(EXAMPLE), "--json")
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == expected


def _plan_and_targets(root):
    a = planner.pipeline.analyse(root)
    return a.plan, a.targets


def test_targets_tables(reference):
    r = run("targets", str(reference))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("示例市分公司政企客户部 · 2027 · 金额单位: 万元\n")
    market_row = [x for x in r.stdout.splitlines() if "市场合计" in x and "3,500.00" in x]
    assert len(market_row) == 1
    assert re.findall(r"-?[\d,]+\.\d\d", market_row[0]) == [
        "2,578.00", "2,407.20", "835.00", "78.00", "3,320.20", "3,500.00", "-179.80"]


def test_targets_of_an_invalid_plan_set(plan_dir, monkeypatch):
    root = plan_dir(customers={"acme": CUSTOMER.replace("base: 100", "base: -100")})
    monkeypatch.chdir(root)
    r = run("targets", ".", "--json")
    assert r.exit_code == 1
    assert r.stdout == ("customers/acme.yaml:7:33: stock[0].base (第 1 "
                        "条存量「data」的基准年收入): "
                        "金额不能为负数 "
                        "(写的是 -100) — 写成 0 或正数; 收入下降用保有率表示\n")


# ---------------------------------------------------------------- internal errors: exit 3

def test_internal_error_is_one_line_and_exit_3(plan_dir, monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(planner.pipeline, "compute_targets", broken)
    monkeypatch.setattr(planner.pipeline, "assemble", broken)
    monkeypatch.chdir(plan_dir())
    r = run("targets", ".")
    assert r.exit_code == 3
    assert r.stdout == ""
    # the input named is the last one read before the failure
    assert r.stderr == ("planner: 内部错误 (处理 customers/acme.yaml 时): RuntimeError: boom — "
                        "请把这条信息和输入文件发给维护者\n")
    assert "Traceback" not in r.output

    r = run("check", ".", "--lang", "en")
    assert r.exit_code == 3
    assert r.stderr == ("planner: internal error (while processing customers/acme.yaml): "
                        "RuntimeError: boom — please send this message and the input to the "
                        "maintainers\n")
