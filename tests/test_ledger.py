"""The ledger (money in whole cents, contracts.md): every shown total is the sum of its shown
parts, in every numeric table of every Word document, and one entity's figure is the same string
in every document that shows it — for plans/example, the reference set and a generated 100-customer
set; workbooks recalculated by LibreOffice give the stored (= Word) cents, half-cent cases
included; and a property test over random plan sets.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.build import build
from planner.compute.money import is_cents
from planner.report import target_tables, targets_json

import lo
from conftest import EXAMPLE, REFERENCE, analyse_in, write_plan_set
from docs_support import labels, read_docx, read_xlsx, table_rows

MONEY = re.compile(r"[+-]?\d{1,3}(?:,\d{3})*\.\d\d")
L = labels("zh")
PARTS = {L["stock"]: "stock", L["increment"]: "increment", L["winback"]: "winback"}
FIGURE_KEYS = {L["base"]: "base", **PARTS, L["total"]: "total", L["target"]: "total"}
QUARTERS = [L[q] for q in ("q1", "q2", "q3", "q4")]


def num(text: str) -> D:
    return D(text.replace(",", ""))


def is_figure(text: str) -> bool:
    return bool(MONEY.fullmatch(text))


# ---------------------------------------------------------------- reading the documents

def body_tables(path: Path) -> list[list[list[str]]]:
    """Each table of a .docx in reading order; a continued table (its unit line says 续表) is
    joined to the one before it, column by column, as a reader puts them side by side."""
    d = read_docx(path)
    continued = L["matrix_continued"].format(unit="")
    out: list[list[list[str]]] = []
    above = ""
    for child in d.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, d).text.strip()
            above = text or above
        elif child.tag == qn("w:tbl"):
            rows = table_rows(DocxTable(child, d))
            if continued in above and out and len(out[-1]) == len(rows):
                out[-1] = [a + b[1:] for a, b in zip(out[-1], rows)]
            else:
                out.append(rows)
            above = ""
    return out


def total_row(rows: list[list[str]]) -> int | None:
    """The index of the table's total row (first cell 合计), if it has one below the body."""
    found = [i for i, r in enumerate(rows) if i > 1 and r[0] == L["total"]]
    return found[-1] if found else None


def table_problems(rows: list[list[str]]) -> list[str]:
    """Where a shown total is not the sum of its shown parts: down each column to the total
    row; across each row for stock + increment + win-back = total, Q1..Q4 = year, the parts left
    of a 合计 column, and total − guidance = gap, target − base = change."""
    problems = []
    head = rows[0]
    t = total_row(rows)
    if t is not None:
        for j in range(1, len(head)):
            body = [r[j] for r in rows[1:t]]
            if is_figure(rows[t][j]) and all(is_figure(x) or x in ("—", "") for x in body) \
                    and any(is_figure(x) for x in body):
                summed = sum((num(x) for x in body if is_figure(x)), D(0))
                if summed != num(rows[t][j]):
                    problems.append(f"column {head[j]}: {summed} != {rows[t][j]}")
    col = {h: j for j, h in enumerate(head)}
    if set(PARTS) <= set(col) and L["total"] in col:
        across = ([col[p] for p in PARTS], col[L["total"]])
    elif set(QUARTERS) <= set(col) and L["year"] in col:
        across = ([col[q] for q in QUARTERS], col[L["year"]])
    elif L["total"] in col and col[L["total"]] > 1:
        across = (list(range(1, col[L["total"]])), col[L["total"]])
    else:
        across = None
    for r in rows[1:]:
        if across and is_figure(r[across[1]]):
            parts = [r[j] for j in across[0] if is_figure(r[j])]
            if sum((num(x) for x in parts), D(0)) != num(r[across[1]]):
                problems.append(f"row {r[0]}: {' + '.join(parts)} != {r[across[1]]}")
        for a, b, c, sign in ((L["total"], L["guidance"], L["gap"], 1),
                              (L["target"], L["base"], L["change"], 1)):
            if {a, b, c} <= set(col) and all(is_figure(r[col[k]]) for k in (a, b, c)):
                if num(r[col[a]]) - num(r[col[b]]) != sign * num(r[col[c]]):
                    problems.append(f"row {r[0]}: {r[col[a]]} - {r[col[b]]} != {r[col[c]]}")
    return problems


