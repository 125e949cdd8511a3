"""`planner review`: the periodic business review (定期业务回顾) of a plan set against actual
revenue: Word and Excel for every key customer, every industry with key customers, and the market,
into OUT with OUT/manifest.json; the files are named for people as the build names them
(planner/docnames.py: `重点客户/<customer name>.docx`), the manifest keeps the ids.

Like `planner build`, everything is read and computed before OUT is touched (an invalid plan set
or an actuals file with errors leaves OUT as it was), documents are rendered into a staging folder
beside OUT under its lock, and the folder is swapped in whole with the manifest written last
(planner/write.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from planner import __version__
from planner.actuals import Actuals, Options, read_actuals
from planner.build import Output
from planner.compute.review_actuals import Review, review_actuals
from planner.docnames import document_stems
from planner.errors import Issue, PlanSetInvalid, current_input, errors_of
from planner.load import display_name
from planner.pipeline import Analysis, analyse
from planner.report.json import plan_info
from planner.resources import Templates
from planner.validate import PlanSet
from planner.write import (
    check_output_folder,
    discard,
    locked,
    publish,
    staging_folder,
    write_file,
)

FOLDERS = {"zh": {"customer": "重点客户", "industry": "重点行业", "market": "市场业务回顾"},
           "en": {"customer": "customers", "industry": "industries", "market": "market-review"}}


class ActualsInvalid(Exception):
    """The actual revenue files have errors; carries every issue (errors and warnings)."""

    def __init__(self, issues: list[Issue]):
        super().__init__(f"{len(errors_of(issues))} error(s)")
        self.issues = issues


@dataclass
class ReviewRun:
    """A plan set reviewed against its actuals: everything the documents and the JSON need."""

    analysis: Analysis
    actuals: Actuals
    review: Review
    warnings: list[Issue] = field(default_factory=list)  # of reading the actuals

    @property
    def plan(self) -> PlanSet:
        """The (valid) plan set."""
        assert self.analysis.plan is not None
        return self.analysis.plan


def run_review(root: Path, files: Sequence[Path], through: int, threshold: Decimal,
               options: Options = Options()) -> ReviewRun:
    """Read the plan set and the actuals and compare them through quarter `through`.

    Raises PlanSetInvalid when the plan set has errors, ActualsInvalid when an actuals file has.
    """
    analysis = analyse(root)
    if analysis.errors:
        raise PlanSetInvalid(analysis.issues)
    assert analysis.plan is not None and analysis.targets is not None
    names = [_shown(p) for p in files]
    options = Options(options.columns, options.sheet, options.unit, through,
                      options.skip_unknown_customers)
    actuals, issues = read_actuals(files, names, analysis.plan, options)
    if actuals is None:
        raise ActualsInvalid(issues)
    current_input.set(", ".join(names))
    review = review_actuals(analysis.plan, analysis.targets, actuals.amounts, through, threshold)
    return ReviewRun(analysis, actuals, review, issues)


def _shown(path: Path) -> str:
    try:
        return display_name(path, Path.cwd())
    except ValueError:
        return str(path)


def manifest_review(run: ReviewRun) -> dict[str, Any]:
    """The manifest's `review` object: what was compared (it also marks OUT as a review)."""
    return {"through": f"Q{run.review.through}", "threshold": float(run.review.threshold),
            "actuals": [{"file": s.file, "sheet": s.sheet, "sha256": s.sha256}
                        for s in run.actuals.sources]}


def write_review(run: ReviewRun, out: Path, templates_dir: Path | None = None,
                 lang: str = "zh") -> list[Output]:
    """Render every review document into a staging folder and swap it in for `out`."""
    templates = Templates(templates_dir, lang)
    labels = templates.labels  # a broken labels file fails here, before OUT is touched
    with locked(out):
        # not a plan build, nor anything planner did not write
        check_output_folder(out, lang, not_over=("build", "review_plan_build"))
        stage = staging_folder(out)
        try:
            outputs = _render_all(run, templates, labels, lang, stage)
            manifest = {"plan": plan_info(run.plan), "generated_by": f"planner {__version__}",
                        "review": manifest_review(run),
                        "outputs": [o.manifest_entry() for o in outputs]}
            publish(stage, out, manifest)
        except BaseException:
            discard(stage)
            raise
    return outputs


def _render_all(run: ReviewRun, templates: Templates, L: dict[str, str], lang: str,
                stage: Path) -> list[Output]:
    from planner.render.docx import render_docx
    from planner.render.review_charts import review_charts
    from planner.render.xlsx_business_review import review_workbook
    from planner.report.business_review import (
        customer_review_context,
        industry_review_context,
        market_review_context,
    )

    plan, review, actuals = run.plan, run.review, run.actuals
    folders = FOLDERS[lang]
    stems = document_stems(plan, lang)  # named for people, as the build names them
    outputs: list[Output] = []

    def write(level: str, id: str | None, relpath: str, ctx: dict[str, Any]) -> None:
        docx = render_docx(templates.path(f"review_{level}.docx"), ctx,
                           review_charts(plan, review, level, id, L))
        xlsx = review_workbook(plan, review, level, id, ctx, L, lang)
        for fmt, data in (("docx", docx), ("xlsx", xlsx)):
            write_file(stage, f"{relpath}.{fmt}", data)
            outputs.append(Output(level, id, fmt, f"{relpath}.{fmt}",
                                  hashlib.sha256(data).hexdigest()))

    for cid in review.customers:
        source = plan.source("customer", cid)
        current_input.set(source.name if source else cid)
        write("customer", cid, f"{folders['customer']}/{stems['customer'][cid]}",
              customer_review_context(plan, review, actuals, cid, L, lang))
    for iid in review.industries:
        current_input.set(f"industry {iid}")
        write("industry", iid, f"{folders['industry']}/{stems['industry'][iid]}",
              industry_review_context(plan, review, actuals, iid, L, lang))
    current_input.set("market.yaml")
    write("market", None, folders["market"], market_review_context(plan, review, actuals, L,
                                                                   lang))
    return outputs
