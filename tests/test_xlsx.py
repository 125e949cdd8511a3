"""The key-customer workbooks, opened back with openpyxl, and recalculated by LibreOffice.

Inputs are plain values and every derived figure is a live formula that also carries its value:
LibreOffice, told to recompute every formula on load (tests/lo.py), must arrive at the values
stored in the file, and those must be `planner targets --json`.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from openpyxl.utils.cell import column_index_from_string, get_column_letter

pytest.register_assert_rewrite("docs_support")  # before the import: its asserts explain failures
from test_xlsx_print import print_problems  # noqa: E402

from docs_support import (  # noqa: E402
    BARE_ID,
    ODD_ID,
    ODD_TEXT,
    Built,
    customer_params,
    read_xlsx,
)

pytest_plugins = ["docs_support"]

QUARTERS = ["q1", "q2", "q3", "q4"]
MONEY_FORMAT = "#,##0.00"
# sheet label -> (label of the first header cell, input columns, optional input columns,
#                 derived columns); all as label keys
SHEETS = {
    "sheet_stock": ("business_line", ["base", "retention"], ["previous"],
                    ["yoy", "stock_target", *QUARTERS]),
    "sheet_opps": ("opportunity", ["amount", "probability"], [], ["weighted", *QUARTERS]),
    "sheet_winback": ("competitor", ["competitor_revenue", "winback_amount", "probability"], [],
                      ["weighted", *QUARTERS]),
    "sheet_summary": ("business_line", [], [],
                      ["base", "stock", "increment", "pipeline", "winback", "total", "growth"]),
    "sheet_quarters": ("target", [], [], [*QUARTERS, "year"]),
}
ALL_PARAMS = customer_params() + [pytest.param("odd", ODD_ID, id="odd-user-text"),
                                  pytest.param("odd", BARE_ID, id="odd-bare")]


def load(built: Built, cid: str, data_only: bool = False):
    return read_xlsx(built.file(cid, "xlsx"), data_only)


def table(ws, first_header: str, total_labels: tuple[str, ...]) -> tuple[int, dict, list, int]:
    """(header row, {header text: column letter}, data rows, total row) of the table whose
    header row starts with `first_header` (the first such row of the sheet); blank rows left
    out."""
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == first_header)
    cols = {ws.cell(header, c).value: get_column_letter(c)
            for c in range(1, ws.max_column + 1) if ws.cell(header, c).value}
    total = next(r for r in range(header + 1, ws.max_row + 1)
                 if ws.cell(r, 1).value in total_labels)
    # a table without rows keeps one blank row under its header (so its total's SUM has a range)
    rows = [r for r in range(header + 1, total)
            if any(c.value not in (None, "") for c in ws[r])]
    return header, cols, rows, total


def same(a: Any, b: Any) -> bool:
    """Stored and recalculated values agree (numbers within 1e-6; '' and empty are the same)."""
    a = None if a == "" else a
    b = None if b == "" else b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-6
    return a == b


# ---------------------------------------------------------------- structure (no LibreOffice)

@pytest.mark.parametrize(("name", "cid"), ALL_PARAMS)
def test_inputs_are_values_and_derived_figures_are_formulas(docs_built, docs_labels, name, cid):
    L = docs_labels
    wb = load(docs_built(name), cid)
    for sheet, (first, inputs, optional, derived) in SHEETS.items():
        ws = wb[L[sheet]]
        _, cols, rows, total = table(ws, L[first], (L["total"],))
        for r in rows:
            for key in inputs + optional:
                c = ws[f"{cols[L[key]]}{r}"]
                assert c.data_type == "n" and (c.value is not None or key in optional), \
                    (sheet, c.coordinate, c.value)
            for key in derived:
                c = ws[f"{cols[L[key]]}{r}"]
                assert c.data_type == "f", (sheet, c.coordinate, c.value)
        for c in ws[total][1:]:
            if c.value not in (None, ""):
                assert c.data_type == "f", (sheet, c.coordinate, c.value)
        for key in derived:  # and the total row has every figure (but a YoY of the total)
            c = ws[f"{cols[L[key]]}{total}"]
            if key != "yoy":
                assert c.data_type == "f", (sheet, c.coordinate, c.value)


@pytest.mark.parametrize(("name", "cid"), ALL_PARAMS)
def test_formulas_compute_what_the_plan_says(docs_built, docs_labels, name, cid):
    """stock = ROUND(base × retention, 2); weighted = ROUND(amount × probability, 2) (leaves of
    the ledger); total = stock + increment + win-back; the summary reads the detail sheets with
    SUMIFS; totals are SUMs."""
    L = docs_labels
    wb = load(docs_built(name), cid)

    def rows_of(sheet, first):
        ws = wb[L[sheet]]
        _, cols, rows, total = table(ws, L[first], (L["total"],))
        return ws, {k: cols.get(L[k]) for k in L if L[k] in cols}, rows, total

    ws, c, rows, _ = rows_of("sheet_stock", "business_line")
    for r in rows:
        assert ws[f"{c['stock_target']}{r}"].value == \
            f"=ROUND({c['base']}{r}*{c['retention']}{r},2)"
    ws, c, rows, _ = rows_of("sheet_opps", "opportunity")
    for r in rows:
        assert ws[f"{c['weighted']}{r}"].value == \
            f"=ROUND({c['amount']}{r}*{c['probability']}{r},2)"
    ws, c, rows, _ = rows_of("sheet_winback", "competitor")
    for r in rows:
        assert ws[f"{c['weighted']}{r}"].value == \
            f"=ROUND({c['winback_amount']}{r}*{c['probability']}{r},2)"
    ws, c, rows, total = rows_of("sheet_summary", "business_line")
    for r in rows:
        for key in ("base", "stock", "increment", "pipeline", "winback"):
            assert ws[f"{c[key]}{r}"].value.startswith("=SUMIFS("), (key, r)
        assert ws[f"{c['total']}{r}"].value == f"={c['stock']}{r}+{c['increment']}{r}+" \
                                               f"{c['winback']}{r}"
    for key in ("base", "stock", "increment", "winback", "total"):
        assert ws[f"{c[key]}{total}"].value.startswith("=SUM("), key
        assert ws[f"{c[key]}{total}"].number_format == MONEY_FORMAT


def test_reference_data_bureau_formula_text(docs_built, docs_labels):
    L = docs_labels
    wb = load(docs_built("reference"), "data-bureau")
    assert wb[L["sheet_stock"]]["F4"].value == "=ROUND(B4*E4,2)"  # stock = R(base × retention)
    assert wb[L["sheet_stock"]]["B4"].value == 420 and wb[L["sheet_stock"]]["E4"].value == 0.95
    assert wb[L["sheet_opps"]]["E4"].value == "=ROUND(C4*D4,2)"  # R(amount × probability)
    assert wb[L["sheet_opps"]]["C4"].value == 300 and wb[L["sheet_opps"]]["D4"].value == 0.7
    assert wb[L["sheet_winback"]]["F4"].value == "=ROUND(D4*E4,2)"
    values = load(docs_built("reference"), "data-bureau", data_only=True)
    ws = values[L["sheet_summary"]]
    _, cols, _, total = table(ws, L["business_line"], (L["total"],))
    shown = [ws[f"{cols[L[k]]}{total}"].value
             for k in ("base", "stock", "increment", "pipeline", "winback", "total")]
    assert shown == [685, 661.5, 400, 760, 30, 1091.5]  # worked out in test_docx.py


REF = re.compile(r"(?<![!\w$':])\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![\w(])")


@pytest.mark.parametrize(("name", "cid"), ALL_PARAMS)
def test_no_formula_refers_to_its_own_cell(docs_built, name, cid):
    """A circular reference: Excel warns on opening, LibreOffice shows Err:522, and the cached
    value is a lie. (Seen when a detail table has no rows: its total row sums itself.)"""
    wb = load(docs_built(name), cid)
    circular = []
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                for m in REF.finditer(c.value):
                    c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
                    c2 = column_index_from_string(m.group(3)) if m.group(3) else c1
                    r2 = int(m.group(4)) if m.group(4) else r1
                    if c1 <= c.column <= c2 and r1 <= c.row <= r2:
                        circular.append(f"{ws.title}!{c.coordinate} {c.value}")
    assert circular == []


@pytest.mark.parametrize(("name", "cid"), ALL_PARAMS)
def test_value_assessment_inputs_and_formulas(docs_built, docs_labels, name, cid):
    L = docs_labels
    ws = load(docs_built(name), cid)[L["sheet_value"]]
    cells = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}
    for key in ("cost_marketing", "cost_service", "cost_maintenance", "value_payment",
                "threshold_current", "threshold_potential"):
        assert cells[L[key]].data_type == "n", key
    for key in ("value_revenue", "value_current", "value_potential", "value_overall",
                "loyalty_total", "value_quadrant"):
        assert cells[L[key]].data_type == "f", key
    for key in ("value_associated", "loyalty_contract", "loyalty_share", "loyalty_attitude"):
        assert cells[L[key]].data_type == "n", key  # values (empty when not entered)


def test_reference_value_sheet_formula_text(docs_built, docs_labels):
    """Blank inputs are left out: SUM of the costs, the rate as 100%, N() of the associated
    revenue; loyalty is the weighted mean of the scores given."""
    L = docs_labels
    ws = load(docs_built("reference"), "data-bureau")[L["sheet_value"]]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(rows[L["value_current"]], 2).value == \
        '=ROUND(B4*IF(B5="",1,B5),2)-SUM(B6:B8)+N(B9)'
    assert ws.cell(rows[L["value_overall"]], 2).value == \
        f"=B{rows[L['value_current']]}+B{rows[L['value_potential']]}"
    first, last = rows[L["loyalty_contract"]], rows[L["loyalty_attitude"]]
    known = f"SUMPRODUCT(C{first}:C{last},--ISNUMBER(B{first}:B{last}))"
    assert ws.cell(rows[L["loyalty_total"]], 2).value == \
        f'=IF({known}=0,"",SUMPRODUCT(C{first}:C{last},B{first}:B{last})/{known})'
    assert ws.cell(rows[L["value_associated"]], 2).value is None  # not entered: empty
    assert [ws.cell(r, 3).value for r in range(first, last + 1)] == [1, 1, 1, 1, 1]


@pytest.mark.parametrize(("name", "cid"), ALL_PARAMS)
def test_sheets_print_on_a4_with_frozen_headers(docs_built, docs_labels, name, cid):
    L = docs_labels
    wb = load(docs_built(name), cid)
    for ws in wb:
        assert print_problems(ws) == [], ws.title
    for sheet in ("sheet_summary", "sheet_stock", "sheet_opps", "sheet_winback"):
        assert wb[L[sheet]].freeze_panes, sheet


def test_a_money_unit_note_names_the_unit(docs_builds, docs_labels):
    """A cell that says 金额单位 says which (the quarterly sheet's note said only '金额单位')."""
    L = docs_labels
    missing, notes = [], 0
    for built in docs_builds.values():
        unit = built.targets["plan"]["money_unit"]
        for o in built.outputs("customer", "xlsx"):
            for ws in read_xlsx(built.out / o["path"]):
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str) and L["money_unit_note"] in c.value:
                            notes += 1
                            if unit not in c.value:
                                missing.append(f"{o['path']} {ws.title}!{c.coordinate}: "
                                               f"{c.value!r}")
    assert notes
    assert missing == []


