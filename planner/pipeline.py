"""The stages in order: load -> validate -> compute -> review. The library's entry point."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from planner.compute import Targets, compute_targets
from planner.compute.plan import CustomerTargets, assemble
from planner.customers import (
    Decoded,
    Known,
    LazyCustomers,
    Packed,
    Result,
    context_of,
    digest_of,
    duplicate_issues,
    read_many,
)
from planner.errors import Issue, current_input, errors_of, sorted_issues, warnings_of
from planner.load import Source, display_name, load_plan_set
from planner.procs import default_jobs
from planner.review import customer_flags, plan_flags, review
from planner.sketch import Sketch
from planner.store import Store
from planner.validate import Brief, PlanSet, validate_context, validate_plan_set


@dataclass
class Analysis:
    """A plan set read and checked: the plan and its targets when valid, and every issue."""

    plan: PlanSet | None
    targets: Targets | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """The errors, in print order."""
        return errors_of(self.issues)

    @property
    def warnings(self) -> list[Issue]:
        """The review flags, in print order."""
        return warnings_of(self.issues)


def analyse(root: Path) -> Analysis:
    """Load, validate, compute and review the plan set in folder `root`, every model in memory
    (`analyse_lean` is for plan sets of any size)."""
    raw, issues = load_plan_set(root)
    plan, found = validate_plan_set(raw)
    issues += found
    if plan is None or errors_of(issues):
        return Analysis(None, None, sorted_issues(issues))
    targets = compute_targets(plan)
    issues = sorted_issues(issues + review(plan, targets))
    for source in plan.sources.values():  # every issue has its position by now
        source.forget_marks()
    return Analysis(plan, targets, issues)


def analyse_lean(root: Path, keep: bool = True, jobs: int | None = None,
                 known: Known | None = None, share: bool = False) -> Analysis:
    """`analyse`, for a plan set of any size: each customer file is read, validated, computed
    and reviewed on its own (`planner.customers`), or its result taken from the store when the
    file and its context are unchanged (kept there for the next run, with `keep`); many files
    to read are read in `jobs` processes (all cores by default). The plan's customers are read
    again from their files when asked for; their briefs are in memory, their targets and
    sketches as the store's text. A long-running caller passes `known`, the results of its
    previous analysis (updated here): an unchanged file's is taken from there. With `share`
    (a build's, whose workers fork from its process), the customers' packed texts are held in
    one buffer of each kind (`Packed`), which the workers share however many customers they
    read; it costs a copy while it is made (47 MB at 20,000 customers), which `check` and
    `targets` have no reason to pay."""
    raw, issues = load_plan_set(root, customers=False)
    plan, refs = validate_context(raw, issues)
    full = plan.market is not None and not errors_of(issues)
    context = context_of(raw)
    if known is not None and known.context != context:
        known.context, known.results = context, {}
    store = Store.open(root, context) if keep and not (known and known.results) \
        else Store(None, context)
    results: list[Result | None] = []
    todo: list[tuple[int, Path, str]] = []
    paths: dict[str, Path] = {}  # each file by its name in messages
    for path in raw.customer_files:
        name = display_name(path, root)
        paths[name] = path
        current_input.set(name)
        digest = digest_of(path)
        held = known.results.get(name) if known is not None else None
        if held is not None and held.digest == digest:
            results.append(held)
            continue
        record = store.get(name, digest) if digest else None
        if record is not None:
            try:
                results.append(Result.from_record(name, digest, record))  # type: ignore[arg-type]
                continue
            except (TypeError, ValueError, KeyError, IndexError):
                pass  # a record of another shape: read the file again
        todo.append((len(results), path, name))
        results.append(None)
    flagger = customer_flags if full else None  # (no flags against a broken market.yaml)
    read = read_many(root, [(p, n) for _, p, n in todo], plan, refs, flagger, context,
                     jobs or default_jobs())
    for (i, _, name), (result, text) in zip(todo, read):
        results[i] = result
        if full and result.digest:
            store.put_text(name, result.digest, text)
    results = [r for r in results if r is not None]
    if known is not None:  # the files of this analysis only (a file gone is forgotten)
        known.results = {r.name: r for r in results} if full else {}
    for r in results:
        issues += r.issues
    issues += duplicate_issues(results)
    store.save()
    if errors_of(issues) or not full:
        return Analysis(None, None, sorted_issues(issues))
    ok = sorted((r for r in results if r.brief and r.targets and r.sketch and r.contract),
                key=lambda r: r.brief.id)
    if share:
        _close_together(ok)
    sources = {r.brief.id: Source(paths[r.name], r.name, None, r.digest) for r in ok}
    plan.customers = LazyCustomers(sources)
    plan.sources.update({("customer", cid): s for cid, s in sources.items()})
    plan.briefs = {r.brief.id: r.brief for r in ok}

    ids = [r.brief.id for r in ok]  # (in order)

    def held(name: str) -> Mapping[str, bytes]:
        if share:  # each in one buffer, taken from the results
            return Packed(ids, _taken(ok, name))
        return {r.brief.id: getattr(r, name) for r in ok}  # type: ignore[union-attr]

    plan.sketches = Decoded(Sketch, held("sketch"))  # type: ignore[misc]
    targets = assemble(plan, Decoded(CustomerTargets, held("targets"), contract=held("contract")),
                       plan.briefs)  # type: ignore[misc]
    flags = [f for r in ok for f in r.flags] + plan_flags(plan, targets)
    return Analysis(plan, targets, sorted_issues(issues + flags))


def _close_together(results: list[Result]) -> None:
    """Each result's brief made again, with new texts of its id and name and one text of each
    industry, region and manager for all, one after the other while the old ones are still held
    (so that none takes the place an old one leaves). A worker forked from a build's process
    that reads every customer (a market plan's) writes the reference counts of these, and so
    copies the memory pages they are on: read back from the store, each customer's were on pages
    of that customer's record (going over 20,000 ids copied 25 MB, against 4 MB close together).
    """
    one: dict[str, str] = {}
    briefs = [_brief_anew(r.brief, one) for r in results]
    for r, b in zip(results, briefs, strict=True):
        r.brief = b


def _brief_anew(b: Brief | None, one: dict[str, str]) -> Brief:
    """A brief with new texts of its id and name, and its industry, region and manager as held
    in `one` (the first of each)."""
    assert b is not None  # (the results with a brief only)
    return replace(b, id=_anew(b.id), name=_anew(b.name),
                   industry=one.setdefault(b.industry, b.industry),
                   region=one.setdefault(b.region, b.region),
                   manager=b.manager and one.setdefault(b.manager, b.manager))


def _anew(text: str) -> str:
    """A new object of the same text."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


def _taken(results: list[Result], name: str) -> Iterator[bytes]:
    """Each result's packed text of one kind, let go of by the result."""
    for r in results:
        data = getattr(r, name)
        setattr(r, name, None)
        yield data
