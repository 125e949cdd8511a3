"""The fill-in workbook: `planner workbook` then `planner import` loses nothing, changes only
what was edited, and reports every bad cell with its sheet, cell and label."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from fillin_support import (
    clear_row,
    column,
    copy_plans,
    edit,
    make_workbook,
    new_row,
    rows,
    run,
    set_cell,
    snapshot,
)

from planner.fillin.spec import CUSTOMER_TABLES, slots
from planner.model import Opportunity, label

import lo
from conftest import EXAMPLE, REFERENCE


def _round_trip(plans: Path, tmp_path: Path, *options: str) -> None:
    copy = copy_plans(plans, tmp_path / "copy")
    before = snapshot(copy)
    book = make_workbook(copy, tmp_path / "book.xlsx", *options)
    result = run("import", book, copy)
    assert result.exit_code == 0, result.output
    assert snapshot(copy) == before


def test_the_example_comes_back_byte_for_byte(tmp_path):
    _round_trip(EXAMPLE, tmp_path)


def test_the_reference_plans_come_back_byte_for_byte(tmp_path):
    if not REFERENCE.is_dir():
        pytest.skip("reference plans not present")
    _round_trip(REFERENCE, tmp_path)


def test_a_workbook_saved_by_libreoffice_changes_nothing(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    before = snapshot(copy)
    book = make_workbook(copy, tmp_path / "book.xlsx")
    saved = lo.convert([book], tmp_path / "lo", "xlsx", tmp_path)[0]
    result = run("import", saved, copy)
    assert result.exit_code == 0, result.output
    assert snapshot(copy) == before


def test_a_changed_amount_changes_exactly_its_line(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx")
    edited = edit(book, tmp_path / "edited.xlsx",
                  lambda wb: set_cell(wb, "商机", "jz-icbc", "amount", 35))
    path = copy / "customers" / "jz-icbc.yaml"
    old = path.read_text(encoding="utf-8").splitlines()
    assert run("import", edited, copy).exit_code == 0
    new = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new)
    assert changed == [(
        "  - {name: 智慧网点SD-WAN改造, business_line: data, amount: 30, probability: 0.6, "
        "quarter: Q2, conditions: 省分行下达2027年网点改造批次}",
        "  - {name: 智慧网点SD-WAN改造, business_line: data, amount: 35, probability: 0.6, "
        "quarter: Q2, conditions: 省分行下达2027年网点改造批次}")]
    others = snapshot(copy)
    assert {k: v for k, v in others.items() if k != "customers/jz-icbc.yaml"} == \
        {k: v for k, v in snapshot(EXAMPLE).items() if k != "customers/jz-icbc.yaml"}


def test_headers_are_the_models_labels_and_inputs_are_validated(tmp_path):
    book = make_workbook(EXAMPLE, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["商机"]
    names = [c.value for c in ws[2]]
    assert names[:5] == ["_id", "_name", "_item", "name", "business_line"]
    heads = dict(zip(names, [c.value for c in ws[1]]))
    assert heads["amount"] == label(Opportunity, "amount")[0] + " *" == "年内收入 *"
    assert heads["=weighted"] == "加权金额"
    assert ws.protection.sheet and not ws.protection.password
    amount = names.index("amount")
    assert ws.cell(3, amount + 1).protection.locked is False
    assert ws.cell(3, names.index("=weighted") + 1).protection.locked is True
    rules = {str(dv.sqref).split(":")[0][:1]: dv for dv in ws.data_validations.dataValidation}
    col = "ABCDEFGHIJK"
    assert rules[col[names.index("probability")]].type == "decimal"
    assert rules[col[names.index("probability")]].formula2 == "1"
    assert rules[col[names.index("business_line")]].type == "list"
    assert rules[col[names.index("quarter")]].type == "list"
    lists = wb["_lists"]
    assert wb["_lists"].sheet_state == "hidden"
    values = {lists.cell(1, c + 1).value: [lists.cell(r, c + 1).value for r in range(2, 15)]
              for c in range(lists.max_column)}
    assert values["business_lines"][:3] == ["voice", "data", "internet"]
    assert "决策者" in next(v for k, v in values.items() if "决策者" in k)
    assert wb.sheetnames[0] == "填写说明"
    assert [s.name("zh") for s in CUSTOMER_TABLES][:3] == ["客户概况", "组网", "各运营商收入"]


def test_weighted_amounts_and_stock_targets_are_live_formulas(tmp_path):
    book = make_workbook(EXAMPLE, tmp_path / "book.xlsx")
    recalculated = lo.recalculate([book], tmp_path)[0]
    ws = openpyxl.load_workbook(recalculated, data_only=True)["商机"]
    formulas = openpyxl.load_workbook(book)["商机"]
    icbc = rows(ws, "jz-icbc")
    names = [c.value for c in ws[2]]
    w = names.index("=weighted")
    # 30 × 0.6 = 18; 24 × 0.7 = 16.8; 20 × 0.4 = 8
    assert [r[w].value for r in icbc] == [18, 16.8, 8]
    assert formulas.cell(icbc[0][w].row, w + 1).value == \
        '=IF(OR(F{0}="",G{0}=""),"",ROUND(F{0}*G{0},2))'.format(icbc[0][w].row)
    assert icbc[0][1].value == "中国工商银行股份有限公司江州分行"
    stock = openpyxl.load_workbook(recalculated, data_only=True)["存量"]
    t = [c.value for c in stock[2]].index("=stock_target")
    # 132 × 0.97 = 128.04; 21 × 0.92 = 19.32
    assert [r[t].value for r in rows(stock, "jz-icbc")] == [128.04, 18, 19.32, 36, 15]


def test_rows_added_and_cleared_become_items_added_and_removed(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx")

    def change(wb):
        clear_row(wb, "商机", "jz-icbc", 1)
        new_row(wb, "商机", {"_id": "jz-icbc", "name": "新商机, 含逗号", "business_line": "cloud",
                             "amount": "１２", "probability": "60%", "quarter": "q3"})
        clear_row(wb, "关系", "jz-icbc", 2)

    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 0, result.output
    text = (copy / "customers" / "jz-icbc.yaml").read_text(encoding="utf-8")
    assert "同城双活灾备链路扩容" not in text and "陆斌" not in text
    assert '  - {name: "新商机, 含逗号", business_line: cloud, amount: 12, probability: 0.6, ' \
           'quarter: Q3}\n' in text
    assert "删除 商机: 同城双活灾备链路扩容 (商机!C" in result.output
    assert "删除 关系: 陆斌" in result.output


def _import_errors(tmp_path: Path, change) -> tuple[str, Path]:
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    before = snapshot(copy)
    book = make_workbook(copy, tmp_path / "book.xlsx")
    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 1
    assert snapshot(copy) == before
    return result.output, book


def test_bad_cells_are_reported_at_their_cell_and_nothing_is_written(tmp_path):
    def change(wb):
        set_cell(wb, "商机", "jz-icbc", "probability", "七成")
        new_row(wb, "商机", {"_id": "jz-icbc", "name": "只写了名称"})  # a row left half filled

    out, book = _import_errors(tmp_path, change)
    ws = openpyxl.load_workbook(book)["商机"]
    first = rows(ws, "jz-icbc")[0][0].row
    blank = next(r for r in rows(ws) if r[0].value is None)[0].row
    assert out.splitlines() == [
        f"商机!G{first}: 转化可能性: 应为比率 (写的是 '七成') — 写成 0 到 1 之间的小数如 0.95, "
        "或百分数如 95%",
        f"商机!E{blank}: 业务: 必填, 该单元格不能为空 — 填写该单元格, 或清空整行 (删除该项)",
        f"商机!F{blank}: 年内收入: 必填, 该单元格不能为空 — 填写该单元格, 或清空整行 (删除该项)",
        f"商机!G{blank}: 转化可能性: 必填, 该单元格不能为空 — 填写该单元格, 或清空整行 (删除该项)",
        f"有 4 个错误, 没有修改 {tmp_path / 'copy'} 中的任何文件"]


def test_a_reference_outside_the_catalog_is_reported_at_its_cell(tmp_path):
    out, book = _import_errors(
        tmp_path, lambda wb: set_cell(wb, "存量", "jz-icbc", "business_line", "datta"))
    row = rows(openpyxl.load_workbook(book)["存量"], "jz-icbc")[0][0].row
    assert out.startswith(f"存量!D{row}: 业务: ")
    assert "datta" in out and "data" in out


def test_what_excel_does_to_values_is_read_as_meant(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx")

    def change(wb):
        set_cell(wb, "服务成本", "jz-icbc", "marketing", "1,200")  # a number typed as text
        set_cell(wb, "服务成本", "jz-icbc", "service", "６．５ ")  # full-width, a trailing space
        set_cell(wb, "商机", "jz-icbc", "probability", "65%")
        set_cell(wb, "防控预案", "jz-icbc", "kpis.renewal_rate", 0.95)
        set_cell(wb, "客户概况", "jz-icbc", "manager", "邵雅琳   ")  # the same name
        set_cell(wb, "活动", "jz-icbc", "quarter", "Ｑ２")

    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 0, result.output
    text = (copy / "customers" / "jz-icbc.yaml").read_text(encoding="utf-8")
    assert "costs: {marketing: 1200, service: 6.5, maintenance: 10.5, " in text
    assert "amount: 30, probability: 0.65, quarter: Q2" in text
    assert "kpis: {renewal_rate: 0.95, " in text
    assert "manager: 邵雅琳\n" in text
    assert "- {quarter: Q2, activity: 灾备链路扩容方案确认" in text


def test_excel_dates_are_read_as_dates(tmp_path):
    import datetime as dt

    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx")

    def change(wb):
        set_cell(wb, "行业促销", "finance", "start", dt.datetime(2027, 5, 1))
        set_cell(wb, "行业促销", "finance", "end", "2027年8月1日")

    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 0, result.output
    text = (copy / "industries" / "finance.yaml").read_text(encoding="utf-8")
    assert "start: 2027-05-01, end: 2027-08-01," in text


def test_a_new_customer_becomes_a_new_file(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx", "--new", "2")

    def change(wb):
        new_row(wb, "客户概况", {"_id": "jz-new-bank", "name": "江州新银行",
                                 "industry": "finance", "region": "central", "manager": "王芳"})
        new_row(wb, "存量", {"_id": "jz-new-bank", "business_line": "data", "base": 50,
                             "retention": 0.9})
        new_row(wb, "关系", {"_id": "jz-new-bank", "name": "李行长", "role": "决策者"})

    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 0, result.output
    path = copy / "customers" / "jz-new-bank.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.schema/customer.json\n"
                           "# 重点客户输入: jz-new-bank\n# 由 planner import 从填报工作簿生成")
    assert "name: 江州新银行  # 客户名称" in text
    assert run("check", copy).exit_code == 0
    targets = run("targets", copy, "--json")
    import json

    data = json.loads(targets.stdout)["customers"]["jz-new-bank"]
    assert data["stock"] == 45  # 50 × 0.9


def test_extra_sheets_and_columns_are_ignored_with_a_warning(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    before = snapshot(copy)
    book = make_workbook(copy, tmp_path / "book.xlsx")

    def change(wb):
        wb.create_sheet("我的备注")["A1"] = "自己的笔记"
        ws = wb["商机"]
        ws.cell(1, ws.max_column + 1).value = "备注"

    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 0, result.output
    assert "工作表「我的备注」不是填报表, 导入时忽略" in result.output
    assert "列「备注」不是填报列, 导入时忽略" in result.output
    assert snapshot(copy) == before


def test_dry_run_shows_the_changes_and_writes_nothing(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    before = snapshot(copy)
    book = make_workbook(copy, tmp_path / "book.xlsx")
    edited = edit(book, tmp_path / "e.xlsx",
                  lambda wb: set_cell(wb, "商机", "jz-icbc", "amount", 35))
    result = run("import", edited, copy, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "30.00 → 35.00" in result.output
    assert "customers/jz-icbc.yaml: 修改 1 处, 新增 0 项, 删除 0 项" in result.output
    assert "\n-  - {name: 智慧网点SD-WAN改造, business_line: data, amount: 30, " in result.output
    assert "\n+  - {name: 智慧网点SD-WAN改造, business_line: data, amount: 35, " in result.output
    assert snapshot(copy) == before


def test_every_sheet_has_the_id_and_name_of_its_rows():
    for table in CUSTOMER_TABLES[1:]:
        names = [s.name for s in slots(table)]
        assert names[:2] == ["_id", "_name"]


def test_a_workbook_of_one_industry_holds_its_customers_and_sheets(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx", "--industry", "finance")
    wb = openpyxl.load_workbook(book)
    assert "行业概况" in wb.sheetnames and "其他客户收入" not in wb.sheetnames
    ids = [r[0].value for r in rows(wb["客户概况"]) if r[0].value]
    assert ids == ["jz-icbc", "jz-rcb", "jz-securities-jiangbei"]
    assert [r[0].value for r in rows(wb["行业概况"])] == ["finance"]

    def change(wb):
        set_cell(wb, "行业概况", "finance", "manager", "新行业经理")
        new_row(wb, "客户概况", {"_id": "jz-university", "name": "另一个客户", "industry": "edu",
                                 "region": "central"})

    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 1
    assert "客户 jz-university 不在本工作簿中" in result.output
    result = run("import", edit(book, tmp_path / "f.xlsx", lambda wb: set_cell(
        wb, "行业概况", "finance", "manager", "新行业经理")), copy)
    assert result.exit_code == 0, result.output
    after = snapshot(copy)
    assert [k for k, v in after.items() if snapshot(EXAMPLE)[k] != v] == ["industries/finance.yaml"]
    assert "manager: 新行业经理\n" in after["industries/finance.yaml"].decode()


def test_a_file_changed_after_the_workbook_was_made_is_not_overwritten(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx", "--customer", "jz-icbc")
    path = copy / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 编辑过\n", encoding="utf-8")
    edited = edit(book, tmp_path / "e.xlsx",
                  lambda wb: set_cell(wb, "商机", "jz-icbc", "amount", 35))
    result = run("import", edited, copy)
    assert result.exit_code == 1
    assert "customers/jz-icbc.yaml: customers/jz-icbc.yaml 在生成工作簿后被修改过" in result.output
    assert path.read_text(encoding="utf-8").endswith("# 编辑过\n")


def test_an_english_workbook_comes_back_byte_for_byte(tmp_path):
    _round_trip(EXAMPLE, tmp_path, "--lang", "en")
    wb = openpyxl.load_workbook(tmp_path / "book.xlsx")
    assert wb.sheetnames[:3] == ["Instructions", "Profile", "Network"]
    assert wb["Opportunities"]["F1"].value == "In-year revenue *"


def test_the_labels_composed_from_kinds_exist():
    from planner.messages import L

    assert [k for k in ("money", "rate", "int", "number", "choice") if f"wb_invalid_{k}" not in L
            ] == []
    assert all(f"wb_holds_{kind}" in L for kind in ("customer", "industry"))


def test_a_row_without_its_customer_or_with_an_unknown_one_is_an_error(tmp_path):
    def change(wb):
        new_row(wb, "活动", {"quarter": "Q2", "activity": "拜访"})
        new_row(wb, "关系", {"_id": "jz-nobody", "name": "张三", "role": "决策者"})
        set_cell(wb, "商机", "jz-icbc", "_item", 9)

    out, book = _import_errors(tmp_path, change)
    lines = out.splitlines()
    assert any(line.startswith("活动!A") and "该行没有编号" in line for line in lines)
    assert any(line.startswith("关系!A") and "编号 jz-nobody 不在本工作簿中" in line
               for line in lines)
    assert any(line.startswith("商机!C") and "序号 9 不对应任何一项 (共 3 项)" in line
               for line in lines)


def test_a_plan_set_with_errors_gets_no_workbook(tmp_path):
    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    path = copy / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 30,", "amount: 3o,"),
                    encoding="utf-8")
    result = run("workbook", copy, "-o", tmp_path / "book.xlsx")
    assert result.exit_code == 1
    assert "customers/jz-icbc.yaml:51:55: opportunities[0].amount " \
        "(第 1 条商机「智慧网点SD-WAN改造」的年内收入): 应为金额数字" \
        in result.output
    assert not (tmp_path / "book.xlsx").exists()


def test_the_market_sheets_edit_market_yaml_line_by_line(tmp_path):
    import datetime as dt

    copy = copy_plans(EXAMPLE, tmp_path / "copy")
    book = make_workbook(copy, tmp_path / "book.xlsx")

    def change(wb):
        wb["分区域指引"]["B3"] = 2600  # central (the market's sheets have no id column)
        new_row(wb, "其他客户收入", {"region": "north", "industry": "gov",
                                     "business_line": "data", "base": 100, "retention": "95%"})
        assert wb["市场分析"]["B6"].value == "政策与监管环境"  # after the three competitors
        wb["市场分析"]["C6"] = "改写的政策分析"
        wb["编制进度"]["D4"] = dt.date(2026, 11, 21)
        wb["计划信息"]["F3"] = None  # the reviewer, cleared

    result = run("import", edit(book, tmp_path / "e.xlsx", change), copy)
    assert result.exit_code == 0, result.output
    old = (EXAMPLE / "market.yaml").read_text(encoding="utf-8").splitlines()
    new = (copy / "market.yaml").read_text(encoding="utf-8").splitlines()
    import difflib

    changes = [line for line in difflib.unified_diff(old, new, n=0, lineterm="")
               if line[:1] in "+-" and line[:3] not in ("---", "+++")]
    assert changes == [
        "-  reviewer: 魏长河                        # 江州市分公司主任",
        '-    - {task: 重点客户走访、商机梳理与客户计划编制, owner: 各客户经理, due: "2026-11-20"}',
        '+    - {task: 重点客户走访、商机梳理与客户计划编制, owner: 各客户经理, due: "2026-11-21"}',
        "-    - 省《数字政府建设“十五五”规划》要求2027年市级政务系统上云率达到95%，"
        "并推进信创云资源池建设。",
        "+    - 改写的政策分析",
        "-  by_region: {central: 2550, north: 1420, south: 720, county: 700}",
        "+  by_region: {central: 2600, north: 1420, south: 720, county: 700}",
        "+  - {region: north, industry: gov, business_line: data, base: 100, retention: 0.95}"]


def test_an_unknown_customer_or_industry_is_refused_with_the_closest(tmp_path):
    result = run("workbook", EXAMPLE, "-o", tmp_path / "book.xlsx", "--customer", "jz-icb",
                 "--industry", "financ")
    assert result.exit_code == 1
    assert "--customer jz-icb 不在计划集中, 没有生成工作簿 — 是否应为 'jz-icbc'?" in result.output
    assert "--industry financ 不在计划集中" in result.output
    assert not (tmp_path / "book.xlsx").exists()


def test_a_new_customer_id_that_is_no_id_is_an_error_before_any_file(tmp_path):
    def change(wb):
        new_row(wb, "客户概况", {"_id": "../../evil", "name": "坏编号", "industry": "finance",
                                 "region": "central"})

    out, book = _import_errors(tmp_path, change)
    assert "客户概况!A" in out and "编号 '../../evil' 格式不对" in out
    assert not (tmp_path / "evil.yaml").exists()


def test_a_carrier_outside_the_catalog_is_reported_at_its_cell(tmp_path):
    out, book = _import_errors(tmp_path, lambda wb: set_cell(wb, "话音", "jz-icbc", "_key",
                                                             "中国铁通"))
    row = rows(openpyxl.load_workbook(book)["话音"], "jz-icbc")[0][0].row
    assert out.startswith(f"话音!D{row}: 运营商: '中国铁通' 不是目录中的运营商")


def _width(ws, col: int) -> float:
    """A column's width as openpyxl reads it (XlsxWriter writes equal neighbours as one range)."""
    for dim in ws.column_dimensions.values():
        if dim.min <= col + 1 <= dim.max:
            return dim.width
    return 0.0


