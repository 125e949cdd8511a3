"""Nothing a user types breaks the tool, loses data or runs code (README "Guarantees").

Fuzzing mutates valid plan files (deleted, duplicated and swapped lines, retyped values,
truncation, injected bytes) and runs `check` and `build` through the real command line, and
`review`, `rollover` and `diff` on those check accepts; it mutates billing exports (CSV, xlsx,
YAML actuals: cells retyped, rows deleted, duplicated, swapped, widened) for `review` and
`rollover --actuals`: never a traceback, never exit 3, JSON output always strict JSON. The default
run tries a few hundred cases; `pytest -m slow` runs ≥ 10,000 plan sets and 2,000 of each other.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.load import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, read_source

from conftest import (
    CUSTOMER,
    EXAMPLE,
    INDUSTRY,
    MARKET,
    customer_template_with,
    write_plan_set,
)

FILES = {"market.yaml": MARKET, "customers/acme.yaml": CUSTOMER, "industries/gov.yaml": INDUSTRY}
NASTY = ["", "~", "no", "0571", "1e999", "-5", "150%", "{{ 7*7 }}", "{% if %}", "=1+1",
         "@SUM(A1)", "<w:t>&amp;</w:t>", '"\\x07"', "!!python/object/apply:os.system [id]",
         "*anchor", "&a [1, 2]", "[", "{", "'", "：", "\t", "中国电信", "Q5", "2027-02-30",
         "x" * 300, "null", "[1, 2, 3]", "{a: 1}"]


def _mutate(text: str, draw: st.DrawFn) -> bytes:
    """One random change to a plan file's text."""
    lines = text.splitlines()
    op = draw(st.sampled_from(["delete", "duplicate", "swap", "retype", "truncate", "inject",
                               "rekey"]))
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    j = draw(st.integers(0, max(len(lines) - 1, 0)))
    if op == "delete" and lines:
        del lines[i]
    elif op == "duplicate" and lines:
        lines.insert(i, lines[i])
    elif op == "swap" and lines:
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "retype" and lines and ":" in lines[i]:
        key, _, _ = lines[i].partition(":")
        lines[i] = f"{key}: {draw(st.sampled_from(NASTY) | st.text(max_size=12))}"
    elif op == "rekey" and lines and ":" in lines[i]:
        _, _, value = lines[i].partition(":")
        indent = len(lines[i]) - len(lines[i].lstrip())
        lines[i] = " " * indent + draw(st.sampled_from(["nmae", "stock", "id", "<<", "? [a]"])) \
            + ":" + value
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if op == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif op == "inject":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
    return data


@st.composite
def mutated_plan_sets(draw: st.DrawFn) -> dict[str, bytes]:
    """The minimal valid plan set with one to three files changed, one change each."""
    names = draw(st.lists(st.sampled_from(sorted(FILES)), min_size=1, max_size=3, unique=True))
    return {name: _mutate(FILES[name], draw) for name in names}


def _write(root: Path, changed: dict[str, bytes]) -> Path:
    files = {**{k: v.encode() for k, v in FILES.items()}, **changed}
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _never_breaks(tmp: Path, changed: dict[str, bytes], build: bool) -> None:
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    root = _write(tmp / "plans", changed)
    runner = CliRunner()
    r = runner.invoke(main, ["check", str(root)])
    assert r.exit_code in (0, 1), r.output
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception,
                                                                             SystemExit)
    if build and r.exit_code == 0:
        r = runner.invoke(main, ["build", str(root), "-o", str(tmp / "out"), "-j", "1"])
        assert r.exit_code in (0, 1), r.output
        assert "Traceback" not in r.output
        if r.exit_code == 0:
            manifest = json.loads((tmp / "out" / "manifest.json").read_text("utf-8"))
            assert manifest["outputs"]


FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)


@settings(FUZZ, max_examples=300)
@given(mutated_plan_sets())
def test_fuzz_check_never_breaks(tmp_path_factory, changed):
    _never_breaks(tmp_path_factory.mktemp("f"), changed, build=False)


@settings(FUZZ, max_examples=30)
@given(mutated_plan_sets())
def test_fuzz_build_never_breaks(tmp_path_factory, changed):
    _never_breaks(tmp_path_factory.mktemp("f"), changed, build=True)


