"""What the last build learned about each input file, so the next one need not learn it again.

For a file whose name and bytes are unchanged, the build takes the data YAML parsing produced and
the review flags of that customer (when market.yaml and the set of industry files are unchanged
too) from OUT/.planner-analysis.json instead of parsing and reviewing again. Only JSON: nothing
in OUT is ever executed or unpickled. Validation and computation always run.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from planner.errors import Issue, Subject

MEMO_FILE = ".planner-analysis.json"


def _issue_to_json(issue: Issue) -> dict[str, Any]:
    data = asdict(issue)
    data["subject"] = asdict(issue.subject) if issue.subject else None
    return data


def _tuples(value: Any) -> Any:
    """JSON has no tuples; messages take a (zh, en) pair as a tuple."""
    return tuple(value) if isinstance(value, list) else value


def _issue_from_json(data: dict[str, Any]) -> Issue:
    subject = Subject(**data["subject"]) if data.get("subject") else None
    label = tuple(data["label"]) if data.get("label") else None
    params = {k: _tuples(v) for k, v in data.get("params", {}).items()}
    return Issue(data["file"], data["line"], data["col"], data["field"], data["code"], params,
                 label, data["severity"], subject)  # type: ignore[arg-type]


class Memo:
    """Parsed data and review flags of files, by display name, valid for one planner code."""

    def __init__(self, code: str, files: dict[str, Any] | None = None):
        self.code = code
        self.files: dict[str, Any] = files or {}
        self.new: dict[str, Any] = {}

    @classmethod
    def read(cls, folder: Path | None, code: str) -> Memo:
        """The memo an earlier build left in `folder`, if it was made by this code."""
        if folder is None:
            return cls(code)
        try:
            data = json.loads((folder / MEMO_FILE).read_text(encoding="utf-8"))
            if data.get("code") == code and isinstance(data.get("files"), dict):
                return cls(code, data["files"])
        except (OSError, ValueError, AttributeError):
            pass
        return cls(code)

    def parsed(self, name: str, digest: str) -> tuple[Any, list[Issue]] | None:
        """(data, warnings) of an unchanged file, or None."""
        entry = self.files.get(name)
        if not entry or entry.get("digest") != digest or not isinstance(entry.get("data"), str):
            return None
        self.new.setdefault(name, {"digest": digest})["data"] = entry["data"]
        self.new[name]["warnings"] = entry.get("warnings", [])
        return json.loads(entry["data"]), [_issue_from_json(w) for w in entry.get("warnings", [])]

    def remember_parsed(self, name: str, digest: str, data: Any, warnings: list[Issue]) -> None:
        """Note what parsing a file gave (as JSON text: the parsed data itself is let go as soon
        as it is validated, and the memo must not keep it alive)."""
        self.new[name] = {"digest": digest, "data": json.dumps(data, ensure_ascii=False),
                          "warnings": [_issue_to_json(w) for w in warnings]}

    def flags(self, name: str, digest: str, context: str) -> list[Issue] | None:
        """A customer's review flags, if its file and the context they depend on are unchanged."""
        entry = self.files.get(name)
        if not entry or entry.get("digest") != digest or entry.get("context") != context:
            return None
        flags = entry.get("flags", [])
        self.remember_flags(name, digest, context, None, flags)
        return [_issue_from_json(f) for f in flags]

    def remember_flags(self, name: str, digest: str, context: str,
                       flags: list[Issue] | None, raw: list[Any] | None = None) -> None:
        """Note a customer's review flags and the context they were found in."""
        entry = self.new.setdefault(name, {"digest": digest})
        entry["context"] = context
        entry["flags"] = raw if raw is not None else [_issue_to_json(f) for f in flags or []]

    def dumps(self) -> bytes:
        """The memo of this build, for its OUT."""
        return json.dumps({"code": self.code, "files": self.new}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
