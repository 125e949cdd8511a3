"""`planner targets DIR`: the computed targets as tables, or as JSON (contracts.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from planner.commands.common import print_tables, valid
from planner.messages import ui
from planner.report import target_tables
from planner.report.json import targets_parts, write_readable


def run(plan_dir: Path, as_json: bool, lang: str) -> int:
    """Print the targets of a valid plan set; 1 with its errors otherwise."""
    result = valid(plan_dir, lang, lean=True)
    if result is None:
        return 1
    assert result.plan is not None and result.targets is not None
    if as_json:
        write_readable(targets_parts(result.plan, result.targets, text=True),
                       sys.stdout.write)
        sys.stdout.flush()
        return 0
    plan = result.plan.market.plan
    print_tables(target_tables(result.plan, result.targets, lang),
                 f"{plan.unit} · {plan.year} · {ui('money_unit', lang)}: {plan.money_unit}")
    return 0
