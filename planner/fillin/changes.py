"""What a workbook changes in one plan file: values set or cleared, items added or removed.

Rows are matched to items by their number (序号), which the workbook wrote and the user leaves
alone: a row without one is a new item, an item whose row is gone or cleared is removed. A cell
counts as changed only when it means something else than the file's value (`values.same`).
Each change remembers its cell, so that `check`'s findings on the result point at the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.fillin import spec
from planner.fillin.plans import get
from planner.fillin.sheets import CellIssue, Row
from planner.fillin.spec import Column, Table
from planner.fillin.values import flow_scalar, same, yaml_text
from planner.load import dotted
from planner.model import Strategies

ALIAS_OF = {name: f.alias for name, f in Strategies.model_fields.items() if f.alias}


@dataclass
class FileChanges:
    """The changes to one file, the cell of every value, and what was removed."""

    sets: dict[tuple, Any] = field(default_factory=dict)
    lists: dict[tuple, tuple[set[int], list[str]]] = field(default_factory=dict)
    cells: dict[str, tuple[str, tuple[str, str]]] = field(default_factory=dict)
    keys: dict[str, tuple[str, tuple[str, str]]] = field(default_factory=dict)  # mappings' keys
    removed: list[tuple[str, str]] = field(default_factory=list)  # (cell, what)
    added: int = 0

    @property
    def empty(self) -> bool:
        """Whether nothing changes."""
        return not self.sets and not self.lists


def groups(table: Table) -> list[tuple[tuple, list[Column]]]:
    """The table's columns by the value they fill: `phasing.0..3` fill one list."""
    out: list[tuple[tuple, list[Column]]] = []
    for col in table.columns:
        key = col.key[:-1] if isinstance(col.key[-1], int) else col.key
        if out and out[-1][0] == key and isinstance(col.key[-1], int):
            out[-1][1].append(col)
        else:
            out.append((key, [col]))
    return out


def _compare(old: Any, row: Row, key: tuple, cols: list[Column]) -> tuple[bool, Any]:
    """Whether the row changes the value at `key`, and its new YAML text (None: cleared)."""
    if len(cols) == 1 and not isinstance(cols[0].key[-1], int):
        col = cols[0]
        new = row.texts.get(col.name)
        if same(old, new, col):
            return False, None
        return True, None if new is None else yaml_text(new, col, old)
    olds = old if isinstance(old, list) else []
    news = [row.texts.get(c.name) for c in cols]
    if all(n is None for n in news):
        return old is not None, None
    unchanged = len(olds) == len(cols) and all(same(o, n, c) for o, n, c in zip(olds, news, cols))
    if unchanged:
        return False, None
    return True, [yaml_text(n, c, o) for o, n, c in
                  zip(olds + [None] * len(cols), news, cols) if n is not None]


def _note(ch: FileChanges, path: tuple, row: Row, col: Column) -> None:
    ch.cells[dotted(path)] = (row.ref(col.name), col.label)


def _item_text(row: Row, table: Table) -> str:
    """A new item as flow YAML, its keys in the model's order."""
    parts = []
    for key, cols in groups(table):
        ok, text = _compare(None, row, key, cols)
        if ok and text is not None:
            value = "[" + ", ".join(text) + "]" if isinstance(text, list) else text
            parts.append(f"{'.'.join(map(str, key))}: {value}")
    return "{" + ", ".join(parts) + "}"


def single(table: Table, rows: list[Row], data: dict, ch: FileChanges,
           issues: list[CellIssue], fid: str) -> None:
    """The one row of a file in a single table."""
    if len(rows) > 1:
        issues.append(CellIssue(rows[1].ref("_id"), None, "wb_duplicate_row",
                                {"id": fid, "first": rows[0].number}))
    # a row left blank is not read: its values are cleared (sections absent stay absent)
    row = rows[0] if rows else Row(table, table.name("zh"), 0, {}, {"": table.name("zh")})
    for key, cols in groups(table):
        path = table.path + key
        _note(ch, path, row, cols[0])
        changed, text = _compare(get(data, path), row, key, cols)
        if changed:
            ch.sets[path] = text


