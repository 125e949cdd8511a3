"""Actual revenue (实际收入) from billing exports (.xlsx, .csv) or YAML, summed per customer ×
business line × quarter, in the plan's money unit.

Every row is accounted for: it is added; or skipped with a warning (a blank row, a total row such
as '合计', a quarter after --through); or it is an error that names file, sheet, row and value (an
unknown customer or line, a period outside the plan year, an amount that is not a number). Nothing
is dropped silently; with errors nothing is summed at all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from planner.compute.money import ZERO
from planner.compute.phasing import Quarters
from planner.errors import Issue
from planner.load import dotted, read_source
from planner.tabular import Grid, read_grids
from planner.validate import PlanSet

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
LABELS = {"customer": ("客户", "customer"), "line": ("业务", "business line"),
          "period": ("期间", "period"), "amount": ("金额", "amount")}
UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000)}
TOTAL_WORDS = ("合计", "总计", "小计", "总额", "total", "subtotal", "grandtotal", "sum")
HEADER_SEARCH = 20  # the header row is looked for in the first rows (exports put a title above)
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class Options:
    """How to read the exports: column names (None: the defaults), sheet, unit, scope."""

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheet: str | None = None
    unit: str | None = None  # the unit of the amounts; None: from the header, else the plan's
    through: int = 4
    skip_unknown_customers: bool = False


@dataclass(frozen=True)
class SourceInfo:
    """What was read from one file (one entry per sheet read)."""

    file: str
    sheet: str | None
    sha256: str
    columns: dict[str, str]  # field -> the header used
    unit: str
    rows: int  # rows added
    skipped: int  # blank, total and after-through rows


@dataclass(frozen=True)
class Actuals:
    """Actual revenue per (customer id, business line id): Q1..Q4 in the plan's money unit."""

    amounts: dict[tuple[str, str], Quarters]
    sources: tuple[SourceInfo, ...] = ()
    unmatched: Decimal = ZERO  # rows of unknown customers skipped on request, their sum
    unmatched_rows: int = 0


def normalize(text: Any) -> str:
    """A header or name as compared: NFKC, lower case, no spaces, '_' or '-', no '(unit)'."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = re.sub(r"[(\[【].*?[)\]】]", "", s)
    return re.sub(r"[\s_\-·.]", "", s)


def _name_key(text: Any) -> str:
    """A customer or line name as matched: NFKC, case-folded, without any white space."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", str(text))).casefold()


def header_unit(header: str) -> str | None:
    """'实收金额（元）' -> '元'."""
    m = re.search(r"[(（\[【]\s*(万元|千元|元)\s*[)）\]】]", str(header))
    return m.group(1) if m else None


class _Catalog:
    """The plan's customers and business lines, found by id or name."""

    def __init__(self, plan: PlanSet):
        self.customers: dict[str, str] = {}
        self.customer_names: dict[str, str] = {}  # id -> name
        for c in plan.customers.values():
            self.customers[_name_key(c.id)] = c.id
            self.customers.setdefault(_name_key(c.name), c.id)
            self.customer_names[c.id] = c.name
        self.lines: dict[str, str] = {}
        self.line_names: dict[str, str] = {}
        for b in plan.market.catalog.business_lines:
            self.lines[_name_key(b.id)] = b.id
            self.lines.setdefault(_name_key(b.name), b.id)
            self.line_names[b.id] = b.name

    @staticmethod
    def suggest(got: str, names: dict[str, str]) -> str:
        """' — did you mean 名称 (id)?' material: the closest name, or one containing the value."""
        key = _name_key(got)
        shown = {f"{name} ({id})": _name_key(name) for id, name in names.items()}
        containing = [s for s, k in shown.items() if key and (key in k or k in key)]
        if len(containing) == 1:
            return containing[0]
        close = difflib.get_close_matches(key, list(shown.values()), n=1, cutoff=0.5)
        return next((s for s, k in shown.items() if close and k == close[0]), "")


