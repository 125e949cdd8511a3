"""The plan set as typed models: one per file kind (market, industry, customer).

Every field carries its Chinese label (`title`), its English label and a description; error
messages, document labels, sheet headers and the JSON Schema all read them from here, so a label is
never typed twice. Scalars arrive as the text the user wrote (see `load.py`); the annotated types
below decide what that text may mean and reject anything else with an error code of our own.
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from datetime import date
from decimal import Decimal, InvalidOperation
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from planner.compute.money import cents, is_cents

STRATEGY_DIMENSIONS = ("竞争", "价格", "差异化", "组合营销", "合作", "服务", "品牌", "产品", "促销")
STRATEGY_EN = ("competition", "price", "differentiation", "bundling", "partnership", "service",
               "brand", "product", "promotion")
ROLES = ("决策者", "影响者", "使用者", "把关者")
ATTITUDES = ("支持", "中立", "反对")
PRIORITIES = ("高", "中", "低")
SOURCING = ("自建", "招标", "外包")
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
MONEY_UNITS_EN = {"万元": "10k yuan", "千元": "k yuan", "元": "yuan"}  # plan.money_unit in English
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
# Device names Windows reserves in every folder: a file customers/con.docx cannot be made there
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})
MAX_TEXT = 5000  # characters in one field: a page of text; Excel cells hold at most 32,767
MAX_MONEY = Decimal("1e12")  # beyond any budget in any unit; also keeps Excel far from overflow


def F(zh: str, en: str, desc: str, default: Any = ..., **kw: Any) -> Any:
    """A field with its Chinese label (title), English label and description."""
    return Field(default, title=zh, description=desc, json_schema_extra={"label_en": en}, **kw)


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _number(value: Any, kind: str) -> Decimal:
    """The user's text as an exact Decimal, or an error that says what was wrong with it."""
    if type(value) is str and _PLAIN_NUMBER.fullmatch(value):
        return Decimal(value)  # most numbers: nothing to check further
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise PydanticCustomError(f"{kind}_type", "not a number", {"got": _shown(value)})
    text = str(value).strip().replace("％", "%")
    if kind == "rate" and text.endswith("%"):
        number = _number(text[:-1], "percent") / 100
        return number
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        raise PydanticCustomError("thousands_separator", "thousands separator",
                                  {"got": text, "plain": text.replace(",", "")})
    try:
        number = Decimal(text)
    except InvalidOperation:
        unit = re.fullmatch(r"([+-]?\d+(?:\.\d+)?)\s*(万元|万|元|千元|w|W|%)", text)
        if unit and unit.group(2) == "%":
            raise PydanticCustomError("percent_not_allowed", "percent", {"got": text}) from None
        if unit:
            raise PydanticCustomError("number_with_unit", "unit",
                                      {"got": text, "plain": unit.group(1)}) from None
        raise PydanticCustomError(f"{kind}_type", "not a number", {"got": _shown(value)}) from None
    if not number.is_finite():
        raise PydanticCustomError(f"{kind}_type", "not a number", {"got": text})
    return number


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    return "" if value is None else str(value)[:40]


def _money(value: Any) -> Decimal:
    number = _number(value, "money")
    if number < 0:
        raise PydanticCustomError("money_negative", "negative", {"got": str(number)})
    if number > MAX_MONEY:
        raise PydanticCustomError("money_too_large", "too large", {"got": str(number)})
    # the ledger: whole cents from the start (`check` flags a rounded input); -0 is 0
    if is_cents(number):
        return number + 0
    ROUNDED.set(True)  # validate.py then finds where, in this file only
    return cents(number)


# Set when a money input of the file being validated was rounded to the cent (rare: most files
# are looked through for the places only then).
ROUNDED: ContextVar[bool] = ContextVar("ROUNDED", default=False)


def _rate(value: Any) -> Decimal:
    number = _number(value, "rate")
    if not 0 <= number <= 1:
        raise PydanticCustomError("rate_range", "out of range",
                                  {"got": _shown(value), "percent": str(number)})
    return number


def _growth(value: Any) -> Decimal:
    number = _number(value, "rate")
    if not -1 <= number <= 10:
        raise PydanticCustomError("growth_range", "out of range",
                                  {"got": _shown(value), "percent": str(number)})
    return number


