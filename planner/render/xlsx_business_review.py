"""The business review workbooks: a data sheet with one row per key customer × business line
(phased targets and actuals as values, everything derived as live formulas), and summary sheets
built on it with SUMIFS, each formula carrying its value. Recalculated by a spreadsheet program,
every figure equals `planner review --json`.

Formulas match on ids (validated: letters, digits, '-', '_'), never on names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from planner.compute.money import ZERO
from planner.compute.review_actuals import Progress, Review, Row
from planner.render.workbook import Book, Col, Formula, cell, col_range
from planner.report.common import Names
from planner.validate import PlanSet

# data sheet columns: the names first, the ids the formulas match on last
C_NAME, C_REGION, C_IND, C_LINE = range(4)
C_TQ, C_AQ = 4, 8  # target Q1..Q4, actual Q1..Q4
C_ST, C_IT, C_WT, C_SY, C_IY, C_WY, C_BASE = range(12, 19)  # parts to date, parts' year, base
C_TGT, C_ACT, C_ACH, C_GAP, C_YEAR, C_FC, C_SA, C_IA, C_WA, C_YOY = range(19, 29)
C_ID, C_REGION_ID, C_IND_ID, C_LINE_ID = range(29, 33)
# summary sheet columns (name first, id last)
S_TGT, S_ACT, S_ACH, S_GAP, S_YEAR, S_FC, S_FCA, S_BASE, S_YOY, S_ID = range(1, 11)
TOP = 2  # header row of the data sheet


@dataclass
class _Data:
    sheet: str
    first: int
    last: int

    def col(self, c: int) -> str:
        return col_range(self.sheet, c, self.first, self.last)


def _ratio(num: str, den: str) -> str:
    return f'=IF({den}=0,"",{num}/{den})'


def _opt(x: Decimal | None) -> Decimal | str:
    return "" if x is None else x


def _data_sheet(book: Book, plan: PlanSet, review: Review, rows: Sequence[Row], names: Names,
                L: dict[str, str]) -> None:
    """One row per customer × line: targets and actuals as values, the rest formulas."""
    t = review.through
    ws = book.sheet(L["sheet_data"])
    ws.write_string(0, 0, L["rv_xlsx_data_note"], book.fmt["note"])
    q = [L[f"q{k}"] for k in range(1, 5)]
    cols = [Col(L["customer"], width=24), Col(L["region"]), Col(L["industry"]),
            Col(L["business_line"]),
            *[Col(L["rv_target_q"].format(q=x), "money") for x in q],
            *[Col(L["rv_actual_q"].format(q=x), "money") for x in q],
            *[Col(L["rv_part_target"].format(part=L[k]), "money")
              for k in ("stock", "increment", "winback")],
            *[Col(L["rv_part_year"].format(part=L[k]), "money")
              for k in ("stock", "increment", "winback")],
            Col(L["rv_base_to_date"], "money"), Col(L["rv_target"], "money"),
            Col(L["rv_actual"], "money"), Col(L["rv_achievement"], "rate"),
            Col(L["rv_gap"], "money"), Col(L["rv_year"], "money"),
            Col(L["rv_forecast"], "money"),
            *[Col(L["rv_part_actual"].format(part=L[k]), "money")
              for k in ("stock", "increment", "winback")],
            Col(L["rv_yoy"], "growth"), Col(L["customer_id"]), Col(L["region_id"]),
            Col(L["industry_id"]), Col(L["line_id"])]
    out = []
    for i, row in enumerate(rows):
        r = TOP + 1 + i
        p = row.progress
        c = plan.customers[row.customer]
        a, tg = cell(r, C_ACT), cell(r, C_TGT)
        s, inc, w, b = (cell(r, x) for x in (C_ST, C_IT, C_WT, C_BASE))
        out.append([
            c.name, names.region(row.region), names.industry(row.industry), names.line(row.line),
            *p.target_q, *[p.actual_q[k] if k < t else "" for k in range(4)],
            *p.parts_target, *p.parts_year, p.base_to_date,
            Formula(f"=SUM({cell(r, C_TQ)}:{cell(r, C_TQ + t - 1)})", p.target),
            Formula(f"=SUM({cell(r, C_AQ)}:{cell(r, C_AQ + t - 1)})", p.actual),
            Formula(_ratio(a, tg), _opt(p.achievement)),
            Formula(f"={a}-{tg}", p.gap),
            Formula(f"=SUM({cell(r, C_TQ)}:{cell(r, C_TQ + 3)})", p.year),
            Formula(f"={a}+{cell(r, C_YEAR)}-{tg}", p.forecast),
            # attribution (compute/review_actuals.attribute): stock first, then increment,
            # then win-back; beyond the target, stock up to the base, then increment
            Formula(f"=MIN({a},{s})+MIN(MAX({a}-{s}-{inc}-{w},0),MAX({b}-{s},0))",
                    p.parts_actual[0]),
            Formula(f"={a}-{cell(r, C_SA)}-{cell(r, C_WA)}", p.parts_actual[1]),
            Formula(f"=MIN(MAX({a}-{s}-{inc},0),{w})", p.parts_actual[2]),
            Formula(f'=IF({b}=0,"",{a}/{b}-1)', _opt(p.yoy)),
            row.customer, row.region, row.industry, row.line,
        ])
    book.table(ws, TOP, cols, out, freeze=True, autofilter=True)


def _summary(book: Book, name: str, title: str, data: _Data, key_col: int,
             keys: Sequence[tuple[str, str]], groups: dict[str, Progress], total: Progress,
             L: dict[str, str], chart: bool = False) -> None:
    """One row per key (name, then id): SUMIFS of the data sheet, and the derived figures."""
    ws = book.sheet(name)
    ws.write_string(0, 0, title, book.fmt["title"])
    ws.write_string(1, 0, L["rv_xlsx_summary_note"], book.fmt["note"])
    cols = [Col(L["name"], width=22), Col(L["rv_target"], "money"),
            Col(L["rv_actual"], "money"), Col(L["rv_achievement"], "rate"),
            Col(L["rv_gap"], "money"), Col(L["rv_year"], "money"),
            Col(L["rv_forecast"], "money"), Col(L["rv_forecast_achievement"], "rate"),
            Col(L["rv_base_to_date"], "money"), Col(L["rv_yoy"], "growth"), Col(L["id"])]
    top = 3
    rows = []
    for i, (key, label) in enumerate(keys):
        r = top + 1 + i
        p = groups[key]

        def sumifs(col: int, value: Decimal, r: int = r) -> Formula:
            return Formula(f"=SUMIFS({data.col(col)},{data.col(key_col)},{cell(r, S_ID)})",
                           value)

        rows.append([label, sumifs(C_TGT, p.target), sumifs(C_ACT, p.actual),
                     *_derived(r, p, year=sumifs(C_YEAR, p.year),
                               base=sumifs(C_BASE, p.base_to_date)), key])
    first, last = top + 1, top + max(len(rows), 1)
    tr = last + 1

    def colsum(c: int, value: Decimal) -> Formula:
        return Formula(f"=SUM({cell(first, c)}:{cell(last, c)})", value)

    tot = [L["total"], colsum(S_TGT, total.target), colsum(S_ACT, total.actual),
           *_derived(tr, total, year=colsum(S_YEAR, total.year),
                     base=colsum(S_BASE, total.base_to_date)), ""]
    book.table(ws, top, cols, rows, tot, freeze=True)
    if chart and rows:
        ch = book.wb.add_chart({"type": "bar"})
        ch.add_series({"name": [name, top, S_ACH], "categories": [name, first, 0, last, 0],
                       "values": [name, first, S_ACH, last, S_ACH],
                       "data_labels": {"value": True}})
        ch.set_title({"name": title})
        ch.set_legend({"none": True})
        ch.set_x_axis({"num_format": "0%", "min": 0})
        ch.set_y_axis({"reverse": True})
        book.chart(ws, tr + 2, 0, ch, x_scale=1.4, y_scale=0.6 + 0.08 * len(rows))


def _derived(r: int, p: Progress, year: Formula, base: Formula) -> list[Any]:
    """Achievement, gap, year, forecast, forecast achievement, base, YoY of summary row `r`."""
    tg, a, y, b = cell(r, S_TGT), cell(r, S_ACT), cell(r, S_YEAR), cell(r, S_BASE)
    return [Formula(_ratio(a, tg), _opt(p.achievement)), Formula(f"={a}-{tg}", p.gap), year,
            Formula(f"={a}+{y}-{tg}", p.forecast), Formula(_ratio(cell(r, S_FC), y),
                                                           _opt(p.forecast_achievement)),
            base, Formula(f'=IF({b}=0,"",{a}/{b}-1)', _opt(p.yoy))]


def _parts(book: Book, data: _Data, p: Progress, L: dict[str, str]) -> None:
    """Stock / increment / win-back: sums of the data sheet's attributed columns."""
    name = L["rv_sheet_parts"]
    ws = book.sheet(name)
    ws.write_string(0, 0, L["rv_s_parts"], book.fmt["title"])
    ws.write_string(1, 0, L["rv_attribution_rule"], book.fmt["note"])
    cols = [Col(L["rv_part"], width=10), Col(L["rv_target"], "money"),
            Col(L["rv_actual"], "money"), Col(L["rv_achievement"], "rate"),
            Col(L["rv_year"], "money"), Col(L["rv_forecast"], "money")]
    top = 3
    rows = []
    for i, (key, ct, ca, cy) in enumerate((("stock", C_ST, C_SA, C_SY),
                                           ("increment", C_IT, C_IA, C_IY),
                                           ("winback", C_WT, C_WA, C_WY))):
        r = top + 1 + i
        part = p.part(i)
        rows.append([L[key], Formula(f"=SUM({data.col(ct)})", part.target),
                     Formula(f"=SUM({data.col(ca)})", part.actual),
                     Formula(_ratio(cell(r, 2), cell(r, 1)), _opt(part.achievement)),
                     Formula(f"=SUM({data.col(cy)})", part.year),
                     Formula(f"={cell(r, 2)}+{cell(r, 4)}-{cell(r, 1)}", part.forecast)])
    tr = top + 4
    tot = [L["total"], *[Formula(f"=SUM({cell(top + 1, c)}:{cell(top + 3, c)})", v)
                         for c, v in ((1, p.target), (2, p.actual))],
           Formula(_ratio(cell(tr, 2), cell(tr, 1)), _opt(p.achievement)),
           Formula(f"=SUM({cell(top + 1, 4)}:{cell(top + 3, 4)})", p.year),
           Formula(f"={cell(tr, 2)}+{cell(tr, 4)}-{cell(tr, 1)}", p.forecast)]
    book.table(ws, top, cols, rows, tot)


