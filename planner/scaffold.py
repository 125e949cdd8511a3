"""`planner init` and `planner new customer`: new plan files with every field commented.

Each file starts with the `yaml-language-server` line naming its JSON Schema (written beside the
plan set in `.schema/`), so an editor with a YAML extension completes and checks it as it is typed.
The comments are the models' labels and descriptions; the values are examples (`examples.py`).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from planner.errors import Issue
from planner.examples import example_customer, example_industry, example_market
from planner.load import RawPlanSet, display_name, plan_files, read_source
from planner.messages import message, ui
from planner.model import ID_PATTERN, WINDOWS_RESERVED, Customer, Industry, Market, label
from planner.schema import write_schema_files
from planner.validate import _choice_hint, validate_plan_set
from planner.yamltext import commented

SCHEMA_DIR = ".schema"


class ScaffoldError(Exception):
    """A file cannot be written; the message says why and what to do (exit 1)."""


def schema_line(kind: str, depth: int) -> str:
    """`# yaml-language-server: $schema=../.schema/customer.json`, `depth` folders down."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.json"


def write_schemas(root: Path, lang: str = "zh") -> list[Path]:
    """Write ROOT/.schema/<kind>.json for the three file kinds (replacing older ones planner
    wrote; a schema of the user's own is kept)."""
    return write_schema_files(root / SCHEMA_DIR, None, lang, keep_foreign=True)


def file_text(kind: str, model: type[BaseModel], data: dict, header: str, lang: str) -> str:
    """A plan file: schema line, a header, then every field with its comment."""
    depth = 0 if kind == "market" else 1
    lines = [schema_line(kind, depth), f"# {header}", f"# {ui('scaffold_note', lang)}"]
    return "\n".join(lines + commented(model, data, lang)) + "\n"


def init_plan_set(root: Path, year: int, lang: str = "zh") -> list[Path]:
    """A new plan set in `root` (new or empty): market.yaml, one industry, one customer."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(ui("init_not_empty", lang, path=root))
    market_data = example_market(year)
    market = Market.model_validate(market_data)
    industry = market.catalog.industries[0]
    region = market.catalog.regions[0].id
    files = {
        root / "market.yaml": file_text("market", Market, market_data,
                                        ui("scaffold_header_market", lang), lang),
        root / "industries" / f"{industry.id}.yaml": file_text(
            "industry", Industry, example_industry(industry.id, year),
            ui("scaffold_header_industry", lang, name=industry.name, id=industry.id), lang),
    }
    cid = f"{industry.id}-customer"
    files[root / "customers" / f"{cid}.yaml"] = file_text(
        "customer", Customer, example_customer(market, cid, industry.id, region),
        ui("scaffold_header_customer", lang, id=cid), lang)
    written = write_schemas(root, lang)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [*files, *written]


def read_market(root: Path) -> tuple[Market | None, list[Issue]]:
    """The plan set's market.yaml, validated on its own (the catalog a new file must use)."""
    path = next((p for p in (root / "market.yaml", root / "market.yml") if p.is_file()),
                root / "market.yaml")
    name = display_name(path, root)
    if not path.is_file():
        return None, [Issue(name, 1, 1, "", "market_missing")]
    source, issues = read_source(path, name)
    if source is None:
        return None, issues
    plan, found = validate_plan_set(RawPlanSet(root, source, [], []))
    return (plan.market if plan else None), issues + found


def new_customer(root: Path, cid: str, industry: str, region: str, market: Market,
                 lang: str = "zh") -> Path:
    """Write customers/<cid>.yaml, after checking the id and the catalog references."""
    problems = []
    if cid.lower() in WINDOWS_RESERVED:
        problems.append(_problem(("id",), "id_reserved", lang, got=cid))
    elif not re.fullmatch(ID_PATTERN, cid):
        problems.append(_problem(("id",), "id_pattern", lang, got=cid))
    cat = market.catalog
    for key, value, ids, names in (
            ("industry", industry, [i.id for i in cat.industries], ("行业", "industry")),
            ("region", region, [r.id for r in cat.regions], ("区域", "region"))):
        if value not in ids:
            problems.append(_problem((key,), "unknown_ref", lang, got=value, kind=names,
                                     hint=_choice_hint(value, ids, names)))
    path = root / "customers" / f"{cid}.yaml"
    if not problems and path.exists():
        raise ScaffoldError(ui("new_exists", lang, path=path))
    if not problems:
        for other in plan_files(root / "customers"):
            source, _ = read_source(other, display_name(other, root))
            if source and isinstance(source.data, dict) and source.data.get("id") == cid:
                problems.append(_problem(("id",), "duplicate_customer", lang, got=cid,
                                         other=source.name))
    if problems:
        raise ScaffoldError("\n".join(problems))
    write_schemas(root, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = file_text("customer", Customer, example_customer(market, cid, industry, region),
                     ui("scaffold_header_customer", lang, id=cid), lang)
    with open(path, "x", encoding="utf-8") as f:  # "x": never replace a file written meanwhile
        f.write(text)
    return path


def _problem(loc: tuple[str], code: str, lang: str, **params: object) -> str:
    zh, en = label(Customer, loc[0])
    params = dict(params)
    return f"{loc[0]} ({en if lang == 'en' else zh}): {message(code, 'message', lang, params)}" \
           f" — {message(code, 'fix', lang, params)}"
