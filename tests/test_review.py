"""planner.review: each review flag, raised by one input and not by a near one.

The minimal plan set of conftest raises no flag; each test changes one thing. Line numbers refer
to conftest.CUSTOMER (line 7 the stock line, line 9 the opportunity, line 12 the contact) and to
conftest.MARKET (17 lines; what a test appends starts on line 18).
"""

from __future__ import annotations

import pytest

from planner.errors import Subject

from conftest import CUSTOMER, INDUSTRY, MARKET, lines

C = "customers/acme.yaml"


def flags(make_plan, lang: str = "zh", **files) -> list[str]:
    a = make_plan(**files)
    assert a.errors == []
    return lines(a.warnings, lang)


def acme(old: str, new: str) -> dict[str, dict[str, str]]:
    assert old in CUSTOMER
    return {"customers": {"acme": CUSTOMER.replace(old, new)}}


def test_the_minimal_plan_set_raises_no_flag(make_plan):
    assert flags(make_plan) == []


def test_a_plan_set_with_errors_is_not_reviewed(make_plan):
    # would be a decision-maker flag, but the plan set has an error
    a = make_plan(**acme("role: 决策者}", "role: 影响者}\ncolour: red"))
    assert [i.code for i in a.issues] == ["extra_forbidden"]


# ---------------------------------------------------------------- customer flags

def test_file_name_mismatch(make_plan):
    assert flags(make_plan, customers={"acme-old": CUSTOMER}) == [
        "customers/acme-old.yaml:1:5: id (客户编号): 文件名与编号 'acme' 不一致 — 把文件改名为 "
        "acme.yaml, 便于查找"]


def test_growth_above_threshold(make_plan):
    # 100 × 0.9 + 82 × 0.5 = 90 + 41 = 131 against a base of 100: +31%
    assert flags(make_plan, **acme("amount: 40", "amount: 82")) == [
        f"{C}:1:5: id (客户编号): 总目标较基准年增长 +31.0%, 超过 +30.0% — "
        "核实商机金额与转化可能性; 确属跨越式增长请在计划中说明依据"]
    assert flags(make_plan, "en", **acme("amount: 40", "amount: 82")) == [
        f"{C}:1:5: id (Customer id): total target grows +31.0% over the base year, above +30.0% — "
        "check opportunity amounts and probabilities; if the growth is real, state the reasons "
        "in the plan"]


def test_growth_at_the_threshold_is_fine(make_plan):
    assert flags(make_plan, **acme("amount: 40", "amount: 80")) == []  # 90 + 40 = 130: +30%


def test_growth_threshold_is_configurable(make_plan):
    market = MARKET + "review:\n  growth_above: 50%\n"
    assert flags(make_plan, market=market, **acme("amount: 40", "amount: 82")) == []


def test_decline_below_threshold(make_plan):
    # 100 × 0.69 + 20 = 89: −11%
    assert flags(make_plan, **acme("retention: 0.9", "retention: 0.69")) == [
        f"{C}:1:5: id (客户编号): 总目标较基准年下降 11.0%, 超过 10.0% — 核实保有率, "
        "补充增量商机或策反计划"]
    assert flags(make_plan, "en", **acme("retention: 0.9", "retention: 0.69")) == [
        f"{C}:1:5: id (Customer id): total target falls 11.0% below the base year, beyond 10.0% — "
        "check the retention rates; add opportunities or win-back"]


def test_decline_at_the_threshold_is_fine(make_plan):
    assert flags(make_plan, **acme("retention: 0.9", "retention: 0.7")) == []  # 70 + 20 = 90


def test_decline_threshold_is_configurable(make_plan):
    market = MARKET + "review:\n  decline_below: 0.2\n"
    assert flags(make_plan, market=market, **acme("retention: 0.9", "retention: 0.69")) == []


def test_no_growth_flag_without_a_base(make_plan):
    # base 0: growth is undefined, whatever the increment
    assert flags(make_plan, **acme("base: 100", "base: 0")) == []


SPEND = "spend:\n  - {carrier: 中国电信, business_line: data, amount: %s}\n" \
        "  - {carrier: 中国移动, business_line: data, amount: %s}\n"  # lines 13-15


