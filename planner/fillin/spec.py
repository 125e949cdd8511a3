"""What the fill-in workbook holds: one table per section of the plan files, row per item.

A table names the file kind it reads (customer, industry, market), where its items sit in the
file, and its columns as paths inside an item. Labels, value kinds and the lists a cell may choose
from are read from the models (`planner/model.py`), so a header never differs from the label that
`check` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator

from planner import model as m
from planner.model import Customer, Industry, Market

Kind = Literal["customer", "industry", "market"]
Shape = Literal["single", "list", "texts", "dict"]
MODELS: dict[str, type[BaseModel]] = {"customer": Customer, "industry": Industry,
                                      "market": Market}
# fields whose values are ids or names of the plan set's own catalog
CATALOG_FIELDS = {"business_line": "business_lines", "carrier": "carriers",
                  "competitor": "carriers", "region": "regions", "industry": "industries"}
# derived figures shown beside their inputs, as live formulas (the ledger rule: ROUND at a leaf)
DERIVED = {
    "stock": ("stock_target", "ROUND({base}*{retention},2)", ("base", "retention")),
    "opportunities": ("weighted", "ROUND({amount}*{probability},2)", ("amount", "probability")),
    "winback": ("weighted", "ROUND({amount}*{probability},2)", ("amount", "probability")),
    "other_customers": ("stock_target", "ROUND({base}*{retention},2)", ("base", "retention")),
}


# free-text fields people write sentences in (descriptions, strategies, notes): their cells wrap
# in a wide column, so what is typed stays readable on screen and in print
LONG_TEXT = frozenset({
    "structure", "industry_position", "integration", "sourcing", "risk", "measure",
    "conditions", "approach", "note", "activity", "text", "_text", "position",
    "content", "method", "purpose", "task"})


@dataclass(frozen=True)
class Column:
    """One input column: a path inside the item, its label, value kind and choices."""

    key: tuple[str | int, ...]
    label: tuple[str, str]
    kind: str  # text | money | rate | number | int | quarter | choice | date | idlist
    choices: tuple[str, ...] | str | None = None  # model values, or a catalog list's name
    required: bool = False

    @property
    def name(self) -> str:
        """The field name shown under the label, e.g. `kpis.renewal_rate`, `phasing.1`."""
        return ".".join(map(str, self.key))

    @property
    def long(self) -> bool:
        """A free text of sentences (LONG_TEXT), not a name, a choice or a figure."""
        return self.kind == "text" and not self.choices and str(self.key[-1]) in LONG_TEXT


@dataclass(frozen=True)
class Table:
    """A sheet: the file kind, the shape, where its items are, and its columns."""

    sheet: tuple[str, str]  # (中文, English) sheet names
    kind: Kind
    shape: Shape
    path: tuple[str, ...]  # the mapping (single), list (list) or dicts' parent (dict)
    columns: tuple[Column, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()  # texts and dict tables: the lists or mappings
    key: Column | None = None  # dict tables: the column of the mapping's keys
    derived: tuple[str, str, tuple[str, ...]] | None = None

    def name(self, lang: str) -> str:
        """The sheet's name in `lang`."""
        return self.sheet[1] if lang == "en" else self.sheet[0]


def _validators(tp: Any, metadata: list | None = None) -> set[str]:
    """Names of the BeforeValidator functions in a field's type (`_money`, `_rate` ...)."""
    found = {v.func.__name__ for v in metadata or [] if isinstance(v, BeforeValidator)}
    for arg in get_args(tp):
        if isinstance(arg, BeforeValidator):
            found.add(arg.func.__name__)
        elif not isinstance(arg, str | int):
            found |= _validators(arg)
    return found


def _literal(tp: Any) -> tuple[str, ...] | None:
    if get_origin(tp) is Literal:
        return tuple(get_args(tp))
    for arg in get_args(tp) if get_origin(tp) in (Union, type(int | None)) else ():
        found = _literal(arg)
        if found:
            return found
    return None


def column(model: type[BaseModel], *key: str | int) -> Column:
    """The column of field path `key` in `model`: label, kind and choices from the model."""
    names = key[:-1] if isinstance(key[-1], int) else key
    owner: Any = model
    for part in names[:-1]:
        owner = m.walk(owner, (part,))[1]
    last = names[-1]
    info = m.fields_by_key(owner)[last]  # type: ignore[arg-type]
    zh, en = m.label(owner, last)  # type: ignore[arg-type]
    if isinstance(key[-1], int):  # one element of a list field: phasing.0 -> 季度分布 Q1
        zh, en = f"{zh} Q{key[-1] + 1}", f"{en} Q{key[-1] + 1}"
    found = _validators(info.annotation, info.metadata)
    base = m._unwrap(info.annotation)
    choices: Any = _literal(info.annotation)
    if "_money" in found:
        kind = "money"
    elif "_rate" in found:
        kind = "rate"
    elif "_quarter" in found:
        kind, choices = "quarter", m.QUARTERS
    elif choices:
        kind = "choice"
    elif base is m.Decimal:
        kind = "number"
    elif base is int:
        kind = "int"
    elif base in (m.date, m.dt.date):
        kind = "date"
    elif get_origin(base) is list:
        kind = "idlist"
    else:
        kind = "text"
        choices = CATALOG_FIELDS.get(str(last))
    return Column(tuple(key), (zh, en), kind, choices, info.is_required())


