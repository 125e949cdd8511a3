"""`planner new customer ID`: one more customer file in a plan set, every field commented."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.common import fail, print_issues, require_plan_dir
from planner.errors import errors_of
from planner.messages import ui
from planner.scaffold import ScaffoldError, new_customer, read_market


def customer(customer_id: str, industry: str, region: str, plan_dir: Path, lang: str) -> int:
    """Add DIR/customers/ID.yaml; 1 when market.yaml has errors or ID cannot be used."""
    require_plan_dir(plan_dir, lang)
    market, issues = read_market(plan_dir)
    if market is None or errors_of(issues):
        print_issues(errors_of(issues), lang)
        click.echo(ui("market_invalid", lang, path=plan_dir), err=True)
        return 1
    try:
        path = new_customer(plan_dir, customer_id, industry, region, market, lang)
    except ScaffoldError as e:
        for line in str(e).splitlines():
            fail(line)
        return 1
    click.echo(ui("new_done", lang, path=path), err=True)
    return 0
