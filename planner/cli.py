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


def _valid(plan_dir: Path, lang: str) -> Analysis | None:
    """The analysis of a plan set that has no errors; else its errors printed, and None."""
    _plan_dir(plan_dir, lang)
    result = analyse(plan_dir)
    if result.errors:
        _print_issues(result.errors, lang)
        click.echo(f"{ui('check_failed', lang)}: {_summary(result, lang)}", err=True)
        return None
    return result


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
    result = _valid(plan_dir, lang)
    if result is None:
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


# ---------------------------------------------------------------- init, new, schema, diff, rollover

@main.command()
@click.argument("plan_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100), default=None,
              help="Plan year (default: next calendar year).")
@LANG
@guarded
def init(plan_dir: Path, year: int | None, lang: str) -> int:
    """Start a plan set in DIR (new or empty): market.yaml, one industry, one customer, every
    field commented, and the JSON Schemas an editor uses (DIR/.schema)."""
    import datetime as dt

    from planner.scaffold import ScaffoldError, init_plan_set

    try:
        files = init_plan_set(plan_dir, year or dt.date.today().year + 1, lang)
    except ScaffoldError as e:
        click.echo(f"planner: {e}", err=True)
        return 1
    click.echo(ui("init_done", lang, path=plan_dir, n=len(files)), err=True)
    return 0


@main.group(context_settings={"help_option_names": ["-h", "--help"]})
def new() -> None:
    """Add a plan file to a plan set."""


@new.command("customer")
@click.argument("customer_id", metavar="ID")
@click.option("--industry", required=True, help="Industry id of the catalog in market.yaml.")
@click.option("--region", required=True, help="Region id of the catalog in market.yaml.")
@click.argument("plan_dir", metavar="[DIR]", default=".", type=click.Path(path_type=Path))
@LANG
@guarded
def new_customer(customer_id: str, industry: str, region: str, plan_dir: Path, lang: str) -> int:
    """Add DIR/customers/ID.yaml, every field commented (DIR defaults to the current folder)."""
    from planner.errors import errors_of
    from planner.scaffold import ScaffoldError, read_market
    from planner.scaffold import new_customer as write_customer

    _plan_dir(plan_dir, lang)
    market, issues = read_market(plan_dir)
    if market is None or errors_of(issues):
        _print_issues(errors_of(issues), lang)
        click.echo(ui("market_invalid", lang, path=plan_dir), err=True)
        return 1
    try:
        path = write_customer(plan_dir, customer_id, industry, region, market, lang)
    except ScaffoldError as e:
        for line in str(e).splitlines():
            click.echo(f"planner: {line}", err=True)
        return 1
    click.echo(ui("new_done", lang, path=path), err=True)
    return 0


@main.command("schema")
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="A .json file (one schema for every plan file), or a folder "
                   "(market.json, industry.json, customer.json). Default: print to stdout.")
@click.option("--kind", type=click.Choice(["market", "industry", "customer"]), default=None,
              help="Only the schema of this file kind.")
@LANG
@guarded
def schema_command(out: Path | None, kind: str | None, lang: str) -> int:
    """The JSON Schema of the plan files, for editors (see README, "Editing with a schema")."""
    from planner.schema import schema_text, write_schema_files

    if out is None:
        click.echo(schema_text(kind, lang), nl=False)
        return 0
    written = write_schema_files(out, kind, lang)
    click.echo(ui("schema_written", lang, files=", ".join(map(str, written))), err=True)
    return 0


@main.command()
@click.argument("old_dir", metavar="OLD_DIR", type=click.Path(path_type=Path))
@click.argument("new_dir", metavar="NEW_DIR", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON (README).")
@click.option("--xlsx", type=click.Path(path_type=Path), default=None,
              help="Also write the changes as an Excel workbook.")
@LANG
@guarded
def diff(old_dir: Path, new_dir: Path, as_json: bool, xlsx: Path | None, lang: str) -> int:
    """What changed from OLD_DIR to NEW_DIR: targets, guidance gaps, customers, opportunities
    and win-back items."""
    from planner.diff import diff_json, diff_plans, diff_tables
    from planner.render.diffbook import save_workbook

    for folder in (old_dir, new_dir):
        _plan_dir(folder, lang)
    results = [(folder, analyse(folder)) for folder in (old_dir, new_dir)]
    for folder, result in results:
        if result.errors:
            click.echo(ui("diff_invalid", lang, path=folder), err=True)
            _print_issues(result.errors, lang)
    if any(result.errors for _, result in results):
        return 1
    (a, old), (b, new_) = results
    units = [r.plan.market.plan.money_unit for _, r in results]  # type: ignore[union-attr]
    if units[0] != units[1]:
        click.echo(f"planner: {ui('diff_units', lang, old=units[0], new=units[1])}", err=True)
        return 1
    d = diff_plans((str(a), old.plan, old.targets), (str(b), new_.plan, new_.targets))  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(diff_json(d), ensure_ascii=False, indent=2))
    elif d.same:
        click.echo(ui("diff_same", lang, old=a, new=b))
    else:
        _print_tables(diff_tables(d, lang), ui("diff_title", lang, old=a, new=b, unit=d.unit)
                      + f" · {ui('diff_count', lang, n=d.count)}")
    if xlsx is not None:
        if xlsx.is_dir():
            click.echo(f"planner: {ui('not_a_file', lang, path=xlsx)}", err=True)
            return 1
        save_workbook(xlsx, d, lang)
        click.echo(ui("file_written", lang, path=xlsx), err=True)
    return 0


