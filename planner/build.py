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
from planner.compute import Targets
from planner.compute.value import wallet_by_line
from planner.errors import Issue, PlanSetInvalid, current_input
from planner.pipeline import Analysis, analyse
from planner.render import charts
from planner.render.docx import render_docx
from planner.render.xlsx_customer import customer_workbook
from planner.report.common import Names
from planner.report.customer import customer_context
from planner.report.json import plan_info
from planner.resources import Templates
from planner.validate import PlanSet
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


def customer_charts(plan: PlanSet, targets: Targets, cid: str,
                    L: dict[str, str]) -> dict[str, bytes | None]:
    """The quarterly stacked bars and the share-of-wallet bars of a customer plan."""
    q = targets.customers[cid].figures.quarters
    quarters = charts.stacked_bars(
        [L["q1"], L["q2"], L["q3"], L["q4"]],
        [(L["stock"], [float(x) for x in q.stock]),
         (L["increment"], [float(x) for x in q.increment]),
         (L["winback"], [float(x) for x in q.winback])], L["chart_quarters"])
    wallet = wallet_by_line(plan.customers[cid])
    share = None
    if wallet:
        names = Names(plan)
        lines = list(wallet)
        cat = plan.market.catalog
        carriers = [k for k in [cat.operator, *cat.competitors]
                    if any(k in row for row in wallet.values())]
        share = charts.share_bars([names.line(ln) for ln in lines],
                                  [(k, [float(wallet[ln].get(k, 0)) for ln in lines])
                                   for k in carriers], L["chart_wallet"])
    return {"quarters": quarters, "wallet": share}


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
            ids = list(plan.customers)
            for i, cid in enumerate(ids):
                outputs += _customer(job, cid)
                if progress:
                    progress(i + 1, len(ids))
            manifest = {"plan": plan_info(plan), "generated_by": f"planner {__version__}",
                        "outputs": [o.manifest_entry() for o in outputs]}
            publish(stage, out, manifest)
        except BaseException:
            discard(stage)
            raise
    return BuildResult(out, outputs, analysis.warnings)
