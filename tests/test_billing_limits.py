"""Billing exports that are hostile or huge: every bad amount names its row, nothing reaches exit 3
or prints Infinity, big workbooks are checked before they are loaded, repeated issues are folded."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from review_support import ACME, BANK

from planner import tabular
from planner.actuals import Options, read_actuals
from planner.cli import main
from planner.errors import errors_of, warnings_of

from conftest import analyse_in, lines, write_plan_set

D = Decimal
FOLD = 20  # issues of one kind listed per file (planner.actuals.FOLD)
HEAD = "客户,业务,账期,金额\n"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_plan_set(tmp_path / "plan", customers={"acme": ACME, "bank": BANK},
                          industries={})


@pytest.fixture
def plan(root):
    return analyse_in(root).plan


def read(plan, path: Path, through: int = 1):
    return read_actuals([path], [path.name], plan, Options(through=through))


def csv(tmp_path: Path, body: str, name: str = "b.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("amount", ["1e309", "1" * 40, "inf", "-Infinity", "NaN", "2e12",
                                    "-1e15", "(1e20)"])
def test_an_amount_not_finite_or_too_large_is_an_error_at_its_row(plan, tmp_path, amount):
    actuals, issues = read(plan, csv(tmp_path, f"acme,data,2027-Q1,5\nacme,data,2027-Q1,{amount}\n"))
    assert actuals is None
    assert [(i.file, i.line, i.field, i.code) for i in errors_of(issues)] == [
        ("b.csv", 3, "D3", "billing_amount_large")]


def test_an_amount_in_yuan_converted_to_a_too_large_sum_in_wan_is_fine_below_the_limit(
        plan, tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("客户,业务,账期,金额(元)\nacme,data,2027-Q1,9e14\n", encoding="utf-8")
    actuals, issues = read(plan, path)
    assert errors_of(issues) == [] and actuals.amounts[("acme", "data")][0] == D("9e10")


def xlsx(path: Path, rows: list[list], stray: bool = False) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("收入明细")
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    if stray:
        ws.write(1048575, 16383, "x")  # one stray cell at XFD1048576
    wb.close()
    return path


@pytest.mark.parametrize("value", [1e308, 5e12, -1e300])
def test_an_xlsx_cell_with_a_huge_number_is_an_error_at_its_row(plan, tmp_path, value):
    path = xlsx(tmp_path / "b.xlsx", [["客户", "业务", "账期", "金额"],
                                      ["acme", "data", "2027-Q1", value]])
    actuals, issues = read(plan, path)
    assert actuals is None
    assert lines(errors_of(issues), "en")[0].startswith(
        "b.xlsx:2:4: 收入明细!D2 (金额): amount ")


@pytest.mark.parametrize("amount", ["1e309", "'1e309'", ".inf", "9" * 40])
def test_yaml_actuals_beyond_the_limit_are_an_error_and_never_infinity(root, tmp_path, amount):
    path = tmp_path / "a.yaml"
    path.write_text("actuals:\n  - {customer: acme, business_line: data, period: 2027-Q1, "
                    f"amount: {amount}}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(root), "--actuals", str(path),
                                       "--through", "Q1", "--json", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "a.yaml:2:" in result.output and "Infinity" not in result.output


def test_the_largest_allowed_amount_gives_strict_json(root, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("actuals:\n  - {customer: acme, business_line: data, period: 2027-Q1, "
                    "amount: 999999999999}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(root), "--actuals", str(path),
                                       "--through", "Q1", "--json"])
    assert result.exit_code == 0, result.output

    def refuse(name):
        raise ValueError(name)

    data = json.loads(result.stdout, parse_constant=refuse)
    assert data["customers"]["acme"]["lines"]["data"]["actual"] == 999999999999


@pytest.mark.parametrize("rows", ["[5]", "[[1, 2]]", "[null]", "['acme,data']",
                                  "[{customer: acme, business_line: data, period: 2027-Q1, "
                                  "amount: 1}, 7]"])
def test_a_yaml_actuals_entry_that_is_not_a_row_is_a_clear_error(root, tmp_path, rows):
    path = tmp_path / "a.yaml"
    path.write_text(f"actuals: {rows}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(root), "--actuals", str(path),
                                       "--through", "Q1", "--json", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "is a billing row" in result.output and "internal" not in result.output


def test_a_stray_cell_at_xfd1048576_does_not_make_a_million_rows(plan, tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [["客户", "业务", "账期", "金额"],
                                      ["acme", "data", "2027-Q1", 5]], stray=True)
    grids, issues = tabular.read_grids(path, "b.xlsx")
    assert issues == [] and [line for line, _ in grids[0].rows] == [1, 2, 1048576]
    actuals, issues = read(plan, path)
    assert actuals.amounts[("acme", "data")] == (D(5), D(0), D(0), D(0))
    assert [i.code for i in warnings_of(issues)] == ["billing_customer_missing"]  # bank's


def test_an_xlsx_decompressing_beyond_the_limit_is_refused_before_loading(plan, tmp_path,
                                                                          monkeypatch):
    path = xlsx(tmp_path / "b.xlsx", [["客户", "业务", "账期", "金额"]]
                + [["acme", "data", "2027-Q1", i] for i in range(20000)])
    monkeypatch.setattr(tabular, "MAX_XML", 2**20)  # the mechanism, on a small file
    monkeypatch.setattr("openpyxl.load_workbook", None)  # never reached
    actuals, issues = read(plan, path)
    assert actuals is None and [i.code for i in issues] == ["billing_xlsx_too_large"]
    assert "1 MB" in lines(issues, "en")[0]


def test_too_many_rows_is_an_error(plan, tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    actuals, issues = read(plan, csv(tmp_path, "acme,data,2027-Q1,1\n" * 3))
    assert actuals is None and [i.code for i in issues] == ["billing_too_many_rows"]


def test_repeated_errors_are_folded_into_one_line_with_a_count(plan, tmp_path):
    actuals, issues = read(plan, csv(tmp_path, "acme,data,2027-Q1,x\n" * 50))
    codes = [i.code for i in errors_of(issues)]
    assert codes == ["billing_amount"] * FOLD + ["billing_more"]
    assert lines(issues, "en")[-1] == (
        "b.csv:1:1: -: 30 more of the same (billing_amount) not listed — correct the ones "
        "listed above, then run again")


def test_blank_rows_and_total_rows_are_one_warning_each_with_a_count(plan, tmp_path):
    body = "".join("acme,data,2027-Q1,1\n\n,,,\n合计,,,2\n" for _ in range(30)) + "\n\n"
    actuals, issues = read(plan, csv(tmp_path, body))
    assert actuals.amounts[("acme", "data")][0] == D(30)
    assert actuals.sources[0].skipped == 29 * 2 + 30  # the blank rows at the end are the end
    found = {i.code: i for i in warnings_of(issues)}
    assert found["billing_blank_rows"].params["n"] == 58
    assert found["billing_blank_rows"].params["rows"].startswith("3–4, 7–8, ")
    assert found["billing_total_row"].params["n"] == 30
    assert len(warnings_of(issues)) == 3  # and bank's "no actuals"


def test_shared_strings_beyond_a_quarter_of_the_limit_are_refused(plan, tmp_path, monkeypatch):
    path = xlsx(tmp_path / "b.xlsx", [["客户", "业务", "账期", "金额"]]
                + [[f"客户{i}" + "长" * 300, "data", "2027-Q1", i] for i in range(2000)])
    import zipfile

    with zipfile.ZipFile(path) as z:
        strings = z.getinfo("xl/sharedStrings.xml").file_size
        total = sum(i.file_size for i in z.infolist())
    monkeypatch.setattr(tabular, "MAX_XML", strings * 4 - 4)  # the whole file is well below
    assert total < strings * 4 - 4
    actuals, issues = read(plan, path)
    assert actuals is None and [i.code for i in issues] == ["billing_xlsx_too_large"]


@pytest.mark.parametrize("unit", ["[1, 2, 3]", "{a: 1}", "7", "美元"])
def test_a_yaml_unit_that_is_not_one_of_the_units_is_an_error(plan, tmp_path, unit):
    """Found by the billing fuzz: `unit: [1, 2, 3]` was an internal error."""
    path = tmp_path / "a.yaml"
    path.write_text(f"unit: {unit}\nactuals:\n  - {{customer: acme, business_line: data, "
                    "period: 2027-Q1, amount: 22}\n", encoding="utf-8")
    actuals, issues = read(plan, path)
    assert actuals is None and [(i.line, i.code) for i in errors_of(issues)] == [
        (1, "billing_unit")]
