"""`planner build`: every document of a plan set into OUT, with OUT/manifest.json.

Everything is computed before the first file is written (as MkDocs and Pelican do): an invalid plan
set raises before OUT is touched. Documents are rendered into a staging folder, the manifest is
written last, and the folder is swapped in whole (`write.publish`).

Rendering is split in tasks (one per customer, one per industry, one for the market plan and the
review workbook), run in parallel processes (`jobs`), and skipped when an earlier build in OUT
made the same task from the same inputs: each task has a cache key, the hash of everything its
documents depend on (its input files, market.yaml, the templates, the language and the planner
version), and its files are then taken over from the earlier OUT instead of rendered again.
The plan set is analysed with `analyse_lean`: an unchanged customer file's result comes from the
plan set's store, and a customer's model is read from its file only by the task that renders it.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import hashlib
import json
import multiprocessing
import queue
import shutil
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planner import __version__
from planner.docnames import document_stems
from planner.errors import Issue, PlanSetInvalid, current_input
from planner.pdf import WORK, convert, require_soffice
from planner.pipeline import Analysis, analyse_lean
from planner.procs import START, default_jobs, give_back_memory
from planner.report.common import FlagCounts
from planner.report.json import plan_info
from planner.resources import TemplateError, Templates
from planner.seal import seal, sealed
from planner.write import (
    check_output_folder,
    discard,
    locked,
    publish,
    recover,
    reuse_file,
    staging_folder,
    stamp,
    write_file,
)

FOLDERS = {"zh": {"customer": "重点客户", "industry": "重点行业", "market": "年度市场营销计划",
                  "review": "审核清单"},
           "en": {"customer": "customers", "industry": "industries", "market": "market-plan",
                  "review": "review"}}
DOCUMENTS_STAGE, PDF_STAGE = "documents", "pdf"  # what build's progress counts
Progress = Callable[[int, int, str], None]  # (done, total, stage)
CACHE_FILE = ".planner-cache.json"  # task cache keys of the build in this folder
# Customers rendered by one worker process before it is replaced by a fresh one: a worker grows
# by 0.3 to 1 MB with each Word document it renders (memory the C allocator keeps after lxml and
# XlsxWriter free it), and a fresh fork starts again from the parent's size. An industry or market
# task, which alone can take a hundred MB at N=5,000, always gets a fresh worker.
BATCH = 25
PRELOAD = 4  # batches per worker from which the build's process imports the renderers itself


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the build, as the manifest lists it."""

    level: str
    id: str | None
    format: str
    path: str
    sha256: str

    def manifest_entry(self) -> dict[str, Any]:
        """The manifest's object for this file."""
        return {"level": self.level, "id": self.id, "format": self.format, "path": self.path,
                "sha256": self.sha256}


@dataclass
class BuildResult:
    """What a build wrote, what it rendered anew, and the review flags of the plan set."""

    out: Path
    outputs: list[Output]
    warnings: list[Issue] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # tasks rendered (the rest were reused)
    tasks: int = 0  # tasks of the build
    converted: list[str] = field(default_factory=list)  # PDFs made anew (--pdf; the rest reused)


@dataclass(frozen=True)
class Task:
    """A unit of rendering: 'customer:<id>', 'industry:<id>' or 'market'."""

    kind: str
    id: str | None
    key: str  # cache key

    @property
    def name(self) -> str:
        """'customer:acme', 'market'."""
        return f"{self.kind}:{self.id}" if self.id else self.kind


