"""The industry and market workbooks: a data sheet with one row per customer × business line and
one per bulk row, and summary sheets built from it with live SUMIFS formulas, so a director can
filter or pivot the data and every total still recalculates to `planner targets --json`.

Formulas match on ids (validated: letters, digits, '-', '_'), never on names, because a name may
contain the wildcards * ? ~ that SUMIFS would interpret.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import groupby
from operator import attrgetter
from typing import Any

from planner.compute import Targets
from planner.compute.money import ZERO
from planner.compute.rollup import Group, total
from planner.compute.targets import Row
from planner.render.workbook import Book, Col, Formula, cell, col_range, product_formula
from planner.render.xlsx_kept import Kept, Maker, Part, ref
from planner.render.xlsx_kept import write as kept_write
from planner.report.common import Names, section_title
from planner.validate import PlanSet

BULK_ID = "#"  # the customer id of bulk rows: '#' can never start a real customer id

# data sheet columns: the names a director reads first, the ids the formulas match on last
C_NAME, C_REGION, C_IND, C_LINE, C_KIND = range(5)
C_BASE, C_RET, C_STOCK, C_INC, C_PIPE, C_WIN, C_TOTAL, C_Q1 = range(5, 13)
C_YEAR = C_Q1 + 4
C_ID, C_REGION_ID, C_IND_ID, C_LINE_ID = range(C_YEAR + 1, C_YEAR + 5)


@dataclass
class Data:
    """Where the data sheet's rows are, for the formulas that sum them."""

    sheet: str
    first: int
    last: int

    def col(self, c: int) -> str:
        """The absolute range of column `c` over the data rows."""
        return col_range(self.sheet, c, self.first, self.last)


DATA_TOP = 1  # the data sheet's header row


def data_range(L: dict[str, str], n: int) -> Data:
    """Where the data sheet of `n` rows puts them (known before it is written, so the summary
    sheets can come first in the workbook)."""
    return Data(L["sheet_data"], DATA_TOP + 1, DATA_TOP + max(n, 1))


def data_cols(L: dict[str, str]) -> list[Col]:
    """The data sheet's columns (C_NAME ... C_LINE_ID)."""
    return [Col(L["customer"], width=24), Col(L["region"]), Col(L["industry"]),
            Col(L["business_line"]), Col(L["kind"]), Col(L["base"], "money"),
            Col(L["retention_col"], "rate"), Col(L["stock"], "money"),
            Col(L["increment"], "money"), Col(L["pipeline"], "money"),
            Col(L["winback"], "money"), Col(L["total"], "money"),
            *[Col(L[q], "money") for q in ("q1", "q2", "q3", "q4")], Col(L["year"], "money"),
            Col(L["customer_id"]), Col(L["region_id"]), Col(L["industry_id"]),
            Col(L["line_id"])]


def data_cells(plan: PlanSet, names: Names, L: dict[str, str]) -> Callable[[Row], list[Any]]:
    """The data sheet's cells of a row (formulas written with `xlsx_kept.ref`): one row per
    customer × business line and per bulk row; bulk stock = base × retention."""

    def cells(row: Row) -> list[Any]:
        f = row.figures
        if row.customer is None:
            b = plan.market.other_customers[row.bulk_index or 0]
            cid, cname, retention = BULK_ID, L["other_customers"], b.retention
            stock: Any = Formula("=" + product_formula(ref(C_BASE), ref(C_RET)), f.stock)
        else:
            cid, cname, retention = row.customer, plan.briefs[row.customer].name, ""
            stock = f.stock
        q = f.quarters.total
        return [cname, names.region(row.region), names.industry(row.industry),
                names.line(row.line), names.kind_label(row.line), f.base, retention, stock,
                f.increment, f.pipeline, f.winback,
                Formula(f"={ref(C_STOCK)}+{ref(C_INC)}+{ref(C_WIN)}", f.total),
                *q, Formula(f"=SUM({ref(C_Q1)}:{ref(C_Q1 + 3)})", sum(q, ZERO)),
                cid, row.region, row.industry, row.line]

    return cells


def data_parts(book: Book, plan: PlanSet, rows: Iterable[Row], names: Names,
               L: dict[str, str], kept: Kept | None = None) -> list[Part]:
    """The data sheet's rows (`data_cells`), a part per customer (`xlsx_kept`), then one of
    the bulk rows. With `kept`, a customer's part made by an earlier build from the same
    targets, name and catalog names is taken from there (and its targets are not read). Each
    part is held without its columns' widest texts: the widest of them all are held once, by a
    last part of no rows (20,000 customers' widths, each a tuple of floats, were 14 MB)."""
    maker = Maker(book, data_cols(L))
    widest = [0.0] * len(maker.cols)

    def held(part: Part) -> Part:
        for i, w in enumerate(part.longest):
            if w > widest[i]:
                widest[i] = w
        return replace(part, longest=())

    cells = data_cells(plan, names, L)
    shown = json.dumps([names.regions, names.industries, names.lines,
                        [names.kind_label(k) for k in names.lines], L["other_customers"]],
                       ensure_ascii=False, sort_keys=True).encode()
    out = []
    for cid, stored, make in _by_customer(rows):
        if cid is None or stored is None or kept is None:
            out.append(held(maker.part(map(cells, make()))))
            continue
        b = plan.briefs[cid]
        digest = hashlib.sha256(b"\0".join([stored, shown, *(x.encode("utf-8", "surrogatepass")
                                            for x in (b.name, b.region, b.industry))])).hexdigest()
        part = kept.get(cid, digest, maker)
        if part is None:
            part = maker.part(map(cells, make()))
            kept.put(cid, digest, maker, part)
        out.append(held(part))
    return [*out, Part(b"", 0, tuple(widest), ())]


