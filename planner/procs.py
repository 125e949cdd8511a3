"""Worker processes: how they are started, and how many."""

from __future__ import annotations

import os
import sys

# Linux forks its workers, which inherit the parent's memory without copying; Windows has no
# fork, and on macOS a fork of a process that has used system frameworks may crash, so there
# each worker is spawned (a fresh interpreter) and is sent what it needs. The results are the same.
START = "fork" if sys.platform.startswith("linux") else "spawn"


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def give_back_memory() -> None:
    """Return the memory freed after a large analysis to the system before workers fork (each
    would otherwise count it as its own): glibc keeps freed blocks for reuse, 57 MB after the
    analysis of 20,000 customers. Elsewhere nothing to do: workers are spawned."""
    if START != "fork":
        return
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc (musl has no malloc_trim)
        pass