@dataclass
class _Job:
    """Everything a renderer needs, shared by all tasks of one build (inherited by workers)."""

    analysis: Analysis
    templates: Templates
    lang: str
    stage: Path
    keep: bool = True  # keep what may serve the next build (the market workbook's rows)
    flags: dict[tuple[str, str | None], list[Issue]] = field(default_factory=dict)
    stems: dict[str, dict[str, str]] = field(default_factory=dict)  # file names (docnames)
    # the market's and regions' flags, and how many there are of each kind and customer: made
    # here, in the build's process, for the market tasks (whose workers then read none of the
    # flags, and so copy none of their pages: 32 MB at 20,000 customers)
    market_flags: list[Issue] = field(init=False, default_factory=list)
    counts: FlagCounts = field(init=False)

    def __post_init__(self) -> None:
        self.stems = self.stems or document_stems(self.analysis.plan, self.lang)
        for w in self.analysis.warnings:
            if w.subject:
                self.flags.setdefault((w.subject.level, w.subject.id), []).append(w)
                if w.subject.level in ("market", "region"):
                    self.market_flags.append(w)
        self.counts = FlagCounts.of(self.analysis.warnings)

    def flags_of(self, level: str, id: str | None) -> list[Issue]:
        """The review flags about one customer, industry, region or the market."""
        return self.flags.get((level, id), [])

    def write(self, level: str, id: str | None, fmt: str, relpath: str, data: bytes) -> Output:
        """Write one file into the staging folder."""
        write_file(self.stage, relpath, data)
        return Output(level, id, fmt, relpath, hashlib.sha256(data).hexdigest())


def _customer(job: _Job, cid: str) -> list[Output]:
    """The key-customer plan: Word and Excel."""
    from planner.render.docx import render_docx
    from planner.render.pictures import customer_charts
    from planner.render.xlsx_customer import customer_workbook
    from planner.report.customer import customer_context

    plan, targets = job.analysis.plan, job.analysis.targets
    assert plan is not None and targets is not None
    source = plan.source("customer", cid)
    current_input.set(source.name if source else cid)
    labels = job.templates.labels
    flags = job.flags_of("customer", cid)
    ctx = customer_context(plan, targets, cid, flags, labels, job.lang)
    name = f"{FOLDERS[job.lang]['customer']}/{job.stems['customer'][cid]}"
    docx = render_docx(job.templates.path("customer.docx"), ctx,
                       customer_charts(plan, targets, cid, labels))
    xlsx = customer_workbook(plan, targets, cid, flags, labels, job.lang, ctx)
    return [job.write("customer", cid, "docx", f"{name}.docx", docx),
            job.write("customer", cid, "xlsx", f"{name}.xlsx", xlsx)]


def _industry(job: _Job, iid: str) -> list[Output]:
    """The key-industry plan: Word and Excel."""
    from planner.render.docx import render_docx
    from planner.render.pictures import industry_charts
    from planner.render.xlsx_plans import industry_workbook
    from planner.report.industry import industry_context

    plan, targets = job.analysis.plan, job.analysis.targets
    assert plan is not None and targets is not None
    source = plan.source("industry", iid)
    current_input.set(source.name if source else f"industry {iid}")
    labels = job.templates.labels
    flags = job.flags_of("industry", iid) + [
        w for c in targets.industries[iid].customers for w in job.flags_of("customer", c)]
    ctx = industry_context(plan, targets, iid, flags, labels, job.lang)
    name = f"{FOLDERS[job.lang]['industry']}/{job.stems['industry'][iid]}"
    docx = render_docx(job.templates.path("industry.docx"), ctx,
                       industry_charts(plan, targets, iid, labels))
    kept = _kept_rows(job, f"{job.lang}\0industry\0{iid}")  # its data sheet's, as the market's
    xlsx = industry_workbook(plan, targets, iid, ctx, labels, job.lang, kept)
    if kept is not None:
        kept.save()
    return [job.write("industry", iid, "docx", f"{name}.docx", docx),
            job.write("industry", iid, "xlsx", f"{name}.xlsx", xlsx)]


def _market_context(job: _Job) -> dict[str, Any]:
    from planner.report.market import market_context

    plan, targets = job.analysis.plan, job.analysis.targets
    assert plan is not None and targets is not None
    current_input.set("market.yaml")
    return market_context(plan, targets, job.market_flags, job.counts, job.templates.labels,
                          job.lang)


def _market(job: _Job, _: Any = None) -> list[Output]:
    """The market plan in Word."""
    from planner.render.docx import render_docx
    from planner.render.pictures import market_charts

    assert job.analysis.plan is not None and job.analysis.targets is not None
    docx = render_docx(job.templates.path("market.docx"), _market_context(job),
                       market_charts(job.analysis.plan, job.analysis.targets,
                                     job.templates.labels))
    return [job.write("market", None, "docx", f"{FOLDERS[job.lang]['market']}.docx", docx)]


