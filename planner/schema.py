"""JSON Schema of the three plan file kinds, generated from the models (`planner schema`).

An editor with a YAML extension (yaml-language-server) reads it to complete field names, show each
field's Chinese label and description, and underline a mistake as it is typed. The schema accepts
exactly what the loader accepts, as an editor sees the file: YAML 1.2 makes `120` a number, `60%`
a string and `2027-03-01` a string, so an amount is a number or a number written as text, a rate a
number in 0..1 or a percentage, a quarter Q1..Q4, a date YYYY-MM-DD; and since the loader reads
every plain scalar as text, a text field takes a number (`name: 0571`) too. In a flow mapping
`{text: 阶梯折扣,守住存量。}` an editor sees a second key `守住存量。` with no value, where the
loader reads one sentence; so a key in Chinese with no value is allowed beside a model's fields.
Draft-07, the draft every editor supports.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from planner import model
from planner.messages import ui
from planner.model import Customer, Industry, Market
from planner.owned import SCHEMA_MARK, NotOwned, is_planner_schema, replaceable, write_whole

KINDS: dict[str, type[BaseModel]] = {"market": Market, "industry": Industry, "customer": Customer}
DRAFT = "http://json-schema.org/draft-07/schema#"

NUMBER_TEXT = r"^\s*\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"
FRACTION = r"0*\.\d+|0+\.?\d*|0*1\.?0*"
PERCENT = r"(0*\d{1,2}(\.\d*)?|0*100\.?0*|\.\d+)\s*[%％]"
MONEY = {"anyOf": [{"type": "number", "minimum": 0, "maximum": float(model.MAX_MONEY)},
                   {"type": "string", "pattern": NUMBER_TEXT}]}
RATE = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                  {"type": "string", "pattern": rf"^\s*\+?({FRACTION}|{PERCENT})\s*$"}]}
QUARTER = {"anyOf": [{"enum": list(model.QUARTERS)},
                     {"type": "string", "pattern": r"^\s*[QqＱｑ]?[1-4]\s*$"},
                     {"type": "integer", "minimum": 1, "maximum": 4}]}
SENTENCE_KEY = r"^[^\x00-\x7f]"  # the rest of a sentence after an ASCII comma (see above)
DATE = {"type": "string", "format": "date", "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*$"}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, taught what the loader and the BeforeValidators accept."""

    def function_before_schema(self, schema: Any) -> dict[str, Any]:
        fn = schema["function"].get("function")
        if fn is model._money:
            return copy.deepcopy(MONEY)
        if fn is model._rate:
            return copy.deepcopy(RATE)
        if fn is model._quarter:
            return copy.deepcopy(QUARTER)
        inner = self.generate_inner(schema["schema"])
        if fn is model._text_list:  # one sentence where a list is expected is a list of one
            return {"anyOf": [copy.deepcopy(inner["items"]), inner]}
        return inner

    def str_schema(self, schema: Any) -> dict[str, Any]:
        out = super().str_schema(schema)
        # `id: 2027` and `name: 0571` are text to the loader, numbers to an editor
        out["type"] = ["string", "integer"] if "pattern" in out else ["string", "number",
                                                                       "boolean"]
        if "pattern" in out:
            out["minimum"] = 0
        return out

    def int_schema(self, schema: Any) -> dict[str, Any]:
        return {"anyOf": [super().int_schema(schema),
                          {"type": "string", "pattern": r"^\s*[+-]?\d+\s*$"}]}

    def date_schema(self, schema: Any) -> dict[str, Any]:
        return dict(DATE)

    def encode_default(self, dft: Any) -> Any:
        if isinstance(dft, Decimal):
            return int(dft) if dft == dft.to_integral_value() else float(dft)
        return super().encode_default(dft)


def schema(kind: str, lang: str = "zh") -> dict[str, Any]:
    """The JSON Schema of one file kind: "market", "industry" or "customer"."""
    raw = KINDS[kind].model_json_schema(by_alias=True, schema_generator=_Generator)
    out = {"$schema": DRAFT, "$comment": SCHEMA_MARK, **raw}
    out["title"], out["description"] = _kind_title(kind, lang)
    return _finish(out, lang)