def _quarter(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().upper().replace("Ｑ", "Q")
        if re.fullmatch(r"Q?[1-4]", text):
            return "Q" + text[-1]
        raise PydanticCustomError("quarter", "not a quarter", {"got": _shown(value)})
    raise PydanticCustomError("quarter", "not a quarter", {"got": _shown(value)})


def _text_list(value: Any) -> Any:
    """A single sentence where a list is expected is a list of one: users write it that way."""
    return [value] if isinstance(value, str) else value


Money = Annotated[Decimal, BeforeValidator(_money)]
Rate = Annotated[Decimal, BeforeValidator(_rate)]
Growth = Annotated[Decimal, BeforeValidator(_growth)]  # a change, -100% .. +1000%
Quarter = Annotated[Literal["Q1", "Q2", "Q3", "Q4"], BeforeValidator(_quarter)]
def _usable_id(value: Any) -> Any:
    """An id names output files: a name Windows reserves (in any case) is refused, before the
    pattern, so the reason given is the real one."""
    if isinstance(value, str) and value.lower() in WINDOWS_RESERVED:
        raise PydanticCustomError("id_reserved", "reserved by Windows", {"got": value})
    return value


# the pattern first, so that the JSON Schema has it; the before-validator still runs first
Id = Annotated[str, Field(pattern=ID_PATTERN,
                          json_schema_extra={"not": {"enum": sorted(WINDOWS_RESERVED)}}),
               BeforeValidator(_usable_id)]
TextList = Annotated[list[str], BeforeValidator(_text_list)]
Strategy = Literal["竞争", "价格", "差异化", "组合营销", "合作", "服务", "品牌", "产品", "促销"]


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, so a typo never drops data."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True,
                              str_max_length=MAX_TEXT)


# ---------------------------------------------------------------- market.yaml

class ScheduleTask(Model):
    """One step of preparing the plan set (编制进度计划)."""

    task: str = F("工作内容", "Task", "编制准备工作的一项内容")
    owner: str | None = F("责任人", "Owner", "负责该项工作的人或岗位", None)
    due: date = F("完成时间", "Due date", "完成日期, 如 2026-11-25")


class Plan(Model):
    """Who prepares the plan set, for which year, in which money unit."""

    unit: str = F("编制单位", "Unit", "编制计划的单位, 如 某市分公司政企客户部")
    year: int = F("计划年度", "Plan year", "计划所属年度, 如 2027", ge=2000, le=2100)
    base_year: int | None = F("基准年", "Base year", "存量收入所属年度, 默认为计划年度前一年",
                              None, ge=2000, le=2100)
    money_unit: Literal["万元", "元", "千元"] = F("金额单位", "Money unit",
                                               "所有金额的单位: 万元、千元或元", "万元")
    owner: str | None = F("编制责任人", "Prepared by", "计划编制责任人", None)
    reviewer: str | None = F("审核人", "Reviewed by", "审核人, 如地市分公司主任", None)
    approver: str | None = F("批准人", "Approved by", "批准人, 如分管副总经理", None)
    version: str | None = F("版本", "Version", "文档版本, 如 V1.0; 默认 V1.0", None)
    date: dt.date | None = F("编制日期", "Date",
                             "文档上的编制日期; 默认为编制进度计划的最后一个日期", None)
    schedule: list[ScheduleTask] = F("编制进度计划", "Preparation schedule",
                                     "编制准备工作的进度计划", [])


class Named(Model):
    """A catalog entry: an id used in references and a name shown in documents."""

    id: Id = F("编号", "Id", "小写字母、数字、- 或 _ 组成的编号, 供其他文件引用")
    name: str = F("名称", "Name", "在文档中显示的名称")
    name_en: str | None = F("英文名称", "English name",
                            "英文文档 (--lang en) 中显示的名称; 省略时显示中文名称", None)


class BusinessLine(Named):
    """A business line of the catalog (业务)."""

    kind: Literal["traditional", "transformation", "new"] = F(
        "业务类别", "Kind", "traditional 传统业务 | transformation 转型业务 | new 新业务",
        "traditional")


class Catalog(Model):
    """The ids everything else refers to: carriers, regions, industries, business lines."""

    operator: str = F("我方运营商", "Our operator", "我方运营商名称, 如 中国电信")
    competitors: TextList = F("竞争对手", "Competitors", "竞争运营商名称列表", [])
    regions: list[Named] = F("区域", "Regions", "区域目录")
    industries: list[Named] = F("行业", "Industries", "行业目录")
    business_lines: list[BusinessLine] = F("业务", "Business lines", "业务目录")
    carriers_en: dict[str, str] = F(
        "运营商英文名称", "Carriers' English names",
        "英文文档 (--lang en) 中运营商的名称, 键为我方运营商或竞争对手的名称, "
        "如 {中国移动: China Mobile}; 未列出的显示中文名称", {})


class Competition(Model):
    """The competitive environment (市场竞争环境)."""

    trends: TextList = F("新趋势新特点", "Trends", "竞争的新趋势、新特点和新变化", [])
    regulation_impact: TextList = F("监管政策影响", "Effect of regulation",
                                    "监管政策变化对竞争环境的影响", [])
    advantages: TextList = F("比较优势", "Advantages", "我方比较竞争优势", [])
    disadvantages: TextList = F("比较劣势", "Disadvantages", "我方比较竞争劣势", [])


