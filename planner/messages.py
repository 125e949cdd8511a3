"""Every message of planner, in Chinese and English: one catalog, looked up by code.

An entry is `code: (message_zh, message_en, fix_zh, fix_en)`; `{name}` placeholders are filled from
the issue's parameters. A test checks that every code used in the package has all four texts.
"""

from __future__ import annotations

from typing import Any

from planner.messages_completeness import MESSAGES as COMPLETENESS
from planner.messages_people import PEOPLE

LANGS = ("zh", "en")

M: dict[str, tuple[str, str, str, str]] = {
    # ---- reading files
    "market_missing": (
        "找不到 market.yaml", "market.yaml not found",
        "在计划集目录中放置 market.yaml (参照示例计划集的 market.yaml)",
        "put a market.yaml in the plan set folder (as in the example plan set)"),
    "file_unreadable": (
        "无法读取文件: {reason}", "cannot read the file: {reason}",
        "检查文件权限, 或文件是否被其他程序占用", "check the file's permissions"),
    "plan_entry_unreadable": (
        "计划文件无法读取 (失效的符号链接?), 它的收入不会计入任何合计", "the plan file cannot be read (a broken symbolic link?); its revenue would be missing from every total",
        "修复或删除这个链接, 或放入真实文件", "fix or remove the link, or put the real file there"),
    "plan_entry_not_read": (
        "不是计划文件 (.yaml / .yml), 未读取", "not a plan file (.yaml / .yml); it was not read",
        "若这是计划文件, 请把扩展名改为 .yaml; 否则把它移出这个目录", "if it is a plan file, name it .yaml; otherwise move it out of this folder"),
    "plan_top_file_not_read": (
        "计划集顶层只读取 market.yaml, 这个文件未读取", "only market.yaml is read at the top of a plan set; this file was not",
        "客户计划放进 customers/, 行业计划放进 industries/", "move a customer plan into customers/, an industry plan into industries/"),
    "plan_folder_not_read": (
        "这个目录未读取: 客户计划放在 customers/, 行业计划放在 industries/", "this folder is not read: customer plans go in customers/, industry plans in industries/",
        "把其中的计划文件移到 customers/ 或 industries/", "move its plan files into customers/ or industries/"),
    "plan_entry_empty_folder": (
        "空目录, 其中没有计划文件", "an empty folder: no plan file in it",
        "删除这个空目录, 或把计划文件放进去", "remove the empty folder, or put the plan files into it"),
    "plan_entry_loop": (
        "目录层级过深或链接成环, 未读取", "folders nested too deep or linked in a loop; not read",
        "把计划文件放在最多 8 层的子目录里, 去掉成环的链接", "keep plan files at most 8 folders deep, and remove the looping link"),
    "plan_folder_not_a_folder": (
        "应为目录, 却是一个文件, 其中的计划未读取", "should be a folder, but is a file; no plan in it was read",
        "把它改为目录, 计划文件放在其中", "make it a folder holding the plan files"),
    "file_too_large": (
        "文件过大 ({size} 字节, 上限 {limit})", "file too large ({size} bytes, limit {limit})",
        "一个计划文件只需几 KB; 检查是否误放了其他文件", "a plan file is a few KB; check that this is the right file"),
    "encoding_utf16": (
        "文件是 UTF-16 编码", "the file is UTF-16 encoded",
        "在编辑器中另存为 UTF-8 编码", "save it as UTF-8 in your editor"),
    "encoding_gbk": (
        "文件不是 UTF-8 编码 (看起来是 GBK/GB2312, 常见于中文 Windows 记事本)",
        "the file is not UTF-8 (it looks like GBK, as saved by a Chinese Windows editor)",
        "在编辑器中另存为 UTF-8 编码", "save it as UTF-8 in your editor"),
    "encoding_unknown": (
        "文件不是 UTF-8 编码的文本", "the file is not UTF-8 text",
        "确认这是 YAML 文本文件, 并另存为 UTF-8 编码", "make sure it is a YAML text file saved as UTF-8"),
    "yaml_syntax": (
        "YAML 格式错误 ({problem})", "YAML syntax error ({problem})",
        "检查本行及上一行的缩进、冒号后的空格和引号是否成对",
        "check the indentation, the space after each ':' and matching quotes on this line and the one before"),
    "control_character": (
        "文件含有不可见的控制字符 {char}", "the file contains an invisible control character {char}",
        "删除该字符 (常见于从网页或其他文档复制的文字)", "delete it (it often comes with text copied from a web page)"),
    "tab_indent": (
        "用了 Tab 键缩进", "indented with a tab",
        "YAML 只能用空格缩进: 把 Tab 换成空格", "YAML indents with spaces only: replace the tab with spaces"),
    "fullwidth_colon": (
        "键后面用了中文全角冒号 '：' ({text})", "full-width colon '：' after a key ({text})",
        "改成英文冒号加空格 ': '", "use an ASCII colon and a space ': '"),
    "odd_indent": (
        "用{char} ({code}) 缩进", "indented with a {char} ({code})",
        "YAML 只能用英文空格缩进: 把{char}换成空格",
        "YAML indents with plain spaces only: replace the {char} with spaces"),
    "odd_space_in_key": (
        "字段名 '{key}' 前面有{char} ({code})", "the field name '{key}' is preceded by a {char} ({code})",
        "删除这个{char}", "delete the {char}"),
    "odd_space_after_colon": (
        "冒号后是{char} ({code}), 不是英文空格", "the colon is followed by a {char} ({code}), not a plain space",
        "把冒号后的{char}换成英文空格", "replace the {char} after the colon with a plain space"),
    "colon_no_space": (
        "冒号后缺少空格 ({text})", "no space after the colon ({text})",
        "在冒号后加一个空格: {fixed}", "put a space after the colon: {fixed}"),
    "mixed_quotes": (
        "引号不成对: 以英文引号 {open} 开头, 却以中文引号 {close} 结尾",
        "the quotes do not pair: it opens with an ASCII {open} and closes with a full-width {close}",
        "两端都用英文引号 {open}, 或都不用引号", "use the ASCII {open} at both ends, or no quotes"),
    "unclosed_quote": (
        "引号 {open} 没有结束的引号", "the quote {open} is never closed",
        "在文字末尾补上 {open}, 或去掉开头的 {open}",
        "close it with {open} at the end of the text, or remove the opening {open}"),
    "empty_file": (
        "文件是空的", "the file is empty",
        "填写内容, 或删除这个文件", "fill it in, or delete the file"),
    "top_not_mapping": (
        "文件的顶层不是 '键: 值' 的映射", "the top level of the file is not a mapping of 'key: value'",
        "顶层每行应写成 '字段名: 值', 参照示例文件", "write 'field: value' lines at the top level, as in the example files"),
    "too_many_nodes": (
        "内容过多 (展开后超过 {limit} 项, 可能是别名 * 的循环引用)",
        "too much content (over {limit} items after expanding aliases)",
        "减少别名 (*) 引用或拆分文件", "use fewer aliases (*) or split the file"),
    "too_deep": (
        "嵌套层级过深 (超过 {limit} 层)", "nested too deeply (over {limit} levels)",
        "检查缩进是否正确", "check the indentation"),
    "yaml_tag": (
        "不允许使用 YAML 标签 {tag}", "YAML tag {tag} is not allowed",
        "删除 {tag}, 直接写值", "remove {tag} and write the plain value"),
    "complex_key": (
        "键必须是简单文字", "a key must be plain text",
        "写成 '字段名: 值'", "write 'field: value'"),
    "duplicate_key": (
        "字段 '{key}' 重复出现 (第 {first} 行已有)", "key '{key}' appears twice (already on line {first})",
        "删除或合并其中一个, 否则后一个会覆盖前一个", "delete or merge one of them; otherwise one silently replaces the other"),
    "bad_merge": (
        "合并键 '<<' 的值必须是映射", "the merge key '<<' must name a mapping",
        "写成 '<<: *锚点名'", "write '<<: *anchor'"),
    # ---- field values
    "missing": (
        "缺少必填字段", "required field is missing",
        "添加 '{key}: ...'", "add '{key}: ...'"),
    "empty_value": (
        "没有填写值", "no value given",
        "在冒号后填写值, 或删除这一行", "write a value after the colon, or delete the line"),
    "misspelled_key": (
        "'{got}' 不是字段: 是否应为 {key} ({title})?", "'{got}' is not a field: did you mean {key} ({title})?",
        "把 '{got}' 改为 '{key}'", "rename '{got}' to '{key}'"),
    "key_colon_no_space": (
        "冒号后缺少空格: '{got}' 被读成了一个字段名", "no space after the colon: '{got}' was read as one field name",
        "在冒号后加一个空格: {key}: …", "put a space after the colon: {key}: …"),
    "key_in_quotes": (
        "字段名 {got} 带了中文引号", "the field name {got} is in full-width quotes",
        "去掉引号, 写成 {key}", "remove the quotes: {key}"),
    "extra_forbidden": (
        "未知字段 '{key}'", "unknown field '{key}'",
        "{hint}", "{hint}"),
    "money_type": (
        "应为金额数字 (写的是 '{got}')", "should be an amount (got '{got}')",
        "写成数字, 如 120 或 120.5 (单位见 plan.money_unit)",
        "write a number such as 120 or 120.5 (in plan.money_unit)"),
    "rate_type": (
        "应为比率 (写的是 '{got}')", "should be a rate (got '{got}')",
        "写成 0 到 1 之间的小数如 0.95, 或百分数如 95%", "write a fraction such as 0.95, or a percentage such as 95%"),
    "percent_type": (
        "百分数写法不对 (写的是 '{got}%')", "not a valid percentage (got '{got}%')",
        "写成 95% 或 0.95", "write 95% or 0.95"),
    "thousands_separator": (
        "数字中不能有千分位逗号 (写的是 '{got}')", "no thousands separators in numbers (got '{got}')",
        "写成 {plain}", "write {plain}"),
    "number_with_unit": (
        "数字后面带了单位 (写的是 '{got}')", "the number carries a unit (got '{got}')",
        "只写数字 {plain}; 金额单位统一由 plan.money_unit 规定",
        "write just {plain}; the money unit is set once in plan.money_unit"),
    "percent_not_allowed": (
        "金额不能写成百分数 (写的是 '{got}')", "an amount cannot be a percentage (got '{got}')",
        "写成金额数字", "write the amount as a number"),
    "money_negative": (
        "金额不能为负数 (写的是 {got})", "an amount cannot be negative (got {got})",
        "写成 0 或正数; 收入下降用保有率表示",
        "write 0 or more; express a fall in revenue through the retention rate"),
    "money_too_large": (
        "金额大得不合理 (写的是 {got})", "the amount is implausibly large (got {got})",
        "检查是否多写了位数, 或金额单位是否为 plan.money_unit",
        "check for extra digits and that the amount is in plan.money_unit"),
    "rate_range": (
        "比率必须在 0 到 1 之间 (写的是 {got})", "a rate must be between 0 and 1 (got {got})",
        "写成小数如 0.6, 或百分数如 60%", "write a fraction such as 0.6, or a percentage such as 60%"),
    "growth_range": (
        "增长率必须在 -100% 到 1000% 之间 (写的是 {got})",
        "a growth must be between -100% and 1000% (got {got})",
        "写成小数如 0.1 或 -0.05, 或百分数如 10%", "write a fraction such as 0.1 or -0.05, or a percentage such as 10%"),
    "quarter": (
        "季度写法不对 (写的是 '{got}')", "not a quarter (got '{got}')",
        "写成 Q1、Q2、Q3 或 Q4", "write Q1, Q2, Q3 or Q4"),
    "literal_error": (
        "'{got}' 不是可选值", "'{got}' is not one of the allowed values",
        "{hint}", "{hint}"),
    "string_type": (
        "应为一段文字 (写的是 {got})", "should be text (got {got})",
        "在同一行写文字; 如需多行, 用 '|' 后换行缩进书写",
        "write the text on the same line; for several lines write '|' and indent them below"),
    "list_type": (
        "应为列表", "should be a list",
        "每一项另起一行, 以 '- ' 开头; 空列表写 []",
        "put each item on its own line starting with '- '; an empty list is []"),
    "dict_type": (
        "应为 '键: 值' 的映射", "should be a mapping of 'key: value'",
        "在下一行缩进书写各字段, 如 '  字段名: 值'", "write its fields indented on the next lines, like '  field: value'"),
    "int_type": (
        "应为整数 (写的是 '{got}')", "should be a whole number (got '{got}')",
        "写成整数, 如 2027", "write a whole number such as 2027"),
    "number_type": (
        "应为数字 (写的是 '{got}')", "should be a number (got '{got}')",
        "写成数字, 如 1000", "write a number such as 1000"),
    "number_range": (
        "数值超出范围 (写的是 {got}, {limit})", "out of range (got {got}, {limit})",
        "改为范围内的数值", "use a value in range"),
    "date_type": (
        "日期写法不对 (写的是 '{got}')", "not a valid date (got '{got}')",
        "写成 年-月-日, 如 2027-03-01", "write year-month-day, such as 2027-03-01"),
    "id_reserved": (
        "编号 '{got}' 是 Windows 保留的设备名, 不能用作文件名 (CON、PRN、AUX、NUL、COM0-9、LPT0-9)",
        "id '{got}' is a device name Windows reserves and cannot use as a file name (CON, PRN, "
        "AUX, NUL, COM0-9, LPT0-9)",
        "换一个编号, 如 {got}-1", "choose another id, such as {got}-1"),
    "id_pattern": (
        "编号 '{got}' 格式不对", "id '{got}' is not valid",
        "只用小写字母、数字、- 和 _, 以字母或数字开头, 最长 64 个字符, 如 city-bank",
        "use lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64, such as city-bank"),
    "invalid_value": (
        "值不合法: {detail}", "invalid value: {detail}",
        "参照示例文件改正", "correct it as in the example files"),
    # ---- cross-file rules
    "unknown_ref": (
        "'{got}' 不是目录中的{kind}", "'{got}' is not a catalog {kind}",
        "{hint}", "{hint}"),
    "duplicate_catalog_id": (
        "目录中编号 '{got}' 重复", "catalog id '{got}' is used twice",
        "每个编号只能出现一次, 改名或删除重复项", "each id may appear once: rename or delete the repeat"),
    "operator_is_competitor": (
        "我方运营商 '{got}' 也列在竞争对手中", "our operator '{got}' is also listed as a competitor",
        "从 competitors 中删除它", "remove it from competitors"),
    "duplicate_customer": (
        "客户编号 '{got}' 与 {other} 重复", "customer id '{got}' is also used by {other}",
        "每个客户的编号必须唯一: 改一个编号 (复制文件后常忘改)",
        "every customer needs its own id: change one (easily forgotten after copying a file)"),
    "duplicate_industry_file": (
        "行业 '{got}' 已有行业文件 {other}", "industry '{got}' already has the file {other}",
        "每个行业只保留一个文件: 合并两个文件", "keep one file per industry: merge the two"),
    "winback_not_competitor": (
        "策反对象 '{got}' 是我方运营商", "the win-back competitor '{got}' is our own operator",
        "填写竞争对手: {allowed}", "name a competitor: {allowed}"),
    "winback_over_revenue": (
        "策反金额 {amount} 超过对手现有收入 {revenue}",
        "win-back amount {amount} exceeds the competitor's revenue {revenue}",
        "策反金额不能超过对手在该业务的现有收入: 调低金额或改正对手收入",
        "the amount cannot exceed what the competitor earns there: lower it or correct competitor_revenue"),
    "duplicate_stock_line": (
        "业务 '{got}' 的存量出现了两次 (另见第 {first} 行)",
        "business line '{got}' has two stock lines (see also line {first})",
        "每个业务只写一条存量: 合并为一条", "one stock line per business line: merge them"),
    "promotion_dates": (
        "结束日期 {end} 早于开始日期 {start}", "end {end} is before start {start}",
        "改正开始或结束日期", "correct the start or the end"),
    "base_year_order": (
        "基准年 {base_year} 不早于计划年度 {year}", "base year {base_year} is not before plan year {year}",
        "基准年通常为计划年度前一年 ({suggest})", "the base year is usually the year before ({suggest})"),
    "phasing_sum": (
        "季度分布比例合计为 {got}, 不是 1", "the quarterly shares add up to {got}, not 1",
        "调整四个季度的比例使其合计为 1 (100%)", "adjust the four shares so they add up to 1 (100%)"),
    "phasing_length": (
        "季度分布应有 4 个比例 (写了 {got} 个)", "quarterly phasing needs 4 shares (got {got})",
        "写成 [Q1, Q2, Q3, Q4] 四个比例, 如 [0.2, 0.25, 0.25, 0.3]",
        "write four shares [Q1, Q2, Q3, Q4], such as [0.2, 0.25, 0.25, 0.3]"),
    # ---- review flags (warnings)
    "money_rounded": (
        "金额写为 {written}, 超过两位小数, 已按分四舍五入为 {rounded}",
        "the amount is written {written}, with more than two decimals; it is rounded to the cent: {rounded}",
        "金额精确到分 (0.01 {unit}): 直接写 {plain}; 需要更精确时请换用更小的金额单位",
        "amounts are kept to the cent (0.01 {unit}): write {plain}, or use a smaller money unit"),
    "customer_name_shared": (
        "客户名称 '{name}' 与 {others} 相同; 按名称匹配的账单无法区分它们", "the customer name '{name}' is also {others}'s; billing matched by name cannot tell them apart",
        "给每个客户不同的名称 (如加上分支机构), 或在账单导出中使用客户编号", "give each customer its own name (add the branch, say), or use customer ids in billing exports"),
    "line_name_shared": (
        "业务名称 '{name}' 与 {others} 相同; 按名称匹配的账单无法区分它们", "the business line name '{name}' is also {others}'s; billing matched by name cannot tell them apart",
        "给每个业务不同的名称, 或在账单导出中使用业务编号", "give each business line its own name, or use line ids in billing exports"),
    "file_name_mismatch": (
        "文件名与编号 '{got}' 不一致", "the file name does not match the id '{got}'",
        "把文件改名为 {expected}, 便于查找", "rename the file to {expected} so people can find it"),
    "growth_high": (
        "总目标较基准年增长 {growth}, 超过 {limit}", "total target grows {growth} over the base year, above {limit}",
        "核实商机金额与转化可能性; 确属跨越式增长请在计划中说明依据",
        "check opportunity amounts and probabilities; if the growth is real, state the reasons in the plan"),
    "growth_low": (
        "总目标较基准年下降 {growth}, 超过 {limit}", "total target falls {growth} below the base year, beyond {limit}",
        "核实保有率, 补充增量商机或策反计划", "check the retention rates; add opportunities or win-back"),
    "competitor_dominates": (
        "{competitor} 占客户 {line} 支出的 {share}, 但没有针对该业务的策反计划",
        "{competitor} holds {share} of the customer's {line} spend, and no win-back targets that line",
        "在 winback 中添加针对 {line} 的策反计划, 或说明不策反的原因",
        "add a win-back item for {line}, or explain why not"),
    "risk_without_measure": (
        "存量有风险 ({risk}) 但没有保有措施", "a stock risk ({risk}) has no retention measure",
        "填写 measure: 应对该风险的具体措施", "fill in measure: what will be done about it"),
    "risks_without_actions": (
        "防控预案列出了风险但没有应对措施", "the retention plan lists risks but no actions",
        "在 retention_plan.actions 中填写措施", "list actions in retention_plan.actions"),
    "opportunity_no_conditions": (
        "商机 '{name}' 没有写明时机和条件", "opportunity '{name}' has no timing and conditions",
        "填写 conditions: 商机转化的时机和条件", "fill in conditions: when and under what conditions it converts"),
    "no_decision_maker": (
        "联系人中没有决策者", "no decision maker (决策者) among the contacts",
        "补充客户决策者的联系人信息并规划高层拜访",
        "add the customer's decision maker and plan a senior-level visit"),
    "value_incomplete": (
        "客户价值评估缺少 {n} 项: {fields}; 未填写的部分未计入, 文档中显示为 未填写",
        "the value assessment lacks {n} input(s): {fields}; they are left out and shown as not filled in",
        "在客户文件中填写这些字段 (不知道的可向财务、合同管理或客户了解)",
        "fill these fields in the customer file (ask finance, contract management or the customer)"),
    "expiring_without_retention": (
        "高价值客户 (当前价值 {current}, 不低于 {threshold}) 的合同于计划年度 {expiry} 到期, 但没有保有措施",
        "a high-value customer (current value {current}, at least {threshold}) has its contract expiring on {expiry} in the plan year, with no retention action",
        "在 retention_plan.actions 中写明续约安排 (如提前续签长期合同), 或在存量业务的 measure 中写明",
        "state the renewal in retention_plan.actions (such as renewing early for a longer term), or in a stock line's measure"),
    "low_loyalty_no_decision_maker": (
        "忠诚度 {loyalty} 低于 {limit}, 但关系活动中没有面向决策者的活动",
        "loyalty {loyalty} is below {limit}, and no relationship activity is with a decision maker",
        "安排与决策者的高层拜访或交流, 在活动的 contact 中写明决策者姓名",
        "plan a senior visit or meeting with a decision maker, and name them in the activity's contact"),
    "falling_planned_growth": (
        "基准年收入较上年下降 {change}, 计划却增长 {growth}, 没有说明增长依据",
        "revenue fell {change} from the previous year to the base year, yet the plan grows {growth} with no stated basis",
        "在 growth_basis 中说明扭转下降的依据 (新项目、续约、策反等), 或下调目标",
        "say in growth_basis what turns the fall around (new projects, renewals, win-back), or lower the target"),
    "industry_no_file": (
        "行业 {name} ({industry}) 没有行业文件", "industry {name} ({industry}) has no industry file",
        "新建 industries/{industry}.yaml 并指定行业经理", "create industries/{industry}.yaml and name its manager"),
    "industry_no_manager": (
        "行业 '{name}' 有客户但没有行业经理", "industry '{name}' has customers but no manager",
        "在 industries/{industry}.yaml 中填写 manager", "fill in manager in industries/{industry}.yaml"),
    "market_below_guidance": (
        "自下而上的市场目标 {total} 低于预算指引 {guidance} (差 {gap})",
        "the bottom-up market total {total} is below the guidance {guidance} (short by {gap})",
        "补充商机、策反或提高保有率, 或与上级沟通指引", "add opportunities or win-back, raise retention, or discuss the guidance"),
    "region_below_guidance": (
        "区域 {region} ({region_id}) 的目标 {total} 低于预算指引 {guidance} (差 {gap})",
        "region {region} ({region_id}) totals {total}, below its guidance {guidance} (short by {gap})",
        "在该区域补充商机或策反, 或调整区域指引", "add opportunities or win-back in the region, or revisit its guidance"),
    "spend_base_mismatch": (
        "我方在 {line} 的支出 {spend} 与存量基准年收入 {base} 不一致",
        "our {line} spend {spend} differs from the stock base {base}",
        "核对两处金额; 基准年收入为估计值时可忽略", "check both figures; ignore if the base is an estimate"),
    "guidance_sum_mismatch": (
        "分区域指引合计 {sum} 与指引总额 {total} 不一致",
        "the regional guidance adds up to {sum}, not the total {total}",
        "核对分区域指引与总额", "check the regional figures against the total"),
    "control_chars_removed": (
        "文字中含有文档无法保存的控制字符, 已删除", "the text holds control characters documents cannot hold; they were removed",
        "检查这段文字 (常见于转义写法如 \\x07 或从其他系统复制的内容)", "check this text (it usually comes from an escape such as \\x07 or text copied from another system)"),
    "text_too_long": (
        "文字过长 ({got} 个字符, 上限 {limit})", "text too long ({got} characters, limit {limit})",
        "精简这段文字; 详细材料请作为附件另行提供", "shorten it; attach long material separately"),
    # ---- actual revenue files and the business review (planner review)
    "billing_unreadable": (
        "无法读取文件: {reason}", "cannot read the file: {reason}",
        "检查文件路径和权限, 或文件是否被 Excel 占用", "check the path and permissions, or whether Excel holds the file open"),
    "billing_file_type": (
        "不支持的文件类型 '{ext}'", "unsupported file type '{ext}'",
        "导出为 .xlsx、.csv 或 .yaml; 旧版 .xls 请在 Excel 中另存为 .xlsx",
        "use .xlsx, .csv or .yaml; save an old .xls as .xlsx in Excel"),
    "billing_bad_xlsx": (
        "不是有效的 .xlsx 工作簿 ({reason})", "not a valid .xlsx workbook ({reason})",
        "在 Excel 中打开并另存为 .xlsx 工作簿", "open it in Excel and save it as an .xlsx workbook"),
    "billing_sheet_missing": (
        "工作簿中没有工作表 '{sheet}'", "the workbook has no sheet '{sheet}'",
        "可用的工作表: {sheets}", "its sheets: {sheets}"),
    "billing_encoding": (
        "CSV 文件既不是 UTF-8 也不是 GBK 编码", "the CSV file is neither UTF-8 nor GBK",
        "在 Excel 中另存为 'CSV UTF-8 (逗号分隔)'", "save it from Excel as 'CSV UTF-8 (Comma delimited)'"),
    "billing_gbk": (
        "CSV 文件按 GBK (GB18030) 编码读取", "the CSV file was read as GBK (GB18030)",
        "如客户名称出现乱码, 请在 Excel 中另存为 'CSV UTF-8 (逗号分隔)'",
        "if names come out garbled, save it from Excel as 'CSV UTF-8 (Comma delimited)'"),
    "billing_bad_csv": (
        "CSV 格式错误 ({reason})", "malformed CSV ({reason})",
        "检查引号是否成对", "check that quotes are paired"),
    "billing_no_header": (
        "找不到表头: 需要客户、业务、期间、金额四列, 缺少 {missing}",
        "no header row found: customer, business line, period and amount columns are needed; missing: {missing}",
        "把列名改为可识别的名称 (如 {names}), 或用 --customer-col、--line-col、--period-col、--amount-col 指定",
        "name the columns as planner knows them (such as {names}), or give them with --customer-col, --line-col, --period-col, --amount-col"),
    "billing_no_rows": (
        "文件中没有数据", "the file has no data",
        "确认导出的是账单明细", "check that the billing detail was exported"),
    "billing_yaml_shape": (
        "实际收入 YAML 文件应有 actuals: 列表", "a YAML actuals file needs an actuals: list",
        "写成 actuals: 下每行一条, 如 - {{customer: acme, business_line: data, period: 2027-Q1, amount: 12.5}}",
        "write actuals: with one item per row, such as - {{customer: acme, business_line: data, period: 2027-Q1, amount: 12.5}}"),
    "billing_unknown_key": (
        "未知字段 '{key}'", "unknown field '{key}'",
        "可用字段: customer、business_line、period、amount (或中文列名)",
        "fields: customer, business_line, period, amount (or the Chinese column names)"),
    "billing_unit": (
        "金额单位 '{got}' 不对", "unknown money unit '{got}'",
        "写成 元、千元 或 万元", "write '元', '千元' or '万元'"),
    "billing_unit_conflict": (
        "表头的金额单位 ({header}) 与 --unit {option} 不一致",
        "the header's unit ({header}) differs from --unit {option}",
        "删除 --unit, 或改正表头", "drop --unit, or correct the header"),
    "billing_duplicate_file": (
        "与 {other} 内容完全相同", "identical to {other}",
        "每个文件只给一次, 否则收入会重复计算", "give each file once, or its revenue counts twice"),
    "billing_blank_rows": (
        "空行已跳过: 第 {rows} 行 (共 {n} 行)", "blank rows skipped: {rows} ({n} rows)",
        "无需处理; 请确认空行下方的数据属于同一份账单", "nothing to do; check that the rows below belong to the same export"),
    "billing_total_row": (
        "合计行已跳过 ('{got}', 共 {n} 行)", "total rows skipped ('{got}', {n} rows)",
        "无需处理: 合计行不计入, 避免重复计算", "nothing to do: a total row is not added, so nothing counts twice"),
    "billing_empty": (
        "{what}为空", "the {what} is empty",
        "填写后重新运行, 或删除这一行", "fill it in, or delete the row"),
    "billing_period": (
        "期间 '{got}' 无法识别", "period '{got}' is not recognised",
        "写成 2027-Q1、2027Q1、Q1、月份 2027-03 或日期", "write 2027-Q1, 2027Q1, Q1, a month 2027-03, or a date"),
    "billing_half_year": (
        "期间 '{got}' 是半年, 无法分到季度", "period '{got}' is a half-year and cannot be split into quarters",
        "按月或按季度导出账单", "export the billing by month or by quarter"),
    "billing_period_year": (
        "期间 {got} 不在计划年度 {year} 内", "period {got} is outside the plan year {year}",
        "只导出 {year} 年的账单, 或删除这一行", "export {year} only, or delete the row"),
    "billing_amount": (
        "金额 '{got}' 不是数字", "amount '{got}' is not a number",
        "写成数字, 如 12345.60; 单位见表头或 --unit", "write a number such as 12345.60; the unit is the header's or --unit"),
    "billing_amount_large": (
        "金额 '{got}' 过大或不是有限的数", "amount '{got}' is too large, or not a finite number",
        "检查这一格: 金额应小于 10^12 (计划的金额单位); 单位见表头或 --unit", "check this cell: an amount is below 10^12 in the plan's money unit; the unit is the header's or --unit"),
    "billing_yaml_row": (
        "actuals 的每一项应为一行账单 (customer, business_line, period, amount), 不是 '{got}'", "each entry of actuals is a billing row (customer, business_line, period, amount), not '{got}'",
        "写成 - {{customer: 客户, business_line: 业务, period: 2027-Q1, amount: 100}}", "write - {{customer: id, business_line: id, period: 2027-Q1, amount: 100}}"),
    "billing_xlsx_too_large": (
        "工作簿解压后 {size} MB, 超过上限 {limit} MB", "the workbook decompresses to {size} MB, above the limit of {limit} MB",
        "只导出所需的列和行, 或按季度分成几个文件", "export only the columns and rows needed, or one file per quarter"),
    "billing_too_many_rows": (
        "行数超过上限 {limit}", "more than {limit} rows",
        "按季度或按区域分成几个文件", "split the export by quarter or by region"),
    "billing_more": (
        "同类问题 ({code}) 还有 {n} 处未列出", "{n} more of the same ({code}) not listed",
        "先改正上面列出的, 再运行一次", "correct the ones listed above, then run again"),
    "billing_name_shared": (
        "{what} '{got}' 是多个对象共用的名称 ({ids}), 无法判断这一行属于哪一个", "{what} '{got}' is a name several share ({ids}); the row could be any of them",
        "在导出中加入编号列 (客户编号 / 业务编号), 或在计划中给它们不同的名称", "add an id column (客户编号 / 业务编号) to the export, or give them different names in the plan"),
    "billing_ambiguous": (
        "两列{what}指向不同对象: {got} ({ids})", "two {what} columns name different ones: {got} ({ids})",
        "改正其中一列", "correct one of them"),
    "billing_unknown_customer": (
        "'{got}' 不是计划集中的重点客户 (共 {n} 行: {rows})",
        "'{got}' is not a key customer of the plan set ({n} row(s): {rows})",
        "{hint}写成客户编号或计划中的客户名称; 非重点客户的账单可用 --skip-unknown-customers 跳过 (跳过的金额会列出)",
        "{hint}write the customer id or its name as in the plan; other customers' rows can be skipped with --skip-unknown-customers (their total is reported)"),
    "billing_unknown_customer_skipped": (
        "'{got}' 不是重点客户, 已跳过 {n} 行 ({rows})", "'{got}' is not a key customer: {n} row(s) skipped ({rows})",
        "{hint}如属重点客户, 写成客户编号或计划中的客户名称",
        "{hint}if it is a key customer, write its id or its name as in the plan"),
    "billing_unknown_line": (
        "'{got}' 不是目录中的业务 (共 {n} 行: {rows})", "'{got}' is not a catalog business line ({n} row(s): {rows})",
        "{hint}写成业务编号或名称 (见 market.yaml 的 catalog.business_lines)",
        "{hint}write a business line id or name (see catalog.business_lines in market.yaml)"),
    "billing_after_through": (
        "{n} 行属于 {through} 之后的季度, 未计入 (第一行即此行)",
        "{n} row(s) fall after {through} and are not counted (the first is this one)",
        "回顾更晚的季度请用 --through 指定", "to review a later quarter, give it with --through"),
    "billing_quarter_missing": (
        "实际收入中没有 {quarters} 的记录, 按 0 计, 但回顾截至 {through}",
        "the actuals have no row in {quarters}, which count as 0, but the review runs to {through}",
        "补充这些季度的账单导出, 或用 --through 指定已有账单的最后一个季度",
        "add the exports of those quarters, or give the last quarter billed with --through"),
    "billing_customer_missing": (
        "重点客户 {name} 在实际收入中没有记录, 按 0 计", "key customer {name} has no actual revenue in the files; counted as 0",
        "确认账单导出范围包含该客户; 确无收入可忽略", "check that the export covers this customer; ignore if it truly earned nothing"),
    "rv_below_threshold": (
        "{subject}截至{through}达成率 {achievement}, 低于预警线 {threshold} (序时目标 {target}, 累计收入 {actual}, 差额 {gap})",
        "{subject}: {achievement} of target through {through}, below the alert line {threshold} (target {target}, actual {actual}, gap {gap})",
        "逐项分析原因 (存量流失、商机推迟、计费滞后), 当月落实改进措施并更新预测",
        "find the causes line by line (lost stock, delayed opportunities, late billing), agree this month's fixes and update the forecast"),
    "rv_line_below_threshold": (
        "{line}截至{through}达成率 {achievement}, 低于预警线 {threshold} (序时目标 {target}, 累计收入 {actual}, 差额 {gap})",
        "{line}: {achievement} of target through {through}, below the alert line {threshold} (target {target}, actual {actual}, gap {gap})",
        "核实该业务的计费、续约和交付进度, 当月落实措施", "check this line's billing, renewals and delivery, and agree a fix this month"),
    "rv_line_falling": (
        "{line}累计收入 {actual}, 低于基准年同期 {base} (同比 {change}, 计划同比 {planned})",
        "{line}: actual to date {actual}, below the base year's same period {base} (YoY {change}, planned {planned})",
        "核实是否流失、降价或计费滞后, 落实防控预案中的保有措施",
        "check for churn, price cuts or late billing, and carry out the retention plan's measures"),
    "rv_opportunity_stalled": (
        "商机 '{name}' 应自 {quarter} 起产生收入 (加权 {weighted}), 但{line}累计收入 {actual} 未超出存量序时目标 {stock}",
        "opportunity '{name}' was due to earn from {quarter} (weighted {weighted}), but the {line} actual to date {actual} does not exceed its stock target to date {stock}",
        "跟进商机进展; 如已推迟, 在客户计划中调整起始季度或转化可能性",
        "follow the opportunity up; if it slipped, change its start quarter or probability in the customer plan"),
    "rv_winback_stalled": (
        "从{name}策反的{line}应自 {quarter} 起产生收入 (加权 {weighted}), 但该业务累计收入 {actual} 未超出存量序时目标 {stock}",
        "win-back of {line} from {name} was due to earn from {quarter} (weighted {weighted}), but the line's actual to date {actual} does not exceed its stock target to date {stock}",
        "跟进策反进展; 如已推迟, 在客户计划中调整起始季度或成功可能性",
        "follow the win-back up; if it slipped, change its start quarter or probability in the customer plan"),
    # ---- planner import (a fill-in workbook)
    "wb_unreadable": (
        "无法读取工作簿: {reason}", "cannot read the workbook: {reason}",
        "确认这是 .xlsx 文件 (在 Excel 或 WPS 中另存为 .xlsx)", "make sure it is an .xlsx file (save it as .xlsx in Excel or WPS)"),
    "wb_not_fillin": (
        "这不是 planner workbook 生成的填报工作簿", "this is not a fill-in workbook made by planner workbook",
        "用 planner workbook 生成工作簿, 在其中填写后再导入", "make one with planner workbook, fill it in, then import it"),
    "wb_sheet_ignored": (
        "工作表「{sheet}」不是填报表, 导入时忽略", "sheet '{sheet}' is not one of the fill-in sheets and is ignored",
        "如其中有要导入的内容, 请移到对应的填报表中", "move anything to import into the matching fill-in sheet"),
    "wb_column_ignored": (
        "列「{column}」不是填报列, 导入时忽略", "column '{column}' is not a fill-in column and is ignored",
        "如其中有要导入的内容, 请移到对应的列中", "move anything to import into the matching column"),
    "wb_column_missing": (
        "缺少列 {column} (表头第二行)", "column {column} is missing (second header row)",
        "重新生成工作簿, 或恢复被删除的列和表头", "make the workbook again, or restore the deleted column and its headers"),
    "wb_sheet_missing": (
        "缺少工作表「{sheet}」", "sheet '{sheet}' is missing",
        "恢复被删除或改名的工作表 (删除一张表不等于删除其中各项; 要删除, 清空各行)",
        "restore the sheet that was deleted or renamed (to remove its items, clear their rows instead)"),
    "wb_file_gone": (
        "{file} 在生成工作簿后被删除或改名了", "{file} was removed or renamed after the workbook was made",
        "恢复该文件, 或重新生成工作簿", "restore the file, or make the workbook again"),
    "wb_file_changed": (
        "{file} 在生成工作簿后被修改过, 导入会覆盖这些修改", "{file} changed after the workbook was made; importing would undo that change",
        "重新生成工作簿 (planner workbook), 再把填写的内容填入", "make the workbook again (planner workbook) and fill in your changes there"),
    "wb_customer_gone": (
        "客户 {id} 的行不在「客户概况」中 (被删除或改了编号)", "the row of customer {id} is missing from the first sheet (deleted, or its id changed)",
        "恢复该行; planner 不会删除客户文件, 如不再编制计划请删除 customers/{id}.yaml",
        "put the row back; planner never deletes a customer file — delete customers/{id}.yaml yourself if the customer has no plan any more"),
    "wb_not_covered": (
        "客户 {id} 不在本工作簿中 (生成工作簿时未选择)", "customer {id} is not in this workbook (it was not chosen when the workbook was made)",
        "用包含该客户的工作簿填写, 或换一个新客户编号", "fill it in a workbook that holds it, or use a new customer id"),
    "wb_file_exists": (
        "{file} 已存在 (文件中的编号不同), 不会覆盖", "{file} exists (with another id inside) and is not replaced",
        "换一个客户编号, 或改正该文件中的 id", "choose another customer id, or correct the id in that file"),
    "wb_unknown_id": (
        "编号 {id} 不在本工作簿中", "id {id} is not in this workbook",
        "从下拉列表中选择编号; 新客户先在「客户概况」中填写一行", "pick the id from the list; for a new customer, fill a row of the first sheet first"),
    "wb_id_missing": (
        "该行没有编号", "the row has no id",
        "填写该行所属的客户 (或行业) 编号, 或清空该行", "fill in whose row it is (customer or industry id), or clear the row"),
    "wb_duplicate_row": (
        "{id} 在本表中有两行 (另一行是第 {first} 行)", "{id} has two rows in this sheet (the other is row {first})",
        "合并为一行", "merge them into one row"),
    "wb_bad_item": (
        "序号 {got} 不对应任何一项 (共 {count} 项)", "No. {got} is not one of the items (there are {count})",
        "新增的行序号留空; 不要修改已有的序号", "leave No. empty on a new row; do not change existing numbers"),
    "wb_duplicate_item": (
        "序号 {got} 出现了两次 (另一次在第 {first} 行)", "No. {got} appears twice (also in row {first})",
        "复制的行请清空序号, 作为新增的一项", "clear No. in a copied row: it is a new item"),
    "wb_bad_field": (
        "字段「{got}」不是本表的字段", "'{got}' is not a field of this sheet",
        "从下拉列表中选择: {choices}", "pick one from the list: {choices}"),
    "wb_missing": (
        "必填, 该单元格不能为空", "required: the cell must not be empty",
        "填写该单元格, 或清空整行 (删除该项)", "fill the cell in, or clear the whole row (removing the item)"),
    "wb_key_missing": (
        "该行缺少名称 (键)", "the row has no key",
        "填写该列, 或清空该行", "fill this column in, or clear the row"),
    "wb_duplicate_key": (
        "{got} 出现了两次 (另一次在第 {first} 行)", "{got} appears twice (also in row {first})",
        "合并为一行", "merge them into one row"),
    # ---- program
    "internal_error": (
        "内部错误 (处理 {input} 时): {detail}", "internal error (while processing {input}): {detail}",
        "请把这条信息和输入文件发给维护者", "please send this message and the input to the maintainers"),
}


