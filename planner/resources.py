"""The templates folder: the shipped one, and a user's `--templates DIR` that overrides any file.

Like a MkDocs theme's `custom_dir`: a file in the user's folder replaces the shipped file of the
same name; `labels.yaml` is merged key by key, so a user can reword a single label.
"""

from __future__ import annotations

import hashlib
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


class TemplateError(Fault):
    """A template or label file that cannot be used; the message says which and why."""


def field_title(path: str) -> tuple[str, str]:
    """'Customer.stock.risk' -> the (中文, English) label of that field (lists are stepped into)."""
    name, *parts = path.split(".")
    tp: Any = getattr(model, name)
    found: tuple[str, str] | None = None
    for part in parts:
        found, tp = model.walk(tp, (part,))
        while model.get_origin(tp) in (list, dict):
            tp = model._unwrap(model.get_args(tp)[-1])
    if found is None:
        raise TemplateError("labels_no_field", path=path)
    return found


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
        return merged

    def _read_labels(self, path: Path) -> dict[str, str]:
        source, issues = read_source(path, str(path))
        if source is None:
            raise TemplateError("; ".join(i.format(self.lang) for i in issues))
        table = source.data.get(self.lang) or {}
        out = {}
        for key, value in table.items():
            text = "" if value is None else str(value)
            if text.startswith("@"):
                zh, en = field_title(text[1:])
                text = en if self.lang == "en" else zh
            out[key] = text
        return out

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
