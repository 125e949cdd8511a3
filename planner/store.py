"""What each customer file gave when it was last read, kept between runs: a check, a targets run
or a build of 20,000 customers reads, validates and reviews only the files that changed.

One store per plan set folder, in the user's cache folder ($XDG_CACHE_HOME/planner/store, else
~/.cache/planner/store), never inside the plan set or OUT. A line per customer file: its name,
the sha256 of its bytes, the context it was read in (planner's code, the bytes of market.yaml and
of the industry files), its record (JSON: issues, review flags, brief, targets), and the seal of
the four (`seal.py`): a line edited or damaged is not used, the file is read again. Only JSON;
nothing is executed or unpickled. The store is planner's own: it is rewritten whole (atomically)
when a run learned something new, and the least recently used stores beyond `KEEP` are removed.

A store of another kind is kept the same way in a folder of its own: "rows", the market
workbook's data-sheet rows of each customer (`render/xlsx_kept.py`), one per plan set and
language.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any, BinaryIO

from planner.seal import seal, sealed

KEEP = 32  # stores kept (of the plan sets checked most recently), of each kind


def folder(kind: str = "store") -> Path:
    """Where the stores of a kind are kept: "store", the customer files' results; "rows", the
    market workbook's rows (`render/xlsx_kept.py`)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planner" / kind


class Store:
    """The records of one plan set's customer files, by file name. The file stays open and
    each record is read from it when asked for: 20,000 records are never all in memory."""

    def __init__(self, path: Path | None, context: str):
        self.path = path
        self.context = context
        self.lines: dict[str, tuple[str, int, int, str]] = {}  # name -> digest, where, seal
        self.new: dict[str, tuple[str, bytes | tuple[int, int], str]] = {}
        self.changed = False
        self._file: BinaryIO | None = None

    @classmethod
    def open(cls, root: Path, context: str, kind: str = "store", part: str = "") -> Store:
        """The store of plan set `root` for records made in `context` (empty if none); of
        another `kind` than the customer files' results, and one per `part` (a language)."""
        where = str(root.resolve()) + (f"\0{part}" if part else "")
        key = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()
        store = cls(folder(kind) / f"{key[:32]}.planner-{kind}", context)
        try:
            store._file = open(store.path, "rb")  # noqa: SIM115 - closed by save() or close()
        except OSError:
            return store
        offset = 0
        for line in store._file:
            parts = line.rstrip(b"\n").split(b"\t")
            if len(parts) == 5:
                try:
                    name, digest, ctx, mark = (parts[i].decode("utf-8") for i in (0, 1, 2, 4))
                except UnicodeDecodeError:
                    ctx = ""
                if ctx == context:
                    start = offset + sum(len(p) + 1 for p in parts[:3])
                    store.lines[name] = (digest, start, len(parts[3]), mark)
            offset += len(line)
        return store

    def _read(self, where: tuple[int, int]) -> bytes:
        assert self._file is not None
        self._file.seek(where[0])
        data = self._file.read(where[1])
        if len(data) != where[1]:
            raise OSError("store shorter than its index")
        return data

    def get(self, name: str, digest: str) -> dict[str, Any] | None:
        """The record of file `name` with these bytes, or None."""
        found = self.lines.get(name)
        if found is None or found[0] != digest:
            return None
        try:
            data = self._read(found[1:3])
            if not sealed(found[3], name.encode(), digest.encode(), self.context.encode(), data):
                return None
            record = json.loads(data)
        except (OSError, ValueError):
            return None
        self.new[name] = (digest, found[1:3], found[3])
        return record if isinstance(record, dict) else None

    def put(self, name: str, digest: str, record: dict[str, Any]) -> None:
        """Keep the record of file `name` with these bytes."""
        self.put_text(name, digest, json_text(record))

    def put_text(self, name: str, digest: str, data: bytes) -> None:
        """`put` of a record's JSON text (`json_text`), made where the record was."""
        self.new[name] = (digest, data, seal(name.encode(), digest.encode(),
                                             self.context.encode(), data))
        self.changed = True

    def save(self) -> None:
        """Write the records used or made by this run, if any differ from the stored ones (files
        gone from the plan set are dropped); a store that cannot be written is simply not kept."""
        if self.path is None or not (self.changed or self.new.keys() != self.lines.keys()):
            self.close()
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as out:
                ctx = self.context.encode()
                for name in sorted(self.new):
                    digest, data, mark = self.new[name]
                    if "\t" in name or "\n" in name:
                        continue
                    body = data if isinstance(data, bytes) else self._read(data)
                    out.write(b"\t".join([name.encode(), digest.encode(), ctx, body,
                                          mark.encode()]) + b"\n")
            self.close()  # (Windows replaces no file that is open)
            os.replace(tmp, self.path)
        except OSError:
            self.close()
            with contextlib.suppress(OSError):
                tmp.unlink()
            return
        _evict(self.path.parent, self.path.suffix)

    def close(self) -> None:
        """Close the stored file."""
        if self._file is not None:
            self._file.close()
            self._file = None


def json_text(record: dict[str, Any]) -> bytes:
    """A record as the store keeps it: compact JSON, in UTF-8."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _evict(where: Path, suffix: str) -> None:
    """Remove the least recently written stores beyond KEEP (only planner's own files)."""
    try:
        stores = sorted(where.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in stores[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
