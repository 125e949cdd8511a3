"""Write the shipped Word templates (planner/templates/*.docx) from code.

    python tools/make_templates.py

The .docx files are what users restyle in Word (styles, fonts, margins, letterhead); wording comes
from planner/templates/labels.yaml through {{ L.key }}. Run this only to regenerate the shipped versions.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from docx_kit import (  # noqa: E402
    approval,
    bullets,
    cover,
    fill_toc,
    figure,
    grid_table,
    header_footer,
    labelled,
    landscape,
    loop_table,
    new_document,
    page_break,
    para,
    portrait,
    save,
    tag,
    toc,
    unit_note,
)

OUT = Path(__file__).resolve().parent.parent / "planner" / "templates"
NUM = frozenset


def title_block(doc, rows: list[list[str]]) -> None:
    """Title, unit, and the grid of who / when / what."""
    para(doc, "{{ doc.title }}", "Title")
    para(doc, "{{ doc.unit }}", "Subtitle")
    grid_table(doc, [2.6, 5.9, 2.6, 5.9], rows, {0, 2})


def front_matter(doc, first: list[list[str]] = ()):
    """Cover (`first` rows, then who prepares, reviews and approves) and the contents; returns
    where the contents go (filled by fill_toc once every heading is written)."""
    cover(doc, "doc.cover_title", "doc.cover_subtitle", [
        *first, ["L.version", "doc.version"], ["L.prepared_by", "doc.owner"],
        ["L.reviewed_by", "doc.reviewer"], ["L.approved_by", "doc.approver"],
        ["L.prepared_on", "doc.date"], ["L.money_unit_note", "doc.money_unit"]])
    return toc(doc)


def summary_page(doc, market: bool) -> None:
    """一页纸摘要: the headline, the bridge from base to target, the regions, the top risks,
    competitor-held wallets and opportunities."""
    para(doc, "{{ L.summary }}", "Heading 1")
    para(doc, "{{ brief.head.text }}")
    figure(doc, "charts.bridge", "L.chart_bridge")
    if market:
        doc.planner_heading = "L.sum_regions"  # the caption is the table's title
        unit_note(doc)
        loop_table(doc, [3.0, 2.5, 2.5, 2.0, 2.5, 2.3, 2.2],
                   ["L.region", "L.base", "L.target", "L.growth", "L.guidance", "L.gap",
                    "L.coverage"], "r in brief.regions.rows",
                   ["r.name", "r.base", "r.total", "r.growth", "r.guidance", "r.gap",
                    "r.coverage"], NUM(range(1, 7)),
                   ["L.total", "brief.regions.total.base", "brief.regions.total.total",
                    "brief.regions.total.growth", "brief.regions.total.guidance",
                    "brief.regions.total.gap", "brief.regions.total.coverage"])
    else:
        doc.planner_heading = "L.sum_regions_ind"  # the caption is the table's title
        unit_note(doc)
        loop_table(doc, [5.0, 4.0, 4.0, 4.0], ["L.region", "L.base", "L.target", "L.growth"],
                   "r in brief.regions.rows", ["r.name", "r.base", "r.total", "r.growth"],
                   NUM({1, 2, 3}), ["L.total", "brief.regions.total.base",
                                    "brief.regions.total.total",
                                    "brief.regions.total.growth"])
    doc.planner_heading = "L.sum_risks"
    optional(doc, "brief.risks", lambda: (unit_note(doc), loop_table(
        doc, [5.0, 2.4, 2.0, 7.6], ["L.customer", "L.business_line", "L.base", "L.risk"],
        "r in brief.risks", ["r.customer", "r.line", "r.base", "r.risk"], NUM({2}))),
        "{{ L.sum_risks }}{{ L.colon }}{{ L.sum_none }}")
    doc.planner_heading = "L.sum_wallets"
    optional(doc, "brief.wallets", lambda: (unit_note(doc), loop_table(
        doc, [6.0, 4.0, 3.5, 3.5], ["L.customer", "L.competitor", "L.rival_spend", "L.share"],
        "r in brief.wallets", ["r.customer", "r.competitor", "r.amount", "r.share"],
        NUM({2, 3}))), "{{ L.sum_wallets }}{{ L.colon }}{{ L.sum_none }}")
    doc.planner_heading = "L.sum_opps"
    optional(doc, "brief.opps", lambda: (unit_note(doc), loop_table(
        doc, [5.0, 5.0, 2.4, 2.3, 2.3],
        ["L.customer", "L.opportunity", "L.business_line", "L.weighted", "L.start_quarter"],
        "r in brief.opps", ["r.customer", "r.name", "r.line", "r.weighted", "r.quarter"],
        NUM({3}))), "{{ L.sum_opps }}{{ L.colon }}{{ L.sum_none }}")
    if market:
        para(doc, "{{ L.sum_customers_note }}")
    page_break(doc)


def calendar_section(doc) -> None:
    """执行日历: by quarter (and the preparation period), each kind of event with its events."""
    para(doc, "{{ L.calendar }}", "Heading 1")
    para(doc, "{{ L.calendar_intro }}")
    loop_table(doc, [2.2, 3.4, 11.4], ["L.quarter", "L.cal_kind", "L.cal_items"],
               "q in calendar.rows", ["q.quarter", "q.kind", "q.events"])


def key_customers_appendix(doc) -> None:
    """附表: every key customer in one table, the customers without a plan as their own row, on
    landscape pages (ten columns of figures)."""
    landscape(doc)
    para(doc, "{{ L.appendix }}", "Heading 1")
    para(doc, "{{ L.appendix_intro }}")
    unit_note(doc)
    loop_table(doc, [5.2, 2.5, 2.5, 2.0, 2.5, 2.2, 1.9, 2.9, 2.6, 1.4],
               ["L.customer", "L.base", "L.target", "L.growth", "L.pipeline", "L.winback",
                "L.share", "L.value_quadrant", "L.manager", "L.flags_count"],
               "r in key_customers.rows",
               ["r.name", "r.base", "r.total", "r.growth", "r.pipeline", "r.winback", "r.share",
                "r.quadrant", "r.manager", "r.flags"], NUM({1, 2, 3, 4, 5, 6, 9}),
               ["L.total", "key_customers.total.base", "key_customers.total.total",
                "key_customers.total.growth", "key_customers.total.pipeline",
                "key_customers.total.winback", "", "", "", "key_customers.total.flags"])


def flags_section(doc, heading: str, subject: bool = False) -> None:
    """The document's own review flags, or a line saying there are none."""
    para(doc, "{{ " + heading + " }}", "Heading 1")
    flags_table(doc, subject)


