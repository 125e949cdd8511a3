"""`planner user add|remove|list FILE`: the users of `planner serve`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner.messages import ui


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (text or "").split(",") if x.strip())


def add(path: Path, name: str, role: str, industries: str | None, customers: str | None,
        lang: str) -> int:
    """Add a user, the password read from standard input (one line)."""
    from planner.web.users import UsersError, new_user, read_users, write_users

    try:
        users = read_users(path)
        if name in users:
            raise UsersError("user_exists", name=name)
        password = sys.stdin.readline().rstrip("\r\n")
        users[name] = new_user(name, role, password, _ids(industries), _ids(customers))
        write_users(path, users)
    except UsersError as e:
        click.echo(f"planner: {ui(e.code, lang, **e.params)}", err=True)
        return 1
    click.echo(ui("user_added", lang, name=name, role=role, path=path), err=True)
    return 0


def remove(path: Path, name: str, lang: str) -> int:
    """Remove a user (their sessions end with the next page they ask for)."""
    from planner.web.users import UsersError, read_users, write_users

    try:
        users = read_users(path)
        if name not in users:
            raise UsersError("user_unknown", name=name)
        del users[name]
        write_users(path, users)
    except UsersError as e:
        click.echo(f"planner: {ui(e.code, lang, **e.params)}", err=True)
        return 1
    click.echo(ui("user_removed", lang, name=name, path=path), err=True)
    return 0


def list_users(path: Path, lang: str) -> int:
    """Print each user: name, role, industries, customers (never the hash)."""
    from planner.web.users import UsersError, read_users

    try:
        users = read_users(path)
    except UsersError as e:
        click.echo(f"planner: {ui(e.code, lang, **e.params)}", err=True)
        return 1
    if not users:
        click.echo(ui("user_none", lang, path=path), err=True)
    for u in users.values():
        click.echo("\t".join([u.name, u.role, ",".join(u.industries), ",".join(u.customers)]))
    return 0