class Environment(Model):
    """Market environment analysis (市场环境分析): PEST and competition."""

    policy: TextList = F("政策与监管环境", "Policy and regulation", "政策与监管环境分析", [])
    economy: TextList = F("经济环境", "Economy", "经济环境分析", [])
    society: TextList = F("社会环境", "Society", "社会环境分析", [])
    technology: TextList = F("技术环境", "Technology", "技术环境分析", [])
    competition: Competition = F("市场竞争环境", "Competition", "市场竞争环境分析",
                                 Competition())


class Guidance(Model):
    """The top-down budget guidance (预算编制指引) the bottom-up plan is held against."""

    total: Money | None = F("指引总额", "Guidance total", "上级下达的收入预算指引总额", None)
    by_region: dict[str, Money] = F("分区域指引", "Guidance by region",
                                    "各区域的收入预算指引, 键为区域编号", {})


class BulkRow(Model):
    """Revenue of customers without a plan of their own, by region × industry × line."""

    region: str = F("区域", "Region", "区域编号")
    industry: str = F("行业", "Industry", "行业编号")
    business_line: str = F("业务", "Business line", "业务编号")
    base: Money = F("基准年收入", "Base-year revenue", "基准年收入")
    previous: Money | None = F("上年收入", "Prior-year revenue", "基准年前一年收入, 用于同比",
                               None)
    retention: Rate = F("保有率", "Retention", "存量保有率 0..1 或百分数", Decimal(1))
    increment: Money = F("增量", "Increment", "预计增量收入", Decimal(0))
    winback: Money = F("策反", "Win-back", "预计策反收入", Decimal(0))
    quarter: Quarter = F("起始季度", "Start quarter", "增量和策反收入开始的季度", "Q1")
    note: str | None = F("说明", "Note", "备注", None)


class Measure(Model):
    """A marketing measure in one of the nine strategy dimensions."""

    dimension: Strategy = F("策略维度", "Dimension", "九个策略维度之一")
    industry: str | None = F("行业", "Industry", "适用的行业编号, 可省略", None)
    business_line: str | None = F("业务", "Business line", "适用的业务编号, 可省略", None)
    text: str = F("措施内容", "Measure", "措施内容")


class Promotion(Model):
    """A market promotion (市场促销计划)."""

    purpose: str = F("促销目的", "Purpose", "促销目的")
    theme: str = F("促销主题", "Theme", "促销主题")
    start: date = F("开始日期", "Start", "开始日期, 如 2027-03-01")
    end: date = F("结束日期", "End", "结束日期, 不早于开始日期")
    industries: list[str] = F("行业", "Industries", "适用的行业编号", [])
    business_lines: list[str] = F("业务", "Business lines", "适用的业务编号", [])
    method: str | None = F("促销方式", "Method", "促销方式", None)
    budget: Money | None = F("促销预算", "Budget", "促销预算", None)


class LoyaltyWeights(Model):
    """The weights of loyalty's components (忠诚度), each ≥ 0; 0 leaves a component out."""

    contract: Decimal = F("合同", "Contract", "合同期限与到期的权重", Decimal(1), ge=0, le=100)
    tenure: Decimal = F("合作年限", "Tenure", "与我方合作年数的权重", Decimal(1), ge=0, le=100)
    share: Decimal = F("钱包份额", "Share of wallet", "钱包份额的权重", Decimal(1), ge=0, le=100)
    trend: Decimal = F("份额趋势", "Share trend", "钱包份额较上年变化的权重", Decimal(1),
                       ge=0, le=100)
    attitude: Decimal = F("决策者态度", "Decision makers' attitude", "决策者态度的权重",
                          Decimal(1), ge=0, le=100)


class ReviewSettings(Model):
    """Thresholds of the review flags (planner's own optional settings)."""

    growth_above: Rate = F("增长上限", "Growth above", "总目标较基准年增长超过此比例时提示",
                           Decimal("0.3"))
    decline_below: Rate = F("下降下限", "Decline below",
                            "总目标较基准年下降超过此比例时提示", Decimal("0.1"))
    value_current: Money | None = F("当前价值阈值", "Current value threshold",
                                    "当前价值不低于此金额为高, 默认 100 万元", None)
    value_potential: Money | None = F("潜在价值阈值", "Potential value threshold",
                                      "潜在价值不低于此金额为高, 默认 50 万元", None)
    loyalty_low: Rate = F("低忠诚度线", "Low loyalty", "忠诚度低于此值为低 (0..1)",
                          Decimal("0.4"))
    long_contract_years: int = F("长期合同年限", "Long contract (years)",
                                 "合同期限达到此年数时合同期限得分为满分", 3, ge=1, le=30)
    tenure_years: int = F("稳定合作年限", "Settled tenure (years)",
                          "合作年数达到此值时合作年限得分为满分", 5, ge=1, le=50)
    value_change: Rate = F("价值变动线", "Value change",
                           "收入较上年或目标较基准年变动超过此比例为价值变动客户", Decimal("0.1"))
    payment_low: Rate = F("按时缴费警戒线", "Low on-time payment",
                          "按时缴费率低于此值为问题客户", Decimal("0.9"))
    loyalty_weights: LoyaltyWeights = F("忠诚度权重", "Loyalty weights",
                                        "忠诚度各组成部分的权重, 默认均为 1",
                                        LoyaltyWeights())


