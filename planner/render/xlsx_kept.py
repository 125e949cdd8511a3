"""A large sheet's rows as XML text, made as XlsxWriter makes them, and kept between builds.

The market workbook's data sheet has a row per customer × business line: 7,000 rows of 19 cells
at 1,000 customers, 140,000 at a province's 20,000, and written cell by cell through XlsxWriter it
was most of the workbook's time. Here the rows of one customer are made once into a `Part`: their
cells as the XML XlsxWriter writes in constant-memory mode (inline strings, the book's cell
formats), with ROW standing for the row number, so that a part serves at any place in the
sheet, and the widest text and the wrapped lines of its cells (for the column widths and row
heights, which depend on every row). `write` puts the parts straight into the worksheet's row
file after the header row. The build keeps the market workbook's parts in a store of their own
(`store.py`, kind "rows"), each under the digest of what it is made from: after one customer
file is edited, only that customer's part is made again.

`tests/test_xlsx_kept.py` holds a sheet written from parts to the same sheet written cell by
cell through XlsxWriter (`Book.cell_table`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from planner.render.docx import clean_text
from planner.render.workbook import LINE_PT, WRAPPED, Book, Col, Formula, widest
from planner.render.xlsx_print import text_lines, text_width
from planner.store import Store

ROW = "\x00"  # the row number in a part's XML (NUL is in no XML text: clean_text removes it)
SEP = "\x01"  # between the rows of a part (removed from every text, too)
_escape_control = XMLwriter._escape_control_characters
_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!")


def ref(col: int) -> str:
    """The cell of column `col` in a part's row, for its formulas: 'H' + ROW."""
    return xl_col_to_name(col) + ROW


@dataclass(frozen=True, slots=True)
class Part:
    """Some consecutive rows of a sheet: their cells' XML (compressed), how many rows, the
    widest text of each column, and (row, column, lines) of each cell of more than one line."""

    xml: bytes
    rows: int
    longest: tuple[float, ...]
    lines: tuple[tuple[int, int, int], ...]

    def record(self) -> dict[str, Any]:
        """The part as a store record (JSON)."""
        return {"x": base64.b64encode(self.xml).decode("ascii"), "n": self.rows,
                "w": list(self.longest), "l": [list(x) for x in self.lines]}

    @classmethod
    def of_record(cls, record: dict[str, Any], columns: int) -> Part | None:
        """The part a store record holds, or None when it is not one of `columns` columns."""
        try:
            xml, n, longest = base64.b64decode(record["x"]), record["n"], record["w"]
            lines = tuple((int(r), int(c), int(k)) for r, c, k in record["l"])
        except (KeyError, TypeError, ValueError, binascii.Error):
            return None
        if not (isinstance(n, int) and isinstance(longest, list) and len(longest) == columns):
            return None
        return cls(xml, n, tuple(float(w) for w in longest), lines)


class Maker:
    """Makes the parts of a table of `cols` in `book`: each cell as `Book.cell_table` writes it (a
    Formula in the column's calc_ format, anything else in its plain one)."""

    def __init__(self, book: Book, cols: Sequence[Col]):
        self.cols = cols
        self.texts = book._texts  # each distinct text cleaned once, as Book does
        self.strings: dict[str, tuple[str, float, str]] = {}  # text -> its XML, width, clean

        def style(fmt: Any) -> str:
            return "" if fmt is None else f' s="{fmt._get_xf_index()}"'

        self.plain = [style(book.fmt.get(c.kind)) for c in cols]
        self.calc = [style(book.fmt.get("calc_" + c.kind)) for c in cols]
        self.letters = [xl_col_to_name(i) for i in range(len(cols))]
        # the wrapped lines of a text are counted at the column's width, which is its own
        # (Col.width) or, when some text of it wraps, the widest (Book.set_widths)
        self.wraps = [widest(c) if c.kind in WRAPPED else 0 for c in cols]

    @functools.cached_property
    def context(self) -> str:
        """The columns and formats the parts are made for: a part kept for others is never
        used (asked for only where parts are kept)."""
        return hashlib.sha256(json.dumps(
            [[c.header, c.kind, c.width] for c in self.cols] + [self.plain, self.calc]
        ).encode()).hexdigest()

    def part(self, rows: Iterable[Sequence[Any]]) -> Part:
        """The part of these rows (each a list of cell values, formulas written with `ref`)."""
        out: list[str] = []
        longest = [0.0] * len(self.cols)
        lines: list[tuple[int, int, int]] = []
        n = 0
        for n, values in enumerate(rows, start=1):
            out.append("".join(self._cells(n - 1, values, longest, lines)))
        text = SEP.join(out).encode("utf-8", "surrogatepass")
        return Part(zlib.compress(text, 1), n, tuple(longest), tuple(lines))

    def parts(self, rows: Iterable[Sequence[Any]], size: int = 1000) -> list[Part]:
        """The parts of these rows, `size` rows a part: a long table (the review workbook's
        45,000 flags) is never all XML text at once."""
        out: list[Part] = []
        chunk: list[Sequence[Any]] = []
        for values in rows:
            chunk.append(values)
            if len(chunk) == size:
                out.append(self.part(chunk))
                chunk = []
        if chunk or not out:
            out.append(self.part(chunk))
        return out

    def _cells(self, row: int, values: Sequence[Any], longest: list[float],
               lines: list[tuple[int, int, int]]) -> Iterable[str]:
        for i, v in enumerate(values[:len(self.cols)]):
            at = f'<c r="{self.letters[i]}{ROW}"'
            kind = type(v)
            if kind is Decimal or kind is int or kind is float:
                yield f"{at}{self.plain[i]}><v>{float(v):.16G}</v></c>"
            elif kind is Formula:
                yield at + self.calc[i] + _formula(v)
            elif v is None or v == "":
                if self.plain[i]:  # (XlsxWriter writes no blank cell without a format)
                    yield f"{at}{self.plain[i]}/>"
            else:
                if kind is not str:
                    yield at + self.plain[i] + _inline(clean_text(str(v)))
                    continue
                found = self.strings.get(v)
                if found is None:
                    text = self.texts.get(v)
                    if text is None:
                        text = self.texts[v] = clean_text(v)
                    found = self.strings[v] = (_inline(text), text_width(v), text)
                xml, w, text = found
                if w > longest[i]:
                    longest[i] = w
                # (a text no wider than its column and of one line takes one: not counted)
                if self.wraps[i] and (w > self.wraps[i] - 1 or "\n" in text):
                    k = text_lines(text, self.wraps[i])
                    if k > 1:
                        lines.append((row, i, k))
                yield at + self.plain[i] + xml


