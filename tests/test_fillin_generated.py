"""The fill-in workbook over generated plan sets (benchmarks/generate.py): property tests."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import openpyxl
from fillin_support import clear_row, column, edit, make_workbook, new_row, rows, run, snapshot
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner.fillin.plans import read_plan_files
from planner.yamltext import number

_spec = importlib.util.spec_from_file_location(
    "generate", Path(__file__).parent.parent / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)  # type: ignore[union-attr]

SETTINGS = settings(max_examples=6, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(n=st.integers(1, 4), seed=st.integers(0, 10_000))
def test_generated_sets_come_back_byte_for_byte(tmp_path_factory, n, seed):
    tmp = tmp_path_factory.mktemp("gen")
    plans = generate.generate(n, tmp / "plans", seed)
    before = snapshot(plans)
    book = make_workbook(plans, tmp / "book.xlsx")
    result = run("import", book, plans)
    assert result.exit_code == 0, result.output
    assert snapshot(plans) == before


@SETTINGS
@given(seed=st.integers(0, 10_000), sheet=st.sampled_from(
    [("商机", "amount"), ("存量", "base"), ("各运营商收入", "amount"), ("策反", "probability")]),
    pick=st.integers(0, 1000), cents=st.integers(1, 99_999))
def test_a_changed_value_changes_exactly_its_line(tmp_path_factory, seed, sheet, pick, cents):
    tmp = tmp_path_factory.mktemp("gen")
    plans = generate.generate(3, tmp / "plans", seed)
    before = snapshot(plans)
    book = make_workbook(plans, tmp / "book.xlsx")
    name, field = sheet
    ws = openpyxl.load_workbook(book)[name]
    filled = [r for r in rows(ws) if r[0].value]
    assume(filled)  # three customers may have no win-back at all
    target = filled[pick % len(filled)]
    cid, n = target[0].value, rows(ws, target[0].value).index(target)
    value = cents / 100_000 if field == "probability" else cents / 100
    old = target[column(ws, field)].value

    def change(wb):
        rows(wb[name], cid)[n][column(wb[name], field)].value = value

    result = run("import", edit(book, tmp / "e.xlsx", change), plans)
    after = snapshot(plans)
    if value == old:
        assert after == before
        return
    if result.exit_code == 1:  # e.g. a win-back above the competitor's revenue: said at the cell
        assert f"{name}!" in result.output and after == before
        return
    changed = [k for k in after if after[k] != before[k]]
    assert changed == [f"customers/{cid}.yaml"]
    old_lines = before[changed[0]].decode().splitlines()
    new_lines = after[changed[0]].decode().splitlines()
    assert len(old_lines) == len(new_lines)
    diff = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(diff) == 1
    assert f"{field}: {number(Decimal(format(value, '.15g')))}" in diff[0][1]  # 1e-05: 0.00001


@SETTINGS
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 1000))
def test_items_removed_and_added_in_generated_sets(tmp_path_factory, seed, pick):
    tmp = tmp_path_factory.mktemp("gen")
    plans = generate.generate(2, tmp / "plans", seed)
    book = make_workbook(plans, tmp / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    cid = rows(wb["各运营商收入"])[0][0].value
    count = len(rows(wb["各运营商收入"], cid))
    gone = pick % count

    def change(wb):
        clear_row(wb, "各运营商收入", cid, gone)
        new_row(wb, "各运营商收入", {"_id": cid, "carrier": "中国移动", "business_line": "cloud",
                                     "amount": 1.5, "note": "新增"})

    before, _ = read_plan_files(plans)
    old = before.files[("customer", cid)].data["spend"]
    result = run("import", edit(book, tmp / "e.xlsx", change), plans)
    assert result.exit_code == 0, result.output
    after, _ = read_plan_files(plans)
    new = after.files[("customer", cid)].data["spend"]
    assert new == old[:gone] + old[gone + 1:] + [
        {"carrier": "中国移动", "business_line": "cloud", "amount": "1.5", "note": "新增"}]
    assert run("check", plans).exit_code == 0
