"""The memo of parsed files and review flags (kept by `planner serve` between analyses): an
analysis learns from it exactly what a fresh one would find, and a damaged or foreign memo only
costs parsing again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.build import code_digest
from planner.load import read_source
from planner.memo import MEMO_FILE, Memo
from planner.pipeline import analyse

from conftest import EXAMPLE


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """plans/example and a folder with the memo of an analysis of it."""
    root = tmp_path_factory.mktemp("memo") / "example"
    shutil.copytree(EXAMPLE, root)
    out = root.parent / "out"
    out.mkdir()
    memo = Memo(code_digest())
    analyse(root, memo)
    memo.write(out / MEMO_FILE)
    memo.close()
    return root, out


def issues_of(root: Path, memo: Memo | None = None) -> list:
    analysis = analyse(root, memo)
    assert analysis.plan is not None
    return analysis.issues


def test_the_memo_has_one_line_per_input_file(built):
    root, out = built
    lines = (out / MEMO_FILE).read_bytes().splitlines()
    assert json.loads(lines[0]) == {"code": code_digest()}
    names = [json.loads(line.split(b"\t")[0]) for line in lines[1:]]
    inputs = ["market.yaml", *(f"industries/{p.name}" for p in (root / "industries").glob("*")),
              *(f"customers/{p.name}" for p in (root / "customers").glob("*"))]
    assert sorted(names) == sorted(inputs)
    assert all(len(line.split(b"\t")) == 5 for line in lines[1:])  # ... and the line's seal


@pytest.mark.parametrize("pread", [True, False])  # False: Windows, which has no os.pread
def test_data_from_the_memo_equals_parsing_the_file(built, monkeypatch, pread):
    import planner.memo

    monkeypatch.setattr(planner.memo, "_PREAD", pread)
    root, out = built
    memo = Memo.read(out, code_digest())
    try:
        for path in sorted((root / "customers").glob("*.yaml")):
            name = f"customers/{path.name}"
            fresh, warnings = read_source(path, name)
            remembered, remembered_warnings = memo.parsed(name, fresh.digest)
            assert remembered == fresh.data
            assert remembered_warnings == warnings
    finally:
        memo.close()


def test_a_rebuild_finds_the_same_issues_as_a_fresh_analysis(built):
    root, out = built
    memo = Memo.read(out, code_digest())
    try:
        assert len(memo.files) == 1 + len(list((root / "industries").glob("*"))) + len(
            list((root / "customers").glob("*")))
        assert issues_of(root, memo) == issues_of(root)
        assert set(memo.new) == set(memo.files)  # every file came from the memo
    finally:
        memo.close()


def test_flags_are_found_again_when_market_yaml_changes(built, tmp_path):
    """A customer's flags depend on market.yaml's thresholds: the memo's are not reused."""
    root, out = built
    changed = tmp_path / "example"
    shutil.copytree(root, changed)
    market = changed / "market.yaml"
    assert "\nreview:" not in market.read_text("utf-8")
    with market.open("a", encoding="utf-8") as fh:
        fh.write("review:\n  growth_above: 0.01\n")
    memo = Memo.read(out, code_digest())
    try:
        found = issues_of(changed, memo)
    finally:
        memo.close()
    assert found == issues_of(changed)
    assert sum(i.code == "growth_high" for i in found) > sum(
        i.code == "growth_high" for i in issues_of(root))


def test_a_damaged_memo_line_is_parsed_again(built, tmp_path):
    root, out = built
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    lines = (copy / MEMO_FILE).read_bytes().splitlines(keepends=True)
    lines[2] = lines[2][: len(lines[2]) // 2] + b"\n"  # cut in the middle of its data
    lines[3] = b"not a memo line\n"
    (copy / MEMO_FILE).write_bytes(b"".join(lines))
    memo = Memo.read(copy, code_digest())
    try:
        assert issues_of(root, memo) == issues_of(root)
    finally:
        memo.close()


@pytest.mark.parametrize("content", [b"", b"{}\n", b'{"code": "another planner"}\n', b"\xff"])
def test_a_foreign_memo_is_ignored(built, tmp_path, content):
    root, _ = built
    (tmp_path / MEMO_FILE).write_bytes(content)
    memo = Memo.read(tmp_path, code_digest())
    try:
        assert memo.files == {}
        assert issues_of(root, memo) == issues_of(root)
    finally:
        memo.close()
