"""planner.syntax: each YAML slip is named with its fix, and the rest of the file is still checked.

Every case breaks the minimal customer in one place and also sets line 7's retention to 1.5: the
second message proves the file was read past the slip (issue 20). Whole lines are compared.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.load import read_source

from conftest import CUSTOMER, lines

FILE = "customers/acme.yaml"
BAD = CUSTOMER.replace("retention: 0.9", "retention: 1.5")  # line 7, value at column 49
RATE = (f"{FILE}:7:{{col}}: stock[0].retention (第 1 条存量{{name}}的保有率): "
        "比率必须在 0 到 1 之间 (写的是 1.5) — 写成小数如 0.6, 或百分数如 60%")
RETENTION = RATE.format(col=49, name="「data」")
SHORTER = RATE.format(col=48, name="「data」")  # the slip took one column less than two spaces
STOCK = "  - {business_line: data"  # line 7

SLIPS = {
    "full-width colon": (
        ("manager: 王芳", "manager：王芳"),
        f"{FILE}:5:8: -: 键后面用了中文全角冒号 '：' (manager：王芳) — "
        "改成英文冒号加空格 ': '", RETENTION),
    "full-width space after the colon": (
        ("manager: 王芳", "manager:\u3000王芳"),
        f"{FILE}:5:9: -: 冒号后是全角空格 (U+3000), 不是英文空格 — "
        "把冒号后的全角空格换成英文空格", RETENTION),
    "non-breaking space after the colon": (
        ("manager: 王芳", "manager:\u00a0王芳"),
        f"{FILE}:5:9: -: 冒号后是不间断空格 (U+00A0), 不是英文空格 — "
        "把冒号后的不间断空格换成英文空格",
        RETENTION),
    "no space after the colon": (
        ("manager: 王芳", "manager:王芳"),
        f"{FILE}:5:8: -: 冒号后缺少空格 (manager:王芳) — "
        "在冒号后加一个空格: manager: 王芳", RETENTION),
    "tab in the indentation": (
        (STOCK, "\t- {business_line: data"),
        f"{FILE}:7:1: -: 用了 Tab 键缩进 — YAML 只能用空格缩进: 把 Tab 换成空格", SHORTER),
    "full-width space in the indentation": (
        (STOCK, "\u3000- {business_line: data"),
        f"{FILE}:7:1: -: 用全角空格 (U+3000) 缩进 — YAML 只能用英文空格缩进: "
        "把全角空格换成空格", SHORTER),
    "non-breaking space in the indentation": (
        (STOCK, "\u00a0 - {business_line: data"),
        f"{FILE}:7:1: -: 用不间断空格 (U+00A0) 缩进 — YAML 只能用英文空格缩进: "
        "把不间断空格换成空格",
        RETENTION),
    "quote closed by a full-width quote": (
        ("name: 测试客户", 'name: "测试客户”'),
        f'{FILE}:2:12: -: 引号不成对: 以英文引号 " 开头, 却以中文引号 ” 结尾 — 两端都用英文引号 ", '
        '或都不用引号',
        RETENTION),
    "quote never closed": (
        ("name: 测试客户", 'name: "测试客户'),
        f'{FILE}:2:7: -: 引号 " 没有结束的引号 — 在文字末尾补上 ", 或去掉开头的 "', RETENTION),
    "key in full-width quotes": (
        ("manager: 王芳", "“manager”: 王芳"),
        f"{FILE}:5:1: manager (客户经理): 字段名 “manager” 带了中文引号 — "
        "去掉引号, 写成 manager", RETENTION),
    "no space after a colon in a flow mapping": (
        ("{business_line: data", "{business_line:data"),
        f"{FILE}:7:6: stock[0].business_line (第 1 条存量的业务): 冒号后缺少空格: "
        "'business_line:data' 被读成了一个字段名 — 在冒号后加一个空格: business_line: …",
        RATE.format(col=48, name="")),
    "any other syntax error": (
        ("manager: 王芳", "manager: 王芳: 经理"),
        f"{FILE}:5:12: -: YAML 格式错误 (mapping values are not allowed in this context); "
        "第 5 行因此未能读取, 文件的其余部分照常检查 — "
        "检查本行及上一行的缩进、冒号后的空格和引号是否成对", RETENTION),
}


@pytest.mark.parametrize("case", list(SLIPS))
def test_a_slip_is_named_and_the_rest_is_checked(make_plan, case):
    (old, new), slip, rest = SLIPS[case]
    assert old in BAD
    a = make_plan(customers={"acme": BAD.replace(old, new)})
    assert sorted(lines(a.issues)) == sorted([slip, rest])


def test_slips_in_english(make_plan):
    text = BAD.replace("manager: 王芳", "manager：王芳").replace(STOCK, "\t- {business_line: data")
    a = make_plan(customers={"acme": text})
    assert lines(a.issues, "en") == [
        f"{FILE}:5:8: -: full-width colon '：' after a key (manager：王芳) — use an ASCII colon "
        "and "
        "a space ': '",
        f"{FILE}:7:1: -: indented with a tab — YAML indents with spaces only: replace the tab "
        "with spaces",
        f"{FILE}:7:48: stock[0].retention (Retention of stock line 1 \"data\"): a rate must be "
        "between 0 and 1 (got 1.5) — write a fraction such as 0.6, or a percentage such as 60%"]


def test_lines_set_aside_are_named_in_english(make_plan):
    a = make_plan(customers={"acme": BAD.replace("manager: 王芳", "manager: 王芳: 经理")})
    assert lines(a.errors, "en")[0] == (
        f"{FILE}:5:12: -: YAML syntax error (mapping values are not allowed in this context); "
        "line 5 could not be read because of it; the rest of the file was checked — check the "
        "indentation, the space after each ':' and matching quotes on this line and the one before")


def test_a_block_set_aside_is_named_by_its_lines(make_plan):
    # `stock: 存量: 见下` cannot be read, nor the stock line under it; the rest of the file is
    text = BAD.replace("stock:\n", "stock: 存量: 见下\n").replace("amount: 40", "amount: -40")
    a = make_plan(customers={"acme": text})
    assert lines(a.issues) == [
        f"{FILE}:6:10: -: YAML 格式错误 (mapping values are not allowed in this context); 第 6–7 "
        "行因此"
        "未能读取, 文件的其余部分照常检查 — 检查本行及上一行的缩进、冒号后的空格和引号是否成对",
        f"{FILE}:9:47: opportunities[0].amount (第 1 条商机「云扩容」的年内收入): 金额不能为负数 "
        "(写的是 -40) — "
        "写成 0 或正数; 收入下降用保有率表示"]


def test_a_missing_field_on_a_line_set_aside_is_not_reported_again(make_plan):
    a = make_plan(customers={"acme": BAD.replace("name: 测试客户", "name: 测试客户: 总部")})
    assert [i.code for i in a.errors] == ["yaml_syntax", "rate_range"]  # no "name is missing"


def test_several_slips_in_one_file_each_once(make_plan):
    text = (BAD.replace("industry: gov", "industry：gov").replace("region: urban", "region:urban")
            .replace("manager: 王芳", "manager:\u3000王芳"))
    a = make_plan(customers={"acme": text})
    assert [(i.line, i.code) for i in a.errors] == [
        (3, "fullwidth_colon"), (4, "colon_no_space"), (5, "odd_space_after_colon"),
        (7, "rate_range")]


def test_a_line_separator_in_a_quoted_text_does_not_shift_later_lines(make_plan):
    # YAML counts U+2028 (and U+2029, U+0085) as a line break; editors do not
    for char in ("\u2028", "\u2029", "\x85"):
        a = make_plan(customers={"acme": BAD.replace("name: 测试客户", f'name: "测试{char}客户"')})
        assert lines(a.issues) == [RETENTION]


def test_a_line_separator_does_not_shift_the_line_of_a_syntax_error(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text('a: "x\u2028y"\nb: 1\nc: [1\nd: 1\n', encoding="utf-8")
    source, issues = read_source(path, "x.yaml", recover=True)
    assert [(i.line, i.col, i.code) for i in issues] == [(3, 4, "yaml_syntax")]
    assert source.data == {"a": "x\u2028y", "b": "1", "d": "1"}


def test_a_chinese_paragraph_indented_with_full_width_spaces_is_text(make_plan):
    text = CUSTOMER + "history: |\n  \u3000\u3000去年完成三期建设: 运行良好。\n"
    a = make_plan(customers={"acme": text})
    assert a.errors == []
    assert a.plan.customers["acme"].history == ["\u3000\u3000去年完成三期建设: 运行良好。\n"]


def test_without_recovery_a_slip_still_fails_the_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nmanager：刘强\n", encoding="utf-8")
    source, issues = read_source(path, "x.yaml")
    assert source is None and [(i.line, i.code) for i in issues] == [(2, "fullwidth_colon")]


def test_reading_stops_at_the_bound_with_every_slip_found(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("".join(f"k{i}: a: b\n" for i in range(40)), encoding="utf-8")
    source, issues = read_source(path, "x.yaml", recover=True)
    assert source is None
    assert {i.code for i in issues} == {"yaml_syntax"} and len(issues) == 26


def test_a_comment_after_the_slip_is_not_part_of_the_message(make_plan):
    text = BAD.replace("manager: 王芳", "manager:王芳   # 客户经理")
    assert lines(make_plan(customers={"acme": text}).errors)[0] == (
        f"{FILE}:5:8: -: 冒号后缺少空格 (manager:王芳) — 在冒号后加一个空格: manager: 王芳")


def test_a_chinese_key_indented_with_full_width_spaces(make_plan):
    text = BAD + "strategies:\n\u3000\u3000价格: 阶梯折扣\n"  # line 14
    assert sorted(lines(make_plan(customers={"acme": text}).errors)) == sorted([
        f"{FILE}:19:1: -: 用全角空格 (U+3000) 缩进 — YAML 只能用英文空格缩进: 把全角空格换成空格",
        RETENTION])


SLIP_CHARS = ["：", "\t", "\u3000", "\u00a0", '"', "”", "'", "’", "\u2028", ":", "[", "{", "#"]


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(SLIP_CHARS)), min_size=1,
                max_size=8))
def test_any_keyboard_slips_are_read_past_without_breaking(reference, slips):
    """Characters a keyboard slips in, anywhere in a real customer file: check never breaks,
    and every message points into the file."""
    text = (reference / "customers" / "data-bureau.yaml").read_text(encoding="utf-8")
    for at, char in slips:
        at %= len(text)
        text = text[:at] + char + text[at:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_text(text, encoding="utf-8")
        source, issues = read_source(path, "x.yaml", recover=True)
        n_lines = text.count("\n") + 1
        assert all(1 <= i.line <= n_lines and i.col >= 1 for i in issues)
        assert len({(i.line, i.col, i.code) for i in issues}) == len(issues)  # one message a slip
        if source is not None:
            assert isinstance(source.data, dict)


def test_an_odd_space_before_a_key_inside_a_line(make_plan):
    text = BAD.replace("amount: 40", "\u3000amount: 40")  # line 9, column 39
    assert sorted(lines(make_plan(customers={"acme": text}).errors)) == sorted([
        f"{FILE}:9:39: -: 字段名 'amount' 前面有全角空格 (U+3000) — 删除这个全角空格", RETENTION])