def test_competitor_holds_most_of_a_line_without_winback(make_plan):
    # 中国移动 300 of 100 + 300 = 75 % of the data spend
    assert flags(make_plan, customers={"acme": CUSTOMER + SPEND % (100, 300)}) == [
        f"{C}:20:5: spend[1] (第 2 条运营商收入「中国移动/data」): 中国移动 占客户 数据 支出的 "
        "75%, "
        "但没有针对该业务的策反计划 — "
        "在 winback 中添加针对 数据 的策反计划, 或说明不策反的原因"]


def test_competitor_with_half_the_spend_is_fine(make_plan):
    assert flags(make_plan, customers={"acme": CUSTOMER + SPEND % (100, 100)}) == []


def test_competitor_dominance_with_a_winback_on_that_line_is_fine(make_plan):
    winback = ("winback:\n  - {competitor: 中国移动, business_line: data, competitor_revenue: 300, "
               "amount: 50, probability: 0.2, quarter: Q1}\n")  # total 90 + 20 + 10 = 120: +20 %
    assert flags(make_plan, customers={"acme": CUSTOMER + SPEND % (100, 300) + winback}) == []


def test_our_spend_differs_from_the_stock_base(make_plan):
    spend = "spend:\n  - {carrier: 中国电信, business_line: data, amount: 90}\n"
    assert flags(make_plan, customers={"acme": CUSTOMER + spend}) == [
        f"{C}:7:33: stock[0].base (第 1 条存量「data」的基准年收入): 我方在 数据 的支出 90 "
        "与存量基准年收入 100 不一致 "
        "— "
        "核对两处金额; 基准年收入为估计值时可忽略"]


def test_our_spend_on_a_line_without_stock(make_plan):
    spend = ("spend:\n  - {carrier: 中国电信, business_line: data, amount: 100}\n"
             "  - {carrier: 中国电信, business_line: voice, amount: 5}\n")  # line 15
    assert flags(make_plan, customers={"acme": CUSTOMER + spend}) == [
        f"{C}:20:5: spend[1] (第 2 条运营商收入「中国电信/voice」): 我方在 话音 的支出 5 "
        "与存量基准年收入 0 不一致 — "
        "核对两处金额; 基准年收入为估计值时可忽略"]


def test_stock_risk_without_measure(make_plan):
    # `  - {business_line: data, base: 100, retention: 0.9, risk: 合同到期}`: risk at column 60
    assert flags(make_plan, **acme("retention: 0.9}", "retention: 0.9, risk: 合同到期}")) == [
        f"{C}:7:60: stock[0].risk (第 1 条存量「data」的风险): 存量有风险 (合同到期) "
        "但没有保有措施 — 填写 measure: "
        "应对该风险的具体措施"]


def test_stock_risk_with_measure_is_fine(make_plan):
    assert flags(make_plan, **acme("retention: 0.9}",
                                   "retention: 0.9, risk: 合同到期, measure: 提前续约}")) == []


def test_retention_plan_risks_without_actions(make_plan):
    text = CUSTOMER + "retention_plan:\n  risks: [合同到期]\n"  # risks on line 14
    assert flags(make_plan, customers={"acme": text}) == [
        f"{C}:19:3: retention_plan.risks (风险): 防控预案列出了风险但没有应对措施 — 在 "
        "retention_plan.actions 中填写措施"]


def test_retention_plan_risks_with_actions_is_fine(make_plan):
    text = CUSTOMER + "retention_plan:\n  risks: [合同到期]\n  actions: 提前续约\n"
    assert flags(make_plan, customers={"acme": text}) == []


def test_opportunity_without_conditions(make_plan):
    assert flags(make_plan, **acme(", conditions: 获批", "")) == [
        f"{C}:9:5: opportunities[0] (第 1 条商机「云扩容」): 商机 '云扩容' 没有写明时机和条件 — "
        "填写 "
        "conditions: 商机转化的时机和条件"]


@pytest.mark.parametrize("placeholder", ["无", "待定", "N/A", "-"])
def test_opportunity_with_placeholder_conditions(make_plan, placeholder):
    # conditions' value is at column 94 of line 9
    assert flags(make_plan, **acme("conditions: 获批", f"conditions: '{placeholder}'")) == [
        f"{C}:9:94: opportunities[0].conditions (第 1 条商机「云扩容」的时机和条件): 商机 '云扩容' "
        "没有写明时机和条件 — "
        "填写 conditions: 商机转化的时机和条件"]