def facts(tables: list[list[list[str]]], entities: set[str], own: str | None,
          industries: set[str]) -> dict[tuple[str, str], str]:
    """(entity, figure) -> the string shown: rows named for a customer, industry or region in
    tables of figures (base, stock, increment, win-back, total/target); the document's own total
    row (its customer or industry, `own`); the region × industry matrix's column totals."""
    out: dict[tuple[str, str], str] = {}
    for rows in tables:
        head = rows[0]
        keyed = {j: FIGURE_KEYS[h] for j, h in enumerate(head) if h in FIGURE_KEYS}
        if L["base"] in head:
            t = total_row(rows)
            for i, r in enumerate(rows[1:], 1):
                name = own if i == t and own and L["stock"] in head else r[0]
                if name in entities:
                    for j, key in keyed.items():
                        if is_figure(r[j]):
                            out[(name, key)] = r[j]
        if head[0] == L["region"] and industries & set(head):
            t = total_row(rows)
            for j, h in enumerate(head):
                if h in industries and t is not None:
                    out[(h, "total")] = rows[t][j]
    return out


def check_documents(out: Path, names: dict[str, Any]) -> None:
    """Every table of every Word document adds up, and the same entity reads the same."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    customers, industries, regions = names["customers"], names["industries"], names["regions"]
    entities = set(customers.values()) | set(industries.values()) | set(regions.values())
    seen: dict[tuple[str, str], dict[str, str]] = {}
    problems = []
    docs = [o for o in manifest["outputs"] if o["format"] == "docx"]
    assert len(docs) >= 3
    for o in docs:
        tables = body_tables(out / o["path"])
        assert tables, o["path"]
        for rows in tables:
            problems += [f"{o['path']}: {p}" for p in table_problems(rows)]
        own = {"customer": customers, "industry": industries}.get(o["level"], {}).get(o["id"])
        allowed = entities if o["level"] == "market" else entities - set(regions.values())
        for key, shown in facts(tables, allowed, own, set(industries.values())).items():
            seen.setdefault(key, {})[o["path"]] = shown
    assert problems == []
    differ = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert differ == {}
    shown_twice = [k for k, v in seen.items() if len(v) > 1]
    assert len(shown_twice) >= len(customers)  # each customer in its plan and its industry's


def names_of(root: Path) -> dict[str, dict[str, str]]:
    a = analyse_in(root)
    cat = a.plan.market.catalog
    return {"customers": {k: c.name for k, c in a.plan.customers.items()},
            "industries": {i.id: i.name for i in cat.industries},
            "regions": {r.id: r.name for r in cat.regions}}


def generated(n: int, root: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "generate", Path(__file__).parent.parent / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.generate(n, root)


@pytest.fixture(scope="module")
def generated_build(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("ledger")
    root = generated(100, base / "set")
    build(root, base / "out")
    return root, base / "out"


def test_every_table_adds_up_and_every_figure_agrees_example(docs_builds):
    built = docs_builds["example"]
    check_documents(built.out, names_of(EXAMPLE))


def test_every_table_adds_up_and_every_figure_agrees_reference(docs_built):
    built = docs_built("reference")
    check_documents(built.out, names_of(REFERENCE))


def test_every_table_adds_up_and_every_figure_agrees_100_customers(generated_build):
    root, out = generated_build
    check_documents(out, names_of(root))


def test_the_walk_finds_a_total_that_does_not_add_up():
    # the check itself: a table whose shown parts miss a cent is caught, down and across
    rows = [["区域", L["stock"], L["increment"], L["winback"], L["total"]],
            ["a", "1.00", "2.00", "0.00", "3.00"], ["b", "0.01", "0.00", "0.00", "0.01"],
            [L["total"], "1.01", "2.00", "0.00", "3.02"]]
    assert table_problems(rows) == [f"column {L['total']}: 3.01 != 3.02",
                                    f"row {L['total']}: 1.01 + 2.00 + 0.00 != 3.02"]


# ---------------------------------------------------------------- workbooks, recalculated

HALF_CENTS_MARKET = """\
plan: {unit: 测试市分公司政企客户部, year: 2027, money_unit: 万元}
catalog:
  operator: 中国电信
  competitors: [中国移动]
  regions: [{id: urban, name: 市区}, {id: east, name: 东部}]
  industries: [{id: gov, name: 政务}, {id: edu, name: 教育}]
  business_lines:
    - {id: voice, name: 话音}
    - {id: data, name: 数据}
    - {id: cloud, name: 云, kind: new}