def _cols(model: type[BaseModel], *keys: str) -> tuple[Column, ...]:
    out = []
    for key in keys:
        parts = tuple(int(p) if p.isdigit() else p for p in key.split("."))
        out.append(column(model, *parts))
    return tuple(out)


def _list(sheet: tuple[str, str], kind: Kind, path: str, *keys: str) -> Table:
    model = MODELS[kind]
    item = m.walk(model, (*path.split("."), 0))[1]
    return Table(sheet, kind, "list", tuple(path.split(".")), _cols(item, *keys),
                 derived=DERIVED.get(path))


def _single(sheet: tuple[str, str], kind: Kind, path: str, *keys: str) -> Table:
    model = MODELS[kind]
    owner = m.walk(model, tuple(path.split(".")))[1] if path else model
    return Table(sheet, kind, "single", tuple(path.split(".")) if path else (),
                 _cols(owner, *keys))


def _texts(sheet: tuple[str, str], kind: Kind, *paths: str) -> Table:
    return Table(sheet, kind, "texts", (), paths=tuple(tuple(p.split(".")) for p in paths))


def _dict(sheet: tuple[str, str], kind: Kind, key: Column, value: Column, *paths: str) -> Table:
    return Table(sheet, kind, "dict", (), (value,), tuple(tuple(p.split(".")) for p in paths),
                 key)


_CARRIER = Column(("carrier",), ("运营商", "Carrier"), "text", "carriers", True)
_DIMENSION = Column(("dimension",), m.label(m.Measure, "dimension"), "choice",
                    m.STRATEGY_DIMENSIONS, True)
_REGION = Column(("region",), m.label(m.BulkRow, "region"), "text", "regions", True)

CUSTOMER_TABLES = (
    _single(("客户概况", "Profile"), "customer", "", "name", "industry", "region", "manager",
            "profile.industry_position", "profile.informatization_level", "network.structure",
            "it_services.integration", "it_services.sourcing", "budget.network", "budget.it"),
    _list(("组网", "Network"), "customer", "network.tiers", "level", "technology",
          "bandwidth_mbps", "access", "backup", "equipment"),
    _list(("各运营商收入", "Spend"), "customer", "spend", "carrier", "business_line", "amount",
          "note"),
    _dict(("话音", "Voice"), "customer", _CARRIER,
          Column(("amount",), ("话音收入", "Voice revenue"), "money", None, True),
          "voice.domestic", "voice.international"),
    _list(("项目预算", "Projects"), "customer", "budget.projects", "name", "budget"),
    _list(("存量", "Stock"), "customer", "stock", "business_line", "base", "previous",
          "retention", "risk", "measure", "phasing.0", "phasing.1", "phasing.2", "phasing.3"),
    _list(("商机", "Opportunities"), "customer", "opportunities", "name", "business_line",
          "amount", "probability", "quarter", "conditions", "source"),
    _list(("策反", "Win-back"), "customer", "winback", "competitor", "business_line",
          "competitor_revenue", "amount", "probability", "quarter", "approach"),
    _list(("关系", "Contacts"), "customer", "relationship.contacts", "name", "title", "role",
          "attitude"),
    _list(("活动", "Activities"), "customer", "relationship.activities", "quarter", "activity",
          "owner"),
    _dict(("策略", "Strategies"), "customer",
          _DIMENSION,
          Column(("text",), m.label(m.Measure, "text"), "text", None, True), "strategies"),
    _single(("防控预案", "Retention plan"), "customer", "retention_plan", "priority",
            "kpis.renewal_rate", "kpis.long_term_contract_rate", "kpis.ict_penetration",
            "kpis.churn_rate", "kpis.off_net_rate"),
    _single(("服务成本", "Cost to serve"), "customer", "costs", "marketing", "service",
            "maintenance", "payment_on_time_rate"),
    _texts(("需求及清单", "Lists"), "customer", "network.applications", "it_services.partners",
           "needs.value_claims", "needs.planning_goals", "needs.annual_projects",
           "needs.innovation", "retention_plan.risks", "retention_plan.actions", "history"),
)