def test_no_decision_maker(make_plan):
    assert flags(make_plan, **acme("role: 决策者", "role: 影响者")) == [
        f"{C}:11:3: relationship.contacts (关键联系人): 联系人中没有决策者 — "
        "补充客户决策者的联系人信息并规划高层拜访"]


def test_no_contacts_at_all(make_plan):
    text = CUSTOMER[:CUSTOMER.index("relationship:")] + CUSTOMER[CUSTOMER.index("costs:"):]
    assert flags(make_plan, customers={"acme": text}) == [
        f"{C}:1:1: relationship.contacts (关键联系人): 联系人中没有决策者 — "
        "补充客户决策者的联系人信息并规划高层拜访"]


def test_value_inputs_not_entered_are_flagged_together(make_plan):
    text = CUSTOMER[:CUSTOMER.index("costs:")] + "costs: {service: 3}\nbudget: {growth: 5%}\n"
    assert flags(make_plan, customers={"acme": text}) == [
        f"{C}:13:1: costs (服务成本): 客户价值评估缺少 7 项: 营销成本、运维支撑成本、按时缴费率、"
        "连带收入、成为我方客户年份、合同到期日期、合同期限(年); 未填写的部分未计入, 文档中显示为 未填写"
        " — 在客户文件中填写这些字段 (不知道的可向财务、合同管理或客户了解)"]
    assert flags(make_plan, "en", customers={"acme": text}) == [
        f"{C}:13:1: costs (Cost to serve): the value assessment lacks 7 input(s): Marketing cost, "
        "Maintenance cost, On-time payment rate, Associated revenue, Customer since, "
        "Contract expiry, Contract term (years); they are left out and shown as not filled in"
        " — fill these fields in the customer file (ask finance, contract management or the "
        "customer)"]


def test_a_contract_start_stands_for_its_term(make_plan):
    text = CUSTOMER.replace("{expiry: 2028-12-31, term_years: 3}",
                            "{start: 2026-01-01, expiry: 2028-12-31}")
    assert flags(make_plan, customers={"acme": text}) == []


def test_high_value_contract_expiring_in_the_plan_year_without_retention(make_plan):
    expiring = acme("expiry: 2028-12-31", "expiry: 2027-06-30")
    # current value 100 × 1 − 0 + 0 = 100, at the threshold 100: high
    assert flags(make_plan, **expiring) == [
        f"{C}:16:20: contract.expiry (合同到期日期): 高价值客户 (当前价值 100.00, 不低于 100.00) "
        "的合同于计划年度 2027-06-30 到期, 但没有保有措施 — 在 retention_plan.actions 中写明续约安排 "
        "(如提前续签长期合同), 或在存量业务的 measure 中写明"]
    kept = CUSTOMER.replace("expiry: 2028-12-31", "expiry: 2027-06-30") + \
        "retention_plan: {actions: [提前续签三年合同]}\n"
    assert flags(make_plan, customers={"acme": kept}) == []
    lower = MARKET + "review: {value_current: 100.01}\n"
    assert flags(make_plan, market=lower, **expiring) == []


LOW_LOYALTY = CUSTOMER.replace("role: 决策者}", "role: 决策者, attitude: 反对}") \
    .replace("customer_since: 2020", "customer_since: 2027") \
    .replace("{expiry: 2028-12-31, term_years: 3}", "{expiry: 2026-12-31, term_years: 1}")


def test_low_loyalty_without_an_activity_with_a_decision_maker(make_plan):
    # contract (expired 0 + term 1 ÷ 3) / 2 = 1/6, tenure 0, attitude 反对 0: (1/6) / 3 = 0.056
    assert flags(make_plan, customers={"acme": LOW_LOYALTY}) == [
        f"{C}:10:1: relationship (客户关系营销计划): 忠诚度 0.06 低于 0.40, 但关系活动中没有面向决策者的活动"
        " — 安排与决策者的高层拜访或交流, 在活动的 contact 中写明决策者姓名"]
    for activity in ("{quarter: Q1, activity: 座谈, contact: 赵局长}",
                     "{quarter: Q2, activity: 拜访赵局长}"):
        text = LOW_LOYALTY.replace("  contacts:", f"  activities:\n    - {activity}\n  contacts:")
        assert flags(make_plan, customers={"acme": text}) == []
    other = LOW_LOYALTY.replace("  contacts:", "  activities:\n    - {quarter: Q1, activity: 座谈, "
                                "contact: 钱科长}\n  contacts:")
    assert [x.split(": ")[0] for x in flags(make_plan, customers={"acme": other})] == [
        f"{C}:11:3"]  # at relationship.activities