def _market_workbook(job: _Job, _: Any = None) -> list[Output]:
    """The market plan in Excel (its own task: with its data sheet it is the largest file)."""
    from planner.render.xlsx_plans import market_workbook
    from planner.report.common import doc_info, flag_rows

    plan, targets = job.analysis.plan, job.analysis.targets
    assert plan is not None and targets is not None

    labels = job.templates.labels
    current_input.set("market.yaml")
    light = {"doc": doc_info(plan, labels, labels["mkt_title"].format(
                 unit=plan.market.plan.unit, year=plan.market.plan.year)),
             "flags": flag_rows(job.market_flags, job.lang, plan)}  # all the workbook takes
    kept = _kept_rows(job, job.lang)  # its data sheet's rows of each customer
    xlsx = market_workbook(plan, targets, light, labels, job.lang, kept)
    if kept is not None:
        kept.save()
    return [job.write("market", None, "xlsx", f"{FOLDERS[job.lang]['market']}.xlsx", xlsx)]


def _kept_rows(job: _Job, part: str) -> Any:
    """The data sheet's rows of each customer (`xlsx_kept.Kept`) kept from the last build of
    one workbook (`part` names it), where unchanged; None in a build that keeps nothing."""
    from planner.render.xlsx_kept import Kept
    from planner.store import Store

    if not job.keep or job.analysis.plan is None:
        return None
    return Kept(Store.open(job.analysis.plan.root, code_digest(), kind="rows", part=part))


def _review(job: _Job, _: Any = None) -> list[Output]:
    """The review workbook: every flag of the plan set."""
    from planner.render.xlsx_plans import review_workbook

    assert job.analysis.plan is not None
    current_input.set("market.yaml")
    review = review_workbook(job.analysis.plan, job.analysis.warnings, job.templates.labels,
                             job.lang)
    return [job.write("review", None, "xlsx", f"{FOLDERS[job.lang]['review']}.xlsx", review)]


RENDER = {"customer": _customer, "industry": _industry, "market": _market,
          "market-xlsx": _market_workbook, "review": _review}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@functools.cache
def code_digest() -> str:
    """The planner version and a hash of its code: an upgrade, or a fix installed without a new
    version number, renders everything again."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def plan_tasks(analysis: Analysis, templates: Templates, lang: str,
               stems: dict[str, dict[str, str]] | None = None) -> list[Task]:
    """Every task of the build with its cache key.

    A customer's documents depend on its file, market.yaml, which industries have a file (a
    review flag), and on what the others make of it (`_standing`): its ranks, its industry's
    quartiles, how many customers there are, its review flags. An industry's depend on its file,
    market.yaml, its customers' files and standing; the market plan and the review workbook on
    every file.
    """
    plan, targets = analysis.plan, analysis.targets
    assert plan is not None and targets is not None
    # a file's name counts as well as its bytes: renaming one changes a review flag
    digest = {key: _digest(source.name, source.digest) for key, source in plan.sources.items()}
    # and its documents' file names (`stems`, when the caller has them): another customer taking
    # the same name renames them
    stems = stems or document_stems(plan, lang)
    common = _digest(code_digest(), templates.digest, lang, digest[("market", None)],
                     ",".join(sorted(plan.industries)))
    standing = _standing(analysis)
    industries = []
    for iid, group in sorted(targets.industries.items(), key=lambda g: -len(g[1].customers)):
        files = [digest.get(("industry", iid), "-"), standing[("industry", iid)]]
        files += [digest[("customer", c)] + standing[("customer", c)]
                  for c in sorted(group.customers)]
        industries.append(Task("industry", iid, _digest(common, stems["industry"][iid], *files)))
    everything = _digest(common, *sorted(digest.values()))
    # the largest jobs first (so the other worker is never left with one at the end, and each
    # runs in a worker that has not grown yet), by their cost as measured (ms, on 2 cores, in
    # an edit's rebuild of 20,000 customers: the market plan 0.33 a customer, the market
    # workbook 0.27 with its data sheet's rows kept, an industry's documents 1.6 a customer of
    # it, the review workbook 0.055 a flag), then the customers
    n = len(plan.customers)
    cost = {"market": 0.33 * n, "market-xlsx": 0.27 * n,
            "review": 0.055 * len(analysis.warnings)}
    big = [Task("market-xlsx", None, everything), Task("market", None, everything),
           Task("review", None, everything), *industries]
    big.sort(key=lambda t: -cost.get(t.kind, 0.0) if t.id is None
             else -1.6 * len(targets.industries[t.id].customers))
    return [*big, *(Task("customer", cid, _digest(common, digest[("customer", cid)],
                                                  stems["customer"][cid],
                                                  standing[("customer", cid)]))
                    for cid in plan.customers)]


def _standing(analysis: Analysis) -> dict[tuple[str, str], str]:
    """What a customer's documents show that other customers' files change (so that its
    documents from an earlier build serve only while it is the same), by ("customer", id): its
    rank in its industry and in the unit, how many customers there are, its industry's
    quartiles of current, potential and overall value, and its review flags; by ("industry",
    id), the industry's own review flags."""
    from planner.compute.pyramid import quartiles

    plan, targets = analysis.plan, analysis.targets
    assert plan is not None and targets is not None
    flags: dict[tuple[str, str], list[str]] = {}
    for w in analysis.warnings:
        if w.subject and w.subject.level in ("customer", "industry") and w.subject.id:
            flags.setdefault((w.subject.level, w.subject.id), []).append(repr(w))
    peers = {iid: repr([quartiles(v) for v in values]) for iid, values in targets.peers.items()}
    ranks = targets.customer_ranks()
    n = str(len(plan.customers))
    out = {("industry", iid): _digest(*flags.get(("industry", iid), []))
           for iid in targets.industries}
    for cid in plan.customers:
        out[("customer", cid)] = _digest(n, repr(ranks.get(cid)),
                                         peers.get(plan.briefs[cid].industry, ""),
                                         *flags.get(("customer", cid), []))
    return out