@pytest.mark.slow
@settings(FUZZ, max_examples=10_000)
@given(mutated_plan_sets())
def test_fuzz_check_and_build_10000(tmp_path_factory, changed):
    _never_breaks(tmp_path_factory.mktemp("f"), changed, build=True)


# ---------------------------------------------------------------- billing exports, and the
# commands that read a valid plan set (review, rollover, diff), on mutated inputs

BILLING = [["客户", "业务", "账期", "金额"], ["acme", "data", "2027-Q1", 22],
           ["acme", "data", "2027-04", 23], ["测试客户", "云及IDC", "2027Q2", "4.5"],
           [None, None, None, None], ["合计", None, None, 49.5]]
ACTUALS_YAML = ("unit: 万元\nactuals:\n"
                "  - {customer: acme, business_line: data, period: 2027-Q1, amount: 22}\n"
                "  - {customer: acme, business_line: data, period: 2027-Q2, amount: 23}\n"
                "  - {customer: 测试客户, business_line: cloud, period: 2027-06, amount: 4.5}\n")
CELLS = st.one_of(st.sampled_from(NASTY), st.text(max_size=12), st.none(), st.booleans(),
                  st.integers(min_value=-10**40, max_value=10**40),
                  st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from(["1e309", "1" * 40, "(12.00)", "¥1,234.5", "2027-13",
                                   "2026-Q4", "H1", "acme", "data", "合计", "=SUM(D2:D3)"]))


def _csv_text(rows: list[list]) -> str:
    return "".join(",".join("" if c is None else str(c).replace(",", "，").replace("\n", " ")
                            for c in row) + "\n" for row in rows)


@st.composite
def mutated_billing(draw: st.DrawFn) -> tuple[str, bytes | list[list]]:
    """A billing export of the minimal plan set (CSV, xlsx rows or YAML actuals), changed:
    cells retyped, rows deleted, duplicated or swapped, or (as text) any mutation above."""
    kind = draw(st.sampled_from(["csv", "xlsx", "yaml"]))
    if kind == "yaml":
        return kind, _mutate(ACTUALS_YAML, draw)
    rows = [list(r) for r in BILLING]
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["cell", "cell", "delete", "duplicate", "swap", "widen"]))
        i, j = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, 3))
        if op == "cell":
            rows[i][j] = draw(CELLS)
        elif op == "delete" and len(rows) > 1:
            del rows[i]
        elif op == "duplicate":
            rows.insert(i, list(rows[i]))
        elif op == "swap":
            k = draw(st.integers(0, len(rows) - 1))
            rows[i], rows[k] = rows[k], rows[i]
        elif op == "widen":
            rows[i] = rows[i] + [draw(CELLS)] * draw(st.integers(1, 3))
    if kind == "csv":
        return kind, _mutate(_csv_text(rows), draw) if draw(st.booleans()) else \
            _csv_text(rows).encode("utf-8")
    return kind, rows


def _write_billing(tmp: Path, kind: str, data: bytes | list[list]) -> Path:
    if kind == "xlsx":
        import datetime as dt

        import xlsxwriter

        path = tmp / "billing.xlsx"
        wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                             "strings_to_formulas": False, "nan_inf_to_errors": True})
        ws = wb.add_worksheet("收入明细")
        for r, row in enumerate(data):  # type: ignore[arg-type]
            for c, value in enumerate(row):
                if isinstance(value, int) and not isinstance(value, bool) \
                        and abs(value) > 2**53:
                    value = str(value)  # Excel holds doubles; a huge integer is text there
                ws.write(r, c, value.isoformat() if isinstance(value, dt.date) else value)
        wb.close()
        return path
    path = tmp / f"billing.{kind}"
    path.write_bytes(data)  # type: ignore[arg-type]
    return path


def _strict_json(text: str) -> object:
    def refuse(name: str) -> None:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def _review_never_breaks(root: Path, billing: Path, through: str) -> None:
    r = CliRunner().invoke(main, ["review", str(root), "--actuals", str(billing),
                                  "--through", through, "--json"])
    assert r.exit_code in (0, 1), r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    if r.exit_code == 0:
        _strict_json(r.stdout)


def _billing_never_breaks(tmp: Path, kind: str, data: bytes | list[list], through: str) -> None:
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    root = _write(tmp / "plans", {})
    billing = _write_billing(tmp, kind, data)
    _review_never_breaks(root, billing, through)
    r = CliRunner().invoke(main, ["rollover", str(root), str(tmp / "next"),
                                  "--actuals", str(billing)])
    assert r.exit_code in (0, 1), r.output


