"""`planner review -o OUT`: the business review documents of plans/example against the shipped
billing export (plans/example-actuals): the manifest, the Word documents' figures, and the
workbooks, whose formulas, recalculated by LibreOffice (all workbooks in ONE call), give the same
figures as `planner review --json`."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from docxtpl import DocxTemplate

from planner.business_review import run_review, write_review
from planner.docnames import safe_name
from planner.cli import main
from planner.render.docx import jinja_env, render_docx
from planner.render.review_charts import review_charts
from planner.report.business_review import (
    customer_review_context,
    industry_review_context,
    market_review_context,
)
from planner.report.common import money, percent
from planner.resources import Templates
from planner.write import OutputError

import lo
from conftest import write_plan_set
from docs_support import document
from review_support import ACME, BANK

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "example"
BILLING = REPO / "plans" / "example-actuals" / "billing-2027H1.csv"
TEMPLATES = REPO / "planner" / "templates"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    """plans/example reviewed through Q2: (OUT, the --json figures), from one command."""
    out = tmp_path_factory.mktemp("review") / "out"
    result = CliRunner().invoke(main, ["review", str(EXAMPLE), "--actuals", str(BILLING),
                                       "--through", "Q2", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


@pytest.fixture(scope="module")
def manifest(reviewed) -> dict[str, Any]:
    return json.loads((reviewed[0] / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def recalculated(reviewed, manifest, tmp_path_factory) -> dict[str, Any]:
    """Every review workbook recalculated by LibreOffice, in one call; by manifest path."""
    out = reviewed[0]
    work = tmp_path_factory.mktemp("lo")
    entries = [e for e in manifest["outputs"] if e["format"] == "xlsx"]
    # LibreOffice names its outputs by file stem: copy each workbook under a unique one
    sources = []
    for n, e in enumerate(entries):
        src = work / "in" / f"w{n:02d}.xlsx"
        src.parent.mkdir(exist_ok=True)
        src.write_bytes((out / e["path"]).read_bytes())
        sources.append(src)
    outs = lo.recalculate(sources, work)
    return {e["path"]: openpyxl.load_workbook(o, data_only=True) for e, o in zip(entries, outs)}


# ---------------------------------------------------------------- manifest

def test_manifest_lists_every_document_with_its_hash(reviewed, manifest):
    out, data = reviewed
    assert manifest["generated_by"].startswith("planner ")
    assert manifest["plan"] == data["plan"]
    assert manifest["review"]["through"] == "Q2"
    assert manifest["review"]["actuals"][0]["file"].endswith("billing-2027H1.csv")
    outputs = manifest["outputs"]
    expected = {("customer", c, f) for c in data["customers"] for f in ("docx", "xlsx")}
    expected |= {("industry", i, f) for i in data["industries"] for f in ("docx", "xlsx")}
    expected |= {("market", None, "docx"), ("market", None, "xlsx")}
    assert {(e["level"], e["id"], e["format"]) for e in outputs} == expected
    assert len(outputs) == 2 * (12 + 5 + 1)
    for e in outputs:
        assert hashlib.sha256((out / e["path"]).read_bytes()).hexdigest() == e["sha256"]
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == {e["path"] for e in outputs} | {"manifest.json"}


def test_documents_are_named_for_people_as_the_build_names_them(reviewed, manifest, tmp_path):
    """重点客户/<customer name>.docx, 重点行业/<industry name>.docx; the manifest keeps the ids."""
    from planner.build import build

    _, data = reviewed
    names = {cid: c["name"] for cid, c in data["customers"].items()}
    paths = {(e["level"], e["id"], e["format"]): e["path"] for e in manifest["outputs"]}
    for (level, id, fmt), path in paths.items():
        if level == "customer":
            assert path == f"重点客户/{safe_name(names[id])}.{fmt}"
    assert paths[("customer", "jz-icbc", "docx")] == "重点客户/中国工商银行股份有限公司江州分行.docx"
    assert paths[("industry", "manufacturing", "xlsx")] == "重点行业/工业制造.xlsx"
    assert paths[("market", None, "docx")] == "市场业务回顾.docx"
    built = tmp_path / "built"
    build(EXAMPLE, built, jobs=1)  # the plan of a customer and its review share its name
    plans = {(e["level"], e["id"], e["format"]): e["path"] for e in
             json.loads((built / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    for (level, id, fmt), path in paths.items():
        if level != "market":
            assert path == plans[(level, id, fmt)]


def test_review_names_collide_as_the_build_makes_them_unique(tmp_path):
    """Two customers whose names become the same file name both get their id; in English the
    industry is named by its English name."""
    root = write_plan_set(tmp_path / "plan", customers={
        "acme": ACME.replace("name: 测试客户", "name: 江州/银行"),
        "bank": BANK.replace("name: 江州银行", "name: 江州_银行")}, industries={})
    billing = tmp_path / "billing.csv"
    billing.write_text("客户名称,业务,月份,金额(万元)\n江州/银行,数据,2027-01,26\n"
                       "江州_银行,数据,2027-02,18\n", encoding="utf-8")
    for lang, folder in (("zh", "重点客户"), ("en", "customers")):
        out = tmp_path / f"out-{lang}"
        result = CliRunner().invoke(main, ["review", str(root), "--actuals", str(billing),
                                           "--through", "Q1", "-o", str(out), "--lang", lang])
        assert result.exit_code == 0, result.output
        outputs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
        paths = {(e["level"], e["id"], e["format"]): e["path"] for e in outputs}
        assert paths[("customer", "acme", "docx")] == f"{folder}/江州_银行 (acme).docx"
        assert paths[("customer", "bank", "xlsx")] == f"{folder}/江州_银行 (bank).xlsx"
        files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        assert files == set(paths.values()) | {"manifest.json"}
        assert "江州/银行" in _texts(out / paths[("customer", "acme", "docx")])
    assert paths[("industry", "gov", "docx")] == "industries/政务.docx"  # no name_en: as typed


def test_a_plan_build_folder_is_not_replaced(tmp_path):
    out = tmp_path / "plans"
    out.mkdir()
    (out / "manifest.json").write_text('{"generated_by": "planner 0.1.0", "outputs": []}',
                                       encoding="utf-8")
    run = run_review(EXAMPLE, [BILLING], 2, Decimal("0.9"))
    with pytest.raises(OutputError, match="planner build"):
        write_review(run, out)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


# ---------------------------------------------------------------- Word

def _texts(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_word_documents_show_the_json_figures(reviewed):
    out, data = reviewed
    c = data["customers"]["jz-heavy-industry"]
    text = _texts(document(out, "customer", "jz-heavy-industry"))
    assert "江州重工集团有限公司\n2027年二季度业务回顾" in text  # the title, on two lines
    for key in ("target", "actual", "year", "forecast"):
        assert money(_dec(c[key])) in text
    assert percent(_dec(c["achievement"])) + " ▼" in text  # below 90%
    assert "5G全连接工厂二期专网" in text and "原因分析与改进措施（会上填写）" in text
    m = data["market"]
    text = _texts(out / "市场业务回顾.docx")
    assert "江州市分公司政企客户部2027年二季度业务回顾" in text
    assert money(_dec(m["actual"])) in text and percent(_dec(m["achievement"])) in text
    for iid, ind in data["industries"].items():
        assert money(_dec(ind["target"])) in text, iid
    assert "回顾范围：12 个重点客户" in text


def _dec(x: float) -> Decimal:
    return Decimal(repr(x))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_templates_get_every_variable_they_use(lang):
    run = run_review(EXAMPLE, [BILLING], 2, Decimal("0.9"))
    L = Templates(None, lang).labels
    plan, review, actuals = run.plan, run.review, run.actuals
    contexts = {
        "customer": ("jz-icbc", customer_review_context(plan, review, actuals, "jz-icbc", L,
                                                        lang)),
        "industry": ("finance", industry_review_context(plan, review, actuals, "finance", L,
                                                        lang)),
        "market": (None, market_review_context(plan, review, actuals, L, lang)),
    }
    for level, (id, ctx) in contexts.items():
        charts = review_charts(plan, review, level, id, L)
        tpl = DocxTemplate(TEMPLATES / f"review_{level}.docx")
        missing = tpl.get_undeclared_template_variables(jinja_env(),
                                                        context={**ctx, "charts": charts,
                                                                 "num": None})
        assert missing == set(), level
        first = render_docx(TEMPLATES / f"review_{level}.docx", ctx, charts)
        again = render_docx(TEMPLATES / f"review_{level}.docx", ctx,
                            review_charts(plan, review, level, id, L))
        assert first == again  # same inputs, same bytes


def test_labels_have_both_languages():
    zh, en = Templates(None, "zh").labels, Templates(None, "en").labels
    keys = {k for k in zh if k.startswith("rv_")}
    assert keys == {k for k in en if k.startswith("rv_")} and len(keys) > 80


# ---------------------------------------------------------------- Excel

SUMMARY = {"target": 1, "actual": 2, "achievement": 3, "gap": 4, "year": 5, "forecast": 6,
           "forecast_achievement": 7, "base_to_date": 8, "yoy": 9}  # column (0-based)
ID = 10  # the id column, after the name and the figures


def _close(a: Any, b: Any) -> bool:
    if b is None:
        return a in (None, "")
    return isinstance(a, (int, float)) and abs(a - b) <= 1e-9 * max(1, abs(b))


def _summary_rows(ws) -> dict[str, list[Any]]:
    """The rows of a summary sheet (header on row 4) by id, and the total row as 'total'."""
    rows = {}
    for r in ws.iter_rows(min_row=5, values_only=True):
        if r[0] is None:
            break
        rows[r[ID] if r[ID] else "total"] = list(r)
    return rows


def _check_summary(ws, expected: dict[str, dict[str, Any]], total: dict[str, Any]) -> None:
    rows = _summary_rows(ws)
    assert set(rows) - {"total"} == set(expected), ws.title
    for key, figures in [*expected.items(), ("total", total)]:
        for name, col in SUMMARY.items():
            assert _close(rows[key][col], figures[name]), (ws.title, key, name, rows[key][col],
                                                           figures[name])


def test_recalculated_workbooks_equal_the_json(reviewed, manifest, recalculated):
    _, data = reviewed
    path = {(e["level"], e["id"]): e["path"] for e in manifest["outputs"] if e["format"] == "xlsx"}
    L = Templates(None, "zh").labels
    market = recalculated["市场业务回顾.xlsx"]
    lines = data["business_lines"]
    _check_summary(market[L["sheet_by_industry"]], data["industries"], data["market"])
    _check_summary(market[L["sheet_by_region"]], data["regions"], data["market"])
    _check_summary(market[L["sheet_by_customer"]], data["customers"], data["market"])
    _check_summary(market[L["sheet_by_line"]], lines, data["market"])
    for iid, ind in data["industries"].items():
        wb = recalculated[path[("industry", iid)]]
        members = {c: data["customers"][c] for c in ind["customers"]}
        _check_summary(wb[L["sheet_by_customer"]], members, ind)
    for cid, c in data["customers"].items():
        wb = recalculated[path[("customer", cid)]]
        _check_summary(wb[L["sheet_by_line"]], c["lines"], c)
    # parts and quarters of the market
    parts = list(market[L["rv_sheet_parts"]].iter_rows(min_row=5, max_row=8, values_only=True))
    for row, key in zip(parts, ("stock", "increment", "winback")):
        p = data["market"]["parts"][key]
        got = dict(zip(("target", "actual", "achievement", "year", "forecast"), row[1:6]))
        assert all(_close(got[k], p[k]) for k in got), (key, got, p)
    quarters = list(market[L["rv_sheet_quarters"]].iter_rows(min_row=4, max_row=7,
                                                              values_only=True))
    q = data["market"]["quarters"]
    assert all(_close(r[1], t) for r, t in zip(quarters, q["target"]))
    assert all(_close(r[2], a) for r, a in zip(quarters, q["actual"]))


def test_stored_values_equal_the_json_too(reviewed):
    """What a viewer that never recalculates (a phone preview) shows."""
    out, data = reviewed
    L = Templates(None, "zh").labels
    wb = openpyxl.load_workbook(out / "市场业务回顾.xlsx", data_only=True)
    _check_summary(wb[L["sheet_by_industry"]], data["industries"], data["market"])
    wb = openpyxl.load_workbook(out / "市场业务回顾.xlsx")
    ws = wb[L["sheet_by_industry"]]
    assert ws["B5"].value.startswith("=SUMIFS(") and ws["B5"].value.endswith(",K5)")
    assert ws["D5"].value == '=IF(B5=0,"",C5/B5)'
    assert ws["G5"].value == "=C5+F5-B5"  # forecast = actual + year − target to date


def test_a_review_folder_is_not_replaced_by_a_build(tmp_path):
    from planner.build import build

    out = tmp_path / "review"
    write_review(run_review(EXAMPLE, [BILLING], 2, Decimal("0.9")), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match="planner review"):
        build(EXAMPLE, out, jobs=1)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".review.build-*"))
