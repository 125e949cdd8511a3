"""What the user probably meant: the closest allowed value, the field a wrong key stands for."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from planner.model import fields_by_key

_QUOTES = "\"'“”‘’「」"
_SPACES = " \t\u3000\u00a0"


def choice_hint(got: str, allowed: Iterable[str], kind: tuple[str, str] | None = None,
                ) -> tuple[str, str]:
    """'可选: a、b、c; 是否应为 'b'?' in both languages."""
    allowed = list(allowed)
    shown = allowed[:15]
    more = "…" if len(allowed) > len(shown) else ""
    zh = f"可选{kind[0] if kind else '值'}: " + "、".join(shown) + more
    en = f"allowed {plural(kind[1]) if kind else 'values'}: " + ", ".join(shown) + more
    if not allowed:
        zh, en = "目录中尚无此类条目: 先在 market.yaml 的 catalog 中添加", \
            "the catalog has none: add it to catalog in market.yaml first"
    close = difflib.get_close_matches(got, allowed, n=1, cutoff=0.5)
    if close:
        zh, en = f"是否应为 '{close[0]}'? " + zh, f"did you mean '{close[0]}'? " + en
    return zh, en


def plural(noun: str) -> str:
    """'industry' -> 'industries', 'region' -> 'regions'."""
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def literal_values(expected: str) -> list[str]:
    """Pydantic's "'a', 'b' or 'c'" -> ['a', 'b', 'c']."""
    return [v.strip().strip("'") for v in expected.replace(" or ", ",").split(",") if v.strip()]


def key_hint(key: str, owner: Any) -> tuple[str, str]:
    """Suggest the field the user probably meant, with its Chinese label."""
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return "删除这个字段", "delete this field"
    fields = fields_by_key(owner)
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    by_title = [k for k, f in fields.items() if f.title == key]  # wrote the Chinese label as key
    guess = (by_title or close or [None])[0]
    names = ", ".join(fields)
    if guess:
        title = fields[guess].title
        return (f"是否应为 '{guess}' ({title})? 可用字段: {names}",
                f"did you mean '{guess}' ({title})? fields here: {names}")
    return f"删除它, 或改为可用字段之一: {names}", f"delete it, or use one of: {names}"


def stands_for(wrong: str, missing: list[str], owner: Any) -> tuple[str, str, Any] | None:
    """(field, how, value) when the key `wrong` is a slip for a field: `how` is "colon"
    (`business_line:data` in a flow mapping: the value is after the colon) or "quotes"
    (`“name”`: full-width quotes around the key), for any field; or "typo" (`amout`, or the
    field's Chinese label written as the key), for one of the `missing` required fields."""
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return None
    fields = fields_by_key(owner)
    m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)[:：](\S.*)", wrong)
    if m and m.group(1) in fields:
        return m.group(1), "colon", m.group(2)
    bare = wrong.strip(_SPACES).strip(_QUOTES).strip(_SPACES)
    if bare != wrong and bare in fields:
        return bare, "quotes", None
    if not missing:
        return None
    by_title = [k for k in missing if fields[k].title == wrong]
    close = difflib.get_close_matches(wrong.lower(), missing, n=1, cutoff=0.6)
    guess = (by_title or close or [None])[0]
    return (guess, "typo", None) if guess else None
