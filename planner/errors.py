"""Problems found in a plan set, as values: errors and review flags (warnings).

Every stage returns a list of `Issue`; nothing stops at the first problem. An issue keeps a message
*code* and its parameters, not finished text, so the same issue prints in Chinese or English
(`planner.messages`) and lands in the documents and the review workbook unchanged.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from planner.messages import label_text, message, ui

Severity = Literal["error", "warning"]

# The input being worked on, so that an unexpected internal error can name it (contracts.md).
current_input: ContextVar[str | None] = ContextVar("current_input", default=None)


@dataclass(frozen=True, slots=True)
class Subject:
    """What a review flag is about: the plan level, the customer/industry/region id, its owner."""

    level: Literal["customer", "industry", "region", "market"]
    id: str | None = None
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem, located in a file: `FILE:LINE:COL: FIELD (标签): message — fix`."""

    file: str
    line: int
    col: int
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    label: tuple[str, str] | None = None  # (中文, English) label of the field
    severity: Severity = "error"
    subject: Subject | None = None
    # the label worded for people (report.common.people_labels), worked out while the file's
    # model was at hand: a customer's flag in the plans above it needs no model read again
    people: tuple[str, str] | None = field(default=None, compare=False)

    def message(self, lang: str = "zh", people: bool = False) -> str:
        """The message text in `lang` (with the lines a syntax error left unread); `people`: as
        the documents word it, without YAML keys or ids."""
        text = message(self.code, "message", lang, self.params, people)
        if self.params.get("unread"):
            first, last = self.params["unread"]
            text += ui("unread_line" if first == last else "unread_lines", lang, first=first,
                       last=last)
        return text

    def fix(self, lang: str = "zh", people: bool = False) -> str:
        """What to do about it, in `lang` (`people`: as the documents word it)."""
        return message(self.code, "fix", lang, self.params, people)

    def label_text(self, lang: str = "zh") -> str:
        """The field's label in `lang` (empty when the issue is about a whole file)."""
        return label_text(self.label, lang)

    def format(self, lang: str = "zh") -> str:
        """The one-line form of the contract: `FILE:LINE:COL: FIELD (标签): message — fix`."""
        where = f"{self.file}:{self.line}:{self.col}"
        name = self.field or "-"
        label = self.label_text(lang)
        head = f"{name} ({label})" if label else name
        return f"{where}: {head}: {self.message(lang)} — {self.fix(lang)}"

    def sort_key(self) -> tuple:
        """Errors before warnings, then by file, line, column."""
        return (self.severity != "error", self.file, self.line, self.col, self.field, self.code)


def sorted_issues(issues: list[Issue]) -> list[Issue]:
    """Issues in print order: every error, then every warning, each by file and line."""
    return sorted(set(issues), key=Issue.sort_key)


def errors_of(issues: list[Issue]) -> list[Issue]:
    """Only the errors."""
    return [i for i in issues if i.severity == "error"]


def warnings_of(issues: list[Issue]) -> list[Issue]:
    """Only the warnings (review flags)."""
    return [i for i in issues if i.severity == "warning"]


class PlanSetInvalid(Exception):
    """Raised by library entry points when a plan set has errors; carries every issue."""

    def __init__(self, issues: list[Issue]):
        super().__init__(f"{len(errors_of(issues))} error(s)")
        self.issues = issues


class Fault(Exception):
    """A fault of the environment or of a user's file that the library reports in either
    language: a message key of `planner.messages.L` and its parameters (or a finished text)."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key, self.params = key, params

    def text(self, lang: str = "zh") -> str:
        """The message in `lang`."""
        from planner.messages import L, ui

        return ui(self.key, lang, **self.params) if self.key in L else self.key

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> tuple:  # a worker process sends it back to the build
        return _rebuild, (type(self), self.key, self.params)


def _rebuild(cls: type[Fault], key: str, params: dict[str, Any]) -> Fault:
    return cls(key, **params)


def issue_to_json(issue: Issue) -> dict[str, Any]:
    """An issue as JSON (the store keeps issues so): its fields, in order. Its parameters are
    JSON's own values (texts, numbers, lists of them), as they are read back."""
    s = issue.subject
    return {"file": issue.file, "line": issue.line, "col": issue.col, "field": issue.field,
            "code": issue.code, "params": issue.params, "label": issue.label,
            "severity": issue.severity,
            "subject": s and {"level": s.level, "id": s.id, "owner": s.owner},
            "people": issue.people}


@functools.lru_cache(maxsize=8192)
def _shared(value: str | tuple[str, ...]) -> str | tuple[str, ...]:
    """One object for equal texts: the review flags read back from the store (45,000 of 20,000
    customers) repeat their file's name, codes, labels and listed fields; held once each they
    take a third of the memory. Texts and tuples of texts only (1 == True == 1.0 as keys)."""
    return value


def _value(value: Any) -> Any:
    """A parameter as read from JSON, shared where it is a text or a tuple of texts (JSON has no
    tuples; messages take a (zh, en) pair as a tuple)."""
    if isinstance(value, str):
        return _shared(value)
    if isinstance(value, list):
        value = tuple(value)
        return _shared(value) if all(isinstance(v, str) for v in value) else value
    return value


@functools.lru_cache(maxsize=1024)
def _subject(**fields: Any) -> Subject:
    return Subject(**fields)  # a record of another shape fails as before (TypeError)


def issue_from_json(data: dict[str, Any]) -> Issue:
    """The issue `issue_to_json` wrote."""
    subject = _subject(**data["subject"]) if data.get("subject") else None
    label = _value(data["label"]) if data.get("label") else None
    params = {_shared(k): _value(v) for k, v in data.get("params", {}).items()}
    people = _value(data["people"]) if data.get("people") else None
    return Issue(_shared(data["file"]), data["line"], data["col"], _shared(data["field"]),
                 _shared(data["code"]), params,
                 label, _shared(data["severity"]), subject, people)  # type: ignore[arg-type]