def test_kpis_are_numbers_formatted_as_percent(docs_built, docs_labels):
    L = docs_labels
    ws = load(docs_built("example"), "jz-data-bureau")[L["sheet_measures"]]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == L["kpi"])
    values = [ws.cell(r, 2) for r in range(header + 1, header + 6)]
    assert [c.data_type for c in values] == ["n"] * 5
    assert all(c.number_format.endswith("%") for c in values)


# ---------------------------------------------------------------- user text

def test_text_that_looks_like_a_formula_is_stored_as_text(docs_odd):
    wb = read_xlsx(docs_odd.file(ODD_ID, "xlsx"))
    cells = {}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells.setdefault(c.value, []).append(c)
    for where in ("stock[0].risk", "stock[0].measure", "opportunities[0].conditions",
                  "winback[0].approach", "relationship.contacts[0].name", "strategies.竞争",
                  "manager", "name"):
        text = ODD_TEXT[where]
        assert text in cells, f"{where}: {text!r} is not a cell of its own"
        assert all(c.data_type == "s" for c in cells[text]), where
    formulas = [c.value for found in cells.values() for c in found if c.data_type == "f"]
    assert not [f for f in formulas if "HYPERLINK" in f or "1+1" in f or "SUM(A1)" in f]
    # several risks go into one cell, one per line
    assert "\n".join(ODD_TEXT["retention_plan.risks"]) in cells


