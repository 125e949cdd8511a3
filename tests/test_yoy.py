"""An industry's YoY (同比), like for like: over the rows that give a prior-year figure, saying
what it leaves out (the industry plans of plans/example read "同比 —" before)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from planner.build import build
from planner.compute.targets import Figures, Row
from planner.compute.yoy import LikeForLike, like_for_like
from planner.pipeline import analyse
from planner.report.industry import yoy_text
from planner.resources import Templates

from conftest import EXAMPLE
from docs_support import document, docx_texts


def _row(base: str, previous: str | None) -> Row:
    return Row("c", "r", "i", "l", Figures(base=D(base), previous=None if previous is None
                                             else D(previous)))


@pytest.mark.parametrize(("rows", "expected", "yoy"), [
    # 110 / 100 − 1 = 10%; every row covered
    ([("60", "50"), ("50", "50")], LikeForLike(D(110), D(100), D(0)), D("0.1")),
    # the 30 without a prior-year figure is left out of the rate and counted: 90 / 80 − 1
    ([("90", "80"), ("30", None)], LikeForLike(D(90), D(80), D(30)), D("0.125")),
    # a line only an opportunity brings (base 0, previous 0) changes nothing
    ([("90", "80"), ("0", "0")], LikeForLike(D(90), D(80), D(0)), D("0.125")),
    # nothing to compare with
    ([("30", None)], LikeForLike(D(0), D(0), D(30)), None),
])
def test_like_for_like(rows, expected, yoy):
    found = like_for_like([_row(b, p) for b, p in rows])
    assert found == expected and found.yoy == yoy


def test_every_industry_of_the_example_has_its_yoy():
    """Health: jz-first-hospital 86+34+22+58+15.5+20 = 235.50 on 80+32+24+36+14+18 = 204;
    jiangbei-tcm-hospital data and internet 28+12 = 40 on 26+11 = 37; its voice 8.50 and the bulk
    row south·health·cloud 80 have no prior-year figure: 88.50 left out.
    275.50 / 241 − 1 = 14.315% -> +14.3%. Gov: 1,142.75 / 1,020.50 − 1 = 11.98% -> +12.0%."""
    a = analyse(EXAMPLE)
    L, en = Templates(None, "zh").labels, Templates(None, "en").labels
    by = {iid: like_for_like([r for r in a.targets.rows if r.industry == iid])
          for iid in a.targets.industries}
    assert by["health"] == LikeForLike(D("275.50"), D(241), D("88.50"))
    assert by["gov"] == LikeForLike(D("1142.75"), D("1020.50"), D(420))
    assert yoy_text(by["health"], L) == \
        "+14.3%，按填写了上年收入的 275.50 计算，另有 88.50 未填写上年收入"
    assert yoy_text(by["gov"], en) == \
        "+12.0%, on the 1,142.75 that has a prior-year figure; 420.00 has none"
    assert yoy_text(LikeForLike(D(0), D(0), D(30)), L) == "无法计算：未填写上年收入"
    assert yoy_text(LikeForLike(D(110), D(100)), L) == "+10.0%"


def test_no_industry_plan_reads_yoy_dash(tmp_path):
    build(EXAMPLE, tmp_path / "out")
    for docx in sorted((tmp_path / "out" / "重点行业").glob("*.docx")):
        texts = docx_texts(docx)
        assert not any("同比 —" in t for t in texts), docx.name
    texts = docx_texts(document(tmp_path / "out", "industry", "health"))
    assert ("我方在本行业基准年收入 364.00 万元（同比 +14.3%，按填写了上年收入的 275.50 计算，另有 "
            "88.50 未填写上年收入），新年度目标 467.81 万元，较基准年增长 +28.5%。") in texts
