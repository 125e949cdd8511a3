"""The small plan set of the business review tests (two customers, hand-computed targets) and
a billing export of it with Chinese headers, as people get them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl

D = Decimal

# Two customers (the arithmetic of their targets is in tests/test_review_actuals.py).
ACME = """\
id: acme
name: 测试客户
industry: gov
region: urban
stock:
  - {business_line: data, base: 120, retention: 0.9}
  - {business_line: voice, base: 40}
opportunities:
  - {name: 云扩容, business_line: cloud, amount: 60, probability: 0.5, quarter: Q2, conditions: 获批}
winback:
  - {competitor: 中国移动, business_line: data, competitor_revenue: 50, amount: 20, probability: 0.6, quarter: Q2}
"""  # noqa: E501 - plan file lines as users write them
BANK = """\
id: bank
name: 江州银行
industry: finance
region: east
stock:
  - {business_line: data, base: 80}
opportunities:
  - {name: 网点改造, business_line: data, amount: 24, probability: 0.5, quarter: Q2, conditions: 立项}
  - {name: 坐席话音, business_line: voice, amount: 16, probability: 0.5, quarter: Q3, conditions: 招标}
"""  # noqa: E501

HEADER = ["账期", "客户编号", "客户名称", "业务名称", "实收金额（万元）"]
# A billing export as people get it: a title row, a blank row, the header, months, quarters and
# dates mixed, the billing system's own customer numbers beside the names, a blank row inside
# and a total row at the end.
ROWS = [
    ["2027-01", "C0001", "测试客户", "数据", 8],
    ["2027-02", "C0001", "测试客户", "数据", 9],
    ["2027-03", "C0001", "测试客户", "数据", 9.0],
    ["2027Q2", "C0001", "测试客户", "data", "30"],
    [None, None, None, None, None],
    ["2027年1季度", "acme", None, "话音", 10],
    [dt.datetime(2027, 5, 20), None, " 测试客户 ", "话音", 11],
    ["Q2", None, "测试客户", "云及IDC", "4.00"],
    ["2027-Q1", "B0002", "江州银行", "数据", 18],
    [202704, "B0002", "江州银行", "数据", 19],
    ["2027-06", "B0002", "江州银行", "话音", "1"],
]
TOTAL = ["合计", None, None, None, 145]
# acme: data Q1 8 + 9 + 9 = 26, Q2 30; voice Q1 10, Q2 11; cloud Q2 4
# bank: data Q1 18, Q2 19; voice Q2 1
EXPECTED = {("acme", "data"): (D(26), D(30), D(0), D(0)),
            ("acme", "voice"): (D(10), D(11), D(0), D(0)),
            ("acme", "cloud"): (D(0), D(4), D(0), D(0)),
            ("bank", "data"): (D(18), D(19), D(0), D(0)),
            ("bank", "voice"): (D(0), D(1), D(0), D(0))}


def write_xlsx(path: Path, rows: list[list], sheet: str = "收入明细") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["2027年上半年政企收入明细"])
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


