"""`planner build DIR -o OUT`: every plan of a plan set into OUT, with a progress bar."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click

from planner.build import PDF_STAGE, Progress, build
from planner.commands.common import fail, print_issues, require_plan_dir
from planner.errors import Issue, PlanSetInvalid
from planner.messages import ui
from planner.pdf import PdfError
from planner.resources import TemplateError
from planner.write import OutputError


def run(plan_dir: Path, out: Path, templates_dir: Path | None, jobs: int | None, force: bool,
        lang: str, pdf: bool = False) -> int:
    """Build, then say what was written; 1 with the errors when the plan set or OUT is bad."""
    require_plan_dir(plan_dir, lang)
    try:
        with progress_bar(lang) as progress:
            result = build(plan_dir, out, templates_dir, lang, jobs, force, progress, pdf)
    except PlanSetInvalid as e:
        print_issues(sorted(e.issues, key=Issue.sort_key), lang)
        click.echo(ui("build_failed", lang, out=out), err=True)
        return 1
    except (OutputError, TemplateError, PdfError) as e:
        fail(e.text(lang))
        return 1
    reused = result.tasks - len(result.rendered)
    click.echo(ui("build_done", lang, n=len(result.outputs), out=out,
                  reused=ui("build_reused", lang, n=reused) if reused else "",
                  warnings=len(result.warnings)), err=True)
    return 0


@contextlib.contextmanager
def progress_bar(lang: str) -> Iterator[Progress | None]:
    """A progress bar on a terminal, shown once a build has run a second, for the documents and
    then for the PDFs (--pdf); nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    start = time.monotonic()
    bar = Progress("[progress.description]{task.description}", BarColumn(),
                   MofNCompleteColumn(), TimeRemainingColumn(), transient=True,
                   console=Console(stderr=True))
    task = bar.add_task(ui("building", lang), total=None)
    state = {"shown": False}

    def update(done: int, total: int, stage: str) -> None:
        if not state["shown"] and time.monotonic() - start > 1.0:
            bar.start()
            state["shown"] = True
        what = ui("converting_pdf" if stage == PDF_STAGE else "building", lang)
        bar.update(task, completed=done, total=total, description=what)

    try:
        yield update
    finally:
        if state["shown"]:
            bar.stop()