@settings(FUZZ, max_examples=40)
@given(mutated_billing(), st.sampled_from(["Q1", "Q2", "Q4"]))
def test_fuzz_billing_exports_never_break_review_or_rollover(tmp_path_factory, billing, through):
    _billing_never_breaks(tmp_path_factory.mktemp("b"), *billing, through)


def _commands_never_break(tmp: Path, changed: dict[str, bytes]) -> None:
    """review, rollover and diff on a mutated plan set that check accepts."""
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    root = _write(tmp / "plans", changed)
    runner = CliRunner()
    if runner.invoke(main, ["check", str(root)]).exit_code != 0:
        return  # an invalid plan set: check's fuzz covers it
    original = _write(tmp / "original", {})
    billing = tmp / "billing.csv"
    billing.write_text(_csv_text(BILLING), encoding="utf-8")
    _review_never_breaks(root, billing, "Q2")
    r = runner.invoke(main, ["rollover", str(root), str(tmp / "next")])
    assert r.exit_code in (0, 1), r.output
    if r.exit_code == 0:  # next year's set is valid (review flags allowed)
        assert runner.invoke(main, ["check", str(tmp / "next")]).exit_code == 0
    for a, b in ((original, root), (root, original)):
        r = runner.invoke(main, ["diff", str(a), str(b), "--json", "--xlsx",
                                 str(tmp / "changes.xlsx")])
        assert r.exit_code in (0, 1), r.output
        if r.exit_code == 0:
            assert isinstance(_strict_json(r.stdout), dict)


@settings(FUZZ, max_examples=25)
@given(mutated_plan_sets())
@example(changed={})  # the valid plan set itself: every command runs to the end at least once
def test_fuzz_review_rollover_and_diff_never_break(tmp_path_factory, changed):
    _commands_never_break(tmp_path_factory.mktemp("c"), changed)


@pytest.mark.slow
@settings(FUZZ, max_examples=2_000)
@given(mutated_billing(), st.sampled_from(["Q1", "Q2", "Q3", "Q4"]))
def test_fuzz_billing_2000(tmp_path_factory, billing, through):
    _billing_never_breaks(tmp_path_factory.mktemp("b"), *billing, through)


@pytest.mark.slow
@settings(FUZZ, max_examples=2_000)
@given(mutated_plan_sets())
def test_fuzz_review_rollover_and_diff_2000(tmp_path_factory, changed):
    _commands_never_break(tmp_path_factory.mktemp("c"), changed)


# ---------------------------------------------------------------- limits

def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:  # 50 MB, sparse: the loader must look at its size first
        f.truncate(50 * 1024 * 1024)
    source, issues = read_source(big, "big.yaml")
    assert source is None
    assert [i.code for i in issues] == ["file_too_large"]
    assert issues[0].params["limit"] == MAX_FILE_BYTES


def test_deep_nesting_is_an_error(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    source, issues = read_source(deep, "deep.yaml")
    assert source is None and [i.code for i in issues] == ["too_deep"]
    assert issues[0].params["limit"] == MAX_DEPTH


def test_a_hundred_thousand_items_is_an_error_not_a_hang(tmp_path):
    many = tmp_path / "many.yaml"
    many.write_text("stock:\n" + "".join(f"  - {{business_line: data, base: {i}}}\n"
                                         for i in range(100_000)), encoding="utf-8")
    source, issues = read_source(many, "many.yaml")
    assert source is None and [i.code for i in issues] == ["too_many_nodes"]
    assert issues[0].params["limit"] == MAX_NODES


def test_a_billion_laughs_is_an_error(tmp_path):
    lol = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lol += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lol) + "\n", encoding="utf-8")
    source, issues = read_source(path, "lol.yaml")
    assert source is None and [i.code for i in issues] == ["too_many_nodes"]


def test_a_very_long_text_is_an_error_with_a_fix(tmp_path):
    root = write_plan_set(tmp_path, customers={"acme": CUSTOMER.replace(
        "name: 测试客户", "name: " + "长" * 100_000)})
    r = CliRunner().invoke(main, ["check", str(root)])
    assert r.exit_code == 1
    assert ("customers/acme.yaml:2:7: name (客户名称): 文字过长 (100000 个字符, 上限 5000)"
            in r.output)


# ---------------------------------------------------------------- no code runs from input

