"""The `planner` command: its options, its language and its exit codes (contracts.md); each
command's work is in its module of `planner/commands/`.

Exit codes: 0 valid; 1 invalid input (or warnings under --strict) or a fault of the environment;
2 usage; 3 internal error (a bug); 130 Ctrl-C. A new command: its click stanza here (options and
one call into planner/commands/<name>.py), and the Chinese of its help texts in
planner/commands/help_zh.py (tests/test_i18n.py lists any that are missing).
"""

from __future__ import annotations

import functools
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from planner import __version__
from planner.commands.faults import environment_fault
from planner.commands.i18n import current_language, language, localize, translate
from planner.errors import current_input
from planner.messages import message, ui

# the language is read from the whole command line (or $PLANNER_LANG) before click parses it,
# so `planner --lang en build ...` and `planner build ... --lang en` say the same
LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=current_language,
                    show_default="zh",
                    help="Language of messages and documents (zh 中文 | en English).")
# before a command's name (`planner --lang en build ...`), read with the rest of the line
GROUP_LANG = click.option("--lang", type=click.Choice(["zh", "en"]), expose_value=False,
                          help="Language of messages and documents (zh 中文 | en English).")
PLAN_DIR = click.argument("plan_dir", metavar="DIR", type=click.Path(path_type=Path))
TEMPLATES = click.option("--templates", "templates_dir",
                         type=click.Path(path_type=Path, file_okay=False, exists=True),
                         help="A folder whose files override the shipped templates (any subset).")


def guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Run a command body: a fault of the environment (read-only or full disk, permissions, a
    file where a folder should be) is said in one line with exit 1; anything else unexpected is
    an internal error, one line and exit 3 (contracts.md: never a traceback)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        lang = kwargs.get("lang", "zh")
        try:
            code = command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except KeyboardInterrupt:
            raise Interrupted from None  # past click, which would print a line of its own
        except OSError as e:
            click.echo(f"planner: {environment_fault(e, lang)}", err=True)
            code = 1
        except Exception as e:  # noqa: BLE001 - the contract: never a traceback
            detail = f"{type(e).__name__}: {e}"[:300]
            text = message("internal_error", "message", lang,
                           {"input": current_input.get() or "-", "detail": detail})
            fix = message("internal_error", "fix", lang, {})
            click.echo(f"planner: {text} — {fix}", err=True)
            code = 3
        sys.exit(code)

    return run


class Interrupted(Exception):
    """Ctrl-C while a command ran."""


