"""The value assessment in the documents: a customer's parts, its industry's quartiles and its
stance; the value chapter (matrix, pyramid, ranking) of the industry and market plans."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("docs_support")
from planner.render.label_layout import place_labels, short_name, text_cm  # noqa: E402

from docs_support import read_docx, table_rows  # noqa: E402

pytest_plugins = ["docs_support"]


def tables(path) -> list[list[list[str]]]:
    return [table_rows(t) for t in read_docx(path).tables]


def find(path, header: list[str]) -> list[list[list[str]]]:
    return [t for t in tables(path) if t[0] == header]


def test_reference_customer_value_section(docs_built, docs_labels):
    """data-bureau: 685 × 98% = 671.30 − (20 + 15 + 35) = 601.30, 连带收入 not entered; gov holds
    data-bureau and police: current 133 and 601.3, QUARTILE.INC at positions 0.25, 0.5, 0.75:
    133 + 468.3 × 0.25 = 250.075 → 250.08, 367.15, 484.225 → 484.23; 601.30 ≥ 484.23: top."""
    L = docs_labels
    path = docs_built("reference").file("data-bureau", "docx")
    parts = find(path, [L["value_part"], L["value_amount"]])
    nf = L["not_filled"]
    assert parts[0][1:] == [
        [L["value_revenue"], "685.00"], [L["value_payment"], "98.0%"],
        [L["value_paid"], "671.30"], ["− " + L["cost_marketing"], "20.00"],
        ["− " + L["cost_service"], "15.00"], ["− " + L["cost_maintenance"], "35.00"],
        ["+ " + L["value_associated"], nf], [L["value_current"], "601.30"]]
    assert parts[1][1:] == [[L["value_increment"], "400.00"], [L["value_winback"], "30.00"],
                            [L["value_potential"], "430.00"]]
    assert parts[2][1:] == [[L["pipeline"], "760.00"], [L["value_wallet"], "915.00"],
                            [L["value_headroom"], "230.00"], [L["value_budget_growth"], nf],
                            [L["value_wallet_growth"], nf]]
    peers = find(path, [L[k] for k in ("peers_value", "peers_ours", "peers_q1", "peers_median",
                                       "peers_q3", "peers_position")])[0]
    assert peers[1] == [L["value_current"], "601.30", "250.08", "367.15", "484.23",
                        L["position_top"]]
    loyalty = find(path, [L["loyalty_component"], L["loyalty_score"], L["loyalty_basis"]])[0]
    # share 685 / 915 = 0.749 and 赵局长 支持 (1): (0.7486 + 1) / 2 = 0.874
    assert loyalty[-1][:2] == [L["loyalty_total"], "0.87"]
    assert loyalty[1] == [L["loyalty_contract"], nf, nf]
    texts = [p.text for p in read_docx(path).paragraphs]
    assert L["value_ranks"].format(rank_in_industry=1, n=2, rank=1, total=4) in texts
    # keep and grow, tier changing (685 / 605 − 1 = +13.2 %): grow
    at = texts.index(f"{L['value_stance']}：{L['stance_grow']}")
    assert texts[at + 1] == L["stance_reason_grow"].format(quadrant=L["quadrant_keep_grow"],
                                                          tier=L["tier_changing"])
    assert texts[texts.index(f"{L['value_tier']}：{L['tier_changing']}") + 1] == \
        L["tier_rule_rising"].format(change="+13.2%", limit="10.0%")


def test_reference_market_pyramid_counts_and_revenue(docs_built, docs_labels):
    """changing: data-bureau (+13.2 %), city-bank (plan +63 %), first-school (+12.5 %): revenue
    685 + 295 + 18 = 998, current 601.3 + 255 + 13 = 869.3; problem: police (loyalty 0.29):
    190 and 133; totals 1,188.00 and 1,002.30."""
    L = docs_labels
    built = docs_built("reference")
    path = built.out / built.outputs("market", "docx")[0]["path"]
    header = [L[k] for k in ("value_tier", "tier_count", "tier_customers", "tier_revenue",
                             "tier_current")]
    rows = find(path, header)[0]
    assert [[r[0], r[1], r[3], r[4]] for r in rows[1:]] == [
        [L["tier_value"], "0", "0.00", "0.00"],
        [L["tier_changing"], "3", "998.00", "869.30"],
        [L["tier_problem"], "1", "190.00", "133.00"],
        [L["total"], "4", "1,188.00", "1,002.30"]]
    ranked = find(path, [L[k] for k in ("rank", "customer", "value_current", "value_potential",
                                        "value_overall", "loyalty_score", "value_tier")])[0]
    assert [r[0] for r in ranked[1:]] == ["1", "2", "3", "4"]
    assert ranked[1][2:5] == ["601.30", "430.00", "1,031.30"]


def test_industry_plan_has_the_value_chapter(docs_built, docs_labels):
    L = docs_labels
    built = docs_built("reference")
    gov = [o for o in built.outputs("industry", "docx") if o["id"] == "gov"][0]
    path = built.out / gov["path"]
    texts = [p.text for p in read_docx(path).paragraphs]
    assert L["i_value"] in texts and L["v_pyramid"] in texts
    header = [L[k] for k in ("value_tier", "tier_count", "tier_customers", "tier_revenue",
                             "tier_current")]
    assert find(path, header)[0][-1] == [L["total"], "2", "", "875.00", "734.30"]  # 685 + 190


def test_a_label_never_overlaps_another_nor_leaves_the_plot():
    # plot 13 × 6.6 cm over 0..100 × 0..100: 1 unit = 0.13 cm across, 0.066 cm up
    pts = [("甲单位", 50.0, 50.0), ("乙单位", 49.0, 49.0), ("丙单位", 50.0, 20.0),
           ("丁单位", 97.0, 10.0)]
    # 甲 right of its point; 乙 0.066 cm below it overlaps both sides' boxes of 甲? right box of
    # 乙 starts 0.13 cm left of 甲's and is 0.066 cm lower: overlap, so left; 丙 far below: right;
    # 丁 at the right edge: 3 × 0.28 = 0.84 cm does not fit right, so left
    assert place_labels(pts, (0, 100), (0, 100), 10) == {
        0: "right", 1: "left", 2: "right", 3: "left"}
    # the largest (x + y) first: 丁 97 + 10 = 107, then 甲 100
    assert place_labels(pts, (0, 100), (0, 100), 2) == {3: "left", 0: "right"}
    crowded = [("甲单位", 50.0, 50.0), ("乙单位", 50.0, 50.0), ("丙单位", 50.0, 50.0)]
    assert place_labels(crowded, (0, 100), (0, 100), 10) == {0: "right", 1: "left"}  # 丙: a point


def test_short_names_stay_on_one_line():
    assert short_name("江州市政务服务和数据管理局") == "江州市政务服…"
    assert short_name("江州大学") == "江州大学"
    assert text_cm("ab甲") == pytest.approx(0.56)  # two narrow characters count one wide
