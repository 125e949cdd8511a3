"""Each customer file on its own: read, validated, computed and reviewed once, in one pass, and
what that gave kept in the store (`planner.store`) for the next run.

A customer's result depends on its file and on its context alone (market.yaml, the industry
files, planner's code): its issues (reading, its model, its references to the catalog), its
review flags, its brief (what the rules across customers and the plans above it need) and its
targets. The rules across customers (a customer id used twice, a name shared) and the ranks by
value are then worked out from the briefs, and every total is summed from the targets: no
model of a customer is held for it. A model is read again from its file when a document needs it
(`LazyCustomers`).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.compute.codec import decode, encode
from planner.compute.plan import CustomerTargets, Targets, customer_targets
from planner.compute.rollup import Group
from planner.errors import Fault, Issue, current_input, errors_of
from planner.load import Source, read_source
from planner.memo import _issue_from_json, _issue_to_json
from planner.model import Customer, describe
from planner.rules import Refs, check_customer
from planner.sketch import Sketch, sketch
from planner.validate import Brief, PlanSet, validate_model


@dataclass
class Result:
    """What one customer file gave: see the module's docstring."""

    name: str
    digest: str
    issues: list[Issue]
    flags: list[Issue]
    brief: Brief | None = None
    targets: CustomerTargets | None = None
    sketch: Sketch | None = None

    def record(self) -> dict[str, Any]:
        """The store's JSON of this result."""
        return {"issues": [_issue_to_json(i) for i in self.issues],
                "flags": [_issue_to_json(i) for i in self.flags],
                "brief": encode(self.brief) if self.brief else None,
                "targets": encode(self.targets) if self.targets else None,
                "sketch": encode(self.sketch) if self.sketch else None}

    @classmethod
    def from_record(cls, name: str, digest: str, record: dict[str, Any]) -> Result:
        """A result as the store kept it."""
        return cls(name, digest, [_issue_from_json(i) for i in record["issues"]],
                   [_issue_from_json(i) for i in record["flags"]],
                   decode(Brief, record["brief"]) if record["brief"] else None,
                   decode(CustomerTargets, record["targets"]) if record["targets"] else None,
                   decode(Sketch, record["sketch"]) if record["sketch"] else None)


def digest_of(path: Path) -> str | None:
    """The sha256 of a file's bytes (None when it cannot be read: reading it says why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_customer(path: Path, name: str, plan: PlanSet, refs: Refs,
                  review: Any) -> tuple[Result, Source | None, Customer | None]:
    """Read, validate, compute and review one customer file against the market and industries
    of `plan` (whose customers are not used). `review(plan, targets, customer)` gives the flags."""
    source, issues = read_source(path, name, recover=True, marks=True)
    digest = source.digest if source else (digest_of(path) or "")
    if source is None:
        return Result(name, digest, issues, []), None, None
    c = validate_model(source, Customer, issues)
    if c is None:
        return Result(name, digest, issues, []), source, None
    alone = PlanSet(plan.root, plan.market, plan.industries, {}, dict(plan.sources))
    issues += check_customer(c, source, refs, alone)
    brief = Brief.of(c, source) if source.bad.ok(("id",)) else None
    if errors_of(issues) or brief is None or review is None or plan.market is None:
        return Result(name, digest, issues, [], brief), source, c
    rows, ct = customer_targets(plan.market, c)
    one = Targets(rows, {c.id: ct}, {}, {}, {}, Group(ct.figures))
    flags = review(alone, one, c)
    source.forget_marks()
    return Result(name, digest, issues, flags, brief, ct, sketch(c)), source, c


class LazyCustomers(Mapping[str, Customer]):
    """Customers' models by id, each read again from its file when asked for (the few most
    recently used are kept): a plan set of 20,000 customers is never all in memory."""

    def __init__(self, sources: dict[str, Source], keep: int = 64):
        self.sources = sources
        self.keep = keep
        self._cache: OrderedDict[str, Customer] = OrderedDict()

    def __getitem__(self, cid: str) -> Customer:
        c = self._cache.get(cid)
        if c is not None:
            self._cache.move_to_end(cid)
            return c
        source = self.sources[cid]
        c = load_model(source)
        self._cache[cid] = c
        if len(self._cache) > self.keep:
            self._cache.popitem(last=False)
        return c

    def __iter__(self) -> Iterator[str]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __contains__(self, cid: object) -> bool:
        return cid in self.sources

    def keep_all(self, ids: list[str]) -> None:
        """Keep at least these customers' models once read (a plan of one industry)."""
        self.keep = max(self.keep, len(ids) + 64)


class FileChanged(Fault):
    """A customer file changed while planner was using it."""


def load_model(source: Source) -> Customer:
    """A customer's model, read again from its file; the file must be what was checked."""
    current_input.set(source.name)
    again, issues = read_source(source.path, source.name)
    if again is None or again.digest != source.digest or errors_of(issues):
        raise FileChanged("file_changed", file=source.name)
    c = validate_model(again, Customer, [])
    if c is None:  # pragma: no cover - the file was valid when checked, and is unchanged
        raise FileChanged("file_changed", file=source.name)
    source.rounded = again.rounded
    return c


def duplicate_issues(results: list[Result]) -> list[Issue]:
    """A customer id used by two files: the first (by id, then file name) keeps it."""
    seen: dict[str, Result] = {}
    out = []
    for r in sorted((r for r in results if r.brief), key=lambda r: (r.brief.id, r.name)):
        b = r.brief
        first = seen.setdefault(b.id, r)
        if first is not r:
            line, col = b.id_at
            out.append(Issue(r.name, line, col, "id", "duplicate_customer",
                             {"got": b.id, "other": first.name}, describe(Customer, ("id",))))
    return out
