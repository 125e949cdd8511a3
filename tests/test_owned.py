"""Nothing planner did not write is ever lost: an output folder holding anything else is refused,
a single output file replaces only planner's own, and bookkeeping in OUT is not taken as data."""

from __future__ import annotations

import base64
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

pytest.register_assert_rewrite("docs_support")
from planner.build import CACHE_FILE, build  # noqa: E402
from planner.business_review import run_review, write_review  # noqa: E402
from planner.customers import pack_json, unpack  # noqa: E402
from planner.pipeline import analyse_lean  # noqa: E402
from planner.store import Store  # noqa: E402
from planner.write import OutputError  # noqa: E402

from docs_support import EXAMPLE, copy_plan_set, run_cli, tree  # noqa: E402

SMALL = ["jz-data-bureau", "jz-icbc"]
BILLING = EXAMPLE.parent / "example-actuals" / "billing-2027H1.csv"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    """A two-customer plan set and one build of it."""
    base = tmp_path_factory.mktemp("owned")
    root = copy_plan_set(EXAMPLE, base / "plan", customers=SMALL)
    build(root, base / "out", jobs=1)
    return root, base / "out"


@pytest.fixture
def edited(small, tmp_path) -> tuple[Path, Path]:
    """A copy of the plan set with one input edited (so a rebuild renders again), and a copy of
    its earlier build."""
    root = copy_plan_set(small[0], tmp_path / "plan")
    path = root / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(small[1], out)
    return root, out


def documents(out: Path) -> dict[str, str]:
    return {k: v for k, v in tree(out).items() if not k.startswith(".planner-")}


@pytest.mark.parametrize("place", ["notes.txt", "重点客户/附件/合同.pdf",
                                   "重点客户/中国工商银行股份有限公司江州分行.docx.bak",
                                   ".hidden", "重点行业/~$金融.docx"])
def test_a_file_the_build_did_not_write_is_kept_and_the_build_refused(edited, place):
    root, out = edited
    (out / place).parent.mkdir(parents=True, exist_ok=True)
    (out / place).write_bytes(b"the user's own")
    before = tree(out)
    result = run_cli("build", str(root), "-o", str(out))
    assert result.exit_code == 1, result.output
    named = "重点客户/附件/" if "附件" in place else place  # a folder it did not make, whole
    assert named in result.output and "Traceback" not in result.output
    assert tree(out) == before  # nothing replaced, nothing lost


def test_an_empty_folder_and_a_symbolic_link_are_not_the_builds_either(edited, tmp_path):
    root, out = edited
    (out / "附件").mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    (out / "重点客户" / "link.txt").symlink_to(outside)
    result = run_cli("build", str(root), "-o", str(out), "--lang", "en")
    assert result.exit_code == 1
    assert "附件/" in result.output and "重点客户/link.txt" in result.output
    assert (out / "附件").is_dir() and (out / "重点客户" / "link.txt").is_symlink()
    assert outside.read_text(encoding="utf-8") == "keep"


def test_a_document_edited_since_the_build_is_kept(edited):
    root, out = edited
    path = out / "重点客户" / "中国工商银行股份有限公司江州分行.docx"
    path.write_bytes(path.read_bytes() + b"\0")  # someone's edit, same name
    result = run_cli("build", str(root), "-o", str(out), "--lang", "en")
    assert result.exit_code == 1
    assert "重点客户/中国工商银行股份有限公司江州分行.docx" in result.output
    assert "changed since" in result.output
    assert path.read_bytes().endswith(b"\0")


def test_the_refusal_names_five_entries_and_counts_the_rest(edited):
    root, out = edited
    for i in range(8):
        (out / f"mine-{i}.txt").write_text("x", encoding="utf-8")
    result = run_cli("build", str(root), "-o", str(out), "--lang", "en")
    assert result.exit_code == 1
    assert "mine-0.txt, mine-1.txt, mine-2.txt, mine-3.txt, mine-4.txt and 3 more" in result.output


@pytest.mark.parametrize("manifest", ['{"outputs": []}', '[1, 2]', "not json at all", "",
                                      '{"generated_by": "planner 0.1.0", "outputs": [{"path": '
                                      '"index.html"}]}', '{"name": "my-web-app"}'])
