"""The example values `planner init` and `planner new customer` write into new plan files.

Every field of every model has a value here, so a scaffolded file shows every field; the figures are
chosen so that a new plan set is valid and raises no review flag (growth inside the thresholds,
our spend equal to the stock base, a decision maker among the contacts, guidance below the
bottom-up total). `tests/test_scaffold.py` checks both.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

from planner.model import STRATEGY_DIMENSIONS, Market

# The seed's business lines (客户经理岗位认证技能篇 §2.1): the stock lines, then the lines only an
# increment brings; 转型 / 新业务 as the market plan reports them.
SEED_LINES = [("voice", "话音", "Voice", "traditional"), ("data", "数据", "Data", "traditional"),
              ("internet", "互联网", "Internet", "traditional"),
              ("video", "视频", "Video", "transformation"),
              ("vas", "增值", "Value-added services", "transformation"),
              ("integration", "系统集成", "System integration", "new"),
              ("consulting", "咨询", "Consulting", "new"),
              ("maintenance", "维护外包", "Outsourced maintenance", "new"),
              ("dr", "灾备", "Disaster recovery", "new"),
              ("managed", "管理型业务", "Managed services", "new")]
INDUSTRIES = [("gov", "政务", "Government"), ("finance", "金融", "Finance"),
              ("health", "医疗卫生", "Healthcare"), ("edu", "教育", "Education"),
              ("manufacturing", "工业制造", "Manufacturing")]
REGIONS = [("urban", "市区", "Urban area"), ("county", "县域", "Counties")]
CARRIERS_EN = {"中国电信": "China Telecom", "中国移动": "China Mobile", "中国联通": "China Unicom"}
STRATEGY_TEXT = ["以云网融合方案应对竞争对手低价报价", "三年期合同给予阶梯折扣",
                 "提供专属客户经理和 SLA 承诺", "专线 + 云 + 安全组合销售",
                 "联合本地集成商共同投标", "7×24 小时专属响应", "发布行业案例, 举办客户沙龙",
                 "推出行业标准化解决方案", "新业务首年资费优惠"]


def example_market(year: int) -> dict[str, Any]:
    """market.yaml of a new plan set for plan year `year`."""
    prev = year - 1
    return {
        "plan": {"unit": "某市分公司政企客户部", "year": year, "base_year": prev,
                 "money_unit": "万元", "owner": "张主任", "reviewer": "李经理",
                 "approver": "王副总经理", "version": "V1.0",
                 "date": date(prev, 12, 18),
                 "schedule": [{"task": "重点客户走访与客户计划编制", "owner": "各客户经理",
                               "due": date(prev, 11, 20)},
                              {"task": "市场营销计划审核定稿", "owner": "李经理",
                               "due": date(prev, 12, 18)}]},
        "catalog": {"operator": "中国电信", "competitors": ["中国移动", "中国联通"],
                    "regions": [{"id": i, "name": n, "name_en": e} for i, n, e in REGIONS],
                    "industries": [{"id": i, "name": n, "name_en": e} for i, n, e in INDUSTRIES],
                    "business_lines": [{"id": i, "name": n, "name_en": e, "kind": k}
                                       for i, n, e, k in SEED_LINES],
                    "carriers_en": CARRIERS_EN},
        "environment": {"policy": ["数字政府建设规划要求市级政务系统全面上云"],
                        "economy": ["全市地区生产总值预计增长 5.5%"],
                        "society": ["城乡一体化推动政务服务下沉到乡镇"],
                        "technology": ["5G 专网与算力网络进入规模应用"],
                        "competition": {"trends": ["竞争对手以低价组合切入产业园区"],
                                        "regulation_impact": ["低于成本价投标被明确禁止"],
                                        "advantages": ["城区光网覆盖完善, 本地运维团队响应快"],
                                        "disadvantages": ["县域部分光缆老旧, 交付周期长"]}},
        # bottom-up: urban 140 (the example customer), county 50 (the bulk row); guidance below
        "guidance": {"total": D(185), "by_region": {"urban": D(135), "county": D(50)}},
        "other_customers": [{"region": "county", "industry": "edu", "business_line": "internet",
                             "base": D(50), "previous": D(48), "retention": D("0.9"),
                             "increment": D(5), "winback": D(0), "quarter": "Q2",
                             "note": "县域中小学校园宽带"}],
        "measures": [{"dimension": "产品", "industry": "gov", "business_line": "data",
                      "text": "以政务外网专线带动云和安全组合销售"}],
        "promotions": [{"purpose": "提升政务客户上云比例", "theme": "政务上云季",
                        "start": date(year, 4, 1), "end": date(year, 6, 30),
                        "industries": ["gov"], "business_lines": ["data"],
                        "method": "专场推介会 + 三个月免费试用", "budget": D(20)}],
        "review": {"growth_above": D("0.3"), "decline_below": D("0.1"),
                   "value_current": D(100), "value_potential": D(50),
                   "loyalty_low": D("0.4"), "long_contract_years": 3, "tenure_years": 5,
                   "value_change": D("0.1"), "payment_low": D("0.9"),
                   "loyalty_weights": {"contract": D(1), "tenure": D(1), "share": D(1),
                                       "trend": D(1), "attitude": D(1)}},
    }


def example_industry(industry: str, year: int) -> dict[str, Any]:
    """industries/<industry>.yaml of a new plan set."""
    return {
        "industry": industry, "manager": "王行业经理",
        "current_year": {"development": ["行业信息化投入稳定增长"],
                         "ict_policies": ["主要业务系统年内完成上云"],
                         "market": {"size": D(1200), "note": "专线、云和安全为主要支出方向"},
                         "competitors": [{"name": "中国移动", "position": "以 5G 专网低价切入",
                                          "businesses": ["data"]}]},
        "trends": {"directions": ["新年度重点建设数据共享平台"],
                   "innovation": ["联合集成商提供行业解决方案"]},
        "promotions": [{"content": "行业客户专线免费提速三个月", "start": date(year, 3, 1),
                        "end": date(year, 5, 31), "method": "上门方案交流"}],
        "measures": [{"dimension": "服务", "industry": industry, "business_line": "data",
                      "text": "城区 2 小时、县域 4 小时故障到场"}],
    }


def _lines(market: Market) -> tuple[str, str, str]:
    """Two stock lines and an opportunity line, chosen from the plan set's own catalog."""
    lines = market.catalog.business_lines
    ids = [b.id for b in lines]
    stock = [b.id for b in lines if b.kind == "traditional"][:2] or ids[:2]
    if len(stock) < 2:
        stock = (stock + ids)[:2] if len(ids) > 1 else stock * 2
    rest = [b.id for b in lines if b.kind != "traditional" and b.id not in stock]
    return stock[0], stock[1], (rest or [i for i in ids if i not in stock] or stock)[0]


