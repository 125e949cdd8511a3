"""Read a billing export as a grid of cells, each with its file, sheet and row: .xlsx or .csv.

- .xlsx: openpyxl, read-only, the values Excel stored (a formula counts as its last computed
  value). Old .xls files are refused with the fix (save as .xlsx).
- .csv: UTF-8 with or without BOM; UTF-16 with BOM (Excel's "Unicode text", tab-separated); and
  GBK, read as GB18030 (its superset) with a warning. Excel on Chinese Windows saves "CSV (逗号分隔)"
  in GBK and most billing systems export it, so refusing it would cost the user a manual step every
  month; decoding it cannot change a figure (amounts, periods and ids are ASCII), and a name
  decoded wrongly matches no customer and is reported as an error, never assigned silently.
  A file that is neither is refused with "save as CSV UTF-8".
The delimiter (comma, semicolon or tab) is sniffed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import Issue

MAX_BYTES = 200 * 1024 * 1024  # a year of monthly billing rows is a few MB


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
        return [], [Issue(name, 1, 1, "", "actuals_unreadable", {"reason": e.strerror or str(e)})]
    if size > MAX_BYTES:
        return [], [Issue(name, 1, 1, "", "file_too_large", {"size": size, "limit": MAX_BYTES})]
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, name, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv(path, name)
    return [], [Issue(name, 1, 1, "", "actuals_file_type", {"ext": suffix or path.name})]


def _xlsx(path: Path, name: str, sheet: str | None) -> tuple[list[Grid], list[Issue]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        return [], [Issue(name, 1, 1, "", "actuals_bad_xlsx", {"reason": type(e).__name__})]
    try:
        names = list(wb.sheetnames)
        if sheet is not None and sheet not in names:
            return [], [Issue(name, 1, 1, "", "actuals_sheet_missing",
                              {"sheet": sheet, "sheets": "、".join(names)})]
        grids = []
        for title in ([sheet] if sheet is not None else names):
            ws = wb[title]
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                continue
            ws.reset_dimensions()  # exports often declare a wrong size; read what is there
            rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1)]
            grids.append(Grid(name, title, rows, others=[n for n in names if n != title]))
        return grids, []
    finally:
        wb.close()


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
        return [], [Issue(name, 1, 1, "", "actuals_unreadable", {"reason": e.strerror or str(e)})]
    text, encoding = decode(raw)
    if text is None:
        return [], [Issue(name, 1, 1, "", "actuals_encoding")]
    issues = []
    if encoding == "GBK":
        issues.append(Issue(name, 1, 1, "", "actuals_gbk", severity="warning"))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = "excel-tab" if encoding == "UTF-16" else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = [(i, list(r)) for i, r in enumerate(reader, 1)]  # record n is Excel's row n
    except csv.Error as e:
        return [], issues + [Issue(name, reader.line_num or 1, 1, "", "actuals_bad_csv",
                                   {"reason": str(e)})]
    return [Grid(name, None, rows, encoding)], issues