class Market(Model):
    """market.yaml: the unit, the catalog and the market-level analysis of the plan set."""

    plan: Plan = F("计划信息", "Plan", "编制单位、年度、金额单位与编制安排")
    catalog: Catalog = F("目录", "Catalog", "运营商、区域、行业与业务目录")
    environment: Environment = F("市场环境分析", "Market environment", "市场环境分析",
                                 Environment())
    guidance: Guidance = F("预算编制指引", "Budget guidance", "上级预算编制指引", Guidance())
    other_customers: list[BulkRow] = F("其他客户收入", "Other customers",
                                       "未单独编制计划客户的收入", [])
    measures: list[Measure] = F("营销计划措施", "Measures", "分行业和业务的营销措施", [])
    promotions: list[Promotion] = F("市场促销计划", "Promotions", "市场促销计划", [])
    review: ReviewSettings = F("审核设置", "Review settings", "审核提示的阈值",
                               ReviewSettings())


# ---------------------------------------------------------------- industries/<id>.yaml

class IndustryMarket(Model):
    """The industry's annual telecom/ICT market."""

    size: Money | None = F("市场规模", "Market size", "行业年度通信信息市场规模", None)
    note: str | None = F("市场说明", "Note", "市场情况说明", None)


class IndustryCompetitor(Model):
    """A competitor's position in the industry."""

    name: str = F("竞争对手", "Competitor", "竞争运营商名称")
    position: str | None = F("竞争态势", "Position", "竞争对手在该行业的发展情况", None)
    businesses: list[str] = F("主要业务", "Businesses", "竞争对手主攻的业务编号", [])


class CurrentYear(Model):
    """(1) 当年行业发展情况分析."""

    development: TextList = F("行业发展情况", "Development",
                              "行业业务政策、竞争、国际化宏观环境影响", [])
    ict_policies: TextList = F("通信信息政策与项目", "ICT policies and projects",
                               "行业通信信息政策、规划或计划中的主要政策、项目", [])
    market: IndustryMarket = F("行业通信信息市场", "Industry ICT market",
                               "行业年度通信信息市场情况", IndustryMarket())
    competitors: list[IndustryCompetitor] = F("竞争对手情况", "Competitors",
                                              "竞争对手在该行业发展情况", [])


class Trends(Model):
    """(2) 趋势及潜在需求分析."""

    directions: TextList = F("发展动向与目标", "Directions", "行业新年度的发展动向、目标", [])
    innovation: TextList = F("创新与合作", "Innovation and partnership",
                             "行业应用以及业务创新、合作发展的可能性", [])


class IndustryPromotion(Model):
    """An industry promotion: content, time, method."""

    content: str = F("促销内容", "Content", "促销内容")
    start: date | None = F("开始日期", "Start", "开始日期", None)
    end: date | None = F("结束日期", "End", "结束日期", None)
    method: str | None = F("促销方式", "Method", "促销方式", None)


class Industry(Model):
    """industries/<id>.yaml: the key-industry analysis; targets come from its customers."""

    industry: str = F("行业", "Industry", "目录中的行业编号")
    manager: str | None = F("行业经理", "Industry manager", "负责编制的行业经理", None)
    current_year: CurrentYear = F("当年行业发展情况", "This year in the industry",
                                  "当年行业发展情况分析", CurrentYear())
    trends: Trends = F("趋势及潜在需求", "Trends and demand", "趋势及潜在需求分析", Trends())
    promotions: list[IndustryPromotion] = F("行业促销", "Industry promotions",
                                            "行业客户促销内容、时间、方式", [])
    measures: list[Measure] = F("营销措施", "Measures", "行业营销措施", [])


# ---------------------------------------------------------------- customers/<id>.yaml

class Profile(Model):
    """The customer's position and informatization level."""

    industry_position: str | None = F("行业地位", "Position in industry",
                                      "客户在所在行业的地位", None)
    informatization_level: str | None = F("信息化水平", "Informatization level",
                                          "客户自身信息化发展水平", None)