def example_customer(market: Market, id: str, industry: str, region: str) -> dict[str, Any]:
    """customers/<id>.yaml for a plan set with `market`'s catalog.

    Targets: stock 100 × 0.95 + 20 × 1 = 115, increment 30 × 0.5 = 15, win-back 20 × 0.5 = 10:
    total 140 on a base of 120, growth +16.7% (inside the default review thresholds)."""
    cat = market.catalog
    year = market.plan.year
    first, second, new = _lines(market)
    ours, rival = cat.operator, (cat.competitors or [None])[0]
    two = second != first
    stock = [{"business_line": first, "base": D(100), "previous": D(96), "retention": D("0.95"),
              "risk": "合同年底到期, 对手可能低价竞争", "measure": "提前续签三年期合同",
              "phasing": [D("0.25")] * 4}]
    if two:
        stock.append({"business_line": second, "base": D(20), "previous": D(20),
                      "retention": D(1), "risk": None, "measure": None, "phasing": None})
    else:
        stock[0]["base"] = D(120)
    spend = [{"carrier": ours, "business_line": s["business_line"], "amount": s["base"],
              "previous": s["previous"], "note": None} for s in stock]
    winback = []
    if rival:
        spend.append({"carrier": rival, "business_line": first, "amount": D(40),
                      "previous": D(42), "note": "对手份额"})
        winback = [{"competitor": rival, "business_line": first, "competitor_revenue": D(40),
                    "amount": D(20), "probability": D("0.5"), "quarter": "Q3",
                    "approach": "以融合套餐替换对手同类业务"}]
    opportunities = [{"name": "年度信息化项目", "business_line": new, "amount": D(30),
                      "probability": D("0.5"), "quarter": "Q2",
                      "conditions": "年度预算获批后启动采购", "source": "客户年度项目"}]
    if not rival:  # no competitor to win back from: the same 10 as a second opportunity
        opportunities.append({**opportunities[0], "name": "链路扩容", "amount": D(20)})
    return {
        "id": id, "name": f"示例单位 ({id})", "industry": industry, "region": region,
        "manager": "赵客户经理",
        "profile": {"industry_position": "本地行业龙头单位", "informatization_level": "中"},
        "network": {"structure": "总部—分支两级",
                    "tiers": [{"level": "总部接入", "technology": "MSTP", "bandwidth_mbps": D(1000),
                               "access": "光纤", "backup": "4G 备份", "equipment": "路由器"}],
                    "applications": ["办公网", "视频会议"]},
        "spend": spend,
        "voice": {"domestic": {ours: D(5)}, "international": {ours: D(1)}},
        "it_services": {"integration": "系统由集成商建设, 本单位负责运维", "sourcing": "招标",
                        "partners": ["本地集成商"]},
        "budget": {"network": D(150), "it": D(300),
                   "projects": [{"name": "业务系统上云", "budget": D(80)}],
                   "growth": D("0.05")},
        "needs": {"value_claims": ["业务连续性", "降低运维成本"],
                  "planning_goals": ["三年内业务系统全部上云"],
                  "annual_projects": ["业务系统上云"], "innovation": ["联合开发行业应用"]},
        "stock": stock,
        "opportunities": opportunities,
        "winback": winback,
        "relationship": {"contacts": [{"name": "钱主任", "title": "分管副职", "role": "决策者",
                                       "attitude": "支持"}],
                         "activities": [{"quarter": "Q1", "activity": "年度合作交流",
                                         "owner": "赵客户经理", "contact": "钱主任"}]},
        "strategies": dict(zip(STRATEGY_DIMENSIONS, STRATEGY_TEXT)),
        "retention_plan": {"priority": "高", "risks": ["合同年底到期"],
                           "actions": ["提前续签三年期合同"],
                           "kpis": {"renewal_rate": D(1), "long_term_contract_rate": D("0.8"),
                                    "ict_penetration": D("0.4"), "churn_rate": D(0),
                                    "off_net_rate": D("0.01")}},
        "costs": {"marketing": D(5), "service": D(5), "maintenance": D(8),
                  "payment_on_time_rate": D(1)},
        "associated_revenue": D(6), "customer_since": 2015,
        "contract": {"start": date(year - 2, 1, 1), "expiry": date(year, 12, 31),
                     "term_years": 3},
        "growth_basis": None,
        "history": [],
    }
