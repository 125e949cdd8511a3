"""planner.messages: every message code the package uses has its four texts; parameters fill in."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import planner
from planner import validate
from planner.messages import L, M, message, ui

PACKAGE = Path(planner.__file__).parent
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# Calls that take a message code, and the position of the code among their arguments
CODE_ARG = {"Issue": 4, "fail": 0, "_fail": 2, "_issue": 3, "flag": 1, "message": 0, "_Slip": 2,
            "CellIssue": 2}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
        return node.value
    return None


def codes_used() -> dict[str, str]:
    """Every message code written in the package's source, with where it was found."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in CODE_ARG:
                pos = CODE_ARG[_name(node.func)]
                args = [*node.args[pos:pos + 1],
                        *(k.value for k in node.keywords if k.arg == "code")]
                for arg in args:
                    if (code := _str(arg)) is not None:
                        found.setdefault(code, f"{where}:{node.lineno}")
            # code = "x"  /  code, params = "x", {}  /  code = codes.get(kind, "x")
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                    for t, v in zip(names, values):
                        if isinstance(t, ast.Name) and t.id == "code":
                            for c in filter(None, map(_str, ast.walk(v))):
                                found.setdefault(c, f"{where}:{node.lineno}")
    # codes validate.py passes through from the model's errors, or maps Pydantic's onto
    for code in (*validate._OWN_CODES, *validate._PYDANTIC_CODES.values(),
                 *validate._SLIP_CODES.values()):
        found.setdefault(code, "planner/validate.py")
    return found


def test_the_scan_finds_codes_of_every_stage():
    used = codes_used()
    assert {"encoding_gbk", "duplicate_key", "rate_range", "extra_forbidden", "unknown_ref",
            "winback_over_revenue", "growth_high", "market_below_guidance",
            "internal_error", "invalid_value"} <= set(used)


@pytest.mark.parametrize("code", sorted(codes_used()))
def test_every_code_used_has_four_texts(code):
    assert code in M, f"{code} (used at {codes_used()[code]}) is not in planner.messages.M"
    texts = M[code]
    assert len(texts) == 4 and all(t.strip() for t in texts)


@pytest.mark.parametrize("code", sorted(M))
def test_both_languages_take_the_same_parameters(code):
    fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in M[code]]
    assert fields[0] == fields[1], "message zh/en"
    assert fields[2] == fields[3], "fix zh/en"


def test_english_texts_are_english():
    for code, (_, en_msg, _, en_fix) in M.items():
        for text in (en_msg, en_fix):
            # Chinese is allowed only inside quotes or parentheses (a label, an example)
            bare = re.sub(r"'[^']*'|\([^)]*\)", "", text)
            assert not re.search(r"[\u4e00-\u9fff]", bare), f"{code}: {text}"


def test_message_fills_parameters_and_picks_the_language_of_pairs():
    params = {"got": "urbn", "kind": ("区域", "region"),
              "hint": ("可选区域: urban", "allowed: urban")}
    assert message("unknown_ref", "message", "zh", params) == "'urbn' 不是目录中的区域"
    assert message("unknown_ref", "message", "en", params) == "'urbn' is not a catalog region"
    assert message("unknown_ref", "fix", "en", params) == "allowed: urban"
    assert message("unknown_ref", "fix", "fr", params) == "可选区域: urban"  # unknown: Chinese


def test_a_missing_parameter_shows_its_name_instead_of_failing():
    assert message("rate_range", "message", "zh", {}) == "比率必须在 0 到 1 之间 (写的是 {got})"


def test_ui_labels_have_both_languages():
    assert all(zh.strip() and en.strip() for zh, en in L.values())
    assert ui("n_errors", "en", n=2) == "2 error(s)"
    assert ui("n_errors", "zh", n=2) == "2 个错误"


# ---------------------------------------------------------------- UI labels (L) and document labels

def labels_used() -> dict[str, str]:
    """Every key passed as a constant to `ui(...)` in the package, with where it was found."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "ui" and node.args:
                if (key := _str(node.args[0])) is not None:
                    found.setdefault(key, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_the_label_scan_finds_labels_of_every_command():
    assert {"check_ok", "init_done", "new_done", "schema_written", "diff_same", "diff_title",
            "rollover_done", "history_opportunity"} <= set(labels_used())


@pytest.mark.parametrize("key", sorted(labels_used()))
def test_every_label_used_has_both_languages(key):
    assert key in L, f"{key} (used at {labels_used()[key]}) is not in planner.messages.L"
    zh, en = L[key]
    assert zh.strip() and en.strip()


def test_labels_built_from_parts_exist():
    """Keys composed at run time (`ui(f"status_{status}")`, a figure's name) are in L too."""
    from planner.diff import FIELDS, LEVELS
    from planner.schema import KINDS

    keys = [f"status_{s}" for s in ("added", "removed", "changed", "same")]
    keys += [f"schema_{part}_{kind}" for part in ("title", "description") for kind in KINDS]
    keys += [*FIELDS, *LEVELS, "market", "gap", "guidance", "old", "new", "delta", "weighted"]
    assert [k for k in keys if k not in L] == []


@pytest.mark.parametrize("key", sorted(L))
def test_both_languages_of_a_label_take_the_same_parameters(key):
    fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in L[key]]
    assert fields[0] == fields[1]


def test_document_labels_have_both_languages():
    """planner/templates/labels.yaml: every document label in Chinese has an English one, and back."""
    import yaml

    labels = yaml.safe_load((PACKAGE / "templates" / "labels.yaml").read_text("utf-8"))
    zh, en = labels["zh"], labels["en"]
    assert sorted(set(zh) ^ set(en)) == []
    # a label may be empty on purpose ("第 1 页 共 3 页" / "Page 1 of 3": page_end is ""), not null
    assert [k for k in zh if zh[k] is None or en[k] is None] == []
