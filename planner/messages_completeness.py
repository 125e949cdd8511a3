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
    "example_value": (
        "“{value}”是 planner init 写入的示例值", "\"{value}\" is an example value written by planner init",
        "改为实际内容", "replace it with the real one"),
    "no_start_quarter": (
        "“{name}”没有写起始季度, 按一季度起算", "\"{name}\" has no start quarter; it is counted from Q1",
        "填写起始季度 (Q1..Q4)", "fill in the start quarter (Q1..Q4)"),
}
