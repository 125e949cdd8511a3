"""Two customers (or business lines) with one name: a review flag in check, and an error in the
business review for every billing row the shared name makes ambiguous."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_support import ACME, BANK

from planner.actuals import Options, read_actuals
from planner.cli import main
from planner.errors import errors_of

from conftest import MARKET, analyse_in, lines, write_plan_set

D = Decimal
# a second bank with the first one's name (written the way another manager typed it)
RCB = BANK.replace("id: bank", "id: rcb").replace("name: 江州银行", "name: 江州 银行")


@pytest.fixture
def twins(tmp_path) -> Path:
    return write_plan_set(tmp_path / "plan", customers={"acme": ACME, "bank": BANK, "rcb": RCB},
                          industries={})


def test_customers_sharing_a_name_are_flagged_each_naming_the_other(twins):
    analysis = analyse_in(twins)
    shared = [i for i in analysis.warnings if i.code == "customer_name_shared"]
    assert lines(shared, "en") == [
        "customers/bank.yaml:2:7: name (Customer name): the customer name '江州银行' is also "
        "rcb's; billing matched by name cannot tell them apart — give each customer its own "
        "name (add the branch, say), or use customer ids in billing exports",
        "customers/rcb.yaml:2:7: name (Customer name): the customer name '江州 银行' is also "
        "bank's; billing matched by name cannot tell them apart — give each customer its own "
        "name (add the branch, say), or use customer ids in billing exports"]
    result = CliRunner().invoke(main, ["check", str(twins), "--strict"])
    assert result.exit_code == 1


def test_business_lines_sharing_a_name_are_flagged(tmp_path):
    market = MARKET.replace("{id: cloud, name: 云及IDC, kind: new}",
                            "{id: cloud, name: 数据, kind: new}")
    analysis = analyse_in(write_plan_set(tmp_path / "plan", market=market))
    shared = [(i.file, i.field, i.params["others"]) for i in analysis.warnings
              if i.code == "line_name_shared"]
    assert shared == [("market.yaml", "catalog.business_lines[1].name", "cloud"),
                      ("market.yaml", "catalog.business_lines[2].name", "data")]


def read(plan, path: Path):
    return read_actuals([path], [path.name], plan, Options(through=2))


def test_a_billing_row_naming_a_shared_name_is_an_error_at_that_row(twins, tmp_path):
    plan = analyse_in(twins).plan
    billing = tmp_path / "b.csv"
    billing.write_text("客户名称,业务名称,账期,金额\n测试客户,数据,2027-Q1,5\n江州银行,数据,2027-Q1,18\n",
                       encoding="utf-8")
    actuals, issues = read(plan, billing)
    assert actuals is None
    assert lines(errors_of(issues), "en") == [
        "b.csv:3:1: A3 (客户名称): customer '江州银行' is a name several share (bank, rcb); the row "
        "could be any of them — add an id column (客户编号 / 业务编号) to the export, or give "
        "them different names in the plan"]


def test_an_id_column_beside_the_shared_name_says_which(twins, tmp_path):
    plan = analyse_in(twins).plan
    billing = tmp_path / "b.csv"
    billing.write_text("客户编号,客户名称,业务名称,账期,金额\nrcb,江州银行,数据,2027-Q1,18\n"
                       "bank,江州银行,数据,2027-Q1,7\n", encoding="utf-8")
    actuals, issues = read(plan, billing)
    assert errors_of(issues) == []
    assert actuals.amounts[("rcb", "data")] == (D(18), D(0), D(0), D(0))
    assert actuals.amounts[("bank", "data")] == (D(7), D(0), D(0), D(0))


def test_a_shared_line_name_in_billing_is_an_error(tmp_path):
    market = MARKET.replace("{id: cloud, name: 云及IDC, kind: new}",
                            "{id: cloud, name: 数据, kind: new}")
    root = write_plan_set(tmp_path / "plan", market=market)
    plan = analyse_in(root).plan
    billing = tmp_path / "b.csv"
    billing.write_text("客户,业务,账期,金额\nacme,数据,2027-Q1,5\nacme,data,2027-Q1,1\n",
                       encoding="utf-8")
    actuals, issues = read(plan, billing)
    assert actuals is None and [(i.line, i.code) for i in errors_of(issues)] == [
        (2, "billing_name_shared")]


def test_the_review_command_exits_1_naming_the_row(twins, tmp_path):
    billing = tmp_path / "b.csv"
    billing.write_text("客户名称,业务名称,账期,金额\n江州银行,数据,2027-Q1,18\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(twins), "--actuals", str(billing),
                                       "--through", "Q1", "--json"])
    assert result.exit_code == 1 and "b.csv:2:1" in result.output
    assert "Traceback" not in result.output
