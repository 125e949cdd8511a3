"""The key-customer workbook: the plan's inputs as values and every derived figure as a formula.

Sheets: 目标汇总 (targets by business line, SUMIFS over the detail sheets), 钱包份额 (with a
chart), 存量, 商机, 策反 (one row per input line with its weighted value and quarterly spread),
季度计划 (with a chart), 关系与措施, 价值评估, 审核提示 — after the summary, in the order of the
plan's sections, each titled with its section number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.money import ZERO
from planner.compute.phasing import add_quarters
from planner.compute.targets import stock_figures
from planner.compute.value import wallet_by_line
from planner.errors import Issue
from planner.model import Customer
from planner.render.workbook import (
    Book,
    Col,
    Formula,
    cell,
    col_range,
    product_formula,
    quarter_formulas,
)
from planner.render.xlsx_value import value_sheet
from planner.report.common import Names, section_title
from planner.validate import PlanSet

Q = ("Q1", "Q2", "Q3", "Q4")


def customer_workbook(plan: PlanSet, targets: Targets, cid: str, flags: list[Issue],
                      L: dict[str, str], lang: str, context: dict[str, Any]) -> bytes:
    """The customer's workbook as .xlsx bytes."""
    c = plan.customers[cid]
    names = Names(plan, lang=lang)
    book = Book(lang, context["doc"]["title"], plan.market.plan.date)
    summary = book.sheet(L["sheet_summary"])
    # the other sheets in the order of the plan's sections: 一（二） wallet, 二（三）–（五） stock,
    # opportunities, win-back, 三（二）–（三） quarters, relationship (and 四 retention), 五 value
    wallet = _wallet_sheet(book, L, c, plan, names)
    sheets = {"stock": L["sheet_stock"], "opps": L["sheet_opps"], "wins": L["sheet_winback"]}
    ranges = {
        "stock": _stock_sheet(book, sheets["stock"], c, names, L),
        "opps": _opps_sheet(book, sheets["opps"], c, targets, cid, names, L),
        "wins": _wins_sheet(book, sheets["wins"], c, targets, cid, names, L),
    }
    total_row = _summary(book, summary, c, targets, cid, names, L, sheets, ranges, context)
    _quarters_sheet(book, L, sheets, ranges, targets.customers[cid].figures,
                    context["doc"]["money_unit"])
    _measures_sheet(book, L, context)
    value_sheet(book, L, c, targets, cid, total_row, wallet,
                plan.market.review.loyalty_weights)
    _flags_sheet(book, L, context["flags"])
    return book.close()


def _title(book: Book, ws: Any, text: str, note: str) -> None:
    book.put(ws, 0, 0, text, "title")
    book.put(ws, 1, 0, note, "note")


def _span(top: int, n: int) -> tuple[int, int]:
    """First and last data rows under a header at `top` (one blank row when there are none,
    so formulas over an empty sheet still read a valid range and sum to 0)."""
    return top + 1, top + max(n, 1)


def _stock_sheet(book: Book, name: str, c: Customer, names: Names, L: dict[str, str]) -> dict:
    ws = book.sheet(name)
    _title(book, ws, f"{c.name} · {section_title(L, 's2_stock')}", L["xlsx_inputs_note"])
    cols = [Col(L["business_line"]), Col(L["base"], "money"), Col(L["previous"], "money"),
            Col(L["yoy"], "growth"), Col(L["retention"], "rate"),
            Col(L["stock_target"], "money"), *[Col(L[q.lower()], "money") for q in Q],
            *[Col(f"{L[q.lower()]}{L['share_suffix']}", "rate") for q in Q],
            Col(L["risk"], width=30), Col(L["measure"], width=30), Col(L["line_id"])]
    top = 2
    rows = []
    for i, s in enumerate(c.stock):
        r = top + 1 + i
        fig = stock_figures(s)
        shares = s.phasing or [Decimal("0.25")] * 4
        yoy = s.base / s.previous - 1 if s.previous else ""
        rows.append([
            names.line(s.business_line), s.base, s.previous,
            Formula(f'=IF(N({cell(r, 2)})=0,"",{cell(r, 1)}/{cell(r, 2)}-1)', yoy), s.retention,
            Formula("=" + product_formula(cell(r, 1), cell(r, 4)), fig.stock),
            *quarter_formulas(cell(r, 5), None, [cell(r, 10 + k) for k in range(4)],
                              fig.quarters.stock),
            *shares, s.risk or "", s.measure or "", s.business_line])
    first, last_row = _span(top, len(rows))
    total = [L["total"], _sum(1, first, last_row, sum((s.base for s in c.stock), ZERO)),
             _sum(2, first, last_row, sum((s.previous or ZERO for s in c.stock), ZERO)), "", "",
             _sum(5, first, last_row, sum((stock_figures(s).stock for s in c.stock), ZERO)),
             *[_sum(6 + k, first, last_row,
                    sum((stock_figures(s).quarters.stock[k] for s in c.stock), ZERO))
               for k in range(4)], "", "", "", "", "", "", ""]
    book.table(ws, top, cols, rows, total, freeze=True, autofilter=True)
    return {"sheet": name, "first": first, "last": last_row, "line": 16, "base": 1,
            "value": 5, "q": 6}


