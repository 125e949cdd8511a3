"""The market workbook's data sheet is written from parts (`render/xlsx_kept.py`): each
customer's rows made once as the XML XlsxWriter writes, and kept between builds. A sheet written
from parts is byte for byte the sheet XlsxWriter writes cell by cell; a kept part is used only
for the same targets, and a build after an edit gives the workbook a build from nothing gives."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from planner.build import build
from planner.pipeline import analyse_lean
from planner.render import xlsx_kept
from planner.render.workbook import Book, Col, Formula
from planner.render.xlsx_kept import ROW, Kept, Maker, ref
from planner.render.xlsx_plans import market_workbook
from planner.render.xlsx_rollup import data_cols
from planner.report.common import doc_info
from planner.resources import Templates
from planner.store import Store

from conftest import EXAMPLE

COLS = [Col("名称", width=10), Col("地区"), Col("金额", "money"), Col("比例", "rate"),
        Col("合计", "money"), Col("说明"), Col("代码", "plain"), Col("未知", "no-such-kind")]
LONG = "甲乙丙丁戊己庚辛壬癸" * 6  # 120 wide: wraps in a sized column too
ROWS = [
    ["A & B <公司>", "华东", Decimal("1234.5"), Decimal("0.85"),
     Formula(f"={ref(2)}*{ref(3)}", Decimal("1049.33")), "", "c-1", None],
    [" 前后有空格 ", LONG, 7, 0.125, Formula(f"=SUM({ref(2)}:{ref(3)})", ""), "第一行\n第二行",
     "_x0041_ 字面", True],
    ["控\x07制\x1f字符", "西部", Decimal("-0.01"), "", Formula(f"=IF({ref(2)}>0,1,0)", None),
     "引号\"和'撇号", "", "x"],
    ["错误", "", Decimal("1E+20"), Decimal("0"), Formula("=1/0", "#DIV/0!"), LONG + "尾",
     "", ""],
    ["文本值", "北", Decimal("0.1"), None, Formula(f'=IF({ref(2)}=0,"","有")', "有"), "",
     "", Decimal("3")],
]


def numbered(rows: list[list], first: int) -> list[list]:
    """The rows with ROW in their formulas replaced by each row's number (from `first`)."""
    return [[Formula(v.text.replace(ROW, str(n)), v.value) if isinstance(v, Formula) else v
             for v in row] for n, row in enumerate(rows, start=first)]


def written(fill) -> dict[str, bytes]:
    book = Book("zh", "t", dt.date(2027, 1, 1), large=True)
    ws = book.sheet("数据")
    ws.write_string(0, 0, "说明", book.fmt["note"])
    fill(book, ws)
    book.wb.add_worksheet("后")  # a sheet after it
    with zipfile.ZipFile(io.BytesIO(book.close())) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_a_sheet_of_parts_is_the_sheet_xlsxwriter_writes_cell_by_cell():
    cell_by_cell = written(lambda book, ws: book.cell_table(ws, 1, COLS, numbered(ROWS, 3),
                                                            freeze=True, autofilter=True))

    def from_parts(book, ws):
        maker = Maker(book, COLS)
        parts = [maker.part(ROWS[:2]), maker.part([]), maker.part(ROWS[2:3]),
                 maker.part(ROWS[3:])]
        assert [p.rows for p in parts] == [2, 0, 1, 2]
        assert xlsx_kept.write(book, ws, 1, COLS, parts, freeze=True, autofilter=True) == 7

    parts = written(from_parts)
    assert parts.keys() == cell_by_cell.keys()
    for name, data in cell_by_cell.items():
        assert parts[name] == data, name
    sheet = cell_by_cell["xl/worksheets/sheet1.xml"].decode()
    # what the comparison covers: wrapped rows made taller, escapes, kinds of value
    assert re.search(r'<row r="4" ht="[\d.]+" customHeight="1">', sheet)
    assert "A &amp; B &lt;公司&gt;" in sheet and "_x005F_x0041_" in sheet
    assert 'xml:space="preserve"' in sheet and 't="e"' in sheet and 't="str"' in sheet
    assert '<f>C3*D3</f><v>1049.33</v>' in sheet