def _quarters(book: Book, data: _Data, p: Progress, through: int, L: dict[str, str]) -> None:
    """Q1..Q4: plan and actual (sums of the data sheet), cumulative, and a line chart."""
    name = L["rv_sheet_quarters"]
    ws = book.sheet(name)
    ws.write_string(0, 0, L["rv_s_quarters"], book.fmt["title"])
    cols = [Col(L["rv_quarter"], width=10), Col(L["rv_plan"], "money"),
            Col(L["rv_actual"], "money"), Col(L["rv_cum_plan"], "money"),
            Col(L["rv_cum_actual"], "money"), Col(L["rv_cum_achievement"], "rate")]
    top = 2
    rows = []
    cum_plan = cum_actual = ZERO
    for k in range(4):
        r = top + 1 + k
        cum_plan += p.target_q[k]
        cum = f"={cell(r - 1, 3)}+{cell(r, 1)}" if k else f"={cell(r, 1)}"
        row: list[Any] = [L[f"q{k + 1}"], Formula(f"=SUM({data.col(C_TQ + k)})", p.target_q[k]),
                          "", Formula(cum, cum_plan), "", ""]
        if k < through:
            cum_actual += p.actual_q[k]
            row[2] = Formula(f"=SUM({data.col(C_AQ + k)})", p.actual_q[k])
            row[4] = Formula(f"={cell(r - 1, 4)}+{cell(r, 2)}" if k else f"={cell(r, 2)}",
                             cum_actual)
            row[5] = Formula(_ratio(cell(r, 4), cell(r, 3)),
                             _opt(cum_actual / cum_plan if cum_plan else None))
        rows.append(row)
    book.table(ws, top, cols, rows)
    ch = book.wb.add_chart({"type": "line"})
    for c, dash in ((3, "dash"), (4, "solid")):
        ch.add_series({"name": [name, top, c], "categories": [name, top + 1, 0, top + 4, 0],
                       "values": [name, top + 1, c, top + 4, c], "marker": {"type": "circle"},
                       "line": {"dash_type": dash}})
    ch.set_title({"name": L["rv_chart_cumulative"]})
    ch.set_legend({"position": "bottom"})
    ch.set_y_axis({"num_format": "#,##0", "min": 0})
    ch.show_blanks_as("gap")
    book.chart(ws, top + 7, 0, ch, y_scale=1.0)