def test_falling_value_planned_to_grow_needs_a_basis(make_plan):
    falling = acme("base: 100, retention: 0.9}", "base: 100, previous: 120, retention: 0.9}")
    # 100 / 120 − 1 = −16.7 %, beyond −10 %; the plan: 110 / 100 − 1 = +10.0 %
    assert flags(make_plan, **falling) == [
        f"{C}:1:5: id (客户编号): 基准年收入较上年下降 16.7%, 计划却增长 10.0%, 没有说明增长依据 — "
        "在 growth_basis 中说明扭转下降的依据 (新项目、续约、策反等), 或下调目标"]
    text = falling["customers"]["acme"] + "growth_basis: 新区政务云项目已立项\n"
    assert flags(make_plan, customers={"acme": text}) == []


def test_customer_flags_name_their_subject(make_plan):
    a = make_plan(**acme("role: 决策者", "role: 影响者"))
    assert a.warnings[0].subject == Subject("customer", "acme", "王芳")


# ---------------------------------------------------------------- industry flags

def test_industry_without_file(make_plan):
    assert flags(make_plan, industries={}) == [
        f"{C}:3:11: industry (行业): 行业 政务 (gov) 没有行业文件 — 新建 industries/gov.yaml "
        "并指定行业经理",
        "market.yaml:12:7: catalog.industries[0] (第 1 个行业「政务」): 行业 '政务' "
        "有客户但没有行业经理 — "
        "在 industries/gov.yaml 中填写 manager"]


def test_industry_file_without_manager(make_plan):
    assert flags(make_plan, industries={"gov": "industry: gov\n"}) == [
        "industries/gov.yaml:1:1: manager (行业经理): 行业 '政务' 有客户但没有行业经理 — "
        "在 industries/gov.yaml 中填写 manager"]


def test_industry_without_customers_needs_neither_file_nor_manager(make_plan):
    # finance has no customers and no file: no flag; gov has both
    assert flags(make_plan, industries={"gov": INDUSTRY, "finance": "industry: finance\n"}) == []


# ---------------------------------------------------------------- guidance flags

def test_market_below_guidance(make_plan):
    # bottom-up 110 against 110.01
    assert flags(make_plan, market=MARKET + "guidance:\n  total: 110.01\n") == [
        "market.yaml:19:10: guidance.total (指引总额): 自下而上的市场目标 110.00 低于预算指引 "
        "110.01 (差 0.01) — "
        "补充商机、策反或提高保有率, 或与上级沟通指引"]


def test_guidance_figures_shown_rounded_half_up_and_adding_up(make_plan):
    # stock 100 × 0.90005 = 90.005, total 110.005 -> shown 110.01 (half-up, not to even);
    # the gap shown is 120.00 − 110.01 = 9.99, so the three figures add up on paper
    text = CUSTOMER.replace("retention: 0.9", "retention: 0.90005")
    assert flags(make_plan, market=MARKET + "guidance:\n  total: 120\n",
                 customers={"acme": text}) == [
        "market.yaml:19:10: guidance.total (指引总额): 自下而上的市场目标 110.01 低于预算指引 "
        "120.00 (差 9.99) — "
        "补充商机、策反或提高保有率, 或与上级沟通指引"]


def test_market_at_guidance_is_fine(make_plan):
    assert flags(make_plan, market=MARKET + "guidance:\n  total: 110\n") == []