def flags_table(doc, subject: bool) -> None:
    """Review flags: (what it is about,) what is wrong, what to do, where."""
    tag(doc, "if flags")
    if subject:
        loop_table(doc, [3.0, 2.6, 6.0, 5.4],
                   ["L.flag_subject", "L.flag_field", "L.flag_what", "L.flag_fix"],
                   "f in flags", ["f.subject", "f.label", "f.message", "f.fix"])
    else:  # the field's label, not file:line (that is in check and the review workbook)
        loop_table(doc, [3.0, 7.4, 6.6], ["L.flag_field", "L.flag_what", "L.flag_fix"],
                   "f in flags", ["f.label", "f.message", "f.fix"])
    tag(doc, "else")
    para(doc, "{{ L.flags_none }}")
    tag(doc, "endif")


def customer() -> None:
    """重点客户营销计划."""
    doc = new_document()
    # page 1 names unit and title in its title block: the running header starts on page 2
    header_footer(doc, "{{ doc.unit }}{{ L.header_sep }}{{ doc.title }}", first_page_header=False)
    title_block(doc, [
        ["L.customer_name", "c.name", "L.industry", "c.industry"],
        ["L.region", "c.region", "L.manager", "c.manager"],
        ["L.plan_year", "doc.year", "L.base_year", "doc.base_year"],
        ["L.prepared_by", "doc.owner", "L.reviewed_by", "doc.reviewer"],
        ["L.prepared_on", "doc.date", "L.money_unit_note", "doc.money_unit"],
    ])

    para(doc, "{{ L.s1 }}", "Heading 1")
    para(doc, "{{ L.s1_network }}", "Heading 2")
    labelled(doc, "L.network_structure", "network.structure")
    tag(doc, "if network.tiers")
    loop_table(doc, [3.0, 2.6, 2.0, 2.8, 3.0, 3.6],
               ["L.tier_level", "L.tier_technology", "L.tier_bandwidth", "L.tier_access",
                "L.tier_backup", "L.tier_equipment"],
               "t in network.tiers",
               ["t.level", "t.technology", "t.bandwidth", "t.access", "t.backup", "t.equipment"],
               NUM({2}))
    tag(doc, "endif")
    labelled(doc, "L.applications", "network.applications")

    para(doc, "{{ L.s1_wallet }}", "Heading 2")
    tag(doc, "if wallet.rows")
    para(doc, "{{ L.wallet_intro }}")
    unit_note(doc)
    # {%tc %} repeats the cells between its two tag cells once per carrier
    # equal grid columns: docxtpl rescales them evenly when carriers are added or removed
    loop_table(doc, [17 / 6] * 6,
               ["L.business_line", "{%tc for k in wallet.carriers %}", "k", "{%tc endfor %}",
                "L.total", "L.share"],
               "r in wallet.rows",
               ["r.line", "{%tc for a in r.amounts %}", "a", "{%tc endfor %}", "r.total",
                "r.share"],
               NUM({2, 4, 5}),
               ["L.wallet_total", "{%tc for a in wallet.total.amounts %}", "a", "{%tc endfor %}",
                "wallet.total.total", "wallet.total.share"], dynamic=True)
    figure(doc, "charts.wallet", "L.chart_wallet")
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")

    para(doc, "{{ L.s1_apps }}", "Heading 2")
    optional(doc, "spend_rows", lambda: (unit_note(doc), loop_table(
        doc, [3.0, 3.0, 2.5, 8.5], ["L.carrier", "L.business_line", "L.amount", "L.spend_note"],
        "s in spend_rows", ["s.carrier", "s.line", "s.amount", "s.note"], NUM({2}))))

    para(doc, "{{ L.s1_voice }}", "Heading 2")
    optional(doc, "voice", lambda: (unit_note(doc), loop_table(
        doc, [6.0, 5.5, 5.5], ["L.carrier", "L.voice_domestic", "L.voice_international"],
        "v in voice", ["v.carrier", "v.domestic", "v.international"], NUM({1, 2}))))

    para(doc, "{{ L.s1_it }}", "Heading 2")
    labelled(doc, "L.it_integration", "it.integration")
    labelled(doc, "L.it_sourcing", "it.sourcing")
    labelled(doc, "L.it_partners", "it.partners")

    para(doc, "{{ L.s1_budget }}", "Heading 2")
    labelled(doc, "L.budget_network", "budget.network")
    labelled(doc, "L.budget_it", "budget.it")
    tag(doc, "if budget.projects")
    unit_note(doc)
    loop_table(doc, [11.0, 6.0], ["L.project", "L.project_budget"], "p in budget.projects",
               ["p.name", "p.budget"], NUM({1}), ["L.total", "budget.projects_total"])
    tag(doc, "endif")

    para(doc, "{{ L.s2 }}", "Heading 1")
    para(doc, "{{ L.s2_position }}", "Heading 2")
    labelled(doc, "L.industry_position", "profile.position")
    labelled(doc, "L.informatization_level", "profile.level")
    para(doc, "{{ L.s2_needs }}", "Heading 2")
    for key in ("value_claims", "planning_goals", "annual_projects"):
        para(doc, "{{ L." + key + " }}", "Heading 3")
        bullets(doc, "needs." + key)

    para(doc, "{{ L.s2_stock }}", "Heading 2")
    tag(doc, "if stock.rows")
    unit_note(doc)
    loop_table(doc, [2.3, 1.75, 1.75, 1.8, 1.8, 1.75, 3.0, 2.85],  # "+175.0%", "Retention"
               ["L.business_line", "L.base", "L.previous", "L.yoy", "L.retention",
                "L.stock_target", "L.risk", "L.measure"],
               "r in stock.rows", ["r.line", "r.base", "r.previous", "r.yoy", "r.retention",
                                   "r.target", "r.risk", "r.measure"],
               NUM({1, 2, 3, 4, 5}),
               ["L.total", "stock.total.base", "stock.total.previous", "stock.total.yoy",
                "stock.total.retention", "stock.total.target", "", ""])
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")

    para(doc, "{{ L.s2_opps }}", "Heading 2")
    tag(doc, "if opps.rows")
    unit_note(doc)
    loop_table(doc, [3.6, 2.0, 1.7, 1.5, 1.8, 1.4, 5.0],
               ["L.opportunity", "L.business_line", "L.amount", "L.probability", "L.weighted",
                "L.start_quarter", "L.conditions"],
               "r in opps.rows", ["r.name", "r.line", "r.amount", "r.probability", "r.weighted",
                                  "r.quarter", "r.conditions"],
               NUM({2, 3, 4}), ["L.total", "", "opps.total.amount", "", "opps.total.weighted",
                                "", ""])
    para(doc, "{{ opps.summary }}")
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")

    para(doc, "{{ L.s2_winback }}", "Heading 2")
    tag(doc, "if wins.rows")
    unit_note(doc)
    loop_table(doc, [2.0, 2.0, 2.3, 1.8, 1.5, 1.8, 1.4, 4.2],
               ["L.competitor", "L.business_line", "L.competitor_revenue", "L.winback_amount",
                "L.probability", "L.weighted", "L.start_quarter", "L.approach"],
               "r in wins.rows", ["r.competitor", "r.line", "r.revenue", "r.amount",
                                  "r.probability", "r.weighted", "r.quarter", "r.approach"],
               NUM({2, 3, 4, 5}), ["L.total", "", "wins.total.revenue", "wins.total.amount", "",
                                   "wins.total.weighted", "", ""])
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")

    para(doc, "{{ L.s2_innovation }}", "Heading 2")
    bullets(doc, "needs.innovation")

    para(doc, "{{ L.s3 }}", "Heading 1")
    para(doc, "{{ L.s3_targets }}", "Heading 2")
    para(doc, "{{ targets.intro }}")
    unit_note(doc)
    loop_table(doc, [3.0, 2.4, 2.4, 2.4, 2.4, 2.4, 2.0],
               ["L.business_line", "L.base", "L.stock", "L.increment", "L.winback", "L.total",
                "L.growth"],
               "r in targets.rows", ["r.line", "r.base", "r.stock", "r.increment", "r.winback",
                                     "r.total", "r.growth"],
               NUM({1, 2, 3, 4, 5, 6}),
               ["L.total", "targets.total.base", "targets.total.stock",
                "targets.total.increment", "targets.total.winback", "targets.total.total",
                "targets.total.growth"])

    para(doc, "{{ L.s3_quarters }}", "Heading 2")
    unit_note(doc)
    loop_table(doc, [2.8, 2.6, 2.6, 2.6, 2.6, 3.8],
               ["L.target", "L.q1", "L.q2", "L.q3", "L.q4", "L.year"],
               "r in quarters.rows", ["r.name", "r.q[0]", "r.q[1]", "r.q[2]", "r.q[3]", "r.year"],
               NUM({1, 2, 3, 4, 5}),
               ["L.total", "quarters.total.q[0]", "quarters.total.q[1]", "quarters.total.q[2]",
                "quarters.total.q[3]", "quarters.total.year"])
    figure(doc, "charts.quarters", "L.chart_quarters")

    para(doc, "{{ L.s3_relationship }}", "Heading 2")
    para(doc, "{{ L.contacts }}", "Heading 3")
    optional(doc, "contacts", lambda: loop_table(
        doc, [3.0, 5.0, 4.5, 4.5],
        ["L.contact_name", "L.contact_title", "L.contact_role", "L.contact_attitude"],
        "p in contacts", ["p.name", "p.title", "p.role", "p.attitude"]))
    para(doc, "{{ L.activities }}", "Heading 3")
    optional(doc, "activities", lambda: loop_table(
        doc, [2.5, 10.0, 4.5], ["L.quarter", "L.activity", "L.owner"], "a in activities",
        ["a.quarter", "a.activity", "a.owner"]))

    para(doc, "{{ L.s3_strategies }}", "Heading 2")
    loop_table(doc, [3.0, 14.0], ["L.dimension", "L.strategy"], "s in strategies",
               ["s.dimension", "s.text"])

    para(doc, "{{ L.s4 }}", "Heading 1")
    labelled(doc, "L.priority", "retention.priority")
    para(doc, "{{ L.risks }}", "Heading 3")
    bullets(doc, "retention.risks")
    para(doc, "{{ L.actions }}", "Heading 3")
    bullets(doc, "retention.actions")
    para(doc, "{{ L.kpis }}", "Heading 3")
    loop_table(doc, [10.0, 7.0], ["L.kpi", "L.kpi_value"], "k in retention.kpis",
               ["k.name", "k.value"], NUM({1}))

    para(doc, "{{ L.s5 }}", "Heading 1")
    unit_note(doc)
    customer_value(doc)

    flags_section(doc, "L.s6")
    calendar_section(doc)
    approval(doc)
    save(doc, OUT / "customer.docx")


