"""`planner check DIR`: every error, then every warning, with file:line:column and a fix."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.common import print_issues, require_plan_dir, summary
from planner.messages import ui
from planner.pipeline import analyse_lean


def run(plan_dir: Path, strict: bool, lang: str) -> int:
    """Validate a plan set; 1 when it has errors (or warnings under `strict`)."""
    require_plan_dir(plan_dir, lang)
    result = analyse_lean(plan_dir)
    print_issues(result.issues, lang)
    if result.errors:
        click.echo(f"{ui('check_failed', lang)}: {summary(result, lang)}", err=True)
        return 1
    plan = result.plan
    assert plan is not None
    click.echo(ui("check_ok", lang, customers=len(plan.customers),
                  industries=len(plan.industries)) + f"; {summary(result, lang)}", err=True)
    if strict and result.warnings:
        click.echo(ui("strict_failed", lang), err=True)
        return 1
    return 0
