"""Every mistake at once (issue 20): many independent mistakes across the files of a real plan set
are all reported by one `check`, each exactly once, each where it was made.

The mistakes are planted in a copy of the reference plan set: one per line, none depending on
another. A property test plants any k of them and finds exactly those k.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, analyse_in, lines

C, IND = "customers/", "industries/"
# name -> (file, text on one line of it, the text with the mistake, the error's code)
MISTAKES: dict[str, tuple[str, str, str, str]] = {
    "market year in Chinese numerals": ("market.yaml", "  year: 2027 ", "  year: 二〇二七 ",
                                        "int_type"),
    "market full-width colon": ("market.yaml", "  owner: 周明", "  owner：周明", "fullwidth_colon"),
    "market date that does not exist": ("market.yaml", "due: 2026-12-05", "due: 2026-12-32",
                                        "date_type"),
    "market tab": ("market.yaml", "  economy:", "\teconomy:", "tab_indent"),
    "guidance with a unit": ("market.yaml", "total: 3500", "total: 3500万", "number_with_unit"),
    "guidance of an unknown region": ("market.yaml", "east: 600, west: 400",
                                      "east: 600, wst: 400", "unknown_ref"),
    "bulk row retention as a percent number": ("market.yaml", "retention: 0.92",
                                               "retention: 92", "rate_range"),
    "customer in an unknown region": (C + "city-bank.yaml", "region: urban", "region: nowhere",
                                      "unknown_ref"),
    "probability 80": (C + "city-bank.yaml", "probability: 0.8", "probability: 80",
                       "rate_range"),
    "contact role not in the list": (C + "city-bank.yaml", "role: 决策者", "role: 决策人",
                                     "literal_error"),
    "win-back above the competitor's revenue": (C + "city-bank.yaml",
                                                "competitor_revenue: 30, amount: 30",
                                                "competitor_revenue: 30, amount: 50",
                                                "winback_over_revenue"),
    "budget in words": (C + "city-bank.yaml", "  it: 900", "  it: 九百", "money_type"),
    "mistyped required key": (C + "data-bureau.yaml", "amount: 300, probability: 0.7",
                              "amout: 300, probability: 0.7", "misspelled_key"),
    "no space after a colon": (C + "data-bureau.yaml", "manager: 王芳", "manager:王芳",
                               "colon_no_space"),
    "quarter Q5": (C + "data-bureau.yaml", "quarter: Q3, conditions: 公开招标中标",
                   "quarter: Q5, conditions: 公开招标中标", "quarter"),
    "customer region misspelled": (C + "first-school.yaml", "region: west", "region: wets",
                                   "unknown_ref"),
    "spend on an unknown business line": (C + "first-school.yaml",
                                          "中国广电, business_line: video",
                                          "中国广电, business_line: vidoe", "unknown_ref"),
    "the issue's full-width colon": (C + "police.yaml", "manager: 刘强", "manager：刘强",
                                     "fullwidth_colon"),
    "the issue's probability 1.5": (C + "police.yaml", "probability: 0.3, quarter: Q3",
                                    "probability: 1.5, quarter: Q3", "rate_range"),
    "a copied file's id": (C + "police.yaml", "id: police", "id: city-bank",
                           "duplicate_customer"),
    "industry tab": (IND + "gov.yaml", "  market:", "\tmarket:", "tab_indent"),
    "industry key misspelled": (IND + "gov.yaml", "manager: 林晓", "managr: 林晓",
                                "extra_forbidden"),
    "promotion date that does not exist": (IND + "gov.yaml", "end: 2027-06-30",
                                           "end: 2027-02-30", "date_type"),
    "competitor business unknown": (IND + "finance.yaml", "businesses: [data]",
                                    "businesses: [dta]", "unknown_ref"),
    "measure dimension": (IND + "finance.yaml", "{dimension: 差异化,", "{dimension: 异化,",
                          "literal_error"),
    "thousands separator": (IND + "finance.yaml", "    size: 3100", "    size: 3,100",
                            "thousands_separator"),
}


def plant(reference: Path, root: Path, names: list[str]) -> set[tuple[str, int, str]]:
    """Copy the reference set to `root` with the named mistakes; the (file, line, code) of each."""
    shutil.copytree(reference, root)
    expected = set()
    for name in names:
        file, old, new, code = MISTAKES[name]
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new), encoding="utf-8")
        expected.add((file, line, code))
    return expected


def found(root: Path) -> list[tuple[str, int, str]]:
    return [(i.file, i.line, i.code) for i in analyse_in(root).errors]


def test_the_mistakes_are_independent_and_each_is_found_alone(reference, tmp_path):
    for n, name in enumerate(MISTAKES):
        expected = plant(reference, tmp_path / str(n), [name])
        assert found(tmp_path / str(n)) == sorted(expected), name


def test_every_mistake_at_once_one_message_each(reference, tmp_path):
    expected = plant(reference, tmp_path / "plan", list(MISTAKES))
    assert len(expected) == len(MISTAKES)  # one per line
    assert found(tmp_path / "plan") == sorted(expected)


def test_the_issues_messages(reference, tmp_path):
    """The cases of issue 20, word for word."""
    root = tmp_path / "plan"
    plant(reference, root, ["the issue's full-width colon", "the issue's probability 1.5",
                            "mistyped required key", "customer in an unknown region",
                            "probability 80"])
    assert lines(analyse_in(root).errors) == [
        "customers/city-bank.yaml:4:9: region (区域): 'nowhere' 不是目录中的区域 — "
        "可选区域: urban、east、west",
        "customers/city-bank.yaml:41:70: opportunities[1].probability "
        "(第 2 条商机「网点SD-WAN扩容」的转化可能性): 比率必须在 0 到 1 之间 (写的是 80) — "
        "写成小数如 0.6, 或百分数如 60%",
        "customers/data-bureau.yaml:47:41: opportunities[0].amount (第 1 "
        "条商机「政务云扩容」的年内收入): "
        "'amout' 不是字段: 是否应为 amount (年内收入)? — 把 'amout' 改为 'amount'",
        "customers/police.yaml:5:8: -: 键后面用了中文全角冒号 '：' (manager：刘强) — "
        "改成英文冒号加空格 ': '",
        "customers/police.yaml:39:69: opportunities[0].probability "
        "(第 1 条商机「雪亮工程三期链路」的转化可能性): 比率必须在 0 到 1 之间 (写的是 1.5) — "
        "写成小数如 0.6, 或百分数如 60%"]
    assert lines(analyse_in(root).errors, "en")[1:3] == [
        "customers/city-bank.yaml:41:70: opportunities[1].probability (Probability of "
        "opportunity 2 \"网点SD-WAN扩容\"): a rate must be between 0 and 1 (got 80) — write a "
        "fraction such as 0.6, or a percentage such as 60%",
        "customers/data-bureau.yaml:47:41: opportunities[0].amount (In-year revenue of "
        "opportunity 1 \"政务云扩容\"): 'amout' is not a field: did you mean amount (年内收入)? — "
        "rename 'amout' to 'amount'"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(MISTAKES)), min_size=1, max_size=12, unique=True))
def test_any_k_planted_mistakes_are_all_found_in_one_run(reference, names):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "plan"
        expected = plant(reference, root, names)
        assert found(root) == sorted(expected)


# ---------------------------------------------------------------- generated plan sets

# kind -> (pattern of the one line it changes, its replacement, the error's code)
GENERATED: dict[str, tuple[str, str, str]] = {
    "region": (r"^region: .*$", "region: nowhere", "unknown_ref"),
    "manager": (r"^manager: (.*)$", r"manager：\1", "fullwidth_colon"),
    "name": (r"^name: (.*)$", r"name:\1", "colon_no_space"),
    "probability": (r"probability: [0-9.]+", "probability: 1.5", "rate_range"),
    "retention": (r"retention: [0-9.]+", "retention: 150%", "rate_range"),
    "tab": (r"^  structure:", "\tstructure:", "tab_indent"),
    "budget": (r"^  network: ([0-9.]+)$", r"  network: \1万", "number_with_unit"),
}


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """A valid synthetic plan set of 4 customers (benchmarks/generate.py)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    root = generate(4, tmp_path_factory.mktemp("generated") / "plan")
    assert analyse_in(root).errors == []
    return root


def plant_generated(generated: Path, root: Path, picks: set[tuple[int, str]],
                    ) -> set[tuple[str, int, str]]:
    shutil.copytree(generated, root)
    files = sorted((root / "customers").glob("*.yaml"))
    expected = set()
    for index, kind in sorted(picks):
        path = files[index]
        pattern, new, code = GENERATED[kind]
        text = path.read_text(encoding="utf-8")
        m = re.search(pattern, text, re.M)
        assert m, (path.name, kind)
        expected.add((f"customers/{path.name}", text[: m.start()].count("\n") + 1, code))
        path.write_text(text[: m.start()] + m.expand(new) + text[m.end():], encoding="utf-8")
    return expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.sets(st.tuples(st.integers(0, 3), st.sampled_from(sorted(GENERATED))), min_size=1,
               max_size=14))
def test_any_k_mistakes_in_a_generated_set_are_all_found(generated, picks):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "plan"
        expected = plant_generated(generated, root, picks)
        assert found(root) == sorted(expected)
