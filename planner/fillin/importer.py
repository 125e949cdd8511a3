"""Take a fill-in workbook back into its plan set: every change, checked before anything is written.

The new texts are checked as `planner check` checks a plan set (in a copy of the plan set's
files in a temporary folder), and each finding on a value from the workbook points at its cell.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import Issue, errors_of
from planner.fillin import changes as ch
from planner.fillin import spec
from planner.fillin.book import tables_for
from planner.fillin.newfile import new_customer_text, scaffolded_customer
from planner.fillin.plans import PlanFile, PlanFiles, Selection, read_plan_files
from planner.fillin.sheets import CellIssue, Row, Workbook, read_workbook
from planner.fillin.spec import Table
from planner.load import plan_files
from planner.model import ID_PATTERN
from planner.pipeline import Analysis, analyse


@dataclass
class ImportPlan:
    """What an import would do: the new texts by file, the changes, and every problem."""

    root: Path
    texts: dict[str, str] = field(default_factory=dict)  # name in the plan set -> new text
    changes: dict[str, ch.FileChanges] = field(default_factory=dict)
    new_files: list[str] = field(default_factory=list)
    issues: list[Any] = field(default_factory=list)  # CellIssue, or Issue of a file
    files: PlanFiles | None = None
    after: Analysis | None = None

    def original(self, name: str) -> PlanFile | None:
        """The file `name` as it is now (None for a new file)."""
        files = self.files.files.values() if self.files else ()
        return next((f for f in files if f.name == name), None)

    @property
    def errors(self) -> list[Any]:
        """The errors: with any, nothing is written."""
        return [i for i in self.issues if i.severity == "error"]


def _describe(table: Table, path: tuple, item: Any) -> str:
    """'商机: 智慧网点SD-WAN改造' — a removed item, by its sheet and first text."""
    if isinstance(item, dict):
        first = next((str(v) for v in item.values() if isinstance(v, str)), "")
    else:
        first = str(item)
    return f"{table.name('zh')}: {first[:40]}"


def _by_field(table: Table, rows: list[Row], issues: list[CellIssue]) -> dict[tuple, list[Row]]:
    """A texts or dict table's rows by the list or mapping they belong to."""
    out: dict[tuple, list[Row]] = {p: [] for p in table.paths}
    names = {}
    for p in table.paths:
        zh, en = spec.path_label(table.kind, p)
        names.update({zh: p, en: p, ".".join(p): p})
    for row in rows:
        if len(table.paths) == 1:
            out[table.paths[0]].append(row)
            continue
        f = row.texts.get("_field")
        if f not in names:
            issues.append(CellIssue(row.ref("_field"), spec.FIELD_LABEL, "wb_bad_field",
                                    {"got": f or "", "choices": "、".join(
                                        spec.path_label(table.kind, p)[0] for p in table.paths)}))
        else:
            out[names[f]].append(row)
    return out


def file_changes(f_data: dict, tables: list[Table], rows: dict[tuple[Table, str], list[Row]],
                 fid: str, issues: list[CellIssue]) -> ch.FileChanges:
    """The changes the workbook's rows of file `fid` make to its data."""
    out = ch.FileChanges()
    for table in tables:
        mine = rows.get((table, fid), [])
        if table.shape == "single":
            ch.single(table, mine, f_data, out, issues, fid)
        elif table.shape == "list":
            ch.items(table, table.path, mine, f_data, out, issues, _describe)
        else:
            for path, part in _by_field(table, mine, issues).items():
                if table.shape == "texts":
                    ch.items(table, path, part, f_data, out, issues, _describe)
                else:
                    ch.mapping(table, path, part, f_data, out, issues)
    return out


def plan_import(xlsx: Path, root: Path, lang: str = "zh") -> ImportPlan:
    """Read the workbook, work out every file's new text, and check the result."""
    from planner.fillin.edit import apply_edits

    result = ImportPlan(root)
    book = read_workbook(xlsx)
    result.issues += sorted(book.issues, key=CellIssue.sort_key)
    if errors_of(book.issues):  # type: ignore[arg-type]
        return result
    files, found = read_plan_files(root)
    result.files = files
    result.issues += errors_of(found)
    covered = _covered(book, files, result.issues)
    kinds = {f.kind for f in covered}
    tables = [t for t in tables_for(Selection()) if t.kind in kinds | {"customer"}]
    for t in tables:
        if t not in book.rows:
            result.issues.append(CellIssue(t.name(book.lang), None, "wb_sheet_missing",
                                           {"sheet": t.name(book.lang)}))
    if result.errors:
        return result
    issues: list[CellIssue] = []
    roster = book.rows.get(spec.CUSTOMER_TABLES[0], [])
    new_ids = _check_ids(book, files, covered, roster, issues)
    by_file: dict[tuple[Table, str], list[Row]] = {}
    for table, table_rows in book.rows.items():
        for r in table_rows:
            by_file.setdefault((table, r.file_id or ""), []).append(r)
    for f in covered:
        mine = [t for t in tables if t.kind == f.kind]
        changes = file_changes(f.data, mine, by_file, f.id, issues)
        result.changes[f.name] = changes
        if not changes.empty:
            result.texts[f.name] = apply_edits(f.text, changes.sets, changes.lists)
    for cid in new_ids:
        name = f"customers/{cid}.yaml"
        mine = [t for t in tables if t.kind == "customer"]
        changes = file_changes({}, mine, by_file, cid, issues)
        result.changes[name] = changes
        result.texts[name] = new_customer_text(cid, changes)
        result.new_files.append(name)
    result.issues += issues
    if not result.errors:
        _check(result)
    if new_ids and not result.errors and result.after and result.after.plan:
        # checked as typed; written as `planner new customer` writes a file: every field,
        # with its label and description in a comment
        for cid in new_ids:
            model = result.after.plan.customers[cid]
            result.texts[f"customers/{cid}.yaml"] = scaffolded_customer(model, lang)
        _check(result)
    result.issues.sort(key=CellIssue.sort_key)
    return result


