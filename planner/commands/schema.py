"""`planner schema`: the JSON Schema of the plan files, for editors."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.common import fail
from planner.messages import ui
from planner.owned import NotOwned
from planner.schema import schema_text, write_schema_files


def run(out: Path | None, kind: str | None, lang: str) -> int:
    """Print the schema, or write it to a .json file or a folder of three."""
    if out is None:
        click.echo(schema_text(kind, lang), nl=False)
        return 0
    try:
        written = write_schema_files(out, kind, lang)
    except NotOwned as e:  # a file planner did not write is never replaced
        fail(str(e))
        return 1
    click.echo(ui("schema_written", lang, files=", ".join(map(str, written))), err=True)
    return 0