def test_a_customer_with_only_the_required_fields_has_a_workbook(docs_odd, docs_labels):
    L = docs_labels
    wb = read_xlsx(docs_odd.file(BARE_ID, "xlsx"), True)
    assert L["not_filled"] in [c.value for row in wb[L["sheet_wallet"]].iter_rows() for c in row]
    ws = wb[L["sheet_summary"]]
    _, cols, _, total = table(ws, L["business_line"], (L["total"],))
    assert [ws[f"{cols[L[k]]}{total}"].value for k in ("base", "stock", "total")] == [0, 0, 0]


# ---------------------------------------------------------------- LibreOffice recalculation

@pytest.mark.parametrize(("name", "cid"), ALL_PARAMS)
def test_recalculated_values_equal_stored_values(docs_recalculated, name, cid):
    if (name, cid) not in docs_recalculated:
        pytest.skip(f"no {name} build")
    original, recalculated = docs_recalculated[(name, cid)]
    formulas = read_xlsx(original)
    stored = read_xlsx(original, True)
    fresh = read_xlsx(recalculated, True)
    fresh_formulas = read_xlsx(recalculated)
    wrong, n = [], 0
    for ws in formulas:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                n += 1
                assert fresh_formulas[ws.title][c.coordinate].data_type == "f", c.coordinate
                a = stored[ws.title][c.coordinate].value
                b = fresh[ws.title][c.coordinate].value
                if not same(a, b):
                    wrong.append(f"{ws.title}!{c.coordinate} {c.value}: stored {a!r}, "
                                 f"LibreOffice {b!r}")
    assert n > 20
    assert wrong == []


