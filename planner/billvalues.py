"""The values of a billing row: a period (2027-Q1, 2027-03, 2027年第一季度, a date ...) and an
amount (a number, '1,234.50', '¥1234.5', '(12.00)'), each read or refused with a message code."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from planner.tabular import normalize

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
MAX_RAW = 10**15  # an amount as written, in any unit (then at most MAX_MONEY in the plan's)


class _Bad(Exception):
    """A cell that cannot be read: its message code and parameters."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


# ---------------------------------------------------------------- values

def parse_period(value: Any, year: int, kind: str = "") -> tuple[int, int]:
    """(year, quarter) of a period: 2027-Q1, 2027Q1, Q1, 2027年第一季度, a month 2027-03, 202703,
    2027年3月, 3月, or a date. `kind` ('month' or 'quarter', from the header) says what a bare
    number 1..12 is. Raises _Bad."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, (value.month - 1) // 3 + 1
    if isinstance(value, bool):
        raise _Bad("billing_period", got=str(value))
    if isinstance(value, float) and value.is_integer() or \
            isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}\s*", value):
        value = int(value)  # a CSV's '202703' or '3' is the number a spreadsheet would hold
    if isinstance(value, int):
        if 190001 <= value <= 210012 and 1 <= value % 100 <= 12:
            return value // 100, (value % 100 - 1) // 3 + 1
        if kind == "quarter" and 1 <= value <= 4:
            return year, value
        if kind == "month" and 1 <= value <= 12:
            return year, (value - 1) // 3 + 1
        raise _Bad("billing_period", got=str(value))
    text = unicodedata.normalize("NFKC", str(value)).strip().upper().replace(" ", "")
    for pattern, make in _PERIODS:
        m = re.fullmatch(pattern, text)
        if m:
            return make(m, year)
    if re.search(r"H[12]|上半年|下半年|半年", text):
        raise _Bad("billing_half_year", got=str(value))
    raise _Bad("billing_period", got=str(value))


def _q(text: str) -> int:
    return CN_DIGITS.get(text) or int(text)


def _month(y: int, m: int) -> tuple[int, int]:
    if not 1 <= m <= 12:
        raise _Bad("billing_period", got=f"{y}-{m}")
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
        raise _Bad("billing_amount", got=str(value))
    if isinstance(value, int):
        if abs(value) >= MAX_RAW:
            raise _Bad("billing_amount_large", got=shown(value))
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= MAX_RAW:
            raise _Bad("billing_amount_large", got=shown(value))
        return Decimal(repr(value)).quantize(Decimal("1e-8")).normalize()
    text = unicodedata.normalize("NFKC", str(value)).strip().replace("¥", "").replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad("billing_amount", got=str(value)) from None
    if not number.is_finite() or abs(number) >= MAX_RAW:
        raise _Bad("billing_amount_large", got=shown(value))
    return -number if negative else number


def period_kind(header: str) -> str:
    """What a bare number in a column of this header is: "quarter", "month" or ""."""
    h = normalize(header)
    return "quarter" if h in ("季度", "quarter") else "month" if h in ("月份", "month") else ""


def shown(value: Any) -> str:
    """A cell value as a message shows it."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)[:40]
