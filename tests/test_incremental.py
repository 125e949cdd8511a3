"""Parallel and incremental builds give exactly the documents a fresh build gives."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from pathlib import Path

import pytest

from planner.build import build

from conftest import EXAMPLE, customer_template_with

# the documents are named for the customers (planner/docnames.py)
ICBC, RCB = "重点客户/中国工商银行股份有限公司江州分行", "重点客户/江州农村商业银行股份有限公司"
SECURITIES = "重点客户/江州证券股份有限公司江北营业部"


def files(out: Path) -> dict[str, str]:
    """Every document of a build (not the cache file) and its sha256."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    """plans/example with two industries' customers only, to keep the builds short."""
    root = tmp_path_factory.mktemp("plans") / "example"
    shutil.copytree(EXAMPLE, root)
    for path in (root / "customers").glob("*.yaml"):
        if path.stem not in ("jz-icbc", "jz-rcb", "jz-securities-jiangbei", "jz-data-bureau",
                             "qingxi-county-gov"):
            path.unlink()
    return root


@pytest.fixture(scope="module")
def full(plans, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full") / "out"
    build(plans, out, jobs=1)
    return out


def test_jobs_1_and_2_give_the_same_bytes(plans, full, tmp_path):
    build(plans, tmp_path / "out", jobs=2)
    assert files(tmp_path / "out") == files(full)


def test_two_builds_give_the_same_bytes(plans, full, tmp_path):
    build(plans, tmp_path / "out", jobs=1, force=True)
    assert files(tmp_path / "out") == files(full)


def test_an_unchanged_rebuild_renders_nothing(plans, full, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(full, out)
    result = build(plans, out, jobs=1)
    assert result.rendered == []
    assert files(out) == files(full)


def test_one_customer_edit_rerenders_its_plans_only_and_equals_a_full_build(plans, full,
                                                                           tmp_path):
    edited = tmp_path / "plans"
    shutil.copytree(plans, edited)
    path = edited / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text("utf-8").replace("retention: 0.97", "retention: 0.95"),
                    "utf-8")
    out = tmp_path / "out"
    shutil.copytree(full, out)
    result = build(edited, out, jobs=1)
    # the customer, its industry (finance), the market plan and the review workbook
    assert sorted(result.rendered) == ["customer:jz-icbc", "industry:finance", "market",
                                       "market-xlsx", "review"]
    fresh = tmp_path / "fresh"
    build(edited, fresh, jobs=1)
    assert files(out) == files(fresh)
    assert files(out)[f"{ICBC}.xlsx"] != files(full)[f"{ICBC}.xlsx"]
    assert files(out)[f"{RCB}.docx"] == files(full)[f"{RCB}.docx"]


def test_an_edit_that_moves_others_ranks_renders_their_plans_again(plans, full, tmp_path):
    """A customer's plan shows its rank among all key customers, and its industry's plan each
    of its customers' ranks: raising one customer's value above the others' moves theirs, so
    their plans are not taken from the earlier build (which would show the old ranks)."""
    edited = tmp_path / "plans"
    shutil.copytree(plans, edited)
    path = edited / "customers" / "qingxi-county-gov.yaml"  # the smallest, now the largest
    path.write_text(path.read_text("utf-8").replace("base: 36,", "base: 36000,"), "utf-8")
    out = tmp_path / "out"
    shutil.copytree(full, out)
    result = build(edited, out, jobs=1)
    fresh = tmp_path / "fresh"
    build(edited, fresh, jobs=1)
    assert files(out) == files(fresh)
    # every customer's rank in the unit moved (the finance plans too, whose files are the same)
    assert {"customer:jz-icbc", "customer:jz-rcb", "industry:finance",
            "industry:gov"} <= set(result.rendered)


def test_deleting_a_customer_removes_its_documents(plans, full, tmp_path):
    edited = tmp_path / "plans"
    shutil.copytree(plans, edited)
    (edited / "customers" / "jz-securities-jiangbei.yaml").unlink()
    out = tmp_path / "out"
    shutil.copytree(full, out)
    result = build(edited, out, jobs=1)
    # the others' plans say how many key customers there are, and their ranks among them
    assert "customer:jz-icbc" in result.rendered
    fresh = tmp_path / "fresh"
    build(edited, fresh, jobs=1)
    assert files(out) == files(fresh)
    assert (full / f"{SECURITIES}.docx").exists()
    assert not (out / f"{SECURITIES}.docx").exists()
    assert not (out / f"{SECURITIES}.xlsx").exists()


def test_templates_or_language_change_rebuilds_everything(plans, full, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(full, out)
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "labels.yaml").write_text("zh:\n  s1: 一、客户现状\n", "utf-8")
    result = build(plans, out, templates_dir=templates, jobs=1)
    assert len(result.rendered) == result.tasks


def test_a_damaged_earlier_file_is_kept_then_rendered_again_once_moved(plans, full, tmp_path):
    """A document changed since the build wrote it may be someone's edit: the build refuses
    rather than lose it; once it is moved away, only that task is rendered again."""
    from planner.write import OutputError

    out = tmp_path / "out"
    shutil.copytree(full, out)
    (out / f"{RCB}.docx").write_bytes(b"damaged")
    with pytest.raises(OutputError, match=f"{RCB}.docx"):
        build(plans, out, jobs=1)
    assert (out / f"{RCB}.docx").read_bytes() == b"damaged"
    (out / f"{RCB}.docx").unlink()
    result = build(plans, out, jobs=1)
    assert result.rendered == ["customer:jz-rcb"]
    assert files(out) == files(full)


def test_a_parallel_build_failing_in_a_worker_leaves_out_as_it_was(plans, full, tmp_path):
    """A user template that breaks for one customer only, in one of two worker processes."""
    from planner.resources import TemplateError

    out = tmp_path / "out"
    shutil.copytree(full, out)
    templates = customer_template_with(tmp_path / "tpl", b"{{ doc.title }}{% if c.id == "
                                       b"'jz-rcb' %}{{ c.no_such_field }}{% endif %}")
    before = files(out)
    with pytest.raises(TemplateError, match="no_such_field"):
        build(plans, out, templates_dir=templates, jobs=2)
    assert files(out) == before
    assert not list(tmp_path.glob(".out.build-*"))


def test_a_big_build_renders_in_batches_of_fresh_workers_with_the_same_bytes(tmp_path,
                                                                            monkeypatch):
    """More tasks than one batch: rendered in worker processes even with --jobs 1, each batch in
    a fresh one; the documents are those one process renders."""
    import importlib.util

    import planner.build as build_module

    spec = importlib.util.spec_from_file_location(
        "generate", Path(__file__).parent.parent / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    plans = generate.generate(12, tmp_path / "plans")
    monkeypatch.setattr(build_module, "BATCH", 2)  # 12 customers: more than four batches
    used = []
    real_render = build_module._render_in_workers
    monkeypatch.setattr(build_module, "_render_in_workers",
                        lambda job, todo, *a: used.append(len(todo)) or real_render(job, todo, *a))
    build(plans, tmp_path / "j1", jobs=1)
    build(plans, tmp_path / "j2", jobs=2)
    assert len(used) == 2  # rendered in workers both times
    monkeypatch.setattr(build_module, "BATCH", 1000)  # now small enough to render in-process
    build(plans, tmp_path / "in-process", jobs=1)
    assert len(used) == 2
    assert files(tmp_path / "j1") == files(tmp_path / "in-process") == files(tmp_path / "j2")


def test_batches_hold_every_task_once_and_the_large_ones_alone():
    from planner.build import BATCH, Task, _batches

    todo = [Task("market-xlsx", None, "k"), Task("market", None, "k"),
            Task("industry", "gov", "k")] + [Task("customer", f"c{i}", "k") for i in range(300)]
    for workers in (1, 2, 8):
        batches = _batches(todo, workers)
        assert [t for b in batches for t in b] == todo
        assert all(len(b) == 1 for b in batches if b[0].kind != "customer")
        assert all(1 <= len(b) <= BATCH for b in batches)
        assert len([b for b in batches if b[0].kind == "customer"]) >= workers * 3


def _recording(log, lock, seconds):
    """A task runner that notes, as each batch starts, how many industry or market tasks are
    running and how many customers' batches have started."""
    running = [0]

    def run(batch):
        large = batch[0].kind != "customer"
        with lock:
            log.append((batch[0].name, large, running[0],
                        sum(1 for _, was_large, *_ in log if not was_large)))
            running[0] += large
        time.sleep(seconds[large])
        with lock:
            running[0] -= large
        if batch[0].id == "broken":
            raise ValueError("broken")
        return batch
    return run


def test_industry_and_market_tasks_run_one_at_a_time_beside_customers_then_together():
    from multiprocessing.pool import ThreadPool

    from planner.build import Task, _dispatched

    large = [[Task("market-xlsx", None, "k")], [Task("market", None, "k")],
             [Task("industry", "a", "k")], [Task("industry", "b", "k")]]
    small = [[Task("customer", f"c{i}", "k")] for i in range(6)]
    log, lock = [], threading.Lock()
    with ThreadPool(2) as pool:
        got = list(_dispatched(pool, _recording(log, lock, {True: 0.2, False: 0.02}),
                               large + small, 2))
    assert sorted(b[0].name for b in got) == sorted(b[0].name for b in large + small)
    # while customers waited, no industry or market task started beside another one
    assert all(others == 0 for _, is_large, others, started in log
               if is_large and started < len(small))
    # and once every customer had started, two ran together (no worker waited)
    assert any(others == 1 for _, is_large, others, _ in log if is_large)
    assert {name for name, *_ in log[:2]} == {"market-xlsx", "customer:c0"}


def test_a_failing_task_fails_the_dispatch():
    from multiprocessing.pool import ThreadPool

    from planner.build import Task, _dispatched

    batches = [[Task("industry", "broken", "k")]] + [[Task("customer", f"c{i}", "k")]
                                                     for i in range(3)]
    with ThreadPool(2) as pool, pytest.raises(ValueError, match="broken"):
        list(_dispatched(pool, _recording([], threading.Lock(), {True: 0.0, False: 0.05}),
                         batches, 2))


def test_work_done_between_results_adds_tasks_that_are_run_too():
    """While the workers render, the build's process takes the earlier build's files over, a
    step at a time; a task whose files it could not take over is rendered as well."""
    from multiprocessing.pool import ThreadPool

    from planner.build import Task, _dispatched

    steps = []

    def meanwhile():
        for i in range(3):
            steps.append(i)
            yield [Task("customer", f"late{i}", "k")] if i == 1 else []

    log, lock = [], threading.Lock()
    batches = [[Task("market", None, "k")], [Task("customer", "c0", "k")]]
    with ThreadPool(2) as pool:
        got = list(_dispatched(pool, _recording(log, lock, {True: 0.1, False: 0.01}), batches,
                               2, meanwhile()))
    assert steps == [0, 1, 2]
    assert sorted(b[0].name for b in got) == ["customer:c0", "customer:late1", "market"]


def test_a_file_gone_from_out_is_rendered_again_beside_the_workers_tasks(plans, full,
                                                                         tmp_path):
    """An edit's rebuild renders in two workers while the earlier files are taken over; one
    that is gone from OUT is rendered too, and the documents are a fresh build's."""
    edited = tmp_path / "plans"
    shutil.copytree(plans, edited)
    path = edited / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text("utf-8") + "\n# 复核过\n", "utf-8")  # the same plan
    out = tmp_path / "out"
    shutil.copytree(full, out)
    (out / f"{RCB}.xlsx").unlink()
    result = build(edited, out, jobs=2)
    assert "customer:jz-icbc" in result.rendered and "customer:jz-rcb" in result.rendered
    assert "customer:jz-securities-jiangbei" not in result.rendered
    assert files(out) == files(full)


def test_a_build_holds_the_customers_texts_in_one_buffer_for_its_workers(plans, tmp_path,
                                                                        monkeypatch):
    """The workers fork from the build's process and read every customer's packed targets and
    sketch: held as one buffer of each kind, reading them copies none of its pages."""
    import planner.build as build_module
    from planner.customers import Packed

    held = []
    real = build_module.analyse_lean

    def analysed(*args, **kwargs):
        analysis = real(*args, **kwargs)
        held.append((analysis.targets.customers.sources, analysis.plan.sketches.sources))
        return analysis
    monkeypatch.setattr(build_module, "analyse_lean", analysed)
    build(plans, tmp_path / "out", jobs=1)
    assert held and all(isinstance(m, Packed) for m in held[0])