guidance: {total: 100.125}
other_customers:
  - {region: east, industry: edu, business_line: data, base: 18.5, retention: 0.95,
     increment: 0.03, winback: 0.01, quarter: Q3}
  - {region: urban, industry: gov, business_line: voice, base: 723.25}
"""

# Every leaf lands on a half cent or a third, where a float product would round the wrong way:
# 18.5 × 0.95 = 17.575 -> 17.58; 2.675 × 1 -> 2.68 (written with 3 decimals: rounded on read);
# 0.03 × 0.5 = 0.015 -> 0.02; 10 from Q2 -> 3.33, 3.34, 3.33; shares 0.15/0.35/0.35/0.15 of
# 0.1 -> 0.015 -> 0.02, 0.05 -> 0.05, 0.085 -> 0.09, 0.1 -> 0.02, 0.03, 0.04, 0.01.
HALF_CENTS_CUSTOMER = """\
id: halves
name: 半分客户
industry: gov
region: urban
manager: 王芳
stock:
  - {business_line: data, base: 18.5, retention: 0.95}
  - {business_line: voice, base: 2.675}
  - {business_line: cloud, base: 0.1, phasing: [0.15, 0.35, 0.35, 0.15]}
opportunities:
  - {name: 甲, business_line: cloud, amount: 0.03, probability: 0.5, quarter: Q2, conditions: 获批}
  - {name: 乙, business_line: data, amount: 10, probability: 1, quarter: Q2, conditions: 获批}
winback:
  - {competitor: 中国移动, business_line: voice, competitor_revenue: 1, amount: 0.05,
     probability: 0.7, quarter: Q4}
costs: {marketing: 0.01, payment_on_time_rate: 0.985}
relationship:
  contacts: [{name: 赵局长, role: 决策者}]