def test_a_folder_with_someone_elses_manifest_is_not_taken_for_planners(small, tmp_path,
                                                                        manifest):
    out = tmp_path / "site"
    out.mkdir()
    (out / "manifest.json").write_text(manifest, encoding="utf-8")
    (out / "index.html").write_text("<h1>mine</h1>", encoding="utf-8")
    before = tree(out)
    result = run_cli("build", str(small[0]), "-o", str(out))
    assert result.exit_code == 1 and "index.html" in result.output
    assert tree(out) == before
    run = run_review(EXAMPLE, [BILLING], 2, Decimal("0.9"))
    with pytest.raises(OutputError, match="index.html"):
        write_review(run, out)
    assert tree(out) == before


def test_a_review_folder_with_a_users_file_is_kept(tmp_path):
    run = run_review(EXAMPLE, [BILLING], 2, Decimal("0.9"))
    out = tmp_path / "review"
    write_review(run, out)
    (out / "批注.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="批注.txt"):
        write_review(run, out)
    assert (out / "批注.txt").read_text(encoding="utf-8") == "mine"
    (out / "批注.txt").unlink()
    write_review(run, out)  # its own earlier output is replaced


def test_an_input_edit_rebuilds_over_the_builds_own_files(edited, tmp_path):
    root, out = edited
    build(root, out, jobs=1)
    build(root, tmp_path / "fresh", jobs=1)
    assert documents(out) == documents(tmp_path / "fresh")


# ---------------------------------------------------------------- single files


def test_diff_xlsx_never_overwrites_a_plan_input_or_someone_elses_workbook(small, tmp_path):
    root = copy_plan_set(small[0], tmp_path / "plan")
    market = root / "market.yaml"
    text = market.read_bytes()
    result = run_cli("diff", str(root), str(root), "--xlsx", str(market))
    assert result.exit_code == 1 and "market.yaml" in result.output
    assert market.read_bytes() == text
    theirs = tmp_path / "theirs.xlsx"
    shutil.copy(small[1] / "年度市场营销计划.xlsx", theirs)  # planner's, but not a diff
    data = theirs.read_bytes()
    result = run_cli("diff", str(root), str(root), "--xlsx", str(theirs), "--lang", "en")
    assert result.exit_code == 1 and "not a workbook planner wrote" in result.output
    assert theirs.read_bytes() == data
    link = tmp_path / "link.xlsx"
    link.symlink_to(market)
    assert run_cli("diff", str(root), str(root), "--xlsx", str(link)).exit_code == 1
    assert market.read_bytes() == text


def test_diff_xlsx_replaces_its_own_earlier_workbook(small, tmp_path):
    path = tmp_path / "changes.xlsx"
    for _ in range(2):
        result = run_cli("diff", str(small[0]), str(small[0]), "--xlsx", str(path))
        assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(path).sheetnames


def test_schema_o_never_overwrites_someone_elses_json(tmp_path):
    mine = tmp_path / "package.json"
    mine.write_text('{"name": "mine"}', encoding="utf-8")
    result = run_cli("schema", "-o", str(mine))
    assert result.exit_code == 1 and "package.json" in result.output
    assert mine.read_text(encoding="utf-8") == '{"name": "mine"}'
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "customer.json").write_text("{}", encoding="utf-8")
    assert run_cli("schema", "-o", str(folder)).exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["customer.json"]  # none written
    ours = tmp_path / "plan.json"
    for _ in range(2):
        assert run_cli("schema", "-o", str(ours)).exit_code == 0
    assert json.loads(ours.read_text(encoding="utf-8"))["$comment"] == "planner schema"


def test_new_customer_keeps_a_schema_of_the_users_own(tmp_path):
    root = tmp_path / "plans"
    assert run_cli("init", str(root)).exit_code == 0
    own = root / ".schema" / "customer.json"
    own.write_text('{"title": "our house rules"}', encoding="utf-8")
    result = run_cli("new", "customer", "city-bank", "--industry", "gov", "--region", "urban",
                     str(root))
    assert result.exit_code == 0, result.output
    assert own.read_text(encoding="utf-8") == '{"title": "our house rules"}'
    assert (root / "customers" / "city-bank.yaml").is_file()