class Tier(Model):
    """One tier of the customer's network (HQ, province, city, branch ...)."""

    level: str = F("网络层级", "Tier", "网络层级, 如 市级核心")
    technology: str | None = F("网络技术", "Technology", "采用的网络技术", None)
    bandwidth_mbps: Decimal | None = F("带宽(Mbps)", "Bandwidth (Mbps)", "带宽, 单位 Mbps",
                                       None, ge=0, allow_inf_nan=False)
    access: str | None = F("接入方式", "Access", "接入方式", None)
    backup: str | None = F("备份方式", "Backup", "备份方式", None)
    equipment: str | None = F("接入设备", "Equipment", "网络接入设备类型", None)


class Network(Model):
    """客户组网现状."""

    structure: str | None = F("网络结构", "Structure", "网络结构", None)
    tiers: list[Tier] = F("各级网络", "Network tiers", "各级网络的技术、带宽、接入与备份", [])
    applications: TextList = F("主要应用", "Applications", "网络中主要承载的应用类型", [])


class Spend(Model):
    """What the customer pays one carrier for one business line in the base year."""

    carrier: str = F("运营商", "Carrier", "我方或竞争对手运营商名称")
    business_line: str = F("业务", "Business line", "业务编号")
    amount: Money = F("年度收入", "Annual revenue", "该运营商该业务的年度收入")
    previous: Money | None = F("上年收入", "Prior-year revenue",
                               "该运营商该业务基准年前一年的收入, 用于钱包份额的变化趋势", None)
    note: str | None = F("说明", "Note", "说明", None)


class Voice(Model):
    """Voice usage per carrier (revenue)."""

    domestic: dict[str, Money] = F("国内话音", "Domestic voice", "各运营商国内话音收入", {})
    international: dict[str, Money] = F("国际话音", "International voice",
                                        "各运营商国际话音收入", {})


class ItServices(Model):
    """客户 IT 服务情况及水平."""

    integration: str | None = F("系统集成", "System integration", "系统集成情况", None)
    sourcing: Literal["自建", "招标", "外包"] | None = F("IT服务方式", "IT sourcing",
                                                       "自建 | 招标 | 外包", None)
    partners: TextList = F("主要合作伙伴", "Main partners", "主要合作伙伴", [])


class Project(Model):
    """A project in the customer's budget."""

    name: str = F("项目名称", "Project", "项目名称")
    budget: Money | None = F("项目预算", "Budget", "项目预算", None)


class Budget(Model):
    """The customer's annual network, IT and project budgets."""

    network: Money | None = F("网络预算", "Network budget", "年度网络预算", None)
    it: Money | None = F("IT服务预算", "IT budget", "年度IT服务预算", None)
    projects: list[Project] = F("项目预算", "Projects", "项目预算", [])
    growth: Growth | None = F("预算增长率", "Budget growth",
                              "客户通信和IT预算较上年的增长, 如 0.1 或 10%, 下降写负数; "
                              "用于潜在价值 (钱包增长)", None)


class Needs(Model):
    """The customer's value claims, goals and projects for the new year."""

    value_claims: TextList = F("价值诉求", "Value claims", "客户新年度关注的价值诉求", [])
    planning_goals: TextList = F("规划目标", "Planning goals", "客户的规划目标", [])
    annual_projects: TextList = F("年度项目", "Annual projects", "客户的年度项目", [])
    innovation: TextList = F("创新合作", "Innovation and partnership",
                             "行业应用以及业务创新、合作发展的可能性", [])


class StockLine(Model):
    """Revenue to keep on one business line: base × retention."""

    business_line: str = F("业务", "Business line", "业务编号")
    base: Money = F("基准年收入", "Base-year revenue", "基准年我方收入")
    previous: Money | None = F("上年收入", "Prior-year revenue", "基准年前一年收入, 用于同比",
                               None)
    retention: Rate = F("保有率", "Retention", "存量保有率 0..1 或百分数", Decimal(1))
    risk: str | None = F("风险", "Risk", "存量流失风险", None)
    measure: str | None = F("保有措施", "Retention measure", "应对风险的保有措施", None)
    phasing: list[Rate] | None = F("季度分布", "Quarterly phasing",
                                   "Q1..Q4 各季度占全年的比例, 合计为 1; 省略则平均分布", None)


class Opportunity(Model):
    """An increment opportunity (商机): weighted = amount × probability."""

    name: str = F("商机名称", "Opportunity", "商机名称")
    business_line: str = F("业务", "Business line", "业务编号")
    amount: Money = F("年内收入", "In-year revenue", "计划年度内可实现的收入")
    probability: Rate = F("转化可能性", "Probability", "商机转化的可能性 0..1 或百分数")
    quarter: Quarter = F("起始季度", "Start quarter", "收入开始的季度", "Q1")
    conditions: str | None = F("时机和条件", "Timing and conditions", "商机转化的时机和条件",
                               None)
    source: str | None = F("商机来源", "Source", "商机来源", None)