def _inline(text: str) -> str:
    """An inline string cell's rest, as XlsxWriter writes it in constant-memory mode."""
    text = _escape_control(text)
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f' t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _formula(f: Formula) -> str:
    """A formula cell's rest, as XlsxWriter writes it (its stored value after the formula)."""
    value: Any = f.value
    kind = ""
    if isinstance(value, Decimal):
        value = float(value)
    elif value is None:
        value = ""
    elif isinstance(value, str) and value:
        kind = ' t="e"' if value in _ERRORS else ' t="str"'
        value = _escape(value)
    text = f.text[1:] if f.text.startswith("=") else f.text
    return f"{kind}><f>{_escape(text)}</f><v>{value}</v></c>"


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def write(book: Book, ws: Any, top: int, cols: Sequence[Col], parts: Sequence[Part],
          total: Sequence[Any] | None = None, freeze: bool = False, autofilter: bool = False,
          title_cols: int = 1) -> int:
    """`Book.table` of the rows of `parts`: the header at row `top`, then the rows, each column
    as wide as its widest text, then an optional total row; returns the next free row. The
    worksheet must be written in constant-memory mode, and nothing below the header before
    this."""
    if not ws.constant_memory:
        raise ValueError("parts are written into a constant-memory sheet (Book(large=True))")
    longest = [text_width(c.header) for c in cols]
    for p in parts:
        for i, w in enumerate(p.longest):
            if w > longest[i]:
                longest[i] = w
    pages = book.pages[ws]
    wrapped = {i for i, _ in book.set_widths(ws, top, cols, longest, pages)}
    if pages.lines.get(top, 1) > 1:
        ws.set_row(top, LINE_PT * pages.lines[top])
    for i, c in enumerate(cols):
        book.put_header(ws, top, i, c.header)
    ws._write_single_row(top + 1)  # the header row goes to the row file; the parts follow it
    fh, r = ws.fh, top + 1
    for p in parts:
        if not p.rows:
            continue
        tall: dict[int, int] = {}
        for row, col, k in p.lines:
            if col in wrapped and k > tall.get(row, 1):
                tall[row] = k
        out = []
        for i, cells in enumerate(zlib.decompress(p.xml).decode("utf-8", "surrogatepass")
                                  .split(SEP)):
            n = str(r + 1)
            if i in tall:
                pages.row_lines(r, tall[i])
                # (a height in points, stored as XlsxWriter's set_row stores it, in pixels)
                pixels = int(LINE_PT * tall[i] * 4.0 / 3.0 + 0.5)
                out.append(f'<row r="{n}" ht="{pixels * 0.75:.16g}" customHeight="1">')
            else:
                out.append(f'<row r="{n}">')
            out.append(cells.replace(ROW, n))
            out.append("</row>")
            r += 1
        fh.write("".join(out))
    n = r - (top + 1)
    if n:  # the sheet's dimensions, and no cell is written above the parts' rows again
        ws.dim_rowmax = max(ws.dim_rowmax or 0, r - 1)
        ws.dim_colmax = max(ws.dim_colmax or 0, len(cols) - 1)
        ws.previous_row = r
    return book.end_table(ws, top, cols, n, total, freeze, autofilter, title_cols)


class Kept:
    """Parts kept between builds (a store of kind "rows"), each under a digest of what it is
    made from and of the columns and formats it was made for."""

    def __init__(self, store: Store):
        self.store = store

    def get(self, name: str, digest: str, maker: Maker) -> Part | None:
        """The part kept as `name` made from `digest`, or None."""
        record = self.store.get(name, self._key(digest, maker))
        return None if record is None else Part.of_record(record, len(maker.cols))

    def put(self, name: str, digest: str, maker: Maker, part: Part) -> None:
        """Keep a part made from `digest`."""
        self.store.put(name, self._key(digest, maker), part.record())

    @staticmethod
    def _key(digest: str, maker: Maker) -> str:
        return hashlib.sha256(f"{digest}\0{maker.context}".encode()).hexdigest()

    def save(self) -> None:
        """Write the parts used or made in this build (those of customers gone are dropped)."""
        self.store.save()
