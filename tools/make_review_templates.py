"""Write the shipped Word templates of the business review (planner/templates/review_*.docx) from code.

    python tools/make_review_templates.py

Like tools/make_templates.py (the plan templates), with the same building blocks (docx_kit): the
.docx files are what users restyle in Word; wording comes from planner/templates/labels.yaml ({{ L.key }});
the contexts are planner/report/business_review.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from docx_kit import (  # noqa: E402
    figure,
    grid_table,
    header_footer,
    loop_table,
    new_document,
    para,
    save,
    tag,
    unit_note,
)

OUT = Path(__file__).resolve().parent.parent / "planner" / "templates"
NUM = frozenset


def _title(doc, rows: list[list[str]], two_lines: bool = True) -> None:
    """The title (the customer or industry on one line, the review on the next: a long name
    never leaves a character of the title alone on a line), the unit, the grid."""
    if two_lines:
        para(doc, "{{ doc.name }}", "Title")
        para(doc, "{{ doc.review }}", "Title")
    else:
        para(doc, "{{ doc.title }}", "Title")
    para(doc, "{{ doc.unit }}", "Subtitle")
    grid_table(doc, [2.6, 5.9, 2.6, 5.9], rows, {0, 2})


def _lead(doc, text: str) -> None:
    """A sentence introducing the table below it, kept on its page."""
    para(doc, text).paragraph_format.keep_with_next = True


def _summary(doc, heading: str) -> None:
    """The key figures, the verdict and the status line."""
    para(doc, "{{ L." + heading + " }}", "Heading 1")
    unit_note(doc)
    grid_table(doc, [3.6, 4.9, 3.6, 4.9], [
        ["L.rv_target", "summary.target", "L.rv_actual", "summary.actual"],
        ["L.rv_achievement", "summary.achievement", "L.rv_gap", "summary.gap"],
        ["L.rv_year", "summary.year", "L.rv_forecast", "summary.forecast"],
        ["L.rv_forecast_achievement", "summary.forecast_achievement", "L.rv_yoy_full",
         "summary.yoy"]], {0, 2}, numeric=True)
    para(doc, "{{ summary.verdict }}")
    para(doc, "{{ summary.status }}")


def _progress(doc, data: str, name_header: str, forecast_rate: bool = False) -> None:
    """Target, actual, achievement, gap, YoY (or forecast achievement), year, forecast."""
    unit_note(doc)
    last = "forecast_achievement" if forecast_rate else "yoy"
    header = [name_header, "L.rv_target", "L.rv_actual", "L.rv_achievement", "L.rv_gap",
              "L.rv_year", "L.rv_forecast",
              "L.rv_forecast_achievement" if forecast_rate else "L.rv_yoy"]
    keys = ["name", "target", "actual", "achievement", "gap", "year", "forecast", last]
    loop_table(doc, [2.9, 1.9, 1.9, 2.0, 1.8, 2.1, 2.1, 2.3], header, f"r in {data}.rows",
               [f"r.{k}" for k in keys], NUM(range(1, 8)),
               [f"{data}.total.{k}" for k in keys])


def _parts(doc, heading: str) -> None:
    para(doc, "{{ L." + heading + " }}", "Heading 1")
    para(doc, "{{ L.rv_attribution_rule }}")
    unit_note(doc)
    keys = ["name", "target", "actual", "achievement", "year", "forecast"]
    loop_table(doc, [3.0, 2.8, 2.8, 2.4, 2.9, 2.9],
               ["L.rv_part", "L.rv_target", "L.rv_actual", "L.rv_achievement", "L.rv_year",
                "L.rv_forecast"], "r in parts.rows", [f"r.{k}" for k in keys],
               NUM(range(1, 6)), [f"parts.total.{k}" for k in keys])


def _quarters(doc, heading: str) -> None:
    para(doc, "{{ L." + heading + " }}", "Heading 1")
    unit_note(doc)
    loop_table(doc, [2.4, 2.8, 2.8, 3.0, 3.0, 2.8],
               ["L.rv_quarter", "L.rv_plan", "L.rv_quarter_actual", "L.rv_cum_plan",
                "L.rv_cum_actual", "L.rv_cum_achievement"], "r in quarters.rows",
               ["r.name", "r.plan", "r.actual", "r.cum_plan", "r.cum_actual", "r.achievement"],
               NUM(range(1, 6)),
               ["L.total", "quarters.total.plan", "quarters.total.actual", "", "", ""])
    figure(doc, "charts.cumulative", "L.rv_chart_cumulative")


def _items(doc, heading: str, customer: bool) -> None:
    para(doc, "{{ L." + heading + " }}", "Heading 1")
    _lead(doc, "{{ L.rv_items_intro }}")
    tag(doc, "if items")
    unit_note(doc)
    if customer:
        loop_table(doc, [2.6, 2.2, 2.9, 2.0, 1.5, 1.8, 4.0],
                   ["L.customer", "L.rv_kind", "L.name", "L.business_line", "L.start_quarter",
                    "L.weighted", "L.rv_item_status"], "i in items",
                   ["i.customer", "i.kind", "i.name", "i.line", "i.quarter", "i.weighted",
                    "i.status"], NUM({5}))
    else:
        loop_table(doc, [2.2, 3.8, 2.0, 1.8, 1.9, 5.3],
                   ["L.rv_kind", "L.name", "L.business_line", "L.start_quarter", "L.weighted",
                    "L.rv_item_status"], "i in items",
                   ["i.kind", "i.name", "i.line", "i.quarter", "i.weighted", "i.status"],
                   NUM({4}))
    tag(doc, "else")
    para(doc, "{{ L.rv_items_none }}")
    tag(doc, "endif")


def _flags(doc, heading: str, subject: bool, counts: bool) -> None:
    """The findings, with a blank column for the causes and actions agreed at the meeting."""
    para(doc, "{{ L." + heading + " }}", "Heading 1")
    if counts:
        tag(doc, "if counts")
        loop_table(doc, [12.0, 5.0], ["L.flag_kind", "L.flag_count"], "k in counts",
                   ["k.kind", "k.count"], NUM({1}))
        tag(doc, "endif")
    tag(doc, "if flags")
    _lead(doc, "{{ L.rv_flags_intro }}")
    if subject:
        loop_table(doc, [3.1, 5.1, 4.0, 4.8],  # 原因分析与改进措施（会上填写） on one line
                   ["L.flag_subject", "L.flag_what", "L.flag_fix", "L.rv_causes"], "f in flags",
                   ["f.subject", "f.message", "f.fix", ""])
    else:
        loop_table(doc, [6.4, 5.2, 5.4], ["L.flag_what", "L.flag_fix", "L.rv_causes"],
                   "f in flags", ["f.message", "f.fix", ""])
    tag(doc, "else")
    para(doc, "{{ L.rv_flags_none }}")
    tag(doc, "endif")


def review_customer() -> None:
    """A key customer's business review (重点客户业务回顾)."""
    doc = new_document()
    header_footer(doc, "{{ doc.unit }}{{ L.header_sep }}{{ doc.title }}")
    _title(doc, [
        ["L.customer_name", "c.name", "L.industry", "c.industry"],
        ["L.region", "c.region", "L.manager", "c.manager"],
        ["L.rv_period_label", "doc.period", "L.money_unit_note", "doc.money_unit"],
        ["L.rv_sources", "doc.sources", "L.rv_threshold", "doc.threshold"],
    ])
    _summary(doc, "rv_c1")
    para(doc, "{{ L.rv_c2 }}", "Heading 1")
    _progress(doc, "by_line", "L.business_line")
    _parts(doc, "rv_c3")
    _quarters(doc, "rv_c4")
    _items(doc, "rv_c5", customer=False)
    _flags(doc, "rv_c6", subject=False, counts=False)
    save(doc, OUT / "review_customer.docx")


