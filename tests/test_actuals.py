"""planner.actuals: billing exports (.xlsx, .csv) and YAML read into actual revenue per customer ×
business line × quarter; every row added, skipped with a warning, or an error naming file, sheet,
row and value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from review_support import ACME, BANK, EXPECTED, ROWS, TOTAL, write_xlsx

from planner.actuals import Options, _Bad, parse_amount, parse_period, read_actuals
from planner.errors import errors_of, sorted_issues, warnings_of

from conftest import analyse_in, lines, write_plan_set

D = Decimal

@pytest.fixture
def plan(tmp_path):
    root = write_plan_set(tmp_path / "plan", customers={"acme": ACME, "bank": BANK},
                          industries={})
    analysis = analyse_in(root)
    assert analysis.plan is not None, lines(analysis.errors)
    return analysis.plan


def read(plan, *paths: Path, **options):
    options.setdefault("through", 2)
    return read_actuals(list(paths), [p.name for p in paths], plan, Options(**options))


# ---------------------------------------------------------------- values

@pytest.mark.parametrize(("value", "expected"), [
    ("2027-Q1", (2027, 1)), ("2027Q3", (2027, 3)), ("2027 q4", (2027, 4)), ("Q2", (2027, 2)),
    ("2027年第二季度", (2027, 2)), ("2027年3季度", (2027, 3)), ("第四季度", (2027, 4)),
    ("2027-03", (2027, 1)), ("2027/4", (2027, 2)), ("2027年7月", (2027, 3)), ("202712", (2027, 4)),
    ("2027.10", (2027, 4)), ("2027-05-31", (2027, 2)), ("2027/6/1 00:00:00", (2027, 2)),
    ("3月", (2027, 1)), ("２０２７－Ｑ２", (2027, 2)), (dt.date(2027, 9, 30), (2027, 3)),
    (dt.datetime(2026, 12, 31), (2026, 4)), (202611, (2026, 4)), (202704.0, (2027, 2)),
])
def test_periods(value, expected):
    assert parse_period(value, 2027) == expected


def test_a_bare_number_is_a_quarter_or_month_only_when_the_header_says_so():
    assert parse_period(2, 2027, "quarter") == (2027, 2)
    assert parse_period(11, 2027, "month") == (2027, 4)
    with pytest.raises(_Bad):
        parse_period(2, 2027)


@pytest.mark.parametrize(("value", "code"), [
    ("2027-13", "billing_period"), ("上半年", "billing_half_year"), ("2027H1", "billing_half_year"),
    ("next", "billing_period"), (2027, "billing_period"), (True, "billing_period"),
])
def test_bad_periods(value, code):
    with pytest.raises(_Bad) as e:
        parse_period(value, 2027)
    assert e.value.code == code


@pytest.mark.parametrize(("value", "expected"), [
    (12, D(12)), (33.3, D("33.3")), (0.1 + 0.2, D("0.3")), ("1,234.50", D("1234.50")),
    ("¥ 88", D(88)), ("(12.00)", D("-12.00")), ("-5", D(-5)), ("１２.５", D("12.5")),
])
def test_amounts(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize("value", ["12万", "1,23", "abc", "NaN", True])
def test_bad_amounts(value):
    with pytest.raises(_Bad):
        parse_amount(value)


# ---------------------------------------------------------------- an export with Chinese headers

def test_chinese_headers_total_and_blank_rows_are_skipped_with_warnings(plan, tmp_path):
    actuals, issues = read(plan, write_xlsx(tmp_path / "billing.xlsx", ROWS + [TOTAL]))
    assert actuals is not None
    assert actuals.amounts == EXPECTED
    assert lines(issues) == [
        "billing.xlsx:8:1: -: 空行已跳过: 第 8 行 (共 1 行) — 无需处理; 请确认空行下方的数据属于同一份账单",
        "billing.xlsx:15:1: 收入明细!A15 (账期): 合计行已跳过 ('合计', 共 1 行) — "
        "无需处理: 合计行不计入, 避免重复计算",
    ]
    source = actuals.sources[0]
    assert (source.sheet, source.rows, source.skipped, source.unit) == ("收入明细", 10, 2, "万元")
    assert source.columns == {"customer": "客户编号", "line": "业务名称", "period": "账期",
                              "amount": "实收金额（万元）"}


def test_an_unknown_customer_is_an_error_with_sheet_row_and_a_suggestion(plan, tmp_path):
    rows = ROWS + [["2027-05", "X9", "测试客服", "数据", 5],
                   ["2027-06", "X9", "测试客服", "数据", 5]]
    actuals, issues = read(plan, write_xlsx(tmp_path / "billing.xlsx", rows + [TOTAL]))
    assert actuals is None
    assert lines(errors_of(issues)) == [
        "billing.xlsx:15:3: 收入明细!C15 (客户名称): '测试客服' 不是计划集中的重点客户 "
        "(共 2 行: 15, 16) — 是否应为 测试客户 (acme)? 写成客户编号或计划中的客户名称; "
        "非重点客户的账单可用 --skip-unknown-customers 跳过 (跳过的金额会列出)"]
    assert lines(errors_of(issues), "en")[0].startswith(
        "billing.xlsx:15:3: 收入明细!C15 (客户名称): '测试客服' is not a key customer of the plan "
        "set (2 row(s): 15, 16) — did you mean 测试客户 (acme)? write the customer id")


def test_unknown_customers_may_be_skipped_and_their_sum_is_reported(plan, tmp_path):
    rows = ROWS + [["2027-05", "X9", "其他单位", "数据", "5.5"],
                   ["2027-06", "X9", "其他单位", "数据", 2]]
    actuals, issues = read(plan, write_xlsx(tmp_path / "b.xlsx", rows),
                           skip_unknown_customers=True)
    assert actuals is not None and actuals.amounts == EXPECTED
    assert (actuals.unmatched, actuals.unmatched_rows) == (D("7.5"), 2)  # 5.5 + 2
    assert [i.code for i in warnings_of(issues)] == ["billing_blank_rows",
                                                     "billing_unknown_customer_skipped"]


def test_every_bad_cell_of_every_row_is_reported(plan, tmp_path):
    rows = [["2027-01", "", "测试客户", "数剧", 8],
            ["2026-12", "", "测试客户", "数据", "八"],
            ["2027H1", "", "测试客户", "数据", None],
            ["2027-02", "bank", "测试客户", "数据", 1]]
    actuals, issues = read(plan, write_xlsx(tmp_path / "b.xlsx", rows))
    assert actuals is None
    assert lines(sorted_issues(issues), "en") == [
        "b.xlsx:4:4: 收入明细!D4 (业务名称): '数剧' is not a catalog business line (1 row(s): 4) "
        "— did you mean 数据 (data)? write a business line id or name "
        "(see catalog.business_lines in market.yaml)",
        "b.xlsx:5:1: 收入明细!A5 (账期): period 2026-12 is outside the plan year 2027 — "
        "export 2027 only, or delete the row",
        "b.xlsx:5:5: 收入明细!E5 (实收金额（万元）): amount '八' is not a number — "
        "write a number such as 12345.60; the unit is the header's or --unit",
        "b.xlsx:6:1: 收入明细!A6 (账期): period '2027H1' is a half-year and cannot be split into "
        "quarters — export the billing by month or by quarter",
        "b.xlsx:6:5: 收入明细!E6 (实收金额（万元）): the amount is empty — fill it in, "
        "or delete the row",
        "b.xlsx:7:2: 收入明细!B7 (客户编号): two customer columns name different ones: "
        "bank / 测试客户 (bank, acme) — correct one of them",
    ]


def test_a_quarter_after_through_is_not_counted_and_said_so(plan, tmp_path):
    rows = ROWS + [["2027-07", "", "测试客户", "数据", 9], ["2027-Q4", "", "江州银行", "数据", 9]]
    actuals, issues = read(plan, write_xlsx(tmp_path / "b.xlsx", rows))
    assert actuals is not None and actuals.amounts == EXPECTED
    assert lines(warnings_of(issues))[-1] == (
        "b.xlsx:15:1: -: 2 行属于 Q2 之后的季度, 未计入 (第一行即此行) — "
        "回顾更晚的季度请用 --through 指定")


def test_no_header_names_what_is_missing(plan, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["客户", "账期", "备注"])
    wb.active.append(["测试客户", "2027-01", "x"])
    wb.save(tmp_path / "b.xlsx")
    actuals, issues = read(plan, tmp_path / "b.xlsx")
    assert actuals is None
    assert lines(issues, "en") == [
        "b.xlsx:1:1: Sheet: no header row found: customer, business line, period and amount "
        "columns are needed; missing: business line, amount — name the columns as planner "
        "knows them (such as 业务、业务名称、业务编号、business_line、"
        "金额、实收金额、收入、amount), "
        "or give them with --customer-col, --line-col, --period-col, --amount-col"]


# ---------------------------------------------------------------- CSV, YAML, units, columns

def write_csv(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


CSV = ("customer,business_line,period,amount\n"
       "acme,data,2027-01,260000\nacme,data,2027-04,300000\nacme,voice,2027-Q1,100000\n"
       "acme,voice,2027-Q2,110000\nacme,cloud,2027-06,40000\nbank,data,2027-Q1,180000\n"
       "bank,data,2027-Q2,190000\nbank,voice,2027-Q2,10000\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_with_english_headers_in_yuan(plan, tmp_path, encoding):
    text = CSV if encoding != "utf-16" else CSV.replace(",", "\t")
    actuals, issues = read(plan, write_csv(tmp_path / "b.csv", text, encoding), unit="元")
    assert actuals is not None and actuals.amounts == EXPECTED  # 260000 元 = 26 万元
    assert issues == []


def test_gbk_csv_is_read_with_a_warning_and_garbage_is_refused(plan, tmp_path):
    text = "客户名称,业务,月份,金额(元)\n测试客户,数据,2027-01,260000\n江州银行,数据,2,180000\n"
    actuals, issues = read(plan, write_csv(tmp_path / "gbk.csv", text, "gbk"), through=1)
    assert actuals is not None
    assert actuals.amounts == {("acme", "data"): (D(26), D(0), D(0), D(0)),
                               ("bank", "data"): (D(18), D(0), D(0), D(0))}
    assert [i.code for i in issues] == ["billing_gbk"]
    (tmp_path / "bad.csv").write_bytes(b"customer,amount\n\x81\xff\xfe\x80\n")
    actuals, issues = read(plan, tmp_path / "bad.csv")
    assert actuals is None and lines(issues) == [
        "bad.csv:1:1: -: CSV 文件既不是 UTF-8 也不是 GBK 编码 — "
        "在 Excel 中另存为 'CSV UTF-8 (逗号分隔)'"]


def test_yaml_actuals(plan, tmp_path):
    (tmp_path / "a.yaml").write_text(
        "unit: 元\nactuals:\n"
        "  - {customer: acme, business_line: data, period: 2027-Q1, amount: 260000}\n"
        "  - {客户: 江州银行, 业务: 数据, 期间: 2027-Q2, 金额: 190000}\n"
        "  - {customer: acme, business_line: data, period: 2027-Q2, amount: x}\n",
        encoding="utf-8")
    actuals, issues = read(plan, tmp_path / "a.yaml")
    assert actuals is None
    assert lines(issues) == ["a.yaml:5:68: actuals[2].amount (amount): 金额 'x' 不是数字 — "
                             "写成数字, 如 12345.60; 单位见表头或 --unit"]


def test_header_unit_conflicting_with_the_option_is_an_error(plan, tmp_path):
    actuals, issues = read(plan, write_xlsx(tmp_path / "b.xlsx", ROWS), unit="元")
    assert actuals is None
    assert [i.code for i in issues] == ["billing_unit_conflict"]


def test_columns_named_by_option_and_a_chosen_sheet(plan, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["这张表不是数据"])
    ws = wb.create_sheet("明细")
    ws.append(["单位", "产品线", "结算月", "本月收入"])
    ws.append(["江州银行", "数据", "2027-02", 18])
    wb.save(tmp_path / "b.xlsx")
    columns = {"customer": ("单位",), "line": ("产品线",), "period": ("结算月",),
               "amount": ("本月收入",)}
    actuals, issues = read(plan, tmp_path / "b.xlsx", columns=columns, sheet="明细",
                           through=1)
    assert actuals is not None and actuals.amounts == {("bank", "data"): (D(18), D(0), D(0), D(0))}
    assert [i.code for i in issues] == ["billing_customer_missing"]  # acme has no row
    actuals, issues = read(plan, tmp_path / "b.xlsx", columns=columns, sheet="汇总")
    assert lines(issues)[0] == "b.xlsx:1:1: -: 工作簿中没有工作表 '汇总' — 可用的工作表: 说明、明细"


def test_the_same_file_twice_is_an_error_and_two_files_add_up(plan, tmp_path):
    one = write_xlsx(tmp_path / "h1.xlsx", ROWS)
    two = tmp_path / "h1-copy.xlsx"
    two.write_bytes(one.read_bytes())
    actuals, issues = read(plan, one, two)
    assert actuals is None and [i.code for i in errors_of(issues)] == ["billing_duplicate_file"]
    extra = write_xlsx(tmp_path / "june.xlsx", [["2027-06", "", "江州银行", "数据", 1]])
    actuals, _ = read(plan, one, extra)
    assert actuals is not None and actuals.amounts[("bank", "data")] == (D(18), D(20), D(0), D(0))


def test_other_file_types_are_refused_with_a_fix(plan, tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    _, issues = read(plan, tmp_path / "old.xls", tmp_path / "fake.xlsx")
    assert lines(issues, "en") == [
        "old.xls:1:1: -: unsupported file type '.xls' — use .xlsx, .csv or .yaml; "
        "save an old .xls as .xlsx in Excel",
        "fake.xlsx:1:1: -: not a valid .xlsx workbook (BadZipFile) — "
        "open it in Excel and save it as an .xlsx workbook"]


def test_a_quarter_under_review_without_any_row_is_a_warning(plan, tmp_path):
    actuals, issues = read(plan, write_xlsx(tmp_path / "b.xlsx", ROWS), through=4)
    assert actuals is not None
    assert lines(warnings_of(issues), "en")[-1] == (
        "b.xlsx:1:1: -: the actuals have no row in Q3, Q4, which count as 0, but the review runs "
        "to Q4 — add the exports of those quarters, or give the last quarter billed with --through")
