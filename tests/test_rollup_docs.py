"""Industry and market plans reconcile from the customers, in Word and in recalculated Excel.

Every industry, market and review workbook of both session builds is recalculated by LibreOffice
in one call. After recalculation: every formula still shows the value it stored; Σ customers +
bulk = industry; Σ industries = Σ regions = Σ lines = the region × industry matrix = market; the
market gap is total − guidance; and all of it equals `planner targets --json`.
"""

from __future__ import annotations

import shutil
from typing import Any

import openpyxl
import pytest

import lo
from docs_support import Built, cents, docx_texts, labels, money, read_docx, table_rows

pytest_plugins = ["docs_support"]

L = labels("zh")
TOL = 1e-6
BUILDS = ["reference", "example"]


@pytest.fixture(scope="module")
def rollups(docs_builds, tmp_path_factory) -> dict[tuple[str, str, str | None], Any]:
    """(build, level, id) -> (stored-values workbook, recalculated-values workbook, formulas)."""
    if not lo.SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("rollups")
    staged = {}
    for built in docs_builds.values():
        for o in built.manifest["outputs"]:
            if o["format"] == "xlsx" and o["level"] in ("industry", "market", "review"):
                dest = work / "in" / f"{built.name}__{o['level']}__{o['id'] or 'all'}.xlsx"
                dest.parent.mkdir(exist_ok=True)
                shutil.copyfile(built.out / o["path"], dest)
                staged[(built.name, o["level"], o["id"])] = dest
    done = lo.recalculate(list(staged.values()), work)
    return {key: (openpyxl.load_workbook(src, data_only=True),
                  openpyxl.load_workbook(out, data_only=True), openpyxl.load_workbook(src))
            for (key, src), out in zip(staged.items(), done)}


