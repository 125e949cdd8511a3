"""The customer workbook's value sheet: the assessment's inputs as values, the rules as live
formulas (each with its computed value), so a recalculation gives the document's figures.

An input not entered is an empty cell: SUM leaves a cost out, a payment rate counts 100%, a
loyalty component is left out of the weighted mean — as `compute/value.py` does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from planner.compute import Targets
from planner.compute.loyalty import COMPONENTS
from planner.model import Customer, LoyaltyWeights
from planner.render.workbook import Book, Formula, cell, product_formula


def _blank(x: Decimal | None) -> Decimal | str:
    """An input not entered: an empty cell (shown as such), never 0 or 100%."""
    return "" if x is None else x


def value_sheet(book: Book, L: dict[str, str], c: Customer, targets: Targets, cid: str,
                total_row: int, wallet: dict | None, weights: LoyaltyWeights) -> None:
    """Value assessment: inputs (costs, payment rate, loyalty scores and weights, thresholds) and
    the rules (current, potential, overall, share, wallet growth, loyalty, quadrant) as formulas."""
    ws = book.sheet(L["sheet_value"])
    book.put(ws, 0, 0, L["s5"], "title")
    book.put(ws, 1, 0, L["value_rule_short"], "note")
    t = targets.customers[cid]
    v = t.value
    costs = c.costs
    summary = f"'{L['sheet_summary']}'!"
    at: dict[str, str] = {}
    rows: list[tuple[str, Any, str, Any]] = []

    def add(key: str, label: str, value: Any, kind: str = "money", extra: Any = None) -> None:
        at[key] = cell(3 + len(rows), 1)
        rows.append((label, value, kind, extra))

    add("revenue", L["value_revenue"],
        Formula(f"={summary}{cell(total_row, 1, True)}", v.revenue))
    add("payment", L["value_payment"], _blank(costs and costs.payment_on_time_rate), "rate")
    add("marketing", L["cost_marketing"], _blank(costs and costs.marketing))
    add("service", L["cost_service"], _blank(costs and costs.service))
    add("maintenance", L["cost_maintenance"], _blank(costs and costs.maintenance))
    add("associated", L["value_associated"], _blank(c.associated_revenue))
    paid = product_formula(at["revenue"], f'IF({at["payment"]}="",1,{at["payment"]})')
    add("current", L["value_current"], Formula(
        f"={paid}-SUM({at['marketing']}:{at['maintenance']})+N({at['associated']})",
        v.current))
    add("increment", L["increment"],
        Formula(f"={summary}{cell(total_row, 3, True)}", t.figures.increment))
    add("winback", L["winback"],
        Formula(f"={summary}{cell(total_row, 5, True)}", t.figures.winback))
    add("potential", L["value_potential"],
        Formula(f"={at['increment']}+{at['winback']}", v.potential))
    add("overall", L["value_overall"], Formula(f"={at['current']}+{at['potential']}", v.overall))
    if wallet:
        w = f"'{wallet['sheet']}'!"
        add("wallet", L["value_wallet"], Formula(f"={w}{wallet['total']}", v.wallet))
        add("ours", L["ours"], Formula(f"={w}{wallet['ours']}", v.ours)
            if wallet["has_ours"] else Decimal(0))
        add("share", L["value_share"],
            Formula(f'=IF({at["wallet"]}=0,"",{at["ours"]}/{at["wallet"]})',
                    "" if v.share_of_wallet is None else v.share_of_wallet), "rate")
        add("growth", L["value_budget_growth"], _blank(v.budget_growth), "rate")
        add("wallet_growth", L["value_wallet_growth"], Formula(
            f'=IF({at["growth"]}="","",{product_formula(at["wallet"], at["growth"])})',
            _blank(v.wallet_growth)))
    top = 3 + len(rows)
    for k in COMPONENTS:  # the score as a value, its weight beside it (column C)
        add(f"loyalty_{k}", L[f"loyalty_{k}"], _blank(v.loyalty.parts[k]), "score",
            getattr(weights, k))
    bottom = 3 + len(rows) - 1
    scores = f"{cell(top, 1)}:{cell(bottom, 1)}"
    weight = f"{cell(top, 2)}:{cell(bottom, 2)}"
    known = f"SUMPRODUCT({weight},--ISNUMBER({scores}))"
    add("loyalty", L["loyalty_total"], Formula(
        f'=IF({known}=0,"",SUMPRODUCT({weight},{scores})/{known})',
        _blank(v.loyalty.score)), "score")
    add("t_current", L["threshold_current"], v.current_threshold)
    add("t_potential", L["threshold_potential"], v.potential_threshold)
    high_c = f"{at['current']}>={at['t_current']}"
    high_p = f"{at['potential']}>={at['t_potential']}"
    add("quadrant", L["value_quadrant"], Formula(
        f'=IF({high_c},IF({high_p},"{L["quadrant_keep_grow"]}","{L["quadrant_keep"]}"),'
        f'IF({high_p},"{L["quadrant_grow"]}","{L["quadrant_watch"]}"))',
        L[f"quadrant_{v.quadrant}"]), "text")
    add("tier", L["value_tier"], L[f"tier_{v.tier}"], "text")
    add("stance", L["value_stance"], L[f"stance_{v.stance}"], "text")
    book.put_header(ws, top - 1, 2, L["loyalty_weight"])
    for i, (label, value, kind, extra) in enumerate(rows):
        ws.write_string(3 + i, 0, label, book.fmt["label"])
        book.put(ws, 3 + i, 1, value, "money" if kind == "score" else kind)
        if extra is not None:
            book.put(ws, 3 + i, 2, extra, "money")
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 10)

