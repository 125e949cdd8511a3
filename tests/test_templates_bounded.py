"""A user's templates and labels: mistakes and runaway templates are template errors naming the
file (exit 1), never an internal error; the work one render may do is bounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.render import sandbox

from conftest import customer_template_with, write_plan_set


def build(tmp_path: Path, templates: Path):
    root = write_plan_set(tmp_path / "p")
    return CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "out"),
                                     "--templates", str(templates), "-j", "1", "--lang", "en"])


@pytest.mark.parametrize("label", ["'@Nope.field'", "'@'", "'@Customer.nope'",
                                   "'@Customer.stock.nope'", "'@Customer.id.x'",
                                   "'@Issue.file'"])
def test_a_label_naming_no_input_field_is_a_template_error(tmp_path, label):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "labels.yaml").write_text(f"en:\n  s1: {label}\n", encoding="utf-8")
    result = build(tmp_path, templates)
    assert result.exit_code == 1, result.output
    assert "labels.yaml: en.s1" in result.output and "no input field" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("text", "said"), [
    ("en:\n  s1: [a, b]\n", "en.s1 should be a text, not a list"),
    ("en:\n  s1: {a: b}\n", "en.s1 should be a text, not a mapping"),
    ("en: [a, b]\n", "'en' should hold 'key: text' lines"),
    ("- en\n- zh\n", "the top level of the file is not a mapping"),
    ("en:\n  mkt_title: '{nope} plan'\n", "en.mkt_title: {nope} is not one of"),
    ("en:\n  mkt_title: '{unit.__class__} plan'\n", "{unit.__class__} is not one of"),
    ("en:\n  mkt_title: '{year plan'\n", "write a brace as {{ or }}"),
])
def test_a_label_that_is_not_a_text_or_formats_unknown_names_is_a_template_error(
        tmp_path, text, said):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "labels.yaml").write_text(text, encoding="utf-8")
    result = build(tmp_path, templates)
    assert result.exit_code == 1, result.output
    assert said in result.output and "labels.yaml" in result.output
    assert "['a', 'b']" not in result.output and "internal" not in result.output


def test_a_label_with_the_shipped_placeholders_and_literal_braces_is_fine(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "labels.yaml").write_text("en:\n  mkt_title: '{{{year}}} {unit}'\n",
                                           encoding="utf-8")
    assert build(tmp_path, templates).exit_code == 0


@pytest.mark.parametrize("jinja", [
    b"{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    b"{% for i in range(100000000) %}x{% endfor %}",
    b"{{ 'x' * 10000000000 }}",
    b"{{ 2 ** 100000000 }}",
    b"{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    b"{{ 1 / 0 }}",
    b"{{ 'a' + 1 }}",
    b"{{ range(1, 2, 0) }}",
])
def test_a_runaway_or_broken_template_is_a_template_error_naming_the_file(tmp_path, jinja,
                                                                         monkeypatch):
    # a budget of 100,000 steps (the shipped template takes under 2,000 here) keeps the test
    # short; the real one, 2 M steps, is some ten seconds of rendering at most
    monkeypatch.setattr(sandbox, "MAX_STEPS", 100_000)
    templates = customer_template_with(tmp_path / "tpl", jinja)
    result = build(tmp_path, templates)
    assert result.exit_code == 1, result.output
    assert "customer.docx" in result.output and "internal" not in result.output
    assert not (tmp_path / "out").exists()


def test_the_budget_counts_loop_steps_and_stops_past_it(monkeypatch):
    env = sandbox.BoundedSandbox()
    monkeypatch.setattr(sandbox, "MAX_STEPS", 1000)
    template = env.from_string("{% for i in range(10) %}{% for j in range(10) %}{% endfor %}"
                               "{% endfor %}")
    assert env.render_bounded(template, {}) == "" and env.steps == 10 + 100
    template = env.from_string("{% for i in range(40) %}{% for j in range(40) %}{% endfor %}"
                               "{% endfor %}")
    with pytest.raises(sandbox.TemplateBudget, match="more than 1,000 steps"):
        env.render_bounded(template, {})