def _covered(book: Workbook, files: PlanFiles, issues: list) -> list[PlanFile]:
    """The files the workbook was made from, each as it was then."""
    out = []
    for name, digest, kind, fid in book.covered:
        f = files.files.get((kind, fid))
        if f is None:
            issues.append(CellIssue(name, None, "wb_file_gone", {"file": name}))
        elif f.digest != digest:
            issues.append(CellIssue(name, None, "wb_file_changed", {"file": name}))
        else:
            out.append(f)
    return out


def _check_ids(book: Workbook, files: PlanFiles, covered: list[PlanFile], roster: list[Row],
               issues: list[CellIssue]) -> list[str]:
    """New customer ids of the roster; every row's id must be a covered or a new one."""
    ids = {(f.kind, f.id) for f in covered}
    listed = {r.file_id for r in roster}
    for f in covered:
        if f.kind == "customer" and f.id not in listed:
            issues.append(CellIssue(spec.CUSTOMER_TABLES[0].name(book.lang), None,
                                    "wb_customer_gone", {"id": f.id}))
    new = []
    for r in roster:
        cid = r.file_id or ""
        if ("customer", cid) in ids or cid in new:
            continue
        if ("customer", cid) in files.files:
            issues.append(CellIssue(r.ref("_id"), spec.ID_LABELS["customer"], "wb_not_covered",
                                    {"id": cid}))
        elif not re.fullmatch(ID_PATTERN, cid):  # it names the new file: checked first
            issues.append(CellIssue(r.ref("_id"), spec.ID_LABELS["customer"], "id_pattern",
                                    {"got": cid}))
        elif (Path(files.root) / "customers" / f"{cid}.yaml").exists():
            issues.append(CellIssue(r.ref("_id"), spec.ID_LABELS["customer"], "wb_file_exists",
                                    {"file": f"customers/{cid}.yaml"}))
        else:
            new.append(cid)
    for table, rows in book.rows.items():
        if table.kind == "market" or spec.is_roster(table):
            continue
        for r in rows:
            if r.file_id is None:
                issues.append(CellIssue(r.ref("_id"), spec.ID_LABELS[table.kind],
                                        "wb_id_missing", {}))
            elif (table.kind, r.file_id) not in ids and r.file_id not in new:
                issues.append(CellIssue(r.ref("_id"), spec.ID_LABELS[table.kind],
                                        "wb_unknown_id", {"id": r.file_id}))
    return new


def _check(result: ImportPlan) -> None:
    """Check the plan set as it would be, in a temporary copy; findings point at cells."""
    root = result.root
    with tempfile.TemporaryDirectory(prefix="planner-import-") as tmp:
        copy = Path(tmp)
        for path in [root / "market.yaml", *plan_files(root / "industries"),
                     *plan_files(root / "customers")]:
            if path.is_file():
                target = copy / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        for name, text in result.texts.items():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_text(text, encoding="utf-8")
        after = analyse(copy)
    result.after = after
    for issue in after.errors:
        result.issues.append(_at_cell(issue, result))


def _at_cell(issue: Issue, result: ImportPlan) -> Any:
    """A finding of `check` on the new text, at the workbook cell its value came from."""
    name = next((n for n in [*result.changes, *result.texts]
                 if issue.file == n or issue.file.endswith("/" + n)), None)
    changes = result.changes.get(name) if name else None
    if changes is not None:
        path = issue.field
        if issue.code == "unknown_ref" and path in changes.keys:  # a key not in the catalog
            ref, label = changes.keys[path]
            return CellIssue(ref, label, issue.code, issue.params)
        while path:
            if path in changes.cells:
                ref, label = changes.cells[path]
                if issue.code in ("missing", "empty_value") and path == issue.field:
                    return CellIssue(ref, label, "wb_missing", {})
                # at its own cell, the column's label says what the cell is (the row is the item)
                return CellIssue(ref, label if path == issue.field else issue.label or label,
                                 issue.code, issue.params)
            path = path.rsplit("[", 1)[0] if path.endswith("]") else path.rpartition(".")[0]
    shown = name or issue.file
    return CellIssue(f"{shown}:{issue.line}", issue.label, issue.code, issue.params)
