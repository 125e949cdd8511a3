"""`planner workbook DIR -o FILE.xlsx`: the fill-in workbook of a plan set's customers."""

from __future__ import annotations

from pathlib import Path

import click

from planner.errors import errors_of, sorted_issues
from planner.fillin.atomic import write_files
from planner.fillin.book import tables_for, write_workbook
from planner.fillin.plans import Selection, check_files, read_plan_files
from planner.messages import ui


def run(plan_dir: Path, out: Path, selection: Selection, new: int, lang: str) -> int:
    """Write the workbook; exit 1 (nothing written) when the plan set has errors."""
    if not plan_dir.is_dir():
        click.echo(f"planner: {ui('not_a_plan_set', lang, path=plan_dir)}", err=True)
        return 2
    if out.is_dir():
        click.echo(f"planner: {ui('not_a_file', lang, path=out)}", err=True)
        return 2
    files, issues = read_plan_files(plan_dir)
    errors = errors_of(issues) or check_files(files)
    if errors:
        for issue in sorted_issues(errors):
            click.echo(issue.format(lang))
        click.echo(ui("check_failed", lang), err=True)
        return 1
    data = write_workbook(files, selection, lang, new)
    write_files({out: data})
    customers = sum(1 for f in files.of("customer") if selection.takes(f))
    click.echo(ui("wb_written", lang, path=out, customers=customers,
                  sheets=len(tables_for(selection)) + 1), err=True)
    return 0
