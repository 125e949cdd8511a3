"""`planner diff --xlsx`: the changes between two plan sets as a workbook for directors.

One sheet per level (market, customers, industries, regions, business lines) and one each for
opportunities and win-back items. The two plan sets' figures are values; every total, gap and change
is a live formula that also stores its value (`Book`), so the sheet recalculates if a figure is
corrected by hand and a phone preview still shows the right numbers.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from planner.diff import FIELDS, LEVELS, Change, ItemChange, PlanDiff
from planner.messages import ui
from planner.model import Opportunity, Plan, WinBack, label
from planner.owned import NotOwned, is_planner_xlsx, replaceable, write_whole
from planner.render.workbook import Book, Col, Formula, cell, product_formula

DIFF_MARK = "diff"  # the workbook's custom property "planner": what may be replaced by a diff
SIGNED = "+#,##0.00;-#,##0.00;0.00"
PARTS = ("base", "stock", "increment", "winback")


def diff_workbook(d: PlanDiff, lang: str) -> bytes:
    """The workbook's bytes."""
    book = Book(lang, ui("diff_title", lang, old=d.old["dir"], new=d.new["dir"], unit=d.unit),
                None)
    book.wb.set_custom_property("planner", DIFF_MARK)  # marks it as replaceable by a diff
    book.add_kind("delta", {"num_format": SIGNED})
    _summary(book, d, lang)
    for level in ("market", *LEVELS):
        changes = [d.market] if level == "market" else d.levels[level]
        _level_sheet(book, ui(level, lang), changes, level in ("market", "regions"), lang)
    # the items name their customer; one whose own figures did not change is not among the
    # customers' changes, and is shown by its id
    names = {c.id: c.name for c in d.levels.get("customers", [])}
    _items_sheet(book, "opportunities", d.opportunities, names, lang)
    _items_sheet(book, "winback", d.winback, names, lang)
    return book.close()


def _summary(book: Book, d: PlanDiff, lang: str) -> None:
    ws = book.sheet(ui("summary", lang))
    ws.write_string(0, 0, ui("diff_title", lang, old=d.old["dir"], new=d.new["dir"],
                             unit=d.unit), book.fmt["title"])
    text = ui("diff_same", lang, old=d.old["dir"], new=d.new["dir"]) if d.same \
        else ui("diff_count", lang, n=d.count)
    ws.write_string(1, 0, text, book.fmt["note"])
    year = label(Plan, "year")[1 if lang == "en" else 0]
    rows = [[ui(k, lang), getattr(d, k)["dir"], getattr(d, k)["plan"]["year"]]
            for k in ("old", "new")]
    book.table(ws, 3, [Col(ui("plan_set", lang)), Col(ui("name", lang)), Col(year, "int")], rows)


def _level_sheet(book: Book, title: str, changes: list[Change], guided: bool, lang: str) -> None:
    """Name, change; per figure old / new / change; total = the parts (formulas); the id."""
    ws = book.sheet(title)
    cols = [Col(ui("name", lang)), Col(ui("status", lang))]
    fields = [*FIELDS, *(("guidance", "gap") if guided else ())]
    for f in fields:
        cols += [Col(f"{ui(f, lang)} {ui(k, lang)}", "delta" if k == "delta" else "money")
                 for k in ("old", "new", "delta")]
    cols.append(Col(ui("id", lang)))
    start = {f: 2 + 3 * i for i, f in enumerate(fields)}
    rows = []
    for r, c in enumerate(changes, start=1):
        row: list[Any] = [c.name, ui(f"status_{c.status}", lang)]
        for f in fields:
            row += _triple(r, start, f, c)
        rows.append(row + [c.id])
    book.table(ws, 0, cols, rows, freeze=True, autofilter=True)


def _triple(r: int, start: dict[str, int], f: str, c: Change) -> list[Any]:
    """Old, new and change of one figure of row `r`."""
    out: list[Any] = []
    for k, side in ((0, c.old), (1, c.new)):
        if side is None or (f in ("guidance", "gap") and side.guidance is None):
            out.append(None)
        elif f == "total":  # = stock + increment + win-back of the same side
            parts = "+".join(cell(r, start[p] + k) for p in ("stock", "increment", "winback"))
            out.append(Formula(f"={parts}", side.figures["total"]))
        elif f == "gap":
            out.append(Formula(f"={cell(r, start['total'] + k)}-{cell(r, start['guidance'] + k)}",
                               side.gap))
        else:
            out.append(side.guidance if f == "guidance" else side.figures[f])
    a, b = cell(r, start[f]), cell(r, start[f] + 1)
    out.append(Formula(f"=N({b})-N({a})", _value(out[1]) - _value(out[0])))
    return out


def _value(x: Any) -> Decimal:
    if isinstance(x, Formula):
        return x.value if isinstance(x.value, Decimal) else Decimal(0)
    return x if isinstance(x, Decimal) else Decimal(0)


def _items_sheet(book: Book, kind: str, items: list[ItemChange], names: dict[str, str],
                 lang: str) -> None:
    """Each item added, removed or changed: amount, probability and weighted, old and new; the
    customer's name first, its id last."""
    model = Opportunity if kind == "opportunities" else WinBack
    i = 1 if lang == "en" else 0
    ws = book.sheet(ui("opportunities" if kind == "opportunities" else "winback_items", lang))
    keys = ["name"] if kind == "opportunities" else ["competitor", "business_line"]
    cols = [Col(ui("customer", lang)), *(Col(label(model, k)[i]) for k in keys),
            Col(ui("status", lang))]
    values = ["amount", "probability"]
    for v in values:
        cols += [Col(f"{label(model, v)[i]} {ui(k, lang)}", "rate" if v == "probability"
                     else "money") for k in ("old", "new")]
    cols += [Col(f"{ui('weighted', lang)} {ui(k, lang)}", "delta" if k == "delta" else "money")
             for k in ("old", "new", "delta")]
    cols.append(Col(ui("id", lang)))
    first = len(keys) + 2
    rows = []
    for r, item in enumerate(items, start=1):
        row: list[Any] = [names.get(item.customer, item.customer), *item.key,
                          ui(f"status_{item.status}", lang)]
        sides = (item.old, item.new)
        for v in values:
            row += [s[v] if s else None for s in sides]
        for k, s in enumerate(sides):  # weighted = amount × probability
            amount, prob = cell(r, first + k), cell(r, first + 2 + k)
            row.append(Formula("=" + product_formula(amount, prob), s["weighted"]) if s else None)
        w = first + 4
        row.append(Formula(f"=N({cell(r, w + 1)})-N({cell(r, w)})",
                           (item.new or {}).get("weighted", Decimal(0))
                           - (item.old or {}).get("weighted", Decimal(0))))
        rows.append(row + [item.customer])
    book.table(ws, 0, cols, rows, freeze=True, autofilter=True)


def save_workbook(path: Path, d: PlanDiff, lang: str) -> None:
    """Write the workbook to `path` whole (a temporary file beside it, then renamed), replacing
    only a diff workbook planner wrote there earlier: NotOwned for any other file."""
    if not replaceable(path, lambda p: is_planner_xlsx(p, DIFF_MARK)):
        raise NotOwned(ui("owned_file_refused", lang, path=path,
                          kind=ui("owned_kind_xlsx", lang)))
    write_whole(path, diff_workbook(d, lang))
