"""How every workbook's sheets print: A4, the orientation and fit their width allows, repeated
header rows (and name columns when a sheet flows onto further pages), a header and footer, and
charts that never split across a page.

The rule for fit-to-width: shrinking a sheet to one page wide prints its 10 pt body at
10 pt × scale; a director must still read it, so a sheet is fitted only where that stays at 8 pt
or more (scale ≥ 80 %). A wider sheet prints at 100 % and its columns flow onto further pages,
each repeating the name columns, so every printed row still says whose figures it holds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

PAPER_A4 = 9  # Excel's paper code
A4_IN = (8.27, 11.69)  # width, height in inches (210 × 297 mm)
MARGIN = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75}  # inches
HEADER_MARGIN = 0.3  # the running header and footer sit in the top and bottom margins
BODY_PT, MIN_PT = 10, 8  # the sheets' body font; the smallest a printed sheet may shrink it to
MIN_SCALE = MIN_PT / BODY_PT
LINE_PT = 14.0  # the height of one line of 10 pt text in a row (Excel's 13.5, and a margin)
TITLE_PT = 21.0  # the height of a row holding a 14 pt title
# a row of one line is left to the program, which makes it as high as its font needs: 13.5 pt
# in Excel with 等线, up to 17 pt where Noto Sans CJK stands in (LibreOffice on Linux); a chart
# anchored to rows (XlsxWriter counts 15 pt) grows with them
ROW_PT = 17.0
CHART_STRETCH = ROW_PT / 15
# the width of a digit of the workbook's 11 pt default font, in px: Excel's unit of column
# width (Calibri 7; 等线 wider, about 8)
DIGIT_PX = {"zh": 8.0, "en": 7.0}
# where the font is missing (LibreOffice on Linux draws DejaVu Sans, a 9.3 px digit), columns
# are wider still and a chart anchored to them stretches with them: charts are sized for that
STRETCH = 9.5 / 7
FOOTER = {"zh": "第 &P 页 共 &N 页", "en": "Page &P of &N"}


@dataclass(frozen=True)
class Layout:
    """How a sheet prints: orientation, whether fitted to one page wide, and its print scale."""

    landscape: bool
    fit: bool
    scale: float


def printable_width_pt(landscape: bool) -> float:
    """The width inside the margins of an A4 page, in points."""
    paper = A4_IN[1] if landscape else A4_IN[0]
    return (paper - MARGIN["left"] - MARGIN["right"]) * 72


def printable_height_pt(landscape: bool) -> float:
    """The height inside the margins of an A4 page, in points."""
    paper = A4_IN[0] if landscape else A4_IN[1]
    return (paper - MARGIN["top"] - MARGIN["bottom"]) * 72


def layout(width_pt: float) -> Layout:
    """Portrait when the sheet fits a portrait page; else landscape, fitted to one page wide if
    that keeps the body at MIN_PT or more; else landscape at 100 %, flowing onto more pages."""
    if width_pt <= printable_width_pt(False):
        return Layout(False, True, 1.0)
    scale = min(1.0, printable_width_pt(True) / width_pt)
    if scale >= MIN_SCALE:
        # Excel fits with a whole-percent scale, rounded down
        return Layout(True, True, int(scale * 100) / 100)
    return Layout(True, False, 1.0)


def sheet_width_pt(ws: Any, lang: str, cols: int | None = None) -> float:
    """The printed width of the sheet's used columns (or its first `cols`), in points."""
    last = max(ws.dim_colmax or 0, 0) if cols is None else cols - 1
    # XlsxWriter sizes columns for Calibri 11's 7 px digit and stores px / 7 (padding
    # included) as the width; a program shows that many digits of the workbook's font
    digit = DIGIT_PX.get(lang, DIGIT_PX["zh"])
    return sum(ws._size_col(c) / 7 * digit for c in range(last + 1)) * 0.75


def page_setup(ws: Any, lang: str, header_row: int | None, title_cols: int,
               header_last: int | None = None, print_cols: int | None = None) -> Layout:
    """A4, margins, orientation and fit by the sheet's width, the header row (through
    `header_last`) repeated on every page, the first `title_cols` columns repeated when the sheet
    is too wide to fit, and a header (the sheet's name) and footer (page X of Y). With
    `print_cols`, only the first that many columns print."""
    lay = layout(sheet_width_pt(ws, lang, print_cols))
    if print_cols is not None:
        ws.print_area(0, 0, max(ws.dim_rowmax or 0, 0), print_cols - 1)
    ws.set_paper(PAPER_A4)
    ws.set_margins(**MARGIN)
    if lay.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if lay.fit:
        ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row, header_last if header_last is not None else header_row)
    if not lay.fit and title_cols:
        ws.repeat_columns(0, title_cols - 1)
    ws.set_header("&L&8&A", {"margin": HEADER_MARGIN})
    ws.set_footer(f"&R&8{FOOTER.get(lang, FOOTER['zh'])}", {"margin": HEADER_MARGIN})
    return lay


class Pages:
    """Where a sheet's rows fall on printed pages (estimated from their lines of text), so a
    chart can start a new page when it would not fit below the rows above it."""

    def __init__(self) -> None:
        self.lines: dict[int, int] = {}  # row -> lines of text it holds (1 when absent)
        self.header_row: int | None = None  # repeated on every printed page
        self.title_cols = 0  # repeated when the sheet flows onto further pages across
        self.print_cols: int | None = None  # only the first ones print (None: all)
        self.breaks: list[int] = []

    def row_lines(self, row: int, lines: int) -> None:
        """Row `row` holds `lines` lines of wrapped text."""
        self.lines[row] = max(self.lines.get(row, 1), lines)

    def height(self, row: int) -> float:
        """The printed height of a row, in points, at the most it may take."""
        if row == 0:
            return TITLE_PT
        lines = self.lines.get(row, 1)
        return LINE_PT * lines if lines > 1 else ROW_PT

    def chart_break(self, at: int, height_px: float, landscape: bool, scale: float) -> bool:
        """Add a page break before row `at` if a chart of `height_px` starting there would
        cross the foot of the page it starts on; True when a break was added."""
        page = printable_height_pt(landscape) / scale
        repeat = self.height(self.header_row) if self.header_row is not None else 0
        y, first = 0.0, True
        for r in range(at):
            h = self.height(r)
            if r in self.breaks or y + h > page - (0 if first else repeat):
                y, first = 0.0, False
            y += h
        if y == 0 or y + height_px * 0.75 * CHART_STRETCH <= page - (0 if first else repeat):
            return False
        self.breaks.append(at)
        return True


_WIDE = re.compile("[\u2e80-\U0010ffff]")  # CJK and everything after it: a wide character


def _wide(text: str) -> int:
    return 0 if text.isascii() else len(_WIDE.findall(text))


def text_width(text: str) -> float:
    """Display width of text in Excel character units: a CJK character counts two."""
    return len(text) + _wide(text)


def text_lines(text: str, col_chars: float) -> int:
    """The lines a wrapped text takes in a column `col_chars` characters wide. A 10 pt CJK
    character is about 1.5 of Excel's width units (the digit width of the 11 pt default font),
    measured in LibreOffice's and Excel's print; columns are sized at 2 so headers never wrap."""
    per_line = max(col_chars - 1, 1)
    return sum(max(1, math.ceil(_printed_width(part) / per_line)) for part in text.split("\n"))


def _printed_width(text: str) -> float:
    return len(text) + 0.5 * _wide(text)
