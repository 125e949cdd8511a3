"""Completeness review flags (planner/completeness.py): an empty plan no longer looks complete."""

from __future__ import annotations

from conftest import COMPLETE_CUSTOMER, CUSTOMER, MARKET

pytest_plugins = ["docs_support"]


def codes(analysis) -> list[tuple[str, str]]:
    return sorted((i.field, i.code) for i in analysis.warnings)


def test_a_minimal_plan_is_flagged_for_what_it_leaves_empty(make_plan):
    a = make_plan(complete=True)
    # (costs not entered: the value assessment's one flag says so, value_incomplete)
    assert codes(a) == [("needs", "section_empty"),
                        ("network", "section_empty"), ("profile", "section_empty"),
                        ("retention_plan", "section_empty"),
                        ("retention_plan.kpis", "kpis_missing"),
                        ("strategies", "strategies_missing")]
    strategies = next(i for i in a.warnings if i.code == "strategies_missing")
    assert strategies.message() == ("9 个策略维度中有 9 个未填写: 竞争、价格、差异化、组合营销、合作、"
                                    "服务、品牌、产品、促销")
    assert strategies.message("en").startswith("9 of the 9 strategy dimensions are empty: "
                                               "Competition, Price")


def test_a_complete_plan_raises_none(make_plan):
    assert codes(make_plan(complete=True, customers={"acme": COMPLETE_CUSTOMER})) == []


def test_an_opportunity_without_a_start_quarter(make_plan):
    text = COMPLETE_CUSTOMER.replace(" quarter: Q2,", "")
    a = make_plan(complete=True, customers={"acme": text})
    [flag] = a.warnings
    assert flag.format() == ("customers/acme.yaml:9:5: opportunities[0] (第 1 条商机「云扩容」): "
                             "“云扩容”没有写"
                             "起始季度, 按一季度起算 — 填写起始季度 (Q1..Q4)")


def test_example_values_and_a_shared_name(make_plan):
    twin = COMPLETE_CUSTOMER.replace("id: acme", "id: twin")
    a = make_plan(complete=True,
                  market=MARKET.replace(MARKET.split("unit: ")[1].split("\n")[0],
                                        "某市分公司政企客户部"),
                  customers={"acme": COMPLETE_CUSTOMER.replace("name: 测试客户", "name: 示例单位"),
                             "twin": twin.replace("name: 测试客户", "name: 示例单位")})
    assert codes(a) == [("name", "customer_name_shared"), ("name", "customer_name_shared"),
                        ("name", "example_value"), ("name", "example_value"),
                        ("plan.unit", "example_value")]


def test_word_shows_unentered_costs_as_not_filled_and_flags_by_label(docs_built, docs_labels):
    from docs_support import read_docx, table_rows

    L = docs_labels
    built = docs_built("example")
    d = read_docx(built.file("jz-securities-jiangbei", "docx"))
    parts = next(table_rows(t) for t in d.tables
                 if any(r[0] == L["value_revenue"] for r in table_rows(t)))
    shown = {r[0]: r[1] for r in parts}
    assert shown[L["value_payment"]] == L["not_filled"]  # never 100.0% as a fact
    assert [v for k, v in shown.items() if "成本" in k] == [L["not_filled"]] * 3  # nor 0.00
    flags = next(table_rows(t) for t in d.tables if table_rows(t)[0][0] == L["flag_field"])
    assert any(row[0] == "客户编号" and row[1].startswith("客户价值评估缺少") and "营销成本" in row[1]
               for row in flags)  # the costs not entered, said once, by the field's label
    assert not any(".yaml:" in cell for row in flags for cell in row)
    assert COMPLETE_CUSTOMER.startswith(CUSTOMER)