def _by_customer(rows: Iterable[Row]) -> Iterator[tuple[str | None, bytes | None,
                                                        Callable[[], Iterable[Row]]]]:
    """`plan.Rows.by_customer` of any rows (held rows are grouped as they come)."""
    by = getattr(rows, "by_customer", None)
    if by is not None:
        yield from by()
        return
    for cid, group in groupby(rows, key=attrgetter("customer")):
        yield cid, None, functools.partial(iter, list(group))


def data_sheet(book: Book, parts: Sequence[Part], L: dict[str, str]) -> None:
    """The data sheet of `data_parts` (in constant-memory mode, rows are written in order)."""
    ws = book.sheet(L["sheet_data"])
    ws.write_string(0, 0, L["xlsx_data_note"], book.fmt["note"])
    kept_write(book, ws, DATA_TOP, data_cols(L), parts, freeze=True, autofilter=True)


def summary_sheet(book: Book, name: str, title: str, data: Data, key_col: int,
                  keys: Sequence[tuple[str, str]], groups: dict[str, Group], L: dict[str, str],
                  kinds: dict[str, str] | None = None, guidance: bool = False,
                  grand_guidance: Decimal | None = None, chart: str | None = None) -> None:
    """One row per key (name, then id): SUMIFS of the data sheet's figures and quarters."""
    ws = book.sheet(name)
    ws.write_string(0, 0, title, book.fmt["title"])
    ws.write_string(1, 0, L["xlsx_summary_note"], book.fmt["note"])
    cols = [Col(L["name"], width=20)]
    if kinds is not None:
        cols.append(Col(L["kind"]))
    fig0 = len(cols)
    cols += [Col(L["base"], "money"), Col(L["stock"], "money"), Col(L["increment"], "money"),
             Col(L["winback"], "money"), Col(L["total"], "money"), Col(L["growth"], "growth")]
    if guidance:
        cols += [Col(L["guidance"], "money"), Col(L["gap"], "money")]
    q0 = len(cols)
    cols += [*[Col(L[q], "money") for q in ("q1", "q2", "q3", "q4")], Col(L["year"], "money"),
             Col(L["id"])]
    key_at = len(cols) - 1  # the id each row's SUMIFS matches
    top = 3
    src = (C_BASE, C_STOCK, C_INC, C_WIN)
    rows = []
    for i, (key, label) in enumerate(keys):
        r = top + 1 + i
        g = groups.get(key) or Group(total([]))
        f = g.figures

        def sumifs(col: int, cached: Decimal, r: int = r) -> Formula:
            return Formula(f"=SUMIFS({data.col(col)},{data.col(key_col)},{cell(r, key_at)})",
                           cached)

        row: list[Any] = [label] + ([kinds.get(key, "")] if kinds is not None else [])
        row += [sumifs(c, v) for c, v in zip(src, (f.base, f.stock, f.increment, f.winback))]
        row += _total_growth(r, fig0, f.total, f.growth)
        if guidance:
            row += _guidance(r, fig0, g.guidance, g.gap)
        q = f.quarters.total
        row += [sumifs(C_Q1 + k, q[k]) for k in range(4)]
        row.append(Formula(f"=SUM({cell(r, q0)}:{cell(r, q0 + 3)})", sum(q, ZERO)))
        row.append(key)
        rows.append(row)
    first, last = top + 1, top + max(len(rows), 1)
    tr = last + 1
    everything = total([]) if not groups else _sum_groups(groups, [k for k, _ in keys])
    sums = (everything.base, everything.stock, everything.increment, everything.winback)
    tot: list[Any] = [L["total"]] + ([""] if kinds is not None else [])
    tot += [_colsum(fig0 + k, first, last, v) for k, v in enumerate(sums)]
    tot += _total_growth(tr, fig0, everything.total, everything.growth)
    if guidance:
        gap = None if grand_guidance is None else everything.total - grand_guidance
        tot += _guidance(tr, fig0, grand_guidance, gap)
    q = everything.quarters.total
    tot += [_colsum(q0 + k, first, last, q[k]) for k in range(4)]
    tot += [_colsum(q0 + 4, first, last, sum(q, ZERO)), ""]
    book.table(ws, top, cols, rows, tot, freeze=True)
    if chart and rows:
        _chart(book, ws, name, chart, first, last, fig0, guidance, tr + 2)


