"""Shared fixtures: the two real plan sets, and a minimal valid plan set to break one rule at once.

`make_plan` writes market.yaml, industries/gov.yaml and customers/acme.yaml into a temporary folder;
a test passes the text (or bytes) of whichever file it wants different. The minimal set is valid
and raises no review flag, so whatever a test sees comes from the text it changed.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from planner.errors import Issue
from planner.pipeline import Analysis, analyse

# the document tests' session fixtures, registered here so the module is loaded (and its asserts
# rewritten) once, before any test module imports from it
pytest_plugins = ["docs_support", "web_support"]

# planner keeps its stores and its seal key in the user's cache folder: the tests' go to a folder
# of their own (inherited by the planner processes they start), not the user's
os.environ["XDG_CACHE_HOME"] = _CACHE = tempfile.mkdtemp(prefix="planner-tests-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

TESTS = Path(__file__).parent
REPO = TESTS.parent
REFERENCE = TESTS.parents[1] / "shared" / "reference-plans"  # ../shared beside the repo
EXAMPLE = REPO / "plans" / "example"
DATA = TESTS / "data"  # raw-bytes plan files: see tests/data/README.md

MARKET = """\
plan:
  unit: 测试市分公司政企客户部
  year: 2027
  money_unit: 万元
catalog:
  operator: 中国电信
  competitors: [中国移动, 中国联通]
  regions:
    - {id: urban, name: 市区}
    - {id: east, name: 东部县区}
  industries:
    - {id: gov, name: 政务}
    - {id: finance, name: 金融}
  business_lines:
    - {id: voice, name: 话音}
    - {id: data, name: 数据}
    - {id: cloud, name: 云及IDC, kind: new}
"""

# total = 100 × 0.9 + 40 × 0.5 = 90 + 20 = 110: growth +10%, inside the default review thresholds
CUSTOMER = """\
id: acme
name: 测试客户
industry: gov
region: urban
manager: 王芳
stock:
  - {business_line: data, base: 100, retention: 0.9}
opportunities:
  - {name: 云扩容, business_line: cloud, amount: 40, probability: 0.5, quarter: Q2, conditions: 获批}
relationship:
  contacts:
    - {name: 赵局长, role: 决策者}
costs: {marketing: 0, service: 0, maintenance: 0, payment_on_time_rate: 1}
associated_revenue: 0
customer_since: 2020
contract: {expiry: 2028-12-31, term_years: 3}
budget: {growth: 0}
"""  # noqa: E501 - a plan file's line, as users write them

# CUSTOMER with every section filled in: no completeness flag either
COMPLETE_CUSTOMER = CUSTOMER + """\
network: {structure: 总部直连}
profile: {industry_position: 行业龙头}
needs: {value_claims: [降本增效]}
retention_plan:
  actions: [提前续签]
  kpis: {renewal_rate: 0.9, long_term_contract_rate: 0.5, ict_penetration: 0.3, churn_rate: 0.05,
         off_net_rate: 0.02}
strategies: {竞争: 甲, 价格: 乙, 差异化: 丙, 组合营销: 丁, 合作: 戊, 服务: 己, 品牌: 庚, 产品: 辛,
             促销: 壬}
"""

INDUSTRY = """\
industry: gov
manager: 林晓
"""

_DEFAULT = object()
# completeness flags (planner/completeness.py) every minimal test plan raises; make_plan drops
# them unless asked for (make_plan(complete=True, ...))
FILL_IN = frozenset({"section_empty", "strategies_missing", "kpis_missing"})


def customer_template_with(folder: Path, title: bytes) -> Path:
    """A --templates folder holding the shipped customer.docx with `{{ doc.title }}` (its first
    occurrence) replaced by `title`: a user's template, changed in one place."""
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    src = zipfile.ZipFile(REPO / "planner" / "templates" / "customer.docx")
    with zipfile.ZipFile(folder / "customer.docx", "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ doc.title }}", title, 1)
            out.writestr(item, data)
    return folder


def dedent(text: str) -> str:
    """A test's inline YAML, written indented in the test, as the file's text."""
    return textwrap.dedent(text).lstrip("\n")


def write_plan_set(root: Path, market: str | bytes | None | object = _DEFAULT,
                   customers: dict[str, str | bytes] | None = None,
                   industries: dict[str, str | bytes] | None = None) -> Path:
    """Write a plan set into `root`: the minimal valid one, with any file replaced.

    `customers` / `industries` map a file stem to its text; they replace the default files entirely
    (pass {} for none). `market=None` writes no market.yaml.
    """
    files: dict[str, str | bytes] = {}
    if market is not None:
        files["market.yaml"] = MARKET if market is _DEFAULT else market  # type: ignore[assignment]
    for stem, text in (customers if customers is not None else {"acme": CUSTOMER}).items():
        files[f"customers/{stem}.yaml"] = text
    for stem, text in (industries if industries is not None else {"gov": INDUSTRY}).items():
        files[f"industries/{stem}.yaml"] = text
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "customers").mkdir(exist_ok=True)
    return root


def lines(issues: list[Issue], lang: str = "zh") -> list[str]:
    """Issues as the one-line messages `planner check` prints (every placeholder filled)."""
    out = [i.format(lang) for i in issues]
    for line in out:
        assert not re.search(r"\{[a-z_]+\}", line), f"unfilled placeholder: {line}"
    return out


@pytest.fixture
def make_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`make_plan(market=..., customers=..., industries=...)` -> the analysed plan set (without
    the FILL_IN flags unless `complete=True`).

    The current directory is the plan set, so messages name files as `customers/acme.yaml`.
    """

    def make(complete: bool = False, **files) -> Analysis:
        root = write_plan_set(tmp_path / "plan", **files)
        monkeypatch.chdir(root)
        analysis = analyse(root)
        if not complete:  # the minimal plan set is minimal on purpose: no "fill this in" flags
            analysis.issues = [i for i in analysis.issues if i.code not in FILL_IN]
        return analysis

    return make


@pytest.fixture
def plan_dir(tmp_path: Path):
    """`plan_dir(market=..., ...)` -> the folder of a written plan set (for the CLI)."""

    def make(**files) -> Path:
        return write_plan_set(tmp_path / "plan", **files)

    return make


@pytest.fixture(scope="session")
def reference() -> Path:
    """The reference plan set of ../shared; the tests using it skip when it is absent."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference-plans is not beside this repository")
    return REFERENCE


def analyse_in(root: Path) -> Analysis:
    """Analyse a plan set from inside it: messages name `customers/x.yaml` wherever pytest runs."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        return analyse(root)


@pytest.fixture(scope="session")
def reference_analysis(reference: Path) -> Analysis:
    """The reference plan set, loaded, validated, computed and reviewed once."""
    return analyse_in(reference)


@pytest.fixture(scope="session")
def example_analysis() -> Analysis:
    """plans/example, loaded, validated, computed and reviewed once."""
    return analyse_in(EXAMPLE)


def data_plan(kind: str) -> dict[str, dict[str, bytes]]:
    """The files of tests/data/<kind>/ as `make_plan` arguments (raw bytes, as saved)."""
    out: dict[str, dict[str, bytes]] = {}
    for path in sorted((DATA / kind).glob("*/*.yaml")):
        out.setdefault(path.parent.name, {})[path.stem] = path.read_bytes()
    return out
