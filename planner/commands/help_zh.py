"""The Chinese of the command line: click's own texts (CLICK, keyed by click's message ids) and
the help of planner's commands and options (HELP, keyed by the English in `cli.py`, its spaces
collapsed). A plural form of click has one entry, under its singular: Chinese has no plural."""

from __future__ import annotations

CLICK: dict[str, str] = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s, 版本 %(version)s",
    "default: {default}": "默认: {default}",
    "required": "必填",
    "env var: {var}": "环境变量: {var}",
    "(dynamic)": "(动态)",
    "deprecated": "已弃用",
    "Aborted!": "已中止!",
    "Error: {message}": "错误: {message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数: {param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such option: {name}": "没有这个选项: {name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}?",
    "(Possible options: {possibilities})": "(可用的选项: {possibilities})",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不合法: {message}",
    "Invalid value: {message}": "值不合法: {message}",
    "Got unexpected extra argument ({args})": "多余的参数 ({args})",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值, 实际给了 {len} 个。",
    "Value must be an iterable.": "值必须是一组值。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}: {message}",
    "Choose from:\n\t{choices}": "可选:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是可选的值, 可选: {choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {formats}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} 不是有效的是/否值, 可用: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{len_type} values are required, but {len_value} was given.":
        "需要 {len_type} 个值, 实际给了 {len_value} 个。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "integer": "整数",
    "float": "小数",
}

METAVARS: dict[str, str] = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}