"""


def numeric_cells(path: Path) -> dict[str, float]:
    """sheet!cell -> every number a workbook holds (its stored or recalculated value)."""
    wb = read_xlsx(path, data_only=True)
    return {f"{ws.title}!{c.coordinate}": c.value for ws in wb for row in ws.iter_rows()
            for c in row if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)}


@pytest.fixture(scope="module")
def half_cents(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("halves")
    root = write_plan_set(base / "set", market=HALF_CENTS_MARKET,
                          customers={"halves": HALF_CENTS_CUSTOMER},
                          industries={"gov": "industry: gov\nmanager: 林晓\n"})
    build(root, base / "out")
    return root, base / "out"


def test_half_cents_are_leaves_rounded_once(half_cents):
    root, out = half_cents
    t = json.loads(json.dumps(targets_json(*_plan_targets(root))))
    c = t["customers"]["halves"]
    assert c["lines"]["data"]["stock"] == 17.58  # 18.5 × 0.95 = 17.575
    assert c["lines"]["voice"]["base"] == 2.68  # 2.675 rounded when read
    assert c["lines"]["cloud"]["increment"] == 0.02  # 0.03 × 0.5 = 0.015
    assert c["winback"] == 0.04  # 0.05 × 0.7 = 0.035
    # current value: revenue 18.5 + 2.68 + 0.1 = 21.28; × 0.985 = 20.9608 -> 20.96; − 0.01
    assert c["value"]["current"] == 20.95
    assert t["market"]["guidance"] == 100.13  # 100.125 rounded when read
    # the bulk row: 18.5 × 0.95 = 17.575 -> 17.58, + 0.03 + 0.01 = 17.62 (edu, east)
    assert t["industries"]["edu"]["total"] == 17.62
    # 723.25 over Q1..Q4: 180.81, 180.82, 180.81, 180.81, never 180.80 × 3 + 180.85
    assert t["regions"]["urban"]["quarters"][0] - c["quarters"][0] == pytest.approx(180.81)


def _plan_targets(root: Path):
    a = analyse_in(root)
    return a.plan, a.targets


@pytest.mark.skipif(not lo.SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_recalculated_workbooks_keep_every_cent(half_cents, generated_build, tmp_path):
    """Every number of the customer, industry and market workbooks, recalculated by LibreOffice,
    is the stored value: the formulas (ROUND at a leaf, cumulative-difference quarters, plain
    SUM/SUMIFS above) are the ledger's rule. Half-cent leaves and a 100-customer set."""
    sources = []
    for _, out in (half_cents, generated_build):
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        xlsx = [o for o in manifest["outputs"] if o["format"] == "xlsx"
                and (o["level"] != "customer" or len(sources) < 12)]
        for o in xlsx:
            dest = tmp_path / "in" / f"{len(sources):03d}.xlsx"
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(out / o["path"], dest)
            sources.append((o["path"], dest))
    recalculated = lo.recalculate([d for _, d in sources], tmp_path)
    differ = []
    for (name, stored), recalc in zip(sources, recalculated):
        before, after = numeric_cells(stored), numeric_cells(recalc)
        for cell, value in before.items():
            if round(after.get(cell, float("nan")), 6) != round(value, 6):
                differ.append(f"{name} {cell}: stored {value}, recalculated {after.get(cell)}")
    assert differ == []


# ---------------------------------------------------------------- random plan sets

amounts = st.integers(0, 10**7).map(lambda n: str(D(n).scaleb(-3)))  # 3 decimals: rounded
rates = st.integers(0, 1000).map(lambda n: str(D(n).scaleb(-3)))
quarters = st.sampled_from(["Q1", "Q2", "Q3", "Q4"])
lines_ = st.sampled_from(["voice", "data", "cloud"])


@st.composite
def plan_sets(draw) -> dict[str, Any]:
    customers = {}
    for k in range(draw(st.integers(1, 4))):
        stock = [{"business_line": line, "base": draw(amounts), "retention": draw(rates)}
                 for line in draw(st.lists(lines_, unique=True, max_size=3))]
        opps = [{"name": f"商机{i}", "business_line": draw(lines_), "amount": draw(amounts),
                 "probability": draw(rates), "quarter": draw(quarters), "conditions": "获批"}
                for i in range(draw(st.integers(0, 3)))]
        customers[f"c{k}"] = {
            "id": f"c{k}", "name": f"客户{k}",
            "industry": draw(st.sampled_from(["gov", "finance"])),
            "region": draw(st.sampled_from(["urban", "east"])), "stock": stock,
            "opportunities": opps}
    bulk = [{"region": draw(st.sampled_from(["urban", "east"])), "industry": "finance",
             "business_line": draw(lines_), "base": draw(amounts), "retention": draw(rates),
             "increment": draw(amounts), "quarter": draw(quarters)}
            for _ in range(draw(st.integers(0, 2)))]
    return {"customers": customers, "bulk": bulk}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan_sets())
