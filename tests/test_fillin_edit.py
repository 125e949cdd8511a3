"""planner.fillin.edit: a workbook's changes applied to a file's text, every other byte kept."""

from __future__ import annotations

import pytest

from planner.fillin.edit import apply_edits

FILE = """\
# 客户
id: acme   # 编号
stock:
  - {business_line: data, base: 100, retention: 0.9}   # 专线
  - {business_line: voice, base: 20}
spend:
- carrier: 中国电信
  business_line: data
  amount: 100
- {carrier: 中国移动, business_line: data, amount: 40}
needs:
  value_claims: [安全, 降本]
strategies:
  价格: 阶梯折扣,守住存量。
costs: {marketing: 5, service: 3}
"""


@pytest.mark.parametrize("sets, lists, expected", [
    # a value replaced where it stands; its comment stays
    ({("stock", 0, "base"): "120"}, {},
     "  - {business_line: data, base: 120, retention: 0.9}   # 专线\n"),
    ({("id",): "acme-2"}, {}, "id: acme-2   # 编号\n"),
    # a key added to a flow mapping, one removed from it
    ({("stock", 1, "retention"): "0.8"}, {},
     "  - {business_line: voice, base: 20, retention: 0.8}\n"),
    ({("costs", "service"): None}, {}, "costs: {marketing: 5}\n"),
    # a key the file does not have: under the nearest mapping, in block style
    ({("profile", "industry_position"): "龙头"}, {},
     "costs: {marketing: 5, service: 3}\nprofile:\n  industry_position: 龙头\n"),
    # every key of a mapping removed: the mapping goes (an empty one would read as null)
    ({("costs", "service"): None, ("costs", "marketing"): None}, {},
     "  价格: 阶梯折扣,守住存量。\n"),
    # items removed line by line (an indentless list), items added after the last one kept
    ({}, {("spend",): ({0}, ["{carrier: 中国联通, business_line: data, amount: 7}"])},
     "spend:\n- {carrier: 中国移动, business_line: data, amount: 40}\n"
     "- {carrier: 中国联通, business_line: data, amount: 7}\nneeds:\n"),
    ({}, {("stock",): ({0, 1}, [])}, "stock: []\nspend:\n"),
    # a flow list is written again, its kept items as they were
    ({}, {("needs", "value_claims"): ({0}, ["合规"])}, "  value_claims: [降本, 合规]\n"),
    # a list the file does not have
    ({("winback",): ["{competitor: 中国移动, business_line: data, competitor_revenue: 40, "
                     "amount: 10, probability: 0.5}"]}, {},
     "costs: {marketing: 5, service: 3}\nwinback:\n  - {competitor: 中国移动, business_line: "
     "data, competitor_revenue: 40, amount: 10, probability: 0.5}\n"),
])
def test_an_edit_changes_only_its_place(sets, lists, expected):
    out = apply_edits(FILE, sets, lists)
    assert expected in out
    # every line the edit did not make is a line of the file, in the file's order
    made = set(expected.splitlines())
    assert [line for line in out.splitlines() if line not in made] == \
        [line for line in FILE.splitlines() if line in out.splitlines() and line not in made]


def test_a_text_with_an_ascii_comma_is_one_text():
    """`价格: 阶梯折扣,守住存量。` is one sentence to the loader; in a flow mapping too."""
    text = "measures:\n  - {dimension: 价格, text: 阶梯折扣,守住存量。}\n"
    assert apply_edits(text, {("measures", 0, "text"): "新文本"}, {}) == \
        "measures:\n  - {dimension: 价格, text: 新文本}\n"
    assert apply_edits(text, {("measures", 0, "business_line"): "data"}, {}) == \
        "measures:\n  - {dimension: 价格, text: 阶梯折扣,守住存量。, business_line: data}\n"


def test_a_quoted_value_stays_quoted():
    text = 'plan:\n  schedule:\n    - {task: 走访, due: "2026-11-20"}\n'
    assert apply_edits(text, {("plan", "schedule", 0, "due"): "2026-11-21"}, {}) == \
        'plan:\n  schedule:\n    - {task: 走访, due: "2026-11-21"}\n'


def test_no_change_is_the_same_text():
    assert apply_edits(FILE, {}, {}) == FILE