def _sum(col: int, first: int, last: int, value: Decimal) -> Formula:
    return Formula(f"=SUM({cell(first, col)}:{cell(last, col)})", value)


def _opps_sheet(book: Book, name: str, c: Customer, targets: Targets, cid: str, names: Names,
                L: dict[str, str]) -> dict:
    ws = book.sheet(name)
    _title(book, ws, f"{c.name} · {section_title(L, 's2_opps')}", L["xlsx_inputs_note"])
    cols = [Col(L["opportunity"], width=24), Col(L["business_line"]), Col(L["amount"], "money"),
            Col(L["probability"], "rate"), Col(L["weighted"], "money"),
            Col(L["start_quarter"], "quarter"), *[Col(L[q.lower()], "money") for q in Q],
            Col(L["conditions"], width=32), Col(L["source"], width=16), Col(L["line_id"])]
    top = 2
    items = targets.customers[cid].opportunities
    rows = []
    for i, (o, item) in enumerate(zip(c.opportunities, items)):
        r = top + 1 + i
        rows.append([o.name, names.line(o.business_line), o.amount, o.probability,
                     Formula("=" + product_formula(cell(r, 2), cell(r, 3)), item.weighted),
                     o.quarter,
                     *quarter_formulas(cell(r, 4), cell(r, 5), None, item.quarters),
                     o.conditions or "", o.source or "", o.business_line])
    first, last = _span(top, len(rows))
    total = [L["total"], "", _sum(2, first, last, sum((o.amount for o in c.opportunities), ZERO)),
             "", _sum(4, first, last, sum((i.weighted for i in items), ZERO)), "",
             *[_sum(6 + k, first, last, add_quarters(*(i.quarters for i in items))[k])
               for k in range(4)], "", "", ""]
    book.table(ws, top, cols, rows, total, freeze=True, autofilter=True)
    return {"sheet": name, "first": first, "last": last, "line": 12, "value": 4, "amount": 2,
            "q": 6}


def _wins_sheet(book: Book, name: str, c: Customer, targets: Targets, cid: str, names: Names,
                L: dict[str, str]) -> dict:
    ws = book.sheet(name)
    _title(book, ws, f"{c.name} · {section_title(L, 's2_winback')}", L["xlsx_inputs_note"])
    cols = [Col(L["competitor"]), Col(L["business_line"]), Col(L["competitor_revenue"], "money"),
            Col(L["winback_amount"], "money"), Col(L["probability"], "rate"),
            Col(L["weighted"], "money"), Col(L["start_quarter"], "quarter"),
            *[Col(L[q.lower()], "money") for q in Q], Col(L["approach"], width=32),
            Col(L["line_id"])]
    top = 2
    items = targets.customers[cid].winbacks
    rows = []
    for i, (w, item) in enumerate(zip(c.winback, items)):
        r = top + 1 + i
        rows.append([names.carrier(w.competitor), names.line(w.business_line),
                     w.competitor_revenue, w.amount, w.probability, Formula(
                         "=" + product_formula(cell(r, 3), cell(r, 4)), item.weighted),
                     w.quarter,
                     *quarter_formulas(cell(r, 5), cell(r, 6), None, item.quarters),
                     w.approach or "", w.business_line])
    first, last = _span(top, len(rows))
    total = [L["total"], "",
             _sum(2, first, last, sum((w.competitor_revenue for w in c.winback), ZERO)),
             _sum(3, first, last, sum((w.amount for w in c.winback), ZERO)), "",
             _sum(5, first, last, sum((i.weighted for i in items), ZERO)), "",
             *[_sum(7 + k, first, last, add_quarters(*(i.quarters for i in items))[k])
               for k in range(4)], "", ""]
    book.table(ws, top, cols, rows, total, freeze=True, autofilter=True)
    return {"sheet": name, "first": first, "last": last, "line": 12, "value": 5, "q": 7}


def _sumifs(rng: dict, value_col: int, key: str, cached: Decimal) -> Formula:
    values = col_range(rng["sheet"], value_col, rng["first"], rng["last"])
    keys = col_range(rng["sheet"], rng["line"], rng["first"], rng["last"])
    return Formula(f"=SUMIFS({values},{keys},{key})", cached)


