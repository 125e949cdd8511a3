"""Read a billing export as records of cells, each with its file, sheet, row and column header:
.xlsx, .csv or YAML. The header row is found by the column names of the four fields (customer,
business line, period, amount); exports often put a title above it.

- .xlsx: openpyxl, read-only, the values Excel stored (a formula counts as its last computed
  value). Old .xls files are refused with the fix (save as .xlsx).
- .csv: UTF-8 with or without BOM; UTF-16 with BOM (Excel's "Unicode text", tab-separated);
  and GBK, read as GB18030 (its superset) with a warning. Excel on Chinese Windows saves
  "CSV (逗号分隔)" in GBK and most billing systems export it, so refusing it would cost the user
  a manual step every month. Decoding it cannot change a figure (amounts, periods and ids are
  ASCII), and a name decoded wrongly matches no customer and is reported as an error, never
  assigned silently.
  A file that is neither is refused with "save as CSV UTF-8".
The delimiter (comma, semicolon or tab) is sniffed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from planner.errors import Issue
from planner.load import dotted, read_source

MAX_BYTES = 200 * 1024 * 1024  # a year of monthly billing rows is a few MB
# What an .xlsx may hold once decompressed (its sheets and shared strings): 8 MB of zip can hold
# a GB of XML. 256 MB of XML is some two million cells, parsed in about 10 s.
MAX_XML = 256 * 1024 * 1024
MAX_ROWS = 500_000  # rows with a value: a year of monthly billing of 5,000 customers × 8 lines


@dataclass
class Grid:
    """One sheet (or a whole CSV file): rows of cell values with their 1-based row numbers."""

    file: str  # as shown in messages
    sheet: str | None  # the sheet's name; None for a CSV file
    rows: list[tuple[int, list[Any]]]
    encoding: str | None = None
    others: list[str] = field(default_factory=list)  # other sheets of the workbook


def read_grids(path: Path, name: str, sheet: str | None = None,
               ) -> tuple[list[Grid], list[Issue]]:
    """The sheets of an .xlsx file (every sheet, or the one named), or the one grid of a CSV."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as e:
        return [], [Issue(name, 1, 1, "", "billing_unreadable", {"reason": e.strerror or str(e)})]
    if size > MAX_BYTES:
        return [], [Issue(name, 1, 1, "", "file_too_large", {"size": size, "limit": MAX_BYTES})]
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, name, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv(path, name)
    return [], [Issue(name, 1, 1, "", "billing_file_type", {"ext": suffix or path.name})]


def _xlsx(path: Path, name: str, sheet: str | None) -> tuple[list[Grid], list[Issue]]:
    import openpyxl

    too_big = _xml_size(path, name)
    if too_big:
        return [], [too_big]
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - whatever a damaged workbook makes openpyxl raise
        return [], [Issue(name, 1, 1, "", "billing_bad_xlsx", {"reason": type(e).__name__})]
    try:
        names = list(wb.sheetnames)
        if sheet is not None and sheet not in names:
            return [], [Issue(name, 1, 1, "", "billing_sheet_missing",
                              {"sheet": sheet, "sheets": "、".join(names)})]
        grids = []
        for title in ([sheet] if sheet is not None else names):
            ws = wb[title]
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                continue
            ws.reset_dimensions()  # exports often declare a wrong size; read what is there
            rows = _kept(enumerate(ws.iter_rows(values_only=True), 1))
            if rows is None:
                return [], [Issue(name, 1, 1, title, "billing_too_many_rows", {"limit": MAX_ROWS})]
            grids.append(Grid(name, title, rows, others=[n for n in names if n != title]))
        return grids, []
    except Exception as e:  # noqa: BLE001 - whatever a damaged workbook makes openpyxl raise
        return [], [Issue(name, 1, 1, "", "billing_bad_xlsx", {"reason": type(e).__name__})]
    finally:
        wb.close()


