"""Documents are named for people (`重点客户/<customer name>.docx`), safe on every system, unique
in their folder however the names collide, and the same from one build to the next."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from planner.build import build
from planner.docnames import MAX_BYTES, MAX_CHARS, file_stems, safe_name

from conftest import CUSTOMER, write_plan_set
from docs_support import sha256


@pytest.mark.parametrize("name, stem", [
    ('江州/银行: "总行" <A>|B?*\\C', '江州_银行_ _总行_ _A__B___C'),
    ("江州银行\n江北支行\t营业部", "江州银行 江北支行 营业部"),  # line breaks and tabs: a space
    ("江州\x07银行\u202e\u200b", "江州_银行"),  # a bell: '_'; bidi and zero-width marks: nothing
    ("  ..江州银行.. . ", "江州银行"),  # Windows drops a trailing dot or space; no hidden file
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("Com1 ", "_Com1"), ("LPT¹", "_LPT¹"),
    ("~$江州银行", "_~$江州银行"),  # Word's lock file beside 江州银行.docx would take its place
    ("CONTOSO", "CONTOSO"), ("con (x)", "con (x)"),  # only the device name itself is reserved
    ("e\u0301te\u0301", "\u00e9t\u00e9"),  # NFC: as macOS and Windows compare names
    ("...", ""), ("/", "_"),
])
def test_a_name_becomes_a_file_name_every_system_takes(name, stem):
    assert safe_name(name) == stem


def test_a_long_name_is_cut_to_a_bounded_length():
    assert safe_name("长" * 80) == "长" * MAX_CHARS
    emoji = safe_name("😀" * 60)  # 4 bytes each: the byte bound cuts first
    assert emoji == "😀" * (MAX_BYTES // 4) and len(emoji.encode("utf-8")) <= MAX_BYTES
    cut = "长" * (MAX_CHARS - 1)
    assert safe_name(cut + " 分行") == cut  # no trailing space left by the cut


def test_names_that_collide_all_get_their_id_whatever_the_order():
    names = {"bank-a": "江州银行", "bank-b": "江州银行", "acme": "ACME Corp", "acme2": "acme corp",
             "cafe": "Caf\u00e9", "cafe2": "Cafe\u0301", "x": "江州银行 (bank-a)", "blank": "..."}
    expected = {"bank-a": "江州银行 (bank-a)", "bank-b": "江州银行 (bank-b)",
                "acme": "ACME Corp (acme)", "acme2": "acme corp (acme2)",
                "cafe": "Café (cafe)", "cafe2": "Café (cafe2)",
                "x": "江州银行 (bank-a) (x)",  # its name as typed was bank-a's name with its id
                "blank": "blank"}  # nothing left of the name: the id
    assert file_stems(names) == expected
    assert file_stems(dict(reversed(names.items()))) == expected
    assert len({s.casefold() for s in expected.values()}) == len(expected)


def _customer(cid: str, name: str) -> str:
    return CUSTOMER.replace("id: acme", f"id: {cid}").replace("name: 测试客户", f"name: {name}")


def _outputs(out: Path) -> dict[tuple[str, str | None, str], str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for o in manifest["outputs"]:
        assert sha256(out / o["path"]) == o["sha256"], o["path"]
    return {(o["level"], o["id"], o["format"]): o["path"] for o in manifest["outputs"]}


def _documents(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.name != "manifest.json"}


@pytest.fixture(scope="module")
def collide(tmp_path_factory) -> tuple[Path, Path]:
    """A plan set whose names collide as typed, only by case, and hold reserved characters;
    built once."""
    base = tmp_path_factory.mktemp("names")
    root = write_plan_set(base / "plan", customers={
        "jz-bank": _customer("jz-bank", "江州银行"),
        "jz-bank-2": _customer("jz-bank-2", "江州银行"),
        "acme": _customer("acme", "ACME Holdings"),
        "acme-cn": _customer("acme-cn", "Acme holdings"),
        "odd": _customer("odd", """'"江州/南区: 分行?"'""")})
    build(root, base / "out", jobs=1)
    return root, base / "out"


def test_documents_are_named_for_their_customers_and_industries(collide):
    _, out = collide
    paths = _outputs(out)
    assert {k: v for k, v in paths.items() if k[0] == "customer" and k[2] == "docx"} == {
        ("customer", "jz-bank", "docx"): "重点客户/江州银行 (jz-bank).docx",
        ("customer", "jz-bank-2", "docx"): "重点客户/江州银行 (jz-bank-2).docx",
        ("customer", "acme", "docx"): "重点客户/ACME Holdings (acme).docx",
        ("customer", "acme-cn", "docx"): "重点客户/Acme holdings (acme-cn).docx",
        ("customer", "odd", "docx"): "重点客户/_江州_南区_ 分行__.docx"}
    assert paths[("customer", "odd", "xlsx")] == "重点客户/_江州_南区_ 分行__.xlsx"
    assert paths[("industry", "gov", "docx")] == "重点行业/政务.docx"
    assert _documents(out) == set(paths.values())
    # each file is its customer's plan, opened back
    title = docx.Document(str(out / paths[("customer", "odd", "docx")])).paragraphs
    assert any('"江州/南区: 分行?"' in p.text for p in title)
    assert any("江州银行" in p.text for p in docx.Document(
        str(out / paths[("customer", "jz-bank-2", "docx")])).paragraphs)


def test_a_renamed_customer_leaves_no_old_file_and_frees_the_name(collide, tmp_path):
    """jz-bank-2 renamed: its old file goes, its new one comes, and jz-bank, no longer sharing
    its name, takes the plain name (rendered again, not copied under its old name)."""
    root, first = collide
    edited, out = tmp_path / "plan", tmp_path / "out"
    shutil.copytree(root, edited)
    shutil.copytree(first, out)
    path = edited / "customers" / "jz-bank-2.yaml"
    path.write_text(path.read_text("utf-8").replace("江州银行", "江州银行二部"), "utf-8")
    result = build(edited, out, jobs=1)
    assert {"customer:jz-bank", "customer:jz-bank-2"} <= set(result.rendered)
    assert "customer:acme" not in result.rendered  # the others are reused
    paths = _outputs(out)
    assert paths[("customer", "jz-bank", "docx")] == "重点客户/江州银行.docx"
    assert paths[("customer", "jz-bank-2", "xlsx")] == "重点客户/江州银行二部.xlsx"
    assert _documents(out) == set(paths.values())
    for gone in ("江州银行 (jz-bank).docx", "江州银行 (jz-bank-2).docx", "江州银行 (jz-bank).xlsx"):
        assert not (out / "重点客户" / gone).exists()
    assert (first / "重点客户" / "江州银行 (jz-bank).docx").exists()  # the test's own copy
    fresh = tmp_path / "fresh"
    build(edited, fresh, jobs=1)
    assert _outputs(fresh) == paths  # an incremental build names them as a fresh one does


def test_english_documents_are_named_for_the_customer_as_typed(tmp_path):
    root = write_plan_set(tmp_path / "plan")
    build(root, tmp_path / "out", lang="en", jobs=1)
    paths = _outputs(tmp_path / "out")
    assert paths[("customer", "acme", "docx")] == "customers/测试客户.docx"
    assert paths[("industry", "gov", "xlsx")] == "industries/政务.xlsx"  # no name_en: as typed
    assert paths[("market", None, "docx")] == "market-plan.docx"


@pytest.mark.parametrize("which", ["example", "reference"])
def test_the_example_and_the_reference_plans_are_named_for_their_customers(docs_built, which):
    built = docs_built(which)
    names = {cid: c["name"] for cid, c in built.targets["customers"].items()}
    assert len({safe_name(n).casefold() for n in names.values()}) == len(names)  # no clash
    for o in built.outputs("customer"):
        assert o["path"] == f"重点客户/{safe_name(names[o['id']])}.{o['format']}"
        assert sha256(built.out / o["path"]) == o["sha256"]
    for o in built.outputs("customer", "docx"):
        text = "\n".join(p.text for p in docx.Document(str(built.out / o["path"])).paragraphs)
        assert names[o["id"]] in text
    industries = {o["id"]: o["path"] for o in built.outputs("industry", "docx")}
    assert set(industries) == set(built.targets["industries"])
    assert all(not p.endswith(f"/{iid}.docx") for iid, p in industries.items())
