"""Benchmark `planner build` on synthetic plan sets, against a same-library baseline.

    python benchmarks/bench_build.py [--sizes 10,100,1000] [--with-5000] [--jobs N] [--keep DIR]

For each size N: generate a plan set (benchmarks/generate.py, seed 1), run `planner build` on it
in a subprocess under /usr/bin/time -v, and report wall seconds, ms per customer, documents per
second and peak RSS. In the same run, a BASELINE: a minimal pipeline with the same libraries
(python-docx for a .docx, XlsxWriter for an .xlsx), producing per customer one document and one
workbook of about the size of planner's customer plan (same number of tables, rows and cells, as
measured on the first build), in one process. Then three incremental rebuilds of each set of
N >= 1,000 (or of the largest) after a one-line change to one customer file. Prints as it goes,
and a plain-text table at the end.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

TIME = Path("/usr/bin/time")


def say(*args: object) -> None:
    print(*args, flush=True)


# ---------------------------------------------------------------- machine

def machine_info() -> dict[str, str]:
    info = {"nproc": str(os.cpu_count() or 1)}
    try:
        info["nproc"] += f" (usable {len(os.sched_getaffinity(0))})"
    except AttributeError:
        pass
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    info["cpu"] = cpu
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    info["python"] = f"{platform.python_version()} ({sys.executable})"
    info["os"] = platform.platform()
    return info


# ---------------------------------------------------------------- running planner

def planner_command() -> list[str]:
    """The `planner` console script next to this interpreter, else the CLI through -c."""
    script = Path(sys.executable).parent / "planner"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from planner.cli import main; main()"]


def code_digest() -> str:
    """A digest of planner's package and shipped templates as they are on disk now. With an
    editable install they may change while the benchmark runs; a change of templates or version
    rightly makes the next build render everything again, so an incremental figure measured
    across such a change means nothing (the report says so)."""
    import hashlib

    try:
        import planner
    except ImportError:
        return "-"
    pkg = Path(planner.__file__).resolve().parent
    h = hashlib.sha256()
    for root in (pkg,):  # the templates are package data inside it
        if not root.is_dir():
            continue
        for f in sorted(root.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def planner_version(cmd: list[str]) -> str:
    r = subprocess.run(cmd + ["--version"], capture_output=True, text=True)
    return (r.stdout or r.stderr).strip()


def build_options(cmd: list[str]) -> set[str]:
    """The options of this planner's `build` (--jobs and --force are recent)."""
    r = subprocess.run(cmd + ["build", "--help"], capture_output=True, text=True)
    return set(re.findall(r"--[a-z][a-z-]*", r.stdout))


@dataclass
class Run:
    """One timed `planner build`."""

    wall: float
    rss_mb: float | None  # the largest single process (parallel workers are separate processes)
    code: int
    log: Path
    rss_how: str = ""
    tree_rss_mb: float | None = None  # the whole process tree at once, sampled from /proc
    cpu_s: float | None = None  # user + system CPU seconds of the process and its children


def _tree_rss_kb(root: int) -> int | None:
    """Memory of `root` and all its descendants, in KB (Linux /proc; None elsewhere): the sum of
    their proportional set sizes (PSS: pages shared by forked workers counted once), or of their
    RSS where smaps_rollup cannot be read."""
    proc = Path("/proc")
    if not (proc / str(root)).exists():
        return None
    children: dict[int, list[int]] = {}
    for d in proc.iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        for name, field_ in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
            try:
                text = (proc / str(pid) / name).read_text()
            except OSError:
                continue
            kb = next((int(ln.split()[1]) for ln in text.splitlines()
                       if ln.startswith(field_)), None)
            if kb is not None:
                total += kb
                break
    return total


def _parse_wall(text: str) -> float | None:
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if not m:
        return None
    parts = [float(p) for p in m.group(1).split(":")]
    secs = 0.0
    for p in parts:
        secs = secs * 60 + p
    return secs