HELP: dict[str, str] = {
    # planner
    "planner: annual marketing plans of the government & enterprise customer department, from "
    "YAML plan inputs to Word and Excel (重点客户 / 重点行业 / 市场营销计划).":
        "planner: 政企客户部年度营销计划, 由 YAML 计划输入生成 Word 和 Excel 文档 "
        "(重点客户 / 重点行业 / 市场营销计划)。",
    "Language of messages and documents (zh 中文 | en English).":
        "信息和文档的语言 (zh 中文 | en English)。",
    "A folder whose files override the shipped templates (any subset).":
        "模板目录: 其中的文件替换自带的同名模板 (可只放一部分)。",
    # check
    "Validate a plan set: every error, then every warning, with file:line:column and a fix.":
        "检查计划集: 列出所有错误, 再列出所有审核提示, 每条带 文件:行:列 和改正方法。",
    "Warnings (review flags) fail the check too.": "审核提示也算作检查不通过。",
    # targets
    "Show the computed targets: customers, industries, business lines, regions, market.":
        "显示计算出的目标: 客户、行业、业务、区域、全市场。",
    "Print the targets as JSON (contracts.md).": "以 JSON 输出目标 (见 contracts.md)。",
    # build
    "Write every plan of a plan set (Word and Excel) into OUT, with OUT/manifest.json.":
        "把计划集的全部计划 (Word 和 Excel) 生成到 OUT, 并写出 OUT/manifest.json。",
    "Output folder (created; replaced whole when the build succeeds).":
        "输出目录 (不存在则创建; 生成成功后整体替换)。",
    "Render in this many processes (default: all cores).": "用几个进程生成 (默认: 全部 CPU 核)。",
    "Render everything, reusing nothing from OUT.": "全部重新生成, 不复用 OUT 中已有的文件。",
    "Also write a PDF of every Word document (needs LibreOffice).":
        "同时为每份 Word 文档生成 PDF (需要安装 LibreOffice)。",
    # init, new
    "Start a plan set in DIR (new or empty): market.yaml, one industry, one customer, every field "
    "commented, and the JSON Schemas an editor uses (DIR/.schema).":
        "在 DIR (新的或空的目录) 中新建计划集: market.yaml、一个行业、一个客户, 每个字段都有注释, "
        "以及编辑器使用的 JSON Schema (DIR/.schema)。",
    "Plan year (default: next calendar year).": "计划年度 (默认: 明年)。",
    "Add a plan file to a plan set.": "向计划集添加一个计划文件。",
    "Add DIR/customers/ID.yaml, every field commented (DIR defaults to the current folder).":
        "添加 DIR/customers/ID.yaml, 每个字段都有注释 (DIR 默认为当前目录)。",
    "Industry id of the catalog in market.yaml.": "行业编号 (market.yaml 目录中的)。",
    "Region id of the catalog in market.yaml.": "区域编号 (market.yaml 目录中的)。",
    # schema
    'The JSON Schema of the plan files, for editors (see README, "Editing with a schema").':
        "计划文件的 JSON Schema, 供编辑器使用 (见 README 的 \"Editing with a schema\")。",
    "A .json file (one schema for every plan file), or a folder (market.json, industry.json, "
    "customer.json). Default: print to stdout.":
        "一个 .json 文件 (一个 schema 适用于所有计划文件), 或一个目录 (market.json、"
        "industry.json、customer.json)。默认: 输出到屏幕。",
    "Only the schema of this file kind.": "只输出这一类文件的 schema。",
    # diff
    "What changed from OLD_DIR to NEW_DIR: targets, guidance gaps, customers, opportunities and "
    "win-back items.": "OLD_DIR 到 NEW_DIR 的变化: 目标、与指引的差距、客户、商机和策反。",
    "Print the changes as JSON (README).": "以 JSON 输出变化 (见 README)。",
    "Also write the changes as an Excel workbook.": "同时把变化写成 Excel 工作簿。",
    # rollover
    "Start next year's plan set in NEXT_DIR from THIS_DIR: base ← this year's targets (or "
    "actuals), opportunities and win-back kept as history notes, comments kept.":
        "由 THIS_DIR 在 NEXT_DIR 生成下一年的计划集: 基准年收入 ← 本年目标 (或实际收入), "
        "商机和策反保留为历史记录, 注释保留。",
    "Billing exports (.xlsx, .csv, .yaml, as for the business review) of this whole year: each "
    "customer's actual revenue per line becomes its base instead of this year's target. "
    "Repeatable.":
        "本年全年的账单导出 (.xlsx、.csv、.yaml, 与业务回顾相同): 每个客户各业务的实际收入作为"
        "基准年收入, 代替本年目标。可重复。",
    # review
    "Plan vs actual (定期业务回顾): phased targets to date against actual revenue, for every key "
    "customer, industry and the market, as Word and Excel in OUT (or JSON with --json).":
        "定期业务回顾 (计划与实际): 截至当期的分季目标与实际收入对比, 覆盖每个重点客户、行业和"
        "全市场, 以 Word 和 Excel 写到 OUT (或用 --json 输出 JSON)。",
    "Actual revenue: a billing export (.xlsx, .csv) or a YAML file; repeat for several files "
    "(their amounts are added up).":
        "实际收入: 账单导出 (.xlsx、.csv) 或 YAML 文件; 多个文件可重复给出 (金额相加)。",
    "The last quarter reviewed: Q1, Q2, Q3 or Q4.": "回顾截至的季度: Q1、Q2、Q3 或 Q4。",
    "Output folder for the review documents (replaced whole when done).":
        "业务回顾文档的输出目录 (完成后整体替换)。",
    "Print the review figures as JSON.": "以 JSON 输出回顾数据。",
    "Flag an achievement below this rate (0.9 or 90%).": "完成率低于此值时提示 (0.9 或 90%)。",
    "The unit of the amounts in the files (default: the amount column's header, such as 金额(元), "
    "else plan.money_unit); converted to plan.money_unit.":
        "文件中金额的单位 (默认: 取金额列的表头, 如 金额(元), 否则为 plan.money_unit); "
        "换算为 plan.money_unit。",
    "Header of the customer column (id or name); repeatable. Default: 客户编号, 客户名称, 客户, "
    "customer ...": "客户列的表头 (编号或名称); 可重复。默认: 客户编号, 客户名称, 客户, customer ...",
    "Header of the business line column. Default: 业务, 业务编号, 业务名称, business_line ...":
        "业务列的表头。默认: 业务, 业务编号, 业务名称, business_line ...",
    "Header of the period column. Default: 期间, 账期, 月份, 季度, period, month ...":
        "期间列的表头。默认: 期间, 账期, 月份, 季度, period, month ...",
    "Header of the amount column. Default: 金额, 收入, 实收, amount ...":
        "金额列的表头。默认: 金额, 收入, 实收, amount ...",
    "Read only this sheet of .xlsx files (default: every sheet that has the four columns).":
        "只读取 .xlsx 文件的这个工作表 (默认: 每个含这四列的工作表)。",
    "Rows of customers without a plan are skipped (listed as warnings, their sum reported) "
    "instead of being errors.": "没有计划的客户的行跳过 (列为提示, 并报告其合计), 而不作为错误。",
    # serve, user
    "The plan set in a browser, live: market, industries, customers, flags, documents.":
        "在浏览器中查看计划集, 实时更新: 市场、行业、客户、审核提示、文档。",
    "Address to listen on; any but this machine's needs --users.":
        "监听地址; 本机以外的地址需要 --users。",
    "Port to listen on.": "监听端口。",
    "Users file (planner user add): every page then needs a sign-in.":
        "用户文件 (planner user add): 此时每个页面都需要登录。",
    "Output folder of planner build: its documents are listed and served.":
        "planner build 的输出目录: 列出并提供其中的文档。",
    "Billing exports for the /review page (repeatable); needs --through.":
        "/review 页面所用的账单导出文件 (可重复); 需要 --through。",
    "The users of `planner serve` (passwords hashed with Argon2id).":
        "`planner serve` 的用户 (密码以 Argon2id 散列保存)。",
    "Add a user to FILE.": "在 FILE 中添加用户。",
    "director: everything; industry: --industries; manager: --customers.":
        "director: 全部; industry: --industries 所列行业; manager: --customers 所列客户。",
    "Industry ids, comma-separated.": "行业编号, 以逗号分隔。",
    "Customer ids, comma-separated.": "客户编号, 以逗号分隔。",
    "Read the password from standard input (never from the command line).":
        "从标准输入读取密码 (不在命令行中给出)。",
    "Remove a user from FILE.": "从 FILE 中删除用户。",
    "List the users of FILE: name, role, industries, customers.":
        "列出 FILE 中的用户: 姓名、角色、行业、客户。",
    # workbook, import
    "A fill-in workbook of the plan set (all customers, industries and the market by default), "
    "for `planner import` to take back.":
        "计划集的填报工作簿 (默认包含全部客户、行业和市场), 填好后由 `planner import` 导回。",
    "The .xlsx file to write.": "要写入的 .xlsx 文件。",
    "Only this customer id (repeatable).": "只含这个客户编号 (可重复)。",
    "Only customers of this industry, with the industry's own sheets (repeatable).":
        "只含这个行业的客户, 并含该行业自己的工作表 (可重复)。",
    "Only customers of this region (repeatable).": "只含这个区域的客户 (可重复)。",
    "Only customers of this account manager.": "只含这位客户经理的客户。",
    "Blank rows for this many new customers.": "为这么多个新客户留出空行。",
    "Take a fill-in workbook (planner workbook) back into the plan files, in place; with any "
    "error, no file changes.":
        "把填报工作簿 (planner workbook) 导回计划文件, 原地修改; 有任何错误时不改动任何文件。",
    "Say what would change; write nothing.": "只说明会有哪些变化, 不写入任何文件。",
}