@pytest.mark.parametrize(("name", "cid"), ALL_PARAMS)
def test_recalculated_summary_equals_targets_json(docs_recalculated, docs_built, docs_labels,
                                                 name, cid):
    if (name, cid) not in docs_recalculated:
        pytest.skip(f"no {name} build")
    L = docs_labels
    expected = docs_built(name).targets["customers"][cid]
    wb = read_xlsx(docs_recalculated[(name, cid)][1], True)
    ws = wb[L["sheet_summary"]]
    _, cols, _, total = table(ws, L["business_line"], (L["total"],))
    for key in ("base", "stock", "increment", "pipeline", "winback", "total"):
        got = ws[f"{cols[L[key]]}{total}"].value
        assert isinstance(got, (int, float)) and abs(got - expected[key]) <= 1e-6, \
            (key, got, expected[key])
    ws = wb[L["sheet_quarters"]]
    _, cols, _, total = table(ws, L["target"], (L["total"],))
    got = [ws[f"{cols[L[q]]}{total}"].value for q in QUARTERS]
    assert all(isinstance(x, (int, float)) for x in got), got
    assert all(abs(a - b) <= 1e-6 for a, b in zip(got, expected["quarters"])), \
        (got, expected["quarters"])
    assert abs(ws[f"{cols[L['year']]}{total}"].value - expected["total"]) <= 1e-6