class _Bad(Exception):
    """A cell that cannot be read: its message code and parameters."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class _Cell:
    value: Any
    line: int
    col: int
    ref: str  # 'Sheet1!B7', 'B7' (CSV) or 'actuals[3].amount' (YAML)
    header: str

    def issue(self, file: str, code: str, severity: str = "error", **params: Any) -> Issue:
        return Issue(file, self.line, self.col, self.ref, code, params,
                     (self.header, self.header), severity)  # type: ignore[arg-type]


@dataclass
class _Record:
    """One row of an export: its cells by field (several customer or line columns may exist)."""

    file: str
    line: int
    cells: dict[str, list[_Cell]]
    first: Any = None  # the row's first cell (total rows are marked there)


# ---------------------------------------------------------------- values

def parse_period(value: Any, year: int, kind: str = "") -> tuple[int, int]:
    """(year, quarter) of a period: 2027-Q1, 2027Q1, Q1, 2027年第一季度, a month 2027-03, 202703,
    2027年3月, 3月, or a date. `kind` ('month' or 'quarter', from the header) says what a bare
    number 1..12 is. Raises _Bad."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, (value.month - 1) // 3 + 1
    if isinstance(value, bool):
        raise _Bad("actuals_period", got=str(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 190001 <= value <= 210012 and 1 <= value % 100 <= 12:
            return value // 100, (value % 100 - 1) // 3 + 1
        if kind == "quarter" and 1 <= value <= 4:
            return year, value
        if kind == "month" and 1 <= value <= 12:
            return year, (value - 1) // 3 + 1
        raise _Bad("actuals_period", got=str(value))
    text = unicodedata.normalize("NFKC", str(value)).strip().upper().replace(" ", "")
    for pattern, make in _PERIODS:
        m = re.fullmatch(pattern, text)
        if m:
            return make(m, year)
    if re.search(r"H[12]|上半年|下半年|半年", text):
        raise _Bad("actuals_half_year", got=str(value))
    raise _Bad("actuals_period", got=str(value))


def _q(text: str) -> int:
    return CN_DIGITS.get(text) or int(text)


def _month(y: int, m: int) -> tuple[int, int]:
    if not 1 <= m <= 12:
        raise _Bad("actuals_period", got=f"{y}-{m}")
    return y, (m - 1) // 3 + 1


_PERIODS: list[tuple[str, Any]] = [
    (r"(\d{4})[-/.年]?Q([1-4])", lambda m, y: (int(m[1]), int(m[2]))),
    (r"(\d{4})年?第?([1-4一二三四])季度?", lambda m, y: (int(m[1]), _q(m[2]))),
    (r"Q([1-4])", lambda m, y: (y, int(m[1]))),
    (r"第?([1-4一二三四])季度", lambda m, y: (y, _q(m[1]))),
    (r"(\d{4})[-/.年](\d{1,2})月?", lambda m, y: _month(int(m[1]), int(m[2]))),
    (r"(\d{4})(\d{2})", lambda m, y: _month(int(m[1]), int(m[2]))),
    (r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(T?\d{1,2}:\d{2}(:\d{2})?)?",
     lambda m, y: _month(int(m[1]), int(m[2]))),
    (r"(\d{1,2})月", lambda m, y: _month(y, int(m[1]))),
]


def parse_amount(value: Any) -> Decimal:
    """An amount as written: a number, or text such as '1,234.50', '¥1234.5', '(12.00)'
    (negative: a credit note). Float noise from a spreadsheet is cut at 8 decimals."""
    if isinstance(value, bool):
        raise _Bad("actuals_amount", got=str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(Decimal("1e-8")).normalize()
    text = unicodedata.normalize("NFKC", str(value)).strip().replace("¥", "").replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad("actuals_amount", got=str(value)) from None
    if not number.is_finite():
        raise _Bad("actuals_amount", got=str(value))
    return -number if negative else number


# ---------------------------------------------------------------- reading files

def _wanted(options: Options) -> dict[str, tuple[str, ...]]:
    return {f: tuple(normalize(h) for h in options.columns.get(f) or COLUMNS[f]) for f in FIELDS}


def _find_header(rows: list[tuple[int, list[Any]]], wanted: dict[str, tuple[str, ...]],
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


def _grid_records(grid: Grid, wanted: dict[str, tuple[str, ...]],
                  ) -> tuple[list[_Record], dict[str, str], str | None, list[Issue]]:
    """The data rows of a grid below its header; the headers used; the unit its header names."""
    index, cols, missing = _find_header(grid.rows, wanted)
    if index is None:
        return [], {}, None, [Issue(grid.file, 1, 1, grid.sheet or "", "actuals_no_header", {
            "missing": ("、".join(LABELS[f][0] for f in missing),
                        ", ".join(LABELS[f][1] for f in missing)),
            "names": "、".join(COLUMNS[missing[0]][:8]) if missing else ""})]
    header_line, header = grid.rows[index]
    used = {f: str(header[cols[f][0]]).strip() for f in FIELDS}
    records = []
    for line, cells in grid.rows[index + 1:]:
        rec = _Record(grid.file, line, {}, cells[0] if cells else None)
        for f in FIELDS:
            rec.cells[f] = []
            for c in cols[f]:
                value = cells[c] if c < len(cells) else None
                ref = f"{get_column_letter(c + 1)}{line}"
                rec.cells[f].append(_Cell(_blank(value), line, c + 1,
                                          f"{grid.sheet}!{ref}" if grid.sheet else ref,
                                          str(header[c]).strip()))
        records.append(rec)
    return records, used, header_unit(used["amount"]), []


def _blank(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _yaml_records(path: Path, name: str, wanted: dict[str, tuple[str, ...]],
                  ) -> tuple[list[_Record], dict[str, str], str | None, list[Issue]]:
    """`actuals: [{customer, business_line, period, amount}, ...]` and an optional `unit`."""
    source, issues = read_source(path, name)
    if source is None:
        return [], {}, None, issues
    data = source.data
    rows = data.get("actuals") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        line, col = source.at(("actuals",))
        return [], {}, None, [Issue(name, line, col, "actuals", "actuals_yaml_shape")]
    unit = data.get("unit")
    records = []
    used: dict[str, str] = {}
    for i, row in enumerate(rows):
        line, _ = source.at(("actuals", i))
        rec = _Record(name, line, {f: [] for f in FIELDS})
        if not isinstance(row, dict):
            rec.cells["amount"].append(_Cell(row, line, 1, f"actuals[{i}]", "actuals"))
            records.append(rec)
            continue
        for key, value in row.items():
            f = next((f for f in FIELDS if normalize(key) in wanted[f]), None)
            ln, col = source.at(("actuals", i, key))
            cell = _Cell(_blank(value), ln, col, dotted(("actuals", i, key)), str(key))
            if f is None:
                issues.append(cell.issue(name, "actuals_unknown_key", key=key))
                continue
            used.setdefault(f, str(key))
            rec.cells[f].append(cell)
        records.append(rec)
    if unit is not None and unit not in UNITS:
        line, col = source.at(("unit",))
        issues.append(Issue(name, line, col, "unit", "actuals_unit", {"got": unit}))
        unit = None
    return records, used, unit, issues


# ---------------------------------------------------------------- the importer

def read_actuals(paths: Sequence[Path], names: Sequence[str], plan: PlanSet,
                 options: Options = Options()) -> tuple[Actuals | None, list[Issue]]:
    """Read and sum every file; the actuals only when no file has an error."""
    cat = _Catalog(plan)
    wanted = _wanted(options)
    year = plan.market.plan.year
    money_unit = plan.market.plan.money_unit
    issues: list[Issue] = []
    sums: dict[tuple[str, str], list[Decimal]] = {}
    sources: list[SourceInfo] = []
    seen: dict[str, str] = {}
    unmatched = [ZERO, 0]
    for path, name in zip(paths, names):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as e:
            issues.append(Issue(name, 1, 1, "", "actuals_unreadable",
                                {"reason": e.strerror or str(e)}))
            continue
        if digest in seen:
            issues.append(Issue(name, 1, 1, "", "actuals_duplicate_file", {"other": seen[digest]}))
            continue
        seen[digest] = name
        for records, used, unit, sheet, found in _tables(path, name, wanted, options):
            issues += found
            if not used and not records:
                continue
            if options.unit and unit and unit != options.unit:
                issues.append(Issue(name, 1, 1, used.get("amount", ""), "actuals_unit_conflict",
                                    {"header": unit, "option": options.unit}))
                continue
            unit = options.unit or unit or money_unit
            factor = UNITS[unit] / UNITS[money_unit]
            rows, skipped, found = _add(records, cat, year, factor, options, sums, unmatched)
            issues += found
            sources.append(SourceInfo(name, sheet, digest, used, unit, rows, skipped))
    if any(i.severity == "error" for i in issues):
        return None, issues
    for cid, cname in cat.customer_names.items():
        if not any(k[0] == cid for k in sums):
            src = plan.source("customer", cid)
            issues.append(Issue(src.name if src else cid, 1, 1, "id", "actuals_customer_missing",
                                {"name": cname}, severity="warning"))
    amounts = {k: (v[0], v[1], v[2], v[3]) for k, v in sums.items()}
    return Actuals(amounts, tuple(sources), unmatched[0], unmatched[1]), issues


def _tables(path: Path, name: str, wanted: dict[str, tuple[str, ...]], options: Options,
            ) -> Iterable[tuple[list[_Record], dict[str, str], str | None, str | None,
                                list[Issue]]]:
    """(records, headers used, unit, sheet, issues) of each table of the file."""
    if path.suffix.lower() in (".yaml", ".yml"):
        records, used, unit, issues = _yaml_records(path, name, wanted)
        yield records, used, unit, None, issues
        return
    grids, issues = read_grids(path, name, options.sheet)
    if issues and any(i.severity == "error" for i in issues):
        yield [], {}, None, None, issues
        return
    tables = [(g, *_grid_records(g, wanted)) for g in grids]
    usable = [t for t in tables if t[2]]
    if not usable:  # no sheet has the columns: say so about the first (or the one asked for)
        first = tables[0] if tables else None
        yield [], {}, None, None, issues + (first[4] if first else [
            Issue(name, 1, 1, "", "actuals_no_rows")])
        return
    for i, (grid, records, used, unit, _) in enumerate(usable):
        yield records, used, unit, grid.sheet, issues if i == 0 else []


def _add(records: list[_Record], cat: _Catalog, year: int, factor: Decimal, options: Options,
         sums: dict[tuple[str, str], list[Decimal]], unmatched: list[Any],
         ) -> tuple[int, int, list[Issue]]:
    """Add the rows of one table to `sums`; (rows added, rows skipped, issues)."""
    issues: list[Issue] = []
    added = skipped = 0
    blanks: list[int] = []
    unknown: dict[tuple[str, str], list[_Cell]] = {}  # (kind, value) -> its cells
    late: list[int] = []
    for rec in records:
        cells = {f: [c for c in rec.cells[f] if c.value is not None] for f in FIELDS}
        if not any(cells.values()):
            blanks.append(rec.line)
            continue
        if blanks:  # blank rows between data rows: say so (trailing ones are just the end)
            issues.append(Issue(rec.file, blanks[0], 1, "", "actuals_blank_rows",
                                {"rows": ", ".join(map(str, blanks))}, severity="warning"))
            skipped += len(blanks)
            blanks = []
        total = _total_word(rec, cells)
        if total:
            c = (cells["customer"] or cells["line"] or [None])[0]
            where = c or _Cell(total, rec.line, 1, str(rec.line), "")
            issues.append(where.issue(rec.file, "actuals_total_row", "warning", got=total))
            skipped += 1
            continue
        row_issues: list[Issue] = []
        cid = _match(rec, cells, "customer", cat.customers, unknown, row_issues)
        line = _match(rec, cells, "line", cat.lines, unknown, row_issues)
        quarter = amount = None
        for f in ("period", "amount"):
            if not cells[f]:
                c = rec.cells[f][0] if rec.cells[f] else _Cell(None, rec.line, 1, "", LABELS[f][0])
                row_issues.append(c.issue(rec.file, "actuals_empty", what=LABELS[f]))
        if cells["period"]:
            c = cells["period"][0]
            try:
                y, quarter = parse_period(c.value, year, _period_kind(c.header))
                if y != year:
                    row_issues.append(c.issue(rec.file, "actuals_period_year",
                                              got=_shown(c.value), year=year))
                    quarter = None
            except _Bad as b:
                row_issues.append(c.issue(rec.file, b.code, **b.params))
        if cells["amount"]:
            c = cells["amount"][0]
            try:
                amount = parse_amount(c.value) * factor
            except _Bad as b:
                row_issues.append(c.issue(rec.file, b.code, **b.params))
        issues += row_issues
        if row_issues or cid is None and not options.skip_unknown_customers:
            continue
        if cid is None:  # an unknown customer, skipped on request: counted, not dropped
            unmatched[0] += amount
            unmatched[1] += 1
            skipped += 1
            continue
        assert line is not None and quarter is not None and amount is not None
        if quarter > options.through:
            late.append(rec.line)
            skipped += 1
            continue
        sums.setdefault((cid, line), [ZERO] * 4)[quarter - 1] += amount
        added += 1
    for (kind, value), where in unknown.items():
        issues.append(_unknown_issue(kind, value, where, cat, options))
    if late and records:
        issues.append(Issue(records[0].file, late[0], 1, "", "actuals_after_through",
                            {"n": len(late), "through": f"Q{options.through}"},
                            severity="warning"))
    return added, skipped, issues


def _period_kind(header: str) -> str:
    h = normalize(header)
    return "quarter" if h in ("季度", "quarter") else "month" if h in ("月份", "month") else ""


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)[:40]


def _total_word(rec: _Record, cells: dict[str, list[_Cell]]) -> str | None:
    """The text that marks a total row ('合计', 'Total'), in its first cell or a name cell."""
    texts = [rec.first] + [c.value for f in ("customer", "line") for c in cells[f]]
    for t in texts:
        if isinstance(t, str):
            key = normalize(t).rstrip(":：")
            if key in TOTAL_WORDS or key.startswith(("合计", "总计", "小计")):
                return t.strip()
    return None


def _match(rec: _Record, cells: dict[str, list[_Cell]], kind: str, known: dict[str, str],
           unknown: dict[tuple[str, str], list[_Cell]], issues: list[Issue]) -> str | None:
    """The id a row names in its `kind` columns: the first column whose value is a known id or
    name (an export's own customer number simply does not match). Two columns naming two
    different ones is an error."""
    if not cells[kind]:
        c = rec.cells[kind][0] if rec.cells[kind] else _Cell(None, rec.line, 1, "", kind)
        issues.append(c.issue(rec.file, "actuals_empty", what=LABELS[kind]))
        return None
    found = [(c, known[_name_key(c.value)]) for c in cells[kind] if _name_key(c.value) in known]
    if not found:
        c = cells[kind][-1]  # the last is the name column when there are an id and a name
        unknown.setdefault((kind, str(c.value)), []).append(c)
        return None
    ids = list(dict.fromkeys(i for _, i in found))
    if len(ids) > 1:
        issues.append(found[0][0].issue(rec.file, "actuals_ambiguous", what=LABELS[kind],
                                        got=" / ".join(str(c.value) for c, _ in found),
                                        ids=", ".join(ids)))
        return None
    return ids[0]


def _unknown_issue(kind: str, value: str, where: list[_Cell], cat: _Catalog,
                   options: Options) -> Issue:
    """One issue per unknown value: at its first row, with how many rows and a suggestion."""
    names = cat.customer_names if kind == "customer" else cat.line_names
    guess = _Catalog.suggest(value, names)
    hint = (f"是否应为 {guess}? ", f"did you mean {guess}? ") if guess else ("", "")
    rows = ", ".join(str(c.line) for c in where[:10]) + (" …" if len(where) > 10 else "")
    first = where[0]
    file = next(iter([first]), first)
    code = "actuals_unknown_customer" if kind == "customer" else "actuals_unknown_line"
    severity = "warning" if kind == "customer" and options.skip_unknown_customers else "error"
    if severity == "warning":
        code = "actuals_unknown_customer_skipped"
    return Issue(_file_of(where, file), first.line, first.col, first.ref, code,
                 {"got": value, "n": len(where), "rows": rows, "hint": hint},
                 (first.header, first.header), severity)  # type: ignore[arg-type]


def _file_of(where: list[_Cell], first: _Cell) -> str:
    return getattr(first, "file", None) or _FILES.get(id(first), "")


_FILES: dict[int, str] = {}
