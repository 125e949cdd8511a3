"""Long tables written row by row (planner/render/docx_rows.py): the same documents, byte for
byte, as the whole render, and the whole render wherever a template does more with a row than
print its values."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from planner.build import build
from planner.render import docx, docx_rows

from conftest import EXAMPLE, REPO, customer_template_with


def _documents(out: Path) -> dict[str, str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {o["path"]: o["sha256"] for o in manifest["outputs"] if o["format"] == "docx"}


@pytest.fixture
def streamed(monkeypatch):
    """Counts the tables written row by row: (lists found, documents expanded)."""
    seen = {"lists": 0, "expanded": 0}
    expand = docx_rows.expand

    def counting(xml, streams, printed):
        out = expand(xml, streams, printed)
        seen["lists"] += len(streams)
        seen["expanded"] += bool(streams)
        return out

    monkeypatch.setattr("planner.render.docx.expand", counting)
    return seen


def _build_both(monkeypatch, root: Path, out: Path, threshold: int, **kw) -> tuple[dict, dict]:
    monkeypatch.setattr(docx_rows, "STREAM_FROM", threshold)
    build(root, out / "rows", jobs=1, **kw)
    monkeypatch.setattr(docx_rows, "STREAM_FROM", 10**9)
    build(root, out / "whole", jobs=1, **kw)
    return _documents(out / "rows"), _documents(out / "whole")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_written_row_by_row_gives_the_whole_renders_bytes(tmp_path, monkeypatch,
                                                                       streamed, lang):
    # every list of rows of the example streamed: tables of one row, of many, lists printed in
    # paragraphs (which fall back), values in column loops, empty values
    rows, whole = _build_both(monkeypatch, EXAMPLE, tmp_path, 1, lang=lang)
    assert len(rows) == 18 and rows == whole
    assert streamed["expanded"] == 18 and streamed["lists"] > 100


def test_a_generated_sets_long_tables_are_streamed_and_exact(tmp_path, monkeypatch, streamed):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    root = generate(60, tmp_path / "plan")
    rows, whole = _build_both(monkeypatch, root, tmp_path, 40)
    assert rows == whole
    # the market plan's key-customer appendix (60 rows and the customers without a plan) at least
    assert streamed["lists"] >= 1


def test_a_row_value_read_in_a_condition_is_rendered_whole(tmp_path, monkeypatch):
    """A user's template that tests a row's value: the probe cannot show every row, so that
    table is rendered whole (the others still row by row), and reads as the user wrote it."""
    folder = tmp_path / "tpl"
    customer_template_with(folder, b"{{ doc.title }}")
    path = folder / "customer.docx"
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for item, data in items:
            if item.filename == "word/document.xml":
                assert b"{{ k.value }}" in data
                data = data.replace(b"{{ k.value }}", b"{% if k.value %}{{ k.value }}{% else %}"
                                    b"NOTHING-HERE{% endif %}", 1)
            out.writestr(item, data)
    refused = []
    render = docx._render

    def noting(*args):
        try:
            return render(*args)
        except docx_rows.NotStreamable as e:
            refused.append((str(e), list(e.rows[0]) if e.rows else None))
            raise

    monkeypatch.setattr(docx, "_render", noting)
    rows, whole = _build_both(monkeypatch, EXAMPLE, tmp_path, 1, templates_dir=folder)
    assert rows == whole
    # the retention KPIs of every customer plan that has some (the shipped template streams them)
    assert ("a value read and not printed", ["key", "name", "rate", "value"]) in refused