def _summary(book: Book, ws: Any, c: Customer, targets: Targets, cid: str, names: Names,
             L: dict[str, str], sheets: dict, ranges: dict, context: dict) -> int:
    doc = context["doc"]
    _title(book, ws, doc["title"], f"{doc['unit']} · {L['plan_year']} {doc['year']} · "
           f"{L['base_year']} {doc['base_year']} · {L['money_unit_note']}: {doc['money_unit']}")
    info = [(L["customer_name"], c.name), (L["industry"], names.industry(c.industry)),
            (L["region"], names.region(c.region)), (L["manager"], c.manager or "")]
    for i, (k, v) in enumerate(info):
        book.put(ws, 2, 2 * i, k, "text")
        ws.write_string(2, 2 * i, k, book.fmt["label"])
        book.put(ws, 2, 2 * i + 1, v)
    cols = [Col(L["business_line"]), Col(L["base"], "money"), Col(L["stock"], "money"),
            Col(L["increment"], "money"), Col(L["pipeline"], "money"),
            Col(L["winback"], "money"), Col(L["total"], "money"), Col(L["growth"], "growth"),
            Col(L["line_id"])]
    top = 4
    t = targets.customers[cid]
    rows = []
    for i, (line, f) in enumerate(t.lines.items()):
        r = top + 1 + i
        key = cell(r, 8)  # ids, not names: a name may hold a SUMIFS wildcard (* ? ~)
        rows.append([
            names.line(line), _sumifs(ranges["stock"], 1, key, f.base),
            _sumifs(ranges["stock"], 5, key, f.stock),
            _sumifs(ranges["opps"], 4, key, f.increment),
            _sumifs(ranges["opps"], 2, key, f.pipeline),
            _sumifs(ranges["wins"], 5, key, f.winback),
            Formula(f"={cell(r, 2)}+{cell(r, 3)}+{cell(r, 5)}", f.total),
            Formula(f'=IF({cell(r, 1)}=0,"",{cell(r, 6)}/{cell(r, 1)}-1)',
                    "" if f.growth is None else f.growth), line])
    first, last = _span(top, len(rows))
    f = t.figures
    total_row = last + 1
    total = [L["total"], *[_sum(k, first, last, v) for k, v in
                           zip(range(1, 7), (f.base, f.stock, f.increment, f.pipeline,
                                             f.winback, f.total))],
             Formula(f'=IF({cell(total_row, 1)}=0,"",{cell(total_row, 6)}/'
                     f'{cell(total_row, 1)}-1)', "" if f.growth is None else f.growth), ""]
    book.table(ws, top, cols, rows, total, freeze=True)
    ws.set_column(0, 7, 16)
    ws.activate()
    return total_row


def _quarters_sheet(book: Book, L: dict[str, str], sheets: dict, ranges: dict, f: Any,
                    unit: str) -> None:
    ws = book.sheet(L["sheet_quarters"])
    _title(book, ws, section_title(L, "s3_quarters"), f"{L['money_unit_note']}: {unit}")
    cols = [Col(L["target"]), *[Col(L[q.lower()], "money") for q in Q], Col(L["year"], "money")]
    top = 2
    parts = (("stock", f.quarters.stock), ("opps", f.quarters.increment),
             ("wins", f.quarters.winback))
    rows = []
    for i, (key, quarters) in enumerate(parts):
        rng = ranges[key]
        r = top + 1 + i
        label = L[{"stock": "stock", "opps": "increment", "wins": "winback"}[key]]
        rows.append([label, *[Formula(f"=SUM({col_range(rng['sheet'], rng['q'] + k, rng['first'], rng['last'])})", quarters[k]) for k in range(4)],  # noqa: E501
                     Formula(f"=SUM({cell(r, 1)}:{cell(r, 4)})", sum(quarters, ZERO))])
    total_q = f.quarters.total
    total = [L["total"], *[_sum(1 + k, top + 1, top + 3, total_q[k]) for k in range(4)],
             _sum(5, top + 1, top + 3, f.total)]
    book.table(ws, top, cols, rows, total)
    chart = book.wb.add_chart({"type": "column", "subtype": "stacked"})
    name = L["sheet_quarters"]
    for i in range(3):
        r = top + 1 + i
        chart.add_series({"name": [name, r, 0], "categories": [name, top, 1, top, 4],
                          "values": [name, r, 1, r, 4]})
    chart.set_title({"name": L["chart_quarters"]})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    book.chart(ws, top + 6, 0, chart)


