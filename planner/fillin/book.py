"""Write the fill-in workbook: instructions, one sheet per table, lists for the drop-downs.

Inputs are unlocked and tinted; the row's identity (序号), the looked-up name and the derived
figures are locked formulas that carry their values; every sheet is protected without a password
(a guard against typing over a formula, not a secret). Two hidden sheets hold the drop-down lists
(`_lists`) and what the workbook was made from (`_meta`: each file's digest, so `import` can tell
when a file changed after the workbook was written).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from planner.compute.money import product
from planner.fillin import spec
from planner.fillin.plans import PlanFile, PlanFiles, Selection, get
from planner.fillin.spec import Column, Slot, Table
from planner.fillin.values import cell_value
from planner.messages import ui
from planner.model import Strategies
from planner.render.docx import clean_text
from planner.render.workbook import FONT, _Worksheet
from planner.render.xlsx_print import LINE_PT, page_setup, text_lines

LISTS, META = "_lists", "_meta"
FORMAT_VERSION = "planner-fillin 1"
PROTECT = {"insert_rows": True, "delete_rows": True, "format_columns": True,
           "format_rows": True, "autofilter": True, "sort": True}
NUM = {"money": "#,##0.00", "rate": "0.0%", "number": "0.##", "int": "0", "date": "yyyy-mm-dd",
       "text": "@", "choice": "@", "quarter": "@", "idlist": "@"}
LONG_WIDTH = 36  # a long text's column, in Excel's units: two fit beside the name columns
ALIASES = {name: f.alias for name, f in Strategies.model_fields.items() if f.alias}


def tables_for(selection: Selection) -> list[Table]:
    """The tables a workbook of `selection` holds."""
    out = list(spec.CUSTOMER_TABLES)
    if selection.everything or selection.industries:
        out += spec.INDUSTRY_TABLES
    if selection.everything:
        out += spec.MARKET_TABLES
    return out


def rows_of(table: Table, f: PlanFile) -> list[dict[str, Any]]:
    """The rows of one file in a table: slot name -> the file's raw value."""
    data = f.data
    if table.shape == "single":
        row = {c.name: get(data, table.path + c.key) for c in table.columns}
        if table.path and get(data, table.path) is None and not any(row.values()):
            return [{}]  # an absent section: one empty row to fill
        return [row]
    if table.shape == "list":
        items = get(data, table.path)
        return [{"_item": i + 1, **{c.name: get(item, c.key) for c in table.columns}}
                for i, item in enumerate(items if isinstance(items, list) else [])]
    rows = []
    for path in table.paths:
        value = get(data, path)
        label = spec.path_label(table.kind, path)
        if table.shape == "texts":
            items = value if isinstance(value, list) else ([] if value is None else [value])
            rows += [{"_item": i + 1, "_field": label, "_text": t} for i, t in enumerate(items)]
        elif isinstance(value, dict):
            rows += [{"_field": label, "_key": ALIASES.get(k, k), table.columns[0].name: v}
                     for k, v in value.items()]
    return rows


