"""The industry workbook, the market workbook and the director's review workbook."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.compute import Targets
from planner.compute.codec import parts, within
from planner.compute.money import ZERO
from planner.compute.rollup import Group, roll_up, total
from planner.compute.value import QUADRANTS
from planner.errors import Issue
from planner.render.workbook import Book, Col, Formula, cell, col_range, product_formula
from planner.render.xlsx_kept import Kept
from planner.render.xlsx_print import text_width
from planner.render.xlsx_rollup import (
    BULK_ID,
    C_ID,
    C_IND_ID,
    C_LINE_ID,
    C_REGION_ID,
    data_parts,
    data_range,
    data_sheet,
    matrix_sheet,
    summary_sheet,
)
from planner.report.common import Names, section_title, subject_name
from planner.report.industry import ranked_items
from planner.validate import PlanSet


def industry_workbook(plan: PlanSet, targets: Targets, iid: str, ctx: dict[str, Any],
                      L: dict[str, str], lang: str, kept: Kept | None = None) -> bytes:
    """Data, targets by customer and by line, the opportunities, and the review flags. The data
    sheet's rows of each customer are taken from `kept` where it has them (as the market
    workbook's)."""
    names = Names(plan, L, lang=lang)
    book = Book(lang, ctx["doc"]["title"], plan.market.plan.date, large=True)
    rows = targets.industry_rows(iid)
    sheet_parts = data_parts(book, plan, rows, names, L, kept)
    data = data_range(L, sum(p.rows for p in sheet_parts))
    cids = list(targets.industries[iid].customers)
    keys = [(c, plan.briefs[c].name) for c in cids]
    groups = {c: Group(parts(targets.customers, c, "figures")[0]) for c in cids}
    bulk = targets.bulk_rows(iid)
    if bulk:
        keys.append((BULK_ID, L["other_customers"]))
        groups[BULK_ID] = Group(total(bulk))
    summary_sheet(book, L["sheet_by_customer"], ctx["doc"]["title"], data, C_ID, keys, groups,
                  L, chart=L["chart_customers"])
    for winback in (False, True):  # 二（二）, 二（三）, then 二（四）: the plan's order
        found = ranked_items(plan, cids, "winback" if winback else "opportunities")
        _items_sheet(book, L, names, found, winback)
    line_groups = roll_up(rows, lambda r: r.line, list(names.lines))
    line_keys = [(k, names.line(k)) for k in names.lines if k in line_groups]
    summary_sheet(book, L["sheet_by_line"], section_title(L, "i2_change"), data, C_LINE_ID,
                  line_keys, line_groups, L, kinds={k: names.kind_label(k) for k in names.lines})
    data_sheet(book, sheet_parts, L)
    flags_sheet(book, L, ctx["flags"], subject=True)
    return book.close()


def _items_sheet(book: Book, L: dict[str, str], names: Names, found: list,
                 winback: bool) -> None:
    """The opportunities (or win-back items) of the industry, largest weighted value first."""
    ws = book.sheet(L["sheet_winback" if winback else "sheet_opps"])
    ws.write_string(0, 0, section_title(L, "i2_winback" if winback else "i2_opps"),
                    book.fmt["title"])
    ws.write_string(1, 0, L["opps_rank_note"], book.fmt["note"])
    cols = [Col(L["customer"], width=22),
            Col(L["competitor"] if winback else L["opportunity"], width=22),
            Col(L["business_line"]), Col(L["amount"], "money"), Col(L["probability"], "rate"),
            Col(L["weighted"], "money"), Col(L["start_quarter"], "quarter"),
            Col(L["approach" if winback else "conditions"], width=36)]
    top = 2
    rows = []
    for i, (customer, item, weighted) in enumerate(found):
        r = top + 1 + i
        rows.append([customer.name, names.carrier(item.competitor) if winback else item.name,
                     names.line(item.business_line), item.amount, item.probability,
                     Formula("=" + product_formula(cell(r, 3), cell(r, 4)), weighted), item.quarter,
                     (item.approach if winback else item.conditions) or ""])
    first, last = top + 1, top + max(len(rows), 1)
    total_row = ["" for _ in cols]
    total_row[0] = L["total"]
    total_row[3] = Formula(f"=SUM({cell(first, 3)}:{cell(last, 3)})",
                           sum((x[1].amount for x in found), ZERO))
    total_row[5] = Formula(f"=SUM({cell(first, 5)}:{cell(last, 5)})",
                           sum((x[2] for x in found), ZERO))
    book.table(ws, top, cols, rows, total_row, freeze=True, autofilter=True)


