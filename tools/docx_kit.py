"""Building blocks for writing the shipped docxtpl Word templates with python-docx.

The templates in planner/templates/*.docx are the source users restyle in Word; these helpers only make
the first version reproducible: page setup, styles with a declared East Asian font, header and
footer with page numbers, and tables whose rows are docxtpl loops.
"""

from __future__ import annotations

from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_EA, BODY_LATIN = "宋体", "Times New Roman"
HEAD_EA, HEAD_LATIN = "黑体", "Arial"
TEXT_WIDTH_CM = 17.0  # A4 21 cm − 2 × 2 cm margins
LANDSCAPE_WIDTH_CM = 25.7  # 29.7 − 2 × 2
CELL_MARGIN_TWIPS = 57  # 1 mm each side of a cell's text


def set_fonts(rpr_owner, latin: str, east_asia: str, size: float | None = None,
              bold: bool | None = None, color: RGBColor | None = None) -> None:
    """Fonts of a style or run, with the East Asian font declared (w:eastAsia)."""
    font = rpr_owner.font
    font.name = latin
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def new_document() -> Document:
    """An A4 document with the planner styles (fixed document dates: the same code writes the
    same template)."""
    doc = Document()
    props = doc.core_properties
    props.created = props.modified = datetime(2026, 1, 1)
    props.author = props.last_modified_by = "planner"
    props.revision = 1
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(2.3), Cm(2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)
    _styles(doc)
    return doc


def _para_style(doc, name: str, base: str | None, ea: str, latin: str, size: float,
                bold: bool = False, align=None, before: float = 0, after: float = 0,
                color: RGBColor | None = None, keep_next: bool = False):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    set_fonts(style, latin, ea, size, bold, color)
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if align is not None:
        pf.alignment = align
    if keep_next:
        pf.keep_with_next = True
    return style