def test_region_below_guidance(make_plan):
    # urban 110 against 120; no total, so the market guidance is 120 + 0 = 120 as well
    assert flags(make_plan, market=MARKET + "guidance:\n  by_region: {urban: 120, east: 0}\n") \
        == [
        "market.yaml:18:1: guidance (预算编制指引): 自下而上的市场目标 110.00 低于预算指引 120.00 "
        "(差 10.00) — "
        "补充商机、策反或提高保有率, 或与上级沟通指引",
        "market.yaml:19:22: guidance.by_region.urban (分区域指引): 区域 市区 (urban) 的目标 110.00 "
        "低于预算指引 120.00 (差 10.00) — 在该区域补充商机或策反, 或调整区域指引"]


def test_regions_at_guidance_are_fine(make_plan):
    assert flags(make_plan, market=MARKET + "guidance:\n  by_region: {urban: 110, east: 0}\n") \
        == []


def test_regional_guidance_not_adding_up_to_the_total(make_plan):
    market = MARKET + "guidance:\n  total: 100\n  by_region: {urban: 60, east: 30}\n"
    assert flags(make_plan, market=market) == [  # 60 + 30 = 90 ≠ 100; east plans 0 < 30
        "market.yaml:20:3: guidance.by_region (分区域指引): 分区域指引合计 90.00 与指引总额 100.00 "
        "不一致 — "
        "核对分区域指引与总额",
        "market.yaml:20:32: guidance.by_region.east (分区域指引): 区域 东部县区 (east) 的目标 0.00 "
        "低于预算指引 30.00 (差 30.00) — 在该区域补充商机或策反, 或调整区域指引"]


def test_regional_guidance_adding_up_is_fine(make_plan):
    market = MARKET + "guidance:\n  total: 110\n  by_region: {urban: 110, east: 0}\n"
    assert flags(make_plan, market=market) == []


# ---------------------------------------------------------------- the reference set

def test_reference_flags(reference_analysis):
    codes = sorted((i.file, i.code) for i in reference_analysis.warnings)
    assert codes == sorted([
        ("customers/city-bank.yaml", "growth_high"),  # 481.8 / 295 − 1 = +63.3 %
        ("customers/city-bank.yaml", "opportunity_no_conditions"),  # conditions: 无
        ("customers/data-bureau.yaml", "growth_high"),  # 1091.5 / 685 − 1 = +59.3 %
        ("customers/first-school.yaml", "growth_high"),  # 43 / 18 − 1 = +138.9 %
        ("customers/first-school.yaml", "industry_no_file"),  # edu
        ("customers/first-school.yaml", "competitor_dominates"),  # 中国广电: all of video
        ("customers/police.yaml", "growth_high"),  # 269 / 190 − 1 = +41.6 %
        ("customers/police.yaml", "competitor_dominates"),  # 中国移动: all of internet
        ("customers/police.yaml", "risk_without_measure"),
        ("customers/police.yaml", "no_decision_maker"),
        ("market.yaml", "industry_no_manager"),  # edu has customers, no file
        *[(f"customers/{c}.yaml", "value_incomplete")  # no contract, tenure, costs ... given
          for c in ("city-bank", "data-bureau", "first-school", "police")],
        ("customers/police.yaml", "low_loyalty_no_decision_maker"),  # 190 / 660 = 0.29
        ("market.yaml", "market_below_guidance"),  # 3320.2 < 3500
        ("market.yaml", "region_below_guidance"),  # urban 2447.7 < 2500
        ("market.yaml", "region_below_guidance"),  # east 542.5 < 600
        ("market.yaml", "region_below_guidance"),  # west 330 < 400
        # completeness: strategy dimensions left empty, a retention plan and its KPIs
        ("customers/city-bank.yaml", "strategies_missing"),  # 6 of 9
        ("customers/data-bureau.yaml", "strategies_missing"),  # 5 of 9
        ("customers/first-school.yaml", "strategies_missing"),  # 9 of 9
        ("customers/first-school.yaml", "section_empty"),  # retention_plan
        ("customers/first-school.yaml", "kpis_missing"),
        ("customers/police.yaml", "strategies_missing"),  # 8 of 9
    ])
    market = [i for i in reference_analysis.warnings if i.code == "market_below_guidance"]
    assert market[0].format() == (
        "market.yaml:61:10: guidance.total (指引总额): 自下而上的市场目标 3,320.20 低于预算指引 "
        "3,500.00 "
        "(差 179.80) — 补充商机、策反或提高保有率, 或与上级沟通指引")