def market_workbook(plan: PlanSet, targets: Targets, ctx: dict[str, Any], L: dict[str, str],
                    lang: str, kept: Kept | None = None) -> bytes:
    """Summaries by region (with guidance), industry, line and region × industry, the data
    they sum, the customer value matrix, and the market's review flags. The data sheet's rows
    of a customer are taken from `kept` when an earlier build made them from the same targets
    (and the parts made are kept there)."""
    names = Names(plan, L, lang=lang)
    book = Book(lang, ctx["doc"]["title"], plan.market.plan.date, large=True)
    parts = data_parts(book, plan, targets.rows, names, L, kept)
    data = data_range(L, sum(p.rows for p in parts))
    summary_sheet(book, L["sheet_by_region"], ctx["doc"]["title"], data, C_REGION_ID,
                  [(k, names.region(k)) for k in targets.regions], targets.regions, L,
                  guidance=True, grand_guidance=targets.market.guidance,
                  chart=L["chart_regions"])
    summary_sheet(book, L["sheet_by_industry"], section_title(L, "m3_industry"), data, C_IND_ID,
                  [(k, names.industry(k)) for k in targets.industries], targets.industries, L,
                  chart=L["chart_industries"])
    summary_sheet(book, L["sheet_by_line"], section_title(L, "m3_line"), data, C_LINE_ID,
                  [(k, names.line(k)) for k in targets.lines], targets.lines, L,
                  kinds={k: names.kind_label(k) for k in names.lines})
    matrix_sheet(book, data, [(k, names.region(k)) for k in targets.regions],
                 [(k, names.industry(k)) for k in targets.industries], targets, L)
    _value_sheet(book, plan, targets, L)
    data_sheet(book, parts, L)
    flags_sheet(book, L, ctx["flags"], subject=True)
    return book.close()


def _value_sheet(book: Book, plan: PlanSet, targets: Targets, L: dict[str, str]) -> None:
    """Every customer's value assessment, sorted by quadrant, with a scatter chart."""
    name = L["sheet_value"]
    ws = book.sheet(name)
    ws.write_string(0, 0, L["m6"], book.fmt["title"])
    ws.write_string(1, 0, L["value_rule_short"], book.fmt["note"])
    cols = [Col(L["customer"], width=24), Col(L["value_quadrant"]),
            Col(L["value_current"], "money"), Col(L["value_potential"], "money"),
            Col(L["value_share"], "rate"), Col(L["customer_id"])]
    order = {q: i for i, q in enumerate(QUADRANTS)}
    keyed = []
    for cid in targets.customers:  # each customer's value read alone, and let go
        quadrant, current, potential, share = within(
            targets.customers, cid, "value", "quadrant", "current", "potential", "share_of_wallet")
        keyed.append((order[quadrant], cid, [
            plan.briefs[cid].name, L[f"quadrant_{quadrant}"], current, potential,
            share if share is not None else "", cid]))
    rows = [r for _, _, r in sorted(keyed, key=lambda r: r[:2])]
    top = 2
    book.table(ws, top, cols, rows, freeze=True, autofilter=True)
    if rows:
        chart = book.wb.add_chart({"type": "scatter"})
        chart.add_series({"name": L["chart_value"],
                          "categories": [name, top + 1, 2, top + len(rows), 2],
                          "values": [name, top + 1, 3, top + len(rows), 3],
                          "marker": {"type": "circle", "size": 7}})
        chart.set_title({"name": L["chart_value"]})
        chart.set_x_axis({"name": L["value_current"]})
        chart.set_y_axis({"name": L["value_potential"]})
        chart.set_legend({"none": True})
        book.chart(ws, top + len(rows) + 3, 0, chart, y_scale=1.2)


