"""The plan files of a folder (customers/, industries/): every entry is read or reported.

A YAML file is read whatever the case of its extension (`.yaml`, `.YML`), in the folder or in any
subfolder (people sort customers by region); hidden entries (`.x`) and Office lock files (`~$x`)
are skipped as the system's, not the user's. A plan file that cannot be read (a dangling symbolic
link, no permission) is an error, as its revenue would be missing from every total; anything else
(`notes.txt`, `acme.yaml.bak`, an empty folder) is a review flag saying it was not read.
"""

from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path

from planner.errors import Issue, Subject

SUFFIXES = (".yaml", ".yml")
MAX_DEPTH = 8  # customers/<region>/<county>/... : deeper is a mistake (or a loop of links)


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))


def is_plan_file(name: str) -> bool:
    """A plan file's name: .yaml or .yml in any case, not hidden, not an editor's lock file."""
    return name.lower().endswith(SUFFIXES) and not _skipped(name) and not name.startswith("~")


def display_name(path: Path, root: Path) -> str:
    """Path for messages: relative to the current directory when inside it, else to the plan
    set, else as given. A symbolic link is named as the link, not what it leads to (which may be
    anywhere, or nowhere)."""
    where, name = os.path.split(path)
    folder = _folder_name(where or ".", os.getcwd(), str(root))
    if folder is None:
        return path.as_posix()
    return f"{folder}/{name}" if folder else name


@functools.lru_cache(maxsize=256)
def _folder_name(folder: str, cwd: str, root: str) -> str | None:
    """A folder's part of its files' names ("" for the base itself; None when outside both):
    worked out once per folder, whose files are named thousands of times in a row."""
    place = Path(folder).resolve()
    for base in (cwd, root):
        try:
            rel = place.relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
        return "" if rel == "." else rel
    return None


def scan(folder: Path, root: Path) -> tuple[list[Path], list[Issue]]:
    """The plan files under `folder` (sorted by their path in it), and an issue for each entry
    that is not read."""
    files: list[Path] = []
    issues: list[Issue] = []
    if not os.path.lexists(folder):
        return files, issues
    if not folder.is_dir():
        issues.append(Issue(display_name(folder, root), 1, 1, "", "plan_folder_not_a_folder"))
        return files, issues
    _walk(folder, root, 0, {folder.resolve()}, files, issues)
    files.sort(key=lambda p: p.relative_to(folder).as_posix())
    return files, issues


def _walk(folder: Path, root: Path, depth: int, seen: set[Path], files: list[Path],
          issues: list[Issue]) -> None:
    try:  # scandir: an entry's kind without a stat of each of 20,000 files
        with os.scandir(folder) as it:
            entries = sorted((e.name, e.is_dir(), e.is_file()) for e in it)
    except OSError as e:
        issues.append(Issue(display_name(folder, root), 1, 1, "", "file_unreadable",
                            {"reason": e.strerror or str(e)}))
        return
    if not entries and depth:
        issues.append(_not_read(folder, root, "plan_entry_empty_folder"))
    for name, is_dir, is_file in entries:
        path = folder / name
        if _skipped(name):
            continue
        if is_dir:
            real = path.resolve()
            if depth + 1 > MAX_DEPTH or real in seen:
                issues.append(_not_read(path, root, "plan_entry_loop"))
            else:
                _walk(path, root, depth + 1, seen | {real}, files, issues)
        elif is_plan_file(name):
            if is_file:
                files.append(path)
            else:  # a dangling link, a socket: its revenue would be gone from every total
                issues.append(Issue(display_name(path, root), 1, 1, "", "plan_entry_unreadable"))
        else:
            issues.append(_not_read(path, root, "plan_entry_not_read"))


def strays(root: Path, market: Path) -> list[Issue]:
    """Plan files at the plan set's top that are not read: a YAML file other than the market
    file (a customer file dropped beside market.yaml), a second market file, and a folder named
    almost like customers/ or industries/ (`customer/`, `Customers/`)."""
    issues = []
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError:
        return issues
    for path in entries:
        if _skipped(path.name) or path.name in ("customers", "industries"):
            continue
        if path.is_dir():
            close = difflib.get_close_matches(path.name.lower(), ["customers", "industries"],
                                              n=1, cutoff=0.75)
            if close or path.name in ("客户", "重点客户", "行业", "重点行业"):
                issues.append(_not_read(path, root, "plan_folder_not_read"))
        elif is_plan_file(path.name) and path.name != market.name:
            issues.append(_not_read(path, root, "plan_top_file_not_read"))
    return issues


def _not_read(path: Path, root: Path, code: str) -> Issue:
    return Issue(display_name(path, root), 1, 1, "", code, {}, None, "warning", Subject("market"))
