"""What Windows and macOS users need: workers started by `spawn` and no Unix-only module on any
import path, output to a GBK console, ids that Windows can use as file names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "example"


def _hashes(out: Path) -> list[tuple[str, str]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [(o["path"], o["sha256"]) for o in manifest["outputs"]]


def test_a_build_under_spawn_without_fcntl_gives_the_same_documents(tmp_path):
    """As on Windows: no fcntl in the build nor in its workers, each worker a fresh interpreter
    (spawn); the manifest lists the same files with the same hashes as the Linux build (fork)."""
    site = tmp_path / "site"
    site.mkdir()
    # imported at every interpreter's start, the spawned workers' too
    (site / "sitecustomize.py").write_text('import sys\nsys.modules["fcntl"] = None\n')
    script = ("import sys, warnings\n"
              "warnings.simplefilter('ignore')\n"  # filelock: 'only soft file lock' (no fcntl)
              "try:\n    import fcntl\nexcept ImportError:\n    pass\n"
              "else:\n    sys.exit('fcntl is importable')\n"
              "import planner.build as b\n"
              "b.START = 'spawn'\n"
              "from pathlib import Path\n"
              f"b.build(Path({str(EXAMPLE)!r}), Path(sys.argv[1]), jobs=2)\n"
              "assert 'fcntl' not in sys.modules or sys.modules['fcntl'] is None\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    spawned = subprocess.run([sys.executable, "-c", script, str(tmp_path / "spawned")], env=env,
                             capture_output=True, text=True, timeout=600)
    assert spawned.returncode == 0, spawned.stderr
    forked = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(tmp_path / "forked"),
                                       "-j", "2"])
    assert forked.exit_code == 0, forked.output
    assert len(_hashes(tmp_path / "forked")) == 37
    assert _hashes(tmp_path / "spawned") == _hashes(tmp_path / "forked")


def test_a_spawned_worker_is_sent_neither_the_customers_texts_nor_their_flags(tmp_path,
                                                                            monkeypatch):
    """What a spawned worker is sent (`_lean`, with the packed texts in files) holds no
    customer's packed text and no review flag; each batch brings the flags its tasks read
    (`_given`), and every task renders from that the same bytes as from the whole job."""
    import pickle

    import planner.build as b
    from planner.customers import packed_of
    from planner.pipeline import analyse_lean
    from planner.resources import Templates

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    analysis = analyse_lean(EXAMPLE, keep=False, share=True)
    plan, targets = analysis.plan, analysis.targets
    templates = Templates(None, "zh")
    job = b._Job(analysis, templates, "zh", tmp_path / "whole")
    tasks = b.plan_tasks(analysis, templates, "zh", job.stems)
    assert {t.kind for t in tasks} == {"customer", "industry", "market", "market-xlsx", "review"}
    whole = {t.name: [o.sha256 for o in b.RENDER[t.kind](job, t.id)] for t in tasks}
    texts = [plan.sketches.stored(c) for c in plan.customers] + [
        targets.customers.stored(c) for c in plan.customers]
    flagged = [w for w in analysis.warnings if w.subject and w.subject.level == "customer"]
    assert flagged and len(packed_of(plan.sketches, targets.customers)) == 3
    with b._in_files(job):
        sent = pickle.dumps(b._lean(job))
        assert not [t for t in texts if t in sent]
        worker = pickle.loads(sent)
        assert worker.flags == {} and worker.analysis.issues == []
        worker.stage = tmp_path / "spawned"
        monkeypatch.setattr(b, "_WORKER_JOB", worker)
        alone = {}
        for t in tasks:
            given = pickle.loads(pickle.dumps(b._given(job, [t])))
            (done, outputs), = b._run([t], given)
            alone[t.name] = [o.sha256 for o in outputs]
        for packed in packed_of(worker.analysis.plan.sketches, worker.analysis.targets.customers):
            packed.take_back()  # (the build's workers let go of theirs as they end)
    assert alone == whole
    assert plan.sketches.stored(next(iter(plan.customers))) == texts[0]  # taken back


@pytest.mark.parametrize("fails", ["folder", "file"])
def test_packed_texts_a_full_temporary_folder_cannot_take_are_sent_as_they_are(
        tmp_path, monkeypatch, fails):
    """A temporary folder that cannot be made, or a file not written (a full disk): the
    texts go to the workers in the job, as before, and the build goes on."""
    import pickle
    import tempfile

    import planner.build as b
    from planner.customers import Packed
    from planner.pipeline import analyse_lean
    from planner.resources import Templates

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    analysis = analyse_lean(EXAMPLE, keep=False, share=True)
    sketches = analysis.plan.sketches
    texts = {c: sketches.stored(c) for c in analysis.plan.customers}

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if fails == "folder":
        monkeypatch.setattr(tempfile, "mkdtemp", full)
    else:
        monkeypatch.setattr(Packed, "spill", full)
    job = b._Job(analysis, Templates(None, "zh"), "zh", tmp_path / "stage")
    with b._in_files(job):
        sent = pickle.dumps(b._lean(job))
    worker = pickle.loads(sent)
    assert {c: worker.analysis.plan.sketches.stored(c) for c in texts} == texts
    assert all(t in sent for t in texts.values())


@pytest.mark.parametrize("cid", ["con", "CON", "Nul", "aux", "prn", "com1", "COM9", "lpt1",
                                 "Lpt9"])
def test_an_id_windows_cannot_use_as_a_file_name_is_refused_with_the_reason(tmp_path, cid):
    from conftest import CUSTOMER, analyse_in, lines, write_plan_set

    root = write_plan_set(tmp_path / "p", customers={
        "acme": CUSTOMER.replace("id: acme", f"id: {cid}")})
    assert lines(analyse_in(root).errors, "en") == [
        f"customers/acme.yaml:1:5: id (Customer id): id '{cid}' is a device name Windows "
        "reserves and cannot use as a file name (CON, PRN, AUX, NUL, COM0-9, LPT0-9) — choose "
        f"another id, such as {cid}-1"]


@pytest.mark.parametrize("cid", ["con1", "console", "com10", "lpt", "nul-1"])
def test_ids_that_only_look_like_device_names_are_fine(tmp_path, cid):
    from conftest import CUSTOMER, analyse_in, write_plan_set

    root = write_plan_set(tmp_path / "p", customers={
        "acme": CUSTOMER.replace("id: acme", f"id: {cid}")})
    assert [i.code for i in analyse_in(root).errors] == []


def test_new_customer_refuses_a_device_name(tmp_path):
    from conftest import write_plan_set

    root = write_plan_set(tmp_path / "p")
    r = CliRunner().invoke(main, ["new", "customer", "AUX", "--industry", "gov", "--region",
                                  "urban", str(root)])
    assert r.exit_code == 1
    assert "编号 'AUX' 是 Windows 保留的设备名, 不能用作文件名" in r.output
    assert not (root / "customers" / "AUX.yaml").exists()
