"""`planner init DIR`: a new plan set that passes `planner check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from planner.commands.common import fail
from planner.messages import ui
from planner.scaffold import ScaffoldError, init_plan_set


def run(plan_dir: Path, year: int | None, lang: str) -> int:
    """Write the plan set's files into DIR (new or empty); 1 when DIR holds anything."""
    try:
        files = init_plan_set(plan_dir, year or dt.date.today().year + 1, lang)
    except ScaffoldError as e:
        fail(str(e))
        return 1
    click.echo(ui("init_done", lang, path=plan_dir, n=len(files)), err=True)
    return 0
