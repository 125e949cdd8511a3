"""A new customer's file from the workbook's rows of a customer id the plan set does not have."""

from __future__ import annotations

from planner.fillin.changes import FileChanges
from planner.fillin.edit import apply_edits
from planner.fillin.values import flow_scalar
from planner.messages import ui
from planner.model import Customer
from planner.scaffold import file_text


def new_customer_text(cid: str, changes: FileChanges) -> str:
    """The file as the rows give it (to be checked): `id:` and every value filled in."""
    return apply_edits(f"id: {flow_scalar(cid)}\n", changes.sets, changes.lists)


def scaffolded_customer(model: Customer, lang: str) -> str:
    """A checked new customer as `planner new customer` writes a file: the schema line, a
    header, and every field with its label and description in a comment."""
    data = model.model_dump(mode="python", by_alias=True)
    lines = file_text("customer", Customer, data, ui("scaffold_header_customer", lang,
                                                     id=model.id), lang).split("\n")
    lines[2] = f"# {ui('imp_new_note', lang)}"  # not "the values are examples": they are real
    return "\n".join(lines)