def _numbered(rows: list[Row], count: int, issues: list[CellIssue]) -> tuple[dict[int, Row],
                                                                               list[Row]]:
    """Rows by the item they stand for (0-based), and the new rows."""
    by_item: dict[int, Row] = {}
    new = []
    for row in rows:
        n = row.texts.get("_item")
        if n is None:
            new.append(row)
            continue
        try:
            i = int(float(n)) - 1
        except ValueError:
            i = -1
        if not 0 <= i < count:
            issues.append(CellIssue(row.ref("_item"), spec.ITEM_LABEL, "wb_bad_item",
                                    {"got": n, "count": count}))
        elif i in by_item:
            issues.append(CellIssue(row.ref("_item"), spec.ITEM_LABEL, "wb_duplicate_item",
                                    {"got": n, "first": by_item[i].number}))
        else:
            by_item[i] = row
    return by_item, new


def items(table: Table, path: tuple, rows: list[Row], data: dict, ch: FileChanges,
          issues: list[CellIssue], describe: Any) -> None:
    """A list of a file: items kept (their values compared), removed and added."""
    raw = get(data, path)
    old = raw if isinstance(raw, list) else ([] if raw is None else [raw])
    by_item, new_rows = _numbered(rows, len(old), issues)
    kept = [i for i in range(len(old)) if i in by_item and any(by_item[i].inputs().values())]
    gone = {i for i in range(len(old)) if i not in kept}
    texts_shape = table.shape == "texts"
    whole = not isinstance(raw, list)  # absent, or one text written without a list
    final: list[Any] = []
    for j, i in enumerate(kept):
        row = by_item[i]
        if texts_shape:
            col = spec.slots(table)[-1].column
            assert col is not None
            _note(ch, path + (j,), row, col)
            changed, text = _compare(old[i], row, ("text",), [col])
            final.append(text if changed else flow_scalar(old[i]))
            if changed and not whole:
                ch.sets[path + (i,)] = text
            continue
        for key, cols in groups(table):
            _note(ch, path + (j,) + key, row, cols[0])
            changed, text = _compare(get(old[i], key), row, key, cols)
            if changed:
                ch.sets[path + (i,) + key] = text
    for i in sorted(gone):
        ch.removed.append((by_item[i].ref("_item") if i in by_item else table.name("zh"),
                           describe(table, path, old[i])))
    added = []
    for k, row in enumerate(new_rows, start=len(kept)):
        if texts_shape:
            col = spec.slots(table)[-1].column
            assert col is not None
            _note(ch, path + (k,), row, col)
            added.append(yaml_text(row.texts.get("_text") or "", col))
        else:
            for key, cols in groups(table):
                _note(ch, path + (k,) + key, row, cols[0])
            ch.cells[dotted(path + (k,))] = (row.ref(), spec.path_label(table.kind, path))
            added.append(_item_text(row, table))
    ch.added += len(added)
    if whole:
        if gone or added or final != [flow_scalar(x) for x in old]:
            ch.sets[path] = (final + added) if (final or added) else None
    elif gone or added:
        ch.lists[path] = (gone, added)


def mapping(table: Table, path: tuple, rows: list[Row], data: dict, ch: FileChanges,
            issues: list[CellIssue]) -> None:
    """A mapping of a file shown as rows of key and value (voice, strategies, guidance)."""
    raw = get(data, path)
    old = raw if isinstance(raw, dict) else {}
    shown = {ALIAS_OF.get(k, k): k for k in old}  # strategies: `price:` is 价格
    col, key_col = table.columns[0], table.key
    assert key_col is not None
    seen: dict[str, Row] = {}
    for row in rows:
        key = row.texts.get("_key")
        if key is None:
            issues.append(CellIssue(row.ref("_key"), key_col.label, "wb_key_missing", {}))
            continue
        if key in seen:
            issues.append(CellIssue(row.ref("_key"), key_col.label, "wb_duplicate_key",
                                    {"got": key, "first": seen[key].number}))
            continue
        seen[key] = row
        file_key = shown.get(key, key)
        ch.cells[dotted(path + (file_key,))] = (row.ref(col.name), col.label)
        ch.keys[dotted(path + (file_key,))] = (row.ref("_key"), key_col.label)
        changed, text = _compare(old.get(file_key), row, (col.name,), [col])
        if changed:
            ch.sets[path + (file_key,)] = text
    for key, file_key in shown.items():
        if key not in seen:
            ch.sets[path + (file_key,)] = None
            ch.removed.append((table.name("zh"), f"{'.'.join(path)}.{file_key}"))
