"""The only module that writes to the output folder.

A build writes into a fresh sibling folder and swaps it in only when every document and the
manifest are complete, so a failed or interrupted build leaves the earlier OUT exactly as it was.
A lock beside OUT makes a second build into the same OUT refuse with a clear message instead of
mixing two builds' files.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class OutputError(Exception):
    """OUT cannot be written; the message says why and what to do."""


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the build lock of `out` (a lock file beside it, removed when the build ends) for the
    duration."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    while True:
        handle = open(lock_path, "a")  # noqa: SIM115 - closed below
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            handle.close()
            if e.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputError(f"another planner build is writing {out}; wait for it to "
                                  "finish, or build into another folder") from None
            raise
        # the build that held the lock may have removed its file since we opened it: the lock
        # counts only on the file that is at the path now
        try:
            current = os.fstat(handle.fileno()).st_ino == os.stat(lock_path).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        handle.close()
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)  # while still holding it: no stray file is left beside OUT
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def check_output_folder(out: Path, lang: str = "zh",
                        stamps: dict[str, list[int]] | None = None) -> None:
    """OUT must be new, empty, or an earlier planner output holding nothing planner did not write
    (the build replaces it whole, so anything else in it would be lost)."""
    from planner.messages import ui
    from planner.owned import in_the_way, refusal

    if os.path.lexists(out) and not out.is_dir():
        raise OutputError(ui("owned_out_file", lang, out=out))
    found = in_the_way(out, stamps)
    if found:
        raise OutputError(refusal(out, found, ui, lang))


def output_kind(out: Path) -> str | None:
    """What an earlier output in `out` holds, by its manifest: "review" (planner review),
    "build" (planner build), or None (no manifest planner wrote)."""
    from planner.owned import planner_manifest

    manifest = planner_manifest(out)
    if manifest is None:
        return None
    return "review" if "review" in manifest else "build"


def recover(out: Path) -> None:
    """Tidy up after a build that was killed (we hold the lock, so no build is running): an
    earlier OUT left aside during a swap is put back, half-written staging folders go."""
    out = out.resolve()
    if not out.parent.is_dir():
        return
    aside = _ours(out, "old")
    if aside and not out.exists():
        os.rename(aside.pop(), out)
    for leftover in [*aside, *_ours(out, "build")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _ours(out: Path, kind: str) -> list[Path]:
    """The folders beside OUT a build names `.OUT.<kind>-<pid>` (a user's `.OUT.old-copy` is
    not one of them, and is left alone)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.{kind}-\d+")
    return sorted(p for p in out.parent.glob(f".{out.name}.{kind}-*")
                  if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink())


def staging_folder(out: Path) -> Path:
    """A fresh folder beside OUT to build into."""
    _real.cache_clear()  # folders are resolved and made afresh for each build
    _folder.cache_clear()
    out = out.resolve()
    stage = out.parent / f".{out.name}.build-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    return stage


def _inside(root: Path, relpath: str) -> Path | None:
    """`root/relpath` when it is a file place inside `root` (no '..', not absolute, no symbolic
    link on the way out of it), else None. Each folder is resolved once, for thousands of files."""
    parts = Path(relpath).parts
    if not parts or Path(relpath).is_absolute() or any(p in ("..", ".") for p in parts):
        return None
    folder = _real(str(root / Path(*parts[:-1])) if len(parts) > 1 else str(root))
    top = _real(str(root))
    if folder != top and not folder.startswith(top + os.sep):
        return None
    return Path(folder) / parts[-1]


@functools.lru_cache(maxsize=256)
def _real(path: str) -> str:
    return os.path.realpath(path)


@functools.lru_cache(maxsize=256)
def _folder(path: Path) -> None:
    """Make a folder of the stage (once per build, not once per file)."""
    path.mkdir(parents=True, exist_ok=True)


def write_file(stage: Path, relpath: str, data: bytes) -> Path:
    """Write one output file inside the staging folder (never outside it)."""
    target = _inside(stage, relpath)
    if target is None or target.is_symlink():
        raise OutputError(f"refusing to write outside the output folder: {relpath}")
    _folder(target.parent)
    target.write_bytes(data)
    return target


def stamp(path: Path) -> list[int]:
    """A file's size and modification time: unchanged means not written to since."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def reuse_file(out: Path, stage: Path, relpath: str, sha256: str,
               stamped: list[int] | None = None) -> bool:
    """Take a file of the earlier build over into the staging folder (a hard link, else a copy),
    if it is still there with the content the manifest says; False if it cannot be reused.

    With the size and time it had when written (`stamped`) and still has, it is not read again;
    otherwise its sha256 must match."""
    source, target = _inside(out, relpath), _inside(stage, relpath)
    if source is None or target is None:
        return False
    try:
        st = source.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False  # gone, a folder, or a symbolic link (which might lead anywhere)
    data = None
    if stamped is None or [st.st_size, st.st_mtime_ns] != stamped:
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            return False  # edited or damaged since: render it again
    _folder(target.parent)
    try:
        os.link(source, target)
    except OSError:
        target.write_bytes(data if data is not None else source.read_bytes())
    return True


def publish(stage: Path, out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest last, then swap the staging folder in for OUT."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_file(stage, "manifest.json", text.encode("utf-8"))
    out = out.resolve()
    if out.exists() and _exchange(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # it now holds the earlier output
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)  # a kill between these two renames is undone by recover()
    try:
        os.rename(stage, out)
    except OSError:
        if old.exists():
            os.rename(old, out)  # put the earlier output back
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where the
    system cannot, and the caller falls back to two renames."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def discard(stage: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(stage, ignore_errors=True)
