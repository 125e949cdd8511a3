"""English documents are English except what users typed: every text of a built plan set's Word
documents and workbooks, with the users' own texts (collected from the plan's models) taken out,
must hold no CJK character.

The users' texts are every free-text field of the inputs; the catalog's names and carriers are not
among them (they have `name_en`, and an English document must use it), nor are the fixed lists
(roles, attitudes, priorities, strategy dimensions, the money unit), which planner translates.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import openpyxl
from docx import Document
from lxml import etree
from pydantic import BaseModel

from planner.model import (
    ATTITUDES,
    PRIORITIES,
    ROLES,
    SOURCING,
    STRATEGY_DIMENSIONS,
    Catalog,
    Customer,
    IndustryCompetitor,
    Named,
    Spend,
    WinBack,
    _unwrap,
)

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
# fields that name a catalog entry or a carrier: translated through `name_en`, never user text
NOT_USER_TEXT = {(Named, "name"), (Catalog, "operator"), (Catalog, "competitors"),
                 (Spend, "carrier"), (WinBack, "competitor"), (IndustryCompetitor, "name")}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def user_texts(plan: Any) -> set[str]:
    """Every text a user typed into the plan set (its free-text fields), as typed, but those that
    are also a catalog name or a fixed list's value (see `hidden_texts`)."""
    found: set[str] = set()
    for model in (plan.market, *plan.industries.values(), *plan.customers.values()):
        _collect(model, found)
    return {t for t in found if t.strip() and t not in _hidden(plan)}


def hidden_texts(plan: Any) -> set[str]:
    """Lines `English label: text` of the users' texts that are also a catalog name or a fixed
    list's value (`informatization_level: 高`): taken out whole, so that they hide nothing."""
    found: set[tuple[str, str]] = set()
    for model in (plan.market, *plan.industries.values(), *plan.customers.values()):
        _collect(model, set(), found)
    return {f"{label}: {text}" for label, text in found if text in _hidden(plan)}


def _hidden(plan: Any) -> set[str]:
    # a text that is also a catalog name or a fixed list's value would hide that name or value
    cat = plan.market.catalog
    return {e.name for e in (*cat.regions, *cat.industries, *cat.business_lines)} | {
        cat.operator, *cat.competitors, *ROLES, *ATTITUDES, *PRIORITIES, *SOURCING,
        *STRATEGY_DIMENSIONS}


def _collect(model: BaseModel, found: set[str], labelled: set[tuple[str, str]] | None = None,
             ) -> None:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        excluded = any(isinstance(model, owner) and name == key for owner, key in NOT_USER_TEXT)
        tp = _unwrap(info.annotation)
        if get_origin(tp) is list:
            tp = _unwrap(get_args(tp)[0])
        if isinstance(value, BaseModel):
            _collect(value, found, labelled)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _collect(item, found, labelled)
                elif isinstance(item, str) and tp is str and not excluded:
                    found.add(item)
        elif isinstance(value, str) and tp is str and not excluded:
            found.add(value)
            if labelled is not None:
                labelled.add(((info.json_schema_extra or {}).get("label_en", name), value))
    if isinstance(model, Customer):
        for contact in model.relationship.contacts:
            found.add(contact.name)


def docx_lines(path: Path) -> Iterator[str]:
    """Every paragraph of a Word document (body, tables, text boxes, contents, headers and
    footers), every text of its charts, and its properties, opened with python-docx."""
    doc = Document(str(path))
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if not name.endswith(".xml") or name.rsplit("/", 1)[-1] in (
                "styles.xml", "numbering.xml", "settings.xml", "fontTable.xml",
                "webSettings.xml", "stylesWithEffects.xml", "theme1.xml"):
            continue
        yield from _xml_lines(part.blob)


def _xml_lines(blob: bytes) -> Iterator[str]:
    root = etree.fromstring(blob)
    for p in root.iter(f"{W}p", f"{A}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t", f"{A}t"))
        if text.strip():
            yield text
    for v in root.iter(f"{C}v"):
        if v.text and v.text.strip():
            yield v.text
    if root.tag.endswith("coreProperties"):
        for el in root:
            if el.text and el.text.strip():
                yield el.text


def xlsx_lines(path: Path) -> Iterator[str]:
    """Every sheet title, text cell, header and footer, comment and input prompt of a workbook
    (opened with openpyxl), and every text of its charts."""
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        yield ws.title
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield cell.value
                if cell.comment is not None:
                    yield cell.comment.text
        for hf in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter):
            for part in (hf.left, hf.center, hf.right):
                if part.text:
                    yield part.text
        for dv in ws.data_validations.dataValidation:
            yield from (t for t in (dv.prompt, dv.promptTitle, dv.error, dv.errorTitle) if t)
            yield from (t for t in (dv.formula1 or "").strip('"').split(",") if t)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/") and name.endswith(".xml"):
                yield from _xml_lines(z.read(name))


def residual_cjk(plan: Any, out: Path) -> list[tuple[str, str]]:
    """(file, line) of every line of the documents in `out` that still holds CJK once the users'
    texts are taken out."""
    texts = sorted(user_texts(plan), key=len, reverse=True)
    whole = hidden_texts(plan)
    # a chart's label is a long name's first characters and '…' (render/label_layout.py)
    cut = sorted({t[:n] + "…" for t in texts for n in range(1, min(len(t), 30))}, key=len,
                 reverse=True)
    strip = re.compile("|".join(re.escape(t) for t in texts + cut)) if texts else None
    found = []
    for path in sorted(out.rglob("*")):
        lines = docx_lines(path) if path.suffix == ".docx" else \
            xlsx_lines(path) if path.suffix == ".xlsx" else ()
        for line in lines:
            if not CJK.search(line) or line in whole:
                continue
            left = strip.sub("", line) if strip else line
            if CJK.search(left):
                found.append((str(path.relative_to(out)), line))
    return found