LONG_COLUMNS = {  # descriptions, strategies and notes: what people write sentences in
    "存量": ["risk", "measure"], "商机": ["conditions"], "策反": ["approach"],
    "各运营商收入": ["note"], "活动": ["activity"], "策略": ["text"], "需求及清单": ["_text"],
    "客户概况": ["profile.industry_position", "network.structure"], "行业措施": ["text"],
    "行业竞争对手": ["position"], "行业分析": ["_text"], "市场措施": ["text"],
    "其他客户收入": ["note"], "编制进度": ["task"]}


def test_long_text_inputs_wrap_in_wide_columns_and_their_rows_fit_them(tmp_path):
    from planner.fillin.book import LONG_WIDTH
    from planner.render.xlsx_print import LINE_PT

    wb = openpyxl.load_workbook(make_workbook(EXAMPLE, tmp_path / "book.xlsx"))
    for sheet, names in LONG_COLUMNS.items():
        ws = wb[sheet]
        for name in names:
            c = column(ws, name)
            cells = [r[c] for r in rows(ws)]
            assert len(cells) >= 17 and _width(ws, c) >= LONG_WIDTH, (sheet, name)  # and blanks
            assert all(x.alignment.wrap_text and x.alignment.vertical == "top"
                       and not x.protection.locked for x in cells), (sheet, name)
    # a figure or a choice does not wrap; a short text keeps its 24 units
    stock = wb["存量"]
    assert not any(r[column(stock, "base")].alignment.wrap_text for r in rows(stock))
    opps = wb["商机"]
    assert not rows(opps)[0][column(opps, "name")].alignment.wrap_text
    assert _width(opps, column(opps, "name")) < LONG_WIDTH
    # a strategy of two lines gets a row of two lines; a short one is left to the program
    strategies = wb["策略"]
    heights = {(r[0].value, r[column(strategies, "_key")].value):
               strategies.row_dimensions[r[0].row].height for r in rows(strategies)}
    text = {(r[0].value, r[column(strategies, "_key")].value): r[column(strategies, "text")].value
            for r in rows(strategies)}
    assert text[("jz-heavy-industry", "服务")] == "生产网故障30分钟响应、2小时恢复，驻场工程师7×24值守。"
    assert heights[("jz-heavy-industry", "服务")] == pytest.approx(2 * LINE_PT, abs=0.5)
    assert text[("jz-rcb", "服务")] == "县域网点4小时到场，季度提交网络质量报告。"
    assert heights[("jz-rcb", "服务")] is None  # one line: the program's own height