def _flags_sheet(book: Book, flags: list[dict[str, str]], L: dict[str, str]) -> None:
    ws = book.sheet(L["rv_sheet_flags"])
    ws.write_string(0, 0, L["rv_s_flags"], book.fmt["title"])
    cols = [Col(L["flag_subject"], width=24), Col(L["flag_what"], width=48),
            Col(L["flag_fix"], width=40), Col(L["rv_causes"], width=40)]
    book.table(ws, 2, cols, [[f["subject"], f["message"], f["fix"], ""] for f in flags],
               autofilter=True)


def review_workbook(plan: PlanSet, review: Review, level: str, id: str | None,
                    ctx: dict[str, Any], L: dict[str, str], lang: str) -> bytes:
    """The workbook of one review document: a customer's, an industry's or the market's."""
    names = Names(plan, L, lang=lang)
    book = Book(lang, ctx["doc"]["title"], plan.market.plan.date)
    if level == "customer":
        rows = [r for r in review.rows if r.customer == id]
        total = review.customers[id]  # type: ignore[index]
    elif level == "industry":
        rows = [r for r in review.rows if r.industry == id]
        total = review.industries[id]  # type: ignore[index]
    else:
        rows, total = list(review.rows), review.market
    data = _Data(L["sheet_data"], TOP + 1, TOP + max(len(rows), 1))
    by_line: dict[str, Progress] = {}
    for r in rows:
        by_line[r.line] = by_line.get(r.line, Progress(review.through)) + r.progress
    line_keys = [(k, names.line(k)) for k in names.lines if k in by_line]
    cids = list(dict.fromkeys(r.customer for r in rows))
    customer_keys = [(c, plan.customers[c].name) for c in cids]
    if level == "market":
        _summary(book, L["sheet_by_industry"], L["rv_s_industry"], data, C_IND_ID,
                 [(k, names.industry(k)) for k in review.industries], review.industries,
                 total, L, chart=True)
        _summary(book, L["sheet_by_region"], L["rv_s_region"], data, C_REGION_ID,
                 [(k, names.region(k)) for k in review.regions], review.regions, total, L,
                 chart=True)
    if level != "customer":
        _summary(book, L["sheet_by_customer"], L["rv_s_customer"], data, C_ID, customer_keys,
                 {c: review.customers[c] for c in cids}, total, L, chart=level == "industry")
    _summary(book, L["sheet_by_line"], L["rv_s_line"], data, C_LINE_ID, line_keys, by_line,
             total, L)
    _parts(book, data, total, L)
    _quarters(book, data, total, review.through, L)
    _flags_sheet(book, ctx["flags"], L)
    _data_sheet(book, plan, review, rows, names, L)
    return book.close()
