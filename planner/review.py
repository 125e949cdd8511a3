"""Review flags (审核提示): plans that are valid but look wrong, each located and with what to do.

They are warnings: `check` prints them after the errors, the documents list them, the review
workbook collects them for the director. Thresholds come from market.yaml `review`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from planner.completeness import customer_completeness, market_completeness
from planner.compute import Targets
from planner.compute.money import cents, round_percent
from planner.compute.value import wallet_by_line
from planner.errors import Issue, Subject
from planner.load import dotted
from planner.model import MONEY_UNITS_EN, Customer, Industry, Market, describe
from planner.report.common import money
from planner.review_value import action_flags, value_flags
from planner.validate import Brief, PlanSet

NO_CONDITIONS = {"", "无", "暂无", "没有", "-", "—", "/", "none", "n/a", "na", "tbd", "待定"}


def review(plan: PlanSet, targets: Targets) -> list[Issue]:
    """Every review flag of the plan set."""
    flags: list[Issue] = []
    for c in plan.customers.values():
        source = plan.source("customer", c.id)
        read = source is not None and source.marks is not None
        flags += customer_flags(plan, targets, c)
        if source is not None and not read:
            source.forget_marks()  # one file's positions at a time, not the whole set's
    return flags + plan_flags(plan, targets)


def plan_flags(plan: PlanSet, targets: Targets) -> list[Issue]:
    """The review flags across customers and of the market and industry files."""
    flags = _shared_name_flags(plan)  # across files: never from one customer's result
    flags += _industry_flags(plan)
    flags += market_completeness(plan, _Flagger(plan, "market", None, Market, Subject(
        "market", None, plan.market.plan.owner)))
    flags += _guidance_flags(plan, targets)
    for kind, model, ids in (("market", Market, [None]), ("industry", Industry, plan.industries)):
        for id in ids:
            subject = Subject("market", None, plan.market.plan.owner) if kind == "market" \
                else Subject("industry", id, plan.industries[id].manager)
            flags += _rounded_flags(plan, _Flagger(plan, kind, id, model, subject))
    return flags


def _rounded_flags(plan: PlanSet, flag: _Flagger) -> list[Issue]:
    """A money input with more than two decimals, rounded half-up to the cent when read."""
    unit = plan.market.plan.money_unit
    unit = (unit, MONEY_UNITS_EN.get(unit, unit))
    out = []
    for loc, written in flag.source.rounded if flag.source else []:
        rounded = cents(Decimal(written))
        out.append(flag(loc, "money_rounded", written=written, rounded=money(rounded),
                        plain=str(rounded), unit=unit))
    return out


def name_key(text: Any) -> str:
    """A customer or line name as billing is matched by it: NFKC, case-folded, no white space."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", str(text))).casefold()


def _shared_name_flags(plan: PlanSet) -> list[Issue]:
    """Two customers (or business lines) with one name: billing matched by name cannot tell
    them apart, so each is flagged, naming the others."""
    out: list[Issue] = []
    groups: dict[str, list[Brief]] = {}
    for c in plan.briefs.values():
        groups.setdefault(name_key(c.name), []).append(c)
    for group in (g for g in groups.values() if len(g) > 1):
        for c in group:
            source = plan.source("customer", c.id)
            line, col = c.name_at or (source.at(("name",)) if source else (1, 1))
            out.append(Issue(source.name if source else "", line, col, "name",
                             "customer_name_shared",
                             {"name": c.name, "others": ", ".join(o.id for o in group
                                                                  if o is not c)},
                             describe(Customer, ("name",)), "warning",
                             Subject("customer", c.id, c.manager)))
    lines: dict[str, list[int]] = {}
    catalog = plan.market.catalog.business_lines
    for i, b in enumerate(catalog):
        lines.setdefault(name_key(b.name), []).append(i)
    flag = _Flagger(plan, "market", None, Market, Subject("market", None, plan.market.plan.owner))
    for group in (g for g in lines.values() if len(g) > 1):
        for i in group:
            out.append(flag(("catalog", "business_lines", i, "name"), "line_name_shared",
                            name=catalog[i].name,
                            others=", ".join(catalog[j].id for j in group if j != i)))
    return out