INDUSTRY_TABLES = (
    _single(("行业概况", "Industry"), "industry", "", "manager", "current_year.market.size",
            "current_year.market.note"),
    _list(("行业竞争对手", "Industry competitors"), "industry", "current_year.competitors",
          "name", "position", "businesses"),
    _list(("行业促销", "Industry promotions"), "industry", "promotions", "content", "start",
          "end", "method"),
    _list(("行业措施", "Industry measures"), "industry", "measures", "dimension", "industry",
          "business_line", "text"),
    _texts(("行业分析", "Industry analysis"), "industry", "current_year.development",
           "current_year.ict_policies", "trends.directions", "trends.innovation"),
)

MARKET_TABLES = (
    _single(("计划信息", "Plan"), "market", "plan", "unit", "year", "base_year", "money_unit",
            "owner", "reviewer", "date"),
    _list(("编制进度", "Schedule"), "market", "plan.schedule", "task", "owner", "due"),
    _list(("区域目录", "Regions"), "market", "catalog.regions", "id", "name"),
    _list(("行业目录", "Industries"), "market", "catalog.industries", "id", "name"),
    _list(("业务目录", "Business lines"), "market", "catalog.business_lines", "id", "name",
          "kind"),
    _single(("预算指引", "Guidance"), "market", "guidance", "total"),
    _dict(("分区域指引", "Guidance by region"), "market", _REGION,
          Column(("amount",), m.label(m.Guidance, "by_region"), "money", None, True),
          "guidance.by_region"),
    _list(("其他客户收入", "Other customers"), "market", "other_customers", "region",
          "industry", "business_line", "base", "previous", "retention", "increment", "winback",
          "quarter", "note"),
    _list(("市场措施", "Market measures"), "market", "measures", "dimension", "industry",
          "business_line", "text"),
    _list(("市场促销", "Market promotions"), "market", "promotions", "purpose", "theme",
          "start", "end", "industries", "business_lines", "method", "budget"),
    _single(("审核设置", "Review settings"), "market", "review", "growth_above",
            "decline_below", "value_current", "value_potential"),
    _texts(("市场分析", "Market analysis"), "market", "catalog.competitors",
           "environment.policy", "environment.economy", "environment.society",
           "environment.technology", "environment.competition.trends",
           "environment.competition.regulation_impact", "environment.competition.advantages",
           "environment.competition.disadvantages"),
)

TABLES = CUSTOMER_TABLES + INDUSTRY_TABLES + MARKET_TABLES


def is_roster(table: Table) -> bool:
    """The customers' first sheet: one row per customer, where a new customer id starts."""
    return table.kind == "customer" and table.shape == "single" and table.path == ()


def path_label(kind: Kind, path: tuple[str, ...]) -> tuple[str, str]:
    """The label of a list or mapping field of a file kind (for the texts and dict tables)."""
    found, _ = m.walk(MODELS[kind], path)
    return found or (".".join(path), ".".join(path))


def table_by_sheet(name: str) -> Table | None:
    """The table whose sheet is called `name` (in either language)."""
    return next((t for t in TABLES if name.strip() in t.sheet), None)


@dataclass(frozen=True)
class Slot:
    """A column of a sheet: its field name (row 2), label (row 1) and input column, if any.

    Names starting with `_` identify the row (the file's id, the item's number, which list or
    mapping, the mapping's key); `=` marks a derived figure (a formula, never read back)."""

    name: str
    label: tuple[str, str]
    column: Column | None = None


ID_LABELS = {"customer": m.label(Customer, "id"), "industry": m.label(Industry, "industry")}
NAME_LABELS = {"customer": m.label(Customer, "name"), "industry": ("行业名称", "Industry name")}
ITEM_LABEL = ("序号", "No.")
FIELD_LABEL = ("字段", "Field")
DERIVED_LABELS = {"weighted": ("加权金额", "Weighted amount"),
                  "stock_target": ("存量目标", "Stock target")}


def slots(table: Table) -> list[Slot]:
    """The columns of a table's sheet, left to right."""
    out = []
    if table.kind != "market":
        out.append(Slot("_id", ID_LABELS[table.kind]))
        if not is_roster(table):  # the roster's own name column is the name
            out.append(Slot("_name", NAME_LABELS[table.kind]))
    if table.shape in ("list", "texts"):
        out.append(Slot("_item", ITEM_LABEL))
    if table.shape in ("texts", "dict") and len(table.paths) > 1:
        out.append(Slot("_field", FIELD_LABEL))
    if table.key is not None:
        out.append(Slot("_key", table.key.label, table.key))
    if table.shape == "texts":
        out.append(Slot("_text", ("内容", "Text"),
                        Column(("_text",), ("内容", "Text"), "text", None, True)))
    for col in table.columns:
        out.append(Slot(col.name, col.label, col))
        if table.derived and col.name == table.derived[2][-1]:
            out.append(Slot("=" + table.derived[0], DERIVED_LABELS[table.derived[0]]))
    return out