def test_a_large_book_writes_its_tables_as_parts_with_their_total_rows():
    total = ["合计", "", Formula("=SUM(C3:C7)", Decimal("1.5")), "", Decimal("2"), "", "", ""]
    assert len(Maker(Book("zh", "t", None, large=True), COLS).parts(ROWS * 500)) == 3
    for rows in (numbered(ROWS, 3), [], numbered(ROWS * 500, 3)):  # (2,500 rows: 3 parts)
        sheets = [written(lambda book, ws, how=how, rows=rows: getattr(book, how)(
                      ws, 1, COLS, rows, total, freeze=True, autofilter=True, title_cols=2))
                  for how in ("cell_table", "table")]
        assert sheets[0] == sheets[1]


def test_parts_are_written_only_into_a_constant_memory_sheet():
    book = Book("zh", "t", None)  # in memory
    ws = book.sheet("数据")
    with pytest.raises(ValueError, match="constant-memory"):
        xlsx_kept.write(book, ws, 1, COLS, [Maker(book, COLS).part(ROWS)])


def made_parts(monkeypatch) -> list[int]:
    """The rows of each part of a data sheet made from now on (parts taken from a store are not
    made)."""
    made: list[int] = []
    real = Maker.part
    data = data_cols(Templates(None, "zh").labels)

    def counting(self, rows):
        part = real(self, rows)
        if list(self.cols) == data:
            made.append(part.rows)
        return part

    monkeypatch.setattr(Maker, "part", counting)
    return made


def market_xlsx(root: Path, kept: Kept | None) -> bytes:
    analysis = analyse_lean(root)
    plan, targets = analysis.plan, analysis.targets
    labels = Templates(None, "zh").labels
    ctx = {"doc": doc_info(plan, labels, "t"), "flags": []}
    data = market_workbook(plan, targets, ctx, labels, "zh", kept)
    if kept is not None:
        kept.save()
    return data


def test_kept_parts_serve_the_same_targets_only(tmp_path, monkeypatch):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    customers = len(list((root / "customers").glob("*.yaml")))
    bulk = len(analyse_lean(root).targets.bulk_rows())  # market.yaml's rows of other customers
    assert bulk
    made = made_parts(monkeypatch)

    def kept() -> Kept:
        return Kept(Store.open(root, "code", kind="rows", part="zh"))

    fresh = market_xlsx(root, None)
    assert len(made) == customers + 1  # a part per customer, and the bulk rows
    made.clear()
    assert market_xlsx(root, kept()) == fresh  # made and kept
    assert len(made) == customers + 1
    made.clear()
    assert market_xlsx(root, kept()) == fresh  # taken from the store
    assert made == [bulk]  # the bulk rows only
    path = sorted((root / "customers").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("retention: 0.", "retention: 0.1",
                                                             1), encoding="utf-8")
    made.clear()
    edited = market_xlsx(root, kept())
    assert edited != fresh and len(made) == 2  # the edited customer's part, and the bulk
    made.clear()
    assert market_xlsx(root, None) == edited
    made.clear()
    other = Kept(Store.open(root, "other code", kind="rows", part="zh"))
    assert market_xlsx(root, other) == edited and len(made) == customers + 1


def test_a_build_after_an_edit_writes_the_workbooks_a_forced_build_writes(tmp_path,
                                                                          monkeypatch):
    """The market workbook's and each industry's data sheet rows are kept (a store each), and
    after an edit the workbooks made from them are those a forced build makes."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build(root, tmp_path / "out", jobs=1)
    rows = list((tmp_path / "cache" / "planner" / "rows").glob("*.planner-rows"))
    analysis = analyse_lean(root)
    assert len(rows) == 1 + len(analysis.targets.industries)
    path = sorted((root / "customers").glob("*.yaml"))[-1]
    industry = analysis.plan.briefs[yaml.safe_load(path.read_text(encoding="utf-8"))["id"]].industry
    path.write_text(path.read_text(encoding="utf-8").replace("retention: 0.", "retention: 0.2",
                                                             1), encoding="utf-8")
    made = made_parts(monkeypatch)
    again = build(root, tmp_path / "out", jobs=1)
    assert {"market-xlsx", f"industry:{industry}"} <= set(again.rendered)
    # the edited customer's rows in the market's and its industry's, and the bulk rows: not
    # every customer's
    assert 2 <= len(made) < len(analysis.plan.customers)
    forced = build(root, tmp_path / "forced", jobs=1, force=True)
    stamps = [r.stat().st_mtime_ns for r in rows]
    names = [o.path for o in forced.outputs if o.level in ("market", "industry")
             and o.format == "xlsx"]
    assert len(names) == 1 + len(analysis.targets.industries)
    for name in names:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "forced" / name).read_bytes()
    assert [r.stat().st_mtime_ns for r in rows] == stamps  # --force neither reads nor writes
