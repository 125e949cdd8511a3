"""Every message of planner, in Chinese and English: one catalog, looked up by code.

An entry is `code: (message_zh, message_en, fix_zh, fix_en)`; `{name}` placeholders are filled from
the issue's parameters. A test checks that every code used in the package has all four texts.
"""

from __future__ import annotations

from typing import Any

from planner.messages_completeness import MESSAGES as COMPLETENESS

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
    "industry_no_file": (
        "行业 {name} 没有行业文件", "industry {name} has no industry file",
        "新建 industries/{industry}.yaml 并指定行业经理", "create industries/{industry}.yaml and name its manager"),
    "industry_no_manager": (
        "行业 '{name}' 有客户但没有行业经理", "industry '{name}' has customers but no manager",
        "在 industries/{industry}.yaml 中填写 manager", "fill in manager in industries/{industry}.yaml"),
    "market_below_guidance": (
        "自下而上的市场目标 {total} 低于预算指引 {guidance} (差 {gap})",
        "the bottom-up market total {total} is below the guidance {guidance} (short by {gap})",
        "补充商机、策反或提高保有率, 或与上级沟通指引", "add opportunities or win-back, raise retention, or discuss the guidance"),
    "region_below_guidance": (
        "区域 {region} 的目标 {total} 低于预算指引 {guidance} (差 {gap})",
        "region {region} totals {total}, below its guidance {guidance} (short by {gap})",
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
        "空行已跳过: 第 {rows} 行", "blank rows skipped: {rows}",
        "无需处理; 请确认空行下方的数据属于同一份账单", "nothing to do; check that the rows below belong to the same export"),
    "billing_total_row": (
        "合计行已跳过 ('{got}')", "total row skipped ('{got}')",
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
    # ---- program
    "internal_error": (
        "内部错误 (处理 {input} 时): {detail}", "internal error (while processing {input}): {detail}",
        "请把这条信息和输入文件发给维护者", "please send this message and the input to the maintainers"),
}


M.update(COMPLETENESS)  # the completeness flags keep their texts beside their module


def message(code: str, part: str, lang: str, params: dict[str, Any]) -> str:
    """The `part` ("message" or "fix") of message `code` in `lang`, with `params` filled in."""
    zh_msg, en_msg, zh_fix, en_fix = M[code]
    text = {("message", "zh"): zh_msg, ("message", "en"): en_msg,
            ("fix", "zh"): zh_fix, ("fix", "en"): en_fix}[(part, lang if lang in LANGS else "zh")]
    return text.format_map(_Params(params, lang))


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
    "not_a_plan_set": ("{path} 不是计划集目录", "{path} is not a plan set folder"),
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
    "build_review_folder": ("{out} 是业务回顾的输出目录 (planner review), 不能被计划文档替换; 请换一个目录",
                            "{out} holds a business review (planner review), which a build must not replace; choose another folder"),
    "review_plan_build": ("{out} 是计划文档的输出目录 (planner build), 不能被业务回顾替换; 请换一个目录",
                          "{out} holds a plan build (planner build), which a review must not replace; choose another folder"),
    "actuals_read": ("{file}{sheet}: 计入 {rows} 行, 跳过 {skipped} 行 (列: {columns}; 金额单位: {unit})",
                     "{file}{sheet}: {rows} row(s) added, {skipped} skipped (columns: {columns}; unit: {unit})"),
}


def ui(key: str, lang: str = "zh", **params: Any) -> str:
    """A label of the user interface in `lang`."""
    zh, en = L[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text
