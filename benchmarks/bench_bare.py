"""`planner build` against the bare best-library pipeline, paired in one run.

    python benchmarks/bench_bare.py [--n 1000] [--rounds 3] [--jobs 2] [--keep DIR]

The BARE pipeline is what a competent engineer would write with the best libraries to produce,
for each customer of the same generated plan set, one Word document and one workbook, with no
charts, in 2 processes:

- the .docx from planner's own customer template with docxtpl, its Jinja compiled once per
  process and reused for every customer: docxtpl alone re-cleans and re-compiles the body,
  header and footer on every render, compiles its core properties (which hold no Jinja here)
  again, and runs a regex pass over the whole XML to turn newlines in values into Word breaks;
  the bare pipeline does none of that per customer (the properties are left as they are, a
  Jinja `finalize` makes the breaks); stock docxtpl otherwise: its document model opened for
  each render, its table fix-up, its save;
- the .xlsx with XlsxWriter (in_memory): every table of the document (every list of rows in
  the context: stock, opportunities, win-backs, targets, quarters, wallet, contacts,
  activities, value, flags, ...), each with a header row, figures written as numbers, three
  formats, on 9 sheets as planner's customer workbook has.

Its input is planner's own context of each customer (the same fields and tables, as text),
made before the clock starts and stored as one pickle per customer: computing the plan is not
the bare pipeline's job, reading its data is (the pickles are read inside the timed run). The
timed run is a fresh `python` process (start-up and imports counted, as they are for planner),
started under /usr/bin/time -v like the planner build.

PLANNER is `planner build PLANS -o OUT --force` into an empty OUT: everything it does (load,
check, compute, review, every customer docx + xlsx with their charts, the industry and market
documents, the review workbook, the manifest).

The two run alternately, `--rounds` times each (bare first), so that a change of the machine's
load hits both alike; each figure is printed, then the medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_build  # noqa: E402  (benchmarks/bench_build.py)
import generate  # noqa: E402

GOAL = 1.2  # issue 21: a build costs at most 1.2× the bare pipeline


# ---------------------------------------------------------------- preparing (not timed)

def prepare(plans: Path, ctxdir: Path) -> Path:
    """One pickle of planner's context per customer in `ctxdir`; the template's path."""
    from planner.build import _Job
    from planner.pipeline import analyse
    from planner.report.customer import customer_context
    from planner.resources import Templates

    analysis = analyse(plans)
    assert analysis.plan is not None and analysis.targets is not None, analysis.errors[:3]
    templates = Templates(None, "zh")
    job = _Job(analysis, templates, "zh", ctxdir)
    ctxdir.mkdir(parents=True, exist_ok=True)
    for cid in analysis.plan.customers:
        ctx = customer_context(analysis.plan, analysis.targets, cid,
                               job.flags_of("customer", cid), templates.labels, "zh")
        (ctxdir / f"{cid}.pkl").write_bytes(pickle.dumps(ctx, pickle.HIGHEST_PROTOCOL))
    return templates.path("customer.docx")


# ---------------------------------------------------------------- the bare pipeline (timed)

def bare_main(template: str, ctxdir: str, outdir: str, processes: int) -> None:
    """The bare pipeline, in its own process: every context in ctxdir to a docx and an xlsx."""
    import concurrent.futures

    paths = sorted(str(p) for p in Path(ctxdir).glob("*.pkl"))
    Path(outdir).mkdir(parents=True, exist_ok=True)
    chunks = [paths[i::processes] for i in range(processes)]
    with concurrent.futures.ProcessPoolExecutor(processes) as pool:
        list(pool.map(_bare_chunk, [template] * processes, chunks, [outdir] * processes))


def _bare_chunk(template: str, paths: list[str], outdir: str) -> int:
    import jinja2

    env = jinja2.Environment(autoescape=True, finalize=_breaks)
    tpl = _compiled_once_template(template, env)
    for p in paths:
        ctx = pickle.loads(Path(p).read_bytes())
        stem = Path(p).stem
        ctx["charts"] = {"quarters": None, "wallet": None}  # no charts
        ctx["num"] = _Numbering(ctx["L"])
        tpl.render(ctx, tpl.env, autoescape=True)
        tpl.save(os.path.join(outdir, f"{stem}.docx"))
        _bare_workbook(ctx, os.path.join(outdir, f"{stem}.xlsx"))
    return len(paths)


def _breaks(value: object) -> object:
    """A printed value: newlines as Word line breaks (the rest Jinja escapes)."""
    from markupsafe import Markup, escape

    if value is None:
        return ""
    text = value if hasattr(value, "__html__") else str(value)
    if "\n" not in text or hasattr(text, "__html__"):
        return text
    return Markup('</w:t><w:br/><w:t xml:space="preserve">').join(
        escape(line) for line in text.split("\n"))


def _compiled_once_template(path: str, env: object) -> object:
    """A docxtpl template whose patched and compiled Jinja parts are reused between renders."""
    import re

    from docxtpl import DocxTemplate

    class CompiledOnce(DocxTemplate):
        compiled: dict[str, object] = {}

        def _part(self, key: str, xml: object, part: object, context: dict) -> str:
            if key not in self.compiled:
                src = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.patch_xml(xml()))
                self.compiled[key] = self.env.from_string(src)
            self.current_rendering_part = part
            out = re.sub(r"\n<w:p([ >])", r"<w:p\1", self.compiled[key].render(context))
            return (out.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
                    .replace("%_}", "%}"))

        def build_xml(self, context: dict, jinja_env: object = None) -> str:
            return self._part("body", self.get_xml, self.docx._part, context)

        def build_headers_footers_xml(self, context: dict, uri: str,
                                      jinja_env: object = None) -> object:
            for rel_key, part in self.get_headers_footers(uri):
                xml = self._part(str(part.partname), lambda p=part: self.get_part_xml(p),
                                 part, context)
                yield rel_key, xml.encode("utf-8")

        def render_properties(self, context: dict, jinja_env: object = None) -> None:
            pass  # the core properties hold no Jinja: left as the template has them

    tpl = CompiledOnce(path)
    tpl.env = env
    return tpl


class _Numbering:
    """Table and figure captions in order (the template's `num`)."""

    def __init__(self, labels: dict[str, str]):
        self.labels, self.n = labels, {"table_no": 0, "figure_no": 0}

    def _next(self, key: str, title: str) -> str:
        self.n[key] += 1
        return f"{self.labels[key].format(n=self.n[key])} {title}"

    def table(self, title: str) -> str:
        return self._next("table_no", title)

    def figure(self, title: str) -> str:
        return self._next("figure_no", title)


def _tables(ctx: object, name: str = "", out: list | None = None) -> list:
    """Every table of a context: (name, list of row dicts), depth first."""
    out = [] if out is None else out
    if isinstance(ctx, dict):
        for k, v in ctx.items():
            if k != "L":
                _tables(v, k if name == "" else f"{name}.{k}", out)
    elif isinstance(ctx, list) and ctx and all(isinstance(r, dict) for r in ctx):
        out.append((name, ctx))
    return out


def _cells(row: dict) -> list:
    cells = []
    for v in row.values():
        if isinstance(v, list):
            cells += [x for x in v if not isinstance(x, dict | list)]
        elif not isinstance(v, dict):
            cells.append(v)
    return cells


def _bare_workbook(ctx: dict, path: str, sheets: int = 9) -> None:
    """The context's tables on as many sheets as planner's customer workbook has, one under
    another, each with a header row."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00"})
    text = wb.add_format({"text_wrap": True})
    tables = _tables(ctx)
    cuts = [k * len(tables) // sheets for k in range(sheets + 1)]
    for k in range(sheets):
        if cuts[k] == cuts[k + 1]:
            continue
        ws = wb.add_worksheet(f"{k + 1} {tables[cuts[k]][0]}"[:31])
        ws.set_column(0, 0, 24)
        top = 0
        for _, rows in tables[cuts[k]:cuts[k + 1]]:
            for c, key in enumerate(rows[0]):
                ws.write_string(top, c, key, head)
            for r, row in enumerate(rows, top + 1):
                for c, v in enumerate(_cells(row)):
                    number = _number(v)
                    if number is not None:
                        ws.write_number(r, c, number, money)
                    elif v not in (None, ""):
                        ws.write_string(r, c, str(v), text)
            top += len(rows) + 2
    wb.close()


def _number(v: object) -> float | None:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str) and v[:1].isdigit():
        try:
            return float(v.replace(",", ""))
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- pairing

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="customers (default 1000)")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    ap.add_argument("--jobs", type=int, default=2, help="processes of both (default 2)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the work folder here")
    args = ap.parse_args(argv)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="planner-bare-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _pair(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _load() -> str:
    return f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"


def _pair(args: argparse.Namespace, work: Path) -> int:
    say = bench_build.say
    info = bench_build.machine_info()
    cmd = bench_build.planner_command()
    say(f"== planner build vs bare docxtpl + XlsxWriter, N = {args.n}, {args.jobs} processes ==")
    say(f"  {bench_build.planner_version(cmd)}; {info['nproc']} CPUs, {info['cpu']}; "
        f"Python {info['python'].split()[0]}; {_load()}")
    plans, ctxdir = work / f"plans-{args.n}", work / "contexts"
    generate.generate(args.n, plans, seed=1)
    template = prepare(plans, ctxdir)
    bare_cmd = [sys.executable, str(Path(__file__).resolve()), "--bare", str(template),
                str(ctxdir), str(work / "bare-out"), str(args.jobs)]
    walls: dict[str, list[float]] = {"bare": [], "planner": []}
    cpus: dict[str, list[float]] = {"bare": [], "planner": []}
    rss: dict[str, list[float]] = {"bare": [], "planner": []}
    for k in range(args.rounds):
        for what in ("bare", "planner"):
            out = work / f"{what}-out"
            shutil.rmtree(out, ignore_errors=True)
            log = work / f"{what}-{k}.log"
            load = _load()
            if what == "bare":
                run = bench_build.timed_run(bare_cmd, log, None)
            else:
                run = bench_build.timed_build(cmd, plans, out, args.jobs, log, None, force=True)
            if run.code != 0:
                say(f"[{what} {k + 1}] FAILED (exit {run.code}):\n{bench_build.tail(log)}")
                return 1
            walls[what].append(run.wall)
            cpus[what].append(run.cpu_s or 0)
            rss[what].append(run.rss_mb or 0)
            say(f"[{what} {k + 1}] wall {run.wall:6.2f} s  CPU {bench_build._fmt(run.cpu_s)} s  "
                f"largest process "
                f"{bench_build._fmt(run.rss_mb, '.0f')} MB  tree "
                f"{bench_build._fmt(run.tree_rss_mb, '.0f')} MB  ({load} at start)")
    docs = len(list((work / "bare-out").glob("*.docx")))
    say("")
    for what in ("bare", "planner"):
        say(f"{what:8s} median wall {statistics.median(walls[what]):6.2f} s "
            f"({', '.join(f'{w:.2f}' for w in walls[what])}); median CPU "
            f"{statistics.median(cpus[what]):6.2f} s; largest process {max(rss[what]):.0f} MB")
    say(f"  (bare: {docs} docx + {docs} xlsx; planner: every document of the plan set)")
    for name, figures in (("wall", walls), ("CPU", cpus)):
        bare, planner = statistics.median(figures["bare"]), statistics.median(figures["planner"])
        say(f"RATIO {name:4s} planner / bare = {planner:.2f} / {bare:.2f} = "
            f"{planner / max(bare, 1e-9):.2f}×  (goal ≤ {GOAL}×)")
    say(f"  {_load()} at the end; the machine's {info['nproc']} CPUs are shared: the wall "
        "ratio is the goal's; the CPU ratio, the work each did, is less moved by the load")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--bare":
        bare_main(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        sys.exit(0)
    sys.exit(main())
