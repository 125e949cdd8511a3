"""Each customer on its own, and the store of their results (planner.customers, planner.store):
`analyse_lean` finds exactly what the whole-set analysis finds, first from the files and then
from the store, reads again only what changed, and never trusts a line it did not write."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

import planner.customers
import planner.pipeline
from planner.build import code_digest
from planner.compute.codec import decode, encode
from planner.compute.plan import CustomerTargets
from planner.customers import FileChanged
from planner.pipeline import Analysis, analyse, analyse_lean
from planner.report.common import FlagCounts
from planner.report.json import targets_json
from planner.store import Store

from conftest import EXAMPLE, REPO


def shown(a: Analysis) -> tuple[list, str | None]:
    """Everything an analysis tells: each issue in full, and the targets as JSON."""
    issues = [(i.file, i.line, i.col, i.field, i.code, json.dumps(i.params, default=str,
                                                                  sort_keys=True),
               i.label, i.severity, i.subject) for i in a.issues]
    data = json.dumps(targets_json(a.plan, a.targets), sort_keys=True) if a.plan else None
    return issues, data


def lean_in(root: Path, monkeypatch: pytest.MonkeyPatch, **kw) -> Analysis:
    monkeypatch.chdir(root)
    return analyse_lean(root, **kw)


def eager_in(root: Path, monkeypatch: pytest.MonkeyPatch) -> Analysis:
    monkeypatch.chdir(root)
    return analyse(root)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A synthetic plan set of 40 customers (benchmarks/generate.py)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    return generate(40, tmp_path_factory.mktemp("store") / "plan")


@pytest.fixture
def copy(tmp_path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def reads(monkeypatch) -> list[str]:
    """The customer files read (not taken from the store) from now on."""
    seen: list[str] = []
    real = planner.customers.read_customer

    def counting(path, name, *args):
        seen.append(name)
        return real(path, name, *args)

    monkeypatch.setattr(planner.customers, "read_customer", counting)
    return seen


@pytest.mark.parametrize("which", ["example", "generated", "reference"])
def test_lean_equals_the_whole_set_analysis_from_the_files_and_from_the_store(
        which, generated, request, tmp_path, monkeypatch):
    root = {"example": EXAMPLE, "generated": generated}.get(which) or request.getfixturevalue(
        "reference")
    expected = shown(eager_in(root, monkeypatch))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # an empty store
    seen = reads(monkeypatch)
    assert shown(lean_in(root, monkeypatch)) == expected
    n = len(list((root / "customers").glob("*.yaml")))
    assert len(seen) == n
    assert shown(lean_in(root, monkeypatch)) == expected
    assert len(seen) == n  # the second time, every customer came from the store


def test_the_store_has_one_sealed_line_per_customer_file(copy, monkeypatch):
    lean_in(copy, monkeypatch)
    path = Store.open(copy, "").path
    lines = path.read_bytes().splitlines()
    names = sorted(line.split(b"\t")[0].decode() for line in lines)
    assert names == sorted(f"customers/{p.name}" for p in (copy / "customers").glob("*.yaml"))
    assert all(len(line.split(b"\t")) == 5 for line in lines)
    assert str(copy) not in path.as_posix() and not path.is_relative_to(copy)  # not in the set
    (copy / "customers" / "jz-icbc.yaml").unlink()
    lean_in(copy, monkeypatch)
    assert len(path.read_bytes().splitlines()) == len(lines) - 1  # a file gone is dropped


def test_one_edit_reads_one_file_again(copy, monkeypatch):
    lean_in(copy, monkeypatch)
    path = copy / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("base: ", "base: 1", 1),
                    encoding="utf-8")
    seen = reads(monkeypatch)
    found = shown(lean_in(copy, monkeypatch))
    assert seen == ["customers/jz-icbc.yaml"]
    assert found == shown(eager_in(copy, monkeypatch))


def test_a_changed_market_yaml_reads_every_customer_again(copy, monkeypatch):
    """A customer's flags depend on market.yaml's thresholds: its stored result is not used."""
    lean_in(copy, monkeypatch)
    with (copy / "market.yaml").open("a", encoding="utf-8") as fh:
        fh.write("review:\n  growth_above: 0.01\n")
    seen = reads(monkeypatch)
    found = lean_in(copy, monkeypatch)
    assert len(seen) == len(list((copy / "customers").glob("*.yaml")))
    assert shown(found) == shown(eager_in(copy, monkeypatch))
    assert sum(i.code == "growth_high" for i in found.issues) > sum(
        i.code == "growth_high" for i in analyse(EXAMPLE).issues)


def test_an_edited_or_damaged_store_line_is_not_used(copy, monkeypatch):
    lean_in(copy, monkeypatch)
    path = Store.open(copy, "").path
    lines = path.read_bytes().splitlines(keepends=True)
    lines[0] = lines[0].replace(b'"growth_high"', b'"growth_low"', 1)
    lines[0] = lines[0].replace(b'"flags":[', b'"flags":[{"x":1},', 1)  # edited, not resealed
    lines[1] = lines[1][: len(lines[1]) // 2] + b"\n"  # cut in its middle
    lines[2] = b"not a store line\n"
    path.write_bytes(b"".join(lines))
    seen = reads(monkeypatch)
    assert shown(lean_in(copy, monkeypatch)) == shown(eager_in(copy, monkeypatch))
    assert len(seen) == 3


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\n", b"a\tb\tc\td\te\n" * 3])
def test_a_foreign_store_is_ignored(copy, monkeypatch, content):
    path = Store.open(copy, "").path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert shown(lean_in(copy, monkeypatch)) == shown(eager_in(copy, monkeypatch))


def test_without_keep_nothing_is_read_from_or_written_to_the_store(copy, monkeypatch):
    path = Store.open(copy, "").path
    lean_in(copy, monkeypatch, keep=False)
    assert not path.exists()


def test_a_customer_id_in_two_files_is_the_same_error(copy, monkeypatch):
    twin = copy / "customers" / "zz-twin.yaml"
    twin.write_text((copy / "customers" / "jz-icbc.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    lean = lean_in(copy, monkeypatch)
    assert [i.code for i in lean.errors] == ["duplicate_customer"]
    assert lean.errors[0].file == "customers/zz-twin.yaml"
    assert shown(lean) == shown(eager_in(copy, monkeypatch))
    assert shown(lean_in(copy, monkeypatch)) == shown(lean)  # and from the store


def test_targets_are_kept_exactly(monkeypatch):
    t = eager_in(EXAMPLE, monkeypatch).targets
    assert t is not None
    for ct in t.customers.values():
        kept = decode(CustomerTargets, json.loads(json.dumps(encode(ct))))
        assert kept == ct
        assert [str(x) for x in kept.figures.quarters.stock] == [
            str(x) for x in ct.figures.quarters.stock]  # 180.80 stays 180.80


@pytest.mark.parametrize(("keep", "share"), [(2, False), (1024, False), (2, True)])
def test_the_market_plan_reads_the_same_with_few_customers_held(keep, share, generated,
                                                               tmp_path, monkeypatch):
    """With only `keep` customers' targets and sketches held (a province: 20,000 of them, 256
    held), the market plan reads the fields it needs of the others alone; it shows exactly what
    the whole-set analysis shows, ranks included; and so with the texts in one buffer of each
    kind, as a build holds them (`share`)."""
    from planner.compute.codec import parts, within
    from planner.customers import Packed
    from planner.report.market import market_context
    from planner.resources import Templates
    from planner.sketch import sketch

    eager = eager_in(generated, monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lean = lean_in(generated, monkeypatch, share=share)
    assert lean.plan and lean.targets and eager.plan and eager.targets
    held_in = (lean.targets.customers.sources, lean.plan.sketches.sources,
               lean.targets.customers.contract)
    assert all(isinstance(h, Packed) == share for h in held_in)
    for held in (lean.targets.customers, lean.plan.sketches):
        held.keep = keep
        held._cache.clear()
    labels = Templates(None, "zh").labels
    expected = market_context(eager.plan, eager.targets, [], FlagCounts.of(eager.warnings), labels,
                              "zh")
    assert market_context(lean.plan, lean.targets, [], FlagCounts.of(lean.warnings), labels,
                          "zh") == expected
    assert len(lean.targets.customers._cache) == min(keep, 40)
    for cid in eager.plan.customers:
        assert parts(lean.targets.customers, cid, "value", "opportunities") == parts(
            eager.targets.customers, cid, "value", "opportunities")
        assert parts(lean.plan.sketches, cid, "winback", "stock") == parts(
            {cid: sketch(eager.plan.customers[cid])}, cid, "winback", "stock")
        # some fields of a value read alone (or from the value held): as the whole value's
        names = ("quadrant", "current", "share_of_wallet", "rank", "rank_in_industry")
        assert within(lean.targets.customers, cid, "value", *names) == within(
            eager.targets.customers, cid, "value", *names)
    assert expected["key_customers"]["rows"] and expected["trend_table"]["rows"]


def test_a_model_is_read_again_only_from_the_file_that_was_checked(copy, monkeypatch):
    a = lean_in(copy, monkeypatch)
    assert a.plan is not None
    assert a.plan.customers["jz-icbc"].name == analyse(EXAMPLE).plan.customers["jz-icbc"].name
    path = copy / "customers" / "jz-rcb.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# saved meanwhile\n", encoding="utf-8")
    with pytest.raises(FileChanged) as e:
        a.plan.customers["jz-rcb"]
    assert "customers/jz-rcb.yaml" in e.value.text("zh") and "再运行" in e.value.text("zh")


def test_the_context_names_the_code(copy):
    """Another planner's records are not used: the context starts from the code's digest."""
    raw, _ = planner.pipeline.load_plan_set(copy, customers=False)
    assert planner.customers.context_of(raw) != code_digest()
    assert len(planner.customers.context_of(raw)) == 64


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_many_files_read_in_reader_processes_give_the_same(start, generated, tmp_path,
                                                           monkeypatch):
    """A cold read of many files is shared by reader processes, started as on Linux (fork) or
    as on Windows and macOS (spawn); what they find is what one process finds."""
    import planner.procs

    expected = shown(eager_in(generated, monkeypatch))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(planner.customers, "PARALLEL_FROM", 10)
    monkeypatch.setattr(planner.customers, "CHUNK", 7)
    monkeypatch.setattr(planner.procs, "START", start)
    seen = reads(monkeypatch)
    assert shown(lean_in(generated, monkeypatch, jobs=2)) == expected
    assert seen == []  # every file was read by a reader process, none by this one
    assert shown(lean_in(generated, monkeypatch, jobs=2)) == expected  # and from the store


def test_a_market_yaml_changed_under_the_readers_is_refused(copy, monkeypatch, tmp_path):
    raw, _ = planner.pipeline.load_plan_set(copy, customers=False)
    plan, refs = planner.pipeline.validate_context(raw, [])
    context = planner.customers.context_of(raw)
    with (copy / "market.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# saved meanwhile\n")
    todo = [(p, f"customers/{p.name}") for p in sorted((copy / "customers").glob("*.yaml"))]
    monkeypatch.setattr(planner.customers, "PARALLEL_FROM", 1)
    with pytest.raises(FileChanged):
        list(planner.customers.read_many(copy, todo, plan, refs, None, context, 2))


def test_each_customer_names_its_file(copy, monkeypatch):
    a = lean_in(copy, monkeypatch)
    assert a.plan is not None
    for cid in a.plan.customers:
        source = a.plan.source("customer", cid)
        assert source is not None and source.path == copy / "customers" / f"{cid}.yaml"


def test_issues_read_back_share_their_texts():
    """Flags read back from the store equal those written, and repeated texts (file, code,
    label pairs, listed fields) are one object each: 45,000 flags of 20,000 customers take a
    third less memory."""
    from planner.errors import Issue, Subject, issue_from_json, issue_to_json

    flags = [Issue(f"customers/c{i}.yaml", 3 + i, 1, "costs", "value_incomplete",
                   {"fields": ("连带收入", "Associated revenue"), "n": i, "flag": True},
                   ("服务成本", "Cost to serve"), "warning", Subject("customer", f"c{i}", "王"),
                   ("服务成本", "Cost to serve")) for i in range(3)]
    read = [issue_from_json(json.loads(json.dumps(issue_to_json(f)))) for f in flags * 2]
    assert read == flags * 2
    assert [r.params["flag"] for r in read] == [True] * 6  # not 1: only texts are shared
    assert all(type(r.params["n"]) is int for r in read)
    assert read[0].label is read[1].label and read[0].people is read[2].label
    assert read[0].params["fields"] is read[2].params["fields"]
    assert read[0].file is read[3].file and read[0].subject is read[3].subject


def test_packed_texts_are_found_by_id_in_one_buffer():
    """A build's customers' packed texts of one kind, in one buffer (`Packed`): each found by
    its id, in the order of the ids; an id it does not hold is not there; the ids must be in
    order, one for each text."""
    from planner.customers import Packed

    ids = ["c001", "c002", "c010", "x9"]
    texts = [b"alpha", b"", b"\x00\xffbeta", b"gamma" * 1000]
    packed = Packed(ids, iter(texts))
    assert list(packed) == ids and len(packed) == 4
    assert [packed[i] for i in ids] == texts
    assert dict(packed.items()) == dict(zip(ids, texts))
    assert "c010" in packed and "c003" not in packed and "" not in packed and 1 not in packed
    with pytest.raises(KeyError):
        packed["c003"]
    with pytest.raises(KeyError):
        packed["zzz"]  # (past the last id)
    with pytest.raises(ValueError):
        Packed(["b", "a"], [b"1", b"2"])
    with pytest.raises(ValueError):
        Packed(["a", "a"], [b"1", b"2"])
    with pytest.raises(ValueError):
        Packed(["a"], [b"1", b"2"])
