"""`planner build`: every document of a plan set into OUT, with OUT/manifest.json.

Everything is computed before the first file is written (as MkDocs and Pelican do): an invalid plan
set raises before OUT is touched. Documents are rendered into a staging folder, the manifest is
written last, and the folder is swapped in whole (`write.publish`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner import __version__
from planner.errors import Issue, PlanSetInvalid, current_input
from planner.pipeline import Analysis, analyse
from planner.render.docx import render_docx
from planner.render.pictures import customer_charts, industry_charts, market_charts
from planner.render.xlsx_customer import customer_workbook
from planner.render.xlsx_plans import industry_workbook, market_workbook, review_workbook
from planner.report.customer import customer_context
from planner.report.industry import industry_context
from planner.report.json import plan_info
from planner.report.market import market_context
from planner.resources import Templates
from planner.write import check_output_folder, discard, locked, publish, staging_folder, write_file

FOLDERS = {"zh": {"customer": "重点客户", "industry": "重点行业", "market": "年度市场营销计划",
                  "review": "审核清单"},
           "en": {"customer": "customers", "industry": "industries", "market": "market-plan",
                  "review": "review"}}


@dataclass(frozen=True)
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
    """What a build wrote, and the review flags of the plan set."""

    out: Path
    outputs: list[Output]
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class _Job:
    """Everything a renderer needs, shared by all documents of one build."""

    analysis: Analysis
    templates: Templates
    lang: str
    stage: Path

    def flags_of(self, level: str, id: str | None) -> list[Issue]:
        return [w for w in self.analysis.warnings if w.subject and w.subject.level == level
                and w.subject.id == id]

    def write(self, level: str, id: str | None, fmt: str, relpath: str, data: bytes) -> Output:
        write_file(self.stage, relpath, data)
        return Output(level, id, fmt, relpath, hashlib.sha256(data).hexdigest())


def _customer(job: _Job, cid: str) -> list[Output]:
    """The key-customer plan: Word and Excel."""
    plan, targets = job.analysis.plan, job.analysis.targets
    assert plan is not None and targets is not None
    source = plan.source("customer", cid)
    current_input.set(source.name if source else cid)
    labels = job.templates.labels
    flags = job.flags_of("customer", cid)
    ctx = customer_context(plan, targets, cid, flags, labels, job.lang)
    folder = FOLDERS[job.lang]["customer"]
    pictures = customer_charts(plan, targets, cid, labels)
    docx = render_docx(job.templates.path("customer.docx"), ctx, pictures)
    xlsx = customer_workbook(plan, targets, cid, flags, labels, job.lang, ctx)
    return [job.write("customer", cid, "docx", f"{folder}/{cid}.docx", docx),
            job.write("customer", cid, "xlsx", f"{folder}/{cid}.xlsx", xlsx)]


def _industry(job: _Job, iid: str) -> list[Output]:
    """The key-industry plan: Word and Excel."""
    plan, targets = job.analysis.plan, job.analysis.targets
    assert plan is not None and targets is not None
    current_input.set(f"industries/{iid}")
    labels = job.templates.labels
    flags = job.flags_of("industry", iid) + [
        w for c in targets.industries[iid].customers for w in job.flags_of("customer", c)]
    ctx = industry_context(plan, targets, iid, flags, labels, job.lang)
    folder = FOLDERS[job.lang]["industry"]
    docx = render_docx(job.templates.path("industry.docx"), ctx,
                       industry_charts(plan, targets, iid, labels))
    xlsx = industry_workbook(plan, targets, iid, ctx, labels, job.lang)
    return [job.write("industry", iid, "docx", f"{folder}/{iid}.docx", docx),
            job.write("industry", iid, "xlsx", f"{folder}/{iid}.xlsx", xlsx)]


def _market(job: _Job) -> list[Output]:
    """The market plan (Word and Excel) and the review workbook."""
    plan, targets = job.analysis.plan, job.analysis.targets
    assert plan is not None and targets is not None
    current_input.set("market.yaml")
    labels = job.templates.labels
    flags = [w for w in job.analysis.warnings
             if w.subject and w.subject.level in ("market", "region")]
    ctx = market_context(plan, targets, flags, job.analysis.warnings, labels, job.lang)
    names = FOLDERS[job.lang]
    docx = render_docx(job.templates.path("market.docx"), ctx,
                       market_charts(plan, targets, labels))
    xlsx = market_workbook(plan, targets, ctx, labels, job.lang)
    review = review_workbook(plan, job.analysis.warnings, labels, job.lang)
    return [job.write("market", None, "docx", f"{names['market']}.docx", docx),
            job.write("market", None, "xlsx", f"{names['market']}.xlsx", xlsx),
            job.write("review", None, "xlsx", f"{names['review']}.xlsx", review)]


def build(root: Path, out: Path, templates_dir: Path | None = None, lang: str = "zh",
          progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Build every document of the plan set in `root` into `out`.

    Raises PlanSetInvalid (with every issue) before anything is written when the plan set has
    errors, and OutputError when OUT cannot be used.
    """
    analysis = analyse(root)
    if analysis.errors:
        raise PlanSetInvalid(analysis.issues)
    plan = analysis.plan
    assert plan is not None
    templates = Templates(templates_dir, lang)
    templates.labels  # noqa: B018 - a broken labels file fails here, before OUT is touched
    with locked(out):
        check_output_folder(out)
        stage = staging_folder(out)
        try:
            job = _Job(analysis, templates, lang, stage)
            outputs: list[Output] = []
            tasks = [(_customer, cid) for cid in plan.customers]
            tasks += [(_industry, iid) for iid in analysis.targets.industries]
            for i, (task, key) in enumerate(tasks):
                outputs += task(job, key)
                if progress:
                    progress(i + 1, len(tasks) + 1)
            outputs += _market(job)
            manifest = {"plan": plan_info(plan), "generated_by": f"planner {__version__}",
                        "outputs": [o.manifest_entry() for o in outputs]}
            publish(stage, out, manifest)
        except BaseException:
            discard(stage)
            raise
    return BuildResult(out, outputs, analysis.warnings)