def close(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= TOL
    return (a in ("", None) and b in ("", None)) or a == b


def test_every_formula_recalculates_to_its_stored_value(rollups):
    checked = 0
    for key, (stored, recalculated, formulas) in rollups.items():
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        checked += 1
                        a = stored[ws.title][c.coordinate].value
                        b = recalculated[ws.title][c.coordinate].value
                        assert close(a, b), (key, ws.title, c.coordinate, c.value, a, b)
    assert checked > 500


def summary(wb: Any, sheet: str) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Rows of a summary sheet by id (its last column; names come first), and its total row,
    as {header: value}."""
    ws = wb[sheet]
    header_row = next(r for r in ws.iter_rows(values_only=True) if r[0] == L["name"])
    assert header_row[-1] == L["id"]
    rows, total = {}, {}
    started = False
    for r in ws.iter_rows(values_only=True):
        if r == header_row:
            started = True
            continue
        if not started or r[0] is None:
            continue
        values = dict(zip(header_row, r))
        if r[0] == L["total"]:
            total = values
            break
        rows[str(r[-1])] = values
    return rows, total


PARTS = (("base", "base"), ("stock", "stock"), ("increment", "increment"),
         ("winback", "winback"), ("total", "total"))


def assert_parts(values: dict[str, Any], expected: dict[str, Any], where: Any) -> None:
    for label, key in PARTS:
        assert abs(values[L[label]] - expected[key]) <= TOL, (where, label)


@pytest.mark.parametrize("name", BUILDS)
def test_market_workbook_reconciles_to_targets_json(name, docs_built, rollups):
    built: Built = docs_built(name)
    t = built.targets
    _, wb, _ = rollups[(name, "market", None)]
    regions, total = summary(wb, L["sheet_by_region"])
    assert set(regions) == set(t["regions"])
    for rid, r in t["regions"].items():
        assert_parts(regions[rid], r, rid)
        if r["guidance"] is not None:
            assert abs(regions[rid][L["gap"]] - r["gap"]) <= TOL
        for k in range(4):
            assert abs(regions[rid][L[f"q{k + 1}"]] - r["quarters"][k]) <= TOL
    assert_parts(total, t["market"], "market by region")
    assert abs(total[L["gap"]] - (t["market"]["total"] - t["market"]["guidance"])) <= TOL
    for sheet, key in ((L["sheet_by_industry"], "industries"), (L["sheet_by_line"],
                                                                 "business_lines")):
        rows, tot = summary(wb, sheet)
        assert set(rows) == set(t[key])
        for k, expected in t[key].items():
            assert_parts(rows[k], expected, (sheet, k))
        assert_parts(tot, t["market"], sheet)  # Σ industries = Σ lines = market
    matrix = wb[L["sheet_matrix"]]
    head = next(r for r in matrix.iter_rows(values_only=True) if r[0] == L["region"])
    assert head[-2:] == (L["total"], L["region_id"])  # the ids after the names and figures
    grand = [r for r in matrix.iter_rows(values_only=True) if r[0] == L["total"]][0]
    assert abs(grand[head.index(L["total"])] - t["market"]["total"]) <= TOL


@pytest.mark.parametrize("name", BUILDS)
def test_industry_workbooks_sum_customers_and_bulk_rows(name, docs_built, rollups):
    built: Built = docs_built(name)
    t = built.targets
    for iid, expected in t["industries"].items():
        _, wb, _ = rollups[(name, "industry", iid)]
        rows, total = summary(wb, L["sheet_by_customer"])
        assert set(rows) - {"#"} == set(expected["customers"])
        for cid in expected["customers"]:
            assert_parts(rows[cid], t["customers"][cid], (iid, cid))
        assert_parts(total, expected, iid)  # Σ customers + bulk = industry
        lines, line_total = summary(wb, L["sheet_by_line"])
        assert_parts(line_total, expected, (iid, "lines"))


@pytest.mark.parametrize("name", BUILDS)
def test_review_workbook_lists_every_flag(name, docs_built, rollups):
    built: Built = docs_built(name)
    from planner.pipeline import analyse

    warnings = analyse(built.root).warnings
    stored, wb, _ = rollups[(name, "review", None)]
    ws = wb[L["sheet_review"]]
    codes = [r[-1] for r in ws.iter_rows(min_row=4, values_only=True) if r[-1]]
    assert sorted(codes) == sorted(w.code for w in warnings)
    counts = wb[L["sheet_review_counts"]]
    total = [r for r in counts.iter_rows(values_only=True) if r[0] == L["total"]][0]
    assert total[-1] == len(warnings)
    assert stored[L["sheet_review"]].auto_filter.ref
    assert stored[L["sheet_review"]].freeze_panes


@pytest.mark.parametrize("name", BUILDS)
def test_market_plan_document_shows_the_json_figures(name, docs_built):
    built: Built = docs_built(name)
    t = built.targets
    out = [o for o in built.manifest["outputs"] if o["level"] == "market"
           and o["format"] == "docx"][0]
    doc = read_docx(built.out / out["path"])
    texts = docx_texts(built.out / out["path"])
    for key in ("m1", "m2", "m3", "m4", "m5", "m6", "m7"):
        assert L[key] in texts
    region_table = next(tb for tb in doc.tables
                        if table_rows(tb)[0][:2] == [L["region"], L["base"]]
                        and L["guidance"] in table_rows(tb)[0]
                        and L["stock"] in table_rows(tb)[0])
    rows = table_rows(region_table)
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert total[header.index(L["total"])] == cents(t["market"]["total"])
    assert money(total[header.index(L["total"])]) - money(total[header.index(L["guidance"])]) \
        == money(total[header.index(L["gap"])])
    # the shown regions add up to the shown total, column by column
    for col in (L["base"], L["stock"], L["increment"], L["winback"], L["total"]):
        i = header.index(col)
        assert sum(money(r[i]) for r in body) == money(total[i]), col


@pytest.mark.parametrize("name", BUILDS)
def test_industry_plan_documents_total_their_customers(name, docs_built):
    built: Built = docs_built(name)
    t = built.targets
    for o in built.manifest["outputs"]:
        if o["level"] != "industry" or o["format"] != "docx":
            continue
        doc = read_docx(built.out / o["path"])
        by_customer = next(tb for tb in doc.tables if table_rows(tb)[0][0] == L["customer"]
                           and table_rows(tb)[0][1] == L["base"])
        rows = table_rows(by_customer)
        header, body, total = rows[0], rows[1:-1], rows[-1]
        i = header.index(L["total"])
        assert total[i] == cents(t["industries"][o["id"]]["total"])
        assert sum(money(r[i]) for r in body) == money(total[i])
        names = {r[0] for r in body}
        assert len(names) == len(t["industries"][o["id"]]["customers"]) + (
            1 if L["other_customers"] in names else 0)
