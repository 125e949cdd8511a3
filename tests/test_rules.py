"""planner.rules: the cross-file rules run on what is valid, and never repeat another message."""

from __future__ import annotations

from conftest import CUSTOMER, MARKET, lines

C = "customers/acme.yaml"
WINBACK = "winback:\n  - {competitor: 中国移动, business_line: voice, competitor_revenue: %s, " \
          "amount: %s, probability: 0.5}\n"  # line 13


def codes(a) -> list[tuple[str, int, str]]:
    return [(i.file, i.line, i.code) for i in a.errors]


def test_a_reference_is_checked_in_a_file_with_other_errors(make_plan):
    text = CUSTOMER.replace("region: urban", "region: nowhere").replace("retention: 0.9",
                                                                        "retention: 9")
    assert codes(make_plan(customers={"acme": text})) == [(C, 4, "unknown_ref"),
                                                          (C, 7, "rate_range")]


def test_a_winback_limit_is_checked_in_a_file_with_other_errors(make_plan):
    text = CUSTOMER.replace("manager: 王芳", "manager: [王芳") + WINBACK % (30, 50)
    assert codes(make_plan(customers={"acme": text})) == [(C, 5, "yaml_syntax"),
                                                          (C, 19, "winback_over_revenue")]


def test_a_winback_against_a_revenue_that_is_not_a_number_is_one_message(make_plan):
    a = make_plan(customers={"acme": CUSTOMER + WINBACK % ("三十", 50)})
    assert lines(a.errors) == [
        f"{C}:19:66: winback[0].competitor_revenue (第 1 条策反「中国移动/voice」的对手现有收入): "
        "应为金额数字 (写的是 '三十') — 写成数字, 如 120 或 120.5 (单位见 plan.money_unit)"]


def test_references_to_a_malformed_catalog_id_are_not_reported_again(make_plan):
    market = MARKET.replace("{id: east, name: 东部县区}", "{id: East, name: 东部县区}")
    a = make_plan(market=market, customers={
        "acme": CUSTOMER.replace("region: urban", "region: East"),
        "b": CUSTOMER.replace("id: acme", "id: b").replace("region: urban", "region: east")})
    assert codes(a) == [("market.yaml", 10, "id_pattern")]


def test_a_catalog_list_that_is_wrong_checks_no_reference_to_it(make_plan):
    market = MARKET.replace("  regions:\n    - {id: urban, name: 市区}\n    - {id: east, name: "
                            "东部县区}\n",
                            "  regions: 市区\n")
    a = make_plan(market=market, customers={"acme": CUSTOMER.replace("industry: gov",
                                                                     "industry: nowhere")})
    assert codes(a) == [("customers/acme.yaml", 3, "unknown_ref"), ("market.yaml", 8, "list_type")]


def test_two_stock_lines_on_an_unknown_line_are_not_also_a_duplicate(make_plan):
    text = CUSTOMER.replace("  - {business_line: data, base: 100, retention: 0.9}\n",
                            "  - {business_line: dta, base: 100}\n  - {business_line: dta, base: "
                            "5}\n")
    assert codes(make_plan(customers={"acme": text})) == [(C, 7, "unknown_ref"),
                                                          (C, 8, "unknown_ref")]


def test_a_plan_year_that_is_not_a_number_is_not_compared_with_the_base_year(make_plan):
    market = MARKET.replace("year: 2027", "year: 二〇二七\n  base_year: 2026")
    assert codes(make_plan(market=market)) == [("market.yaml", 3, "int_type")]


def test_without_market_yaml_each_file_is_still_checked_on_its_own(make_plan):
    a = make_plan(market=None, customers={
        "acme": CUSTOMER + WINBACK % (30, 50),
        "copy": CUSTOMER.replace("name: 测试客户", "name: 复制")})
    assert codes(a) == [(C, 19, "winback_over_revenue"),
                        ("customers/copy.yaml", 1, "duplicate_customer"),
                        ("market.yaml", 1, "market_missing")]
