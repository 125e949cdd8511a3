"""What the app shows: the latest analysis of the plan set, re-made when a file is saved.

A `Snapshot` is one analysis (valid or not) with the labels, the last build's manifest and, with
actuals, the business review; pages take their figures from it, and what they compute from it
(a page context) is kept in it, so each context is made once per saved version. `Live` makes
snapshots with `analyse_lean`: the first analysis reads every file (or takes its result from
the plan set's store, planner/store.py); each one after that takes unchanged files' results from
the previous one (`Known`), so only the saved files are read again and only the totals are summed
again. A customer's model is read from its file when its page asks for it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from planner.customers import Known
from planner.errors import Issue
from planner.pipeline import Analysis, analyse_lean
from planner.resources import Templates


@dataclass(frozen=True)
class Settings:
    """How `planner serve` was started."""

    root: Path
    out: Path | None = None
    lang: str = "zh"
    actuals: tuple[Path, ...] = ()
    through: int = 0
    threshold: Decimal = Decimal("0.9")


@dataclass
class Snapshot:
    """One analysis of the plan set and what pages made of it."""

    generation: int
    analysis: Analysis
    labels: dict[str, str]
    manifest: list[dict[str, Any]]
    review: Any = None  # business_review.ReviewRun-like: (review, actuals) or None
    review_issues: list[Issue] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """A page context of this snapshot, made the first time it is asked for (once: a
        second request for it waits for the first; requests for other keys do not wait)."""
        if key in self._cache:
            return self._cache[key]
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]


def read_manifest(out: Path | None) -> list[dict[str, Any]]:
    """The outputs listed in OUT/manifest.json (none when there is no readable manifest)."""
    if out is None:
        return []
    try:
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return [o for o in data["outputs"] if isinstance(o.get("path"), str)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


class Live:
    """The current snapshot, re-made by `refresh()` (from the watcher thread)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.labels = Templates(None, settings.lang).labels
        self._known = Known()
        self._lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.last_valid: Analysis | None = None
        self._manifest_stamp: tuple[float, int] | None = None

    def refresh(self) -> Snapshot:
        """Analyse the plan set again (unchanged files' results kept) and publish it."""
        with self._lock:
            analysis = analyse_lean(self.settings.root, known=self._known)
            if analysis.plan is not None:
                self.last_valid = analysis
            review, review_issues = self._review(analysis)
            generation = self.snapshot.generation + 1 if self.snapshot else 1
            self.snapshot = Snapshot(generation, analysis, self.labels,
                                     read_manifest(self.settings.out), review, review_issues)
            self._manifest_stamp = self._stamp()
            return self.snapshot

    def current(self) -> Snapshot:
        """The latest snapshot (a new one, with the same analysis, when OUT was rebuilt)."""
        snap = self.snapshot or self.refresh()
        if self.settings.out is not None and self._stamp() != self._manifest_stamp:
            with self._lock:
                self._manifest_stamp = self._stamp()
                snap = self.snapshot = Snapshot(snap.generation + 1, snap.analysis, snap.labels,
                                                read_manifest(self.settings.out), snap.review,
                                                snap.review_issues)
        return snap

    def _stamp(self) -> tuple[float, int] | None:
        try:
            st = (self.settings.out / "manifest.json").stat()  # type: ignore[operator]
            return (st.st_mtime, st.st_size)
        except (OSError, TypeError):
            return None

    def _review(self, analysis: Analysis) -> tuple[Any, list[Issue]]:
        """The business review of this analysis against the actuals, when given."""
        s = self.settings
        if not s.actuals or analysis.plan is None or analysis.targets is None:
            return None, []
        from planner.actuals import Options, read_actuals
        from planner.compute.review_actuals import review_actuals

        names = [str(p) for p in s.actuals]
        actuals, issues = read_actuals(list(s.actuals), names, analysis.plan,
                                       Options(through=s.through))
        if actuals is None:
            return None, issues
        review = review_actuals(analysis.plan, analysis.targets, actuals.amounts, s.through,
                                s.threshold)
        return (review, actuals), issues

    def close(self) -> None:
        """Let go of what the analyses kept."""
        self._known = Known()
