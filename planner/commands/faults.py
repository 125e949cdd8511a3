"""Faults of the environment, said as such: a disk that is read-only or full, a permission, a
file where a folder should be. Exit 1 with the path and what to do, not an internal error."""

from __future__ import annotations

import errno
import os

from planner.errors import current_input
from planner.messages import ui

_KINDS = {errno.EROFS: "fault_read_only", errno.ENOSPC: "fault_full",
          errno.EACCES: "fault_permission", errno.EPERM: "fault_permission",
          errno.EBUSY: "fault_busy", errno.EXDEV: "fault_busy", errno.ENOTDIR: "fault_not_dir",
          errno.EISDIR: "fault_is_dir", errno.EEXIST: "fault_exists",
          errno.ENOENT: "fault_missing"}
if hasattr(errno, "EDQUOT"):  # a disk quota: full, for this user
    _KINDS[errno.EDQUOT] = "fault_full"


def shown_path(path: str | os.PathLike | None) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    if path is None:
        return current_input.get() or "-"
    text = os.fsdecode(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive, on Windows
        return text
    return text if relative.startswith("..") else relative


def environment_fault(e: OSError, lang: str) -> str:
    """The one line that says what is wrong with the place planner reads or writes, and what
    to do about it."""
    key = _KINDS.get(e.errno or 0, "fault_other")
    if key == "fault_missing" and e.filename and os.path.isdir(os.path.dirname(
            os.path.abspath(os.fsdecode(e.filename)))):
        key = "fault_cannot_make"  # its folder is there: this is a place nothing can be made
    return ui(key, lang, path=shown_path(e.filename), reason=e.strerror or type(e).__name__)
