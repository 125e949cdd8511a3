"""What planner wrote, so that nothing it did not write is ever replaced or deleted.

An output folder (build, review) is planner's when its manifest.json is one planner wrote and every
entry in it is a file that manifest lists, unchanged, or planner's bookkeeping. A build or review
replaces OUT whole, so anything else in it — a user's notes, a folder of attachments, a document
edited since it was written — would be lost: such an OUT is refused, naming what is in the way.

A single output file (`diff --xlsx`, `schema -o`) replaces only a file planner wrote of the same
kind (its own workbook or schema), never a plan input or anyone else's file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (.planner-analysis.jsonl: the memo of parsed files that builds before 0.3 left in OUT)
BOOKKEEPING = ("manifest.json", ".planner-cache.json", ".planner-analysis.jsonl")
LEVELS = {"customer", "industry", "market", "review"}
SHOWN = 5  # entries named in a refusal; the rest are counted
SCHEMA_MARK = "planner schema"  # the "$comment" of every schema planner writes


class NotOwned(Exception):
    """A file or folder planner did not write is in the way; the message says which."""


def planner_manifest(out: Path) -> dict[str, Any] | None:
    """OUT/manifest.json when planner wrote it (an object naming planner as its writer, listing
    outputs with a relative path and a sha256 each), else None."""
    path = out / "manifest.json"
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 64 * 2**20:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not str(data.get("generated_by", "")).startswith("planner "):
        return None
    outputs = data.get("outputs")
    if not isinstance(outputs, list) or not all(_entry(e) for e in outputs):
        return None
    return data


def _entry(e: Any) -> bool:
    return (isinstance(e, dict) and e.get("level") in LEVELS and isinstance(e.get("path"), str)
            and isinstance(e.get("sha256"), str) and bool(re.fullmatch(r"[0-9a-f]{64}",
                                                                      e["sha256"])))


def in_the_way(out: Path, manifest: dict[str, Any] | None,
               stamps: dict[str, list[int]] | None = None) -> list[str]:
    """The entries of the folder OUT (relative paths) that planner did not write, or changed
    since, by its manifest as `planner_manifest` read it: every entry when the manifest is not
    planner's (None). `stamps` (path -> [size, mtime_ns] when written) spares reading a file
    whose size and time are unchanged."""
    listed = {e["path"]: e["sha256"] for e in manifest["outputs"]} if manifest else {}
    folders = set()
    for p in listed:  # every folder above a file listed (as text: 40,000 paths)
        while "/" in p:
            p = p.rpartition("/")[0]
            folders.add(p)
    found = []
    root = str(out)
    for top, dirs, files in os.walk(root):  # (as text: 40,000 files at 20,000 customers)
        rel_top = os.path.relpath(top, root).replace(os.sep, "/")
        prefix = "" if rel_top == "." else rel_top + "/"
        for name in sorted(dirs):
            rel = prefix + name
            if os.path.islink(os.path.join(top, name)) or (manifest is None or rel not in folders):
                found.append(rel + "/")
                dirs.remove(name)  # what is inside is in the way with it
        for name in sorted(files):
            rel = prefix + name
            if manifest is not None and rel in BOOKKEEPING:
                continue
            if rel not in listed or not _unchanged(os.path.join(top, name), listed[rel],
                                                   (stamps or {}).get(rel)):
                found.append(rel)
    return sorted(found)


def _unchanged(path: str, sha256: str, stamped: list[int] | None) -> bool:
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):  # a folder, a link, a device: not a file we wrote
            return False
        if stamped is not None and [st.st_size, st.st_mtime_ns] == list(stamped):
            return True
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(2**20), b""):
                digest.update(block)
        return digest.hexdigest() == sha256
    except OSError:
        return False


def refusal(out: Path, found: list[str], ui: Callable[..., str], lang: str) -> str:
    """The message refusing OUT: what is in the way and what to do."""
    names = ", ".join(found[:SHOWN])
    more = ui("owned_more", lang, n=len(found) - SHOWN) if len(found) > SHOWN else ""
    return ui("owned_out_refused", lang, out=out, names=names + more)


# ---------------------------------------------------------------- single files

def is_planner_xlsx(path: Path, mark: str) -> bool:
    """A workbook planner wrote with the custom property "planner" = `mark`."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/custom.xml")
            if info.file_size > 2**20:
                return False
            custom = z.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return bool(re.search(r'name="planner"><vt:lpwstr>' + re.escape(mark) + "</vt:lpwstr>",
                          custom))


def is_planner_schema(path: Path) -> bool:
    """A JSON Schema planner wrote (its "$comment" says so)."""
    try:
        if path.stat().st_size > 16 * 2**20:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("$comment") == SCHEMA_MARK


def replaceable(path: Path, own: Callable[[Path], bool]) -> bool:
    """Whether planner may write `path`: nothing is there, or a regular file `own` says it
    wrote."""
    if not os.path.lexists(path):
        return True
    return path.is_file() and not path.is_symlink() and own(path)


def write_whole(path: Path, data: bytes) -> None:
    """Write a file whole: into a temporary file beside it, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