def _styles(doc) -> None:
    navy = RGBColor(0x1F, 0x3A, 0x5F)
    normal = _para_style(doc, "Normal", None, BODY_EA, BODY_LATIN, 10.5, after=4)
    normal.paragraph_format.line_spacing = 1.25
    _para_style(doc, "Title", "Normal", HEAD_EA, HEAD_LATIN, 20, True, WD_ALIGN_PARAGRAPH.CENTER,
                before=6, after=6, color=navy)
    _para_style(doc, "Subtitle", "Normal", BODY_EA, BODY_LATIN, 12, False,
                WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _para_style(doc, "Heading 1", "Normal", HEAD_EA, HEAD_LATIN, 15, True, before=14, after=6,
                color=navy, keep_next=True)
    _para_style(doc, "Heading 2", "Normal", HEAD_EA, HEAD_LATIN, 12, True, before=10, after=4,
                color=navy, keep_next=True)
    _para_style(doc, "Heading 3", "Normal", HEAD_EA, HEAD_LATIN, 10.5, True, before=6, after=2,
                keep_next=True)
    _para_style(doc, "List Bullet", "Normal", BODY_EA, BODY_LATIN, 10.5, after=2)
    table_text = _para_style(doc, "Table Text", "Normal", BODY_EA, BODY_LATIN, 9, after=0)
    table_text.paragraph_format.line_spacing = 1.1  # denser rows: the summary fits its page
    _para_style(doc, "Table Number", "Table Text", BODY_EA, BODY_LATIN, 9,
                align=WD_ALIGN_PARAGRAPH.RIGHT)
    # a header row keeps with the first row under it: never left alone at a page's foot (where
    # LibreOffice, with rows that may not split, also dropped the rows that followed)
    _para_style(doc, "Table Header", "Table Text", HEAD_EA, HEAD_LATIN, 8, True,
                WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    _para_style(doc, "Unit Note", "Normal", BODY_EA, BODY_LATIN, 8.5,
                align=WD_ALIGN_PARAGRAPH.RIGHT, after=1, keep_next=True)
    _para_style(doc, "Caption", "Normal", BODY_EA, BODY_LATIN, 9,
                align=WD_ALIGN_PARAGRAPH.CENTER, after=8)
    _para_style(doc, "Figure", "Normal", BODY_EA, BODY_LATIN, 10.5,
                align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep_next=True)
    _para_style(doc, "Table Caption", "Normal", HEAD_EA, HEAD_LATIN, 9.5, True,
                WD_ALIGN_PARAGRAPH.CENTER, before=4, after=2, keep_next=True)
    _para_style(doc, "Cover Mark", "Normal", HEAD_EA, HEAD_LATIN, 10.5, True,
                WD_ALIGN_PARAGRAPH.RIGHT, color=RGBColor(0xC0, 0x00, 0x00))
    _para_style(doc, "Cover Title", "Normal", HEAD_EA, HEAD_LATIN, 24, True,
                WD_ALIGN_PARAGRAPH.CENTER, before=6, after=12, color=navy)
    _para_style(doc, "Cover Subtitle", "Normal", HEAD_EA, HEAD_LATIN, 15, False,
                WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _para_style(doc, "Cover Space", "Normal", BODY_EA, BODY_LATIN, 14)
    _para_style(doc, "Cover Unit", "Normal", HEAD_EA, HEAD_LATIN, 14, False,
                WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _para_style(doc, "TOC Heading", "Normal", HEAD_EA, HEAD_LATIN, 15, True,
                WD_ALIGN_PARAGRAPH.CENTER, before=6, after=12, color=navy)
    _para_style(doc, "TOC 1", "Normal", HEAD_EA, HEAD_LATIN, 10.5, after=3)
    toc2 = _para_style(doc, "TOC 2", "Normal", BODY_EA, BODY_LATIN, 10.5, after=2)
    toc2.paragraph_format.left_indent = Cm(0.8)
    _para_style(doc, "Header Text", "Normal", BODY_EA, BODY_LATIN, 8.5,
                align=WD_ALIGN_PARAGRAPH.RIGHT, color=RGBColor(0x59, 0x59, 0x59))
    _para_style(doc, "Footer Text", "Normal", BODY_EA, BODY_LATIN, 8.5,
                align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_margins(doc, CELL_MARGIN_TWIPS)


def _cell_margins(doc, twips: int) -> None:
    """The left and right margin inside every table cell (Word's default is 108 twips, 0.19 cm):
    1 mm leaves a narrow column of figures room for "4,600.00" in bold and an English header
    word such as "Retention" on one line."""
    grid = doc.styles["Table Grid"].element
    for side in ("left", "right"):
        for el in grid.iter(qn(f"w:{side}")):
            if el.getparent().tag == qn("w:tblCellMar"):
                el.set(qn("w:w"), str(twips))


def _field(paragraph, instr: str) -> None:
    """A PAGE / NUMPAGES field."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    num = OxmlElement("w:t")
    num.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, text, sep, num, end):
        run._r.append(el)


def header_footer(doc, header: str, first_page_header: bool = True) -> None:
    """Header with the unit and title; footer '第 N 页 共 M 页' from the labels. Without
    `first_page_header` the first page, whose title block names the unit and the title already,
    has the footer only."""
    for section in doc.sections:
        section.header.paragraphs[0].text = header
        section.header.paragraphs[0].style = doc.styles["Header Text"]
        _page_numbers(doc, section.footer.paragraphs[0])
        if not first_page_header:
            section.different_first_page_header_footer = True
            _page_numbers(doc, section.first_page_footer.paragraphs[0])


def _page_numbers(doc, p) -> None:
    p.style = doc.styles["Footer Text"]
    p.add_run("{{ L.page }} ")
    _field(p, "PAGE")
    p.add_run(" {{ L.page_of }} ")
    _field(p, "NUMPAGES")
    p.add_run(" {{ L.page_end }}")


def para(doc, text: str, style: str = "Normal"):
    """A paragraph of one run (docxtpl tags must sit in one run). A heading's text is kept: the
    tables under it are captioned with it."""
    if style.startswith("Heading") and text.startswith("{{ "):
        doc.planner_heading = text[3:-3]
    return doc.add_paragraph(text, style=style)


def _caption_table(doc) -> None:
    """'表 N　<the heading above>' before a table, above its unit line when it has one."""
    title = getattr(doc, "planner_heading", None)
    if not title:
        return
    body = doc.element.body
    last = body[-2] if body[-1].tag == qn("w:sectPr") else body[-1]
    style = last.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    cap = doc.add_paragraph("{{ num.table(" + title + ") }}", style="Table Caption")
    if last.tag == qn("w:p") and style is not None and \
            style.get(qn("w:val")) == doc.styles["Unit Note"].style_id:
        last.addprevious(cap._p)


def tag(doc, jinja: str) -> None:
    """A paragraph that is only a docxtpl paragraph tag, e.g. 'for x in xs'."""
    doc.add_paragraph("{%p " + jinja + " %}")


def bullets(doc, expr: str, empty: str = "L.not_filled") -> None:
    """One bullet paragraph per item of `expr`; the 'not filled' label when it is empty."""
    tag(doc, f"for item in {expr}")
    para(doc, "{{ item }}", "List Bullet")
    tag(doc, "endfor")
    tag(doc, f"if not {expr}")
    para(doc, "{{ " + empty + " }}")
    tag(doc, "endif")


def labelled(doc, label: str, value: str) -> None:
    """'标签：值' as one paragraph, the label bold."""
    p = doc.add_paragraph(style="Normal")
    r = p.add_run("{{ " + label + " }}{{ L.colon }}")
    r.bold = True
    p.add_run("{{ " + value + " }}")


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _fix_layout(table, widths: list[float], cells: bool = True) -> None:
    """Fixed column widths, so a table never runs past the margins. Without `cells` only the
    grid is set: docxtpl rescales the grid when a {%tc %} loop adds columns."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for col, w in zip(table.columns, widths):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            if cells:
                cell.width = Cm(w)
            else:
                tcpr = cell._tc.get_or_add_tcPr()
                for el in tcpr.findall(qn("w:tcW")):
                    tcpr.remove(el)


def _jinja(expr: str) -> str:
    """A cell's text: an expression is wrapped in {{ }}; raw docxtpl tags stay as written."""
    if not expr or expr.startswith(("{{", "{%")):
        return expr
    return "{{ " + expr + " }}"


def _fill(cell, text: str, style: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.style = style
    run = p.add_run(_jinja(text))
    if bold:
        run.bold = True


def loop_table(doc, widths: list[float], header: list[str], loop: str, cells: list[str],
               numeric: set[int] = frozenset(), total: list[str] | None = None,
               dynamic: bool = False, caption: bool = True) -> None:
    """A table: header row, one row per item of `loop` ('r in rows'), an optional total row.

    `header` and `cells` are Jinja expressions; numeric columns are right-aligned; the table is
    numbered and captioned with the heading above it unless `caption` is false.
    """
    if caption:
        _caption_table(doc)
    rows = 3 + (1 if total else 0) + 1
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    for i, h in enumerate(header):
        _fill(table.rows[0].cells[i], h, "Table Header")
        _shade(table.rows[0].cells[i], "DCE6F1")
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for " + loop + " %}")
    for i, c in enumerate(cells):
        _fill(table.rows[2].cells[i], c, "Table Number" if i in numeric else "Table Text")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    # the rows under the header may break across pages: LibreOffice drops the rows that follow
    # a row that may not break, when the table repeats its header row on the next page
    if total:
        for i, c in enumerate(total):
            _fill(table.rows[4].cells[i], c, "Table Number" if i in numeric else "Table Text",
                  bold=True)
            _shade(table.rows[4].cells[i], "F2F2F2")
    _fix_layout(table, widths, cells=not dynamic)


def grid_table(doc, widths: list[float], rows: list[list[str]], label_cols: set[int],
               numeric: bool = False) -> None:
    """A fixed grid of label / value cells (a title block or a key figures table)."""
    table = doc.add_table(rows=len(rows), cols=len(widths))
    table.style = doc.styles["Table Grid"]
    for r, row in enumerate(rows):
        for i, text in enumerate(row):
            cell = table.rows[r].cells[i]
            style = "Table Number" if numeric and i not in label_cols else "Table Text"
            _fill(cell, text, style, bold=i in label_cols)
            if i in label_cols:
                _shade(cell, "F2F2F2")
    _fix_layout(table, widths)


def unit_note(doc) -> None:
    """'金额单位：万元' above a money table."""
    para(doc, "{{ L.money_unit_note }}{{ L.colon }}{{ doc.money_unit }}", "Unit Note")


def figure(doc, expr: str, caption: str) -> None:
    """A chart image (an InlineImage in the context) with its caption, when present."""
    tag(doc, f"if {expr}")
    para(doc, "{{ " + expr + " }}", "Figure")
    para(doc, "{{ num.figure(" + caption + ") }}", "Caption")
    tag(doc, "endif")


def landscape(doc):
    """Start a landscape section (for wide tables)."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.different_first_page_header_footer = False  # only the cover has no header
    return section


def portrait(doc):
    """Back to a portrait section."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.different_first_page_header_footer = False
    return section


def save(doc, path) -> None:
    """Write the template with fixed zip timestamps (planner's own writer): same code, same
    bytes."""
    from planner.render.docx import save_docx

    path.write_bytes(save_docx(doc))


# ---------------------------------------------------------------- front matter

def page_break(doc) -> None:
    """A page break (after the cover, the contents, the summary)."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def cover(doc, title: str, subtitle: str, rows: list[list[str]]) -> None:
    """A cover page: the internal-use mark, the title, who prepared / reviewed / approved it and
    the version, and the unit with the date at the foot; the cover has no running header."""
    doc.sections[0].different_first_page_header_footer = True
    para(doc, "{{ L.internal_use }}", "Cover Mark")
    for _ in range(5):
        para(doc, "", "Cover Space")
    para(doc, "{{ " + title + " }}", "Cover Title")
    para(doc, "{{ " + subtitle + " }}", "Cover Subtitle")
    for _ in range(4):
        para(doc, "", "Cover Space")
    grid_table(doc, [3.0, 6.0], rows, {0})
    doc.tables[-1].alignment = WD_TABLE_ALIGNMENT.CENTER
    for _ in range(5):
        para(doc, "", "Cover Space")
    para(doc, "{{ doc.unit }}", "Cover Unit")
    para(doc, "{{ doc.date }}", "Cover Unit")
    page_break(doc)


def toc(doc):
    """Where the table of contents goes: `fill_toc` writes it once every heading is known."""
    para(doc, "{{ L.toc }}", "TOC Heading")
    return para(doc, "", "Normal")


def _fld(kind: str):
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    return el


def fill_toc(doc, at) -> None:
    """A TOC field over the document's level-1 and level-2 headings, holding those headings as
    its cached entries: Word and WPS fill in the page numbers when they update fields (the
    document asks them to on opening), and a viewer that does not update fields still lists
    the headings."""
    levels = {"Heading 1": 1, "Heading 2": 2}
    entries = [(levels[p.style.name], p.text) for p in doc.paragraphs
               if p.style.name in levels and p.text.startswith("{{")]
    made = []
    for level, text in entries:
        p = at.insert_paragraph_before(text, style=f"TOC {level}")
        made.append(p)
    first, last = made[0], made[-1]
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    run = OxmlElement("w:r")
    for el in (_fld("begin"), instr, _fld("separate")):
        run.append(el)
    first._p.insert(1 if first._p.pPr is not None else 0, run)
    end = OxmlElement("w:r")
    end.append(_fld("end"))
    last._p.append(end)
    at.add_run().add_break(WD_BREAK.PAGE)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def approval(doc) -> None:
    """The approval block closing a plan: 编制 / 审核 / 批准, each with name, signature, date."""
    para(doc, "{{ L.approval }}", "Heading 1")
    table = doc.add_table(rows=4, cols=4)
    table.style = doc.styles["Table Grid"]
    rows = [["L.approval_step", "L.approval_name", "L.approval_sign", "L.approval_date"],
            ["L.prepared_by", "approval.prepared", "", "approval.prepared_on"],
            ["L.reviewed_by", "approval.reviewed", "", ""],
            ["L.approved_by", "approval.approved", "", ""]]
    for r, row in enumerate(rows):
        for i, text in enumerate(row):
            cell = table.rows[r].cells[i]
            _fill(cell, text, "Table Header" if r == 0 or i == 0 else "Table Text")
            if r == 0 or i == 0:
                _shade(cell, "F2F2F2")
        if r:
            table.rows[r].height = Cm(1.1)
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _fix_layout(table, [3.0, 4.5, 5.0, 4.5])
