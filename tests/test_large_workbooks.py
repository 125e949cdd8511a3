"""The market and industry workbooks are written in XlsxWriter's constant-memory mode, which
silently drops a cell written above the row being written: they must hold exactly the cells the
in-memory mode gives."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from planner.pipeline import analyse
from planner.render import workbook, xlsx_plans
from planner.report.common import doc_info
from planner.resources import Templates

from conftest import EXAMPLE


def inline_strings(data: bytes) -> bool:
    """Constant-memory mode writes text into the cells, the other mode into sharedStrings.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return any(b'"inlineStr"' in z.read(n) for n in z.namelist() if "worksheets/" in n)


def cells(data: bytes) -> dict[str, list[list]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def analysis():
    return analyse(EXAMPLE)


def render_both(monkeypatch, make):
    large = make()
    real = workbook.Book.__init__
    monkeypatch.setattr(workbook.Book, "__init__",
                        lambda self, *a, large=False: real(self, *a, large=False))
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
