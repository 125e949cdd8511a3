"""What several commands print the same way: issues, tables, the check of a plan set folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner.errors import Issue
from planner.messages import ui
from planner.pipeline import Analysis, analyse, analyse_lean
from planner.report import Table


def fail(text: str) -> None:
    """One line on stderr, as 'planner: text'."""
    click.echo(f"planner: {text}", err=True)


def require_plan_dir(path: Path, lang: str) -> None:
    """Exit 2 (usage) when DIR is not a folder."""
    if not path.is_dir():
        fail(ui("not_a_plan_set", lang, path=path))
        sys.exit(2)


def print_issues(issues: list[Issue], lang: str, err: bool = False) -> None:
    """Each issue on its line, red for errors and yellow for warnings on a terminal."""
    color = (sys.stderr if err else sys.stdout).isatty()
    for issue in issues:
        line = issue.format(lang)
        if color:
            line = click.style(line, fg="red" if issue.severity == "error" else "yellow")
        click.echo(line, err=err)


def summary(result: Analysis, lang: str) -> str:
    """'2 errors, 3 warnings' in `lang`."""
    return ", ".join([ui("n_errors", lang, n=len(result.errors)),
                      ui("n_warnings", lang, n=len(result.warnings))])


def valid(plan_dir: Path, lang: str, lean: bool = False) -> Analysis | None:
    """The analysis of a plan set that has no errors; else its errors printed, and None (with
    `lean`, `analyse_lean`'s: for commands that need no customer's model)."""
    require_plan_dir(plan_dir, lang)
    result = analyse_lean(plan_dir) if lean else analyse(plan_dir)
    if result.errors:
        print_issues(result.errors, lang)
        click.echo(f"{ui('check_failed', lang)}: {summary(result, lang)}", err=True)
        return None
    return result


def print_tables(tables: list[Table], caption: str) -> None:
    """Tables on stdout with rich (200 columns wide when not on a terminal)."""
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(caption)
    for t in tables:
        table = RichTable(title=t.title, title_justify="left", show_footer=t.total is not None)
        for i, head in enumerate(t.header):
            footer = t.total[i] if t.total else ""
            table.add_column(head, footer=footer, justify="right" if i >= t.numeric_from
                             else "left", no_wrap=i >= t.numeric_from)
        for row in t.rows:
            table.add_row(*row)
        console.print(table)
