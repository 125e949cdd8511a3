"""Every workbook planner writes prints: opened back with openpyxl, each sheet is A4, landscape
where it is wide, fitted to one page wide only where the print keeps its 10 pt body at 8 pt or
more (worked out here from the column widths, independently of planner's code), with repeated
header rows (and name columns where it flows across pages), frozen panes, a header and a footer
that say the sheet and page X of Y, and wrapped text columns.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planner.build import build
from planner.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "example"
BILLING = REPO / "plans" / "example-actuals" / "billing-2027H1.csv"

# A4 inside 0.5 in left and right margins, in points
PORTRAIT_PT = (8.27 - 1.0) * 72   # 523.4
LANDSCAPE_PT = (11.69 - 1.0) * 72  # 769.7


DIGIT_PX = {"zh": 8.0, "en": 7.0}  # a digit of 等线 11 pt, of Calibri 11 pt


def column_widths_pt(ws: Any, lang: str) -> list[float]:
    """Each printed column's width in points: Excel's width is in digits of the workbook's
    font (the stored width includes about 5 px of padding); unset columns are 8.43 digits; 1 px
    = 0.75 pt. Only the print area's columns when it has one."""
    chars = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            for c in range(dim.min, (dim.max or dim.min) + 1):
                chars[c] = dim.width
    last = ws.max_column
    if ws.print_area:
        corner = ws.print_area.split("!")[-1].replace("$", "").split(":")[-1]  # 'S'!$A$1:$H$9
        last = ws[corner].column
    return [chars.get(c, 8.43 + 5 / 7) * DIGIT_PX[lang] * 0.75 for c in range(1, last + 1)]


def print_problems(ws: Any, lang: str = "zh") -> list[str]:
    """What keeps the sheet from printing well; [] when nothing does."""
    out = []
    ps = ws.page_setup
    width = sum(column_widths_pt(ws, lang))
    fit = bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    if str(ps.paperSize) != "9":
        out.append(f"paper {ps.paperSize}, not A4")
    wide = width > PORTRAIT_PT
    if (ps.orientation == "landscape") != wide:
        out.append(f"{ps.orientation} for a sheet {width:.0f} pt wide")
    scale = min(1.0, (LANDSCAPE_PT if wide else PORTRAIT_PT) / width)
    if fit:
        if ps.fitToWidth not in (None, 1, "1") or ps.fitToHeight not in (0, "0"):
            out.append(f"fitted to {ps.fitToWidth} x {ps.fitToHeight} pages")
        if 10 * scale < 8:
            out.append(f"fitted to one page wide at {scale:.0%}: the body prints at "
                       f"{10 * scale:.1f} pt")
    elif 10 * scale >= 8:
        out.append(f"not fitted although one page wide would print at {10 * scale:.1f} pt")
    if ws.freeze_panes:
        col = ws[ws.freeze_panes].column - 1
        row = ws[ws.freeze_panes].row - 1
        if row and not ws.print_title_rows:
            out.append(f"frozen at {ws.freeze_panes} but no header row repeats")
        if ws.print_title_rows and int(ws.print_title_rows.split(":")[-1].strip("$")) != row:
            out.append(f"repeats rows {ws.print_title_rows}, not the header above "
                       f"{ws.freeze_panes}")
        if not fit and col and ws.print_title_cols != f"$A:${get_column_letter(col)}":
            out.append(f"flows across pages without repeating its name columns "
                       f"({ws.print_title_cols})")
    if "&A" not in (ws.oddHeader.left.text or "") + (ws.oddHeader.center.text or ""):
        out.append("no header with the sheet's name")
    footer = ws.oddFooter.right.text or ""
    if not ("&P" in footer and "&N" in footer and (("页" in footer) == (lang == "zh"))):
        out.append(f"footer {footer!r} does not say page X of Y in {lang}")
    for row in ws.iter_rows(min_row=3):  # below the title and its note: tables
        for c in row:
            if isinstance(c.value, str) and not c.value.startswith("=") and "\n" in c.value \
                    and not c.alignment.wrap_text:
                out.append(f"{c.coordinate}: a text of several lines without wrap")
    return out