def review_industry() -> None:
    """An industry's business review (重点行业业务回顾)."""
    doc = new_document()
    header_footer(doc, "{{ doc.unit }}{{ L.header_sep }}{{ doc.title }}")
    _title(doc, [
        ["L.industry", "ind.name", "L.ind_manager", "ind.manager"],
        ["L.customers_count", "ind.customers", "L.rv_period_label", "doc.period"],
        ["L.money_unit_note", "doc.money_unit", "L.rv_threshold", "doc.threshold"],
        ["L.rv_sources", "doc.sources", "", ""],
    ])
    _summary(doc, "rv_i1")
    para(doc, "{{ L.rv_i2 }}", "Heading 1")
    _progress(doc, "by_customer", "L.customer", forecast_rate=True)
    figure(doc, "charts.customers", "L.rv_chart_customers")
    para(doc, "{{ L.rv_i3 }}", "Heading 1")
    _progress(doc, "by_line", "L.business_line")
    _parts(doc, "rv_i4")
    _quarters(doc, "rv_i5")
    _items(doc, "rv_i6", customer=True)
    _flags(doc, "rv_i7", subject=True, counts=True)
    save(doc, OUT / "review_industry.docx")


def review_market() -> None:
    """The market's business review (政企客户业务回顾)."""
    doc = new_document()
    header_footer(doc, "{{ doc.title }}")
    _title(doc, [
        ["L.unit", "doc.unit", "L.plan_year", "doc.year"],
        ["L.rv_period_label", "doc.period", "L.money_unit_note", "doc.money_unit"],
        ["L.rv_sources", "doc.sources", "L.rv_threshold", "doc.threshold"],
    ], two_lines=False)
    _summary(doc, "rv_m1")
    para(doc, "{{ doc.scope }}")
    para(doc, "{{ L.rv_m2 }}", "Heading 1")
    _progress(doc, "by_industry", "L.industry", forecast_rate=True)
    figure(doc, "charts.industries", "L.rv_chart_industries")
    para(doc, "{{ L.rv_m3 }}", "Heading 1")
    _progress(doc, "by_region", "L.region", forecast_rate=True)
    figure(doc, "charts.regions", "L.rv_chart_regions")
    para(doc, "{{ L.rv_m4 }}", "Heading 1")
    _progress(doc, "by_line", "L.business_line")
    para(doc, "{{ L.rv_m5 }}", "Heading 1")
    _lead(doc, "{{ L.rv_rank_note }}")
    _progress(doc, "by_customer", "L.customer", forecast_rate=True)
    _parts(doc, "rv_m6")
    _quarters(doc, "rv_m7")
    _flags(doc, "rv_m8", subject=True, counts=True)
    save(doc, OUT / "review_market.docx")


if __name__ == "__main__":
    review_customer()
    review_industry()
    review_market()
    print(f"wrote {OUT}/review_*.docx")
