"""`planner review DIR --actuals FILE --through Q2`: plan against actual revenue."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from planner.actuals import Options
from planner.business_review import ActualsInvalid, run_review, write_review
from planner.commands.common import fail, print_issues, require_plan_dir
from planner.errors import PlanSetInvalid, sorted_issues
from planner.messages import ui
from planner.resources import TemplateError
from planner.write import OutputError


def quarter(through: str, lang: str) -> int | None:
    """'Q2', '2', '2026Q2' -> 2; None (said on stderr) for anything else."""
    m = re.fullmatch(r"(?:\d{4}\s*-?\s*)?[Qq]?([1-4])", through.strip())
    if not m:
        fail(ui("review_bad_through", lang, got=through))
        return None
    return int(m.group(1))


def rate(threshold: str, lang: str) -> Decimal | None:
    """'0.9' or '90%' -> Decimal('0.9'); None (said on stderr) outside 0..1."""
    try:
        text = threshold.strip().replace("％", "%")
        value = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        if not 0 <= value <= 1:
            raise InvalidOperation
    except InvalidOperation:
        fail(ui("review_bad_threshold", lang, got=threshold))
        return None
    return value


def run(plan_dir: Path, actuals: tuple[Path, ...], through: str, out: Path | None,
        as_json: bool, threshold: str, options: Options, templates_dir: Path | None,
        lang: str) -> int:
    """Review the plan set against the actuals: documents in OUT and/or JSON on stdout."""
    require_plan_dir(plan_dir, lang)
    q = quarter(through, lang)
    r = rate(threshold, lang) if q is not None else None
    if q is None or r is None:
        return 2
    if out is None and not as_json:
        fail(ui("review_no_output", lang))
        return 2
    try:
        review = run_review(plan_dir, list(actuals), q, r, options)
    except PlanSetInvalid as e:
        print_issues(sorted_issues(e.issues), lang, err=True)
        click.echo(f"{ui('check_failed', lang)}; {ui('review_failed', lang, out=out or '-')}",
                   err=True)
        return 1
    except ActualsInvalid as e:
        print_issues(sorted_issues(e.issues), lang, err=True)
        click.echo(f"{ui('review_actuals_failed', lang)}; "
                   f"{ui('review_failed', lang, out=out or '-')}", err=True)
        return 1
    print_issues(sorted_issues(review.warnings), lang, err=True)
    for s in review.actuals.sources:
        click.echo(ui("actuals_read", lang, file=s.file, sheet=f" [{s.sheet}]" if s.sheet else "",
                      rows=s.rows, skipped=s.skipped, unit=s.unit,
                      columns=", ".join(s.columns.values())), err=True)
    if out is not None:
        try:
            outputs = write_review(review, out, templates_dir, lang)
        except (OutputError, TemplateError) as e:
            fail(e.text(lang))
            return 1
        click.echo(ui("review_done", lang, n=len(outputs), out=out,
                      flags=len(review.review.flags)), err=True)
    if as_json:
        from planner.report.review_json import review_json

        data = review_json(review.plan, review.review, review.actuals, lang)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    return 0
