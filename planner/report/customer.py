"""The context of a key-customer plan (重点客户营销计划).

Every figure is formatted here and every table's shown parts add up to its shown totals; the
templates only look things up in it."""

from __future__ import annotations

from typing import Any

from planner.compute import CustomerTargets, Targets
from planner.compute.money import ZERO
from planner.compute.value import wallet_by_line
from planner.errors import Issue
from planner.model import Customer, Strategies
from planner.report.calendar import calendar, promotions_of
from planner.report.common import (
    Names,
    carrier_table,
    doc_info,
    field_label,
    figure_rows,
    flag_rows,
    money,
    percent,
    phased_rows,
    text_list,
    unit_label,
)
from planner.report.summary import approval
from planner.report.value import customer_value
from planner.validate import PlanSet

KPI_KEYS = ("renewal_rate", "long_term_contract_rate", "ict_penetration", "churn_rate",
            "off_net_rate")


def customer_context(plan: PlanSet, targets: Targets, cid: str, flags: list[Issue],
                     labels: dict[str, str], lang: str) -> dict[str, Any]:
    """Everything the customer templates show, as text."""
    c = plan.customers[cid]
    t = targets.customers[cid]
    names = Names(plan, lang=lang)
    L = labels
    return {
        "L": L,
        "doc": doc_info(plan, L, L["cust_title"].format(name=c.name,
                                                         year=plan.market.plan.year)),
        "c": {"id": c.id, "name": c.name, "industry": names.industry(c.industry),
              "region": names.region(c.region), "manager": c.manager or L["not_filled"]},
        "network": _network(c, L, names),
        "wallet": _wallet(c, plan, names),
        "spend_rows": [{"carrier": names.carrier(s.carrier), "line": names.line(s.business_line),
                        "amount": money(s.amount), "note": s.note or ""} for s in c.spend],
        "voice": _voice(c, names),
        "it": {"integration": c.it_services.integration or L["not_filled"],
               "sourcing": L.get(f"enum_{c.it_services.sourcing}", c.it_services.sourcing)
               if c.it_services.sourcing else L["not_filled"],
               "partners": names.join(c.it_services.partners) or L["not_filled"]},
        "budget": _budget(c, unit_label(plan, L)),
        "profile": {"position": c.profile.industry_position or L["not_filled"],
                    "level": c.profile.informatization_level or L["not_filled"]},
        "needs": {"value_claims": text_list(c.needs.value_claims),
                  "planning_goals": text_list(c.needs.planning_goals),
                  "annual_projects": text_list(c.needs.annual_projects),
                  "innovation": text_list(c.needs.innovation)},
        "stock": _stock(c, t, names),
        "opps": _opportunities(c, t, names, L),
        "wins": _winbacks(c, t, names),
        "targets": _targets(t, names, L),
        "quarters": phased_rows(t.figures.quarters, L),
        "contacts": [{"name": p.name, "title": p.title or "",
                      "role": L.get(f"enum_{p.role}", p.role),
                      "attitude": L.get(f"enum_{p.attitude}", p.attitude) if p.attitude else ""}
                     for p in c.relationship.contacts],
        "activities": [{"quarter": a.quarter, "activity": a.activity, "owner": a.owner or ""}
                       for a in sorted(c.relationship.activities, key=lambda a: a.quarter)],
        "strategies": _strategies(c.strategies, L, lang),
        "retention": _retention(c, L, lang),
        "value": customer_value(plan, targets, cid, L),
        "flags": flag_rows(flags, lang, plan),
        "calendar": calendar(plan, [cid], names, L, promotions_of(plan, [c.industry]),
                             prefix=False),
        "approval": approval(c.manager, getattr(plan.industries.get(c.industry), "manager",
                                                None), plan.market.plan.reviewer,
                             doc_info(plan, L, "")["date"]),
    }


def _network(c: Customer, L: dict[str, str], names: Names) -> dict[str, Any]:
    n = c.network
    return {"structure": n.structure or L["not_filled"],
            "applications": names.join(n.applications) or L["not_filled"],
            "tiers": [{"level": t.level, "technology": t.technology or "",
                       "bandwidth": "" if t.bandwidth_mbps is None else f"{t.bandwidth_mbps:,}",
                       "access": t.access or "", "backup": t.backup or "",
                       "equipment": t.equipment or ""} for t in n.tiers]}


def _wallet(c: Customer, plan: PlanSet, names: Names) -> dict[str, Any]:
    """Spend per business line × carrier, with our share; columns are the carriers that appear."""
    operator = plan.market.catalog.operator
    by_line = wallet_by_line(c.spend)
    carriers = [k for k in [operator, *plan.market.catalog.competitors]
                if any(k in row for row in by_line.values())]
    if not by_line:
        return {"carriers": [], "rows": [], "total": None}
    return carrier_table({names.line(line): row for line, row in by_line.items()}, carriers,
                         operator, "line", names)