def workbook_problems(path: Path, lang: str = "zh") -> list[str]:
    """print_problems of every visible sheet of a workbook."""
    wb = load_workbook(path)
    return [f"{path.name} {ws.title}: {p}" for ws in wb if ws.sheet_state == "visible"
            for p in print_problems(ws, lang)]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Every kind of workbook of plans/example: the build's, the business review's, a diff's and
    the fill-in workbook, by a name."""
    base = tmp_path_factory.mktemp("print")
    build(EXAMPLE, base / "out")
    manifest = json.loads((base / "out" / "manifest.json").read_text(encoding="utf-8"))
    found = {f"{o['level']}:{o['id']}": base / "out" / o["path"] for o in manifest["outputs"]
             if o["format"] == "xlsx"}
    runner = CliRunner()
    r = runner.invoke(main, ["review", str(EXAMPLE), "--actuals", str(BILLING), "--through",
                             "Q2", "-o", str(base / "review")])
    assert r.exit_code == 0, r.output
    review = json.loads((base / "review" / "manifest.json").read_text(encoding="utf-8"))
    found |= {f"business-review:{o['level']}:{o['id']}": base / "review" / o["path"]
              for o in review["outputs"] if o["format"] == "xlsx"}
    r = runner.invoke(main, ["diff", str(EXAMPLE), str(EXAMPLE), "--xlsx",
                             str(base / "diff.xlsx")])
    assert r.exit_code == 0, r.output
    found["diff"] = base / "diff.xlsx"
    for lang in ("zh", "en"):
        r = runner.invoke(main, ["--lang", lang, "workbook", str(EXAMPLE), "-o",
                                 str(base / f"fill-{lang}.xlsx")])
        assert r.exit_code == 0, r.output
        found[f"fillin-{lang}"] = base / f"fill-{lang}.xlsx"
    return found


def test_every_workbook_prints(books):
    assert len(books) > 30
    problems = [p for key, path in books.items()
                for p in workbook_problems(path, "en" if key.endswith("-en") else "zh")]
    assert problems == []


@pytest.mark.parametrize(("rows", "breaks"), [
    # landscape A4 at 100 %: 8.27 in − 1.5 in margins = 487.4 pt a page; the title row 21 pt,
    # a one-line row counted at 17 pt (Noto Sans CJK's), a 288 px chart at 216 pt × 17 / 15
    # = 244.8 pt (it grows with the rows it is anchored to)
    (20, [20]),  # 21 + 19 × 17 = 344, + 244.8 > 487.4: a new page first
    (10, []),    # 21 + 9 × 17 = 174, + 244.8 ≤ 487.4: it fits below the rows
    (40, []),    # rows 0–27 fill page 1; page 2: header 17 + 12 × 17 + 244.8 = 465.8 ≤ 487.4
    (0, []),     # at the top of a page already
])
def test_a_chart_starts_a_new_page_only_where_it_would_split(rows, breaks):
    from planner.render.xlsx_print import Pages

    pages = Pages()
    pages.header_row = 2
    assert pages.chart_break(rows, 288, landscape=True, scale=1.0) == bool(breaks)
    assert pages.breaks == breaks


def test_fit_to_width_only_at_8pt_or_more():
    from planner.render.xlsx_print import layout

    assert layout(500) == layout(PORTRAIT_PT)  # portrait, fitted at 100 %
    assert layout(500).landscape is False
    # 769.7 / 900 = 85.5 %: fitted, printed at 8.5 pt
    assert (layout(900).landscape, layout(900).fit, layout(900).scale) == (True, True, 0.85)
    # 769.7 / 1000 = 77 % would print at 7.7 pt: not fitted, flows across pages at 100 %
    assert (layout(1000).landscape, layout(1000).fit, layout(1000).scale) == (True, False, 1.0)


def test_the_review_workbook_has_sign_off_columns(books):
    """审核清单: the subject's name first and its id after the text; 责任人 prefilled with the
    customer's account manager, 完成期限 and 状态 empty inputs, 状态 a list of three."""
    import yaml

    from docs_support import labels

    L = labels("zh")
    wb = load_workbook(books["review:None"])
    ws = wb[L["sheet_review"]]
    head = [c.value for c in ws[3]]
    assert head == [L[k] for k in ("flag_subject", "flag_level", "flag_kind", "flag_what",
                                   "flag_fix", "flag_owner", "flag_due", "flag_status",
                                   "flag_file", "flag_line", "flag_field", "id")] + ["code"]
    assert (L["flag_owner"], L["flag_due"], L["flag_status"]) == ("责任人", "完成期限", "状态")
    managers = {}
    for p in (EXAMPLE / "customers").glob("*.yaml"):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        managers[data["id"]] = data.get("manager")
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=4)]
    customer_rows = [r for r in rows if r[L["flag_level"]] == L["level_customer"]]
    assert customer_rows
    for r in customer_rows:
        assert r[L["flag_owner"]] == managers[r[L["id"]]], r
    assert all(r[L["flag_due"]] is None and r[L["flag_status"]] is None for r in rows)
    due, status = (ws.cell(4, head.index(L[k]) + 1) for k in ("flag_due", "flag_status"))
    assert due.fill.fgColor.rgb.endswith("FFFFFF") and due.border.left.style == "thin"
    assert due.number_format == "yyyy-mm-dd"
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    last = 3 + len(rows)
    assert rules[f"H4:H{last}"].type == "list"
    assert rules[f"H4:H{last}"].formula1 == '"待处理,处理中,已完成"'
    assert rules[f"G4:G{last}"].type == "date"
    assert ws.freeze_panes == "B4"  # below the header, right of the subject's name
    for key in ("flag_what", "flag_fix"):  # the issue and action text wrap, never cut
        c = ws.cell(4, head.index(L[key]) + 1)
        assert c.alignment.wrap_text, key


