"""`planner build`: the manifest, reproducible bytes, atomic output, and --templates overrides.

The document contents are checked in test_docx.py and test_xlsx.py; the session builds they share
live in docs_support.py.
"""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path, PurePosixPath

import docx
import pytest

import planner

pytest.register_assert_rewrite("docs_support")  # before the import: its asserts explain failures
from planner.build import build  # noqa: E402

from docs_support import (  # noqa: E402
    EXAMPLE,
    Built,
    copy_plan_set,
    docx_texts,
    labels,
    leftovers,
    run_cli,
    sha256,
    table_rows,
    tree,
)

pytest_plugins = ["docs_support"]

SMALL = ["jz-data-bureau", "jz-icbc"]  # two customers: small enough to build in about a second


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    """plans/example cut down to two customers, and one earlier build of it (a valid OUT)."""
    base = tmp_path_factory.mktemp("small")
    root = copy_plan_set(EXAMPLE, base / "plan", customers=SMALL)
    out = base / "out"
    build(root, out)
    return root, out


@pytest.fixture
def earlier_out(small, tmp_path) -> Path:
    """A private copy of the earlier build, for a test to try to overwrite."""
    out = tmp_path / "out"
    shutil.copytree(small[1], out)
    return out


# ---------------------------------------------------------------- manifest

@pytest.mark.parametrize("name", ["reference", "example"])
def test_manifest_has_one_docx_and_one_xlsx_per_customer(docs_built, name):
    built: Built = docs_built(name)
    customers = set(built.targets["customers"])
    for fmt in ("docx", "xlsx"):
        ids = [o["id"] for o in built.outputs("customer", fmt)]
        assert sorted(ids) == sorted(customers), fmt  # each customer exactly once


@pytest.mark.parametrize("name", ["reference", "example"])
def test_manifest_paths_are_relative_existing_and_hashed(docs_built, name):
    built: Built = docs_built(name)
    assert built.manifest["outputs"]
    for o in built.manifest["outputs"]:
        assert set(o) == {"level", "id", "format", "path", "sha256"}
        assert o["level"] in {"customer", "industry", "market", "review"}
        assert o["format"] in {"docx", "xlsx"}
        path = PurePosixPath(o["path"])
        assert not path.is_absolute() and ".." not in path.parts and "\\" not in o["path"]
        assert path.suffix == "." + o["format"]
        file = built.out / o["path"]
        assert file.is_file(), o["path"]
        assert sha256(file) == o["sha256"], o["path"]


@pytest.mark.parametrize("name", ["reference", "example"])
def test_manifest_lists_every_file_of_out(docs_built, name):
    built: Built = docs_built(name)
    listed = {o["path"] for o in built.manifest["outputs"]}
    assert len(listed) == len(built.manifest["outputs"])  # no path twice
    own = {p for p in tree(built.out) if p.startswith(".planner")}  # e.g. the build cache
    assert set(tree(built.out)) - own == listed | {"manifest.json"}


@pytest.mark.parametrize("name", ["reference", "example"])
def test_manifest_plan_is_the_targets_plan(docs_built, name):
    built: Built = docs_built(name)
    assert built.manifest["plan"] == built.targets["plan"]
    assert built.manifest["generated_by"] == f"planner {planner.__version__}"
    assert set(built.manifest) == {"plan", "generated_by", "outputs"}


def test_same_input_gives_the_same_bytes(small, tmp_path):
    """A second build of the same plan set, into another folder, writes identical files."""
    root, first = small
    build(root, tmp_path / "again")

    def files(out):
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return manifest, sorted((o["level"], o["id"] or "", o["format"], o["path"], o["sha256"])
                                for o in manifest["outputs"])

    (m1, f1), (m2, f2) = files(first), files(tmp_path / "again")
    assert [f for f in f1 if f[0] == "customer"] == [f for f in f2 if f[0] == "customer"]
    assert len([f for f in f1 if f[0] == "customer"]) == 2 * len(SMALL)
    assert f1 == f2  # the other levels too
    assert m1 == m2


# ---------------------------------------------------------------- atomic output

@pytest.mark.parametrize("renderer", ["planner.render.docx.render_docx",
                                      "planner.render.xlsx_customer.customer_workbook"])
def test_a_build_failing_midway_leaves_out_as_it_was(small, earlier_out, monkeypatch, tmp_path,
                                                     renderer):
    """The second customer's Word (or Excel) document fails after the first one was rendered.
    The plan set is edited first, so the build cannot reuse the files already in OUT. (One
    process: a patched renderer does not reach the worker processes of a parallel build;
    test_incremental.py fails a parallel build through its template instead.)"""
    root = copy_plan_set(small[0], tmp_path / "plan")
    with open(root / "market.yaml", "a", encoding="utf-8") as f:
        f.write("# edited since the earlier build\n")
    before = tree(earlier_out)
    module, name = renderer.rsplit(".", 1)
    real = getattr(importlib.import_module(module), name)

    def fails_for_the_second_customer(*args, **kwargs):
        ctx = args[1] if name == "render_docx" else args[2]
        cid = ctx.get("c", {}).get("id") if isinstance(ctx, dict) else ctx
        if cid == SMALL[1]:
            raise RuntimeError(f"disk on fire while writing {cid}")
        return real(*args, **kwargs)

    monkeypatch.setattr(renderer, fails_for_the_second_customer)
    with pytest.raises(Exception, match="disk on fire"):
        build(root, earlier_out, jobs=1)
    assert tree(earlier_out) == before
    assert leftovers(earlier_out) == []


