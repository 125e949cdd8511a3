"""Shared fixtures and readers for the tests of `planner build` (test_build_customer, test_docx,
test_xlsx), loaded as a plugin (`pytest_plugins = ["docs_support"]`) so each session fixture runs
once however many modules use it.

Everything slow happens once per session: the reference plans and plans/example are built once,
one more plan set ("odd": plans/example's market with a customer full of hostile text and a
customer with nothing but its id, name, industry and region) is built once, every customer
workbook of those builds is recalculated by LibreOffice in ONE call, and the PDFs are rendered in
ONE call; every Word document of plans/example (plans and business review, in Chinese and
English) is printed in ONE more call (docs_example_printed).

Fixture names start with `docs_` so they never collide with tests/conftest.py.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from planner.build import build
from planner.cli import main
from planner.resources import field_title

import lo

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
REFERENCE = TESTS.parents[1] / "shared" / "reference-plans"
EXAMPLE = REPO / "plans" / "example"
LABELS_FILE = REPO / "planner" / "templates" / "labels.yaml"

# Hostile user text (the "odd" plan set puts it into customers/jz-data-bureau.yaml).
MARKUP = "<b>&\"quoted\"'</b>"
JINJA_OUT = "{{ 7*7 }}"
JINJA_TAG = "{% if %}"
ODD_NAME = f"{MARKUP} 数据局\n第二行"
ODD_TEXT = {  # where the text goes -> the text
    "name": ODD_NAME,
    "manager": JINJA_OUT,
    "stock[0].risk": "=1+1 " + JINJA_TAG,
    "stock[0].measure": "+86 热线",
    "opportunities[0].conditions": "-预算 " + JINJA_OUT,
    "winback[0].approach": "@SUM(A1)",
    "relationship.contacts[0].name": '=HYPERLINK("http://example.invalid")',
    "strategies.竞争": JINJA_OUT,
    "retention_plan.risks": [MARKUP, "第一行\n第二行", JINJA_TAG],
}
ODD_ID = "jz-data-bureau"
BARE_ID = "bare"
BARE_YAML = "id: bare\nname: 空白客户\nindustry: gov\nregion: central\n"

MONEY = re.compile(r"^[+-]?\d{1,3}(,\d{3})*\.\d{2}$")


# ---------------------------------------------------------------- plain helpers

def labels(lang: str = "zh") -> dict[str, str]:
    """The shipped labels, read from planner/templates/labels.yaml; '@Model.field' values are the
    label of that input field (planner.resources.field_title)."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    out = {}
    for key, value in data[lang].items():
        text = "" if value is None else str(value)
        if text.startswith("@"):
            zh, en = field_title(text[1:])
            text = en if lang == "en" else zh
        out[key] = text
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256)."""
    return {p.relative_to(folder).as_posix(): sha256(p)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Staging or swap folders a build left beside OUT."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}.build-")
                  or p.name.startswith(f".{out.name}.old-"))


def money(text: str) -> Decimal:
    """'1,234.56' -> Decimal('1234.56')."""
    assert MONEY.match(text), f"not a money figure: {text!r}"
    return Decimal(text.replace(",", ""))


def is_money(text: str) -> bool:
    return bool(MONEY.match(text))


def cents(x: float | int) -> str:
    """A JSON figure as the documents show it: 1091.5 -> '1,091.50' (half up)."""
    d = Decimal(str(x)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    return f"{d:,.2f}"


def run_cli(*args: str):
    """`planner ARGS` in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def targets_json(root: Path) -> dict[str, Any]:
    """`planner targets ROOT --json`, parsed."""
    result = run_cli("targets", str(root), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def set_path(data: dict, where: str, value: Any) -> None:
    """set_path(d, 'stock[0].risk', v): d['stock'][0]['risk'] = v."""
    keys: list[Any] = []
    for part in where.split("."):
        m = re.fullmatch(r"(.+)\[(\d+)\]", part)
        keys += [m.group(1), int(m.group(2))] if m else [part]
    target = data
    for k in keys[:-1]:
        target = target[k]
    target[keys[-1]] = value


def copy_plan_set(src: Path, dest: Path, customers: list[str] | None = None) -> Path:
    """A copy of a plan set: market.yaml, industries/, and all customers or the ones named.
    With `customers`, market.yaml loses its bulk rows (other_customers) too, so only the
    industries of those customers get a plan and a build takes about a second."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".*"))
    if customers is not None:
        for p in (dest / "customers").glob("*.yaml"):
            if p.stem not in customers:
                p.unlink()
        market = dest / "market.yaml"
        data = yaml.safe_load(market.read_text(encoding="utf-8"))
        if data.pop("other_customers", None) is not None:
            market.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                              encoding="utf-8")
    return dest


def write_odd_customer(root: Path) -> None:
    """Put ODD_TEXT into customers/jz-data-bureau.yaml (PyYAML round trip: still valid YAML)."""
    path = root / "customers" / f"{ODD_ID}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for where, value in ODD_TEXT.items():
        set_path(data, where, value)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@functools.cache
def document(out: Path, level: str, id: str | None, fmt: str = "docx") -> Path:
    """A document of the build in OUT, found through its manifest (documents are named for
    people; programs find them by level and id)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [path] = [o["path"] for o in manifest["outputs"]
              if (o["level"], o["id"], o["format"]) == (level, id, fmt)]
    return out / path


def read_docx(path: Path):
    """A .docx opened with python-docx, once per session (tests only read it)."""
    import docx

    return docx.Document(str(path))


@functools.cache
def read_xlsx(path: Path, data_only: bool = False):
    """A workbook opened with openpyxl, once per session (tests only read it)."""
    import openpyxl

    return openpyxl.load_workbook(path, data_only=data_only)


def docx_texts(path: Path) -> list[str]:
    """Every paragraph of a .docx (body, table cells, headers, footers), as python-docx reads it."""
    d = read_docx(path)
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            out += [c.text for c in row.cells]
    for s in d.sections:
        out += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return out


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@dataclass
class Built:
    """One build of a plan set: where it came from, where it went, what the manifest says."""

    name: str
    root: Path
    out: Path
    manifest: dict[str, Any]
    targets: dict[str, Any]
    pdfs: dict[str, Path] = field(default_factory=dict)  # manifest path -> PDF, when printed

    def outputs(self, level: str = "customer", fmt: str | None = None) -> list[dict[str, Any]]:
        return [o for o in self.manifest["outputs"]
                if o["level"] == level and (fmt is None or o["format"] == fmt)]

    def file(self, cid: str, fmt: str) -> Path:
        """The customer's document, found through the manifest."""
        found = [o for o in self.outputs("customer", fmt) if o["id"] == cid]
        assert len(found) == 1, f"manifest lists {len(found)} {fmt} files for {cid}"
        return self.out / found[0]["path"]


def _build(name: str, root: Path, out: Path) -> Built:
    build(root, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Built(name, root, out, manifest, targets_json(root))


def customer_ids(root: Path) -> list[str]:
    """Customer ids of a plan set, read from its YAML at collection time (for parametrize)."""
    if not root.is_dir():
        return []
    ids = []
    for p in sorted((root / "customers").glob("*.yaml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        ids.append(data["id"])
    return ids


def customer_params() -> list[Any]:
    """(plan set, customer id) for every customer of the reference plans and plans/example."""
    params = [pytest.param("reference", cid, id=f"reference-{cid}")
              for cid in customer_ids(REFERENCE)]
    if not params:
        params = [pytest.param("reference", None, id="reference",
                               marks=pytest.mark.skip(reason=f"{REFERENCE} is absent"))]
    return params + [pytest.param("example", cid, id=f"example-{cid}")
                     for cid in customer_ids(EXAMPLE)]


# ---------------------------------------------------------------- session fixtures

@pytest.fixture(scope="session")
def docs_labels() -> dict[str, str]:
    return labels("zh")


@pytest.fixture(scope="session")
def docs_builds(tmp_path_factory) -> dict[str, Built]:
    """The reference plans (when ../shared has them) and plans/example, each built once."""
    base = tmp_path_factory.mktemp("builds")
    out = {"example": _build("example", EXAMPLE, base / "example-out")}
    if REFERENCE.is_dir():
        out["reference"] = _build("reference", REFERENCE, base / "reference-out")
    return out


@pytest.fixture
def docs_built(docs_builds, request):
    """docs_built('reference') -> that build ('odd': the docs_odd build), or skip when the
    reference plans are absent."""

    def get(name: str) -> Built:
        if name == "odd":
            return request.getfixturevalue("docs_odd")
        if name not in docs_builds:
            pytest.skip(f"{REFERENCE} is absent")
        return docs_builds[name]

    return get


@pytest.fixture(scope="session")
def docs_odd(tmp_path_factory) -> Built:
    """plans/example's market (without bulk rows) and industries with two customers:
    jz-data-bureau full of hostile text, and one with only the 4 required fields; built once."""
    base = tmp_path_factory.mktemp("odd")
    root = copy_plan_set(EXAMPLE, base / "plan", customers=[ODD_ID])
    write_odd_customer(root)
    (root / "customers" / f"{BARE_ID}.yaml").write_text(BARE_YAML, encoding="utf-8")
    return _build("odd", root, base / "out")


@pytest.fixture(scope="session")
def docs_recalculated(docs_builds, docs_odd, tmp_path_factory) -> dict[tuple[str, str], Any]:
    """(plan set, customer id) -> (original xlsx, LibreOffice-recalculated xlsx), every
    customer workbook of every session build recalculated in one LibreOffice call."""
    if not lo.SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("recalc")
    staged: dict[tuple[str, str], Path] = {}
    for built in [*docs_builds.values(), docs_odd]:
        for o in built.outputs("customer", "xlsx"):
            dest = work / "in" / f"{built.name}__{o['id']}.xlsx"  # unique stems for one outdir
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(built.out / o["path"], dest)
            staged[(built.name, o["id"])] = dest
    files = list(staged.values())
    recalculated = lo.recalculate(files, work)
    return {key: (src, out) for (key, src), out in zip(staged.items(), recalculated)}


@pytest.fixture(scope="session")
def docs_pdfs(docs_builds, docs_odd, tmp_path_factory) -> dict[str, Path]:
    """PDFs rendered by LibreOffice in one call: the reference data-bureau plan (or plans/example's
    jz-data-bureau when the reference plans are absent), the hostile-text and the bare plan."""
    if not lo.SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    missing = [t for t in ("pdffonts", "pdftotext") if not shutil.which(t)]
    if missing:
        pytest.skip(f"poppler-utils ({', '.join(missing)}) is not installed")
    work = tmp_path_factory.mktemp("pdf")
    primary = (docs_builds["reference"].file("data-bureau", "docx") if "reference" in docs_builds
               else docs_builds["example"].file("jz-data-bureau", "docx"))
    sources = {"main": primary, "odd": docs_odd.file(ODD_ID, "docx"),
               "bare": docs_odd.file(BARE_ID, "docx")}
    staged = []
    for key, src in sources.items():
        dest = work / "in" / f"{key}.docx"
        dest.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, dest)
        staged.append(dest)
    pdfs = lo.convert(staged, work / "pdf", "pdf", work)
    return dict(zip(sources, pdfs)) | {"main_docx": primary}


BILLING = REPO / "plans" / "example-actuals" / "billing-2027H1.csv"


@pytest.fixture(scope="session")
def docs_example_printed(docs_builds, tmp_path_factory) -> dict[tuple[str, str], Built]:
    """Every Word document of plans/example as LibreOffice prints it, in Chinese and English:
    its plans (`planner build`) and its business review through Q2 (`planner review`, against
    plans/example-actuals), all rendered to PDF in ONE call. ('plan' | 'review', lang) -> the
    build, whose `pdfs` maps each document's manifest path to its PDF."""
    from planner.business_review import run_review, write_review

    if not lo.SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    base = tmp_path_factory.mktemp("printed")
    outs = {("plan", "zh"): docs_builds["example"].out, ("plan", "en"): base / "plan-en"}
    build(EXAMPLE, outs[("plan", "en")], lang="en")
    review = run_review(EXAMPLE, [BILLING], 2, Decimal("0.9"))
    for lang in ("zh", "en"):
        outs[("review", lang)] = base / f"review-{lang}"
        write_review(review, outs[("review", lang)], None, lang)
    printed, staged, where = {}, [], []
    for key, out in outs.items():
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        printed[key] = Built(f"{key[0]}-{key[1]}", EXAMPLE, out, manifest, {})
        for o in manifest["outputs"]:
            if o["format"] == "docx":  # LibreOffice names its outputs by stem: unique ones
                (base / "in").mkdir(exist_ok=True)
                staged.append(shutil.copyfile(out / o["path"], base / "in" / f"{len(staged)}.docx"))
                where.append((key, o["path"]))
    for (key, path), pdf in zip(where, lo.convert(staged, base / "pdf", "pdf", base)):
        printed[key].pdfs[path] = pdf
    return printed


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext -layout)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")


def pdf_words(pdf: Path) -> list[dict[str, Any]]:
    """Every word of a PDF with its page size and box (pdftotext -bbox-layout)."""
    import xml.etree.ElementTree as ET

    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    words = []
    for n, page in enumerate(ET.fromstring(xml).iter(ns + "page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        for w in page.iter(ns + "word"):
            words.append({"page": n, "width": width, "height": height, "text": w.text or "",
                          **{k: float(w.get(k)) for k in ("xMin", "xMax", "yMin", "yMax")}})
    return words