def _sum_groups(groups: dict[str, Group], keys: list[str]) -> Any:
    out = total([])
    for k in keys:
        if k in groups:
            out = out + groups[k].figures
    return out


def _colsum(col: int, first: int, last: int, value: Decimal) -> Formula:
    return Formula(f"=SUM({cell(first, col)}:{cell(last, col)})", value)


def _total_growth(r: int, fig0: int, total_: Decimal, growth: Decimal | None) -> list[Formula]:
    s, i, w, t = (cell(r, fig0 + k) for k in (1, 2, 3, 4))
    return [Formula(f"={s}+{i}+{w}", total_),
            Formula(f'=IF({cell(r, fig0)}=0,"",{t}/{cell(r, fig0)}-1)',
                    "" if growth is None else growth)]


def _guidance(r: int, fig0: int, guidance: Decimal | None, gap: Decimal | None) -> list[Any]:
    g = cell(r, fig0 + 6)
    return [guidance if guidance is not None else "",
            Formula(f'=IF(ISBLANK({g}),"",{cell(r, fig0 + 4)}-{g})', "" if gap is None else gap)]


def _chart(book: Book, ws: Any, name: str, title: str, first: int, last: int, fig0: int,
           guidance: bool, at: int) -> None:
    """Guidance vs bottom-up (clustered), or stock / increment / win-back (stacked)."""
    if guidance:
        chart = book.wb.add_chart({"type": "column"})
        for col in (fig0 + 4, fig0 + 6):
            chart.add_series({"name": [name, 3, col], "categories": [name, first, 0, last, 0],
                              "values": [name, first, col, last, col]})
    else:
        chart = book.wb.add_chart({"type": "column", "subtype": "stacked"})
        for col in (fig0 + 1, fig0 + 2, fig0 + 3):
            chart.add_series({"name": [name, 3, col], "categories": [name, first, 0, last, 0],
                              "values": [name, first, col, last, col]})
    chart.set_title({"name": title})
    chart.set_legend({"position": "bottom"})
    chart.set_y_axis({"num_format": "#,##0"})
    book.chart(ws, at, 0, chart, x_scale=1.4)


def matrix_sheet(book: Book, data: Data, regions: list[tuple[str, str]],
                 industries: list[tuple[str, str]], targets: Targets, L: dict[str, str]) -> None:
    """Total targets by region (rows) × industry (columns), each cell a two-key SUMIFS over the
    ids: the regions' in the last column, the industries' in the row above the names."""
    name = L["sheet_matrix"]
    ws = book.sheet(name)
    ws.write_string(0, 0, section_title(L, "m3_matrix"), book.fmt["title"])
    top = 3
    n = len(industries)
    id_col = n + 2  # after the row totals
    # (row by row, top to bottom: the workbook is written in constant-memory mode)
    book.put_header(ws, top - 1, 0, L["industry_id"])
    for j, (iid, _) in enumerate(industries):
        book.put(ws, top - 1, 1 + j, iid)
    book.put_header(ws, top, 0, L["region"])
    for j, (_, iname) in enumerate(industries):
        book.put_header(ws, top, 1 + j, iname)
    book.put_header(ws, top, n + 1, L["total"])
    book.put_header(ws, top, id_col, L["region_id"])
    cells = targets.region_by_industry()
    for i, (rid, rname) in enumerate(regions):
        r = top + 1 + i
        book.put(ws, r, 0, rname)
        for j, (iid, _) in enumerate(industries):
            book.put(ws, r, 1 + j, Formula(
                f"=SUMIFS({data.col(C_TOTAL)},{data.col(C_REGION_ID)},{cell(r, id_col)},"
                f"{data.col(C_IND_ID)},{cell(top - 1, 1 + j, True)})",
                cells.get((rid, iid), ZERO)), "money")
        row_total = sum((v for (reg, _), v in cells.items() if reg == rid), ZERO)
        book.put(ws, r, n + 1,
                 Formula(f"=SUM({cell(r, 1)}:{cell(r, max(n, 1))})", row_total), "money")
        book.put(ws, r, id_col, rid)
    first, last = top + 1, top + max(len(regions), 1)
    book.put(ws, last + 1, 0, L["total"], total=True)
    for j in range(n + 1):
        col = 1 + j
        value = (sum((v for (_, ind), v in cells.items() if ind == industries[j][0]), ZERO)
                 if j < n else targets.market.figures.total)
        book.put(ws, last + 1, col, _colsum(col, first, last, value), "money", total=True)
    ws.set_column(0, 0, 12)
    ws.set_column(1, n + 1, 14)
    ws.set_column(id_col, id_col, 10)
    book.freeze(ws, top, 1)
