"""`planner rollover THIS_DIR NEXT_DIR`: next year's plan set from this year's."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.common import fail, print_issues, valid
from planner.messages import ui
from planner.rollover import RolloverError, annual_actuals, roll_over, write_next


def run(this_dir: Path, next_dir: Path, actuals: tuple[Path, ...], lang: str) -> int:
    """Write NEXT_DIR (base from this year's targets, or from `actuals`); 1 on any error."""
    result = valid(this_dir, lang)
    if result is None:
        return 1
    plan = result.plan
    assert plan is not None and result.targets is not None
    annual: dict = {}
    try:
        if actuals:
            from planner.actuals import read_actuals

            found, issues = read_actuals(list(actuals), [str(a) for a in actuals], plan)
            # a customer without actuals keeps its target here (said below), not 0
            print_issues([i for i in issues if i.code != "billing_customer_missing"], lang)
            if found is None:
                return 1
            annual = annual_actuals(found, lang)
        files = roll_over(plan, result.targets, annual, lang)
        write_next(this_dir, next_dir, files, lang)
    except RolloverError as e:
        fail(str(e))
        print_issues(e.issues, lang)
        return 1
    source = ui("rollover_from_actuals", lang, files=", ".join(map(str, actuals))) if actuals \
        else ui("rollover_from_targets", lang)
    click.echo(ui("rollover_done", lang, year=plan.market.plan.year + 1, path=next_dir,
                  customers=len(plan.customers), source=source), err=True)
    missing = [cid for cid in plan.customers if not any(k[0] == cid for k in annual)]
    if actuals and missing:
        click.echo(ui("rollover_without_actuals", lang, n=len(missing), ids=", ".join(missing)),
                   err=True)
    return 0
