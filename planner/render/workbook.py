"""Excel workbooks with XlsxWriter: inputs as values, derived figures as live formulas.

XlsxWriter, not openpyxl, writes them: a formula cell must also carry its computed value, so a
viewer that never recalculates (a phone preview, a mail attachment pane) shows the right figure;
openpyxl can only store the formula. openpyxl stays for reading workbooks back in the tests.

User text is always written as a string (`write_string`), so text starting with '=', '+', '-' or
'@' can never become a formula; control characters are removed; no hyperlinks are made.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
import xlsxwriter.workbook
import xlsxwriter.worksheet
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from planner.render.docx import clean_text
from planner.render.xlsx_print import (
    CHART_STRETCH,
    LINE_PT,
    STRETCH,
    TITLE_PT,
    Pages,
    layout,
    page_setup,
    printable_height_pt,
    printable_width_pt,
    sheet_width_pt,
    text_lines,
    text_width,
)

MONEY = "#,##0.00"
RATE = "0.0%"
GROWTH = "+0.0%;-0.0%;0.0%"
FONT = {"zh": "等线", "en": "Calibri"}  # Excel's own default fonts for each language
# table cells: a thin grey box (gridlines do not print); a value (an input) on white, a formula
# shaded, as the sheets' notes say (xlsx_inputs_note)
BOX = {"border": 1, "border_color": "#BFBFBF"}
INPUT_BG, FORMULA_BG = "#FFFFFF", "#F2F2F2"
KINDS = {"text": {"text_wrap": True}, "money": {"num_format": MONEY},
         "rate": {"num_format": RATE}, "growth": {"num_format": GROWTH},
         "int": {"num_format": "#,##0"}, "quarter": {"align": "center"},
         "plain": {},  # a text that never wraps (a file path, a code)
         "input": {"text_wrap": True},  # a text the user fills in (the review's sign-off)
         "input_date": {"num_format": "yyyy-mm-dd"}}


class _Worksheet(xlsxwriter.worksheet.Worksheet):
    """XlsxWriter's worksheet, without its rewriting of newer Excel functions.

    XlsxWriter runs ~30 regular expressions over every formula to prefix dynamic-array
    functions (FILTER, XLOOKUP...) with _xlfn.; our formulas use only classic functions (SUM,
    SUMIFS, IF, ROUNDDOWN, VALUE, RIGHT, N, ISBLANK, COUNTIF), and those passes were a third of the
    time of writing a workbook. (add_worksheet's worksheet_class is XlsxWriter's own hook.)"""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula


@dataclass(frozen=True)
class Formula:
    """A formula and the value it computes to (stored so non-recalculating viewers show it)."""

    text: str
    value: Decimal | str | None

    def __add__(self, other: Any) -> Any:  # pragma: no cover - guard against misuse
        raise TypeError("formulas are text; build them with f-strings")


@dataclass(frozen=True)
class Col:
    """A column: header, kind (text | money | rate | growth | int | quarter), width in chars."""

    header: str
    kind: str = "text"
    width: float | None = None


WRAPPED = {kind for kind, props in KINDS.items() if props.get("text_wrap")}
WIDEST = 48  # the widest a column sized to its text gets, in characters


def widest(c: Col) -> float:
    """The widest column `c` gets: its own width, or WIDEST when sized to its text."""
    return max(c.width or WIDEST, 12 if c.kind != "text" else 6)


def cell(row: int, col: int, absolute: bool = False) -> str:
    """'B5' for (4, 1); '$B$5' when absolute."""
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


class _FastZip(zipfile.ZipFile):
    """A zip whose members are deflated at level 1, not 6: the market's data sheet (140,000 rows
    at 20,000 customers) is zipped in 0.9 s rather than 2.6, for a file 21% larger (19.8 MB
    against 16.3)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, compresslevel=1, **kwargs)