M.update(COMPLETENESS)  # the completeness flags keep their texts beside their module


def message(code: str, part: str, lang: str, params: dict[str, Any],
            people: bool = False) -> str:
    """The `part` ("message" or "fix") of message `code` in `lang`, with `params` filled in;
    `people`: as documents word it (labels, no YAML keys or ids), where that differs."""
    at = {("message", "zh"): 0, ("message", "en"): 1, ("fix", "zh"): 2,
          ("fix", "en"): 3}[(part, lang if lang in LANGS else "zh")]
    text = (PEOPLE.get(code, _CHECK)[at] if people else None) or M[code][at]
    return text.format_map(_Params(params, lang))


_CHECK = (None, None, None, None)


class _Params(dict):
    """Parameters for a message; a value given as a (zh, en) pair takes the message's language."""

    def __init__(self, params: dict[str, Any], lang: str):
        super().__init__(params)
        self.lang = lang

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, tuple) and len(value) == 2:
            return value[1] if self.lang == "en" else value[0]
        return value

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def label_text(label: tuple[str, str] | None, lang: str) -> str:
    """A (zh, en) label in `lang`."""
    if not label:
        return ""
    return label[1] if lang == "en" else label[0]


# ---- labels of tables, documents and the command line: key -> (中文, English)
L: dict[str, tuple[str, str]] = {
    "customer": ("客户", "Customer"),
    "customers": ("重点客户", "Key customers"),
    "industry": ("行业", "Industry"),
    "industries": ("行业", "Industries"),
    "region": ("区域", "Region"),
    "regions": ("区域", "Regions"),
    "business_line": ("业务", "Business line"),
    "business_lines": ("业务", "Business lines"),
    "market": ("市场", "Market"),
    "base": ("基准年收入", "Base year"),
    "previous": ("上年收入", "Prior year"),
    "yoy": ("同比", "YoY"),
    "stock": ("存量", "Stock"),
    "increment": ("增量", "Increment"),
    "pipeline": ("商机总额", "Pipeline"),
    "winback": ("策反", "Win-back"),
    "total": ("合计", "Total"),
    "target": ("目标", "Target"),
    "growth": ("增长", "Growth"),
    "guidance": ("预算指引", "Guidance"),
    "gap": ("差额", "Gap"),
    "year": ("全年", "Year"),
    "Q1": ("一季度", "Q1"), "Q2": ("二季度", "Q2"), "Q3": ("三季度", "Q3"), "Q4": ("四季度", "Q4"),
    "other_customers": ("其他客户", "Other customers"),
    "key_customers_total": ("重点客户合计", "Key customers total"),
    "market_total": ("市场合计", "Market total"),
    "quarterly": ("季度分解", "Quarterly phasing"),
    "market_vs_guidance": ("市场目标与预算指引", "Market targets vs guidance"),
    "value_current": ("当前价值", "Current value"),
    "value_potential": ("潜在价值", "Potential value"),
    "share_of_wallet": ("钱包份额", "Share of wallet"),
    "quadrant": ("价值象限", "Value quadrant"),
    "keep_grow": ("重点保持并拓展", "Keep and grow"),
    "keep": ("保持巩固", "Keep"),
    "grow": ("重点发展", "Grow"),
    "watch": ("维持观察", "Watch"),
    "money_unit": ("金额单位", "Money unit"),
    "n_errors": ("{n} 个错误", "{n} error(s)"),
    "n_warnings": ("{n} 条审核提示", "{n} warning(s)"),
    "check_ok": ("检查通过: {customers} 个客户, {industries} 个行业文件",
                 "valid: {customers} customer(s), {industries} industry file(s)"),
    "check_failed": ("检查未通过", "the plan set is not valid"),
    "strict_failed": ("--strict: 有审核提示, 视为未通过", "--strict: warnings count as failure"),
    "build_failed": ("计划集有错误, 未生成文档; {out} 保持不变",
                     "the plan set has errors; nothing was built and {out} is unchanged"),
    "build_done": ("已生成 {n} 个文件到 {out}{reused}; {warnings} 条审核提示, 见审核清单或 planner check",
                   "wrote {n} files to {out}{reused}; {warnings} warning(s): see the review "
                   "workbook or planner check"),
    "build_reused": (" (输入未变的 {n} 份计划沿用上次结果)", " ({n} plan(s) with unchanged inputs reused)"),
    "building": ("生成文档", "Building"),
    "converting_pdf": ("转换 PDF", "Converting to PDF"),
    "not_a_plan_set": ("{path} 不是计划集目录", "{path} is not a plan set folder"),
    # ---- the output folder, templates, the environment (planner.errors.Fault)
    "out_locked": ("另一个 planner 正在写入 {out}; 等它完成, 或输出到另一个目录",
                   "another planner build is writing {out}; wait for it to finish, or build "
                   "into another folder"),
    "file_changed": ("{file} 在 planner 读取它时被修改了; 保存完毕后再运行一次",
                     "{file} changed while planner was reading it; run again once it is saved"),
    "web_file_changed": ("{file} 刚刚被修改, 正在重新读取; 请稍候刷新本页",
                         "{file} has just changed and is being read again; reload this page in a "
                         "moment"),
    "out_is_file": ("{out} 是一个文件, 不是目录; 用 -o 指定一个目录",
                    "{out} is a file, not a folder; choose another -o"),
    "out_foreign": ("{out} 中有不是 planner 生成的文件 (没有 manifest.json); 请选一个空的或新的目录, "
                    "以免替换您的文件",
                    "{out} holds files that planner did not write (no manifest.json); choose an "
                    "empty or new folder so nothing of yours is replaced"),
    "out_outside": ("拒绝写到输出目录之外: {path}", "refusing to write outside the output folder: {path}"),
    "out_mount": ("{out} 是一个挂载点, planner 不能整体替换它; 请输出到它里面的一个目录, 如 -o {inside}",
                  "{out} is a mount point, which planner cannot replace whole; build into a "
                  "folder inside it, such as -o {inside}"),
    "out_parent_file": ("{path} 是一个文件, 不能在它下面建目录; 用 -o 指定另一个位置",
                        "{path} is a file, so no folder can be made under it; choose another -o"),
    "pdf_no_libreoffice": (
        "--pdf 需要 LibreOffice, 但没有找到 (PATH 中没有 soffice 或 libreoffice, 通常的安装位置也没有); 什么都没有写入。"
        "请安装 LibreOffice 后再运行, 或去掉 --pdf: Windows 和 macOS 从 https://www.libreoffice.org/download/ 下载安装 "
        "(macOS 也可 brew install --cask libreoffice); Debian/Ubuntu: sudo apt-get install libreoffice-writer fonts-noto-cjk; "
        "Fedora: sudo dnf install libreoffice-writer google-noto-sans-cjk-fonts (中文字体让 PDF 中的中文正确显示)",
        "--pdf needs LibreOffice, which was not found (no soffice or libreoffice on PATH, nor where its installer puts it); "
        "nothing was written. Install LibreOffice and run again, or leave out --pdf: on Windows and macOS download it from "
        "https://www.libreoffice.org/download/ (on macOS also: brew install --cask libreoffice); Debian/Ubuntu: "
        "sudo apt-get install libreoffice-writer fonts-noto-cjk; Fedora: sudo dnf install libreoffice-writer "
        "google-noto-sans-cjk-fonts (the CJK fonts make the Chinese of the PDFs show)"),
    "pdf_failed": ("LibreOffice 未能把 {doc} 转换为 PDF ({detail}); 输出目录保持不变。用 LibreOffice 打开这份文档看看, 或去掉 --pdf 生成",
                   "LibreOffice could not convert {doc} to PDF ({detail}); the output folder is unchanged. Open the "
                   "document in LibreOffice to see why, or build without --pdf"),
    "pdf_timeout": ("LibreOffice 在 {seconds} 秒内没有转换完 {n} 份文档 (其中有 {doc}), 已停止; 输出目录保持不变。"
                    "关闭其他占用资源的程序再试, 或用较小的 --jobs, 或去掉 --pdf",
                    "LibreOffice did not finish converting {n} document(s) (among them {doc}) within {seconds} s and was "
                    "stopped; the output folder is unchanged. Try again with other programs closed or a smaller --jobs, or "
                    "build without --pdf"),
    "pdf_stopped": ("PDF 转换已停止", "PDF conversion stopped"),
    "template_syntax": ("{template}: 模板第 {line} 行有错误: {problem}",
                        "{template}: template error on line {line}: {problem}"),
    "template_unusable": ("{template}: 不是可用的 Word 模板 ({detail})",
                          "{template}: not a usable Word template ({detail})"),
    "template_render": ("{template}: 模板出错: {detail}", "{template}: {detail}"),
    "labels_no_field": ("{where}: 没有输入字段 {path} (写 '@' 加一个字段, 如 @Customer.stock.risk; 模型: {models})",
                        "{where}: no input field {path} (write '@' and a field such as @Customer.stock.risk; models: {models})"),
    "label_placeholder": ("{path}: {label}: {wrong} 不是这个标签可用的占位符 ({allowed}); 花括号本身写作 {{{{ 或 }}}}",
                          "{path}: {label}: {wrong} is not one of this label's placeholders ({allowed}); write a brace as {{{{ or }}}}"),
    "labels_not_table": ("{path}: '{language}' 下应是 '键: 文字' 的各行", "{path}: '{language}' should hold 'key: text' lines"),
    "label_not_text": ("{path}: {label} 应是一段文字, 不是 {kind}", "{path}: {label} should be a text, not a {kind}"),
    "interrupted": ("已中断 (Ctrl-C); 输出目录保持原样, 可以立即重新运行",
                    "interrupted (Ctrl-C); the output folder is unchanged, and planner can run "
                    "again at once"),
    "fault_read_only": ("无法写入 {path}: 所在的磁盘是只读的 — 请输出到可写的磁盘上的目录",
                        "cannot write {path}: its disk is read-only — choose a folder on a "
                        "writable disk"),
    "fault_full": ("无法写入 {path}: 磁盘已满 — 请清理出空间, 或输出到另一个磁盘",
                   "cannot write {path}: the disk is full — free some space, or choose a folder "
                   "on another disk"),
    "fault_permission": ("无法写入 {path}: 没有权限 (或文件正被其他程序打开, 如 Word/Excel) — 关闭打开的文档, "
                         "或选一个您有写权限的目录",
                         "cannot write {path}: permission denied (or a program such as Word or "
                         "Excel has the file open) — close it, or choose a folder you may write "
                         "to"),
    "fault_busy": ("无法替换 {path}: 它正在使用中 (挂载点, 或被其他程序占用) — 关闭占用它的程序, "
                   "或输出到另一个目录",
                   "cannot replace {path}: it is in use (a mount point, or held by another "
                   "program) — close that program, or choose another folder"),
    "fault_not_dir": ("无法写入 {path}: 路径中有一段是文件, 不是目录 — 用另一个位置",
                      "cannot write {path}: part of the path is a file, not a folder — choose "
                      "another place"),
    "fault_is_dir": ("{path} 是目录, 不是文件 — 给出一个文件名", "{path} is a folder, not a file — "
                     "give a file name"),
    "fault_exists": ("{path} 已存在且不是目录 — 删除它, 或用另一个名字",
                     "{path} exists and is not a folder — remove it, or choose another name"),
    "fault_cannot_make": ("无法在这里创建 {path} ({reason}) — 请选一个普通的、可写的目录",
                          "cannot make {path} there ({reason}) — choose an ordinary folder you "
                          "may write to"),
    "fault_missing": ("找不到 {path} — 检查路径是否正确", "{path} does not exist — check the path"),
    "fault_other": ("无法读写 {path}: {reason} — 检查该位置是否可用, 或换一个位置",
                    "cannot read or write {path}: {reason} — check that the place is usable, or "
                    "choose another"),
    # ---- planner schema / init / new
    "schema_title_all": ("planner 计划集文件", "planner plan set files"),
    "schema_description_all": (
        "market.yaml、industries/*.yaml、customers/*.yaml 通用: 按文件中的字段判断是哪类文件",
        "for market.yaml, industries/*.yaml and customers/*.yaml alike: the file's keys tell "
        "which kind it is"),
    "schema_title_market": ("市场级输入 (market.yaml)", "Market file (market.yaml)"),
    "schema_description_market": (
        "编制单位与年度、目录 (运营商、区域、行业、业务)、市场环境分析、预算编制指引、其他客户收入、"
        "营销措施与市场促销计划",
        "the unit and year, the catalog (carriers, regions, industries, business lines), the "
        "market analysis, the budget guidance, other customers' revenue, measures and promotions"),
    "schema_title_industry": ("重点行业输入 (industries/<行业编号>.yaml)",
                              "Industry file (industries/<industry id>.yaml)"),
    "schema_description_industry": (
        "一个重点行业的发展情况、趋势、促销和措施; 行业目标由其客户计划汇总, 不在此填写",
        "one key industry's analysis, trends, promotions and measures; its targets are the sums "
        "of its customer plans and are not typed here"),
    "schema_title_customer": ("重点客户输入 (customers/<客户编号>.yaml)",
                              "Customer file (customers/<customer id>.yaml)"),
    "schema_description_customer": (
        "一个重点客户的现状、需求、存量、商机、策反、客户关系、策略、防控预案与服务成本",
        "one key customer's current state, needs, stock, opportunities, win-back, relationship, "
        "strategies, retention plan and cost to serve"),
    "schema_written": ("已写入 {files}", "wrote {files}"),
    "scaffold_header_market": ("市场级输入: 编制单位、目录、市场分析、预算指引、其他客户收入",
                               "Market file: unit, catalog, market analysis, guidance, other "
                               "customers"),
    "scaffold_header_industry": ("重点行业输入: {name} ({id})", "Industry file: {name} ({id})"),
    "scaffold_header_customer": ("重点客户输入: {id}", "Customer file: {id}"),
    "scaffold_note": ("每个字段后的注释是它的中文名称和说明; 值都是示例, 请改为实际内容",
                      "The comment after each field gives its label and description; every "
                      "value is an example: replace it with the real one"),
    "init_not_empty": ("{path} 不是空目录, 没有写入任何文件 — 选一个新的或空的目录",
                       "{path} is not empty; nothing was written — choose a new or empty folder"),
    "init_done": ("已创建计划集 {path} ({n} 个文件); 下一步: planner check {path}",
                  "created the plan set {path} ({n} files); next: planner check {path}"),
    "new_exists": ("{path} 已存在, 没有覆盖 — 换一个客户编号, 或直接编辑该文件",
                   "{path} already exists and was not overwritten — choose another customer id, "
                   "or edit that file"),
    "new_done": ("已创建 {path}; 文件中的值都是示例, 改为该客户的实际内容后运行 planner check",
                 "created {path}; its values are examples: replace them with the customer's own, "
                 "then run planner check"),
    "market_invalid": ("{path} 的 market.yaml 有错误, 先改正它", "{path}: market.yaml has errors; "
                       "correct it first"),
    # ---- planner diff
    "diff_title": ("计划集差异: {old} → {new} (金额单位: {unit})",
                   "Plan set changes: {old} → {new} (money unit: {unit})"),
    "diff_same": ("没有差异: {old} 与 {new} 的目标、商机和策反完全相同",
                  "no differences: {old} and {new} have the same targets, opportunities and "
                  "win-back"),
    "diff_count": ("{n} 处变化", "{n} change(s)"),
    "diff_invalid": ("{path} 有错误, 无法比较", "{path} has errors; cannot compare"),
    "diff_units": ("两个计划集的金额单位不同 ({old} 与 {new}), 无法比较",
                   "the plan sets use different money units ({old} and {new}); cannot compare"),
    "file_written": ("已写入 {path}", "wrote {path}"),
    "not_a_file": ("{path} 是目录, 不是文件", "{path} is a folder, not a file"),
    "status": ("变化", "Change"),
    "status_added": ("新增", "added"),
    "status_removed": ("删除", "removed"),
    "status_changed": ("变化", "changed"),
    "status_same": ("无变化", "unchanged"),
    "old": ("原", "old"),
    "new": ("新", "new"),
    "delta": ("变化", "Δ"),
    "id": ("编号", "Id"),
    "name": ("名称", "Name"),
    "opportunities": ("增量商机", "Opportunities"),
    "winback_items": ("策反转网", "Win-back items"),
    "weighted": ("加权金额", "Weighted"),
    "amount": ("金额", "Amount"),
    "summary": ("概览", "Summary"),
    "plan_set": ("计划集", "Plan set"),
    # ---- planner rollover
    "rollover_cannot_edit": ("{file} 第 {line} 行: 要改的值经 YAML 锚点/别名 (& / *) 与别处共用, 无法只改这一处; 请把它写成普通的值后再运行",
                             "{file}:{line}: the value to change is shared with another place through a YAML anchor or alias (& / *), so it cannot be changed alone; write it out as a plain value and run again"),
    "rollover_not_empty": ("{path} 已存在且不是空目录, 没有写入任何文件 — 选一个新的目录",
                           "{path} exists and is not empty; nothing was written — choose a new "
                           "folder"),
    "rollover_done": ("已生成 {year} 年计划集 {path} ({customers} 个客户): 存量基准年收入取自{source}; "
                      "商机和策反已移入 history (不计入目标); 预算指引已清空, 待下达后填写",
                      "created the {year} plan set {path} ({customers} customer(s)): the stock "
                      "base is {source}; opportunities and win-back moved to history (not "
                      "targets); the guidance is cleared until it is issued"),
    "rollover_from_targets": ("本年目标", "this year's target"),
    "rollover_from_actuals": ("实际收入 ({files})", "the actual revenue in {files}"),
    "rollover_without_actuals": ("{n} 个客户在实际收入中没有记录, 沿用本年目标: {ids}",
                                 "{n} customer(s) have no actual revenue in the files and keep "
                                 "this year's target: {ids}"),
    "rollover_actuals_partial": ("实际收入只到 {through}, 滚动需要全年的实际收入 (否则基准年收入偏低) "
                                 "— 提供覆盖全年的账单导出, 或不带 --actuals 以本年目标为基准",
                                 "the actual revenue reaches only {through}; a rollover needs the "
                                 "whole year (else the base is too low) — give exports covering "
                                 "the whole year, or leave out --actuals to use this year's "
                                 "targets"),
    "rollover_guidance": ("{year} 年预算编制指引下达后填写; {old_year} 年指引: {figures}",
                          "fill in when the {year} guidance is issued; {old_year} guidance: "
                          "{figures}"),
    "rollover_no_guidance": ("无", "none"),
    "rollover_broken": ("滚动生成的计划集没有通过检查, 没有写入 {path} (这是 planner 的缺陷, 请报告):",
                        "the rolled-over plan set does not pass the check; nothing was written "
                        "to {path} (a planner bug: please report it):"),
    "history_opportunity": ("{year} 年商机", "{year} opportunity"),
    "history_winback": ("{year} 年策反", "{year} win-back"),
    # ---- planner review
    "review_done": ("已生成 {n} 个业务回顾文件到 {out} ({flags} 条问题提示)",
                    "wrote {n} review files to {out} ({flags} finding(s))"),
    "review_failed": ("有错误, 未生成业务回顾; {out} 保持不变",
                      "there are errors; no review was written and {out} is unchanged"),
    "review_actuals_failed": ("实际收入文件有错误", "the actual revenue files have errors"),
    "review_no_output": ("请用 -o 指定输出目录, 或用 --json 输出回顾数据",
                         "give an output folder with -o, or print the figures with --json"),
    "review_bad_threshold": ("--threshold 应为 0 到 1 之间的比率或百分数, 如 0.9 或 90% (写的是 {got})",
                             "--threshold must be a rate between 0 and 1, such as 0.9 or 90% (got {got})"),
    "review_bad_through": ("--through 应为季度 Q1 到 Q4 (写的是 {got})",
                           "--through must be a quarter, Q1 to Q4 (got {got})"),
    "owned_out_refused": ("{out} 里有 planner 没有写过 (或写后被改过) 的内容: {names}。输出目录会被整体替换, "
                          "这些内容会丢失, 因此拒绝写入; 请把它们移出该目录, 或换一个新的或空的目录",
                          "{out} holds what planner did not write (or changed since it wrote it): "
                          "{names}. The output folder is replaced whole, so these would be lost; "
                          "nothing was written. Move them out of it, or choose a new or empty folder"),
    "owned_more": (" 等另外 {n} 项", " and {n} more"),
    "owned_file_refused": ("{path} 已存在, 且不是 planner 写的{kind}; 为免覆盖, 未写入。请换一个文件名, 或先移走该文件",
                           "{path} exists and is not a {kind} planner wrote; it was not overwritten. "
                           "Choose another name, or move that file away first"),
    "owned_kind_xlsx": ("工作簿", "workbook"),
    "owned_kind_schema": (" JSON Schema", "JSON Schema"),
    "build_review_folder": ("{out} 是业务回顾的输出目录 (planner review), 不能被计划文档替换; 请换一个目录",
                            "{out} holds a business review (planner review), which a build must not replace; choose another folder"),
    "review_plan_build": ("{out} 是计划文档的输出目录 (planner build), 不能被业务回顾替换; 请换一个目录",
                          "{out} holds a plan build (planner build), which a review must not replace; choose another folder"),
    "unread_line": ("; 第 {first} 行因此未能读取, 文件的其余部分照常检查",
                    "; line {first} could not be read because of it; the rest of the file was checked"),
    "unread_lines": ("; 第 {first}–{last} 行因此未能读取, 文件的其余部分照常检查",
                     "; lines {first}–{last} could not be read because of it; the rest of the file "
                     "was checked"),
    # ---- planner workbook / planner import (the fill-in workbook)
    "wb_title": ("重点客户计划填报工作簿", "Customer plan fill-in workbook"),
    "wb_instructions": ("填写说明", "Instructions"),
    "wb_how": ("如何填写", "How to fill it in"),
    "wb_step_fill": ("在黄色单元格中填写或修改; 每行是文件中的一项 (一个商机、一条存量、一位联系人 …), "
                     "每行都有客户编号; 表头第一行是字段名称, 第二行是文件中的字段名。金额按计划的金额单位填写, "
                     "比率可写 0.6 或 60%",
                     "Type or change values in the yellow cells; each row is one item of the files "
                     "(an opportunity, a stock line, a contact …) and names its customer; the first "
                     "header row is the field's label, the second its name in the files. Amounts are "
                     "in the plan's money unit; a rate may be 0.6 or 60%"),
    "wb_step_add": ("新增一项: 在表末的空行中填写, 序号留空; 客户编号从下拉列表中选择",
                    "To add an item, fill in a blank row at the end and leave No. empty; pick the "
                    "customer id from the list"),
    "wb_step_delete": ("删除一项: 清空该行的黄色单元格 (或删除整行); 导入时会列出删除的项",
                       "To delete an item, clear the row's yellow cells (or delete the row); the "
                       "import lists what it removes"),
    "wb_step_new": ("新客户: 在「客户概况」的空行中填写新的客户编号 (小写字母、数字、- 或 _)、名称、行业和区域, "
                    "再在其他表中用该编号填写各项; 导入时生成 customers/<客户编号>.yaml",
                    "A new customer: in the first sheet, fill a blank row with a new id (lowercase "
                    "letters, digits, - or _), name, industry and region, then use that id on the "
                    "other sheets; the import writes customers/<id>.yaml"),
    "wb_step_check": ("灰色单元格是公式 (加权金额、存量目标、名称), 会自动计算, 不能修改; 工作表有保护 (无密码), 只为防止误改公式",
                      "Grey cells are formulas (weighted amounts, stock targets, names) and are "
                      "locked; the sheets are protected without a password, only against typing "
                      "over a formula"),
    "wb_step_import": ("填好后交回, 运行: planner import 本文件.xlsx 计划集目录 (先用 --dry-run 查看变化); "
                       "有任何错误时不会改动任何文件, 每条错误指出工作表、单元格和改法",
                       "When done, run: planner import THIS.xlsx PLAN_DIR (--dry-run first to see "
                       "the changes); with any error no file changes, and each error names the "
                       "sheet, the cell and the fix"),
    "wb_step_keep": ("不要改工作表名称和前两行表头; 自己加的工作表和列在导入时忽略 (会提示)",
                     "Keep the sheet names and the two header rows; sheets and columns you add are "
                     "ignored by the import (with a warning)"),
    "wb_legend": ("单元格颜色", "Cell colours"),
    "wb_input": ("填写", "input"),
    "wb_input_note": ("可填写或修改的单元格", "cells to fill in or change"),
    "wb_locked": ("公式", "formula"),
    "wb_locked_note": ("自动计算的单元格 (锁定), 以及序号 (请勿修改)",
                       "computed cells (locked), and No. (do not change it)"),
    "wb_sheet": ("工作表", "Sheet"),
    "wb_holds": ("内容", "What it holds"),
    "wb_holds_customer": ("每个客户一行: 编号、名称、行业、区域、客户经理、概况、网络结构、IT服务与预算",
                          "one row per customer: id, name, industry, region, manager, profile, "
                          "network structure, IT services and budget"),
    "wb_holds_industry": ("每个行业一行: 行业经理与行业通信信息市场",
                          "one row per industry: its manager and ICT market"),
    "wb_catalog": ("目录 (下拉列表的取值)", "Catalog (the values of the drop-down lists)"),
    "wb_carriers": ("运营商", "Carriers"),
    "wb_invalid_money": ("请填写不小于 0 的金额 (按计划的金额单位)",
                         "enter an amount of at least 0 (in the plan's money unit)"),
    "wb_invalid_rate": ("请填写 0 到 1 之间的比率, 或 0% 到 100% 的百分数",
                        "enter a rate between 0 and 1, or a percentage from 0% to 100%"),
    "wb_invalid_int": ("请填写整数", "enter a whole number"),
    "wb_invalid_number": ("请填写不小于 0 的数", "enter a number of at least 0"),
    "wb_invalid_choice": ("请从下拉列表中选择", "pick a value from the list"),
    "wb_unknown_filter": ("--{option} {got} 不在计划集中, 没有生成工作簿 — {hint}",
                          "--{option} {got} is not in the plan set; no workbook was written — {hint}"),
    "wb_written": ("已写入 {path}: {customers} 个客户, {sheets} 个工作表",
                   "wrote {path}: {customers} customer(s), {sheets} sheet(s)"),
    "imp_new_file": ("新建 {file}", "new file {file}"),
    "imp_file": ("{file}: 修改 {values} 处, 新增 {added} 项, 删除 {removed} 项",
                 "{file}: {values} value(s) changed, {added} item(s) added, {removed} removed"),
    "imp_removed": ("删除", "removed"),
    "imp_flags": ("导入后有 {n} 条审核提示 (不影响导入), 用 planner check {path} 查看",
                  "{n} review flag(s) after the import (they do not stop it); see planner check {path}"),
    "imp_new_note": ("由 planner import 从填报工作簿生成; 每个字段后的注释是它的中文名称和说明",
                     "written by planner import from a fill-in workbook; the comment after each "
                     "field gives its label and description"),
    "imp_after": ("导入后", "after import"),
    "imp_no_file": ("找不到工作簿 {path}", "workbook {path} not found"),
    "imp_failed": ("有 {n} 个错误, 没有修改 {path} 中的任何文件", "{n} error(s); no file in {path} was changed"),
    "imp_nothing": ("工作簿与计划文件一致, 没有需要导入的修改", "the workbook matches the plan files; nothing to import"),
    "imp_dry_run": ("--dry-run: 将修改 {n} 个文件, 未写入任何文件", "--dry-run: {n} file(s) would change; nothing was written"),
    "imp_write_failed": ("写入失败 ({reason}), 没有修改任何文件", "writing failed ({reason}); no file was changed"),
    "imp_done": ("已导入: 修改了 {path} 中的 {n} 个文件; 下一步: planner check {path}",
                 "imported: {n} file(s) changed in {path}; next: planner check {path}"),
    "actuals_read": ("{file}{sheet}: 计入 {rows} 行, 跳过 {skipped} 行 (列: {columns}; 金额单位: {unit})",
                     "{file}{sheet}: {rows} row(s) added, {skipped} skipped (columns: {columns}; unit: {unit})"),
    # planner serve / planner user
    "serve_needs_users": ("只在本机 (127.0.0.1) 上可以不设用户; 监听 {host} 需要 --users FILE (用 planner user add 添加用户)",
                          "only 127.0.0.1 may be served without users; serving {host} needs --users FILE (add users with planner user add)"),
    "serve_no_users": ("{path} 中没有用户; 先用 planner user add {path} NAME --role director --password-stdin 添加",
                       "{path} has no users; add one first with planner user add {path} NAME --role director --password-stdin"),
    "serve_out_missing": ("--out {out} 不是文件夹", "--out {out} is not a folder"),
    "serve_started": ("planner serve: {url} (Ctrl-C 停止; {n} 个重点客户; 文件保存后页面自动更新)",
                      "planner serve: {url} (Ctrl-C stops it; {n} key customers; pages update when a file is saved)"),
    "serve_started_invalid": ("planner serve: {url} (Ctrl-C 停止; 计划有 {n} 处错误, 页面列出错误)",
                              "planner serve: {url} (Ctrl-C stops it; the plan set has {n} error(s), the pages list them)"),
    "users_unreadable": ("无法读取用户文件 {path}: {detail}", "cannot read the users file {path}: {detail}"),
    "users_bad_file": ("{path} 不是 planner 的用户文件", "{path} is not a planner users file"),
    "user_bad_name": ("用户名不能为空", "a user name must not be empty"),
    "user_bad_role": ("角色应为 director、industry 或 manager (写的是 {role})",
                      "the role must be director, industry or manager (got {role})"),
    "user_no_password": ("请从标准输入给出密码 (--password-stdin)", "give the password on standard input (--password-stdin)"),
    "user_needs_industries": ("行业经理 {name} 需要 --industries ID,...", "industry manager {name} needs --industries ID,..."),
    "user_needs_customers": ("客户经理 {name} 需要 --customers ID,...", "account manager {name} needs --customers ID,..."),
    "user_exists": ("用户 {name} 已存在; 先 planner user remove, 或换一个名字",
                    "user {name} exists; planner user remove it first, or choose another name"),
    "user_unknown": ("没有用户 {name}", "there is no user {name}"),
    "user_added": ("已添加用户 {name} ({role}) 到 {path}", "added user {name} ({role}) to {path}"),
    "user_removed": ("已从 {path} 删除用户 {name}", "removed user {name} from {path}"),
    "user_none": ("{path} 中没有用户", "{path} has no users"),
}


def ui(key: str, lang: str = "zh", **params: Any) -> str:
    """A label of the user interface in `lang`."""
    zh, en = L[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text
