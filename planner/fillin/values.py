"""Cell values <-> the text the plan files hold, and whether a cell changed a value.

Excel changes what a user types: a number typed as text stays text, `60%` becomes 0.6, a date
becomes a serial number or a datetime, an input method gives full-width digits, a paste brings
trailing spaces. A cell is read back as the text a user would have written in YAML, and a value
counts as changed only when it means something else than the file's, so a workbook saved again
by Excel, WPS or LibreOffice changes nothing that was not edited.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from planner.fillin.spec import Column
from planner.yamltext import number, scalar

NUMERIC = {"money", "rate", "number", "int"}
_SPLIT = re.compile(r"\s*[,，、;；]\s*|\s+")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _decimal(text: str, kind: str) -> Decimal | None:
    """The number a cell's text means (a rate may be a percentage), or None."""
    t = text.strip().replace(",", "") if kind != "text" else text
    try:
        if kind == "rate" and t.endswith("%"):
            return Decimal(t[:-1].strip()) / 100
        value = Decimal(t)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _float_text(x: float) -> str:
    """A float Excel stored, as the decimal a user typed: 15 significant digits, as Excel shows."""
    return number(Decimal(format(x, ".15g")))


def cell_text(value: Any, col: Column) -> str | None:
    """A cell's value as the plan file's text for column `col`; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.isoformat()
    if isinstance(value, int | float):
        if col.kind == "date" and 0 < value < 2958466:  # an Excel serial date
            return (dt.date(1899, 12, 30) + dt.timedelta(days=int(value))).isoformat()
        return str(value) if isinstance(value, int) else _float_text(value)
    text = str(value).replace("\r\n", "\n").strip()
    if col.kind != "text" or col.choices:
        # full-width digits, letters, '%', '.' and spaces from a Chinese input method
        text = unicodedata.normalize("NFKC", text).strip()
    if col.kind == "date":
        m = _DATE.fullmatch(text)
        if m:
            text = dt.date(*map(int, m.groups())).isoformat() if _valid_date(m) else text
    if col.kind in NUMERIC:
        text = text.replace(" ", "")
    return text or None


def _valid_date(m: re.Match) -> bool:
    try:
        dt.date(*map(int, m.groups()))
    except ValueError:
        return False
    return True


def split_list(text: str | None) -> list[str]:
    """`data, iot、voice` -> ['data', 'iot', 'voice'] (a list of ids in one cell)."""
    return [p for p in _SPLIT.split(text or "") if p]


def same(old: Any, new: str | None, col: Column) -> bool:
    """Whether a cell's text `new` means what the file's value `old` means."""
    if col.kind == "idlist":
        old_list = old if isinstance(old, list) else ([] if old is None else [old])
        return [str(x).strip() for x in old_list] == split_list(new)
    if old is None or (isinstance(old, str) and old.strip() == ""):
        return new is None
    if new is None or not isinstance(old, str):
        return False
    if col.kind in NUMERIC:
        a, b = _decimal(old, col.kind), _decimal(new, col.kind)
        if a is not None and b is not None:
            return a == b or float(a) == float(b)
    if col.kind == "quarter":
        return _quarter(old) == _quarter(new)
    if col.kind == "date":
        return (cell_text(old, col) or "") == new
    return old.strip() == new.strip()


def _quarter(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).strip().upper()
    return "Q" + t[-1] if re.fullmatch(r"Q?[1-4]", t) else t


def yaml_text(new: str, col: Column, old: Any = None, flow: bool = True) -> str:
    """The YAML scalar for a cell's text: numbers plain, rates as the file wrote them (a `%`
    file keeps `%`), quarters as Q1..Q4, text quoted when YAML would read it otherwise."""
    if col.kind == "idlist":
        return "[" + ", ".join(flow_scalar(p) for p in split_list(new)) + "]"
    if col.kind in NUMERIC:
        value = _decimal(new, col.kind)
        if value is not None:
            if col.kind == "rate" and isinstance(old, str) and old.strip().endswith("%"):
                return number(value * 100) + "%"
            return number(value)
    if col.kind == "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", new):
        return new  # plain, as dates are written in the files
    if col.kind == "quarter" and re.fullmatch(r"Q[1-4]", _quarter(new)):
        return _quarter(new)
    return flow_scalar(new) if flow else scalar(new)


def flow_scalar(text: Any) -> str:
    """A scalar safe inside `{ }` and `[ ]` too (where `,` and brackets end a plain value)."""
    out = scalar(text)
    if out[:1] != '"' and any(ch in out for ch in ",[]{}"):
        return json.dumps(str(text), ensure_ascii=False)
    return out


def cell_value(raw: Any, col: Column) -> Any:
    """The file's value as a cell holds it: numbers as numbers (rates as fractions), dates as
    dates, text as text. Text that is not a valid number stays text, for `check` to report."""
    if raw is None:
        return None
    if col.kind == "idlist":
        items = raw if isinstance(raw, list) else [raw]
        return ", ".join(str(x) for x in items)
    if not isinstance(raw, str):
        return None
    if col.kind in NUMERIC:
        value = _decimal(raw, col.kind)
        if value is not None:
            return int(value) if value == value.to_integral_value() and abs(value) < 2**53 \
                else float(value)
    if col.kind == "date":
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            return raw
    if col.kind == "quarter":
        return _quarter(raw)
    return raw
