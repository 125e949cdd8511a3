"""Nothing a user types breaks the tool, loses data or runs code (README "Guarantees").

Fuzzing mutates valid plan files (deleted, duplicated and swapped lines, retyped values,
truncation, injected bytes) and runs `check` and `build` through the real command line: never a
traceback, never exit 3. The default run tries a few hundred cases; `pytest -m slow` runs ≥ 10,000.
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
from hypothesis import HealthCheck, given, settings
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


def test_output_names_come_from_ids_and_nothing_is_written_outside_out(tmp_path):
    root = write_plan_set(tmp_path / "p", customers={"acme": CUSTOMER.replace(
        "name: 测试客户", "name: ../../escaped")})
    before = set(os.listdir(tmp_path))
    r = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "out"), "-j", "1"])
    assert r.exit_code == 0, r.output
    assert set(os.listdir(tmp_path)) - before == {"out"}  # the lock file is removed too
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert "重点客户/acme.docx" in {o["path"] for o in manifest["outputs"]}
    assert all(".." not in o["path"] for o in manifest["outputs"])