class WinBack(Model):
    """Revenue to win back from a competitor (策反转网): weighted = amount × probability."""

    competitor: str = F("竞争对手", "Competitor", "竞争运营商名称")
    business_line: str = F("业务", "Business line", "业务编号")
    competitor_revenue: Money = F("对手现有收入", "Competitor's revenue",
                                  "竞争对手在该业务的现有收入")
    amount: Money = F("策反金额", "Amount", "计划策反的收入, 不超过对手现有收入")
    probability: Rate = F("成功可能性", "Probability", "策反成功的可能性 0..1 或百分数")
    quarter: Quarter = F("起始季度", "Start quarter", "收入开始的季度", "Q1")
    approach: str | None = F("策反方式", "Approach", "策反的方式方法", None)


class Contact(Model):
    """A person at the customer."""

    name: str = F("姓名", "Name", "姓名")
    title: str | None = F("职务", "Title", "职务", None)
    role: Literal["决策者", "影响者", "使用者", "把关者"] = F(
        "角色", "Role", "决策者 | 影响者 | 使用者 | 把关者")
    attitude: Literal["支持", "中立", "反对"] | None = F("态度", "Attitude", "支持 | 中立 | 反对",
                                                       None)


class Activity(Model):
    """A relationship activity in a quarter."""

    quarter: Quarter = F("季度", "Quarter", "Q1..Q4")
    activity: str = F("活动", "Activity", "客户关系活动内容")
    owner: str | None = F("负责人", "Owner", "负责人", None)
    contact: str | None = F("活动对象", "With", "活动面向的关键联系人姓名", None)


class Relationship(Model):
    """客户关系营销计划: contacts and planned activities."""

    contacts: list[Contact] = F("关键联系人", "Contacts", "客户关键联系人", [])
    activities: list[Activity] = F("关系活动", "Activities", "按季度的客户关系活动", [])


class Kpis(Model):
    """Retention KPIs, as rates."""

    renewal_rate: Rate | None = F("续约率", "Renewal rate", "客户续约率", None)
    long_term_contract_rate: Rate | None = F("长期签约率", "Long-term contract rate",
                                             "长期签约率", None)
    ict_penetration: Rate | None = F("融合及ICT粘性业务渗透率", "Convergence & ICT penetration",
                                     "融合及ICT粘性业务渗透率", None)
    churn_rate: Rate | None = F("客户流失率", "Churn rate", "客户流失率", None)
    off_net_rate: Rate | None = F("用户离网率", "Off-net rate", "用户离网率", None)


class RetentionPlan(Model):
    """防控预案 (一客户一预案)."""

    priority: Literal["高", "中", "低"] | None = F("保有优先级", "Retention priority",
                                                 "高 | 中 | 低", None)
    risks: TextList = F("风险", "Risks", "流失风险, 如合同到期", [])
    actions: TextList = F("应对措施", "Actions", "防控措施", [])
    kpis: Kpis = F("关键指标", "KPIs", "防控关键指标", Kpis())


class Costs(Model):
    """Annual cost to serve, for the customer value assessment; what is left out is unknown
    (shown 未填写 and flagged), never taken as 0 or 100%."""

    marketing: Money | None = F("营销成本", "Marketing cost", "年度营销成本", None)
    service: Money | None = F("服务成本", "Service cost", "年度服务成本", None)
    maintenance: Money | None = F("运维支撑成本", "Maintenance cost", "年度运维支撑成本", None)
    payment_on_time_rate: Rate | None = F("按时缴费率", "On-time payment rate",
                                          "按时缴费的比例", None)


class Contract(Model):
    """The customer's main contract with us (合同), for loyalty and retention."""

    start: date | None = F("合同开始日期", "Contract start", "与我方主要合同的开始日期, 如 2025-01-01",
                           None)
    expiry: date | None = F("合同到期日期", "Contract expiry",
                            "与我方主要合同的到期日期, 如 2027-12-31", None)
    term_years: int | None = F("合同期限(年)", "Contract term (years)",
                               "合同期限, 单位年; 省略时由开始和到期日期算出", None, ge=1, le=30)


