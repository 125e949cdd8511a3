"""rollover on valid plans written with anchors, aliases, merge keys, flow or block style and
comments anywhere: a valid next year's set with the right figures, or a clear exit 1."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from planner.cli import main

from conftest import CUSTOMER, analyse_in, write_plan_set

STOCK = "stock:\n  - {business_line: data, base: 100, retention: 0.9}\n"

# each: the customer's stock lines as written (data: base 100, retention 0.9, target 90)
VALID = {
    "flow anchor and alias": "stock:\n  - {business_line: data, base: &b 100, previous: *b, "
                             "retention: 0.9}\n",
    "block anchor and alias": "stock:\n  - business_line: data\n    base: &b 100  # 去年\n"
                              "    previous: *b\n    retention: 0.9\n",
    "anchor used in spend": "stock:\n  - {business_line: data, base: &b 100, retention: 0.9}\n"
                            "spend:\n  - {carrier: 中国电信, business_line: data, amount: *b}\n",
    "anchored text used twice": STOCK + "manager: &m 王芳\nretention_plan: {risks: [*m]}\n",
    "anchor on the retention": "stock:\n  - {business_line: data, base: 100, retention: &r 0.9}\n"
                               "  - {business_line: voice, base: 10, retention: *r}\n",
}


def customer(stock: str) -> str:
    text = CUSTOMER.replace("manager: 王芳\n", "")
    return text.replace("stock:\n  - {business_line: data, base: 100, retention: 0.9}\n", stock)


@pytest.mark.parametrize("stock", list(VALID.values()), ids=list(VALID))
def test_anchors_and_aliases_roll_over_into_a_valid_set(tmp_path, stock):
    root = write_plan_set(tmp_path / "plan", customers={"acme": customer(stock)})
    assert analyse_in(root).errors == []
    result = CliRunner().invoke(main, ["rollover", str(root), str(tmp_path / "next")])
    assert result.exit_code == 0, result.output
    nxt = analyse_in(tmp_path / "next")
    assert nxt.errors == []
    line = next(s for s in nxt.plan.customers["acme"].stock if s.business_line == "data")
    assert (line.base, line.previous) == (90, 100)  # this year's target (100 × 0.9); base


def test_the_aliased_text_keeps_its_value(tmp_path):
    stock = VALID["anchored text used twice"]
    root = write_plan_set(tmp_path / "plan", customers={"acme": customer(stock)})
    assert CliRunner().invoke(main, ["rollover", str(root), str(tmp_path / "next")]).exit_code == 0
    text = (tmp_path / "next" / "customers" / "acme.yaml").read_text(encoding="utf-8")
    assert "manager: &m 王芳\nretention_plan: {risks: [*m]}\n" in text


def test_an_edit_inside_a_shared_collection_is_a_clear_exit_1(tmp_path):
    """A merge key takes the first stock line's mapping into the second: the base to change is
    the first line's and the second's at once."""
    stock = ("stock:\n  - &line {business_line: data, base: 100, retention: 0.9}\n"
             "  - {<<: *line, business_line: voice}\n")
    root = write_plan_set(tmp_path / "plan", customers={"acme": customer(stock)})
    analysis = analyse_in(root)
    result = CliRunner().invoke(main, ["rollover", str(root), str(tmp_path / "next"),
                                       "--lang", "en"])
    if analysis.errors:
        assert result.exit_code == 1  # not a valid plan: said so
        return
    assert result.exit_code in (0, 1) and "internal" not in result.output, result.output
    if result.exit_code == 0:
        assert analyse_in(tmp_path / "next").errors == []
    else:
        assert "customers/acme.yaml:" in result.output and "is shared" in result.output
