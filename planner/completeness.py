"""Completeness review flags (审核提示): a plan that is valid but not filled in — a section left
empty, strategy dimensions or KPI targets missing, values left from
`planner init`, an opportunity without a start quarter. Without these
an empty plan renders as a complete one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.model import Customer, Kpis, Strategies, label

if TYPE_CHECKING:
    from planner.validate import PlanSet

EXAMPLE_NAME = "示例单位"  # the customer name `planner init` and `planner new` write
EXAMPLE_UNIT = "某市分公司政企客户部"  # the unit `planner init` writes

# (section's field path, its parts): the section is empty when every part is
SECTIONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("network",), ("structure", "tiers", "applications")),
    (("profile",), ("industry_position", "informatization_level")),
    (("needs",), ("value_claims", "planning_goals", "annual_projects", "innovation")),
    (("relationship",), ("contacts", "activities")),
    (("retention_plan",), ("risks", "actions")),
)


def _names(model: Any, keys: list[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(label(model, k)[0 if lang == "zh" else 1] for k in keys)


def customer_completeness(plan: PlanSet, c: Customer, flag: Any) -> list[Any]:
    """The completeness flags of one customer plan (`flag(loc, code, **params)` makes one)."""
    out = []
    for path, parts in SECTIONS:
        node = getattr(c, path[0])
        if not any(getattr(node, p) for p in parts):
            zh, en = label(Customer, path[0])
            out.append(flag(path, "section_empty", section=(zh, en)))
    if not c.stock:
        out.append(flag(("stock",), "section_empty", section=label(Customer, "stock")))
    empty = [f.alias or k for k, f in Strategies.model_fields.items()
             if not getattr(c.strategies, k)]
    if empty:
        out.append(flag(("strategies",), "strategies_missing", n=str(len(empty)),
                        total=str(len(Strategies.model_fields)),
                        names=(_names(Strategies, empty, "zh"), _names(Strategies, empty, "en"))))
    kpis = c.retention_plan.kpis
    missing = [k for k in Kpis.model_fields if getattr(kpis, k) is None]
    if missing:
        out.append(flag(("retention_plan", "kpis"), "kpis_missing",
                        names=(_names(Kpis, missing, "zh"), _names(Kpis, missing, "en"))))
    if c.name.strip().startswith(EXAMPLE_NAME):  # 示例单位, or 示例单位 (<id>) of `planner new`
        out.append(flag(("name",), "example_value", value=c.name))
    source = plan.source("customer", c.id)
    for kind in ("opportunities", "winback"):
        for i, item in enumerate(getattr(c, kind)):
            if source is not None and not source.written((kind, i, "quarter")):
                name = getattr(item, "name", None) or getattr(item, "competitor", "")
                out.append(flag((kind, i), "no_start_quarter", name=name))
    return out


def market_completeness(plan: PlanSet, flag: Any) -> list[Any]:
    """The unit left as `planner init` wrote it."""
    unit = plan.market.plan.unit
    return [flag(("plan", "unit"), "example_value", value=unit)] if unit == EXAMPLE_UNIT else []