def flags_sheet(book: Book, L: dict[str, str], flags: list[dict[str, str]],
                subject: bool = False) -> None:
    """A document's own review flags."""
    ws = book.sheet(L["sheet_flags"])
    ws.write_string(0, 0, L["flags_title"], book.fmt["title"])
    ws.write_string(1, 0, "" if flags else L["flags_none"], book.fmt["note"])
    cols = ([Col(L["flag_subject"], width=20)] if subject else []) + [
        Col(L["flag_what"], width=50), Col(L["flag_fix"], width=50),
        Col(L["flag_where"], width=28)]
    rows = [([f["subject"]] if subject else []) + [f["message"], f["fix"], f["where"]]
            for f in flags]
    book.table(ws, 2, cols, rows, freeze=True, autofilter=True)


def review_workbook(plan: PlanSet, flags: list[Issue], L: dict[str, str], lang: str) -> bytes:
    """Every review flag as a row, for the director: filterable, with what to do and who."""
    book = Book(lang, L["review_title"], plan.market.plan.date, large=True)  # 45,000 rows
    name = L["sheet_review"]
    ws = book.sheet(name)
    ws.write_string(0, 0, f"{plan.market.plan.unit} · {plan.market.plan.year} · "
                    f"{L['review_title']}", book.fmt["title"])
    ws.write_string(1, 0, L["review_intro"], book.fmt["note"])
    # the subject's name first and its id near the end: a director reads names; the sign-off
    # columns (owner, due, status) are inputs, the owner prefilled with the subject's manager
    # (the printed columns sum to about 150 digits: one landscape page wide at 82 %)
    level = max(text_width(L[f"level_{k}"]) for k in ("customer", "industry", "region",
                                                       "market")) + 2
    cols = [Col(L["flag_subject"], width=18), Col(L["flag_level"], width=level),
            Col(L["flag_kind"], width=14), Col(L["flag_what"], width=40),
            Col(L["flag_fix"], width=36), Col(L["flag_owner"], "input", 10),
            Col(L["flag_due"], "input_date", 11), Col(L["flag_status"], "input", 9),
            Col(L["flag_file"], "plain"), Col(L["flag_line"], "int", 6),
            Col(L["flag_field"], "plain"), Col(L["id"], "plain"), Col("code", "plain")]
    rows = []
    for f in flags:
        s = f.subject
        rows.append([subject_name(plan, f, lang), L[f"level_{s.level}"] if s else "",
                     L.get(f"flag_{f.code}", f.code), f.message(lang, people=True),
                     f.fix(lang, people=True), (s.owner or "") if s else "", None, None,
                     f.file, f.line, f.field, (s.id or "") if s else "", f.code])
    top = 2
    book.table(ws, top, cols, rows, freeze=True, autofilter=True)
    # the printed sign-off sheet: from the subject to the status, on one page wide; the file,
    # line, field and ids stay on screen for whoever fixes the plan files
    book.pages[ws].print_cols = 8
    statuses = [L["flag_status_open"], L["flag_status_doing"], L["flag_status_done"]]
    last = top + max(len(rows), 1)
    ws.data_validation(top + 1, 7, last, 7, {"validate": "list", "source": statuses})
    ws.data_validation(top + 1, 6, last, 6, {"validate": "date", "criteria": ">=",
                                             "value": dt.date(2000, 1, 1)})
    counts = book.sheet(L["sheet_review_counts"])
    counts.write_string(0, 0, L["sheet_review_counts"], book.fmt["title"])
    codes = list(dict.fromkeys(f.code for f in flags))
    codes_col = col_range(name, len(cols) - 1, top + 1, top + max(len(rows), 1))
    count_rows = [[L.get(f"flag_{c}", c), c,
                   Formula(f'=COUNTIF({codes_col},{cell(3 + i, 1)})',
                           sum(1 for f in flags if f.code == c))]
                  for i, c in enumerate(codes)]
    end = len(count_rows) + 3
    book.table(counts, 2, [Col(L["flag_kind"], width=30), Col("code", width=26),
                           Col(L["flag_count"], "int")], count_rows,
               total=[L["total"], "", Formula(f"=SUM(C4:C{max(end, 4)})", len(flags))])
    return book.close()