class Strategies(Model):
    """Measures in the nine strategy dimensions; any may be omitted."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              str_max_length=MAX_TEXT)

    competition: str | None = F("竞争", "Competition", "竞争策略", None, alias="竞争")
    price: str | None = F("价格", "Price", "价格策略", None, alias="价格")
    differentiation: str | None = F("差异化", "Differentiation", "差异化策略", None,
                                    alias="差异化")
    bundling: str | None = F("组合营销", "Bundling", "组合营销策略", None, alias="组合营销")
    partnership: str | None = F("合作", "Partnership", "合作策略", None, alias="合作")
    service: str | None = F("服务", "Service", "服务策略", None, alias="服务")
    brand: str | None = F("品牌", "Brand", "品牌策略", None, alias="品牌")
    product: str | None = F("产品", "Product", "产品策略", None, alias="产品")
    promotion: str | None = F("促销", "Promotion", "促销策略", None, alias="促销")


class Customer(Model):
    """customers/<id>.yaml: one key customer's plan inputs."""

    id: Id = F("客户编号", "Customer id", "小写字母、数字、- 或 _, 全计划集唯一")
    name: str = F("客户名称", "Customer name", "客户名称")
    industry: str = F("行业", "Industry", "行业编号")
    region: str = F("区域", "Region", "区域编号")
    manager: str | None = F("客户经理", "Account manager", "负责的客户经理", None)
    profile: Profile = F("客户概况", "Profile", "客户在行业的地位与信息化水平", Profile())
    network: Network = F("客户组网现状", "Network", "客户组网现状", Network())
    spend: list[Spend] = F("各运营商收入", "Spend by carrier",
                           "客户支付给各运营商的年度费用, 按业务", [])
    voice: Voice = F("话音业务", "Voice", "各运营商国内外话音业务收入", Voice())
    it_services: ItServices = F("IT服务", "IT services", "IT服务情况及水平", ItServices())
    budget: Budget = F("客户预算", "Customer budget", "年度网络、IT服务预算、项目预算",
                       Budget())
    needs: Needs = F("需求分析", "Needs", "价值诉求、规划目标、年度项目", Needs())
    stock: list[StockLine] = F("存量保有", "Stock", "各业务基准年收入与保有率", [])
    opportunities: list[Opportunity] = F("增量商机", "Opportunities", "新年度增量商机", [])
    winback: list[WinBack] = F("策反转网", "Win-back", "从其他运营商策反转网", [])
    relationship: Relationship = F("客户关系营销计划", "Relationship plan",
                                   "关键联系人与关系活动", Relationship())
    strategies: Strategies = F("营销措施和策略", "Strategies", "九个维度的营销措施和策略",
                               Strategies())
    retention_plan: RetentionPlan = F("防控预案", "Retention plan", "一客户一预案",
                                      RetentionPlan())
    costs: Costs | None = F("服务成本", "Cost to serve", "客户价值评估所用的年度成本", None)
    associated_revenue: Money | None = F(
        "连带收入", "Associated revenue",
        "客户带来的其他收入 (基准年): 员工个人业务、由其带动的上下游单位业务等; 计入当前价值", None)
    customer_since: int | None = F("成为我方客户年份", "Customer since",
                                   "客户开始使用我方业务的年份, 如 2015; 用于忠诚度", None,
                                   ge=1950, le=2100)
    contract: Contract = F("合同", "Contract", "与我方主要合同的期限与到期, 用于忠诚度和续约",
                           Contract())
    growth_basis: str | None = F("增长依据", "Growth basis",
                                 "价值下降的客户仍计划增长时, 说明增长的依据", None)
    # planner rollover moves last year's opportunities and win-back here: notes, never targets
    history: TextList = F("历史记录", "History",
                          "往年的商机和策反等记录, 仅供参考, 不计入目标 "
                          "(planner rollover 自动写入)", [])


# ---------------------------------------------------------------- looking fields up by path

def _unwrap(tp: Any) -> Any:
    """`Annotated[X, ...]`, `X | None` -> X."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (Union, UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else tp
    return tp


def fields_by_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the key a user writes (the alias where there is one)."""
    return {(f.alias or name): f for name, f in model.model_fields.items()}


def label(model: type[BaseModel], key: str) -> tuple[str, str]:
    """The (中文, English) label of a model's field."""
    f = fields_by_key(model)[key]
    return f.title or key, (f.json_schema_extra or {}).get("label_en", key)  # type: ignore[union-attr]


def walk(model: type[BaseModel], loc: tuple) -> tuple[tuple[str, str] | None, Any]:
    """Follow `loc` through the model: the label of the last named field and the type reached."""
    found, tp = _walk(model, loc)
    return found, _unwrap(tp)


def is_money(model: type[BaseModel], loc: tuple) -> bool:
    """Whether the value at `loc` is a money amount (of the `Money` type)."""
    if not loc:
        return False
    owner, part = _unwrap(_walk(model, loc[:-1])[1]), loc[-1]
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        f = fields_by_key(owner).get(part) if isinstance(part, str) else None
        if f is None:
            return False
        if any(isinstance(m, BeforeValidator) and m.func is _money for m in f.metadata):
            return True  # pydantic keeps `Money`'s validator apart from the annotation
        tp = f.annotation
    else:
        tp = _walk(model, loc)[1]
    return tp == Money or any(a == Money for a in get_args(tp))