def _wallet_sheet(book: Book, L: dict[str, str], c: Customer, plan: PlanSet,
                  names: Names) -> dict | None:
    ws = book.sheet(L["sheet_wallet"])
    _title(book, ws, section_title(L, "s1_wallet"), L["wallet_intro"])
    by_line = wallet_by_line(c.spend)
    operator = plan.market.catalog.operator
    carriers = [k for k in [operator, *plan.market.catalog.competitors]
                if any(k in row for row in by_line.values())]
    if not by_line:
        ws.write_string(3, 0, L["not_filled"], book.fmt["note"])
        return None
    n = len(carriers)
    cols = [Col(L["business_line"]), *[Col(names.carrier(k), "money") for k in carriers],
            Col(L["wallet_total"], "money"), Col(L["share"], "rate")]
    top = 2
    rows = []
    for i, (line, row) in enumerate(by_line.items()):
        r = top + 1 + i
        spend = sum(row.values(), ZERO)
        share = row.get(operator, ZERO) / spend if spend else ""
        rows.append([names.line(line), *[row.get(k, ZERO) for k in carriers],
                     Formula(f"=SUM({cell(r, 1)}:{cell(r, n)})", spend),
                     Formula(f'=IF({cell(r, n + 1)}=0,"",{cell(r, 1)}/{cell(r, n + 1)})', share)])
    first, last = top + 1, top + len(rows)
    everything = sum((sum(r.values(), ZERO) for r in by_line.values()), ZERO)
    ours = sum((r.get(operator, ZERO) for r in by_line.values()), ZERO)
    tr = last + 1
    total = [L["wallet_total"],
             *[_sum(1 + k, first, last, sum((r.get(carriers[k], ZERO) for r in by_line.values()),
                                            ZERO)) for k in range(n)],
             _sum(n + 1, first, last, everything),
             Formula(f'=IF({cell(tr, n + 1)}=0,"",{cell(tr, 1)}/{cell(tr, n + 1)})',
                     ours / everything if everything else "")]
    book.table(ws, top, cols, rows, total)
    chart = book.wb.add_chart({"type": "bar", "subtype": "percent_stacked"})
    name = L["sheet_wallet"]
    for k in range(n):
        chart.add_series({"name": [name, top, 1 + k], "categories": [name, first, 0, last, 0],
                          "values": [name, first, 1 + k, last, 1 + k]})
    chart.set_title({"name": L["chart_wallet"]})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    book.chart(ws, tr + 2, 0, chart, y_scale=1 + 0.08 * len(rows))
    return {"sheet": name, "total": cell(tr, n + 1, True), "ours": cell(tr, 1, True),
            "has_ours": operator in carriers}


def _measures_sheet(book: Book, L: dict[str, str], ctx: dict) -> None:
    ws = book.sheet(L["sheet_measures"])
    _title(book, ws, section_title(L, "s3_relationship"), "")
    row = book.table(ws, 2, [Col(L["contact_name"]), Col(L["contact_title"], width=24),
                             Col(L["contact_role"]), Col(L["contact_attitude"])],
                     [[p["name"], p["title"], p["role"], p["attitude"]]
                      for p in ctx["contacts"]])
    row = book.table(ws, row + 1, [Col(L["quarter"], "quarter"), Col(L["activity"], width=40),
                                   Col(L["owner"])],
                     [[a["quarter"], a["activity"], a["owner"]] for a in ctx["activities"]])
    row = book.table(ws, row + 1, [Col(L["dimension"]), Col(L["strategy"], width=60)],
                     [[s["dimension"], s["text"]] for s in ctx["strategies"]])
    r = ctx["retention"]
    ws.write_string(row + 1, 0, L["s4"], book.fmt["title"])
    ws.write_string(row + 2, 0, L["priority"], book.fmt["label"])
    book.put(ws, row + 2, 1, r["priority"])
    ws.write_string(row + 3, 0, L["risks"], book.fmt["label"])
    book.put(ws, row + 3, 1, "\n".join(r["risks"]))
    ws.write_string(row + 4, 0, L["actions"], book.fmt["label"])
    book.put(ws, row + 4, 1, "\n".join(r["actions"]))
    book.table(ws, row + 6, [Col(L["kpi"], width=30), Col(L["kpi_value"], "rate")],
               [[k["name"], k["rate"] if k["rate"] is not None else k["value"]]
                for k in r["kpis"]])
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 60)


def _flags_sheet(book: Book, L: dict[str, str], flags: list[dict[str, str]]) -> None:
    ws = book.sheet(L["sheet_flags"])
    _title(book, ws, L["flags_title"], "" if flags else L["flags_none"])
    book.table(ws, 2, [Col(L["flag_what"], width=50), Col(L["flag_fix"], width=50),
                       Col(L["flag_where"], width=30)],
               [[f["message"], f["fix"], f["where"]] for f in flags], freeze=True,
               autofilter=True)