# ---------------------------------------------------------------- bookkeeping is not data


def _market_base(xlsx: Path) -> list:
    wb = openpyxl.load_workbook(xlsx)
    return [[c.value for c in row] for ws in wb for row in ws.iter_rows()]


def test_an_edited_store_value_does_not_reach_the_documents(edited, tmp_path):
    """A figure changed in the plan set's store (planner.store), the source's sha256 unchanged,
    is not taken as the file's result: the rebuild equals a fresh build of the inputs."""
    root, out = edited
    analyse_lean(root)  # as a check of the plan set before the build would
    store = Store.open(root, "").path
    lines = store.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("customers/jz-data-bureau"))
    # the customer's targets in its record, packed (base64 of `customers.pack`: its fields
    # "jz-data-bureau", ["<base>", ...], ...): unpacked, its base changed, packed again
    name, digest, context, record, mark = lines[at].split("\t")
    data = json.loads(record)
    fields = unpack(base64.b64decode(data["targets"]))
    assert fields[0] == "jz-data-bureau" and re.fullmatch(r"[\d.]+", fields[1][0])
    fields[1][0] = "987654"
    data["targets"] = base64.b64encode(pack_json(fields)).decode("ascii")
    record = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    lines[at] = "\t".join([name, digest, context, record, mark])
    store.write_text("\n".join(lines), encoding="utf-8")
    build(root, out, jobs=1)
    build(root, tmp_path / "fresh", jobs=1)
    assert documents(out) == documents(tmp_path / "fresh")
    assert "987654" not in json.dumps(_market_base(out / "年度市场营销计划.xlsx"), default=str)


def test_an_edited_build_cache_renders_everything_again(small, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(small[1], out)
    cache = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
    cache["tasks"]["market"]["stamps"][0][0] += 1  # a forged size: not trusted at all
    (out / CACHE_FILE).write_text(json.dumps(cache), encoding="utf-8")
    result = build(small[0], out, jobs=1)
    assert len(result.rendered) == result.tasks
    assert documents(out) == documents(small[1])


@pytest.mark.parametrize("change", ["an output's field more", "an output's field less",
                                    "a task's field more"])
def test_a_build_cache_of_another_shape_renders_everything_again(small, tmp_path, change):
    """A cache sealed by this user's planner but of another shape (another version's) is not
    understood: everything is rendered again, as a fresh build renders it."""
    from planner.seal import seal

    out = tmp_path / "out"
    shutil.copytree(small[1], out)
    tasks = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))["tasks"]
    if change == "an output's field more":
        tasks["market"]["outputs"][0]["pages"] = 3
    elif change == "an output's field less":
        del tasks["market"]["outputs"][0]["format"]
    else:
        tasks["market"]["rendered"] = True
    text = json.dumps(tasks, sort_keys=True).encode()
    (out / CACHE_FILE).write_bytes(b'{"seal": ' + json.dumps(seal(text)).encode() + b', "tasks": '
                                   + text + b"}")
    result = build(small[0], out, jobs=1)
    assert len(result.rendered) == result.tasks
    assert documents(out) == documents(small[1])


def test_a_forged_manifest_entry_does_not_reach_the_next_manifest(small, tmp_path):
    """The earlier manifest's levels and ids are not taken over: the sealed cache says them."""
    out = tmp_path / "out"
    shutil.copytree(small[1], out)
    path = out / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["outputs"][0]["id"] = "forged"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    result = build(small[0], out, jobs=1)
    assert result.rendered == []  # every document reused, by the cache
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(
        (small[1] / "manifest.json").read_text(encoding="utf-8"))


def test_a_users_folder_named_like_a_builds_leftover_is_left_alone(small, tmp_path):
    out = tmp_path / "out"
    for name in (".out.old-copy", ".out.build-mine", ".out.old-12x"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text("mine", encoding="utf-8")
    build(small[0], out, jobs=1)
    for name in (".out.old-copy", ".out.build-mine", ".out.old-12x"):
        assert (tmp_path / name / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "manifest.json").is_file()
