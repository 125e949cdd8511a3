"""Every entry under customers/ and industries/ is read or reported: nothing is dropped silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.pipeline import analyse

from conftest import COMPLETE_CUSTOMER as CUSTOMER  # a full plan: only the flags in question
from conftest import lines, write_plan_set

BANK = CUSTOMER.replace("id: acme", "id: bank").replace("name: 测试客户", "name: 银行客户")


def check(root: Path, *args: str):
    return CliRunner().invoke(main, ["check", str(root), "--lang", "en", *args])


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    root = write_plan_set(tmp_path / "plan", customers={"acme": CUSTOMER})
    monkeypatch.chdir(root)
    return root


def customers_of(root: Path) -> list[str]:
    analysis = analyse(root)
    assert analysis.plan is not None, lines(analysis.errors)
    return sorted(analysis.plan.customers)


@pytest.mark.parametrize("place", ["customers/urban/bank.yaml", "customers/bank.YAML",
                                   "customers/bank.Yml", "customers/a/b/c/bank.yaml"])
def test_a_customer_file_in_a_subfolder_or_with_an_upper_case_extension_is_read(root, place):
    (root / place).parent.mkdir(parents=True, exist_ok=True)
    (root / place).write_text(BANK, encoding="utf-8")
    assert customers_of(root) == ["acme", "bank"]
    result = check(root)
    assert result.exit_code == 0 and "2 customer" in result.output


def test_a_dangling_link_is_an_error_naming_it(root):
    (root / "customers" / "bank.yaml").symlink_to(root / "gone.yaml")
    result = check(root)
    assert result.exit_code == 1
    assert "customers/bank.yaml:1:1" in result.output and "revenue would be missing" in result.output


def test_a_link_to_a_file_outside_the_plan_set_and_the_cwd_is_read_and_named_as_the_link(
        tmp_path, monkeypatch):
    root = write_plan_set(tmp_path / "plan", customers={"acme": CUSTOMER})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "bank.yaml").write_text(BANK.replace("base: 100", "base: -5"), encoding="utf-8")
    (root / "customers" / "bank.yaml").symlink_to(elsewhere / "bank.yaml")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")  # neither it nor the plan set holds the link's target
    result = check(root)
    assert result.exit_code == 1, result.output  # its error, not an internal one
    assert "customers/bank.yaml:" in result.output and "internal" not in result.output


@pytest.mark.parametrize("name", ["notes.txt", "bank.yaml.bak", "bank.json", "~bank.yaml"])
def test_a_file_that_is_not_read_is_a_review_flag_naming_it(root, name):
    (root / "customers" / name).write_text(BANK, encoding="utf-8")
    result = check(root)
    assert result.exit_code == 0
    assert f"customers/{name}:1:1" in result.output and "it was not read" in result.output
    assert check(root, "--strict").exit_code == 1


def test_hidden_files_and_office_lock_files_are_skipped_silently(root):
    for name in (".DS_Store", ".bank.yaml.swp", "~$bank.yaml"):
        (root / "customers" / name).write_text("x", encoding="utf-8")
    analysis = analyse(root)
    assert analysis.issues == [] and sorted(analysis.plan.customers) == ["acme"]


def test_industries_folder_too(root):
    (root / "industries" / "finance.YAML").write_text("industry: finance\nmanager: 周\n",
                                                      encoding="utf-8")
    (root / "industries" / "readme.md").write_text("x", encoding="utf-8")
    analysis = analyse(root)
    assert sorted(analysis.plan.industries) == ["finance", "gov"]
    assert [i.file for i in analysis.warnings] == ["industries/readme.md"]


def test_an_empty_subfolder_a_link_loop_and_a_customers_file_are_reported(root, tmp_path):
    (root / "customers" / "empty").mkdir()
    (root / "customers" / "loop").symlink_to(root / "customers")
    found = {(i.file, i.code) for i in analyse(root).issues}
    assert found == {("customers/empty", "plan_entry_empty_folder"),
                     ("customers/loop", "plan_entry_loop")}
    other = write_plan_set(tmp_path / "other", customers={})
    os.rmdir(other / "customers")
    (other / "customers").write_text(BANK, encoding="utf-8")
    result = check(other)
    assert result.exit_code == 1 and "customers:1:1" in result.output


def test_rollover_keeps_subfolders_and_links_in_place(root, tmp_path):
    (root / "customers" / "urban").mkdir()
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(BANK, encoding="utf-8")
    (root / "customers" / "urban" / "bank.yaml").symlink_to(elsewhere)
    result = CliRunner().invoke(main, ["rollover", str(root), str(tmp_path / "next")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "next" / "customers" / "urban" / "bank.yaml").is_file()
    assert customers_of(tmp_path / "next") == ["acme", "bank"]


@pytest.mark.parametrize(("place", "code"), [
    ("acme2.yaml", "plan_top_file_not_read"), ("market.yml", "plan_top_file_not_read"),
    ("customer/bank.yaml", "plan_folder_not_read"), ("Customers/bank.yaml", "plan_folder_not_read"),
    ("industry/finance.yaml", "plan_folder_not_read"), ("客户/bank.yaml", "plan_folder_not_read")])
def test_plan_files_in_the_wrong_place_at_the_top_are_reported(root, place, code):
    (root / place).parent.mkdir(parents=True, exist_ok=True)
    (root / place).write_text(BANK, encoding="utf-8")
    found = [(i.file, i.code) for i in analyse(root).warnings]
    assert found == [(place.split("/")[0], code)]


def test_other_things_at_the_top_are_not_reported(root):
    for name in ("README.md", "out", "billing-2027.xlsx", ".git"):
        (root / name).mkdir() if "." not in name or name == ".git" else \
            (root / name).write_text("x", encoding="utf-8")
    assert analyse(root).issues == []
