"""`planner workbook DIR -o FILE.xlsx`: the fill-in workbook of a plan set's customers."""

from __future__ import annotations

from pathlib import Path

import click

from planner.errors import errors_of, sorted_issues
from planner.fillin.atomic import write_files
from planner.fillin.book import tables_for, write_workbook
from planner.fillin.plans import PlanFiles, Selection, check_files, read_plan_files
from planner.messages import ui


def run(plan_dir: Path, out: Path, selection: Selection, new: int, lang: str) -> int:
    """Write the workbook; exit 1 (nothing written) when the plan set has errors."""
    if not plan_dir.is_dir():
        click.echo(f"planner: {ui('not_a_plan_set', lang, path=plan_dir)}", err=True)
        return 2
    if out.is_dir():
        click.echo(f"planner: {ui('not_a_file', lang, path=out)}", err=True)
        return 2
    files, issues = read_plan_files(plan_dir)
    errors = errors_of(issues) or check_files(files)
    if errors:
        for issue in sorted_issues(errors):
            click.echo(issue.format(lang))
        click.echo(ui("check_failed", lang), err=True)
        return 1
    unknown = _unknown(files, selection, lang)
    if unknown:
        for line in unknown:
            click.echo(f"planner: {line}", err=True)
        return 1
    data = write_workbook(files, selection, lang, new)
    write_files({out: data})
    customers = sum(1 for f in files.of("customer") if selection.takes(f))
    click.echo(ui("wb_written", lang, path=out, customers=customers,
                  sheets=len(tables_for(selection)) + 1), err=True)
    return 0


def _unknown(files: PlanFiles, selection: Selection, lang: str) -> list[str]:
    """An id of --customer, --industry or --region the plan set does not have, with the
    closest one it has."""
    from planner.validate import _choice_hint

    market = files.files.get(("market", "market"))
    cat = (market.data.get("catalog") if market else None) or {}
    known = {"customer": [f.id for f in files.of("customer")],
             "industry": [str(e.get("id")) for e in cat.get("industries") or []],
             "region": [str(e.get("id")) for e in cat.get("regions") or []]}
    given = {"customer": selection.customers, "industry": selection.industries,
             "region": selection.regions}
    out = []
    for kind, ids in given.items():
        for got in ids:
            if got not in known[kind]:
                hint = _choice_hint(got, known[kind])
                out.append(ui("wb_unknown_filter", lang, option=kind, got=got,
                              hint=hint[1] if lang == "en" else hint[0]))
    return out