def customer_value(doc) -> None:
    """The customer's value: its parts, loyalty, the industry's quartiles, tier and stance."""
    para(doc, "{{ L.value_s_current }}", "Heading 2")
    loop_table(doc, [11.0, 6.0], ["L.value_part", "L.value_amount"], "r in value.current_rows",
               ["r.name", "r.amount"], NUM({1}), ["L.value_current", "value.current"])
    para(doc, "{{ L.value_s_potential }}", "Heading 2")
    loop_table(doc, [11.0, 6.0], ["L.value_part", "L.value_amount"],
               "r in value.potential_rows", ["r.name", "r.amount"], NUM({1}),
               ["L.value_potential", "value.potential"])
    para(doc, "{{ L.value_beside }}", "Unit Note")
    loop_table(doc, [11.0, 6.0], ["L.value_part", "L.value_amount"], "r in value.beside",
               ["r.name", "r.amount"], NUM({1}))
    para(doc, "{{ L.value_s_loyalty }}", "Heading 2")
    # the total's label, 忠诚度（0~1，已知各项的加权平均）, on one line
    loop_table(doc, [5.8, 2.4, 8.8], ["L.loyalty_component", "L.loyalty_score",
                                      "L.loyalty_basis"], "r in value.loyalty_rows",
               ["r.name", "r.score", "r.basis"], NUM({1}),
               ["L.loyalty_total", "value.loyalty", ""])
    para(doc, "{{ L.value_s_overall }}", "Heading 2")
    labelled(doc, "L.value_overall", "value.overall")
    loop_table(doc, [2.8, 2.6, 2.8, 2.6, 2.8, 3.4],
               ["L.peers_value", "L.peers_ours", "L.peers_q1", "L.peers_median", "L.peers_q3",
                "L.peers_position"], "r in value.peers",
               ["r.name", "r.ours", "r.q1", "r.median", "r.q3", "r.position"],
               NUM({1, 2, 3, 4}))
    para(doc, "{{ value.ranks }}")
    para(doc, "{{ L.value_s_stance }}", "Heading 2")
    labelled(doc, "L.value_quadrant", "value.quadrant")
    para(doc, "{{ value.reason }}")
    labelled(doc, "L.value_tier", "value.tier")
    para(doc, "{{ value.tier_reason }}")
    labelled(doc, "L.value_stance", "value.stance")
    para(doc, "{{ value.stance_reason }}")
    para(doc, "{{ value.rule }}", "Unit Note")
    tag(doc, "if value.note")
    para(doc, "{{ value.note }}", "Unit Note")
    tag(doc, "endif")


