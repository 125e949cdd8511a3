"""planner.load: YAML text -> plain data with positions; every unreadable file is a clear error.

Each error test compares the whole line `planner check` prints, in Chinese and for some in English.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.load import display_name, load_plan_set, plan_files, read_source

from conftest import CUSTOMER, data_plan, dedent, lines

FILE = "customers/acme.yaml"


def read(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return read_source(path, "x.yaml")


# ---------------------------------------------------------------- values keep what was written

def test_plain_scalars_stay_text(tmp_path):
    source, issues = read(tmp_path, dedent("""
        name: 0571
        id: no
        flag: yes
        octal: 0o17
        due: 2026-11-25
        quoted_due: "2026-11-25"
        amount: 1.50
        explicit: !!str 12
        """))
    assert issues == []
    assert source.data == {"name": "0571", "id": "no", "flag": "yes", "octal": "0o17",
                           "due": "2026-11-25", "quoted_due": "2026-11-25", "amount": "1.50",
                           "explicit": "12"}


def test_only_empty_tilde_and_null_are_none(tmp_path):
    source, _ = read(tmp_path, 'a:\nb: ~\nc: null\nd: "null"\ne: "~"\nf: ""\n')
    assert source.data == {"a": None, "b": None, "c": None, "d": "null", "e": "~", "f": ""}


def test_flow_mapping_comma_is_part_of_the_text(tmp_path):
    # YAML would read `守住存量。` as a second key; the user wrote one sentence
    source, _ = read(tmp_path, dedent("""
        items:
          - {dimension: 价格, text: 执行阶梯折扣,守住存量。}
          - {text: a,b}
          - {text: a, b}
          - {text: a, industry: gov}
        """))
    assert source.data["items"] == [{"dimension": "价格", "text": "执行阶梯折扣,守住存量。"},
                                    {"text": "a,b"}, {"text": "a, b"},
                                    {"text": "a", "industry": "gov"}]


def test_merge_key_keys_written_here_win(tmp_path):
    source, issues = read(tmp_path, dedent("""
        defaults: &d {retention: 0.9, base: 1}
        line:
          <<: *d
          base: 5
        """))
    assert issues == []
    assert source.data["line"] == {"base": "5", "retention": "0.9"}


def test_positions_of_values_keys_and_blocks(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(CUSTOMER, encoding="utf-8")
    source, _ = read_source(path, FILE)
    # line 7: `  - {business_line: data, base: 100, retention: 0.9}`
    assert source.at(("stock", 0, "retention")) == (7, 49)
    assert source.at(("stock", 0)) == (7, 5)
    assert source.at(("stock",)) == (6, 1)  # a block value: the line of its key
    assert source.at(("stock", 0, "retention"), key=True) == (7, 38)
    assert source.at(("stock", 0, "phasing")) == (7, 5)  # not written: its mapping
    assert source.at(("nowhere", 3)) == (1, 1)
    assert source.at(("relationship", "contacts", 0, "role")) == (12, 25)


def test_bom_is_accepted(make_plan):
    a = make_plan(**data_plan("valid/bom"))
    assert a.issues == []
    assert a.plan.customers["acme"].id == "acme"  # the BOM is not part of the first key


# ---------------------------------------------------------------- unreadable files

def test_gbk_file(make_plan):
    a = make_plan(**data_plan("invalid/gbk"))
    # line 2 is `name: 测试客户`; the first GBK byte is its 7th column
    assert lines(a.issues) == [
        f"{FILE}:2:7: -: 文件不是 UTF-8 编码 (看起来是 GBK/GB2312, 常见于中文 Windows 记事本)"
        " — 在编辑器中另存为 UTF-8 编码"]
    assert lines(a.issues, "en") == [
        f"{FILE}:2:7: -: the file is not UTF-8 (it looks like GBK, as saved by a Chinese "
        "Windows editor) — save it as UTF-8 in your editor"]


def test_utf16_file(make_plan):
    a = make_plan(**data_plan("invalid/utf16"))
    assert lines(a.issues) == [f"{FILE}:1:1: -: 文件是 UTF-16 编码 — 在编辑器中另存为 UTF-8 编码"]


def test_bytes_in_no_known_encoding(make_plan):
    a = make_plan(customers={"acme": b"id: acme\nname: \xff\xfe\n"})
    assert lines(a.issues) == [
        f"{FILE}:2:7: -: 文件不是 UTF-8 编码的文本 — 确认这是 YAML 文本文件, 并另存为 UTF-8 编码"]


def test_tab_indentation(make_plan):
    a = make_plan(**data_plan("invalid/tab"))
    assert lines(a.issues) == [
        f"{FILE}:7:1: -: 用了 Tab 键缩进 — YAML 只能用空格缩进: 把 Tab 换成空格"]
    assert lines(a.issues, "en") == [
        f"{FILE}:7:1: -: indented with a tab — YAML indents with spaces only: "
        "replace the tab with spaces"]


def test_tab_after_spaces(make_plan):
    text = CUSTOMER.replace("    - {name: 赵局长", "  \t- {name: 赵局长")  # line 12
    assert lines(make_plan(customers={"acme": text}).issues) == [
        f"{FILE}:12:3: -: 用了 Tab 键缩进 — YAML 只能用空格缩进: 把 Tab 换成空格"]


@pytest.mark.parametrize(("old", "new", "where", "shown"), [
    ("region: urban", "region：urban", "4:7", "region：urban"),
    ("region: urban", "region： urban", "4:7", "region： urban"),
    ("relationship:", "relationship：", "10:13", "relationship："),
    ("    - {name: 赵局长, role: 决策者}", "    - name：赵局长\n      role: 决策者", "12:11",
     "- name：赵局长"),
])
def test_fullwidth_colon_after_a_key(make_plan, old, new, where, shown):
    a = make_plan(customers={"acme": CUSTOMER.replace(old, new)})
    assert lines(a.issues) == [
        f"{FILE}:{where}: -: 键后面用了中文全角冒号 '：' ({shown}) — 改成英文冒号加空格 ': '"]


def test_fullwidth_colon_inside_a_value_is_text(make_plan):
    a = make_plan(customers={"acme": CUSTOMER.replace("name: 测试客户", "name: 客户：测试")})
    assert a.issues == []
    assert a.plan.customers["acme"].name == "客户：测试"


@pytest.mark.parametrize("text", ["- id: acme\n- name: x\n", "just a sentence\n"])
def test_top_level_not_a_mapping(make_plan, text):
    assert lines(make_plan(customers={"acme": text}).issues) == [
        f"{FILE}:1:1: -: 文件的顶层不是 '键: 值' 的映射 — 顶层每行应写成 '字段名: 值', "
        "参照示例文件"]


@pytest.mark.parametrize("text", ["", "# 还没写\n", "\n\n"])
def test_empty_file(make_plan, text):
    assert lines(make_plan(customers={"acme": text}).issues) == [
        f"{FILE}:1:1: -: 文件是空的 — 填写内容, 或删除这个文件"]


def test_billion_laughs_is_an_error(make_plan):
    a = make_plan(**data_plan("invalid/billion-laughs"))  # 9⁹ nodes if expanded
    assert [(i.file, i.code, i.params) for i in a.issues] == [
        (FILE, "too_many_nodes", {"limit": 200_000})]
    assert a.issues[0].message() == "内容过多 (展开后超过 200000 项, 可能是别名 * 的循环引用)"
    assert a.issues[0].fix() == "减少别名 (*) 引用或拆分文件"


@pytest.mark.parametrize(("tag", "value"), [
    ("!!python/object/apply:os.system", "['touch {marker}']"),
    ("!!python/object:pathlib.Path", "{{}}"),
    ("!!binary", "aGVsbG8="),
    ("!custom", "x"),
])
def test_yaml_tags_are_refused_and_nothing_runs(make_plan, tmp_path, tag, value):
    marker = tmp_path / "executed"
    text = CUSTOMER + f"network: {tag} {value.format(marker=marker)}\n"  # line 13; value col 10
    a = make_plan(customers={"acme": text})
    assert lines(a.issues) == [
        f"{FILE}:18:10: network: 不允许使用 YAML 标签 {tag} — 删除 {tag}, 直接写值"]
    assert lines(a.issues, "en") == [
        f"{FILE}:18:10: network: YAML tag {tag} is not allowed — remove {tag} and write the "
        "plain value"]
    assert not marker.exists()


def test_duplicate_key(make_plan):
    a = make_plan(customers={"acme": CUSTOMER + "region: east\n"})  # line 13; region is on 4
    assert lines(a.issues) == [
        f"{FILE}:18:1: region: 字段 'region' 重复出现 (第 4 行已有) — 删除或合并其中一个, "
        "否则后一个会覆盖前一个"]
    assert lines(a.issues, "en") == [
        f"{FILE}:18:1: region: key 'region' appears twice (already on line 4) — delete or merge "
        "one of them; otherwise one silently replaces the other"]


def test_nesting_too_deep(make_plan):
    a = make_plan(customers={"acme": CUSTOMER + "x: " + "[" * 100 + "]" * 100 + "\n"})
    assert [(i.line, i.code, i.params) for i in a.issues] == [(18, "too_deep", {"limit": 64})]


def test_control_character(make_plan):
    text = CUSTOMER.replace("测试客户", "测试\x07客户")  # line 2, after `name: 测试`
    assert lines(make_plan(customers={"acme": text}).issues) == [
        f"{FILE}:2:9: -: 文件含有不可见的控制字符 U+0007 — 删除该字符 "
        "(常见于从网页或其他文档复制的文字)"]


def test_unclosed_quote(make_plan):
    text = CUSTOMER.replace("name: 测试客户", 'name: "测试客户')
    # the parser gives up at the end of the file; the quote that opened it is on line 2
    assert lines(make_plan(customers={"acme": text}).issues) == [
        f"{FILE}:2:7: -: 引号 \" 没有结束的引号 — 在文字末尾补上 \", 或去掉开头的 \""]


def test_market_missing(make_plan):
    assert lines(make_plan(market=None).issues) == [
        "market.yaml:1:1: -: 找不到 market.yaml — 在计划集目录中放置 market.yaml (参照示例计划集的 "
        "market.yaml)"]


# ---------------------------------------------------------------- the plan set folder

def test_plan_files_skip_backups_hidden_files_and_others(tmp_path):
    for name in ("b.yml", "a.yaml", ".a.yaml", "~$a.yaml", "a.yaml.bak", "notes.txt"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "sub.yaml").mkdir()
    assert [p.name for p in plan_files(tmp_path)] == ["a.yaml", "b.yml"]
    assert plan_files(tmp_path / "missing") == []


def test_market_yml_is_accepted(tmp_path, plan_dir):
    root = plan_dir()
    (root / "market.yaml").rename(root / "market.yml")
    raw, issues = load_plan_set(root)
    assert issues == [] and raw.market is not None


def test_display_names(tmp_path, monkeypatch, plan_dir):
    root = plan_dir()
    path = root / "customers" / "acme.yaml"
    monkeypatch.chdir(tmp_path)
    assert display_name(path, root) == "plan/customers/acme.yaml"  # relative to the cwd
    monkeypatch.chdir(root / "customers")
    assert display_name(path, root) == "acme.yaml"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert display_name(path, root) == "customers/acme.yaml"  # outside the cwd: to the plan set