def test_the_english_review_workbook_says_owner_due_status(tmp_path):
    from planner.build import build as build_

    build_(EXAMPLE, tmp_path / "out", lang="en")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    path = next(tmp_path / "out" / o["path"] for o in manifest["outputs"]
                if o["level"] == "review")
    ws = load_workbook(path).worksheets[0]
    head = [c.value for c in ws[3]]
    assert head[5:8] == ["Owner", "Due", "Status"]
    lists = [v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"]
    assert lists == ['"Open,In progress,Done"']
    assert workbook_problems(path, "en") == []


def shading_problems(path: Path) -> list[str]:
    """Cells not styled as the sheets' notes say (白底数字为输入，灰底为公式): a number that is a
    value on a shaded cell, a formula on a white one."""
    out = []
    for ws in load_workbook(path):
        for row in ws.iter_rows(min_row=2):
            for c in row:
                v = c.value
                shaded = (c.fill.fgColor.rgb or "").endswith("F2F2F2")
                if isinstance(v, str) and v.startswith("=") and not shaded:
                    out.append(f"{path.name} {ws.title}!{c.coordinate}: formula on white")
                elif isinstance(v, (int, float)) and not isinstance(v, bool) and shaded:
                    out.append(f"{path.name} {ws.title}!{c.coordinate}: value shaded")
    return out


def test_inputs_are_white_and_formulas_shaded_as_the_notes_say(books):
    from docs_support import labels

    L = labels("zh")
    assert L["xlsx_inputs_note"].startswith("白底数字为输入，灰底为公式")
    problems = [p for key, path in books.items() if not key.startswith("fillin")
                for p in shading_problems(path)]
    assert problems == []
    customer = load_workbook(books["customer:jz-heavy-industry"])
    ws = customer[L["sheet_stock"]]
    assert ws["A2"].value == L["xlsx_inputs_note"]
    base = ws["B4"]  # an input: white, boxed
    assert isinstance(base.value, (int, float)) and base.fill.fgColor.rgb.endswith("FFFFFF")
    assert base.border.left.style == "thin"


SECTION = re.compile(r"^(?:.* · )?([一二三四五六七八九十]+(?:、|（[一二三四五六七八九十]+）))")


def test_sheet_titles_are_unique_and_numbered_in_order(books):
    """No two sheets of a workbook carry the same title or the same section number (the
    customer workbook had two （二） and two （三）), and the numbers rise sheet by sheet."""
    numerals = "一二三四五六七八九十"
    problems = []
    for key, path in books.items():
        if key == "diff" or key.startswith("fillin"):
            continue  # their sheets start with the table's header, no title
        wb = load_workbook(path)
        titles = [ws["A1"].value for ws in wb if ws.sheet_state == "visible"]
        titles = [t for t in titles if isinstance(t, str)]
        if len(set(titles)) != len(titles):
            problems.append(f"{key}: repeated titles {titles}")
        numbers = [m.group(1) for t in titles if (m := SECTION.match(t))]
        order = [tuple(numerals.index(ch) for ch in re.findall(f"[{numerals}]", n))
                 for n in numbers]
        if len(set(numbers)) != len(numbers) or order != sorted(order):
            problems.append(f"{key}: section numbers {numbers}")
    assert problems == []
    wb = load_workbook(books["customer:jz-heavy-industry"])
    assert [SECTION.match(ws["A1"].value).group(1) for ws in wb
            if SECTION.match(ws["A1"].value or "")] == \
        ["一（二）", "二（三）", "二（四）", "二（五）", "三（二）", "三（三）", "五、"]


def test_ids_come_after_the_names(books):
    """In every table a director reads, the internal ids (编号, 客户编号 ...) follow the name
    columns. (The fill-in workbook keeps its 客户编号 first: it is what a user types to add a
    row, and its name column is looked up from it.)"""
    from docs_support import labels

    L = labels("zh")
    ids = {L[k] for k in ("id", "customer_id", "region_id", "industry_id", "line_id")}
    checked, problems = 0, []
    for key, path in books.items():
        if key.startswith("fillin"):
            continue
        for ws in load_workbook(path):
            if not ws.print_title_rows:
                continue
            row = int(ws.print_title_rows.split(":")[0].strip("$"))
            head = [c.value for c in ws[row]]
            checked += 1
            names = [i for i, h in enumerate(head) if h and h not in ids]
            for i, h in enumerate(head):
                if h in ids and i < max(names[:1] or [0]) + 1:
                    problems.append(f"{key} {ws.title}: {h} in column {i + 1} before the names")
    assert checked > 50 and problems == []


def test_the_review_sheet_prints_its_sign_off_columns_one_page_wide(books):
    """The director signs the printed 审核清单: subject to status on one landscape page wide, at
    8 pt or more; the file, line, field and ids stay on screen only."""
    ws = load_workbook(books["review:None"]).worksheets[0]
    assert ws.print_area.endswith("!$A$1:$H$" + str(ws.max_row))
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert 10 * LANDSCAPE_PT / sum(column_widths_pt(ws, "zh")) >= 8


@pytest.fixture(scope="module")
def pdfs(books, tmp_path_factory) -> dict[str, Path]:
    """The review workbook and a customer's workbook printed to PDF by LibreOffice (one call)."""
    import shutil

    import lo

    if not lo.SOFFICE or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or poppler-utils is not installed")
    work = tmp_path_factory.mktemp("print-pdf")
    (work / "in").mkdir()
    keys = {"review": "review:None", "customer": "customer:jz-heavy-industry"}
    staged = []
    for name, key in keys.items():
        staged.append(work / "in" / f"{name}.xlsx")
        shutil.copyfile(books[key], staged[-1])
    return dict(zip(keys, lo.convert(staged, work / "pdf", "pdf", work)))


@pytest.fixture(scope="module")
def review_pdf(pdfs) -> Path:
    return pdfs["review"]


def test_a_wide_sheet_flows_across_pages_with_its_names_and_every_figure(books, pdfs):
    """The customer's 存量 sheet (17 columns) is too wide for one page at 8 pt: printed at 100 %,
    its columns flow onto further pages, each repeating the business-line names and the header,
    and every figure of the sheet is in the print."""
    from docs_support import labels, pdf_words

    L = labels("zh")
    wb = load_workbook(books["customer:jz-heavy-industry"], data_only=True)
    ws = wb[L["sheet_stock"]]
    assert ws.print_title_cols == "$A:$A" and not ws.sheet_properties.pageSetUpPr.fitToPage
    words = pdf_words(pdfs["customer"])
    on_page: dict[int, list[str]] = {}
    for w in words:
        on_page.setdefault(w["page"], []).append(w["text"])
    # the sheet's pages: those whose running header names it
    pages = [p for p, texts in on_page.items() if texts[0] == L["sheet_stock"]]
    assert len(pages) >= 2
    lines = [r[0].value for r in ws.iter_rows(min_row=4) if r[0].value != L["total"]
             and r[0].value]
    for p in pages:
        assert L["business_line"] in on_page[p] and set(lines) <= set(on_page[p]), p
    printed = {t for p in pages for t in on_page[p]}
    figures = {f"{c.value:,.2f}" for r in ws.iter_rows(min_row=4) for c in r
               if isinstance(c.value, (int, float)) and c.number_format == "#,##0.00"}
    assert figures and figures <= printed, figures - printed


def test_the_printed_review_sheet_shows_every_issue_and_fix_whole(books, review_pdf):
    """Printed by LibreOffice, the 问题 and 处理建议 columns hold every flag's text whole and in
    order (wrapped, never cut at the cell's edge), and the sheet is one page wide."""
    from docs_support import labels, pdf_words

    L = labels("zh")
    ws = load_workbook(books["review:None"])[L["sheet_review"]]
    head = [c.value for c in ws[3]][:8]
    widths = [w / 0.75 for w in column_widths_pt(ws, "zh")]
    words = [w for w in pdf_words(review_pdf) if w["width"] > w["height"]]  # landscape pages
    pages = {w["page"] for w in words}
    # every printed page of the sheet shows its header, subject to status
    for p in pages:
        shown = {w["text"] for w in words if w["page"] == p}
        assert set(head) <= shown, (p, set(head) - shown)
    # the columns' edges on the page: header texts are centred in their columns
    first = next(w for w in words if w["text"] == head[0])
    last = next(w for w in words if w["text"] == head[-1] and w["page"] == first["page"])
    centre = [sum(widths[:i]) + widths[i] / 2 for i in range(8)]
    scale = ((last["xMin"] + last["xMax"]) - (first["xMin"] + first["xMax"])) / 2 \
        / (centre[-1] - centre[0])
    left = (first["xMin"] + first["xMax"]) / 2 - centre[0] * scale
    edges = [left + sum(widths[:i]) * scale for i in range(9)]
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=4)]
    for col in (3, 4):
        found = [w for w in words if edges[col] <= w["xMin"] < edges[col + 1]
                 and w["text"] != head[col]]
        found.sort(key=lambda w: (w["page"], w["yMin"], w["xMin"]))
        printed = "".join(w["text"] for w in found)
        at = 0
        for r in rows:
            text = "".join(str(r[head[col]]).split())
            i = printed.find(text, at)
            assert i >= 0, (head[col], text, printed[at:at + 80])
            at = i + len(text)
