"""Texts of the completeness review flags (planner/completeness.py): message zh, en, fix zh, en."""

MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "section_empty": (
        "“{section}”一节没有填写任何内容", "the section \"{section}\" is empty",
        "填写该节; 确实没有的内容写明“无”及原因", "fill it in; where there is nothing, say so and why"),
    "strategies_missing": (
        "{total} 个策略维度中有 {n} 个未填写: {names}", "{n} of the {total} strategy dimensions are empty: {names}",
        "逐项填写策略; 不适用的维度写明原因", "write a strategy for each, or why it does not apply"),
    "kpis_missing": (
        "防控关键指标没有目标值: {names}", "retention KPIs without a target: {names}",
        "为每项指标填写目标值", "give each KPI a target"),
    "costs_missing": (
        "没有填写服务成本和按时缴费率: 当前价值按零成本、全额按时缴费计算",
        "no cost to serve or on-time payment rate: current value assumes no cost and full payment",
        "填写营销、服务、运维支撑成本和按时缴费率", "fill in the marketing, service and maintenance costs and the payment rate"),
    "example_value": (
        "“{value}”是 planner init 写入的示例值", "\"{value}\" is an example value written by planner init",
        "改为实际内容", "replace it with the real one"),
    "no_start_quarter": (
        "“{name}”没有写起始季度, 按一季度起算", "\"{name}\" has no start quarter; it is counted from Q1",
        "填写起始季度 (Q1..Q4)", "fill in the start quarter (Q1..Q4)"),
    "shared_name": (
        "客户名称“{name}”与 {others} 相同", "the customer name \"{name}\" is also that of {others}",
        "核实是否为同一客户; 不同客户请用可区分的名称", "check whether they are one customer; give different customers distinct names"),
}
