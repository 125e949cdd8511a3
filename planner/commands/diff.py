"""`planner diff OLD_DIR NEW_DIR`: what changed between two versions of a plan set."""

from __future__ import annotations

import json
from pathlib import Path

import click

from planner.commands.common import fail, print_issues, print_tables, require_plan_dir
from planner.diff import diff_json, diff_plans, diff_tables
from planner.messages import ui
from planner.owned import NotOwned
from planner.pipeline import analyse


def run(old_dir: Path, new_dir: Path, as_json: bool, xlsx: Path | None, lang: str) -> int:
    """Print the changes (tables or JSON), and write them as a workbook with `xlsx`."""
    for folder in (old_dir, new_dir):
        require_plan_dir(folder, lang)
    results = [(folder, analyse(folder)) for folder in (old_dir, new_dir)]
    for folder, result in results:
        if result.errors:
            click.echo(ui("diff_invalid", lang, path=folder), err=True)
            print_issues(result.errors, lang)
    if any(result.errors for _, result in results):
        return 1
    (a, old), (b, new) = results
    assert old.plan is not None and new.plan is not None
    assert old.targets is not None and new.targets is not None
    units = [old.plan.market.plan.money_unit, new.plan.market.plan.money_unit]
    if units[0] != units[1]:
        fail(ui("diff_units", lang, old=units[0], new=units[1]))
        return 1
    d = diff_plans((str(a), old.plan, old.targets), (str(b), new.plan, new.targets), lang)
    if as_json:
        click.echo(json.dumps(diff_json(d), ensure_ascii=False, indent=2))
    elif d.same:
        click.echo(ui("diff_same", lang, old=a, new=b))
    else:
        print_tables(diff_tables(d, lang), ui("diff_title", lang, old=a, new=b, unit=d.unit)
                     + f" · {ui('diff_count', lang, n=d.count)}")
    if xlsx is not None:
        from planner.render.diffbook import save_workbook

        if xlsx.is_dir():
            fail(ui("not_a_file", lang, path=xlsx))
            return 1
        try:
            save_workbook(xlsx, d, lang)
        except NotOwned as e:  # a file planner did not write is never replaced
            fail(str(e))
            return 1
        click.echo(ui("file_written", lang, path=xlsx), err=True)
    return 0