def _voice(c: Customer, names: Names) -> list[dict[str, str]]:
    carriers = list(dict.fromkeys([*c.voice.domestic, *c.voice.international]))
    return [{"carrier": names.carrier(k), "domestic": money(c.voice.domestic.get(k)),
             "international": money(c.voice.international.get(k))} for k in carriers]


def _budget(c: Customer, unit: str) -> dict[str, Any]:
    b = c.budget
    total = sum((p.budget or ZERO for p in b.projects), ZERO)
    return {"network": money(b.network, unit), "it": money(b.it, unit),
            "projects": [{"name": p.name, "budget": money(p.budget)} for p in b.projects],
            "projects_total": money(total) if b.projects else ""}


def _stock(c: Customer, t: CustomerTargets, names: Names) -> dict[str, Any]:
    targets = [t.lines[s.business_line].stock for s in c.stock]  # R(base × retention): a leaf
    prev = [s.previous for s in c.stock]
    rows = [{"line": names.line(s.business_line), "base": money(s.base),
             "previous": money(s.previous),
             "yoy": percent(s.base / s.previous - 1 if s.previous else None, signed=True),
             "retention": percent(s.retention), "target": money(targets[i]),
             "risk": s.risk or "", "measure": s.measure or ""} for i, s in enumerate(c.stock)]
    all_prev = all(p is not None for p in prev) and bool(prev)
    base_sum = sum((s.base for s in c.stock), ZERO)
    prev_sum = sum((p or ZERO for p in prev), ZERO)
    target_sum = sum(targets, ZERO)
    return {"rows": rows, "total": {
        "base": money(base_sum), "previous": money(prev_sum) if all_prev else "—",
        "yoy": percent(base_sum / prev_sum - 1 if all_prev and prev_sum else None, signed=True),
        "retention": percent(target_sum / base_sum if base_sum else None),
        "target": money(target_sum)}}


def _opportunities(c: Customer, t: CustomerTargets, names: Names,
                   L: dict[str, str]) -> dict[str, Any]:
    amount_total = sum((o.amount for o in c.opportunities), ZERO)
    weighted_total = sum((i.weighted for i in t.opportunities), ZERO)
    rows = [{"name": o.name, "line": names.line(o.business_line), "amount": money(o.amount),
             "probability": percent(o.probability), "weighted": money(i.weighted),
             "quarter": o.quarter, "conditions": o.conditions or ""}
            for o, i in zip(c.opportunities, t.opportunities)]
    summary = L["opps_summary"].format(pipeline=money(amount_total),
                                       weighted=money(weighted_total))
    return {"rows": rows, "total": {"amount": money(amount_total),
                                    "weighted": money(weighted_total)}, "summary": summary}


def _winbacks(c: Customer, t: CustomerTargets, names: Names) -> dict[str, Any]:
    rows = [{"competitor": names.carrier(w.competitor), "line": names.line(w.business_line),
             "revenue": money(w.competitor_revenue), "amount": money(w.amount),
             "probability": percent(w.probability), "weighted": money(i.weighted),
             "quarter": w.quarter, "approach": w.approach or ""}
            for w, i in zip(c.winback, t.winbacks)]
    return {"rows": rows, "total": {
        "revenue": money(sum((w.competitor_revenue for w in c.winback), ZERO)),
        "amount": money(sum((w.amount for w in c.winback), ZERO)),
        "weighted": money(sum((i.weighted for i in t.winbacks), ZERO))}}


def _targets(t: CustomerTargets, names: Names, L: dict[str, str]) -> dict[str, Any]:
    rows, total = figure_rows(list(t.lines.values()))
    for row, line in zip(rows, t.lines):
        row["line"] = names.line(line)
    return {"rows": rows, "total": total,
            "intro": L["targets_intro"].format(growth=total["growth"])}


def _strategies(s: Strategies, L: dict[str, str], lang: str) -> list[dict[str, str]]:
    out = []
    for name, field in Strategies.model_fields.items():
        text = getattr(s, name)
        out.append({"dimension": field_label(Strategies, field.alias or name, lang),
                    "text": text or L["not_filled"], "filled": bool(text)})
    return out


def _retention(c: Customer, L: dict[str, str], lang: str) -> dict[str, Any]:
    rp = c.retention_plan
    kpis = []
    for key in KPI_KEYS:
        value = getattr(rp.kpis, key)
        label = field_label(type(rp.kpis), key, lang)
        kpis.append({"key": key, "name": label, "rate": value,
                     "value": percent(value) if value is not None
                     else L["not_filled"]})
    return {"priority": L.get(f"enum_{rp.priority}", rp.priority) if rp.priority
            else L["not_filled"], "risks": text_list(rp.risks),
            "actions": text_list(rp.actions), "kpis": kpis}
