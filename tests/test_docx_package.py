"""Word documents rendered from a template kept open: the same parts, with the same bytes, as
docxtpl's own render and python-docx's save make, with pictures and dynamic table columns."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from planner.business_review import run_review
from planner.errors import current_input
from planner.render.docx import Numbering, jinja_env, render_docx
from planner.render.docx_package import member, zip_bytes
from planner.render.docx_tables import fix_tables
from planner.render.review_charts import review_charts
from planner.report.business_review import customer_review_context, market_review_context
from planner.report.customer import customer_context
from planner.resources import SHIPPED, Templates

from conftest import EXAMPLE, REPO

BILLING = REPO / "plans" / "example-actuals" / "billing-2027H1.csv"


class Docxtpl(DocxTemplate):
    """docxtpl as planner uses it: the core properties (author, title...) are not templated."""

    def render_properties(self, context, jinja_env=None):
        pass


def docxtpl_render(template, context: dict, pictures: dict) -> bytes:
    """The document as docxtpl renders it (opening the template, its InlineImage pictures) and
    python-docx saves it."""
    tpl = Docxtpl(template)
    tpl.render_init()
    charts = {k: InlineImage(tpl, io.BytesIO(png), width=Cm(15.5)) if png else None
              for k, png in pictures.items()}
    tpl.render({**context, "charts": charts, "num": Numbering(context.get("L", {}))},
               jinja_env(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return [(name, z.read(name)) for name in z.namelist()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_documents_with_pictures_are_what_docxtpl_makes(lang):
    run = run_review(EXAMPLE, [BILLING], 2, Decimal("0.9"))
    L = Templates(None, lang).labels
    for level, id, ctx in (
            ("customer", "jz-icbc", customer_review_context(run.plan, run.review, run.actuals,
                                                            "jz-icbc", L, lang)),
            ("market", None, market_review_context(run.plan, run.review, run.actuals, L, lang))):
        pictures = review_charts(run.plan, run.review, level, id, L)
        assert any(pictures.values())  # PNG pictures, each a part of the document
        template = SHIPPED / f"review_{level}.docx"
        ours = render_docx(template, ctx, pictures)
        assert members(ours) == members(docxtpl_render(template, ctx, pictures)), level
        names = [n for n, _ in members(ours)]
        assert sum(n.startswith("word/media/image") for n in names) == \
            len({png for png in pictures.values() if png})


def test_every_customer_plan_is_what_docxtpl_makes(example_analysis):
    plan, targets = example_analysis.plan, example_analysis.targets
    L = Templates(None, "zh").labels
    for cid in plan.customers:
        current_input.set(cid)
        ctx = customer_context(plan, targets, cid, [], L, "zh")
        charts = {"quarters": None, "wallet": None}  # native charts are planner's own
        ours = render_docx(SHIPPED / "customer.docx", ctx, charts)
        assert members(ours) == members(docxtpl_render(SHIPPED / "customer.docx", ctx, charts))
        # rendered twice from the template kept open: the same bytes
        assert render_docx(SHIPPED / "customer.docx", ctx, charts) == ours


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _body(*tables: str) -> str:
    return f'<w:body xmlns:w="{W}">{"".join(tables)}<w:p/></w:body>'


def _table(grid: list[int | None], rows: list[list[int]], inner: str = "") -> str:
    cols = "".join('<w:gridCol/>' if w is None else f'<w:gridCol w:w="{w}"/>' for w in grid)
    body = "".join(
        "<w:tr>" + "".join(
            "<w:tc>" + (f'<w:tcPr><w:gridSpan w:val="{s}"/></w:tcPr>' if s > 1 else "<w:tcPr/>")
            + f"<w:p/>{inner if k == 0 else ''}</w:tc>" for k, s in enumerate(row)) + "</w:tr>"
        for row in rows)
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl>"


@pytest.mark.parametrize("xml", [
    _body(_table([3000, 3000], [[1, 1], [1, 1, 1, 1]])),  # a {%tc for %} made more cells
    _body(_table([2000, 2000, 2000, 2000], [[1, 1], [1, 1]])),  # ... or fewer
    _body(_table([2000, 2000, 2000], [[2, 1], [1, 1, 1]])),  # spans make up the grid
    _body(_table([2500, 2500, 2500], [[2], [1]])),  # a span, and fewer cells
    _body(_table([None, None], [[1, 1, 1]])),  # no widths: nothing to scale
    _body(_table([4000, 4000], [[1, 1, 1]], inner=_table([1000, 1000, 1000], [[1]]))),  # nested
    _body(_table([3000, 3000], [[1, 1]]), _table([1500] * 5, [[1, 1, 1]])),
])
def test_tables_are_fitted_as_docxtpl_fits_them(xml):
    expected = etree.tostring(DocxTemplate.fix_tables(None, xml))
    assert etree.tostring(fix_tables(xml)) == expected


def test_zips_are_those_zipfile_writes():
    blobs = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>" * 99),
             ("word/media/image1.png", bytes(range(256)) * 4), ("docProps/核心.xml", b"")]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in blobs:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, blob)
    assert zip_bytes([member(name, blob) for name, blob in blobs]) == buf.getvalue()
