"""`planner serve DIR`: the plan set in a browser, live (planner/web/)."""

from __future__ import annotations

import ipaddress
import re
from decimal import Decimal
from pathlib import Path

import click

from planner.messages import ui

LOCAL_HOSTS = ("localhost",)


def is_local(host: str) -> bool:
    """Whether `host` is this machine only (a loopback address)."""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_quarter(text: str) -> int | None:
    """'Q2', 'q2', '2', '2027Q2' -> 2; else None."""
    m = re.fullmatch(r"(?:\d{4}\s*-?\s*)?[Qq]?([1-4])", text.strip())
    return int(m.group(1)) if m else None


def serve(root: Path, host: str, port: int, users_file: Path | None, out: Path | None,
          actuals: tuple[Path, ...], through: str | None, lang: str) -> int:
    """Check the options, analyse the plan set, and run the app until Ctrl-C; the exit code."""
    from planner.web.users import UsersError, read_users

    if not is_local(host) and users_file is None:
        click.echo(f"planner: {ui('serve_needs_users', lang, host=host)}", err=True)
        return 2
    if users_file is not None:
        try:
            if not read_users(users_file):
                click.echo(f"planner: {ui('serve_no_users', lang, path=users_file)}", err=True)
                return 2
        except UsersError as e:
            click.echo(f"planner: {ui(e.code, lang, **e.params)}", err=True)
            return 2
    if out is not None and not out.is_dir():
        click.echo(f"planner: {ui('serve_out_missing', lang, out=out)}", err=True)
        return 2
    quarter = 0
    if actuals:
        quarter = parse_quarter(through or "") or 0
        if not quarter:
            click.echo(f"planner: {ui('review_bad_through', lang, got=through)}", err=True)
            return 2
    import uvicorn

    from planner.web.app import create_app
    from planner.web.state import Live, Settings
    from planner.web.views.market import warm
    from planner.web.watch import start_watching

    live = Live(Settings(root, out, lang, tuple(actuals), quarter, Decimal("0.9")))
    try:
        snap = live.refresh()
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        if snap.analysis.plan is None:
            click.echo(ui("serve_started_invalid", lang, url=url, n=len(snap.analysis.errors)),
                       err=True)
        else:
            click.echo(ui("serve_started", lang, url=url, n=len(snap.analysis.plan.customers)),
                       err=True)
        warm(snap)
        _, stop = start_watching(live, warm)
        try:
            uvicorn.run(create_app(live, users_file), host=host, port=port, log_level="warning",
                        timeout_graceful_shutdown=1)
        finally:
            stop.set()
    finally:
        live.close()
    return 0
