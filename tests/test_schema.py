"""planner schema: the JSON Schema accepts every shipped plan file and rejects what the loader does.

The files are read the way an editor's YAML extension reads them (YAML 1.2 core schema: `120` is a
number, `60%` and `2027-03-01` are strings), since that is what the schema is checked against as
the user types. Each bad input is rejected by the schema *and* by `planner check`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from planner.cli import main
from planner.pipeline import analyse
from planner.schema import KINDS, combined_schema, schema

from conftest import CUSTOMER, EXAMPLE, INDUSTRY, MARKET, REFERENCE, write_plan_set

_INT = re.compile(r"[-+]?[0-9]+$|0o[0-7]+$|0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _scalar(node: yaml.ScalarNode):
    """A scalar as the YAML 1.2 core schema resolves it (yaml-language-server's view)."""
    v = node.value
    if node.style:
        return v
    if v in ("", "~", "null", "Null", "NULL"):
        return None
    if v in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return v.lower() == "true"
    if _INT.match(v):
        return int(v, 0) if v.startswith(("0o", "0x")) else int(v)
    if _FLOAT.match(v):
        return float(v)
    return v


def editor_view(text: str):
    """The file's data as an editor's YAML extension sees it."""

    def convert(node):
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [convert(n) for n in node.value]
        return {str(convert(k)): convert(v) for k, v in node.value}  # JSON keys are text

    return convert(yaml.compose(text, Loader=yaml.SafeLoader))


def kind_of(path: Path) -> str:
    return {"customers": "customer", "industries": "industry"}.get(path.parent.name, "market")


VALIDATORS = {kind: jsonschema.Draft7Validator(schema(kind)) for kind in KINDS}
COMBINED = jsonschema.Draft7Validator(combined_schema())


def schema_errors(path_or_text: Path | str, kind: str | None = None) -> list[str]:
    """Messages of both the file kind's schema and the combined one."""
    text = path_or_text.read_text(encoding="utf-8-sig") if isinstance(path_or_text, Path) \
        else path_or_text
    kind = kind or kind_of(path_or_text)  # type: ignore[arg-type]
    data = editor_view(text)
    return [f"{list(e.path)}: {e.message}" for v in (VALIDATORS[kind], COMBINED)
            for e in v.iter_errors(data)]


def plan_files(root: Path) -> list[Path]:
    return [root / "market.yaml", *sorted(root.glob("industries/*.yaml")),
            *sorted(root.glob("customers/*.yaml"))]


def shipped() -> list[Path]:
    roots = [EXAMPLE] + ([REFERENCE] if REFERENCE.is_dir() else [])
    return [p for root in roots for p in plan_files(root)]


# ---------------------------------------------------------------- the schema itself

@pytest.mark.parametrize("kind", [*KINDS, None])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_schemas_are_valid_draft_07(kind, lang):
    s = schema(kind, lang) if kind else combined_schema(lang)
    jsonschema.Draft7Validator.check_schema(s)
    assert s["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_titles_and_descriptions_are_the_models_chinese_labels():
    s = schema("customer")
    assert s["title"] == "重点客户输入 (customers/<客户编号>.yaml)"
    stock = s["properties"]["stock"]
    assert (stock["title"], stock["description"]) == ("存量保有", "各业务基准年收入与保有率")
    # a definition is named after the field that uses it, in Chinese
    line = s["$defs"]["StockLine"]
    assert (line["title"], line["description"]) == ("存量保有", "各业务基准年收入与保有率")
    assert line["properties"]["retention"]["title"] == "保有率"
    # draft-07 ignores keywords beside a $ref: the label sits beside an allOf instead
    assert s["properties"]["network"]["allOf"] == [{"$ref": "#/$defs/Network"}]
    assert s["properties"]["network"]["title"] == "客户组网现状"
    en = schema("customer", "en")
    assert en["properties"]["stock"]["title"] == "Stock"
    assert en["properties"]["stock"]["description"] == "各业务基准年收入与保有率"


def test_every_field_of_every_model_has_a_chinese_title_in_the_schema():
    def walk(node):
        if isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                assert re.search(r"[\u4e00-\u9fff]", prop.get("title", "")), key
                assert prop.get("description"), key
            for value in node.values():
                walk(value)

    for kind in KINDS:
        walk(schema(kind))


# ---------------------------------------------------------------- shipped files validate

@pytest.mark.parametrize("path", shipped(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_plan_file_validates(path):
    assert schema_errors(path) == []


def test_an_init_plan_set_validates(tmp_path):
    r = CliRunner().invoke(main, ["init", str(tmp_path / "new"), "--year", "2027"])
    assert r.exit_code == 0, r.output
    files = plan_files(tmp_path / "new")
    assert len(files) == 3
    for path in files:
        assert schema_errors(path) == [], path


def test_a_rolled_over_plan_set_validates(tmp_path):
    r = CliRunner().invoke(main, ["rollover", str(EXAMPLE), str(tmp_path / "next")])
    assert r.exit_code == 0, r.output
    for path in plan_files(tmp_path / "next"):
        assert schema_errors(path) == [], path


# ---------------------------------------------------------------- what the loader accepts

ACCEPTED = [
    ("customer", "retention: 0.9", "retention: 90%"),
    ("customer", "retention: 0.9", 'retention: "0.9"'),
    ("customer", "retention: 0.9", "retention: 1"),
    ("customer", "quarter: Q2", "quarter: q2"),
    ("customer", "quarter: Q2", "quarter: 2"),
    ("customer", "amount: 40", 'amount: "40.5"'),
    ("customer", "name: 测试客户", "name: 0571"),
    ("customer", "name: 测试客户", "name: true"),
    ("customer", "id: acme", "id: '2027'"),
    ("customer", "manager: 王芳", "manager:"),
    ("market", "  year: 2027", '  year: "2027"'),
    ("market", "    - {id: voice, name: 话音}", "    - {id: voice, name: 话音, kind: new}"),
    # one sentence with an ASCII comma inside a flow mapping (the loader rejoins it)
    ("industry", "manager: 林晓",
     "manager: 林晓\nmeasures:\n  - {dimension: 价格, text: 阶梯折扣,守住存量。}"),
    # a single sentence where a list is expected
    ("market", "  money_unit: 万元",
     "  money_unit: 万元\n  schedule: []\nenvironment:\n  policy: 一句话"),
]


def _texts(kind: str, old: str, new: str) -> dict[str, str]:
    texts = {"market": MARKET, "customer": CUSTOMER, "industry": INDUSTRY}
    assert old in texts[kind], old
    texts[kind] = texts[kind].replace(old, new, 1)
    return texts


def _loader_errors(tmp_path: Path, texts: dict[str, str]) -> list[str]:
    root = write_plan_set(tmp_path / "plan", market=texts["market"],
                          customers={"acme": texts["customer"]},
                          industries={"gov": texts["industry"]})
    return [i.format() for i in analyse(root).errors]


@pytest.mark.parametrize("kind,old,new", ACCEPTED)
def test_what_the_loader_accepts_the_schema_accepts(tmp_path, kind, old, new):
    texts = _texts(kind, old, new)
    assert _loader_errors(tmp_path, texts) == []
    assert schema_errors(texts[kind], kind) == []


# ---------------------------------------------------------------- bad input is rejected

REJECTED = [
    ("customer", "retention: 0.9", "retention: 1.5"),
    ("customer", "retention: 0.9", "retention: 150%"),
    ("customer", "retention: 0.9", "retention: 高"),
    ("customer", "probability: 0.5", "probability: -0.5"),
    ("customer", "base: 100", "base: -100"),
    ("customer", "base: 100", "base: 1,200"),
    ("customer", "base: 100", "base: 100万"),
    ("customer", "base: 100", "base: 2e13"),
    ("customer", "quarter: Q2", "quarter: Q5"),
    ("customer", "quarter: Q2", "quarter: 第二季度"),
    ("customer", "region: urban", "regin: urban"),  # a typo: unknown key (and region missing)
    ("customer", "name: 测试客户\n", ""),  # a required field missing
    ("customer", "role: 决策者", "role: 老板"),
    ("customer", "id: acme", "id: City Bank"),
    ("customer", "stock:\n", "stock: 一条\nx:\n"),
    ("customer", "  - {business_line: data", "  - {business_line: [data]"),
    ("customer", "manager: 王芳", "manager: {name: 王芳}"),
    ("market", "  year: 2027", "  year: 二〇二七"),
    ("market", "  year: 2027", "  year: 1999"),
    ("market", "  money_unit: 万元", "  money_unit: 美元"),
    ("market", "  money_unit: 万元", "  money_unit: 万元\n  date: 2027/03/01"),
    ("market", "    - {id: cloud, name: 云及IDC, kind: new}",
     "    - {id: cloud, name: 云及IDC, kind: 新兴}"),
    ("industry", "manager: 林晓", "manager: 林晓\nmeasures:\n  - {dimension: 营销, text: x}"),
    ("industry", "manager: 林晓", "manager: 林晓\npromotions:\n  - {start: 2027-03-01}"),
]


@pytest.mark.parametrize("kind,old,new", REJECTED)
def test_bad_input_is_rejected_by_the_schema_and_by_check(tmp_path, kind, old, new):
    texts = _texts(kind, old, new)
    assert _loader_errors(tmp_path, texts) != []
    assert schema_errors(texts[kind], kind) != []


# ---------------------------------------------------------------- the command

def test_schema_prints_the_combined_schema():
    r = CliRunner().invoke(main, ["schema"])
    assert r.exit_code == 0
    assert json.loads(r.stdout) == json.loads(json.dumps(combined_schema(), ensure_ascii=False))


def test_schema_kind_and_language():
    r = CliRunner().invoke(main, ["schema", "--kind", "industry", "--lang", "en"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["title"] == "Industry file (industries/<industry id>.yaml)"


def test_schema_into_a_folder_and_a_file(tmp_path):
    r = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "s")])
    assert r.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert written == ["customer.json", "industry.json", "market.json"]
    assert json.loads((tmp_path / "s" / "market.json").read_text()) == \
        json.loads(json.dumps(schema("market"), ensure_ascii=False))
    assert r.stderr.startswith("已写入 ")
    r = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "all.json"), "--lang", "en"])
    assert r.exit_code == 0 and r.stderr == f"wrote {tmp_path / 'all.json'}\n"
    assert json.loads((tmp_path / "all.json").read_text())["title"] == "planner plan set files"
