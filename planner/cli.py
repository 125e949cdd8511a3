"""The `planner` command: parse arguments, call the library, print, exit (contracts.md).

Exit codes: 0 valid, 1 invalid input (or warnings under --strict), 2 usage, 3 internal error.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from planner import __version__
from planner.errors import Issue, current_input
from planner.messages import message, ui
from planner.pipeline import Analysis, analyse
from planner.report import Table, target_tables, targets_json

LANG = click.option("--lang", type=click.Choice(["zh", "en"]),
                    default=lambda: os.environ.get("PLANNER_LANG", "zh"), show_default="zh",
                    help="Language of messages and documents (zh 中文 | en English).")
PLAN_DIR = click.argument("plan_dir", metavar="DIR", type=click.Path(path_type=Path))


def guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Run a command body; any unexpected exception becomes one line and exit code 3."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        lang = kwargs.get("lang", "zh")
        try:
            code = command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as e:  # noqa: BLE001 - the contract: never a traceback
            detail = f"{type(e).__name__}: {e}"[:300]
            text = message("internal_error", "message", lang,
                           {"input": current_input.get() or "-", "detail": detail})
            fix = message("internal_error", "fix", lang, {})
            click.echo(f"planner: {text} — {fix}", err=True)
            code = 3
        sys.exit(code)

    return run


def _plan_dir(path: Path, lang: str) -> None:
    if not path.is_dir():
        click.echo(f"planner: {ui('not_a_plan_set', lang, path=path)}", err=True)
        sys.exit(2)


def _print_issues(issues: list[Issue], lang: str) -> None:
    color = sys.stdout.isatty()
    for issue in issues:
        line = issue.format(lang)
        if color:
            line = click.style(line, fg="red" if issue.severity == "error" else "yellow")
        click.echo(line)


def _summary(result: Analysis, lang: str) -> str:
    parts = [ui("n_errors", lang, n=len(result.errors)),
             ui("n_warnings", lang, n=len(result.warnings))]
    return ", ".join(parts)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
def main() -> None:
    """planner: annual marketing plans of the government & enterprise customer department,
    from YAML plan inputs to Word and Excel (重点客户 / 重点行业 / 市场营销计划)."""


@main.command()
@PLAN_DIR
@click.option("--strict", is_flag=True, help="Warnings (review flags) fail the check too.")
@LANG
@guarded
def check(plan_dir: Path, strict: bool, lang: str) -> int:
    """Validate a plan set: every error, then every warning, with file:line:column and a fix."""
    _plan_dir(plan_dir, lang)
    result = analyse(plan_dir)
    _print_issues(result.issues, lang)
    if result.errors:
        click.echo(f"{ui('check_failed', lang)}: {_summary(result, lang)}", err=True)
        return 1
    plan = result.plan
    assert plan is not None
    click.echo(ui("check_ok", lang, customers=len(plan.customers),
                  industries=len(plan.industries)) + f"; {_summary(result, lang)}", err=True)
    if strict and result.warnings:
        click.echo(ui("strict_failed", lang), err=True)
        return 1
    return 0


@main.command()
@PLAN_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the targets as JSON (contracts.md).")
@LANG
@guarded
def targets(plan_dir: Path, as_json: bool, lang: str) -> int:
    """Show the computed targets: customers, industries, business lines, regions, market."""
    _plan_dir(plan_dir, lang)
    result = analyse(plan_dir)
    if result.errors:
        _print_issues(result.errors, lang)
        click.echo(f"{ui('check_failed', lang)}: {_summary(result, lang)}", err=True)
        return 1
    assert result.plan is not None and result.targets is not None
    if as_json:
        data = targets_json(result.plan, result.targets)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _print_tables(target_tables(result.plan, result.targets, lang),
                  f"{result.plan.market.plan.unit} · {result.plan.market.plan.year} · "
                  f"{ui('money_unit', lang)}: {result.plan.market.plan.money_unit}")
    return 0


@main.command()
@PLAN_DIR
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Output folder (created; replaced whole when the build succeeds).")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False,
                                                               exists=True),
              help="A folder whose files override the shipped templates (any subset).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Render in this many processes (default: all cores).")
@click.option("--force", is_flag=True, help="Render everything, reusing nothing from OUT.")
@LANG
@guarded
def build(plan_dir: Path, out: Path, templates_dir: Path | None, jobs: int | None, force: bool,
          lang: str) -> int:
    """Write every plan of a plan set (Word and Excel) into OUT, with OUT/manifest.json."""
    from planner.build import build as build_plans
    from planner.errors import PlanSetInvalid
    from planner.resources import TemplateError
    from planner.write import OutputError

    _plan_dir(plan_dir, lang)
    try:
        with _progress(lang) as progress:
            result = build_plans(plan_dir, out, templates_dir, lang, jobs, force, progress)
    except PlanSetInvalid as e:
        _print_issues(sorted(e.issues, key=Issue.sort_key), lang)
        click.echo(ui("build_failed", lang, out=out), err=True)
        return 1
    except (OutputError, TemplateError) as e:
        click.echo(f"planner: {e}", err=True)
        return 1
    reused = result.tasks - len(result.rendered)
    click.echo(ui("build_done", lang, n=len(result.outputs), out=out,
                  reused=ui("build_reused", lang, n=reused) if reused else "",
                  warnings=len(result.warnings)), err=True)
    return 0


@contextlib.contextmanager
def _progress(lang: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal, shown once a build has run a second; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    start = time.monotonic()
    bar = Progress("[progress.description]{task.description}", BarColumn(),
                   MofNCompleteColumn(), TimeRemainingColumn(), transient=True,
                   console=_stderr_console())
    task = bar.add_task(ui("building", lang), total=None)
    state = {"shown": False}

    def update(done: int, total: int) -> None:
        if not state["shown"] and time.monotonic() - start > 1.0:
            bar.start()
            state["shown"] = True
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if state["shown"]:
            bar.stop()


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _print_tables(tables: list[Table], caption: str) -> None:
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
