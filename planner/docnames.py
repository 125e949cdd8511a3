"""File names for people: `重点客户/<customer name>.docx`, safe on Windows, macOS and Linux.

A name becomes a file name by one rule: NFC; the characters Windows reserves (<>:"/\\|?*) and
control characters become '_', line breaks and tabs a space, zero-width and bidi marks nothing;
runs of spaces one space; no leading dot, no trailing dot or space; a Windows device name (CON,
LPT1, ...) or the name of a Word lock file (~$...) gets a '_' in front; at most MAX_CHARS
characters and MAX_BYTES UTF-8 bytes. Names that are then the same as another of their folder —
compared case-insensitively, as Windows and macOS compare file names — all get their id appended
(`江州银行 (jz-bank)`), so which file has which name depends only on the plan set, never on the
order its files are read in; ids are unique and hold no parenthesis, so names ending in their id
are unique.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from planner.model import WINDOWS_RESERVED

MAX_CHARS = 50  # a customer's legal name rarely has more than 30 characters
MAX_BYTES = 150  # leaves room for " (<id of 64>).docx" within the 255 bytes a name may take
RESERVED = re.compile(r'[<>:"/\\|?*]')
# Windows also reserves COM¹..³/LPT¹..³ and the console names, in any case, with any extension
DEVICES = WINDOWS_RESERVED | {f"{d}{s}" for d in ("com", "lpt") for s in "¹²³"} | {
    "conin$", "conout$"}
_UNPRINTABLE = {"Cc", "Cs", "Co", "Cn"}  # "_"; a format character (zero width, bidi) is left out


def safe_name(text: str) -> str:
    """A name as a file name (without extension) that every system accepts; "" when nothing of
    it is left."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if ch.isspace() else "" if unicodedata.category(ch) == "Cf"
                   else "_" if unicodedata.category(ch) in _UNPRINTABLE else ch for ch in text)
    text = " ".join(RESERVED.sub("_", text).split())
    text = _bounded(text.lstrip(". "))
    if text.split(".")[0].rstrip(" ").casefold() in DEVICES or text.startswith("~$"):
        text = "_" + text  # a device, or the name of the lock file Word makes beside a document
    return text


def _bounded(text: str) -> str:
    """At most MAX_CHARS characters and MAX_BYTES bytes, not ending in a dot or a space (which
    Windows drops), cut between characters (NFC keeps a letter and its accent one)."""
    text = text[:MAX_CHARS]
    while len(text.encode("utf-8")) > MAX_BYTES:
        text = text[:-1]
    return text.rstrip(". ")


def file_stems(names: Mapping[str, str]) -> dict[str, str]:
    """id -> file name (without extension) for the documents of one folder, from id -> name."""
    stems = {id: safe_name(name) or id for id, name in names.items()}
    marked: set[str] = set()
    while True:  # twice at most: a name with its id could be another's name as typed
        same: defaultdict[str, list[str]] = defaultdict(list)
        for id, stem in stems.items():
            same[_key(stem)].append(id)
        clash = [id for ids in same.values() if len(ids) > 1 for id in ids if id not in marked]
        if not clash:
            return stems
        for id in clash:
            stems[id] = _with_id(stems[id], id)
            marked.add(id)


def _key(stem: str) -> str:
    """What Windows and macOS compare: case and Unicode normalisation folded."""
    return unicodedata.normalize("NFC", stem.casefold())


def _with_id(stem: str, id: str) -> str:
    return f"{stem} ({id})" if stem != id else stem


def document_stems(plan: Any, lang: str) -> dict[str, dict[str, str]]:
    """'customer' / 'industry' -> id -> file name (without extension) of its documents: the
    customer's name as typed, the industry's name in `lang` (`name_en` where the catalog has
    one, for English documents)."""
    industries = {i.id: _in_lang(i, lang) for i in plan.market.catalog.industries}
    return {"customer": file_stems({cid: c.name for cid, c in plan.briefs.items()}),
            "industry": file_stems(industries)}


def _in_lang(item: Any, lang: str) -> str:
    english = getattr(item, "name_en", None) if lang == "en" else None
    return english or item.name