def _xml_size(path: Path, name: str) -> Issue | None:
    """An issue when the workbook's parts would decompress beyond MAX_XML (checked from the zip's
    directory before anything is decompressed: reading never goes past the declared sizes)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return Issue(name, 1, 1, "", "billing_bad_xlsx", {"reason": type(e).__name__})
    size = sum(i.file_size for i in parts)
    # openpyxl holds every shared string in memory (the sheets it streams): a quarter at most
    strings = sum(i.file_size for i in parts if i.filename.lower().endswith("sharedstrings.xml"))
    if size > MAX_XML or strings > MAX_XML // 4:
        return Issue(name, 1, 1, "", "billing_xlsx_too_large",
                     {"size": size // 2**20, "limit": MAX_XML // 2**20})
    return None


def _kept(rows: Iterable[tuple[int, Any]]) -> list[tuple[int, list[Any]]] | None:
    """The rows holding a value, each without its empty cells at the end, by row number (empty
    rows are left out: a stray cell at XFD1048576 must not make a million rows); None beyond
    MAX_ROWS."""
    kept = []
    for i, row in rows:
        values = list(row)
        while values and (values[-1] is None or isinstance(values[-1], str)
                          and not values[-1].strip()):
            values.pop()
        if values:
            if len(kept) == MAX_ROWS:
                return None
            kept.append((i, values))
    return kept


def decode(raw: bytes) -> tuple[str | None, str]:
    """(text, encoding name) of a CSV file's bytes; text None when no encoding fits."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            return None, "UTF-16"
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        return None, "?"


def _csv(path: Path, name: str) -> tuple[list[Grid], list[Issue]]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        return [], [Issue(name, 1, 1, "", "billing_unreadable", {"reason": e.strerror or str(e)})]
    text, encoding = decode(raw)
    if text is None:
        return [], [Issue(name, 1, 1, "", "billing_encoding")]
    issues = []
    if encoding == "GBK":
        issues.append(Issue(name, 1, 1, "", "billing_gbk", severity="warning"))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = "excel-tab" if encoding == "UTF-16" else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = _kept(enumerate(reader, 1))  # record n is Excel's row n
    except csv.Error as e:
        return [], issues + [Issue(name, reader.line_num or 1, 1, "", "billing_bad_csv",
                                   {"reason": str(e)})]
    if rows is None:
        return [], issues + [Issue(name, 1, 1, "", "billing_too_many_rows", {"limit": MAX_ROWS})]
    return [Grid(name, None, rows, encoding)], issues


# ---------------------------------------------------------------- records of cells

FIELDS = ("customer", "line", "period", "amount")
# header names recognised by default, in order of preference (compared after `normalize`)
COLUMNS: dict[str, tuple[str, ...]] = {
    "customer": ("客户编号", "客户id", "客户代码", "集团编号", "customerid", "customer",
                 "客户名称", "客户", "客户名", "集团客户名称", "集团名称", "单位名称",
                 "customername", "client"),
    "line": ("业务编号", "业务代码", "businesslineid", "lineid", "业务", "业务名称", "业务类型",
             "业务类别", "产品", "产品名称", "businessline", "line", "product"),
    "period": ("期间", "账期", "月份", "季度", "日期", "账务周期", "出账月份", "计费月份", "period",
               "billingperiod", "month", "quarter", "date"),
    "amount": ("金额", "实收", "实收金额", "收入", "收入金额", "出账金额", "出账收入", "amount",
               "revenue", "actual", "actuals"),
}
SHOWN = {"customer": "客户编号、客户名称、客户、customer",  # the names a fix suggests
         "line": "业务、业务名称、业务编号、business_line",
         "period": "账期、期间、月份、季度、period", "amount": "金额、实收金额、收入、amount"}
LABELS = {"customer": ("客户", "customer"), "line": ("业务", "business line"),
          "period": ("期间", "period"), "amount": ("金额", "amount")}
UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000)}
TOTAL_WORDS = ("合计", "总计", "小计", "总额", "total", "subtotal", "grandtotal", "sum")
HEADER_SEARCH = 20  # the header row is looked for in the first rows (exports put a title above)


def normalize(text: Any) -> str:
    """A header or name as compared: NFKC, lower case, no spaces, '_' or '-', no '(unit)'."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = re.sub(r"[(\[【].*?[)\]】]", "", s)
    return re.sub(r"[\s_\-·.]", "", s)


def header_unit(header: str) -> str | None:
    """'实收金额（元）' -> '元'."""
    m = re.search(r"[(（\[【]\s*(万元|千元|元)\s*[)）\]】]", str(header))
    return m.group(1) if m else None


@dataclass
class Cell:
    """One cell of a record, with where it is, so an issue can point at it."""

    value: Any
    file: str
    line: int
    col: int
    ref: str  # 'Sheet1!B7', 'B7' (CSV) or 'actuals[3].amount' (YAML)
    header: str  # the column's header as the file writes it (the issue's label)

    def issue(self, code: str, severity: str = "error", **params: Any) -> Issue:
        """An issue about this cell: FILE:ROW:COL: Sheet!B7 (header): message."""
        return Issue(self.file, self.line, self.col, self.ref, code, params,
                     (self.header, self.header), severity)  # type: ignore[arg-type]


@dataclass
class Record:
    """One row of an export: its cells by field (several customer or line columns may exist)."""

    file: str
    line: int
    cells: dict[str, list[Cell]]
    first: Cell | None = None  # the row's first cell (total rows are often marked there)
    blank: int = 0  # a run of this many blank rows from `line` (no cells), not a data row


def find_header(rows: list[tuple[int, list[Any]]], wanted: dict[str, tuple[str, ...]],
                 ) -> tuple[int | None, dict[str, list[int]], list[str]]:
    """(index of the header row, field -> column indexes, fields missing in the best row)."""
    best: tuple[int | None, dict[str, list[int]], list[str]] = (None, {}, list(FIELDS))
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH]):
        heads = [normalize(c) if c is not None else "" for c in cells]
        found: dict[str, list[int]] = {}
        for f in FIELDS:
            # every column naming the field, in the order of preference of the names
            cols = [i for alias in wanted[f] for i, h in enumerate(heads) if h == alias]
            if cols:
                found[f] = list(dict.fromkeys(cols)) if f in ("customer", "line") else cols[:1]
        missing = [f for f in FIELDS if f not in found]
        if not missing:
            return index, found, []
        if len(missing) < len(best[2]):
            best = (None, found, missing)
    return best


def grid_records(grid: Grid, wanted: dict[str, tuple[str, ...]],
                  ) -> tuple[list[Record], dict[str, str], str | None, list[Issue]]:
    """The data rows of a grid below its header; the headers used; the unit its header names."""
    index, cols, missing = find_header(grid.rows, wanted)
    if index is None:
        return [], {}, None, [Issue(grid.file, 1, 1, grid.sheet or "", "billing_no_header", {
            "missing": ("、".join(LABELS[f][0] for f in missing),
                        ", ".join(LABELS[f][1] for f in missing)),
            "names": "、".join(SHOWN[f] for f in missing)})]
    header_line, header = grid.rows[index]
    used = {f: str(header[cols[f][0]]).strip() for f in FIELDS}
    records = []
    previous = header_line
    for line, cells in grid.rows[index + 1:]:
        if line > previous + 1:  # rows with nothing in them, left out when the file was read
            records.append(Record(grid.file, previous + 1, {f: [] for f in FIELDS},
                                  blank=line - previous - 1))
        previous = line
        rec = Record(grid.file, line, {})
        if cells:
            rec.first = Cell(blank(cells[0]), grid.file, line, 1,
                              f"{grid.sheet}!A{line}" if grid.sheet else f"A{line}",
                              str(header[0] or "").strip())
        for f in FIELDS:
            rec.cells[f] = []
            for c in cols[f]:
                value = cells[c] if c < len(cells) else None
                ref = f"{get_column_letter(c + 1)}{line}"
                rec.cells[f].append(Cell(blank(value), grid.file, line, c + 1,
                                          f"{grid.sheet}!{ref}" if grid.sheet else ref,
                                          str(header[c]).strip()))
        records.append(rec)
    return records, used, header_unit(used["amount"]), []


def blank(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def yaml_records(path: Path, name: str, wanted: dict[str, tuple[str, ...]],
                  ) -> tuple[list[Record], dict[str, str], str | None, list[Issue]]:
    """`actuals: [{customer, business_line, period, amount}, ...]` and an optional `unit`."""
    source, issues = read_source(path, name)
    if source is None:
        return [], {}, None, issues
    data = source.data
    rows = data.get("actuals") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        line, col = source.at(("actuals",))
        return [], {}, None, [Issue(name, line, col, "actuals", "billing_yaml_shape")]
    unit = data.get("unit")
    records = []
    used: dict[str, str] = {}
    for i, row in enumerate(rows):
        line, _ = source.at(("actuals", i))
        rec = Record(name, line, {f: [] for f in FIELDS})
        if not isinstance(row, dict):  # `actuals: [5]`: not a row at all
            _, col = source.at(("actuals", i))
            issues.append(Issue(name, line, col, f"actuals[{i}]", "billing_yaml_row",
                                {"got": str(row)[:40]}))
            continue
        for key, value in row.items():
            f = next((f for f in FIELDS if normalize(key) in wanted[f]), None)
            ln, col = source.at(("actuals", i, key))
            cell = Cell(blank(value), name, ln, col, dotted(("actuals", i, key)), str(key))
            if f is None:
                issues.append(cell.issue("billing_unknown_key", key=key))
                continue
            used.setdefault(f, str(key))
            rec.cells[f].append(cell)
        records.append(rec)
    if unit is not None and (not isinstance(unit, str) or unit not in UNITS):
        line, col = source.at(("unit",))
        issues.append(Issue(name, line, col, "unit", "billing_unit", {"got": str(unit)[:40]}))
        unit = None
    return records, used, unit, issues


def tables(path: Path, name: str, wanted: dict[str, tuple[str, ...]], sheet: str | None,
            ) -> Iterable[tuple[list[Record], dict[str, str], str | None, str | None,
                                list[Issue]]]:
    """(records, headers used, unit, sheet, issues) of each table of the file."""
    if path.suffix.lower() in (".yaml", ".yml"):
        records, used, unit, issues = yaml_records(path, name, wanted)
        yield records, used, unit, None, issues
        return
    grids, issues = read_grids(path, name, sheet)
    if issues and any(i.severity == "error" for i in issues):
        yield [], {}, None, None, issues
        return
    found = [(g, *grid_records(g, wanted)) for g in grids]
    usable = [t for t in found if t[2]]
    if not usable:  # no sheet has the columns: say so about the first (or the one asked for)
        first = found[0] if found else None
        yield [], {}, None, None, issues + (first[4] if first else [
            Issue(name, 1, 1, "", "billing_no_rows")])
        return
    for i, (grid, records, used, unit, _) in enumerate(usable):
        yield records, used, unit, grid.sheet, issues if i == 0 else []


def total_cell(rec: Record, cells: dict[str, list[Cell]]) -> Cell | None:
    """The cell that marks a total row ('合计', 'Total'): the row's first cell or a name cell."""
    for c in [rec.first] + [c for f in ("customer", "line") for c in cells[f]]:
        if c is not None and isinstance(c.value, str):
            key = normalize(c.value).rstrip(":：")
            if key in TOTAL_WORDS or key.startswith(("合计", "总计", "小计")):
                return c
    return None


def cell_of(rec: Record, f: str) -> Cell:
    """The (empty) cell of field `f` in a row, to point an issue at."""
    return rec.cells[f][0] if rec.cells[f] else Cell(None, rec.file, rec.line, 1, "", f)