def _import_renderers() -> None:
    """Import what the tasks import, so forked workers start with it loaded."""
    import planner.render.pictures  # noqa: F401
    import planner.render.xlsx_customer  # noqa: F401
    import planner.render.xlsx_plans  # noqa: F401
    import planner.report.customer  # noqa: F401
    import planner.report.industry  # noqa: F401
    import planner.report.market  # noqa: F401


def _load_templates(templates: Templates) -> None:
    """Read and compile the Word templates (`load_template`: once per process)."""
    from planner.render.docx import load_template

    for name in ("customer.docx", "industry.docx", "market.docx"):
        load_template(templates.path(name))


_WORKER_JOB: _Job | None = None  # set before the worker processes fork; they inherit it


def _start_worker(job: _Job | None) -> None:
    """A worker's first step: Ctrl-C is for the parent, which stops the workers (no worker
    traceback); a spawned worker receives the job here."""
    global _WORKER_JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if job is not None:
        _WORKER_JOB = job


@dataclass(slots=True)
class _Given:
    """What a spawned worker receives with a batch of tasks: their review flags by subject
    (`_Job.flags`), and the review task every flag (`Analysis.issues`)."""

    flags: dict[tuple[str, str | None], list[Issue]]
    issues: list[Issue]


def _given(job: _Job, batch: list[Task]) -> _Given:
    """The flags `batch`'s tasks read (`_customer`, `_industry`, `_review`); the market's tasks
    read the job's own (`market_flags`, `counts`), which every worker is sent."""
    targets = job.analysis.targets
    assert targets is not None
    keys: list[tuple[str, str | None]] = []
    for t in batch:
        if t.kind in ("customer", "industry"):
            keys.append((t.kind, t.id))
        if t.kind == "industry":
            keys += [("customer", c) for c in targets.industries[t.id].customers]
    review = any(t.kind == "review" for t in batch)
    return _Given({k: job.flags[k] for k in keys if k in job.flags},
                  job.analysis.issues if review else [])


def _lean(job: _Job) -> _Job:
    """The job as a spawned worker is sent it: without the review flags (each batch brings its
    own, `_given`: 45,000 at 20,000 customers, 24 MB in every worker)."""
    lean = copy.copy(job)
    lean.analysis = replace(job.analysis, issues=[])
    lean.flags = {}
    return lean