def _pct(x: Decimal, signed: bool = True) -> str:
    """0.31 -> '+31.0%' ('31.0%' unsigned, where the message already says "falls")."""
    shown = round_percent(x)
    return f"{shown:+.1f}%" if signed else f"{shown:.1f}%"


class _Flagger:
    """Makes warnings about one file, located at a path in it."""

    def __init__(self, plan: PlanSet, kind: str, id: str | None, model: Any, subject: Subject):
        self.source = plan.source(kind, id)
        self.model = model
        self.subject = subject
        # the file's model, so that labels name its items (第 2 条商机「…」)
        self.data = {"customer": plan.customers, "industry": plan.industries}.get(
            kind, {}).get(id) if kind != "market" else plan.market

    def __call__(self, loc: tuple, code: str, **params: Any) -> Issue:
        line, col = self.source.at(loc) if self.source else (1, 1)
        name = self.source.name if self.source else ""
        return Issue(name, line, col, dotted(loc), code, params,
                     describe(self.model, loc, self.data), "warning", self.subject)


def customer_flags(plan: PlanSet, targets: Targets, c: Customer) -> list[Issue]:
    """The review flags of one customer plan: those that depend on its file and market.yaml
    and the industry files alone."""
    flag = _Flagger(plan, "customer", c.id, Customer, Subject("customer", c.id, c.manager))
    settings = plan.market.review
    out: list[Issue] = []
    source = plan.source("customer", c.id)
    if source and source.path.stem != c.id:
        out.append(flag(("id",), "file_name_mismatch", got=c.id, expected=f"{c.id}.yaml"))
    growth = targets.customers[c.id].figures.growth
    if growth is not None and growth > settings.growth_above:
        out.append(flag(("id",), "growth_high", growth=_pct(growth),
                        limit=_pct(settings.growth_above)))
    if growth is not None and growth < -settings.decline_below:
        out.append(flag(("id",), "growth_low", growth=_pct(-growth, signed=False),
                        limit=_pct(settings.decline_below, signed=False)))
    out += _wallet_flags(plan, c, flag)
    out += value_flags(plan, targets, c, flag) + action_flags(plan, targets, c, flag)
    out += customer_completeness(plan, c, flag)
    for i, line in enumerate(c.stock):
        if line.risk and not (line.measure or "").strip():
            out.append(flag(("stock", i, "risk"), "risk_without_measure", risk=line.risk))
    rp = c.retention_plan
    if rp.risks and not rp.actions:
        out.append(flag(("retention_plan", "risks"), "risks_without_actions"))
    for i, opp in enumerate(c.opportunities):
        if (opp.conditions or "").strip().lower() in NO_CONDITIONS:
            loc = ("opportunities", i, "conditions") if opp.conditions else ("opportunities", i)
            out.append(flag(loc, "opportunity_no_conditions", name=opp.name))
    if not any(p.role == "决策者" for p in c.relationship.contacts):
        out.append(flag(("relationship", "contacts"), "no_decision_maker"))
    if c.industry not in plan.industries:
        out.append(flag(("industry",), "industry_no_file", industry=c.industry,
                        name=_name(plan.market.catalog.industries, c.industry)))
    return out + _rounded_flags(plan, flag)