def test_yaml_tags_are_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    root = write_plan_set(tmp_path / "p", customers={"acme": CUSTOMER.replace(
        "manager: 王芳", f'manager: !!python/object/apply:os.system ["touch {marker}"]')})
    r = CliRunner().invoke(main, ["check", str(root)])
    assert r.exit_code == 1
    assert "不允许使用 YAML 标签 !!python/object/apply:os.system" in r.output
    assert not marker.exists()


def test_a_user_template_runs_in_a_sandbox(tmp_path):
    templates = customer_template_with(tmp_path / "tpl",
                                       b"{{ ''.__class__.__mro__[1].__subclasses__() }}")
    root = write_plan_set(tmp_path / "p")
    r = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "out"),
                                  "--templates", str(templates), "-j", "1"])
    assert r.exit_code == 1
    assert "SecurityError" in r.output and "unsafe" in r.output
    assert not (tmp_path / "out").exists()


def test_no_hyperlinks_are_made_from_user_text(tmp_path):
    import zipfile

    root = write_plan_set(tmp_path / "p", customers={"acme": CUSTOMER.replace(
        "name: 测试客户", "name: http://evil.example/x").replace(
        "conditions: 获批", "conditions: 'mailto:a@b.c'")})
    r = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "out"), "-j", "1"])
    assert r.exit_code == 0, r.output
    for path in (tmp_path / "out").rglob("*.[dx][ol][cs]x"):
        with zipfile.ZipFile(path) as z:
            rels = b"".join(z.read(n) for n in z.namelist() if n.endswith(".rels"))
            assert b"hyperlink" not in rels, path


# ---------------------------------------------------------------- output folder

def _hashes(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def _planner(*args: str) -> list[str]:
    return [sys.executable, "-c", "from planner.cli import main; main()", *args]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_build_leaves_the_earlier_out(tmp_path, sig):
    import shutil

    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    out = tmp_path / "out"
    subprocess.run(_planner("build", str(plans), "-o", str(out), "-j", "1"), check=True,
                   capture_output=True)
    before = _hashes(out)
    (plans / "customers" / "jz-icbc.yaml").write_text(
        (plans / "customers" / "jz-icbc.yaml").read_text("utf-8") + "# edited\n", "utf-8")
    proc = subprocess.Popen(_planner("build", str(plans), "-o", str(out), "-j", "1", "--force"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.build-*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until it is writing its staging folder
    time.sleep(0.3)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert _hashes(out) == before  # the earlier OUT, byte for byte
    # the next build tidies what the interrupted one left and succeeds
    subprocess.run(_planner("build", str(plans), "-o", str(out), "-j", "1"), check=True,
                   capture_output=True)
    assert not list(tmp_path.glob(".out.build-*")) and not list(tmp_path.glob(".out.old-*"))
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert {o["path"]: o["sha256"] for o in manifest["outputs"]} == {
        k: v for k, v in _hashes(out).items() if k in {o["path"] for o in manifest["outputs"]}}


def test_a_second_build_into_the_same_out_refuses(tmp_path):
    """While a build holds OUT (here: this test holds its lock, as a running build does), a
    second build into it refuses at once, in its own process, and touches nothing."""
    from planner.write import locked

    root = write_plan_set(tmp_path / "p")
    out = tmp_path / "out"
    with locked(out):
        second = subprocess.run(_planner("build", str(root), "-o", str(out), "-j", "1"),
                                capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    assert "另一个 planner 正在写入" in second.stderr
    assert not out.exists()
    third = subprocess.run(_planner("build", str(root), "-o", str(out), "-j", "1"),
                           capture_output=True, text=True, timeout=120)
    assert third.returncode == 0, third.stderr  # once it is free, a build goes ahead


def test_a_name_with_a_path_in_it_writes_nothing_outside_out(tmp_path):
    root = write_plan_set(tmp_path / "p", customers={"acme": CUSTOMER.replace(
        "name: 测试客户", "name: ../../escaped")})
    before = set(os.listdir(tmp_path))
    r = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "out"), "-j", "1"])
    assert r.exit_code == 0, r.output
    assert set(os.listdir(tmp_path)) - before == {"out"}  # the lock file is removed too
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert "重点客户/_.._escaped.docx" in {o["path"] for o in manifest["outputs"]}
    assert all(".." not in o["path"].split("/") for o in manifest["outputs"])