@main.command()
@click.argument("this_dir", metavar="THIS_DIR", type=click.Path(path_type=Path))
@click.argument("next_dir", metavar="NEXT_DIR", type=click.Path(path_type=Path))
@click.option("--actuals", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              multiple=True, help="Billing exports (.xlsx, .csv, .yaml, as for the business "
              "review) of this whole year: each customer's actual revenue per line becomes its "
              "base instead of this year's target. Repeatable.")
@LANG
@guarded
def rollover(this_dir: Path, next_dir: Path, actuals: tuple[Path, ...], lang: str) -> int:
    """Start next year's plan set in NEXT_DIR from THIS_DIR: base ← this year's targets (or
    actuals), opportunities and win-back kept as history notes, comments kept."""
    from planner.rollover import RolloverError, annual_actuals, roll_over, write_next

    result = _valid(this_dir, lang)
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
            _print_issues([i for i in issues if i.code != "billing_customer_missing"], lang)
            if found is None:
                return 1
            annual = annual_actuals(found, lang)
        files = roll_over(plan, result.targets, annual, lang)
        write_next(this_dir, next_dir, files, lang)
    except RolloverError as e:
        click.echo(f"planner: {e}", err=True)
        _print_issues(e.issues, lang)
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


# ---------------------------------------------------------------- review (plan vs actual)

@main.command("review")
@PLAN_DIR
@click.option("--actuals", "actuals", multiple=True, required=True,
              type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Actual revenue: a billing export (.xlsx, .csv) or a YAML file; repeat for "
                   "several files (their amounts are added up).")
@click.option("--through", required=True, help="The last quarter reviewed: Q1, Q2, Q3 or Q4.")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path),
              help="Output folder for the review documents (replaced whole when done).")
@click.option("--json", "as_json", is_flag=True, help="Print the review figures as JSON.")
@click.option("--threshold", default="0.9", show_default=True,
              help="Flag an achievement below this rate (0.9 or 90%).")
@click.option("--unit", type=click.Choice(["元", "千元", "万元"]), default=None,
              help="The unit of the amounts in the files (default: the amount column's header, "
                   "such as 金额(元), else plan.money_unit); converted to plan.money_unit.")
@click.option("--customer-col", multiple=True, help="Header of the customer column (id or "
              "name); repeatable. Default: 客户编号, 客户名称, 客户, customer ...")
@click.option("--line-col", multiple=True, help="Header of the business line column. Default: "
              "业务, 业务编号, 业务名称, business_line ...")
@click.option("--period-col", multiple=True, help="Header of the period column. Default: 期间, "
              "账期, 月份, 季度, period, month ...")
@click.option("--amount-col", multiple=True, help="Header of the amount column. Default: 金额, "
              "收入, 实收, amount ...")
@click.option("--sheet", default=None, help="Read only this sheet of .xlsx files (default: "
              "every sheet that has the four columns).")
@click.option("--skip-unknown-customers", is_flag=True,
              help="Rows of customers without a plan are skipped (listed as warnings, their sum "
                   "reported) instead of being errors.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False,
                                                               exists=True),
              help="A folder whose files override the shipped templates (any subset).")