class _Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook; a large one (constant memory) is zipped by `_FastZip`. XlsxWriter
    has no option for it: its `_store_workbook` makes the zip with the `ZipFile` of its module,
    which is swapped while it runs."""

    def _store_workbook(self) -> None:
        if not self.constant_memory:
            super()._store_workbook()
            return
        xlsxwriter.workbook.ZipFile = _FastZip  # type: ignore[misc]
        try:
            super()._store_workbook()
        finally:
            xlsxwriter.workbook.ZipFile = zipfile.ZipFile  # type: ignore[misc]


def col_range(sheet: str, col: int, first: int, last: int) -> str:
    """"'存量'!$B$3:$B$9" — a column of rows first..last (0-based), absolute."""
    c = xl_col_to_name(col)
    return f"'{sheet}'!${c}${first + 1}:${c}${last + 1}"


class Book:
    """A workbook with the planner's formats; `table` writes a header and rows of cells."""

    def __init__(self, lang: str, title: str, created: dt.date | None, large: bool = False):
        """`large`: a workbook of up to a million cells (the market's and an industry's data
        sheets), written in XlsxWriter's constant-memory mode: each row goes to a temporary file
        as soon as the next one starts, so every row must be written in order. Otherwise the
        whole workbook is kept in memory until it is closed."""
        self.buf = io.BytesIO()
        self.lang = lang
        self.pages: dict[Any, Pages] = {}  # each sheet's print layout, set up on close
        self._texts: dict[str, str] = {}  # each distinct text cleaned once
        memory = {"constant_memory": True} if large else {"in_memory": True}
        self.wb = _Workbook(self.buf, {**memory,
                                       "strings_to_formulas": False,
                                       "strings_to_urls": False,
                                       "strings_to_numbers": False})
        day = created or dt.date(2000, 1, 1)
        self.wb.set_properties({"title": clean_text(title), "author": "planner",
                                "created": dt.datetime(day.year, day.month, day.day)})
        self.font = {"font_name": FONT.get(lang, FONT["zh"]), "font_size": 10, "valign": "top"}
        self.wb.formats[0].set_font_name(self.font["font_name"])
        f = self.wb.add_format
        font = self.font
        self.fmt = {
            "header": f({**font, "bold": True, "bg_color": "#DCE6F1", "border": 1,
                         "text_wrap": True, "align": "center", "valign": "vcenter"}),
            "title": f({**font, "bold": True, "font_size": 14, "font_color": "#1F3A5F"}),
            "note": f({**font, "italic": True, "font_color": "#595959"}),
            "label": f({**font, "bold": True}),
        }
        # every format numbered as it is made, whatever is written first (xlsx_kept)
        for fmt in self.fmt.values():
            fmt._get_xf_index()
        for kind, props in KINDS.items():
            self.add_kind(kind, props)

    def add_kind(self, kind: str, props: dict[str, Any]) -> None:
        """The formats of a kind of cell: a value (`kind`), a formula (`calc_` + kind), and in
        a total row a formula (`total_` + kind) or a value (`total_value_` + kind)."""
        f, font = self.wb.add_format, self.font
        total = {"bold": True, "top": 1, "top_color": "#595959"}
        self.fmt[kind] = f({**font, **BOX, "bg_color": INPUT_BG, **props})
        self.fmt["calc_" + kind] = f({**font, **BOX, "bg_color": FORMULA_BG, **props})
        self.fmt["total_" + kind] = f({**font, **BOX, "bg_color": FORMULA_BG, **total, **props})
        self.fmt["total_value_" + kind] = f({**font, **BOX, "bg_color": INPUT_BG, **total,
                                             **props})
        for name in (kind, "calc_" + kind, "total_" + kind, "total_value_" + kind):
            self.fmt[name]._get_xf_index()

    def sheet(self, name: str) -> Any:
        """A worksheet; it is set up to print (xlsx_print.page_setup) when the book closes,
        once its column widths are known."""
        ws = self.wb.add_worksheet(name[:31], worksheet_class=_Worksheet)
        ws.hide_gridlines(1)  # on screen only: tables print their own boxes
        ws.set_row(0, TITLE_PT)  # the 14 pt title (or a header) of row 1
        self.pages[ws] = Pages()
        return ws

    def put(self, ws: Any, row: int, col: int, value: Any, kind: str = "text",
            total: bool = False) -> None:
        """Write one cell: a Formula with its value, a number, or text (always as text)."""
        number = isinstance(value, (Decimal, int, float)) and not isinstance(value, bool)
        prefix = ("total_value_" if number else "total_") if total else \
            "calc_" if isinstance(value, Formula) else ""
        fmt = self.fmt[prefix + kind] if kind in self.fmt else None
        self._cell(ws, row, col, value, fmt)

    def _cell(self, ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
        # the common types first, by exact type: a market data sheet has 100,000 cells or more
        kind = type(value)
        if kind is Decimal or kind is int or kind is float:
            ws.write_number(row, col, float(value), fmt)
        elif kind is str and value:
            text = self._texts.get(value)
            if text is None:
                text = self._texts[value] = clean_text(value)
            ws.write_string(row, col, text, fmt)
        elif isinstance(value, Formula):
            cached = value.value
            if isinstance(cached, Decimal):
                cached = float(cached)
            ws.write_formula(row, col, value.text, fmt, "" if cached is None else cached)
        elif value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            ws.write_number(row, col, float(value), fmt)
        else:
            ws.write_string(row, col, clean_text(str(value)), fmt)

    def table(self, ws: Any, top: int, cols: Sequence[Col], rows: Sequence[Sequence[Any]],
              total: Sequence[Any] | None = None, freeze: bool = False,
              autofilter: bool = False, title_cols: int = 1) -> int:
        """Header at row `top`, then the rows, then an optional total row; returns the next
        free row. Column widths fit the longest text (CJK counted double), within limits; text
        wraps. `freeze`: the panes freeze below the header and right of the first
        `title_cols` (name) columns, and the header row repeats on every printed page.

        In a large book (constant-memory mode) the rows are made into XML text at once
        (`xlsx_kept`: the same cells as `cell_table` writes, in a third of the time)."""
        if ws.constant_memory:
            from planner.render.xlsx_kept import Maker, write

            return write(self, ws, top, cols, Maker(self, cols).parts(rows), total, freeze,
                         autofilter, title_cols)
        return self.cell_table(ws, top, cols, rows, total, freeze, autofilter, title_cols)

    def cell_table(self, ws: Any, top: int, cols: Sequence[Col], rows: Sequence[Sequence[Any]],
                   total: Sequence[Any] | None = None, freeze: bool = False,
                   autofilter: bool = False, title_cols: int = 1) -> int:
        """`table`, each cell written through XlsxWriter."""
        pages = self.pages[ws]
        self._widths(ws, top, cols, rows, pages)
        # each row as high as its wrapped text (no spreadsheet program grows a row on opening
        # a file), set before the row is written: constant-memory mode writes rows in order
        if pages.lines.get(top, 1) > 1:
            ws.set_row(top, LINE_PT * pages.lines[top])
        for i, c in enumerate(cols):
            self.put_header(ws, top, i, c.header)
        fmts = [self.fmt.get(c.kind) for c in cols]  # looked up once per column, not per cell
        calcs = [self.fmt.get("calc_" + c.kind) for c in cols]
        lines = pages.lines
        for r, values in enumerate(rows, start=top + 1):
            if r in lines and lines[r] > 1:
                ws.set_row(r, LINE_PT * lines[r])
            for i, v in enumerate(values[:len(cols)]):
                self._cell(ws, r, i, v, calcs[i] if type(v) is Formula else fmts[i])
        return self.end_table(ws, top, cols, len(rows), total, freeze, autofilter, title_cols)

    def end_table(self, ws: Any, top: int, cols: Sequence[Col], n: int,
                  total: Sequence[Any] | None, freeze: bool, autofilter: bool,
                  title_cols: int) -> int:
        """After a table's `n` rows: its total row, frozen panes and filter; the next free row.
        With a total row there is always at least one (blank) body row, so the total's SUM
        never covers its own cell."""
        end = top + (max(n, 1) if total is not None else n)
        if total is not None:
            end += 1
            for i, (c, v) in enumerate(zip(cols, total)):
                self.put(ws, end, i, v, c.kind, total=True)
        if freeze:
            self.freeze(ws, top, title_cols)
        if autofilter and n:
            ws.autofilter(top, 0, top + n, len(cols) - 1)
        return end + 1

    def _widths(self, ws: Any, top: int, cols: Sequence[Col], rows: Sequence[Sequence[Any]],
                pages: Pages) -> None:
        """Each column as wide as its longest text (`set_widths`), and the lines of the cells
        that wrap in it. The rows are read once, and again only where some cells wrap (a data
        sheet's rows are made as they are read)."""
        n = len(cols)
        longest = [text_width(c.header) for c in cols]
        for v in rows:
            for i in range(min(n, len(v))):
                t = v[i]
                if isinstance(t, str) and t:
                    w = text_width(t)
                    if w > longest[i]:
                        longest[i] = w
        wrapped = self.set_widths(ws, top, cols, longest, pages)
        if wrapped:
            for r, v in enumerate(rows, start=top + 1):
                for i, width in wrapped:
                    if isinstance(v[i], str) and v[i]:
                        pages.row_lines(r, text_lines(clean_text(v[i]), width))

    @staticmethod
    def set_widths(ws: Any, top: int, cols: Sequence[Col], longest: Sequence[float],
                   pages: Pages) -> list[tuple[int, float]]:
        """Each column as wide as its longest text (CJK counted double, the header's included),
        within limits; the header's lines; the columns where some cells wrap, with their
        widths."""
        wrapped = []
        for i, c in enumerate(cols):
            width = max(c.width or min(max(longest[i] + 2, 10), WIDEST),
                        12 if c.kind != "text" else 6)
            ws.set_column(i, i, width)
            if longest[i] > width - 1 and c.kind in WRAPPED:  # some cells wrap
                pages.row_lines(top, text_lines(c.header, width))
                wrapped.append((i, width))
        return wrapped

    def freeze(self, ws: Any, header_row: int, title_cols: int) -> None:
        """Freeze the panes below `header_row` and right of the first `title_cols` columns;
        that row (the first frozen one of a sheet) repeats on every printed page, and those
        columns on every page across when the sheet is too wide to fit."""
        ws.freeze_panes(header_row + 1, title_cols)
        pages = self.pages[ws]
        if pages.header_row is None:
            pages.header_row, pages.title_cols = header_row, title_cols

    def chart(self, ws: Any, row: int, col: int, chart: Any, x_scale: float = 1.3,
              y_scale: float = 1.1) -> None:
        """Insert a chart at (row, col), no larger than a printed page, and start a new page
        before it where it would otherwise be split across two."""
        lay = layout(sheet_width_pt(ws, self.lang))
        pages = self.pages[ws]
        if not lay.fit:  # right of the name columns, which repeat on every page across
            col = max(col, pages.title_cols)
        # XlsxWriter's default chart is 480 × 288 px (1 px = 0.75 pt), anchored to the columns
        # as XlsxWriter sizes them (7 px digits, lang "en"); where a program draws the columns
        # wider (STRETCH), the chart and the columns left of it widen alike
        room = printable_width_pt(lay.landscape) / lay.scale / STRETCH \
            - sheet_width_pt(ws, "en", col)
        x_scale = min(x_scale, room / (480 * 0.75))
        y_scale = min(y_scale, 0.9 * printable_height_pt(lay.landscape) / lay.scale
                      / (288 * 0.75 * CHART_STRETCH))
        self.pages[ws].chart_break(row, 288 * y_scale, lay.landscape, lay.scale)
        ws.insert_chart(row, col, chart, {"x_scale": x_scale, "y_scale": y_scale})

    def put_header(self, ws: Any, row: int, col: int, text: str) -> None:
        """A header cell."""
        ws.write_string(row, col, clean_text(text), self.fmt["header"])

    def close(self) -> bytes:
        """The workbook's bytes."""
        for ws, pages in self.pages.items():
            page_setup(ws, self.lang, pages.header_row, pages.title_cols,
                       print_cols=pages.print_cols)
            if pages.breaks:
                ws.set_h_pagebreaks(pages.breaks)
        self.wb.close()
        return self.buf.getvalue()


def product_formula(amount_cell: str, rate_cell: str) -> str:
    """The formula of a money leaf made of an amount and a rate (`money.product`): base ×
    retention, amount × probability, revenue × payment rate, rounded half-up to cents."""
    return f"ROUND({amount_cell}*{rate_cell},2)"


def quarter_formulas(amount_cell: str, start_cell: str | None, shares: Sequence[str] | None,
                     values: Sequence[Decimal]) -> list[Formula]:
    """Q1..Q4 formulas that reproduce `phasing.spread`: differences of rounded cumulative amounts.

    Even spread from the start quarter (text such as 'Q2' in `start_cell`, n = 5 − start):
    quarter k is ROUND(A·(k−start+1)/n, 2) − ROUND(A·(k−start)/n, 2), 0 before the start. With
    `shares` (the cells of four shares): ROUND(A·S_k, 2) − ROUND(A·S_{k−1}, 2), S_k the sum of
    the shares through quarter k. Spreadsheets' ROUND is half-up on the decimal value (it
    corrects binary noise, 17.575 -> 17.58), as the ledger is.
    """
    out = []
    for k in range(4):
        if shares is not None:
            upto = "+".join(shares[: k + 1])
            before = "+".join(shares[:k])
            text = f"=ROUND({amount_cell}*({upto}),2)" + \
                (f"-ROUND({amount_cell}*({before}),2)" if k else "")
        else:
            s = f"VALUE(RIGHT({start_cell},1))"
            text = (f"=IF({k + 1}<{s},0,ROUND({amount_cell}*({k + 2}-{s})/(5-{s}),2)"
                    f"-ROUND({amount_cell}*({k + 1}-{s})/(5-{s}),2))")
        out.append(Formula(text, values[k]))
    return out
