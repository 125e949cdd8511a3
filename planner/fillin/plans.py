"""The plan files a fill-in workbook covers, as written: text, plain data and digest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import Issue
from planner.load import RawPlanSet, Source, plan_files, read_source


@dataclass
class PlanFile:
    """One plan file: its kind and id, its name relative to the plan set, text and data."""

    kind: str  # customer | industry | market
    id: str
    name: str  # e.g. customers/jz-icbc.yaml
    path: Path
    text: str
    data: dict[str, Any]
    digest: str
    bom: bool = False
    source: Source | None = field(default=None, repr=False)


@dataclass
class Selection:
    """Which customers (and whether the industry and market sections) a workbook holds."""

    customers: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    manager: str | None = None

    @property
    def everything(self) -> bool:
        """No filter: every customer, industry and the market."""
        return not (self.customers or self.industries or self.regions or self.manager)

    def takes(self, f: PlanFile) -> bool:
        """Whether file `f` belongs in the workbook."""
        if f.kind == "market":
            return self.everything
        if f.kind == "industry":
            return self.everything or f.id in self.industries
        d = f.data
        return ((not self.customers or f.id in self.customers)
                and (not self.industries or d.get("industry") in self.industries)
                and (not self.regions or d.get("region") in self.regions)
                and (self.manager is None or str(d.get("manager") or "").strip()
                     == self.manager.strip()))


@dataclass
class PlanFiles:
    """The plan set's files by (kind, id), in the order of their names."""

    root: Path
    files: dict[tuple[str, str], PlanFile] = field(default_factory=dict)

    def of(self, kind: str) -> list[PlanFile]:
        """The files of one kind."""
        return [f for (k, _), f in self.files.items() if k == kind]


def read_plan_files(root: Path) -> tuple[PlanFiles, list[Issue]]:
    """Every plan file of `root` with its text; issues for files that do not load."""
    out = PlanFiles(root)
    issues: list[Issue] = []
    paths = [("market", root / "market.yaml")]
    paths += [("industry", p) for p in plan_files(root / "industries")]
    paths += [("customer", p) for p in plan_files(root / "customers")]
    for kind, path in paths:
        if not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        source, found = read_source(path, name)
        issues += found
        if source is None:
            continue
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw[3 if bom else 0:].decode("utf-8")
        data = source.data
        key = {"market": "market", "industry": str(data.get("industry") or path.stem),
               "customer": str(data.get("id") or path.stem)}[kind]
        out.files[(kind, key)] = PlanFile(kind, key, name, path, text, data,
                                          hashlib.sha256(raw).hexdigest(), bom, source)
    return out, issues


def check_files(files: PlanFiles) -> list[Issue]:
    """The errors `check` finds in the files read (validated once, without computing)."""
    from planner.validate import validate_plan_set

    def sources(kind: str) -> list[Source]:
        return [f.source for f in files.of(kind) if f.source is not None]

    market = sources("market")
    raw = RawPlanSet(files.root, market[0] if market else None, sources("industry"),
                     sources("customer"))
    issues = [] if market else [Issue("market.yaml", 1, 1, "", "market_missing")]
    _, found = validate_plan_set(raw)
    return issues + [i for i in found if i.severity == "error"]


def get(data: Any, path: tuple) -> Any:
    """The value at `path` (keys and list positions) in plain data, or None."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
    return data
