"""The fill-in workbook's first sheet: how to fill it in, what each sheet holds, the catalog."""

from __future__ import annotations

from typing import Any

from planner.fillin import spec
from planner.fillin.spec import MODELS, Table
from planner.messages import ui
from planner.model import walk
from planner.render.xlsx_print import page_setup

STEPS = ("wb_step_fill", "wb_step_add", "wb_step_delete", "wb_step_new", "wb_step_check",
         "wb_step_import", "wb_step_keep")


def _holds(table: Table, lang: str) -> str:
    """What a sheet holds: the description of its section in the model."""
    model = MODELS[table.kind]
    path = table.path or (table.paths[0] if table.paths else ())
    if not path:
        return ui(f"wb_holds_{table.kind}", lang)
    if table.shape in ("texts", "dict") and len(table.paths) > 1:
        labels = [spec.path_label(table.kind, p) for p in table.paths]
        return "; ".join(lb[1] if lang == "en" else lb[0] for lb in labels)
    label, _ = walk(model, path)
    owner = walk(model, path[:-1])[1] if len(path) > 1 else model
    info = owner.model_fields.get(path[-1]) if isinstance(owner, type) else None
    text = (label[1] if lang == "en" else label[0]) if label else ".".join(path)
    return f"{text}: {info.description}" if info and info.description and lang != "en" else text


def instructions(book: Any, tables: list[Table]) -> None:
    """Write the instructions sheet of `book` (a FillBook)."""
    lang = book.lang
    ws = book.wb.add_worksheet(ui("wb_instructions", lang))
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, ui("wb_title", lang), book.title)
    market = book.files.files.get(("market", "market"))
    plan = (market.data.get("plan") if market else None) or {}
    ws.write_string(1, 0, f"{plan.get('unit') or ''} · {plan.get('year') or ''} · "
                          f"{ui('money_unit', lang)}: {plan.get('money_unit') or '万元'}")
    r = 3
    ws.write_string(r, 0, ui("wb_how", lang), book.bold)
    for n, key in enumerate(STEPS, 1):
        r += 1
        ws.write_string(r, 0, f"{n}.")
        ws.write_string(r, 1, ui(key, lang), book.wrap)
    r += 2
    ws.write_string(r, 0, ui("wb_legend", lang), book.bold)
    ws.write_string(r + 1, 0, ui("wb_input", lang), book.input["text"])
    ws.write_string(r + 1, 1, ui("wb_input_note", lang), book.wrap)
    ws.write_string(r + 2, 0, ui("wb_locked", lang), book.locked)
    ws.write_string(r + 2, 1, ui("wb_locked_note", lang), book.wrap)
    r += 4
    ws.write_string(r, 0, ui("wb_sheet", lang), book.head)
    ws.write_string(r, 1, ui("wb_holds", lang), book.head)
    for table in tables:
        r += 1
        ws.write_string(r, 0, table.name(lang))
        ws.write_string(r, 1, _holds(table, lang), book.wrap)
    r += 2
    ws.write_string(r, 0, ui("wb_catalog", lang), book.bold)
    cat = (market.data.get("catalog") if market else None) or {}
    for key in ("business_lines", "regions", "industries"):
        entries = [e for e in cat.get(key) or [] if isinstance(e, dict)]
        r += 1
        ws.write_string(r, 0, ui(key, lang))
        ws.write_string(r, 1, "; ".join(f"{e.get('id')} = {e.get('name')}" for e in entries),
                        book.wrap)
    r += 1
    ws.write_string(r, 0, ui("wb_carriers", lang))
    ws.write_string(r, 1, "; ".join(book.catalog("carriers")), book.wrap)
    page_setup(ws, lang, None, 0)
    ws.activate()
