"""The market and industry workbooks are written in XlsxWriter's constant-memory mode, which
silently drops a cell written above the row being written, and their data sheets from parts
(`render/xlsx_kept.py`): they must hold exactly the cells of the same workbook written in memory,
its data sheet cell by cell."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
import xlsxwriter.workbook

from planner.pipeline import analyse
from planner.render import workbook, xlsx_plans, xlsx_rollup
from planner.render.workbook import Formula
from planner.render.xlsx_kept import ROW
from planner.report.common import doc_info
from planner.resources import Templates

from conftest import EXAMPLE


def inline_strings(data: bytes) -> bool:
    """Constant-memory mode writes text into the cells, the other mode into sharedStrings.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return any(b'"inlineStr"' in z.read(n) for n in z.namelist() if "worksheets/" in n)


def cells(data: bytes) -> dict[str, list[list]]:
    """Each sheet's cells: value, number format, fill and boldness."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [[(c.value, c.number_format, c.fill.fgColor.rgb, c.font.b) for c in row]
                       for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def analysis():
    return analyse(EXAMPLE)


def render_both(monkeypatch, make):
    """The workbook as planner writes it (constant-memory mode, its data sheet from parts),
    and in memory with its data sheet written cell by cell (`Book.table`)."""
    large = make()
    real = workbook.Book.__init__
    monkeypatch.setattr(workbook.Book, "__init__",
                        lambda self, *a, large=False: real(self, *a, large=False))
    rows_of = {}
    real_parts = xlsx_rollup.data_parts

    def parts(book, plan, rows, names, L, kept=None):
        rows_of[id(book)] = (plan, rows, names)
        return real_parts(book, plan, rows, names, L)

    def cell_by_cell(book, parts, L):
        plan, rows, names = rows_of[id(book)]
        ws = book.sheet(L["sheet_data"])
        ws.write_string(0, 0, L["xlsx_data_note"], book.fmt["note"])
        cells = xlsx_rollup.data_cells(plan, names, L)
        first = xlsx_rollup.DATA_TOP + 2  # the first data row's number
        table = [[Formula(v.text.replace(ROW, str(n)), v.value) if isinstance(v, Formula)
                  else v for v in cells(row)] for n, row in enumerate(rows, start=first)]
        book.table(ws, xlsx_rollup.DATA_TOP, xlsx_rollup.data_cols(L), table, freeze=True,
                   autofilter=True)

    monkeypatch.setattr(xlsx_plans, "data_parts", parts)
    monkeypatch.setattr(xlsx_plans, "data_sheet", cell_by_cell)
    in_memory = make()
    return large, in_memory


def test_the_market_workbook_loses_no_cell(analysis, monkeypatch):
    plan, targets = analysis.plan, analysis.targets
    labels = Templates(None, "zh").labels
    ctx = {"doc": doc_info(plan, labels, "t"), "flags": []}
    large, in_memory = render_both(
        monkeypatch, lambda: xlsx_plans.market_workbook(plan, targets, ctx, labels, "zh"))
    assert inline_strings(large) and not inline_strings(in_memory)  # the two modes indeed
    assert cells(large) == cells(in_memory)


@pytest.mark.parametrize("iid", ["gov", "finance"])
def test_an_industry_workbook_loses_no_cell(analysis, monkeypatch, iid):
    from planner.report.industry import industry_context

    plan, targets = analysis.plan, analysis.targets
    labels = Templates(None, "zh").labels
    ctx = industry_context(plan, targets, iid, [], labels, "zh")
    large, in_memory = render_both(
        monkeypatch, lambda: xlsx_plans.industry_workbook(plan, targets, iid, ctx, labels, "zh"))
    assert cells(large) == cells(in_memory)



def deflated_at(data: bytes) -> set[int]:
    """The deflate levels (1 to 9) at which zlib gives exactly each member's stored bytes (0:
    at none of them); members too small to tell the levels apart are left out."""
    levels = set()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED or info.file_size < 4096:
                continue
            at = info.header_offset  # the local header: 30 bytes, the name, an extra field
            name, extra = struct.unpack("<HH", data[at + 26:at + 30])
            start = at + 30 + name + extra
            stored = data[start:start + info.compress_size]
            plain = z.read(info)
            levels |= {lv for lv in range(1, 10) if stored == deflate(plain, lv)} or {0}
    return levels


def deflate(plain: bytes, level: int) -> bytes:
    """Raw deflate, as zipfile writes a member."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(plain) + packer.flush()


def test_a_large_workbook_is_zipped_fast_and_a_small_one_as_xlsxwriter_does(analysis):
    """The market workbook (constant memory) is deflated at level 1, which zips its data sheet
    about three times as fast; a customer's workbook, written after it, at XlsxWriter's level
    (zlib's default, 6): the swap of XlsxWriter's ZipFile does not outlive the large one."""
    from planner.render.xlsx_customer import customer_workbook
    from planner.report.customer import customer_context

    plan, targets = analysis.plan, analysis.targets
    labels = Templates(None, "zh").labels
    light = {"doc": doc_info(plan, labels, "t"), "flags": []}
    large = xlsx_plans.market_workbook(plan, targets, light, labels, "zh")
    cid = next(iter(plan.customers))
    ctx = customer_context(plan, targets, cid, [], labels, "zh")
    small = customer_workbook(plan, targets, cid, [], labels, "zh", ctx)
    assert deflated_at(large) == {1}
    levels = deflated_at(small)  # (its members are the same at levels 6 to 9)
    assert 6 in levels and 1 not in levels
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