@contextlib.contextmanager
def _in_files(job: _Job) -> Iterator[None]:
    """The customers' packed texts (`customers.Packed`) moved into temporary files for the
    while: spawned workers are sent where they are and map them (`Packed.spill`). Where the
    system's temporary folder cannot take them, they are sent as they are."""
    from planner.customers import packed_of

    plan, targets = job.analysis.plan, job.analysis.targets
    held = packed_of(plan and plan.sketches, targets and targets.customers)
    try:
        folder = Path(tempfile.mkdtemp(prefix="planner-"))
    except OSError:
        yield
        return
    try:
        try:
            for i, packed in enumerate(held):
                packed.spill(folder / f"packed-{i}")
        except OSError:  # (a full disk): the rest are sent as they are
            pass
        yield
    finally:
        for packed in held:
            packed.take_back()
        shutil.rmtree(folder, ignore_errors=True)


class TaskFailed(Exception):
    """A task failed in a worker process: which input it was working on, and why."""

    def __init__(self, input: str, detail: str):
        super().__init__(input, detail)
        self.input, self.detail = input, detail

    def __str__(self) -> str:
        return self.detail


def _run(batch: list[Task], given: _Given | None = None) -> list[tuple[Task, list[Output]]]:
    """Tasks in a worker process; a failure comes back naming the input it was working on. A
    spawned worker is `given` the review flags of this batch's tasks (and all, to the review),
    which it was not sent with the job."""
    assert _WORKER_JOB is not None
    if given is not None:
        _WORKER_JOB.flags = given.flags
        _WORKER_JOB.analysis.issues = given.issues
    done = []
    for task in batch:
        try:
            done.append((task, RENDER[task.kind](_WORKER_JOB, task.id)))
        except (TemplateError, OSError):
            raise  # a template error, or a full disk: not an internal error
        except Exception as e:
            raise TaskFailed(current_input.get() or task.name,
                             f"{type(e).__name__}: {e}") from None
    return done


