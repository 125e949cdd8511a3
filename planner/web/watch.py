"""The watcher: when a plan file (or an actuals file) is saved, analyse again.

watchfiles (the Rust `notify` crate underneath) uses the system's own change events — inotify on
Linux, ReadDirectoryChangesW on Windows, FSEvents on macOS — instead of polling 1,000 files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import watch

from planner.web.state import Live, Snapshot

DEBOUNCE_MS = 30  # changes that arrive together (an editor writes a file in steps) count once
PLAN_SUFFIXES = (".yaml", ".yml")


def _wanted(live: Live):
    actuals = {p.resolve() for p in live.settings.actuals}

    def wanted(change: object, path: str) -> bool:
        p = Path(path)
        if p.name.startswith((".", "~")):  # editor backups and swap files, as the loader skips
            return False
        return p.suffix in PLAN_SUFFIXES or p.resolve() in actuals

    return wanted


def start_watching(live: Live, warm: Callable[[Snapshot], None] | None = None,
                   ) -> tuple[threading.Thread, threading.Event]:
    """A daemon thread re-analysing on every save (then making the contexts `warm` makes, while
    the browsers reload), and the event that stops it."""
    stop = threading.Event()
    paths = [live.settings.root, *{p.parent for p in live.settings.actuals}]

    def run() -> None:
        for _ in watch(*paths, watch_filter=_wanted(live), stop_event=stop,
                       debounce=DEBOUNCE_MS, step=10, yield_on_timeout=False,
                       raise_interrupt=False):
            try:
                snap = live.refresh()
                if warm is not None:
                    warm(snap)
            except Exception:  # noqa: BLE001 - an internal error: pages keep the last version
                continue  # and the next save tries again; the watcher must not die

    thread = threading.Thread(target=run, name="planner-watch", daemon=True)
    thread.start()
    return thread, stop
