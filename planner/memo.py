"""What the last build learned about each input file, so the next one need not learn it again.

For a file whose name and bytes are unchanged, the build takes the data YAML parsing produced and
the review flags of that customer (when market.yaml and the set of industry files are unchanged
too) from OUT/.planner-analysis.jsonl instead of parsing and reviewing again. Only JSON: nothing
in OUT is ever executed or unpickled. Validation and computation always run.

The file has a header line `{"code": ...}`, then one line per input file with four tab-separated
JSON texts (a JSON text holds no raw tab): its name, the sha256 of its bytes, its parsed data, and
`{"warnings": [...], "context": ..., "flags": [...]}`, then the seal of those four (`seal.py`): a
line edited in OUT, its source unchanged, is not taken as data but parsed again. The parsed data, most of the file, is never
held in memory: an unchanged file's is read from the earlier memo when it is needed and copied
from there into the new one, a changed file's is spooled to a temporary file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from planner.errors import Issue, Subject
from planner.seal import seal, sealed

MEMO_FILE = ".planner-analysis.jsonl"


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
    people = tuple(data["people"]) if data.get("people") else None
    return Issue(data["file"], data["line"], data["col"], data["field"], data["code"], params,
                 label, data["severity"], subject, people)  # type: ignore[arg-type]


@dataclass
class _Span:
    """Bytes at `offset` of an open file."""

    file: BinaryIO
    offset: int
    length: int

    def read(self) -> bytes:
        if _PREAD:
            data = os.pread(self.file.fileno(), self.length, self.offset)
        else:  # Windows has no pread: a seek and a read (one build reads the memo at a time)
            self.file.seek(self.offset)
            data = self.file.read(self.length)
        if len(data) != self.length:
            raise ValueError("memo file shorter than its index")
        return data


_PREAD = hasattr(os, "pread")


@dataclass
class _Entry:
    """One file's line: its digest, where its parsed data is, and its warnings and flags."""

    digest: str
    data: _Span
    meta: dict[str, Any] = field(default_factory=dict)
    meta_span: _Span | None = None  # an earlier memo's, read when first asked for
    mark: str = ""  # an earlier memo's seal of the line
    verified: bool = False

    def verify(self, name: bytes) -> bool:
        """Whether the earlier memo's line is as this user's planner wrote it."""
        if not self.verified and self.meta_span is not None:
            self.verified = sealed(self.mark, name, self.digest.encode(), self.data.read(),
                                   self.meta_span.read())
        return self.verified

    def read_meta(self) -> dict[str, Any]:
        if self.meta_span is not None:
            self.meta, self.meta_span = json.loads(self.meta_span.read()), None
        return self.meta


class Memo:
    """Parsed data and review flags of files, by display name, valid for one planner code."""

    def __init__(self, code: str):
        self.code = code
        self.files: dict[str, _Entry] = {}  # the earlier build's
        self.new: dict[str, _Entry] = {}  # this build's
        self._earlier: IO[bytes] | None = None
        self._spool: IO[bytes] | None = None

    @classmethod
    def read(cls, folder: Path | None, code: str) -> Memo:
        """The memo an earlier build left in `folder`, if it was made by this code (an index of
        it: the file stays open and each line is read when asked for)."""
        memo = cls(code)
        if folder is None:
            return memo
        try:
            fh = open(folder / MEMO_FILE, "rb")  # noqa: SIM115 - kept open, closed by close()
        except OSError:
            return memo
        try:
            header = json.loads(fh.readline())
            if not isinstance(header, dict) or header.get("code") != code:
                fh.close()
                return memo
            memo._earlier = fh
            offset = fh.tell()
            for line in fh:
                memo._index(fh, line, offset)
                offset += len(line)
        except (OSError, ValueError):
            memo.close()
            return cls(code)
        return memo

    def _index(self, fd: BinaryIO, line: bytes, offset: int) -> None:
        parts = line.rstrip(b"\n").split(b"\t")
        if len(parts) != 5:
            return  # not a line this code wrote: that file is parsed again
        name, digest, mark = json.loads(parts[0]), json.loads(parts[1]), json.loads(parts[4])
        if not all(isinstance(v, str) for v in (name, digest, mark)):
            return
        start = offset + len(parts[0]) + len(parts[1]) + 2
        meta_at = start + len(parts[2]) + 1
        self.files[name] = _Entry(digest, _Span(fd, start, len(parts[2])),
                                  meta_span=_Span(fd, meta_at, len(parts[3])), mark=mark)

    def parsed(self, name: str, digest: str) -> tuple[Any, list[Issue]] | None:
        """(data, warnings) of an unchanged file, or None."""
        entry = self.files.get(name)
        if entry is None or entry.digest != digest:
            return None
        try:
            if not entry.verify(json.dumps(name, ensure_ascii=False).encode("utf-8")):
                return None  # edited or damaged since it was written: parsed again
            data = json.loads(entry.data.read())
            warnings = [_issue_from_json(w) for w in entry.read_meta().get("warnings", [])]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None  # a damaged line: the file is parsed again
        self.new[name] = _Entry(digest, entry.data, {"warnings": entry.meta.get("warnings", [])})
        return data, warnings

    def remember_parsed(self, name: str, digest: str, data: Any, warnings: list[Issue]) -> None:
        """Note what parsing a file gave (spooled to a temporary file: the parsed data itself is
        let go as soon as it is validated, and the memo must not keep it in memory)."""
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        text = json.dumps(data, ensure_ascii=False).encode("utf-8")
        offset = self._spool.seek(0, os.SEEK_END)
        self._spool.write(text)
        self._spool.flush()
        self.new[name] = _Entry(digest, _Span(self._spool, offset, len(text)),
                                {"warnings": [_issue_to_json(w) for w in warnings]})

    def flags(self, name: str, digest: str, context: str) -> list[Issue] | None:
        """A customer's review flags, if its file and the context they depend on are unchanged."""
        entry = self.files.get(name)
        if entry is None or entry.digest != digest or not entry.verified:
            return None
        try:
            meta = entry.read_meta()
            if meta.get("context") != context or not isinstance(meta.get("flags"), list):
                return None
            found = [_issue_from_json(f) for f in meta["flags"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        self.remember_flags(name, digest, context, None, meta["flags"])
        return found

    def remember_flags(self, name: str, digest: str, context: str,
                       flags: list[Issue] | None, raw: list[Any] | None = None) -> None:
        """Note a customer's review flags and the context they were found in."""
        entry = self.new.get(name)
        if entry is None or entry.digest != digest:
            return  # its data was not remembered: nothing to go with the flags
        entry.meta["context"] = context
        entry.meta["flags"] = raw if raw is not None else [_issue_to_json(f) for f in flags or []]

    def write(self, path: Path) -> None:
        """The memo of this build, into `path` (a line at a time)."""
        with open(path, "wb") as out:
            out.write(json.dumps({"code": self.code}).encode() + b"\n")
            for name in sorted(self.new):
                entry = self.new[name]
                parts = [json.dumps(name, ensure_ascii=False).encode("utf-8"),
                         entry.digest.encode(), entry.data.read(),
                         json.dumps(entry.meta, ensure_ascii=False,
                                    separators=(",", ":")).encode("utf-8")]
                mark = json.dumps(seal(*parts)).encode()
                parts[1] = json.dumps(entry.digest).encode()
                out.write(b"\t".join([*parts, mark]) + b"\n")

    def close(self) -> None:
        """Close the earlier memo and the spool."""
        for fh in (self._earlier, self._spool):
            if fh is not None:
                fh.close()
        self._earlier = self._spool = None