class FillBook:
    """The workbook being written, with its formats and drop-down lists."""

    def __init__(self, files: PlanFiles, selection: Selection, lang: str, new: int = 0):
        self.files, self.selection, self.lang, self.new = files, selection, lang, new
        self.buf = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buf, {"in_memory": True, "strings_to_formulas": False,
                                                 "strings_to_urls": False,
                                                 "strings_to_numbers": False})
        self.wb.set_properties({"title": ui("wb_title", lang), "author": "planner"})
        font = {"font_name": FONT.get(lang, FONT["zh"]), "font_size": 10}
        cell = {**font, "valign": "top"}  # a row grown by a long text reads from its top
        self.wb.formats[0].set_font_name(font["font_name"])
        add = self.wb.add_format
        self.input = {k: add({**cell, "num_format": v, "locked": False, "bg_color": "#FFF8DC",
                              "border": 1, "border_color": "#BFBFBF"}) for k, v in NUM.items()}
        # a long text input wraps at the column's edge, from the cell's top
        self.input["long"] = add({**cell, "num_format": "@", "locked": False,
                                  "bg_color": "#FFF8DC", "border": 1, "border_color": "#BFBFBF",
                                  "text_wrap": True})
        self.locked = add({**cell, "bg_color": "#EDEDED", "border": 1, "border_color": "#BFBFBF",
                           "num_format": "#,##0.00"})
        self.key = add({**cell, "bg_color": "#EDEDED", "border": 1, "border_color": "#BFBFBF",
                        "locked": False, "num_format": "@"})
        self.head = add({**font, "bold": True, "bg_color": "#DCE6F1", "border": 1,
                         "text_wrap": True, "valign": "vcenter"})
        self.field = add({**font, "font_color": "#7F7F7F", "font_size": 8, "border": 1,
                          "bg_color": "#DCE6F1"})
        self.bold = add({**font, "bold": True})
        self.title = add({**font, "bold": True, "font_size": 14})
        self.wrap = add({**font, "text_wrap": True, "valign": "top"})
        self.covered = [f for f in files.files.values() if selection.takes(f)]
        # the last row of the customers' sheet, for the drop-down of ids on the other sheets
        self.roster_last = 2 + sum(f.kind == "customer" for f in self.covered) + 5 + new
        self.lists: dict[Any, str] = {}
        self.list_columns: list[tuple[str, list[str]]] = []

    # ---- drop-down lists, on the hidden sheet
    def choice_range(self, name: Any, values: list[str]) -> str:
        """The absolute range of a list on the lists sheet (added on first use)."""
        if name not in self.lists:
            col = xl_col_to_name(len(self.list_columns))
            self.list_columns.append((str(name), values))
            self.lists[name] = f"='{LISTS}'!${col}$2:${col}${max(len(values), 1) + 1}"
        return self.lists[name]

    def catalog(self, name: str) -> list[str]:
        """The ids (or carrier names) of one catalog list of market.yaml."""
        market = self.files.files.get(("market", "market"))
        cat = (market.data.get("catalog") if market else None) or {}
        if name == "carriers":
            rivals = cat.get("competitors") or []
            rivals = rivals if isinstance(rivals, list) else [rivals]
            return [str(x) for x in [cat.get("operator"), *rivals] if x]
        return [str(e.get("id")) for e in cat.get(name) or [] if isinstance(e, dict)]

    def validate(self, ws: Any, col: Column, c: int, first: int, last: int) -> None:
        """The data validation of an input column."""
        if col.choices:
            values = list(col.choices) if isinstance(col.choices, tuple) \
                else self.catalog(col.choices)
            rule: dict[str, Any] = {"validate": "list",
                                    "source": self.choice_range(col.choices, values)}
        elif col.kind == "money":
            rule = {"validate": "decimal", "criteria": "between", "minimum": 0,
                    "maximum": 1e12}
        elif col.kind == "rate":
            rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}
        elif col.kind in ("int", "number"):
            rule = {"validate": "integer" if col.kind == "int" else "decimal",
                    "criteria": ">=", "value": 0}
        else:
            return
        rule["error_message"] = ui(f"wb_invalid_{col.kind}" if not col.choices
                                   else "wb_invalid_choice", self.lang)[:255]
        ws.data_validation(first, c, last, c, rule)

    # ---- sheets
    def sheet(self, table: Table, files: list[PlanFile]) -> None:
        """One table's sheet: labels, field names, a row per item, blank rows to add items."""
        lang = self.lang
        ws = self.wb.add_worksheet(table.name(lang), worksheet_class=_Worksheet)
        slots = spec.slots(table)
        widths = []
        for c, s in enumerate(slots):
            label = s.label[1] if lang == "en" else s.label[0]
            ws.write_string(0, c, label + (" *" if s.column and s.column.required else ""),
                            self.head)
            ws.write_string(1, c, s.name, self.field)
            widths.append(_width(label, s))
            ws.set_column(c, c, widths[-1])
        ws.set_row(0, 30)
        row = 2
        for f in files:
            for values in rows_of(table, f):
                self.row(ws, table, slots, row, f, values)
                self._fit_row(ws, slots, widths, row, values)
                row += 1
        # blank rows to add items in; one-row sections only for new customers (a new industry
        # or market file is not made here)
        blank = 20 + 5 * self.new if table.shape != "single" else \
            (5 + self.new if table.kind == "customer" else 0)
        for r in range(row, row + blank):
            self.row(ws, table, slots, r, None, {})
        last = max(row + blank - 1, 2)
        for c, s in enumerate(slots):
            if s.column is not None:
                self.validate(ws, s.column, c, 2, last)
            elif s.name == "_field":  # which list or mapping of the file: their labels
                labels = [spec.path_label(table.kind, p) for p in table.paths]
                source = self.choice_range((table.sheet, "fields"),
                                           [lb[1] if lang == "en" else lb[0] for lb in labels])
                ws.data_validation(2, c, last, c, {"validate": "list", "source": source})
        if table.kind != "market":
            roster = spec.CUSTOMER_TABLES[0].name(lang)
            ids = f"='{roster}'!$A$3:$A${self.roster_last}" if table.kind == "customer" \
                else self.choice_range("industries", self.catalog("industries"))
            if not spec.is_roster(table):
                ws.data_validation(2, 0, last, 0, {"validate": "list", "source": ids})
        keys = sum(1 for s in slots if s.name.startswith("_"))
        ws.freeze_panes(2, keys)
        page_setup(ws, lang, 0, keys, header_last=1)
        ws.autofilter(1, 0, last, len(slots) - 1)
        ws.protect("", PROTECT)

    def row(self, ws: Any, table: Table, slots: list[Slot], r: int, f: PlanFile | None,
            values: dict[str, Any]) -> None:
        """One row: the file's id, the looked-up name, the item's number, inputs, formulas."""
        where = {s.name: i for i, s in enumerate(slots)}
        for c, s in enumerate(slots):
            if s.name == "_id":
                self._text(ws, r, c, f.id if f else None, self.input["text"]
                           if spec.is_roster(table) or f is None else self.key)
            elif s.name == "_name":
                self._name(ws, table, r, c, f)
            elif s.name == "_item":
                ws.write(r, c, values.get("_item"), self.key)
            elif s.name == "_field":
                shown = values.get("_field")
                self._text(ws, r, c, (shown[1] if self.lang == "en" else shown[0])
                           if shown else None, self.input["choice"])
            elif s.name.startswith("="):
                self._derived(ws, table, r, c, values, where)
            else:
                col = s.column
                assert col is not None
                value = cell_value(values.get(s.name), col)
                fmt = self.input["long" if col.long else col.kind if col.kind in NUM else "text"]
                if isinstance(value, str) or value is None:
                    self._text(ws, r, c, value, fmt)
                else:
                    ws.write(r, c, value, fmt)

    def _fit_row(self, ws: Any, slots: list[Slot], widths: list[float], r: int,
                 values: dict[str, Any]) -> None:
        """A row holding long texts as high as its longest one wraps to (no spreadsheet grows a
        row when it opens a file); a blank row keeps the program's automatic height."""
        texts = [(cell_value(values.get(s.name), s.column), w) for s, w in zip(slots, widths)
                 if s.column is not None and s.column.long]
        lines = max([text_lines(clean_text(t), w) for t, w in texts if isinstance(t, str)],
                    default=1)
        if lines > 1:
            ws.set_row(r, LINE_PT * lines)

    def _text(self, ws: Any, r: int, c: int, text: str | None, fmt: Any) -> None:
        if text:
            ws.write_string(r, c, clean_text(str(text)), fmt)  # text is never a formula
        else:
            ws.write_blank(r, c, None, fmt)

    def _name(self, ws: Any, table: Table, r: int, c: int, f: PlanFile | None) -> None:
        """The customer's (industry's) name, looked up from its id: a locked formula."""
        a = xl_rowcol_to_cell(r, 0)
        if table.kind == "customer":
            sheet = spec.CUSTOMER_TABLES[0].name(self.lang)
            lookup = f"VLOOKUP({a},'{sheet}'!$A:$B,2,FALSE)"
            name = f.data.get("name") if f else ""
        else:
            ids = self.choice_range("industries", self.catalog("industries"))[1:]
            names = self.choice_range("industry_names", self._industry_names())[1:]
            lookup = f"INDEX({names},MATCH({a},{ids},0))"
            name = dict(zip(self.catalog("industries"), self._industry_names())).get(
                f.id if f else "", "")
        ws.write_formula(r, c, f'=IF({a}="","",IFERROR({lookup},""))', self.locked,
                         clean_text(str(name or "")))

    def _industry_names(self) -> list[str]:
        market = self.files.files.get(("market", "market"))
        cat = (market.data.get("catalog") if market else None) or {}
        return [str(e.get("name")) for e in cat.get("industries") or [] if isinstance(e, dict)]

    def _derived(self, ws: Any, table: Table, r: int, c: int, values: dict[str, Any],
                 where: dict[str, int]) -> None:
        """weighted = ROUND(amount × probability, 2); stock target = ROUND(base × retention, 2)
        (a blank retention is 1, as in the model)."""
        _, text, inputs = table.derived  # type: ignore[misc]
        cells = {k: xl_rowcol_to_cell(r, where[k]) for k in inputs}
        formula = text.format(**cells)
        if "retention" in cells:
            rc = cells["retention"]
            formula = formula.replace(rc, f'IF({rc}="",1,{rc})')
        tests = [f'{cells[k]}=""' for k in inputs if k != "retention"]
        test = tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"
        formula = f'=IF({test},"",{formula})'
        ws.write_formula(r, c, formula, self.locked, _derived_value(table, values, inputs))

    def close(self) -> bytes:
        """Write the lists and the metadata, and return the workbook's bytes."""
        ws = self.wb.add_worksheet(LISTS)
        for c, (name, values) in enumerate(self.list_columns):
            ws.write_string(0, c, name)
            for r, v in enumerate(values, start=1):
                ws.write_string(r, c, clean_text(v))
        ws.hide()
        ws.protect("")
        meta = self.wb.add_worksheet(META)
        meta.write_string(0, 0, FORMAT_VERSION)
        meta.write_string(0, 1, self.lang)
        for r, f in enumerate(self.covered, start=1):
            meta.write_string(r, 0, f.name)
            meta.write_string(r, 1, f.digest)
            meta.write_string(r, 2, f.kind)
            meta.write_string(r, 3, f.id)
        meta.hide()
        meta.protect("")
        self.wb.close()
        return self.buf.getvalue()