def value_chapter(doc, ranked_note: bool) -> None:
    """Industry and market plans: the matrix, the pyramid, the ranking, the tiers that moved."""
    unit_note(doc)
    para(doc, "{{ L.v_matrix }}", "Heading 2")
    loop_table(doc, [2.8, 1.9, 6.3, 3.0, 3.0],
               ["L.value_quadrant", "L.quadrant_count", "L.quadrant_customers",
                "L.quadrant_current", "L.quadrant_potential"], "q in value.quadrants",
               ["q.name", "q.count", "q.customers", "q.current", "q.potential"],
               NUM({1, 3, 4}))
    para(doc, "{{ value.rule }}", "Unit Note")
    figure(doc, "charts.value", "L.chart_value")
    para(doc, "{{ L.v_pyramid }}", "Heading 2")
    loop_table(doc, [3.2, 1.9, 6.3, 2.8, 2.8],
               ["L.value_tier", "L.tier_count", "L.tier_customers", "L.tier_revenue",
                "L.tier_current"], "t in value.tiers",
               ["t.name", "t.count", "t.customers", "t.revenue", "t.current"], NUM({1, 3, 4}),
               ["L.total", "value.pyramid_total.count", "", "value.pyramid_total.revenue",
                "value.pyramid_total.current"])
    para(doc, "{{ value.tier_rule }}", "Unit Note")
    para(doc, "{{ L.ranked_title }}", "Heading 2")
    if ranked_note:
        tag(doc, "if value.ranked_note")
        para(doc, "{{ value.ranked_note }}", "Unit Note")
        tag(doc, "endif")
    loop_table(doc, [1.2, 3.8, 2.2, 2.2, 2.3, 2.0, 3.3],
               ["L.rank", "L.customer", "L.value_current", "L.value_potential",
                "L.value_overall", "L.loyalty_score", "L.value_tier"], "r in value.ranked",
               ["r.rank", "r.name", "r.current", "r.potential", "r.overall", "r.loyalty",
                "r.tier"], NUM({0, 2, 3, 4, 5}))
    para(doc, "{{ L.tier_moved }}", "Heading 3")
    tag(doc, "if value.moved")
    loop_table(doc, [5.0, 12.0], ["L.customer", "L.tier_moved_reason"], "r in value.moved",
               ["r.name", "r.reason"])
    tag(doc, "else")
    para(doc, "{{ L.tier_moved_none }}")
    tag(doc, "endif")
    para(doc, "{{ value.moved_note }}", "Unit Note")


