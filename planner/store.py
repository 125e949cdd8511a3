"""What each customer file gave when it was last read, kept between runs: a check, a targets run
or a build of 20,000 customers reads, validates and reviews only the files that changed.

One store per plan set folder, in the user's cache folder ($XDG_CACHE_HOME/planner/store, else
~/.cache/planner/store), never inside the plan set or OUT. A line per customer file: its name,
the sha256 of its bytes, the context it was read in (planner's code, the bytes of market.yaml and
of the industry files), its record (JSON: issues, review flags, brief, targets), and the seal of
the four (`seal.py`): a line edited or damaged is not used, the file is read again. Only JSON;
nothing is executed or unpickled. The store is planner's own: it is rewritten whole (atomically)
when a run learned something new, and the least recently used stores beyond `KEEP` are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from planner.seal import seal, sealed

KEEP = 32  # stores kept (of the plan sets checked most recently)
SUFFIX = ".planner-store"


def folder() -> Path:
    """Where the stores are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planner" / "store"


class Store:
    """The records of one plan set's customer files, by file name."""

    def __init__(self, path: Path | None, context: str):
        self.path = path
        self.context = context
        self.lines: dict[str, tuple[str, bytes, str]] = {}  # name -> (digest, record, seal)
        self.new: dict[str, tuple[str, bytes, str]] = {}
        self.changed = False

    @classmethod
    def open(cls, root: Path, context: str) -> Store:
        """The store of plan set `root` for records made in `context` (empty if none)."""
        key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
        store = cls(folder() / f"{key[:32]}{SUFFIX}", context)
        try:
            text = store.path.read_bytes()  # type: ignore[union-attr]
        except OSError:
            return store
        for line in text.split(b"\n"):
            parts = line.split(b"\t")
            if len(parts) != 5:
                continue
            try:
                name, digest, ctx = (p.decode("utf-8") for p in parts[:3])
            except UnicodeDecodeError:
                continue
            if ctx == context:
                store.lines[name] = (digest, parts[3], parts[4].decode("ascii", "replace"))
        return store

    def get(self, name: str, digest: str) -> dict[str, Any] | None:
        """The record of file `name` with these bytes, or None."""
        found = self.lines.get(name)
        if found is None or found[0] != digest:
            return None
        if not sealed(found[2], name.encode(), digest.encode(), self.context.encode(), found[1]):
            return None
        try:
            record = json.loads(found[1])
        except ValueError:
            return None
        self.new[name] = found
        return record if isinstance(record, dict) else None

    def put(self, name: str, digest: str, record: dict[str, Any]) -> None:
        """Keep the record of file `name` with these bytes."""
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.new[name] = (digest, data, seal(name.encode(), digest.encode(),
                                             self.context.encode(), data))
        self.changed = True

    def save(self) -> None:
        """Write the records used or made by this run, if any differ from the stored ones (files
        gone from the plan set are dropped); a store that cannot be written is simply not kept."""
        if self.path is None or not (self.changed or self.new.keys() != self.lines.keys()):
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as out:
                ctx = self.context.encode()
                for name in sorted(self.new):
                    digest, data, mark = self.new[name]
                    if b"\n" in data or "\t" in name or "\n" in name:
                        continue
                    out.write(b"\t".join([name.encode(), digest.encode(), ctx, data,
                                          mark.encode()]) + b"\n")
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            return
        _evict(self.path.parent)


def _evict(where: Path) -> None:
    """Remove the least recently written stores beyond KEEP (only planner's own files)."""
    try:
        stores = sorted(where.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in stores[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
