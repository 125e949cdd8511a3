"""Helpers of the fill-in workbook tests: make a workbook, edit it as a user would, import it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from planner.cli import main


def copy_plans(src: Path, dst: Path) -> Path:
    """A copy of a plan set's YAML files (what import may edit)."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".schema", "*.xlsx"))
    return dst


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative name."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run(*args: Any) -> Any:
    """`planner ARGS` in process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def make_workbook(plans: Path, out: Path, *options: str) -> Path:
    """`planner workbook PLANS -o OUT`, which must succeed."""
    result = run("workbook", plans, "-o", out, *options)
    assert result.exit_code == 0, result.output
    return out


def rows(ws: Any, cid: str | None = None) -> list[tuple]:
    """The data rows of a sheet (from row 3), as cell objects; only `cid`'s when given."""
    out = [r for r in ws.iter_rows(min_row=3)]
    return [r for r in out if cid is None or r[0].value == cid]


def column(ws: Any, name: str) -> int:
    """The 0-based position of field `name` (row 2) in a sheet."""
    return [c.value for c in ws[2]].index(name)


def edit(path: Path, out: Path, change: Any) -> Path:
    """Open a workbook with openpyxl, let `change(wb)` edit it, save it as `out`."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(out)
    return out


def set_cell(wb: Any, sheet: str, cid: str, field: str, value: Any, nth: int = 0) -> None:
    """Set field `field` of the nth row of `cid` on `sheet`."""
    ws = wb[sheet]
    rows(ws, cid)[nth][column(ws, field)].value = value


def new_row(wb: Any, sheet: str, values: dict[str, Any]) -> None:
    """Fill the first blank row of `sheet` with `values` (field name -> value)."""
    ws = wb[sheet]
    key = column(ws, next(iter(values)))  # a blank row: the first field given is empty there
    target = next(r for r in rows(ws) if r[0].value is None and r[key].value is None)
    for field, value in values.items():
        target[column(ws, field)].value = value


def clear_row(wb: Any, sheet: str, cid: str, nth: int) -> None:
    """Clear the input cells of a row (a user's way to delete an item)."""
    ws = wb[sheet]
    row = rows(ws, cid)[nth]
    for c, cell in enumerate(row):
        name = ws.cell(2, c + 1).value or ""
        if not name.startswith(("=", "_")):
            cell.value = None
