"""Read a fill-in workbook back: its rows by table, each cell as the text a plan file would hold.

Sheets and columns are found by name (the sheet's name, the field names in row 2), so a column
the user moved still reads, and one the user added is ignored with a warning. A cell's problem
is reported as `Sheet!C7`, with the column's label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planner.fillin import spec
from planner.fillin.book import FORMAT_VERSION, LISTS, META
from planner.fillin.spec import Slot, Table
from planner.fillin.values import cell_text
from planner.messages import message, ui


@dataclass(frozen=True)
class CellIssue:
    """A problem in the workbook: `Sheet!C7: 标签: message — fix`."""

    ref: str
    label: tuple[str, str] | None
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    severity: str = "error"

    def sort_key(self) -> tuple:
        """Errors first, then by sheet, row and column."""
        sheet, _, cell = self.ref.partition("!")
        letters = cell.rstrip("0123456789")
        row = cell[len(letters):]
        return (self.severity != "error", sheet, int(row) if row else 0, len(letters), letters)

    def format(self, lang: str = "zh") -> str:
        """The one-line form."""
        head = f"{self.ref}: "
        if self.label:
            head += f"{self.label[1] if lang == 'en' else self.label[0]}: "
        return head + f"{message(self.code, 'message', lang, self.params)} — " \
                      f"{message(self.code, 'fix', lang, self.params)}"


@dataclass
class Row:
    """One data row of a sheet: the file it belongs to and its cells' texts."""

    table: Table
    sheet: str
    number: int  # 1-based, as Excel shows it
    texts: dict[str, str | None]
    refs: dict[str, str]  # slot name -> 'Sheet!C7'

    @property
    def file_id(self) -> str | None:
        """The customer or industry id (the market's rows: 'market')."""
        return "market" if self.table.kind == "market" else self.texts.get("_id")

    def ref(self, name: str | None = None) -> str:
        """The cell of slot `name` (else the row's first cell)."""
        return self.refs.get(name or "", next(iter(self.refs.values())))

    def inputs(self) -> dict[str, str | None]:
        """The cells a user fills in (not the id, the name, the number or formulas)."""
        return {k: v for k, v in self.texts.items()
                if k not in ("_id", "_name", "_item") and not k.startswith("=")}


@dataclass
class Workbook:
    """What a fill-in workbook holds: rows by table, the files it was made from, problems."""

    rows: dict[Table, list[Row]] = field(default_factory=dict)
    covered: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, digest, kind, id
    lang: str = "zh"
    issues: list[CellIssue] = field(default_factory=list)


def _ref(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{get_column_letter(col + 1)}{row}"


def read_workbook(path: Path) -> Workbook:
    """Every table's rows of the workbook at `path`, with warnings and errors found reading."""
    out = Workbook()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any reason a file is not a workbook
        out.issues.append(CellIssue(str(path), None, "wb_unreadable", {"reason": str(e)[:200]}))
        return out
    try:
        names = wb.sheetnames
        if META not in names:
            out.issues.append(CellIssue(str(path), None, "wb_not_fillin"))
            return out
        meta = list(wb[META].iter_rows(values_only=True))
        if not meta or not meta[0] or meta[0][0] != FORMAT_VERSION:
            out.issues.append(CellIssue(str(path), None, "wb_not_fillin"))
            return out
        out.lang = str(meta[0][1] or "zh")
        out.covered = [tuple(str(v or "") for v in r[:4]) for r in meta[1:] if r and r[0]]
        guide = {ui("wb_instructions", "zh"), ui("wb_instructions", "en")}
        for name in names:
            if name in (LISTS, META) or name in guide:
                continue
            table = spec.table_by_sheet(name)
            if table is None:
                out.issues.append(CellIssue(name, None, "wb_sheet_ignored", {"sheet": name},
                                            "warning"))
                continue
            out.rows[table] = _read_sheet(wb[name], name, table, out.issues)
    finally:
        wb.close()
    return out


def _read_sheet(ws: Any, name: str, table: Table, issues: list[CellIssue]) -> list[Row]:
    """The rows of one table's sheet (header in rows 1 and 2)."""
    rows = ws.iter_rows(values_only=True)
    labels = [v for v in next(rows, None) or ()]
    fields = [str(v).strip() if v is not None else "" for v in next(rows, None) or ()]
    slots = {s.name: s for s in spec.slots(table)}
    where: dict[str, int] = {}
    for c in range(max(len(labels), len(fields))):
        f = fields[c] if c < len(fields) else ""
        if f in slots and f not in where:
            where[f] = c
        elif f or (c < len(labels) and labels[c] not in (None, "")):
            issues.append(CellIssue(_ref(name, 1, c), None, "wb_column_ignored",
                                    {"column": f or str(labels[c])}, "warning"))
    missing = [s for n, s in slots.items() if n not in where and not n.startswith("=")
               and n != "_name"]
    for s in missing:
        issues.append(CellIssue(f"{name}!2", s.label, "wb_column_missing", {"column": s.name}))
    if missing:
        return []
    out = []
    for number, values in enumerate(rows, start=3):
        texts: dict[str, str | None] = {}
        refs: dict[str, str] = {}
        for n, c in where.items():
            slot: Slot = slots[n]
            raw = values[c] if c < len(values) else None
            col = slot.column or spec.Column((n,), slot.label, "text", "ids")
            texts[n] = cell_text(raw, col)
            refs[n] = _ref(name, number, c)
        if any(v is not None for k, v in texts.items() if k != "_name" and not k.startswith("=")):
            out.append(Row(table, name, number, texts, refs))
    return out