def _walk(model: type[BaseModel], loc: tuple) -> tuple[tuple[str, str] | None, Any]:
    tp: Any = model
    found: tuple[str, str] | None = None
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, BaseModel):
            f = fields_by_key(tp).get(part)
            if f is None:
                return found, None
            found = label(tp, part)
            tp = f.annotation
        elif isinstance(part, int) and get_origin(tp) is list:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return found, None
    return found, tp


# ---------------------------------------------------------------- naming items as people do

# list field -> (measure word, noun, English noun): `第 2 条商机` / `opportunity 2`
ITEMS: dict[str, tuple[str, str, str]] = {
    "opportunities": ("条", "商机", "opportunity"), "winback": ("条", "策反", "win-back item"),
    "stock": ("条", "存量", "stock line"), "spend": ("条", "运营商收入", "spend row"),
    "contacts": ("位", "联系人", "contact"), "activities": ("项", "关系活动", "activity"),
    "projects": ("个", "项目", "project"), "tiers": ("个", "网络层级", "network tier"),
    "schedule": ("项", "编制任务", "task"), "promotions": ("项", "促销", "promotion"),
    "measures": ("条", "措施", "measure"), "other_customers": ("行", "其他客户收入", "row"),
    "regions": ("个", "区域", "region"), "industries": ("个", "行业", "industry"),
    "business_lines": ("个", "业务", "business line"),
    "competitors": ("个", "竞争对手", "competitor"),
}
# the fields that name an item, in the order people read them
_ITEM_NAME = {"stock": ("business_line",), "spend": ("carrier", "business_line"),
              "winback": ("competitor", "business_line"), "measures": ("dimension",),
              "other_customers": ("region", "industry", "business_line"),
              "activities": ("quarter", "activity")}
_NAME_KEYS = ("name", "theme", "content", "task", "level", "id")


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int):
        return node[part] if 0 <= part < len(node) else None
    return getattr(node, part, None) if isinstance(part, str) else None


def _item_name(field: str, item: Any, at: Any = None, shown: Any = None) -> str:
    keys = _ITEM_NAME.get(field)
    if keys is None:
        keys = next(([k] for k in _NAME_KEYS if isinstance(_child(item, k), str)), [])
    keys = [k for k in keys if k != at]  # an item is not named by the value in question
    parts = [shown(k, v) if shown else v for k in keys
             if isinstance(v := _child(item, k), str) and v.strip()]
    name = "/".join(parts)
    return name if len(name) <= 24 else name[:23] + "…"


def describe(model: type[BaseModel], loc: tuple, data: Any = None, shown: Any = None,
             ) -> tuple[str, str] | None:
    """The field's label with the items on its path named as a person would, from `data` (the
    file's text as read, or its model): `第 2 条商机「网点SD-WAN扩容」的转化可能性`,
    `Probability of opportunity 2 "网点SD-WAN扩容"`; `shown(key, value)`, when given, is the
    name an item's value (an id) is shown by."""
    field_label, _ = walk(model, loc)
    items: list[tuple[str, str]] = []
    ends_at_item = False
    tp: Any = model
    node = data
    for i, part in enumerate(loc):
        base = _unwrap(tp)
        if isinstance(part, int) and get_origin(base) is list:
            tp = get_args(base)[0]
            node = _child(node, part)
            item_type = _unwrap(tp)
            field = loc[i - 1] if i and isinstance(loc[i - 1], str) else ""
            ends_at_item = False
            if isinstance(item_type, type) and issubclass(item_type, BaseModel):
                # an item named by the very value in question is not named by it
                at = loc[i + 1] if i + 1 < len(loc) else None
                items.append(_item(field, part, node, at, shown))
                ends_at_item = i == len(loc) - 1
            continue
        if isinstance(part, str) and isinstance(base, type) and issubclass(base, BaseModel):
            f = fields_by_key(base).get(part)
            if f is None:
                break
            tp = f.annotation
        elif get_origin(base) is dict:
            tp = get_args(base)[1]
        else:
            break
        node = _child(node, part)
    if not items:
        return field_label
    zh = "".join(z for z, _ in items)
    en = " of ".join(e for _, e in reversed(items))
    if ends_at_item or field_label is None:
        return zh, en
    return f"{zh}的{field_label[0]}", f"{field_label[1]} of {en}"


def _item(field: str, index: int, item: Any, at: Any = None, shown: Any = None,
          ) -> tuple[str, str]:
    """`第 2 条商机「名称」`, `opportunity 2 "名称"` (unnamed when the name is the field `at`)."""
    measure, noun, noun_en = ITEMS.get(field, ("项", field, field.replace("_", " ")))
    name = _item_name(field, item, at, shown)
    zh = f"第 {index + 1} {measure}{noun}" + (f"「{name}」" if name else "")
    en = f"{noun_en} {index + 1}" + (f' "{name}"' if name else "")
    return zh, en