@LANG
@guarded
def review_command(plan_dir: Path, actuals: tuple[Path, ...], through: str, out: Path | None,
                   as_json: bool, threshold: str, unit: str | None,
                   customer_col: tuple[str, ...], line_col: tuple[str, ...],
                   period_col: tuple[str, ...], amount_col: tuple[str, ...], sheet: str | None,
                   skip_unknown_customers: bool, templates_dir: Path | None, lang: str) -> int:
    """Plan vs actual (定期业务回顾): phased targets to date against actual revenue, for every
    key customer, industry and the market, as Word and Excel in OUT (or JSON with --json)."""
    import re
    from decimal import Decimal, InvalidOperation

    from planner.actuals import Options
    from planner.business_review import ActualsInvalid, run_review, write_review
    from planner.errors import PlanSetInvalid, sorted_issues
    from planner.resources import TemplateError
    from planner.write import OutputError

    _plan_dir(plan_dir, lang)
    m = re.fullmatch(r"(?:\d{4}\s*-?\s*)?[Qq]?([1-4])", through.strip())
    if not m:
        click.echo(f"planner: {ui('review_bad_through', lang, got=through)}", err=True)
        return 2
    try:
        text = threshold.strip().replace("％", "%")
        rate = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        if not 0 <= rate <= 1:
            raise InvalidOperation
    except InvalidOperation:
        click.echo(f"planner: {ui('review_bad_threshold', lang, got=threshold)}", err=True)
        return 2
    if out is None and not as_json:
        click.echo(f"planner: {ui('review_no_output', lang)}", err=True)
        return 2
    columns = {k: v for k, v in (("customer", customer_col), ("line", line_col),
                                 ("period", period_col), ("amount", amount_col)) if v}
    options = Options(columns, sheet, unit, skip_unknown_customers=skip_unknown_customers)

    def report(issues: list) -> None:
        for issue in sorted_issues(issues):
            line = issue.format(lang)
            if sys.stderr.isatty():
                line = click.style(line, fg="red" if issue.severity == "error" else "yellow")
            click.echo(line, err=True)

    try:
        run = run_review(plan_dir, list(actuals), int(m.group(1)), rate, options)
    except PlanSetInvalid as e:
        report(e.issues)
        click.echo(f"{ui('check_failed', lang)}; {ui('review_failed', lang, out=out or '-')}",
                   err=True)
        return 1
    except ActualsInvalid as e:
        report(e.issues)
        click.echo(f"{ui('review_actuals_failed', lang)}; "
                   f"{ui('review_failed', lang, out=out or '-')}", err=True)
        return 1
    report(run.warnings)
    for s in run.actuals.sources:
        click.echo(ui("actuals_read", lang, file=s.file, sheet=f" [{s.sheet}]" if s.sheet else "",
                      rows=s.rows, skipped=s.skipped, unit=s.unit,
                      columns=", ".join(s.columns.values())), err=True)
    if out is not None:
        try:
            outputs = write_review(run, out, templates_dir, lang)
        except (OutputError, TemplateError) as e:
            click.echo(f"planner: {e}", err=True)
            return 1
        click.echo(ui("review_done", lang, n=len(outputs), out=out,
                      flags=len(run.review.flags)), err=True)
    if as_json:
        from planner.report.review_json import review_json

        data = review_json(run.plan, run.review, run.actuals, lang)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


# ---------------------------------------------------------------- workbook, import (fill-in)

@main.command("workbook")
@PLAN_DIR
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path),
              help="The .xlsx file to write.")
@click.option("--customer", multiple=True, help="Only this customer id (repeatable).")
@click.option("--industry", multiple=True, help="Only customers of this industry, with the "
              "industry's own sheets (repeatable).")
@click.option("--region", multiple=True, help="Only customers of this region (repeatable).")
@click.option("--manager", default=None, help="Only customers of this account manager.")
@click.option("--new", "new", type=click.IntRange(0, 500), default=0,
              help="Blank rows for this many new customers.")
@LANG
@guarded
def workbook_command(plan_dir: Path, out: Path, customer: tuple[str, ...],
                     industry: tuple[str, ...], region: tuple[str, ...], manager: str | None,
                     new: int, lang: str) -> int:
    """A fill-in workbook of the plan set (all customers, industries and the market by
    default), for `planner import` to take back."""
    from planner.commands.workbook import run
    from planner.fillin.plans import Selection

    return run(plan_dir, out, Selection(customer, industry, region, manager), new, lang)


@main.command("import")
@click.argument("xlsx", metavar="FILE.xlsx", type=click.Path(path_type=Path))
@PLAN_DIR
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@LANG
@guarded
def import_command(xlsx: Path, plan_dir: Path, dry_run: bool, lang: str) -> int:
    """Take a fill-in workbook (planner workbook) back into the plan files, in place; with
    any error, no file changes."""
    from planner.commands.import_ import run

    return run(xlsx, plan_dir, dry_run, lang)