def _derived_value(table: Table, values: dict[str, Any], inputs: tuple[str, ...]) -> Any:
    cols = {c.name: c for c in table.columns}
    nums = [cell_value(values.get(k), cols[k]) for k in inputs]
    if "retention" in inputs and nums[1] is None:
        nums[1] = 1
    if any(not isinstance(n, int | float) for n in nums):
        return ""
    return float(product(Decimal(str(nums[0])), Decimal(str(nums[1]))))


def _width(label: str, s: Slot) -> float:
    """A column as wide as its label; 24 for a short text, LONG_WIDTH for a long one."""
    width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in label) + 3
    if s.column is not None and s.column.kind == "text" and not s.column.choices:
        width = max(width, LONG_WIDTH if s.column.long else 24)
    return min(max(width, 10), LONG_WIDTH)


def write_workbook(files: PlanFiles, selection: Selection, lang: str = "zh",
                   new: int = 0) -> bytes:
    """The fill-in workbook of `selection` (every customer, industry and the market by
    default), with `new` empty rows more for new customers."""
    from planner.fillin.guide import instructions

    book = FillBook(files, selection, lang, new)
    tables = tables_for(selection)
    instructions(book, tables)
    for table in tables:
        book.sheet(table, [f for f in book.covered if f.kind == table.kind])
    return book.close()