def test_any_plan_set_is_a_ledger(tmp_path_factory, sets):
    from conftest import MARKET

    root = tmp_path_factory.mktemp("random")
    market = MARKET + yaml.safe_dump({"other_customers": sets["bulk"]}, allow_unicode=True) \
        if sets["bulk"] else MARKET
    write_plan_set(root, market=market, industries={},
                   customers={k: yaml.safe_dump(v, allow_unicode=True)
                              for k, v in sets["customers"].items()})
    plan, t = _plan_targets(root)
    data = targets_json(plan, t)
    # every money figure of the JSON is whole cents, printed without float noise
    assert [x for x in _money_numbers(data) if len(repr(x).partition(".")[2]) > 2] == []
    # every aggregate is the exact sum of its leaves, and its quarters of its total
    for c in t.customers.values():
        assert c.figures.total == sum((f.total for f in c.lines.values()), D(0))
        for item in c.opportunities:  # an even spread from its start quarter: within a cent
            start = int(plan.customers[c.id].opportunities[item.index].quarter[1])
            span = item.quarters[start - 1:]
            assert is_cents(item.weighted) and sum(span, D(0)) == item.weighted
            assert max(span) - min(span) <= D("0.01") and not any(item.quarters[:start - 1])
    for group in (*t.industries.values(), *t.regions.values(), *t.lines.values(), t.market):
        assert sum(group.figures.quarters.total, D(0)) == group.figures.total
        assert all(is_cents(q) for q in group.figures.quarters.total)
    for level in (t.industries, t.regions, t.lines):
        assert sum((g.figures.total for g in level.values()), D(0)) == t.market.figures.total
    # and every table of `planner targets` adds up as shown
    for table in target_tables(plan, t, "zh"):
        rows = [table.header, *table.rows, *([table.total] if table.total else [])]
        rows[-1] = [L["total"], *rows[-1][1:]] if table.total else rows[-1]
        assert table_problems(rows) == [], table.title


MONEY_KEYS = {"base", "stock", "increment", "pipeline", "winback", "total", "quarters",
              "guidance", "gap", "current", "potential"}


def _money_numbers(data: Any, key: str | None = None) -> list[Any]:
    """Every number under a money key of the targets JSON."""
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in _money_numbers(v, k)]
    if isinstance(data, list):
        return [x for v in data for x in _money_numbers(v, key)]
    return [data] if key in MONEY_KEYS and isinstance(data, (int, float)) else []


def test_minus_zero_is_read_as_zero_and_never_shown_as_minus_zero(tmp_path):
    customer = HALF_CENTS_CUSTOMER.replace("base: 18.5, retention: 0.95", "base: -0") \
        .replace("amount: 0.03", "amount: -0.00")
    root = write_plan_set(tmp_path / "set", market=HALF_CENTS_MARKET.replace("100.125", "-0"),
                          customers={"halves": customer},
                          industries={"gov": "industry: gov\nmanager: 林晓\n"})
    plan, t = _plan_targets(root)
    assert plan.customers["halves"].stock[0].base.is_signed() is False
    assert "-0.0" not in json.dumps(targets_json(plan, t))
    build(root, tmp_path / "out")
    from docs_support import docx_texts

    for path in (tmp_path / "out").rglob("*.docx"):
        shown = [x for x in docx_texts(path) if re.search(r"-0\.0+(?!\d)|-0\.0%", x)]
        assert shown == [], path.name


def test_a_money_input_with_more_than_two_decimals_is_rounded_and_flagged(tmp_path):
    customer = HALF_CENTS_CUSTOMER.replace("base: 2.675", "base: 2.675, previous: 2.5")
    root = write_plan_set(tmp_path / "set", market=HALF_CENTS_MARKET,
                          customers={"halves": customer},
                          industries={"gov": "industry: gov\nmanager: 林晓\n"})
    a = analyse_in(root)
    rounded = [i.format() for i in a.warnings if i.code == "money_rounded"]
    assert rounded == [
        "customers/halves.yaml:8:34: stock[1].base (第 2 条存量「voice」的基准年收入): "
        "金额写为 2.675, 超过两位小数, 已按分四舍五入为 2.68 — 金额精确到分 (0.01 万元): "
        "直接写 2.68; 需要更精确时请换用更小的金额单位",
        "market.yaml:11:19: guidance.total (指引总额): 金额写为 100.125, 超过两位小数, "
        "已按分四舍五入为 100.13 — 金额精确到分 (0.01 万元): 直接写 100.13; "
        "需要更精确时请换用更小的金额单位"]
    # a plan with only whole cents (the example) has none
    assert not [i for i in analyse_in(EXAMPLE).warnings if i.code == "money_rounded"]