FIGURE_COLS = ["L.base", "L.stock", "L.increment", "L.winback", "L.total", "L.growth"]
FIGURE_CELLS = ["r.base", "r.stock", "r.increment", "r.winback", "r.total", "r.growth"]


def figures(doc, widths: list[float], name_header: list[str], name_cells: list[str], data: str,
            guidance: bool = False) -> None:
    """A targets table: names, then base / stock / increment / win-back / total / growth."""
    n = len(name_header)
    extra_h = ["L.guidance", "L.gap"] if guidance else []
    extra_c = ["r.guidance", "r.gap"] if guidance else []
    total_extra = [f"{data}.total.guidance", f"{data}.total.gap"] if guidance else []
    unit_note(doc)
    loop_table(doc, widths, name_header + FIGURE_COLS + extra_h, f"r in {data}.rows",
               name_cells + FIGURE_CELLS + extra_c, NUM(range(n, n + 6 + len(extra_h))),
               ["L.total"] + [""] * (n - 1) + [f"{data}.total.{k}" for k in
                                               ("base", "stock", "increment", "winback", "total",
                                                "growth")] + total_extra)


def quarters_table(doc, data: str) -> None:
    """Stock / increment / win-back × Q1..Q4 and year."""
    unit_note(doc)
    loop_table(doc, [2.8, 2.6, 2.6, 2.6, 2.6, 3.8],
               ["L.target", "L.q1", "L.q2", "L.q3", "L.q4", "L.year"],
               f"r in {data}.rows", ["r.name", "r.q[0]", "r.q[1]", "r.q[2]", "r.q[3]", "r.year"],
               NUM({1, 2, 3, 4, 5}),
               ["L.total"] + [f"{data}.total.q[{k}]" for k in range(4)] + [f"{data}.total.year"])


