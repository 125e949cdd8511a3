"""Write the shipped Word templates (templates/*.docx) from code.

    python tools/make_templates.py

The .docx files are what users restyle in Word (styles, fonts, margins, letterhead); wording comes
from templates/labels.yaml through {{ L.key }}. Run this only to regenerate the shipped versions.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from docx_kit import (  # noqa: E402
    bullets,
    figure,
    grid_table,
    header_footer,
    labelled,
    loop_table,
    new_document,
    para,
    tag,
    unit_note,
)

OUT = Path(__file__).resolve().parent.parent / "templates"
NUM = frozenset


def title_block(doc, rows: list[list[str]]) -> None:
    """Title, unit, and the grid of who / when / what."""
    para(doc, "{{ doc.title }}", "Title")
    para(doc, "{{ doc.unit }}", "Subtitle")
    grid_table(doc, [2.6, 5.9, 2.6, 5.9], rows, {0, 2})


def flags_section(doc, heading: str) -> None:
    """The document's own review flags, or a line saying there are none."""
    para(doc, "{{ " + heading + " }}", "Heading 1")
    tag(doc, "if flags")
    loop_table(doc, [7.2, 6.3, 3.5], ["L.flag_what", "L.flag_fix", "L.flag_where"],
               "f in flags", ["f.message", "f.fix", "f.where"])
    tag(doc, "else")
    para(doc, "{{ L.flags_none }}")
    tag(doc, "endif")


def customer() -> None:
    """重点客户营销计划."""
    doc = new_document()
    header_footer(doc, "{{ doc.unit }}　{{ doc.title }}")
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
    tag(doc, "if spend_rows")
    unit_note(doc)
    loop_table(doc, [3.0, 3.0, 2.5, 8.5],
               ["L.carrier", "L.business_line", "L.amount", "L.spend_note"],
               "s in spend_rows", ["s.carrier", "s.line", "s.amount", "s.note"], NUM({2}))
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")

    para(doc, "{{ L.s1_voice }}", "Heading 2")
    tag(doc, "if voice")
    unit_note(doc)
    loop_table(doc, [6.0, 5.5, 5.5], ["L.carrier", "L.voice_domestic", "L.voice_international"],
               "v in voice", ["v.carrier", "v.domestic", "v.international"], NUM({1, 2}))
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")

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
    loop_table(doc, [1.9, 1.8, 1.8, 1.5, 1.5, 1.8, 3.35, 3.35],
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
    loop_table(doc, [3.6, 1.9, 1.7, 1.5, 1.7, 1.3, 5.3],
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
    loop_table(doc, [1.9, 1.8, 1.8, 1.8, 1.5, 1.7, 1.2, 5.3],
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
    tag(doc, "if contacts")
    loop_table(doc, [3.0, 5.0, 4.5, 4.5],
               ["L.contact_name", "L.contact_title", "L.contact_role", "L.contact_attitude"],
               "p in contacts", ["p.name", "p.title", "p.role", "p.attitude"])
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")
    para(doc, "{{ L.activities }}", "Heading 3")
    tag(doc, "if activities")
    loop_table(doc, [2.5, 10.0, 4.5], ["L.quarter", "L.activity", "L.owner"],
               "a in activities", ["a.quarter", "a.activity", "a.owner"])
    tag(doc, "else")
    para(doc, "{{ L.not_filled }}")
    tag(doc, "endif")

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
    grid_table(doc, [4.6, 3.9, 4.6, 3.9], [
        ["L.value_revenue", "value.revenue", "L.value_cost", "value.cost"],
        ["L.value_payment", "value.payment", "L.value_current", "value.current"],
        ["L.value_potential", "value.potential", "L.value_wallet", "value.wallet"],
        ["L.value_share", "value.share", "L.value_headroom", "value.headroom"],
    ], {0, 2}, numeric=True)
    labelled(doc, "L.value_quadrant", "value.quadrant")
    para(doc, "{{ value.reason }}")
    para(doc, "{{ value.rule }}", "Unit Note")
    tag(doc, "if value.note")
    para(doc, "{{ value.note }}", "Unit Note")
    tag(doc, "endif")

    flags_section(doc, "L.s6")
    doc.save(OUT / "customer.docx")


if __name__ == "__main__":
    customer()
    print(f"wrote {OUT}")