def build_env() -> dict[str, str]:
    """The timed builds' environment: this one, with Python's bytecode cache on, as a user's
    Python has it (PYTHONDONTWRITEBYTECODE, set in some containers, would compile planner's own
    modules again in every run of an editable install: 0.2 s of each build)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_build(cmd: list[str], plans: Path, out: Path, jobs: int | None, log: Path,
                timeout: float | None, force: bool = False) -> Run:
    """Run `planner build plans -o out` and measure wall time and peak RSS."""
    args = cmd + ["build", str(plans), "-o", str(out)] + (["--force"] if force else [])
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    return timed_run(args, log, timeout)


def timed_run(args: list[str], log: Path, timeout: float | None) -> Run:
    """Run a command in its own process group, measuring wall time, the peak RSS of its
    largest process and the peak memory of its process tree."""
    use_time = TIME.exists() and os.access(TIME, os.X_OK)
    timefile = log.with_suffix(".time")
    if use_time:
        args = [str(TIME), "-v", "-o", str(timefile)] + args
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    with open(log, "wb") as fh:
        # its own process group: a timeout stops the build, not only /usr/bin/time
        proc = subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
                                env=build_env())
        deadline = None if timeout is None else t0 + timeout
        tree_kb = 0
        try:
            while True:  # wait, sampling the tree's memory twice a second
                try:
                    code = proc.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    if deadline is not None and time.perf_counter() > deadline:
                        raise
                    tree_kb = max(tree_kb, _tree_rss_kb(proc.pid) or 0)
        except (subprocess.TimeoutExpired, KeyboardInterrupt) as e:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if isinstance(e, KeyboardInterrupt):
                raise
            code = -9
            fh.write(f"\nbench: timed out after {timeout}s\n".encode())
    wall = time.perf_counter() - t0
    rss_mb: float | None = None
    cpu_s: float | None = None
    how = ""
    if use_time and timefile.exists():
        text = timefile.read_text(errors="replace")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        if m:
            rss_mb = int(m.group(1)) / 1024
            how = "/usr/bin/time -v"
        wall = _parse_wall(text) or wall
        cpu = [float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text)]
        cpu_s = sum(cpu) if len(cpu) == 2 else None
    if rss_mb is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # ru_maxrss of children is the largest so far: only meaningful when it grew
        rss_mb = after / 1024 if after > before else None
        how = "getrusage(RUSAGE_CHILDREN)"
    return Run(wall, rss_mb, code, log, how, tree_kb / 1024 if tree_kb else None, cpu_s)


def tail(path: Path, n: int = 5) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join("      | " + line for line in lines[-n:])


@dataclass
class Outputs:
    total: int = 0
    customer_docs: int = 0
    docx_kb: float = 0.0
    xlsx_kb: float = 0.0
    sample_docx: Path | None = None
    sample_xlsx: Path | None = None


def read_outputs(out: Path) -> Outputs:
    """Count the manifest's outputs and measure the customer documents."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    outs = manifest.get("outputs", [])
    res = Outputs(total=len(outs))
    docx, xlsx = [], []
    for o in outs:
        if o.get("level") != "customer":
            continue
        res.customer_docs += 1
        p = out / o["path"]
        if o.get("format") == "docx" and p.exists():
            docx.append((p.stat().st_size, str(p)))
        elif o.get("format") == "xlsx" and p.exists():
            xlsx.append((p.stat().st_size, str(p)))
    if docx:
        res.docx_kb = statistics.mean(s for s, _ in docx) / 1024
        res.sample_docx = Path(sorted(docx)[len(docx) // 2][1])  # the median-size one
    if xlsx:
        res.xlsx_kb = statistics.mean(s for s, _ in xlsx) / 1024
        res.sample_xlsx = Path(sorted(xlsx)[len(xlsx) // 2][1])
    return res


# ---------------------------------------------------------------- baseline

@dataclass
class Shape:
    """The size of a customer plan: tables (rows, cols), paragraphs, sheets (rows, cols)."""

    tables: list[tuple[int, int]] = field(default_factory=lambda: [
        (5, 4), (4, 6), (8, 6), (10, 4), (3, 3), (5, 2), (8, 8), (5, 7), (3, 8), (11, 7),
        (5, 6), (5, 4), (5, 3), (10, 2), (6, 2), (4, 4), (2, 3)])
    paragraphs: int = 74
    paragraph_chars: int = 1000
    sheets: list[tuple[int, int, int]] = field(default_factory=lambda: [
        (15, 9, 108), (10, 17, 119), (7, 13, 58), (5, 13, 36), (7, 6, 32), (10, 6, 50),
        (18, 2, 32), (36, 4, 76), (4, 3, 8)])
    source: str = "built-in defaults (planner's customer plan of plans/example)"


def measure_shape(docx_path: Path | None, xlsx_path: Path | None) -> Shape:
    """The shape of one of planner's customer documents, to size the baseline alike."""
    shape = Shape()
    try:
        import docx  # python-docx

        if docx_path is not None:
            d = docx.Document(str(docx_path))
            shape.tables = [(len(t.rows), len(t.columns)) for t in d.tables]
            shape.paragraphs = len(d.paragraphs)
            shape.paragraph_chars = sum(len(p.text) for p in d.paragraphs)
        if xlsx_path is not None:
            import openpyxl

            wb = openpyxl.load_workbook(str(xlsx_path), read_only=True)
            sheets = []
            for ws in wb.worksheets:
                rows = cols = cells = 0
                for row in ws.iter_rows(values_only=True):
                    rows += 1
                    cols = max(cols, len(row))
                    cells += sum(1 for v in row if v is not None)
                sheets.append((rows, cols, cells))
            wb.close()
            shape.sheets = sheets
        shape.source = f"measured on {docx_path.name if docx_path else '-'}"
    except Exception as e:  # noqa: BLE001 - fall back to the defaults, say so
        shape = Shape()
        shape.source += f" (measuring failed: {type(e).__name__}: {e})"
    return shape


def _texts(data: object, out: list[str]) -> list[str]:
    """Every string of a customer file, depth first, to fill the baseline's cells with."""
    if isinstance(data, dict):
        for v in data.values():
            _texts(v, out)
    elif isinstance(data, list):
        for v in data:
            _texts(v, out)
    elif isinstance(data, str):
        out.append(data)
    return out


def baseline_one(path: Path, outdir: Path, shape: Shape) -> int:
    """Load one customer file; write one .docx (python-docx) and one .xlsx (XlsxWriter)."""
    import docx
    import xlsxwriter
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    texts = _texts(data, []) or ["-"]
    numbers = [float(r.get("amount", 0)) for r in data.get("spend", [])] or [1.0]
    k = 0

    def text() -> str:
        nonlocal k
        k += 1
        return texts[k % len(texts)]

    d = docx.Document()
    d.add_heading(f"{data['name']} 重点客户营销计划", 0)
    per_par = max(10, shape.paragraph_chars // max(1, shape.paragraphs))
    n_par = max(1, shape.paragraphs - len(shape.tables))
    pars_per_table = max(1, n_par // max(1, len(shape.tables)))
    for i, (rows, cols) in enumerate(shape.tables):
        d.add_heading(f"{i + 1}. {text()[:12]}", 2)
        for _ in range(pars_per_table):
            d.add_paragraph((text() * 4)[:per_par])
        table = d.add_table(rows=rows, cols=cols)
        table.style = "Table Grid"
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if r == 0 or c == 0:
                    cell.text = text()[:16]
                else:
                    cell.text = f"{numbers[(r * cols + c) % len(numbers)] * (r + c):,.2f}"
    buf = io.BytesIO()
    d.save(buf)
    (outdir / f"{path.stem}.docx").write_bytes(buf.getvalue())

    xbuf = io.BytesIO()
    wb = xlsxwriter.Workbook(xbuf, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00", "border": 1})
    plain = wb.add_format({"border": 1})
    for s, (rows, cols, cells) in enumerate(shape.sheets):
        ws = wb.add_worksheet(f"表{s + 1}")
        ws.set_column(0, 0, 24)
        ws.set_column(1, max(1, cols - 1), 12)
        written = 0
        for r in range(rows):
            for c in range(cols):
                if written >= cells:
                    break
                if r == 0:
                    ws.write_string(r, c, text()[:16], head)
                elif c == 0:
                    ws.write_string(r, c, text()[:30], plain)
                elif c == cols - 1 and r > 1:
                    ws.write_formula(r, c, f"=SUM(B{r + 1}:{_col(cols - 2)}{r + 1})", money)
                else:
                    ws.write_number(r, c, numbers[(r * cols + c) % len(numbers)] * (r + c), money)
                written += 1
    wb.close()
    (outdir / f"{path.stem}.xlsx").write_bytes(xbuf.getvalue())
    return 2


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _baseline_chunk(paths: list[str], outdir: str, shape: Shape) -> int:
    return sum(baseline_one(Path(p), Path(outdir), shape) for p in paths)


@dataclass
class Baseline:
    customers: int
    processes: int
    wall: float
    docx_kb: float
    xlsx_kb: float

    @property
    def ms_per_customer(self) -> float:
        return self.wall * 1000 / self.customers


def run_baseline(plans: Path, outdir: Path, shape: Shape, processes: int) -> Baseline:
    paths = sorted((plans / "customers").glob("*.yaml"))
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    import docx  # noqa: F401 - imported before timing (and before forking workers)
    import xlsxwriter  # noqa: F401
    import yaml  # noqa: F401

    t0 = time.perf_counter()
    if processes <= 1:
        _baseline_chunk([str(p) for p in paths], str(outdir), shape)
    else:
        chunks = [[str(p) for p in paths[i::processes]] for i in range(processes)]
        with concurrent.futures.ProcessPoolExecutor(processes) as pool:
            list(pool.map(_baseline_chunk, chunks, [str(outdir)] * processes,
                          [shape] * processes))
    wall = time.perf_counter() - t0
    dk = [p.stat().st_size for p in outdir.glob("*.docx")]
    xk = [p.stat().st_size for p in outdir.glob("*.xlsx")]
    return Baseline(len(paths), processes, wall, statistics.mean(dk) / 1024,
                    statistics.mean(xk) / 1024)


# ---------------------------------------------------------------- main

@dataclass
class Row:
    n: int
    gen_s: float
    run: Run
    outputs: Outputs | None

    @property
    def ok(self) -> bool:
        return self.run.code == 0 and self.outputs is not None


def _fmt(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100,1000",
                    help="comma-separated numbers of customers (default 10,100,1000)")
    ap.add_argument("--with-5000", action="store_true", help="also build 5000 customers")
    ap.add_argument("--jobs", type=int, default=None,
                    help="pass --jobs N to planner build (default: planner's own default)")
    ap.add_argument("--keep", type=Path, default=None,
                    help="keep plan sets, outputs and logs in this folder (default: a temp dir)")
    ap.add_argument("--baseline-n", type=int, default=200,
                    help="customers in the baseline run (default 200; the first customers of "
                         "the generated sets, which are the same for every N)")
    ap.add_argument("--no-incremental", action="store_true",
                    help="skip the one-customer-edit rebuild of the largest size")
    ap.add_argument("--timeout", type=float, default=None,
                    help="give up on a build after this many seconds")
    args = ap.parse_args(argv)

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if args.with_5000:
        sizes = sorted(set(sizes) | {5000})
    if not sizes or min(sizes) < 1:
        ap.error("--sizes: positive numbers, e.g. 10,100,1000")

    info = machine_info()
    cmd = planner_command()
    version = planner_version(cmd)
    options = build_options(cmd)
    jobs_ok = "--jobs" in options
    force_ok = "--force" in options  # full builds: OUT is removed first, and --force if known
    say("== planner build benchmark ==")
    for k, v in info.items():
        say(f"  {k:8s} {v}")
    say(f"  planner  {version}  [{' '.join(cmd)}]")
    jobs = args.jobs
    if jobs is not None and not jobs_ok:
        say(f"  note: this planner build has no --jobs option; --jobs {jobs} ignored")
        jobs = None
    say(f"  jobs     {jobs if jobs is not None else 'planner default'}"
        f"{'' if jobs_ok else ' (planner build has no --jobs: renders in one process)'}")
    say(f"  sizes    {', '.join(map(str, sizes))}")
    say("")

    if args.keep:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
        cleanup = False
    else:
        work = Path(tempfile.mkdtemp(prefix="planner-bench-"))
        cleanup = True
    rows: list[Row] = []
    baselines: list[Baseline] = []
    shape: Shape | None = None
    incr: list[tuple[int, list[Run]]] = []
    incr_note = ""
    digests: dict[int, str] = {}
    try:
        for n in sizes:
            plans = work / f"plans-{n}"
            out = work / f"out-{n}"
            t0 = time.perf_counter()
            generate.generate(n, plans, seed=1)
            gen_s = time.perf_counter() - t0
            if out.exists():
                shutil.rmtree(out)
            digests[n] = code_digest()
            say(f"[N={n}] generated in {gen_s:.1f}s; building ...")
            run = timed_build(cmd, plans, out, jobs, work / f"build-{n}.log", args.timeout,
                              force=force_ok)
            outputs = read_outputs(out) if run.code == 0 and (out / "manifest.json").exists() \
                else None
            rows.append(Row(n, gen_s, run, outputs))
            if outputs is None:
                say(f"[N={n}] BUILD FAILED (exit {run.code}) after {run.wall:.1f}s; log "
                    f"{run.log}:\n{tail(run.log)}")
                continue
            say(f"[N={n}] wall {run.wall:.2f}s  {run.wall * 1000 / n:.0f} ms/customer  "
                f"{outputs.total} documents ({outputs.total / run.wall:.1f}/s)  "
                f"peak RSS {_fmt(run.rss_mb, '.0f')} MB (tree {_fmt(run.tree_rss_mb, '.0f')} MB)  "
                f"customer docx {outputs.docx_kb:.0f} KB, xlsx {outputs.xlsx_kb:.0f} KB")

            if shape is None:  # baseline right after the first good build, sized like it
                shape = measure_shape(outputs.sample_docx, outputs.sample_xlsx)
                bn = max(1, args.baseline_n)
                bplans = work / f"plans-baseline-{bn}"
                generate.generate(bn, bplans, seed=1)
                say(f"[baseline] {len(shape.tables)} tables "
                    f"({sum(r for r, _ in shape.tables)} rows), {shape.paragraphs} paragraphs; "
                    f"{len(shape.sheets)} sheets ({sum(c for *_, c in shape.sheets)} cells); "
                    f"shape {shape.source}; {bn} customers ...")
                procs = [1]
                cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
                    else (os.cpu_count() or 1)
                if cores > 1:
                    procs.append(cores)
                for p in procs:
                    b = run_baseline(bplans, work / f"baseline-out-{p}", shape, p)
                    baselines.append(b)
                    say(f"[baseline] {p} process(es): {b.ms_per_customer:.1f} ms/customer "
                        f"(docx {b.docx_kb:.0f} KB + xlsx {b.xlsx_kb:.0f} KB, no charts)")

        good = [r for r in rows if r.ok]
        if good and not args.no_incremental:
            # the goal is stated for N=1,000: every size from there (the largest if none)
            for row in [r for r in good if r.n >= 1000] or [good[-1]]:
                runs = incremental(cmd, row.n, work, jobs, args.timeout)
                if code_digest() != digests.get(row.n):
                    incr_note = ("planner's code or templates changed on disk since the full "
                                 "build: these rebuilds render everything again, as they "
                                 "should; the figures are not incremental ones")
                    say(f"[incremental N={row.n}] WARNING: {incr_note}")
                incr.append((row.n, runs))
    except KeyboardInterrupt:
        say("\ninterrupted: the summary covers what finished")
    finally:
        report(rows, baselines, incr, info, version, jobs, jobs_ok, incr_note)
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)
        else:
            say(f"\nkept: {work}")
    return 0 if rows and all(r.ok for r in rows) else 1


def incremental(cmd: list[str], n: int, work: Path, jobs: int | None,
                timeout: float | None, edits: int = 3) -> list[Run]:
    """Rebuilds of the N-customer set into its OUT, each after a one-line edit of one customer
    file (a different one each time)."""
    plans, out = work / f"plans-{n}", work / f"out-{n}"
    runs = []
    for k, path in enumerate(sorted((plans / "customers").glob("*.yaml"))[:edits]):
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("# bench: one-line edit to trigger an incremental rebuild\n")
        run = timed_build(cmd, plans, out, jobs, work / f"build-{n}-incr{k}.log", timeout)
        state = "ok" if run.code == 0 else f"FAILED (exit {run.code})\n{tail(run.log)}"
        say(f"[incremental N={n}] edited {path.name}: wall {run.wall:.2f}s  peak RSS "
            f"{_fmt(run.rss_mb, '.0f')} MB  {state}; planner said:\n{tail(run.log, 1)}")
        runs.append(run)
    return runs


def report(rows: list[Row], baselines: list[Baseline], incr: list[tuple[int, list[Run]]],
           info: dict[str, str], version: str, jobs: int | None, jobs_ok: bool,
           incr_note: str = "") -> None:
    say("")
    say("=" * 100)
    default = "planner default" if jobs_ok else "1 (no --jobs option)"
    say(f"planner build benchmark — {version}; jobs: {jobs if jobs is not None else default}")
    say(f"machine: {info['nproc']} CPUs, {info['cpu']}, {info.get('memory', '?')} RAM; "
        f"Python {info['python'].split()[0]}; {info['os']}")
    say("")
    head = (f"{'N':>6} {'docs':>6} {'wall s':>9} {'ms/cust':>9} {'docs/s':>8} {'RSS MB':>8} "
            f"{'tree MB':>8} {'cust docx KB':>13} {'cust xlsx KB':>13} {'gen s':>7}")
    say(head)
    say("-" * len(head))
    for r in rows:
        if r.ok:
            o = r.outputs
            assert o is not None
            say(f"{r.n:>6} {o.total:>6} {r.run.wall:>9.2f} {r.run.wall * 1000 / r.n:>9.1f} "
                f"{o.total / r.run.wall:>8.1f} {_fmt(r.run.rss_mb, '.0f'):>8} "
                f"{_fmt(r.run.tree_rss_mb, '.0f'):>8} {o.docx_kb:>13.0f} {o.xlsx_kb:>13.0f} "
                f"{r.gen_s:>7.1f}")
        else:
            say(f"{r.n:>6} {'FAILED':>6} {r.run.wall:>9.2f}  exit {r.run.code}, see {r.run.log}")
    for n, runs in incr:
        walls = [r.wall for r in runs]
        wall = statistics.median(walls)
        rss = max((r.rss_mb for r in runs if r.rss_mb), default=None)
        failed = [r.code for r in runs if r.code != 0]
        say(f"{'incr':>6} {n:>6} {wall:>9.2f} {'':>9} {'':>8} {_fmt(rss, '.0f'):>8}"
            f" {'':>8}   median of {len(runs)} rebuilds after a one-line edit of one customer"
            f" file ({', '.join(f'{w:.2f}' for w in walls)} s)"
            f"{f' FAILED (exit {failed})' if failed else ''}")
    if incr and incr_note:
        say(f"{'':>6} WARNING: {incr_note}")
    say("")
    say("What the figures mean:")
    say("  wall s    elapsed time of the whole `planner build` process (start-up, load, check,")
    say("            compute, every customer, industry and market document, review, manifest)")
    say("  ms/cust   wall s × 1000 / N: everything, per key customer")
    say("  docs/s    documents in OUT/manifest.json (customer, industry, market, review) / wall s")
    say("  RSS MB    peak resident set size of the largest single process of the build"
        f" ({next((r.run.rss_how for r in rows if r.run.rss_how), '-')})")
    say("  tree MB   peak memory of the build's whole process tree at one moment (main process")
    say("            and parallel workers): sum of PSS (shared pages counted once), sampled from")
    say("            /proc every 0.5 s")
    good = [r for r in rows if r.ok]
    marginal = None
    if len(good) >= 2 and good[-1].n > good[0].n:
        a, b = good[0], good[-1]
        marginal = (b.run.wall - a.run.wall) * 1000 / (b.n - a.n)
        say(f"  marginal  (wall(N={b.n}) − wall(N={a.n})) / {b.n - a.n} = {marginal:.1f} ms per "
            f"customer: the cost one more customer adds (its docx + xlsx, its share of")
        say("            loading/checking, and of its industry's and the market's documents);"
            " fixed start-up cancels out")
    elif good:
        marginal = good[0].run.wall * 1000 / good[0].n
        say(f"  marginal  only one size: ms/cust of N={good[0].n} ({marginal:.1f}) stands in, "
            "start-up included")
    for b in baselines:
        say(f"  baseline  {b.processes} process(es): {b.ms_per_customer:.1f} ms per customer "
            f"for one .docx (python-docx, {b.docx_kb:.0f} KB) + one .xlsx (XlsxWriter, "
            f"{b.xlsx_kb:.0f} KB), YAML load included, no charts, {b.customers} customers")
    if marginal is not None and baselines:
        b1 = baselines[0]
        say("")
        say(f"RATIO planner customer-document cost / baseline (1 process): "
            f"{marginal:.1f} / {b1.ms_per_customer:.1f} = {marginal / b1.ms_per_customer:.2f}×")
        if len(baselines) > 1:
            bp = baselines[-1]
            say(f"RATIO vs baseline with {bp.processes} processes: "
                f"{marginal:.1f} / {bp.ms_per_customer:.1f} = "
                f"{marginal / bp.ms_per_customer:.2f}×  (compare with this when planner "
                "renders in parallel)")
        say("  (issue 6 goal: ≤ 1.5×; planner's customer plan also carries charts the baseline "
            "has not)")
    say("=" * 100)


if __name__ == "__main__":
    sys.exit(main())