def _wallet_flags(plan: PlanSet, c: Customer, flag: _Flagger) -> list[Issue]:
    """A competitor with most of a line's spend and no win-back; our spend ≠ the stock base."""
    out: list[Issue] = []
    operator = plan.market.catalog.operator
    names = {b.id: _pair(b) for b in plan.market.catalog.business_lines}
    carriers_en = plan.market.catalog.carriers_en
    targeted = {w.business_line for w in c.winback}
    first_row = {}
    for i, s in enumerate(c.spend):
        first_row.setdefault((s.carrier, s.business_line), i)
    wallet = wallet_by_line(c.spend)
    for line, carriers in wallet.items():
        spend = sum(carriers.values())
        for carrier, amount in carriers.items():
            if carrier != operator and amount * 2 > spend and line not in targeted:
                out.append(flag(("spend", first_row[(carrier, line)]), "competitor_dominates",
                                competitor=(carrier, carriers_en.get(carrier, carrier)),
                                line=names.get(line, line),
                                share=f"{amount / spend * 100:.0f}%"))
    if not c.spend:
        return out
    base = {s.business_line: (i, s.base) for i, s in enumerate(c.stock)}
    for line in dict.fromkeys([*(ln for ln in wallet if operator in wallet[ln]), *base]):
        ours = wallet.get(line, {}).get(operator, Decimal(0))
        i, b = base.get(line, (None, Decimal(0)))
        if ours != b:
            loc = ("stock", i, "base") if i is not None else ("spend", first_row[(operator, line)])
            out.append(flag(loc, "spend_base_mismatch", line=names.get(line, line),
                            spend=str(ours), base=str(b)))
    return out


def _industry_flags(plan: PlanSet) -> list[Issue]:
    out: list[Issue] = []
    with_customers = {c.industry for c in plan.briefs.values()}
    for i, entry in enumerate(plan.market.catalog.industries):
        if entry.id not in with_customers:
            continue
        ind = plan.industries.get(entry.id)
        if ind is not None and not (ind.manager or "").strip():
            flag = _Flagger(plan, "industry", entry.id, Industry,
                            Subject("industry", entry.id, None))
            out.append(flag(("manager",), "industry_no_manager", industry=entry.id,
                            name=_pair(entry)))
        elif ind is None:
            flag = _Flagger(plan, "market", None, Market, Subject("industry", entry.id, None))
            out.append(flag(("catalog", "industries", i), "industry_no_manager",
                            industry=entry.id, name=_pair(entry)))
    return out


def _guidance_flags(plan: PlanSet, targets: Targets) -> list[Issue]:
    out: list[Issue] = []
    owner = plan.market.plan.owner
    g = plan.market.guidance
    for rid, group in targets.regions.items():
        if group.gap is not None and group.gap < 0:
            flag = _Flagger(plan, "market", None, Market, Subject("region", rid, owner))
            name = _name(plan.market.catalog.regions, rid)
            out.append(flag(("guidance", "by_region", rid), "region_below_guidance", region=name,
                            region_id=rid, **_shortfall(group.figures.total, group.guidance)))
    flag = _Flagger(plan, "market", None, Market, Subject("market", None, owner))
    gap = targets.market.gap
    if gap is not None and gap < 0:
        loc = ("guidance", "total") if g.total is not None else ("guidance",)
        out.append(flag(loc, "market_below_guidance",
                        **_shortfall(targets.market.figures.total, targets.market.guidance)))
    if g.total is not None and g.by_region and sum(g.by_region.values()) != g.total:
        out.append(flag(("guidance", "by_region"), "guidance_sum_mismatch",
                        sum=money(sum(g.by_region.values())), total=money(g.total)))
    return out


def _name(entries: list, id: str) -> tuple[str, str]:
    """The catalog name of `id` people know, in Chinese and in English."""
    return next((_pair(e) for e in entries if e.id == id), (id, id))


def _pair(entry: Any) -> tuple[str, str]:
    """A catalog entry's (Chinese, English) name, for a message in either language."""
    return entry.name, entry.name_en or entry.name


def _shortfall(total: Decimal, guidance: Decimal | None) -> dict[str, str]:
    """Total, guidance and the shortfall (guidance − total), in the ledger's cents."""
    guidance = guidance or Decimal(0)
    return {"total": money(total), "guidance": money(guidance), "gap": money(guidance - total)}