def heading_bullets(doc, label: str, expr: str) -> None:
    """A small heading and its bullet list."""
    para(doc, "{{ " + label + " }}", "Heading 3")
    bullets(doc, expr)


def optional(doc, expr: str, body, empty: str = "{{ L.not_filled }}") -> None:
    """`body` when `expr` is non-empty, else the `empty` line ('not filled')."""
    tag(doc, f"if {expr}")
    body()
    tag(doc, "else")
    para(doc, empty)
    tag(doc, "endif")


def items_table(doc, data: str, winback: bool) -> None:
    """Opportunities or win-back items of many customers, with totals."""
    unit_note(doc)
    if winback:
        loop_table(doc, [2.6, 2.0, 2.0, 1.7, 1.4, 1.8, 1.4, 4.1],
                   ["L.customer", "L.competitor", "L.business_line", "L.winback_amount",
                    "L.probability", "L.weighted", "L.start_quarter", "L.approach"],
                   f"r in {data}.rows", ["r.customer", "r.competitor", "r.line", "r.amount",
                                         "r.probability", "r.weighted", "r.quarter",
                                         "r.approach"],
                   NUM({3, 4, 5}), ["L.total", "", "", f"{data}.total.amount", "",
                                    f"{data}.total.weighted", "", ""])
    else:
        loop_table(doc, [2.6, 2.8, 2.0, 1.6, 1.4, 1.8, 1.4, 3.4],
                   ["L.customer", "L.opportunity", "L.business_line", "L.amount",
                    "L.probability", "L.weighted", "L.start_quarter", "L.conditions"],
                   f"r in {data}.rows", ["r.customer", "r.name", "r.line", "r.amount",
                                         "r.probability", "r.weighted", "r.quarter",
                                         "r.conditions"],
                   NUM({3, 4, 5}), ["L.total", "", "", f"{data}.total.amount", "",
                                    f"{data}.total.weighted", "", ""])


def carriers_table(doc, data: str, name_header: str) -> None:
    """Rows × one column per carrier (docxtpl {%tc %} loop), total and our share."""
    loop_table(doc, [17 / 6] * 6,
               [name_header, "{%tc for k in " + data + ".carriers %}", "k", "{%tc endfor %}",
                "L.total", "L.share"],
               f"r in {data}.rows",
               ["r.name", "{%tc for a in r.amounts %}", "a", "{%tc endfor %}", "r.total",
                "r.share"],
               NUM({2, 4, 5}),
               ["L.total", "{%tc for a in " + data + ".total.amounts %}", "a",
                "{%tc endfor %}", f"{data}.total.total", f"{data}.total.share"], dynamic=True)


