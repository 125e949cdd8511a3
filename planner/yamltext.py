"""Writing YAML text by hand: scalars the loader reads back exactly, and files with a comment on
every field taken from the models (its label and description), so the comments never drift."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from planner.model import fields_by_key, label, walk

# Plain text a YAML parser (1.1 or 1.2, the loader or an editor) could take for something else:
# null, a boolean, a number, a date; or text with characters that mean something in YAML.
_NOT_TEXT = re.compile(r"(~|null|true|false|yes|no|on|off|y|n|[-+]?(\.?\d[\d_.,:]*)"
                       r"([eE][-+]?\d+)?|[-+]?\.(inf|nan)|\d{4}-\d\d?-\d\d?.*)", re.IGNORECASE)
_SPECIAL_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def number(x: Decimal | int) -> str:
    """An exact amount as plain digits: Decimal('18.0') -> '18', Decimal('1E+1') -> '10'."""
    if isinstance(x, int):
        return str(x)
    text = format(x, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def scalar(value: Any) -> str:
    """A value as YAML scalar text: numbers and dates plain, text plain when safe, else quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Decimal, int)):
        return number(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    plain = (text and text == text.strip() and not text.startswith(_SPECIAL_START)
             and ": " not in text and " #" not in text and not text.endswith(":")
             and "\n" not in text and not _NOT_TEXT.fullmatch(text))
    return text if plain else json.dumps(text, ensure_ascii=False)  # JSON strings are YAML


def field_comment(model: type[BaseModel], key: str, lang: str) -> str:
    """'存量保有: 各业务基准年收入与保有率' ('Stock (存量保有): …' in English)."""
    zh, en = label(model, key)
    description = fields_by_key(model)[key].description or ""
    head = f"{en} ({zh})" if lang == "en" else zh
    return f"{head}: {description}" if description and description != zh else head


def commented(model: type[BaseModel], data: dict[str, Any], lang: str,
              indent: int = 0, notes: bool = True) -> list[str]:
    """`data` (keys as written in a file of `model`) as block YAML lines, a comment on each field
    (in a list, on the fields of its first item only: the others have the same fields)."""
    out: list[str] = []
    pad = " " * indent
    fields = fields_by_key(model)
    for key, value in data.items():
        if key not in fields:
            raise KeyError(f"{model.__name__} has no field {key}")
        note = f"  # {field_comment(model, key, lang)}" if notes else ""
        _, tp = walk(model, (key,))
        if isinstance(value, dict) and value and isinstance(tp, type) \
                and issubclass(tp, BaseModel):
            out.append(f"{pad}{key}:{note}")
            out += commented(tp, value, lang, indent + 2, notes)
        elif isinstance(value, dict) and value:
            out.append(f"{pad}{key}:{note}")
            out += [f"{pad}  {scalar(k)}: {scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            item_model = walk(model, (key, 0))[1]
            out.append(f"{pad}{key}:{note}")
            for n, item in enumerate(value):
                lines = commented(item_model, item, lang, indent + 4, notes and n == 0)
                lines[0] = f"{pad}  - " + lines[0].lstrip()
                out += lines
        elif isinstance(value, list) and value and all(isinstance(v, Decimal) for v in value):
            out.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]{note}")
        elif isinstance(value, list) and value:
            out.append(f"{pad}{key}:{note}")
            out += [f"{pad}  - {scalar(v)}" for v in value]
        elif isinstance(value, (list, dict)):
            out.append(f"{pad}{key}: {'[]' if isinstance(value, list) else '{}'}{note}")
        else:
            text = scalar(value)
            out.append(f"{pad}{key}: {text}{note}" if text else f"{pad}{key}:{note}")
    return out