def test_an_invalid_plan_set_exits_1_and_leaves_out_as_it_was(small, earlier_out, tmp_path):
    root = copy_plan_set(small[0], tmp_path / "plan")
    path = root / "customers" / "jz-data-bureau.yaml"
    text = path.read_text(encoding="utf-8")
    assert "retention: 0.96" in text
    path.write_text(text.replace("retention: 0.96", "retention: 1.96"), encoding="utf-8")
    before = tree(earlier_out)
    result = run_cli("build", str(root), "-o", str(earlier_out))
    assert result.exit_code == 1
    assert "stock[0].retention" in result.output and "jz-data-bureau.yaml" in result.output
    assert "Traceback" not in result.output
    assert tree(earlier_out) == before
    assert leftovers(earlier_out) == []


def test_a_folder_planner_did_not_write_is_refused(small, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my own notes", encoding="utf-8")
    result = run_cli("build", str(small[0]), "-o", str(out))
    assert result.exit_code == 1
    assert "notes.txt" in result.output and "Traceback" not in result.output
    assert tree(out) == {"notes.txt": sha256(out / "notes.txt")}
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my own notes"
    assert leftovers(out) == []


def test_out_that_is_a_file_is_refused(small, tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"mine")
    result = run_cli("build", str(small[0]), "-o", str(out))
    assert result.exit_code == 1
    assert out.read_bytes() == b"mine"


def test_rebuilding_over_an_earlier_out_replaces_it(small, earlier_out):
    result = run_cli("build", str(small[0]), "-o", str(earlier_out))
    assert result.exit_code == 0, result.output
    assert tree(earlier_out) == tree(small[1])
    assert leftovers(earlier_out) == []


def documents(out):
    """Every file of a build but its bookkeeping (.planner-*: cache keys, file times)."""
    return {k: v for k, v in tree(out).items() if not k.startswith(".planner-")}


def test_a_rebuild_after_an_edit_equals_a_fresh_build(small, earlier_out, tmp_path):
    """Files an earlier build left in OUT may be reused, but never stale ones: after editing
    one customer, building over the earlier OUT gives the same files as building afresh."""
    root = copy_plan_set(small[0], tmp_path / "plan")
    path = root / "customers" / f"{SMALL[1]}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nmanager: ", "\nmanager: 新经理", 1), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    build(root, earlier_out)
    build(root, tmp_path / "fresh")
    assert documents(earlier_out) == documents(tmp_path / "fresh")
    d = docx.Document(str(customer_file(earlier_out, SMALL[1], "docx")))
    assert table_rows(d.tables[0])[1][3].startswith("新经理")  # the title block's manager


def test_a_rebuild_after_renaming_a_file_equals_a_fresh_build(small, earlier_out, tmp_path):
    """Renaming customers/jz-icbc.yaml (same bytes) raises a review flag (the file name is not
    the id) that the customer's own documents list: they must not be reused."""
    root = copy_plan_set(small[0], tmp_path / "plan")
    (root / "customers" / f"{SMALL[1]}.yaml").rename(root / "customers" / "renamed.yaml")
    build(root, earlier_out)
    build(root, tmp_path / "fresh")
    texts = docx_texts(customer_file(tmp_path / "fresh", SMALL[1], "docx"))
    assert any("文件名与客户编号" in t for t in texts)  # the flag, in the fresh build
    assert documents(earlier_out) == documents(tmp_path / "fresh")


def customer_file(out: Path, cid: str, fmt: str) -> Path:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [path] = [o["path"] for o in manifest["outputs"]
              if o["level"] == "customer" and o["id"] == cid and o["format"] == fmt]
    return out / path


# ---------------------------------------------------------------- --templates

def test_templates_folder_with_one_label_changes_only_that_label(small, tmp_path):
    L = labels()
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "labels.yaml").write_text("zh:\n  s1: 一、客户现状\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(small[0]), "-o", str(out), "--templates", str(custom))
    assert result.exit_code == 0, result.output
    assert (out / "manifest.json").is_file() and leftovers(out) == []
    d = docx.Document(str(out / "重点客户" / "江州市政务服务和数据管理局.docx"))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、客户现状", L["s2"], L["s3"], L["s4"], L["s5"], L["s6"],
                        L["calendar"], L["approval"]]
    assert L["s1"] not in [p.text for p in d.paragraphs]
    assert L["s1_network"] in [p.text for p in d.paragraphs]  # the other labels still shipped


def test_a_broken_template_is_a_clear_error_and_leaves_out_as_it_was(small, earlier_out,
                                                                     tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "customer.docx").write_bytes(b"this is not a Word document")
    before = tree(earlier_out)
    result = run_cli("build", str(small[0]), "-o", str(earlier_out), "--templates", str(custom))
    assert tree(earlier_out) == before
    assert leftovers(earlier_out) == []
    assert "Traceback" not in result.output
    assert "customer.docx" in result.output  # names the file to fix
    assert result.exit_code == 1, result.output  # bad input, not an internal error (3)


def test_a_broken_labels_file_is_a_clear_error_and_leaves_out_as_it_was(small, earlier_out,
                                                                       tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "labels.yaml").write_text("zh:\n  s1: [unclosed\n", encoding="utf-8")
    before = tree(earlier_out)
    result = run_cli("build", str(small[0]), "-o", str(earlier_out), "--templates", str(custom))
    assert result.exit_code == 1, result.output
    assert "labels.yaml" in result.output and "Traceback" not in result.output
    assert tree(earlier_out) == before
    assert leftovers(earlier_out) == []
