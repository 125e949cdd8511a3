"""The templates folder: the shipped one, and a user's `--templates DIR` that overrides any file.

Like a MkDocs theme's `custom_dir`: a file in the user's folder replaces the shipped file of the
same name; `labels.yaml` is merged key by key, so a user can reword a single label.
"""

from __future__ import annotations

import hashlib
import string
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

from planner import model
from planner.errors import Fault
from planner.load import read_source

# package data (pyproject's package-data), so an installed wheel has them beside the code; a
# wheel installs as plain files, so the folder is a real path that docxtpl and openpyxl can open
SHIPPED = Path(str(files("planner") / "templates"))
MODELS = ("Market", "Industry", "Customer")  # where an '@' label may point


class TemplateError(Fault):
    """A template or label file that cannot be used; the message says which and why."""


def field_title(path: str, where: str = "labels.yaml") -> tuple[str, str]:
    """'Customer.stock.risk' -> the (中文, English) label of that field (lists are stepped into);
    TemplateError, naming `where`, for anything else."""
    name, *parts = path.split(".")
    tp: Any = getattr(model, name, None) if name in MODELS else None
    found: tuple[str, str] | None = None
    try:
        for part in parts if tp is not None else ():
            found, tp = model.walk(tp, (part,))
            while model.get_origin(tp) in (list, dict):
                tp = model._unwrap(model.get_args(tp)[-1])
    except Exception:  # noqa: BLE001 - a path into something that is not a model
        found = None
    if found is None or not all(isinstance(t, str) for t in found):
        raise TemplateError("labels_no_field", where=where, path=path, models=", ".join(MODELS))
    return found


def _fields(text: str) -> set[str]:
    """The {names} a label is formatted with; ValueError when its braces do not pair."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _check_fields(path: Path, key: str, text: str, shipped: str | None) -> None:
    """A user's label for one planner formats ('{year}年...') may use only the shipped label's
    {names}: any other would stop every document that prints it."""
    if shipped is None or not _fields(shipped):
        return
    allowed = _fields(shipped)
    try:
        used = _fields(text)
    except ValueError:
        used = {"{"}
    wrong = sorted(used - allowed)
    if wrong:
        raise TemplateError("label_placeholder", path=path, label=key, wrong="{" + wrong[0] + "}",
                            allowed=", ".join("{" + n + "}" for n in sorted(allowed)))


class Templates:
    """Where each template file comes from, and the labels in one language."""

    def __init__(self, override: Path | None = None, lang: str = "zh"):
        self.override = override
        self.lang = lang

    def path(self, name: str) -> Path:
        """The user's file if the override folder has it, else the shipped one."""
        if self.override and (self.override / name).is_file():
            return self.override / name
        return SHIPPED / name

    @cached_property
    def labels(self) -> dict[str, str]:
        """Every document label in this language, '@field' references resolved."""
        merged: dict[str, str] = {}
        for folder in (SHIPPED, self.override):
            if folder and (folder / "labels.yaml").is_file():
                merged.update(self._read_labels(folder / "labels.yaml"))
        merged["lang"] = self.lang  # so that what has the labels knows their language
        return merged

    def _read_labels(self, path: Path) -> dict[str, str]:
        source, issues = read_source(path, str(path))
        if source is None:
            raise TemplateError("; ".join(i.format(self.lang) for i in issues))
        table = source.data.get(self.lang) if isinstance(source.data, dict) else None
        if not isinstance(table, dict | None):
            raise TemplateError("labels_not_table", path=path, language=self.lang)
        shipped = {} if path.parent == SHIPPED else self._shipped()
        out = {}
        for key, value in (table or {}).items():
            if isinstance(value, list | dict):
                raise TemplateError("label_not_text", path=path, label=f"{self.lang}.{key}",
                                    kind="list" if isinstance(value, list) else "mapping")
            text = "" if value is None else str(value)
            if text.startswith("@"):
                zh, en = field_title(text[1:], f"{path}: {self.lang}.{key}")
                text = en if self.lang == "en" else zh
            _check_fields(path, f"{self.lang}.{key}", text, shipped.get(str(key)))
            out[str(key)] = text
        return out

    def _shipped(self) -> dict[str, str]:
        return Templates(None, self.lang).labels

    @cached_property
    def digest(self) -> str:
        """A hash of every template file in use, for the build cache."""
        h = hashlib.sha256()
        names = sorted({p.name for folder in (SHIPPED, self.override) if folder
                        for p in folder.glob("*") if p.is_file()})
        for name in names:
            h.update(name.encode() + b"\0" + self.path(name).read_bytes())
        if self.override and (SHIPPED / "labels.yaml").is_file():
            h.update((SHIPPED / "labels.yaml").read_bytes())
        return h.hexdigest()