def _batches(todo: list[Task], workers: int) -> list[list[Task]]:
    """Each industry and market task alone, then the customers in batches of up to BATCH (fewer
    in a small build, so that the workers finish together)."""
    customers = [t for t in todo if t.kind == "customer"]
    size = min(BATCH, max(4, -(-len(customers) // (workers * 4))))
    return [[t] for t in todo if t.kind != "customer"] + [
        customers[i:i + size] for i in range(0, len(customers), size)]


def _recycling(todo: list[Task], customers: int) -> bool:
    """Whether to render each batch in a fresh worker: a fork, and caches warmed up again, cost
    some 60 ms a batch; they pay only where workers would otherwise grow: a build of more than
    four batches of customers, or an industry or market task of a plan set that size (a
    rebuild after one edit, whose market tasks would otherwise share a worker: 532 MB at
    20,000 customers, where each alone takes 424)."""
    big = 4 * BATCH
    return sum(t.kind == "customer" for t in todo) > big or (
        customers > big and any(t.kind != "customer" for t in todo))


Earlier = dict[str, list[tuple[Output, list[int]]]]  # outputs by task, with their stamps


def _earlier_build(out: Path) -> tuple[dict[str, str], Earlier]:
    """The cache keys and the outputs (by task, each with the size and time it was written with)
    of the build already in OUT, from its cache alone, if it is sealed by this user's planner (an
    edited cache, or manifest, is not trusted: everything is rendered again). Each output is
    held as the Output it is again if taken over, its level, format and id one text for all (as
    dicts from the JSON: 41 MB at 20,000 customers, held by the build's process while its
    workers render, against 21 MB)."""
    try:
        # as `_cache_text` writes it: {"seal": "<seal>", "tasks": <the text sealed>}
        raw = (out / CACHE_FILE).read_bytes()
        head, sep, rest = raw.partition(b', "tasks": ')
        if not (sep and head.startswith(b'{"seal": ') and rest.endswith(b"}")):
            return {}, {}
        text = rest[:-1]
        if not sealed(json.loads(head[len(b'{"seal": '):]), text):
            return {}, {}
        one: dict[str | None, str | None] = {}

        def compact(d: dict[str, Any]) -> Any:  # (each object as it is parsed, not all first)
            if d.keys() == _OUTPUT:
                return Output(*(one.setdefault(d[k], d[k]) for k in _SHARED), d["path"],
                              d["sha256"])
            if d.keys() == _TASK:
                return d["key"], list(zip(d["outputs"], d["stamps"], strict=True))
            return d

        tasks = json.loads(text, object_hook=compact)
        keys = {name: key for name, (key, _) in tasks.items()}
        by_task = {name: outputs for name, (_, outputs) in tasks.items()}
        if not all(isinstance(o, Output) for outputs in by_task.values() for o, _ in outputs):
            return {}, {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}  # no earlier build, or not one this version understands: render all
    return keys, by_task


def _cache_text(tasks: list[Task], done: dict[str, list[Output]], stage: Path,
                stamps: dict[str, list[int]]) -> bytes:
    """The cache file: each task's key and files (as the manifest lists them, with their size
    and time: in `stamps` for the files taken over, read for the others), sealed."""
    entries = {t.name: {"key": t.key, "outputs": [o.manifest_entry() for o in done[t.name]],
                        "stamps": [stamps.get(o.path) or stamp(stage / o.path)
                                   for o in done[t.name]]} for t in tasks}
    # (without indent, which would make json use its Python encoder: no person reads this file)
    text = json.dumps(entries, sort_keys=True).encode()
    # json.dumps({"tasks": entries, "seal": ...}, sort_keys=True), the entries dumped once (and
    # the seal checked against their text as it is read back: `_earlier_build`)
    return b'{"seal": ' + json.dumps(seal(text)).encode() + b', "tasks": ' + text + b"}"


_SHARED = ("level", "id", "format")  # an Output's fields before its path and sha256
_OUTPUT = {*_SHARED, "path", "sha256"}  # the keys of an output in the cache
_TASK = {"key", "outputs", "stamps"}  # and of a task


def _made_before(task: Task, keys: dict[str, str], earlier: Earlier) -> bool:
    """Whether the earlier build made this task from the same inputs."""
    return keys.get(task.name) == task.key and bool(earlier.get(task.name))


def _taken_over(tasks: list[Task], out: Path, stage: Path, earlier: Earlier, pdf: bool,
                done: dict[str, list[Output]], stamps: dict[str, list[int]],
                step: int = 200) -> Iterator[list[Task]]:
    """The files of the earlier build's `tasks` taken over into the stage (`done`, `stamps`),
    `step` tasks at a time: after each step, the tasks whose files were not all still there as
    they were written (to be rendered again)."""
    for i in range(0, len(tasks), step):
        failed = []
        for task in tasks[i:i + step]:
            reused = _reuse(task, out, stage, earlier, pdf, stamps)
            if reused is None:
                failed.append(task)
            else:
                done[task.name] = reused
        yield failed


def _reuse(task: Task, out: Path, stage: Path, earlier: Earlier, pdf: bool,
           stamps: dict[str, list[int]]) -> list[Output] | None:
    """The files of a task the earlier build made from the same inputs (`_made_before`), taken
    over (its PDFs only when this build makes PDFs too), each one's stamp in the stage into
    `stamps`; None when one of them is no longer as it was written."""
    outputs = []
    for o, s in earlier[task.name]:
        if o.format == "pdf" and not pdf:
            continue
        stamped = reuse_file(out, stage, o.path, o.sha256, s)
        if stamped is None:
            return None
        stamps[o.path] = stamped
        outputs.append(o)
    return outputs


def _render_in_workers(job: _Job, todo: list[Task], workers: int,
                       finished: Callable[[Task, list[Output]], None],
                       meanwhile: Iterator[list[Task]] | None = None) -> None:
    """The tasks in `workers` processes (forked: they inherit the whole job; spawned: they are
    sent it); in a big build, each batch of tasks in a fresh one. The build's process works
    through `meanwhile` while they render, and renders the tasks it gives as well."""
    global _WORKER_JOB
    fork = START == "fork"
    plan = job.analysis.plan
    recycle = fork and plan is not None and _recycling(todo, len(plan.customers))
    batches = _batches(todo, workers) if recycle else [[t] for t in todo]
    # what the workers import and read, once, here, for them all to inherit (when they are
    # many, or each in a fresh worker: 45 MB and 0.4 s in each of them otherwise); not for a
    # few tasks of a small plan set, whose workers each read only what their own task needs
    if fork and (len(batches) > PRELOAD * workers or recycle):
        _import_renderers()
        _load_templates(job.templates)
    if fork:
        _WORKER_JOB = job
        # the parent's objects (the whole plan set) out of the workers' garbage collections,
        # which would walk them all, and copy on write the pages they touch: 7 ms a customer
        gc.collect()
        give_back_memory()
        gc.freeze()
    # a spawned worker is sent the job when it starts, without the flags and with the
    # customers' packed texts in files (`_lean`, `_in_files`: 3 MB pickled at 5,000 customers,
    # where the whole job is 16 MB); it renders every task it is given rather than be replaced
    # by a fresh one each batch, and each batch brings the flags its tasks read (`_given`)
    try:
        with contextlib.ExitStack() as stack:
            if not fork:
                stack.enter_context(_in_files(job))
            pool = stack.enter_context(multiprocessing.get_context(START).Pool(
                workers, _start_worker, (None if fork else _lean(job),),
                maxtasksperchild=1 if recycle else None))
            given = None if fork else functools.partial(_given, job)
            for done in _dispatched(pool, _run, batches, workers, meanwhile, given):
                for task, outputs in done:
                    finished(task, outputs)
    finally:
        _WORKER_JOB = None
        gc.unfreeze()


def _dispatched(pool: Any, run: Callable[..., Any], batches: list[list[Task]],
                workers: int, meanwhile: Iterator[list[Task]] | None = None,
                given: Callable[[list[Task]], Any] | None = None) -> Iterator[Any]:
    """What `run` gives for each batch (with what `given` gives for it, where given), run in the
    pool `workers` at a time, as each comes; in between, a step of `meanwhile` at a time, whose
    tasks are run too.

    The industry and market tasks, which take 130 to 220 MB each at 20,000 customers, run one at
    a time while there are batches of customers to run beside them (the build then holds one
    such task's memory, not one in every worker), and in every worker once there are none: no
    worker waits while there is work."""
    large = deque(b for b in batches if b[0].kind != "customer")
    small = deque(b for b in batches if b[0].kind == "customer")
    came: queue.SimpleQueue[tuple[bool, Any, BaseException | None]] = queue.SimpleQueue()
    running = running_large = 0
    while large or small or running or meanwhile is not None:
        while running < workers and (large or small):
            is_large = bool(large) and (not running_large or not small)
            batch = large.popleft() if is_large else small.popleft()
            pool.apply_async(run, (batch,) if given is None else (batch, given(batch)),
                             callback=lambda r, k=is_large: came.put((k, r, None)),
                             error_callback=lambda e, k=is_large: came.put((k, None, e)))
            running, running_large = running + 1, running_large + is_large
        if meanwhile is not None:
            try:
                for task in next(meanwhile):
                    (small if task.kind == "customer" else large).append([task])
            except StopIteration:
                meanwhile = None
        try:  # (with a timeout: a wait without one is deaf to Ctrl-C on Windows)
            was_large, result, error = (came.get_nowait() if meanwhile is not None
                                        else came.get(timeout=0.5))
        except queue.Empty:
            continue
        running, running_large = running - 1, running_large - was_large
        if error is not None:
            raise error
        yield result


def _pdfs(soffice: str, stage: Path, done: dict[str, list[Output]], jobs: int,
          progress: Progress | None) -> list[str]:
    """A PDF beside every Word document of the stage that has none from the earlier build yet;
    the PDFs made."""
    todo = {name: [o for o in outputs if o.format == "docx"
                   and not any(p.path == _pdf_path(o) for p in outputs)]
            for name, outputs in done.items()}
    convert(soffice, [stage / o.path for docs in todo.values() for o in docs], stage / WORK, jobs,
            (lambda n, total: progress(n, total, PDF_STAGE)) if progress else None)
    for name, docs in todo.items():
        for o in docs:
            data = (stage / _pdf_path(o)).read_bytes()
            done[name].append(Output(o.level, o.id, "pdf", _pdf_path(o),
                                     hashlib.sha256(data).hexdigest()))
    return [_pdf_path(o) for docs in todo.values() for o in docs]


def _pdf_path(docx: Output) -> str:
    return docx.path.removesuffix(".docx") + ".pdf"


def build(root: Path, out: Path, templates_dir: Path | None = None, lang: str = "zh",
          jobs: int | None = None, force: bool = False,
          progress: Progress | None = None, pdf: bool = False) -> BuildResult:
    """Build every document of the plan set in `root` into `out` (with `pdf`, a PDF of each
    Word document too). `progress(done, total, stage)` says how far it is: after each task
    rendered (stage DOCUMENTS_STAGE, of all tasks, reused ones counting as done), then after
    each PDF made (PDF_STAGE, of the PDFs to make).

    Raises PlanSetInvalid (with every issue) before anything is written when the plan set has
    errors, OutputError when OUT cannot be used, PdfError when LibreOffice is missing (before
    anything is written) or fails. With `force`, nothing is reused from an earlier build.
    """
    soffice = require_soffice() if pdf else None
    # (its customers' packed texts in one buffer each, which the workers share: `share`)
    analysis = analyse_lean(root, keep=not force, share=True)
    if analysis.errors:
        raise PlanSetInvalid(analysis.issues)
    plan = analysis.plan
    assert plan is not None
    templates = Templates(templates_dir, lang)
    templates.labels  # noqa: B018 - a broken labels file fails here, before OUT is touched
    if templates_dir is not None:  # a user's template that is broken fails here too
        _load_templates(templates)
    stems = document_stems(plan, lang)  # (the tasks' keys and the documents' names)
    tasks = plan_tasks(analysis, templates, lang, stems)
    with locked(out):
        recover(out)
        keys, earlier = _earlier_build(out)
        # nothing planner did not write, or changed since, is in OUT (it is replaced whole),
        # and it is not a business review
        check_output_folder(out, lang, {o.path: s for entries in earlier.values()
                                        for o, s in entries}, ("review", "build_review_folder"))
        if force:
            keys, earlier = {}, {}
        stage = staging_folder(out)
        try:
            job = _Job(analysis, templates, lang, stage, keep=not force, stems=stems)
            done: dict[str, list[Output]] = {}
            stamps: dict[str, list[int]] = {}  # of the files taken over
            # the tasks made from the same inputs by the earlier build have their files taken
            # over from it while the others render (40,000 files at 20,000 customers: 3 s)
            known: list[Task] = []
            todo: list[Task] = []
            for task in tasks:
                (known if _made_before(task, keys, earlier) else todo).append(task)
            count = [len(known)]
            again: list[Task] = []  # made before, but their files could not be taken over

            def finished(task: Task, outputs: list[Output]) -> None:
                done[task.name] = outputs
                count[0] += 1
                if progress:
                    progress(count[0], len(tasks), DOCUMENTS_STAGE)

            def taking_over() -> Iterator[list[Task]]:
                for failed in _taken_over(known, out, stage, earlier, soffice is not None, done,
                                          stamps):
                    count[0] -= len(failed)  # they count when they are rendered
                    again.extend(failed)
                    yield failed

            workers = min(jobs or default_jobs(), len(todo))
            # one process renders a small build itself; a big one is always rendered in worker
            # processes, one at least, so that no process grows with the number of documents
            if todo and (workers > 1 or _recycling(todo, len(plan.customers))):
                _render_in_workers(job, todo, workers, finished, taking_over())
            else:
                for task in [*todo, *(t for failed in taking_over() for t in failed)]:
                    finished(task, RENDER[task.kind](job, task.id))
            converted = (_pdfs(soffice, stage, done, jobs or default_jobs(), progress)
                         if soffice else [])
            order = {"customer": 0, "industry": 1, "market": 2, "market-xlsx": 3, "review": 4}
            ordered = sorted(tasks, key=lambda t: (order[t.kind], t.id or ""))
            outputs = [o for task in ordered for o in done[task.name]]
            manifest = {"plan": plan_info(plan), "generated_by": f"planner {__version__}",
                        "outputs": [o.manifest_entry() for o in outputs]}
            write_file(stage, CACHE_FILE, _cache_text(tasks, done, stage, stamps))
            publish(stage, out, manifest)
        except TaskFailed as e:
            discard(stage)
            current_input.set(e.input)
            raise
        except BaseException:
            discard(stage)
            raise
    names = {t.name for t in [*todo, *again]}
    return BuildResult(out, outputs, analysis.warnings, [t.name for t in tasks if t.name in names],
                       len(tasks), converted)