class Planner(click.Group):
    """The `planner` group: help and usage errors in the language of the run, and the exit
    codes of contracts.md (2 usage, 130 Ctrl-C)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             **extra: Any) -> NoReturn:  # type: ignore[override]
        """Parse the command line and run the command, then exit with its code."""
        args = list(sys.argv[1:] if args is None else args)
        lang = language(args)
        for stream in (sys.stdout, sys.stderr):  # a GBK console cannot show every character
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="replace")
        localize(self, lang)
        try:
            status = super().main(args, prog_name or "planner", standalone_mode=False, **extra)
        except click.ClickException as e:
            e.show()
            status = e.exit_code
        except (Interrupted, click.Abort, KeyboardInterrupt):
            newline = "\n" if sys.stderr.isatty() else ""  # after the terminal's ^C
            click.echo(f"{newline}planner: {ui('interrupted', lang)}", err=True)
            status = 130
        sys.exit(status if isinstance(status, int) else 0)


def _version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(translate("%(prog)s, version %(version)s")
                   % {"prog": "planner", "version": __version__})
        ctx.exit()


@click.group(cls=Planner, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and exit.")
@GROUP_LANG
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
    from planner.commands import check

    return check.run(plan_dir, strict, lang)


@main.command()
@PLAN_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the targets as JSON (contracts.md).")
@LANG
@guarded
def targets(plan_dir: Path, as_json: bool, lang: str) -> int:
    """Show the computed targets: customers, industries, business lines, regions, market."""
    from planner.commands import targets

    return targets.run(plan_dir, as_json, lang)


@main.command()
@PLAN_DIR
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Output folder (created; replaced whole when the build succeeds).")
@TEMPLATES
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Render in this many processes (default: all cores).")
@click.option("--force", is_flag=True, help="Render everything, reusing nothing from OUT.")
@click.option("--pdf", is_flag=True,
              help="Also write a PDF of every Word document (needs LibreOffice).")
@LANG
@guarded
def build(plan_dir: Path, out: Path, templates_dir: Path | None, jobs: int | None, force: bool,
          pdf: bool, lang: str) -> int:
    """Write every plan of a plan set (Word and Excel) into OUT, with OUT/manifest.json."""
    from planner.commands import build

    return build.run(plan_dir, out, templates_dir, jobs, force, lang, pdf)


@main.command()
@click.argument("plan_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100), default=None,
              help="Plan year (default: next calendar year).")
@LANG
@guarded
def init(plan_dir: Path, year: int | None, lang: str) -> int:
    """Start a plan set in DIR (new or empty): market.yaml, one industry, one customer, every
    field commented, and the JSON Schemas an editor uses (DIR/.schema)."""
    from planner.commands import init

    return init.run(plan_dir, year, lang)


@main.group(context_settings={"help_option_names": ["-h", "--help"]})
@GROUP_LANG
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
    from planner.commands import new

    return new.customer(customer_id, industry, region, plan_dir, lang)


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
    from planner.commands import schema

    return schema.run(out, kind, lang)


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
    from planner.commands import diff

    return diff.run(old_dir, new_dir, as_json, xlsx, lang)


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
    from planner.commands import rollover

    return rollover.run(this_dir, next_dir, actuals, lang)


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
@TEMPLATES
@LANG
@guarded
def review_command(plan_dir: Path, actuals: tuple[Path, ...], through: str, out: Path | None,
                   as_json: bool, threshold: str, unit: str | None,
                   customer_col: tuple[str, ...], line_col: tuple[str, ...],
                   period_col: tuple[str, ...], amount_col: tuple[str, ...], sheet: str | None,
                   skip_unknown_customers: bool, templates_dir: Path | None, lang: str) -> int:
    """Plan vs actual (定期业务回顾): phased targets to date against actual revenue, for every
    key customer, industry and the market, as Word and Excel in OUT (or JSON with --json)."""
    from planner.actuals import Options
    from planner.commands import review

    columns = {k: v for k, v in (("customer", customer_col), ("line", line_col),
                                 ("period", period_col), ("amount", amount_col)) if v}
    options = Options(columns, sheet, unit, skip_unknown_customers=skip_unknown_customers)
    return review.run(plan_dir, actuals, through, out, as_json, threshold, options,
                      templates_dir, lang)


# ---------------------------------------------------------------- serve, user (planner/commands/)

@main.command()
@PLAN_DIR
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but this machine's needs --users.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--users", "users_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Users file (planner user add): every page then needs a sign-in.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Output folder of planner build: its documents are listed and served.")
@click.option("--actuals", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Billing exports for the /review page (repeatable); needs --through.")
@click.option("--through", help="The last quarter reviewed: Q1, Q2, Q3 or Q4.")
@LANG
@guarded
def serve(plan_dir: Path, host: str, port: int, users_file: Path | None, out: Path | None,
          actuals: tuple[Path, ...], through: str | None, lang: str) -> int:
    """The plan set in a browser, live: market, industries, customers, flags, documents."""
    from planner.commands.common import require_plan_dir
    from planner.commands.serve import serve as run

    require_plan_dir(plan_dir, lang)
    return run(plan_dir, host, port, users_file, out, actuals, through, lang)


@main.group(context_settings={"help_option_names": ["-h", "--help"]})
@GROUP_LANG
def user() -> None:
    """The users of `planner serve` (passwords hashed with Argon2id)."""


USERS_FILE = click.argument("users_file", metavar="FILE",
                            type=click.Path(path_type=Path, dir_okay=False))


@user.command("add")
@USERS_FILE
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["director", "industry", "manager"]),
              help="director: everything; industry: --industries; manager: --customers.")
@click.option("--industries", help="Industry ids, comma-separated.")
@click.option("--customers", help="Customer ids, comma-separated.")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input (never from the command line).")
@LANG
@guarded
def user_add(users_file: Path, name: str, role: str, industries: str | None,
             customers: str | None, password_stdin: bool, lang: str) -> int:
    """Add a user to FILE."""
    from planner.commands.user import add

    return add(users_file, name, role, industries, customers, lang)


@user.command("remove")
@USERS_FILE
@click.argument("name")
@LANG
@guarded
def user_remove(users_file: Path, name: str, lang: str) -> int:
    """Remove a user from FILE."""
    from planner.commands.user import remove

    return remove(users_file, name, lang)


@user.command("list")
@USERS_FILE
@LANG
@guarded
def user_list(users_file: Path, lang: str) -> int:
    """List the users of FILE: name, role, industries, customers."""
    from planner.commands.user import list_users

    return list_users(users_file, lang)


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
