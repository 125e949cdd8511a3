"""`planner import FILE.xlsx DIR [--dry-run]`: a fill-in workbook's values back into the files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner.fillin.atomic import write_files
from planner.fillin.importer import ImportPlan, plan_import
from planner.messages import ui
from planner.pipeline import analyse


def _echo_issues(plan: ImportPlan, lang: str) -> None:
    for issue in plan.issues:
        line = issue.format(lang)
        if sys.stderr.isatty():
            line = click.style(line, fg="red" if issue.severity == "error" else "yellow")
        click.echo(line, err=True)


def _summary(plan: ImportPlan, lang: str) -> None:
    """Per file: values changed, items added, items removed (each named)."""
    for name, changes in plan.changes.items():
        if name in plan.new_files:
            click.echo(ui("imp_new_file", lang, file=name))
        elif not changes.empty:
            click.echo(ui("imp_file", lang, file=name, values=len(changes.sets),
                          added=changes.added, removed=len(changes.removed)))
        for ref, what in changes.removed:
            click.echo(f"  - {ui('imp_removed', lang)} {what} ({ref})")


def _lines(plan: ImportPlan) -> None:
    """The lines each changed file would have changed (new files: only named)."""
    import difflib

    for name, text in plan.texts.items():
        f = plan.original(name)
        if f is None:
            continue
        diff = difflib.unified_diff(f.text.splitlines(), text.splitlines(), f"a/{name}",
                                    f"b/{name}", n=0, lineterm="")
        for line in diff:
            click.echo(line)


def _diff(plan: ImportPlan, lang: str) -> None:
    """What the import changes in the targets, as `planner diff` shows it."""
    from planner.commands.common import print_tables
    from planner.diff import diff_plans, diff_tables

    before = analyse(plan.root)
    after = plan.after
    if before.plan is None or after is None or after.plan is None:
        return
    d = diff_plans((str(plan.root), before.plan, before.targets),  # type: ignore[arg-type]
                   (ui("imp_after", lang), after.plan, after.targets),  # type: ignore[arg-type]
                   lang)
    if not d.same:
        print_tables(diff_tables(d, lang), ui("diff_title", lang, old=plan.root,
                                               new=ui("imp_after", lang), unit=d.unit))


def run(xlsx: Path, plan_dir: Path, dry_run: bool, lang: str) -> int:
    """Import the workbook into the plan set (or, with `dry_run`, only say what would change)."""
    if not plan_dir.is_dir():
        click.echo(f"planner: {ui('not_a_plan_set', lang, path=plan_dir)}", err=True)
        return 2
    if not xlsx.is_file():
        click.echo(f"planner: {ui('imp_no_file', lang, path=xlsx)}", err=True)
        return 2
    plan = plan_import(xlsx, plan_dir, lang)
    _echo_issues(plan, lang)
    if plan.errors:
        click.echo(ui("imp_failed", lang, n=len(plan.errors), path=plan_dir), err=True)
        return 1
    if not plan.texts:
        click.echo(ui("imp_nothing", lang), err=True)
        return 0
    _summary(plan, lang)
    _diff(plan, lang)
    if plan.after is not None and plan.after.warnings:  # review flags do not stop an import
        click.echo(ui("imp_flags", lang, n=len(plan.after.warnings), path=plan_dir), err=True)
    if dry_run:
        _lines(plan)
        click.echo(ui("imp_dry_run", lang, n=len(plan.texts)), err=True)
        return 0
    data = {}
    for name, text in plan.texts.items():
        old = plan.original(name)
        raw = text.encode("utf-8")
        data[plan_dir / name] = (b"\xef\xbb\xbf" + raw) if old and old.bom else raw
    try:
        write_files(data)
    except OSError as e:
        click.echo(f"planner: {ui('imp_write_failed', lang, reason=e.strerror or e)}", err=True)
        return 1
    if plan.new_files and not (plan_dir / ".schema").exists():
        from planner.scaffold import write_schemas

        write_schemas(plan_dir, lang)
    click.echo(ui("imp_done", lang, n=len(plan.texts), path=plan_dir), err=True)
    return 0
