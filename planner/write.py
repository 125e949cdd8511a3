"""The only module that writes to the output folder.

A build writes into a fresh sibling folder and swaps it in only when every document and the
manifest are complete, so a failed or interrupted build leaves the earlier OUT exactly as it was.
A lock beside OUT makes a second build into the same OUT refuse with a clear message instead of
mixing two builds' files.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import json
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout, UnixFileLock

from planner.errors import Fault


class OutputError(Fault):
    """OUT cannot be written; the message says why and what to do."""


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the build lock of `out` (a lock file beside it, removed when the build ends) for the
    duration; another build holding it is an OutputError at once."""
    out = out.resolve()
    _replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    # filelock: flock on Linux and macOS, LockFileEx on Windows; a lock file removed by its
    # holder while another build had it open is not taken (filelock checks the file's links)
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        _can_make(lock_path, out)  # filelock also times out where no file can be made at all
        raise OutputError("out_locked", out=out) from None
    except OSError as e:  # a read-only disk, say: it is OUT that cannot be written
        e.filename = str(out)
        raise
    try:
        yield
    finally:
        if isinstance(lock, UnixFileLock):
            with contextlib.suppress(OSError):
                os.unlink(lock_path)  # while still holding it (Windows' filelock removes it)
        lock.release()


def _can_make(path: Path, out: Path) -> None:
    """Raise the OSError of making `path` beside OUT, naming OUT, if it cannot be made."""
    try:
        with open(path, "a"):
            pass
    except OSError as e:
        e.filename = str(out)
        raise


def _replaceable(out: Path) -> None:
    """OUT can be made and replaced whole: no file on the way to it, not a mount point (a swap
    cannot move one)."""
    for folder in [out, *out.parents]:
        if folder.exists():
            if folder != out and not folder.is_dir():
                raise OutputError("out_parent_file", path=folder)
            break
    if out.is_dir() and os.path.ismount(out):
        raise OutputError("out_mount", out=out, inside=out / "plans")


def check_output_folder(out: Path, lang: str = "zh",
                        stamps: dict[str, list[int]] | None = None,
                        not_over: tuple[str, str] | None = None) -> None:
    """OUT must be new, empty, or an earlier planner output holding nothing planner did not write
    (the build replaces it whole, so anything else in it would be lost); with `not_over` (a kind
    of output, "build" or "review", and the error's message), not an output of that kind."""
    from planner.messages import ui
    from planner.owned import in_the_way, planner_manifest, refusal

    if os.path.lexists(out) and not out.is_dir():
        raise OutputError("out_is_file", out=out)
    if not out.is_dir():
        return
    manifest = planner_manifest(out)  # (read once: 40,000 entries at 20,000 customers)
    if not_over is not None and _kind(manifest) == not_over[0]:
        raise OutputError(not_over[1], out=out)
    found = in_the_way(out, manifest, stamps)
    if found:
        raise OutputError(refusal(out, found, ui, lang))


def _kind(manifest: dict[str, Any] | None) -> str | None:
    """What an earlier output holds, by its manifest: "review" (planner review), "build"
    (planner build), or None (no manifest planner wrote)."""
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
    link on the way out of it), else None. Each folder is resolved once, for thousands of files,
    and the path is taken apart as text (a rebuild of 20,000 customers asks for 80,000)."""
    if not relpath or os.path.isabs(relpath) or os.path.splitdrive(relpath)[0]:
        return None
    # its parts as PurePath gives them: no empty or "." part
    parts = [p for p in relpath.replace(os.sep, "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    base = str(root)
    folder = _real(os.path.join(base, *parts[:-1]) if len(parts) > 1 else base)
    top = _real(base)
    if folder != top and not folder.startswith(top + os.sep):
        return None
    return Path(os.path.join(folder, parts[-1]))


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
        raise OutputError("out_outside", path=relpath)
    _folder(target.parent)
    try:
        target.write_bytes(data)
    except OSError as e:  # a full disk says no file name: name the file
        e.filename = e.filename or str(target)
        raise
    return target


def stamp(path: Path) -> list[int]:
    """A file's size and modification time: unchanged means not written to since."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def reuse_file(out: Path, stage: Path, relpath: str, sha256: str,
               stamped: list[int] | None = None) -> list[int] | None:
    """Take a file of the earlier build over into the staging folder (a hard link, else a copy),
    if it is still there with the content the manifest says: its `stamp` in the stage; None if
    it cannot be reused.

    With the size and time it had when written (`stamped`) and still has, it is not read again;
    otherwise its sha256 must match."""
    source, target = _inside(out, relpath), _inside(stage, relpath)
    if source is None or target is None:
        return None
    try:
        st = source.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None  # gone, a folder, or a symbolic link (which might lead anywhere)
    data = None
    if stamped is None or [st.st_size, st.st_mtime_ns] != stamped:
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            return None  # edited or damaged since: render it again
    _folder(target.parent)
    try:
        os.link(source, target)
    except OSError:
        target.write_bytes(data if data is not None else source.read_bytes())
        return stamp(target)
    if data is None:  # the same file, as it was written: the stamp it was given
        return stamped
    return [st.st_size, st.st_mtime_ns]


def publish(stage: Path, out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest last, then swap the staging folder in for OUT."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_file(stage, "manifest.json", text.encode("utf-8"))
    out = out.resolve()
    if out.exists() and _exchange(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # it now holds the earlier output
        return
    # two renames: OUT aside, the stage in; a kill between them is undone by recover()
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    try:
        os.rename(stage, out)
    except OSError:
        if old.exists():
            os.rename(old, out)  # put the earlier output back
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step: Linux's renameat2(RENAME_EXCHANGE), macOS's
    renamex_np(RENAME_SWAP). False where the system has neither (Windows, an old kernel, a file
    system that cannot), and the caller renames in two steps, which recover() completes after a
    kill between them."""
    if sys.platform.startswith("linux"):
        name, flag, at_fdcwd = "renameat2", 2, True
    elif sys.platform == "darwin":
        name, flag, at_fdcwd = "renamex_np", 2, False
    else:
        return False
    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return False
    paths = os.fsencode(a), os.fsencode(b)
    if at_fdcwd:  # renameat2(olddirfd, oldpath, newdirfd, newpath, flags)
        return function(-100, paths[0], -100, paths[1], flag) == 0
    return function(paths[0], paths[1], flag) == 0


def discard(stage: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(stage, ignore_errors=True)