def industry() -> None:
    """重点行业客户年度营销计划."""
    doc = new_document()
    header_footer(doc, "{{ doc.unit }}{{ L.header_sep }}{{ doc.title }}")
    contents = front_matter(doc, [["L.ind_manager", "ind.manager"],
                                  ["L.customers_count", "ind.customers"]])
    summary_page(doc, market=False)
    tag(doc, "if ind.no_file")
    para(doc, "{{ ind.no_file }}", "Unit Note")
    tag(doc, "endif")

    para(doc, "{{ L.i1 }}", "Heading 1")
    para(doc, "{{ L.i1_development }}", "Heading 2")
    heading_bullets(doc, "L.development", "current.development")
    heading_bullets(doc, "L.ict_policies", "current.ict_policies")
    para(doc, "{{ L.i1_market }}", "Heading 2")
    labelled(doc, "L.market_size", "current.market_size")
    tag(doc, "if current.market_note")
    para(doc, "{{ current.market_note }}")
    tag(doc, "endif")
    tag(doc, "if current.our_share")
    para(doc, "{{ current.our_share }}")
    tag(doc, "endif")
    para(doc, "{{ L.i1_ours }}", "Heading 2")
    para(doc, "{{ L.ours_intro }}")
    para(doc, "{{ summary }}")

    def ours():
        unit_note(doc)
        loop_table(doc, [3.3, 2.7, 2.9, 2.9, 2.4, 2.8],
                   ["L.business_line", "L.kind", "L.base", "L.previous", "L.yoy",
                    "L.share_of_industry"],
                   "r in ours.rows", ["r.line", "r.kind", "r.base", "r.previous", "r.yoy",
                                      "r.share"],
                   NUM({2, 3, 4, 5}), ["L.total", "", "ours.total.base", "ours.total.previous",
                                       "ours.total.yoy", "ours.total.share"])
    optional(doc, "ours.rows", ours)
    para(doc, "{{ L.i1_competitors }}", "Heading 2")
    tag(doc, "if competitors")
    loop_table(doc, [3.0, 9.0, 5.0],
               ["L.competitor", "L.competitor_position", "L.competitor_businesses"],
               "c in competitors", ["c.name", "c.position", "c.businesses"])
    tag(doc, "endif")

    def rivals():
        para(doc, "{{ L.rivals_intro }}")
        unit_note(doc)
        carriers_table(doc, "rivals", "L.customer")
    optional(doc, "rivals.rows", rivals)

    para(doc, "{{ L.i2 }}", "Heading 1")
    para(doc, "{{ L.i2_directions }}", "Heading 2")
    bullets(doc, "directions")
    para(doc, "{{ L.i2_opps }}", "Heading 2")

    def opps():
        para(doc, "{{ L.opps_rank_note }}")
        items_table(doc, "opps", winback=False)
    optional(doc, "opps.rows", opps)
    para(doc, "{{ L.i2_winback }}", "Heading 2")
    optional(doc, "wins.rows", lambda: items_table(doc, "wins", winback=True))
    para(doc, "{{ L.i2_change }}", "Heading 2")
    figures(doc, [2.9, 2.7, 2.0, 2.0, 1.9, 1.7, 2.0, 1.8], ["L.business_line", "L.kind"],
            ["r.line", "r.kind"], "by_line")
    para(doc, "{{ L.i2_innovation }}", "Heading 2")
    bullets(doc, "innovation")

    para(doc, "{{ L.i3 }}", "Heading 1")
    para(doc, "{{ L.i3_targets }}", "Heading 2")
    figures(doc, [4.0, 2.2, 2.2, 2.2, 2.2, 2.2, 2.0], ["L.customer"], ["r.name"], "by_customer")
    figure(doc, "charts.customers", "L.chart_customers")
    para(doc, "{{ L.i3_quarters }}", "Heading 2")
    quarters_table(doc, "quarters")
    figure(doc, "charts.quarters", "L.chart_quarters")
    para(doc, "{{ L.i3_measures }}", "Heading 2")
    optional(doc, "measures", lambda: loop_table(
        doc, [2.7, 4.0, 10.3], ["L.dimension", "L.scope", "L.measure_text"], "m in measures",
        ["m.dimension", "m.scope", "m.text"]))
    para(doc, "{{ L.i3_promotions }}", "Heading 2")
    optional(doc, "promotions", lambda: loop_table(
        doc, [7.0, 4.6, 5.4], ["L.promo_content", "L.promo_time", "L.promo_method"],
        "p in promotions", ["p.content", "p.time", "p.method"]))
    para(doc, "{{ L.i_value }}", "Heading 1")
    value_chapter(doc, ranked_note=False)
    flags_section(doc, "L.i4", subject=True)
    calendar_section(doc)
    approval(doc)
    fill_toc(doc, contents)
    save(doc, OUT / "industry.docx")


