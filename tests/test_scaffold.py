"""planner init and planner new customer, through the real CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from planner.cli import main
from planner.load import read_source
from planner.model import Customer, Industry, Market, fields_by_key, walk

from conftest import EXAMPLE


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("PLANNER_LANG", raising=False)


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "plans2027"
    r = run("init", root, "--year", "2027")
    assert r.exit_code == 0, r.output
    return root


# ---------------------------------------------------------------- init

def test_init_writes_a_plan_set_that_passes_check_strictly(fresh):
    files = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
    assert files == [".schema/customer.json", ".schema/industry.json", ".schema/market.json",
                     "customers/gov-customer.yaml", "industries/gov.yaml", "market.yaml"]
    r = run("check", fresh, "--strict")
    # valid; its only flags are the example values left to replace (the unit, the name)
    assert r.exit_code == 1 and only_example_values(r.stdout, 2)
    assert r.stderr.startswith("检查通过: 1 个客户, 1 个行业文件; 0 个错误, 2 条审核提示\n")


def only_example_values(stdout: str, n: int) -> bool:
    """`check` printed n flags, each an example value left from `planner init`."""
    lines = stdout.splitlines()
    return len(lines) == n and all("planner init" in x for x in lines)


def test_init_says_what_it_wrote(tmp_path):
    r = run("init", tmp_path / "p", "--year", "2030")
    assert r.stderr == f"已创建计划集 {tmp_path / 'p'} (6 个文件); 下一步: planner check " \
                       f"{tmp_path / 'p'}\n"
    assert "  year: 2030  # 计划年度: 计划所属年度, 如 2027\n" in \
        (tmp_path / "p" / "market.yaml").read_text(encoding="utf-8")


def test_init_example_figures(fresh):
    # stock 100 × 0.95 + 20 × 1 = 115; increment 30 × 0.5 = 15; win-back 20 × 0.5 = 10
    # total 140 on a base of 120; the bulk row: 50 × 0.9 + 5 = 50; market 140 + 50 = 190
    r = run("targets", fresh, "--json")
    data = json.loads(r.stdout)
    c = data["customers"]["gov-customer"]
    assert (c["base"], c["stock"], c["increment"], c["winback"], c["total"]) == \
        (120, 115, 15, 10, 140)
    assert data["market"]["total"] == 190 and data["market"]["guidance"] == 185
    assert data["regions"]["urban"]["gap"] == 5 and data["regions"]["county"]["gap"] == 0


def test_each_file_starts_with_its_schema_line(fresh):
    for path, line in [("market.yaml", "$schema=.schema/market.json"),
                       ("industries/gov.yaml", "$schema=../.schema/industry.json"),
                       ("customers/gov-customer.yaml", "$schema=../.schema/customer.json")]:
        first = (fresh / path).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: {line}"
        target = (fresh / path).parent / line.split("=")[1]
        assert json.loads(target.read_text(encoding="utf-8"))["$schema"].startswith("http")


def _fields(model: type[BaseModel], prefix: str = ""):
    """Every (model, key, dotted path) below a model."""
    for key in fields_by_key(model):
        yield model, key, prefix + key
        _, tp = walk(model, (key,))
        inner = walk(model, (key, 0))[1]
        for sub in (tp, inner):
            if isinstance(sub, type) and issubclass(sub, BaseModel):
                yield from _fields(sub, f"{prefix}{key}.")
                break


@pytest.mark.parametrize("model,path", [(Market, "market.yaml"), (Industry, "industries/gov.yaml"),
                                        (Customer, "customers/gov-customer.yaml")])
def test_every_field_is_written_with_its_label_from_the_model(fresh, model, path):
    text = (fresh / path).read_text(encoding="utf-8")
    source, issues = read_source(fresh / path, path)
    assert issues == []
    for owner, key, dotted in _fields(model):
        f = fields_by_key(owner)[key]
        # the field, on a line of its own, commented with its Chinese label (and description)
        note = f"{f.title}: {f.description}" if f.description != f.title else f.title
        line = re.compile(rf"^ *(- )?{re.escape(key)}:.*  # {re.escape(note)}$", re.M)
        assert line.search(text), dotted


def test_init_in_english_comments_give_both_labels(tmp_path):
    r = run("init", tmp_path / "p", "--year", "2027", "--lang", "en")
    assert r.stderr.startswith(f"created the plan set {tmp_path / 'p'} (6 files)")
    text = (tmp_path / "p" / "customers" / "gov-customer.yaml").read_text(encoding="utf-8")
    assert "stock:  # Stock (存量保有): 各业务基准年收入与保有率\n" in text
    assert only_example_values(run("check", tmp_path / "p").stdout, 2)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    r = run("init", tmp_path)
    assert r.exit_code == 1
    assert r.stderr == f"planner: {tmp_path} 不是空目录, 没有写入任何文件 — 选一个新的或空的目录\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_into_an_empty_folder(tmp_path):
    (tmp_path / "p").mkdir()
    assert run("init", tmp_path / "p").exit_code == 0
    assert (tmp_path / "p" / "market.yaml").is_file()


# ---------------------------------------------------------------- new customer

@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def test_new_customer_in_the_example(example):
    r = run("new", "customer", "jz-water", "--industry", "gov", "--region", "north", example)
    assert r.exit_code == 0, r.output
    path = example / "customers" / "jz-water.yaml"
    assert r.stderr == f"已创建 {path}; 文件中的值都是示例, " \
                       "改为该客户的实际内容后运行 planner check\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.schema/customer.json\n")
    assert (example / ".schema" / "customer.json").is_file()
    assert "id: jz-water  # 客户编号" in text and "region: north  # 区域: 区域编号" in text
    check = run("check", example)
    assert check.exit_code == 0 and "0 个错误" in check.stderr
    # the new customer's only flag: its name is still the example's
    assert [x for x in check.stdout.splitlines() if "jz-water" in x] == [
        "customers/jz-water.yaml:5:7: name (客户名称): “示例单位 (jz-water)”是 planner init 写入的示例值 — "
        "改为实际内容"]
    # the example's catalog: stock on its first two traditional lines (voice, data), the
    # opportunity on its first other line (video), win-back from its first competitor:
    # stock 100 × 0.95 + 20 × 1 = 115; increment 30 × 0.5 = 15; win-back 20 × 0.5 = 10
    c = json.loads(run("targets", example, "--json").stdout)["customers"]["jz-water"]
    assert (c["base"], c["stock"], c["increment"], c["winback"], c["total"]) == \
        (120, 115, 15, 10, 140)
    assert c["lines"]["voice"]["total"] == 105 and c["lines"]["video"]["increment"] == 15


def test_new_customer_refuses_to_overwrite(example):
    before = (example / "customers" / "jz-icbc.yaml").read_bytes()
    r = run("new", "customer", "jz-icbc", "--industry", "finance", "--region", "central",
            example)
    assert r.exit_code == 1
    assert r.stderr == f"planner: {example / 'customers' / 'jz-icbc.yaml'} 已存在, 没有覆盖 — " \
                       "换一个客户编号, 或直接编辑该文件\n"
    assert (example / "customers" / "jz-icbc.yaml").read_bytes() == before


def test_new_customer_checks_id_and_catalog_before_writing(example):
    r = run("new", "customer", "JZ Water", "--industry", "govt", "--region", "nroth", example)
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "planner: id (客户编号): 编号 'JZ Water' 格式不对 — 只用小写字母、数字、- 和 _, "
        "以字母或数字开头, 最长 64 个字符, 如 city-bank",
        "planner: industry (行业): 'govt' 不是目录中的行业 — 是否应为 'gov'? "
        "可选行业: gov、finance、health、edu、manufacturing",
        "planner: region (区域): 'nroth' 不是目录中的区域 — 是否应为 'north'? "
        "可选区域: central、north、south、county",
    ]
    assert not (example / ".schema").exists()
    assert len(list((example / "customers").iterdir())) == 12


def test_new_customer_in_english(example):
    r = run("new", "customer", "jz-water", "--industry", "gov", "--region", "mars", example,
            "--lang", "en")
    assert r.exit_code == 1
    assert r.stderr == "planner: region (Region): 'mars' is not a catalog region — allowed " \
                       "regions: central, north, south, county\n"


def test_new_customer_refuses_an_id_another_file_uses(example):
    (example / "customers" / "jz-icbc.yaml").rename(example / "customers" / "icbc.yaml")
    r = run("new", "customer", "jz-icbc", "--industry", "finance", "--region", "central",
            example)
    assert r.exit_code == 1
    assert r.stderr == "planner: id (客户编号): 客户编号 'jz-icbc' 与 customers/icbc.yaml 重复 — " \
                       "每个客户的编号必须唯一: 改一个编号 (复制文件后常忘改)\n"
    assert not (example / "customers" / "jz-icbc.yaml").exists()


def test_new_customer_needs_a_valid_market_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("new", "customer", "acme", "--industry", "gov", "--region", "urban")
    assert r.exit_code == 1
    assert r.stdout == "market.yaml:1:1: -: 找不到 market.yaml — 在计划集目录中放置 market.yaml " \
                       "(参照示例计划集的 market.yaml)\n"
    assert r.stderr == ". 的 market.yaml 有错误, 先改正它\n"
    assert not (tmp_path / "customers").exists()


def test_new_customer_in_the_current_folder_of_a_fresh_plan_set(fresh, monkeypatch):
    monkeypatch.chdir(fresh)
    r = run("new", "customer", "city-bank", "--industry", "gov", "--region", "county")
    assert r.exit_code == 0, r.output
    # the example unit and the two customers' example names (示例单位 (<id>): the names differ)
    out = run("check", ".").stdout.splitlines()
    assert len(out) == 3 and all("planner init" in x for x in out)