def combined_schema(lang: str = "zh") -> dict[str, Any]:
    """One schema for every plan file: the file's keys tell which kind it is."""
    refs, defs = models_json_schema([(m, "validation") for m in KINDS.values()], by_alias=True,
                                    schema_generator=_Generator)
    ref = {kind: refs[(m, "validation")]["$ref"] for kind, m in KINDS.items()}
    for kind in KINDS:
        d = defs["$defs"][ref[kind].rsplit("/", 1)[1]]
        d["title"], d["description"] = _kind_title(kind, lang)
    title, description = ui("schema_title_all", lang), ui("schema_description_all", lang)
    out = {"$schema": DRAFT, "$comment": SCHEMA_MARK, "title": title, "description": description, **defs,
           # market.yaml has plan/catalog; a customer file has id/name/region; else an industry
           "if": {"anyOf": [{"required": [k]} for k in ("plan", "catalog")]},
           "then": {"$ref": ref["market"]},
           "else": {"if": {"anyOf": [{"required": [k]} for k in ("id", "name", "region")]},
                    "then": {"$ref": ref["customer"]}, "else": {"$ref": ref["industry"]}}}
    return _finish(out, lang)


def _kind_title(kind: str, lang: str) -> tuple[str, str]:
    return ui(f"schema_title_{kind}", lang), ui(f"schema_description_{kind}", lang)


def _finish(schema: dict[str, Any], lang: str) -> dict[str, Any]:
    """Chinese titles and descriptions on every definition; `$ref`s made draft-07 safe."""
    if lang == "en":
        _english_titles(schema)
    used: dict[str, list[tuple[str, str]]] = {}
    _collect_refs(schema, used)
    for d in [schema, *schema.get("$defs", {}).values()]:
        if d.get("additionalProperties") is False and all(k.isascii() for k in d["properties"]):
            d["patternProperties"] = {SENTENCE_KEY: {"type": "null"}}
    for name, d in schema.get("$defs", {}).items():
        if name in used:  # a definition is named after the fields that use it
            d["title"] = " / ".join(dict.fromkeys(t for t, _ in used[name] if t))
            d["description"] = " / ".join(dict.fromkeys(s for _, s in used[name] if s))
    return _wrap_refs(schema)


def _english_titles(node: Any) -> None:
    """--lang en: each field's title is its English label (descriptions stay Chinese)."""
    if isinstance(node, dict):
        if "label_en" in node and "title" in node:
            node["title"] = node["label_en"]
        for value in node.values():
            _english_titles(value)
    elif isinstance(node, list):
        for value in node:
            _english_titles(value)


def _collect_refs(node: Any, used: dict[str, list[tuple[str, str]]]) -> None:
    """For every definition, the (title, description) of each field that refers to it."""
    if isinstance(node, dict):
        for prop in (node.get("properties") or {}).values():
            for name in _refs_in(prop):
                used.setdefault(name, []).append((prop.get("title", ""),
                                                  prop.get("description", "")))
        for value in node.values():
            _collect_refs(value, used)
    elif isinstance(node, list):
        for value in node:
            _collect_refs(value, used)


def _refs_in(prop: dict[str, Any]) -> list[str]:
    """Definitions a field's schema refers to directly (itself, its items, its union members)."""
    found = []
    for part in [prop, prop.get("items"), prop.get("additionalProperties"),
                 *prop.get("anyOf", []), *prop.get("allOf", [])]:
        if isinstance(part, dict) and "$ref" in part:
            found.append(part["$ref"].rsplit("/", 1)[1])
        elif isinstance(part, dict) and part is not prop and "items" in part:
            found += _refs_in(part)
    return found


def _wrap_refs(node: Any) -> Any:
    """`{"$ref": X, "title": ...}` -> `{"allOf": [{"$ref": X}], "title": ...}`: draft-07 ignores
    every keyword beside a $ref, and the title and description are what an editor shows."""
    if isinstance(node, list):
        return [_wrap_refs(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _wrap_refs(v) for k, v in node.items()}
    if "$ref" in out and len(out) > 1:
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    return out


def schema_text(kind: str | None, lang: str = "zh") -> str:
    """One schema as JSON text: of `kind`, or the combined one for every plan file."""
    data = schema(kind, lang) if kind else combined_schema(lang)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_schema_files(out: Path, kind: str | None, lang: str = "zh",
                       keep_foreign: bool = False) -> list[Path]:
    """`-o FILE.json`: one schema (of `kind`, or the combined one); `-o DIR`: DIR/<kind>.json for
    `kind` or for each of the three kinds. A file there that planner did not write is never
    replaced: NotOwned before anything is written, or (`keep_foreign`) it is kept and skipped."""
    if out.suffix.lower() == ".json" and not out.is_dir():
        targets = {out: kind}
    else:
        targets = {out / f"{k}.json": k for k in ([kind] if kind else list(KINDS))}
    foreign = [p for p in targets if not replaceable(p, is_planner_schema)]
    if foreign and not keep_foreign:
        raise NotOwned(ui("owned_file_refused", lang, path=foreign[0],
                          kind=ui("owned_kind_schema", lang)))
    written = []
    for path, k in targets.items():
        if path not in foreign:
            write_whole(path, schema_text(k, lang).encode("utf-8"))
            written.append(path)
    return written