def market() -> None:
    """年度政企客户市场营销计划."""
    doc = new_document()
    header_footer(doc, "{{ doc.title }}")
    contents = front_matter(doc)
    summary_page(doc, market=True)
    para(doc, "{{ L.m0 }}", "Heading 1")
    para(doc, "{{ L.m0_intro }}")
    optional(doc, "schedule", lambda: loop_table(
        doc, [9.0, 4.5, 3.5], ["L.task", "L.owner", "L.due"], "t in schedule",
        ["t.task", "t.owner", "t.due"]))

    para(doc, "{{ L.m1 }}", "Heading 1")
    para(doc, "{{ L.m1_macro }}", "Heading 2")
    for key in ("policy", "economy", "society", "technology"):
        heading_bullets(doc, f"L.env_{key}", f"env.{key}")
    para(doc, "{{ L.m1_competition }}", "Heading 2")
    for key in ("trends", "regulation", "advantages", "disadvantages"):
        heading_bullets(doc, f"L.env_{key}", f"env.{key}")

    para(doc, "{{ L.m2 }}", "Heading 1")
    para(doc, "{{ L.m2_intro }}")
    unit_note(doc)
    loop_table(doc, [3.9, 2.5, 2.8, 2.8, 2.2, 2.8],
               ["L.industry", "L.opps_count", "L.pipeline", "L.weighted", "L.wins_count",
                "L.winback"], "it in trend_table.rows",
               ["it.name", "it.opps_count", "it.pipeline", "it.weighted", "it.wins_count",
                "it.winback"], NUM({1, 2, 3, 4, 5}),
               ["L.total"] + [f"trend_table.total.{k}" for k in
                              ("opps_count", "pipeline", "weighted", "wins_count", "winback")])
    tag(doc, "for it in industry_trends")
    tag(doc, "if it.directions or it.policies")
    para(doc, "{{ it.name }}", "Heading 3")
    tag(doc, "for item in it.directions + it.policies")
    para(doc, "{{ item }}", "List Bullet")
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "endfor")

    para(doc, "{{ L.m3 }}", "Heading 1")
    para(doc, "{{ L.m3_current }}", "Heading 2")
    unit_note(doc)
    loop_table(doc, [3.8, 2.6, 2.8, 2.6, 2.8, 2.4],
               ["L.industry", "current.kinds[0]", "current.kinds[1]", "current.kinds[2]",
                "L.total", "L.share_of_industry"], "r in current.rows",
               ["r.name", "r.kinds[0]", "r.kinds[1]", "r.kinds[2]", "r.total", "r.share"],
               NUM({1, 2, 3, 4, 5}),
               ["L.total", "current.total.kinds[0]", "current.total.kinds[1]",
                "current.total.kinds[2]", "current.total.total", "current.total.share"])
    para(doc, "{{ L.m3_guidance }}", "Heading 2")
    grid_table(doc, [4.0, 4.5, 4.0, 4.5], [
        ["L.bottom_up", "guidance.total", "L.guidance_total", "guidance.guidance"],
        ["L.gap", "guidance.gap", "L.coverage", "guidance.coverage"]], {0, 2}, numeric=True)
    para(doc, "{{ guidance.verdict }}")
    figure(doc, "charts.regions", "L.chart_regions")
    para(doc, "{{ L.m3_region }}", "Heading 2")
    figures(doc, [2.0, 2.0, 2.0, 1.9, 1.7, 2.0, 1.6, 2.0, 1.8], ["L.region"], ["r.name"],
            "by_region", guidance=True)
    para(doc, "{{ L.m3_industry }}", "Heading 2")
    figures(doc, [4.0, 2.2, 2.2, 2.2, 2.2, 2.2, 2.0], ["L.industry"], ["r.name"], "by_industry")
    figure(doc, "charts.industries", "L.chart_industries")
    para(doc, "{{ L.m3_line }}", "Heading 2")
    figures(doc, [2.9, 2.7, 2.0, 2.0, 1.9, 1.7, 2.0, 1.8], ["L.business_line", "L.kind"],
            ["r.name", "r.kind"], "by_line")
    para(doc, "{{ L.m3_matrix }}", "Heading 2")
    tag(doc, "for part in matrix.parts")  # many industries: continued tables, cents kept
    para(doc, "{{ L.money_unit_note }}{{ L.colon }}{{ part.unit }}", "Unit Note")
    loop_table(doc, [17 / 4] * 4,
               ["L.region", "{%tc for k in part.columns %}", "k", "{%tc endfor %}"],
               "r in part.rows", ["r.name", "{%tc for a in r.cells %}", "a", "{%tc endfor %}"],
               NUM({2}), ["L.total", "{%tc for a in part.total %}", "a", "{%tc endfor %}"],
               dynamic=True)
    tag(doc, "endfor")
    para(doc, "{{ L.m3_quarters }}", "Heading 2")
    quarters_table(doc, "quarters")
    para(doc, "{{ L.m3_drivers }}", "Heading 2")
    for key, data in (("rises_lines", "drivers.lines.rises"),
                      ("falls_lines", "drivers.lines.falls"),
                      ("rises_customers", "drivers.customers.rises"),
                      ("falls_customers", "drivers.customers.falls")):
        tag(doc, f"if {data}")
        para(doc, "{{ L." + key + " }}", "Heading 3")
        loop_table(doc, [5.0, 3.0, 3.0, 3.0, 3.0],
                   ["L.name", "L.base", "L.target", "L.change", "L.growth"], f"r in {data}",
                   ["r.name", "r.base", "r.total", "r.change", "r.growth"], NUM({1, 2, 3, 4}))
        tag(doc, "endif")

    para(doc, "{{ L.m4 }}", "Heading 1")
    optional(doc, "measures", lambda: loop_table(
        doc, [2.7, 4.0, 10.3], ["L.dimension", "L.scope", "L.measure_text"], "m in measures",
        ["m.dimension", "m.scope", "m.text"]))
    para(doc, "{{ L.m5 }}", "Heading 1")
    optional(doc, "promotions", lambda: loop_table(
        doc, [2.6, 3.4, 3.0, 2.8, 3.2, 2.0],
        ["L.promo_theme", "L.promo_purpose", "L.promo_period", "L.scope", "L.promo_method",
         "L.promo_budget"], "p in promotions",
        ["p.theme", "p.purpose", "p.period", "p.scope", "p.method", "p.budget"], NUM({5})))

    para(doc, "{{ L.m6 }}", "Heading 1")
    value_chapter(doc, ranked_note=True)

    para(doc, "{{ L.m7 }}", "Heading 1")
    tag(doc, "if flag_counts")
    para(doc, "{{ L.m7_counts }}")
    loop_table(doc, [12.0, 5.0], ["L.flag_kind", "L.flag_count"], "k in flag_counts",
               ["k.kind", "k.count"], NUM({1}))
    tag(doc, "endif")
    para(doc, "{{ L.m7_market }}")
    flags_table(doc, subject=True)
    calendar_section(doc)
    key_customers_appendix(doc)
    portrait(doc)
    approval(doc)
    fill_toc(doc, contents)
    save(doc, OUT / "market.docx")


if __name__ == "__main__":
    customer()
    industry()
    market()
    print(f"wrote {OUT}")
