"""The review flags as the Word documents and the review workbook word them, for the people who read
plans rather than edit their files: fields by their labels, no YAML key, file name or id (those stay
in `planner check`, whose line names file, line and field). Only the flags whose `check` text is
technical are here; the others read the same everywhere. Entries: message zh, en, fix zh, en
(None: as `check` says it)."""

from __future__ import annotations

PEOPLE: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "competitor_dominates": (
        None, None,
        "在「策反转网」中添加针对 {line} 的策反计划, 或说明不策反的原因", None),
    "customer_name_shared": (
        "客户名称 '{name}' 与其他重点客户相同; 按名称匹配的账单无法区分它们",
        "another key customer has the same name '{name}'; billing matched by name cannot tell "
        "them apart",
        "给每个客户不同的名称 (如加上分支机构)", "give each customer its own name (add the branch, say)"),
    "line_name_shared": (
        "业务名称 '{name}' 与其他业务相同; 按名称匹配的账单无法区分它们",
        "another business line has the same name '{name}'; billing matched by name cannot tell "
        "them apart",
        "给每个业务不同的名称", "give each business line its own name"),
    "expiring_without_retention": (
        None, None,
        "在防控预案的「应对措施」中写明续约安排 (如提前续签长期合同), 或在存量业务的「保有措施」中写明",
        "state the renewal in the retention plan's actions (such as renewing early for a longer "
        "term), or in a stock line's retention measure"),
    "falling_planned_growth": (
        None, None,
        "在「增长依据」中说明扭转下降的依据 (新项目、续约、策反等), 或下调目标",
        "state the growth basis: what turns the fall around (new projects, renewals, win-back), "
        "or lower the target"),
    "file_name_mismatch": (
        "计划文件的文件名与客户编号不一致", "the plan file is not named after the customer's id",
        "请客户经理按客户编号为计划文件改名, 便于查找",
        "ask the account manager to name the file after the customer's id"),
    "industry_no_file": (
        None, None, "请行业经理编制该行业的行业计划, 并指定行业经理",
        "have the industry's plan written, naming its industry manager"),
    "industry_no_manager": (
        None, None, "在该行业的行业计划中填写「行业经理」",
        "fill in the industry manager in the industry's plan"),
    "low_loyalty_no_decision_maker": (
        None, None, "安排与决策者的高层拜访或交流, 在关系活动的「活动对象」中写明决策者姓名",
        "plan a senior visit or meeting with a decision maker, and name them as whom the "
        "activity is with"),
    "no_decision_maker": (
        None, "no decision maker among the contacts",
        None, "add the customer's decision maker and plan a senior-level visit"),
    "opportunity_no_conditions": (
        None, None, "填写「时机和条件」: 商机转化的时机和条件",
        "fill in the timing and conditions: when and under what conditions it converts"),
    "region_below_guidance": (
        "区域 {region} 的目标 {total} 低于预算指引 {guidance} (差 {gap})",
        "region {region} totals {total}, below its guidance {guidance} (short by {gap})",
        None, None),
    "risk_without_measure": (
        None, None, "填写「保有措施」: 应对该风险的具体措施",
        "fill in the retention measure: what will be done about it"),
    "risks_without_actions": (
        None, None, "在防控预案中填写「应对措施」", "list the retention plan's actions"),
    "money_rounded": (
        None, None, "金额精确到分 (0.01 {unit}): 应写为 {plain}",
        "amounts are kept to the cent (0.01 {unit}): it should read {plain}"),
}
