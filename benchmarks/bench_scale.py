"""Benchmark planner at a province's size: check, targets and an edit, in time and memory.

    python benchmarks/bench_scale.py [--sizes 1000,20000] [--build [--spawn]] [--keep DIR]

For each size N, on a generated plan set (benchmarks/generate.py, seed 1), each command run as a
user runs it (a fresh `planner` process, timed by /usr/bin/time -v where it exists; the memory
of the whole process tree sampled from /proc twice a second):
- `planner check` with an empty store (the first check of a plan set: every file read), then
  again (every file's result from the store), and `planner targets --json`;
- with `--build`: a full build, then three times one customer file edited and the build run
  again (one customer's documents, its industry's and the market's made again; the median of
  the three), against a check;
- with `--spawn` too: the full build again into another folder, its workers spawned as on
  Windows and macOS (a fresh interpreter each, sent what it needs) rather than forked;
- each figure with its ratio to the goal of issue 21 (check and targets under 10 s and 500 MB;
  an edit's build at most half a check).
CPU seconds (user + system, the process and its workers) are printed beside wall times: on a
machine shared with other work they tell what an idle one would take.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)
from bench_build import _tree_rss_kb, machine_info, planner_command  # noqa: E402

TIME = Path("/usr/bin/time")
GOAL_SECONDS, GOAL_MB = 10.0, 500.0
REBUILDS = 3  # edits, each rebuilt
# planner's CLI with its workers spawned (a fresh interpreter each, sent what it needs), as on
# Windows and macOS, whatever this system's default (tests/test_platform.py does the same)
SPAWNED = ("import planner.build as b, planner.procs as p\n"
           "b.START = p.START = 'spawn'\n"
           "from planner.cli import main\n"
           "main()\n")


@dataclass
class Run:
    """One timed command."""

    wall: float
    cpu: float | None  # user + system seconds
    rss_mb: float | None  # the largest process
    tree_mb: float | None  # the whole tree at once (PSS)
    code: int


def timed(args: list[str], env: dict[str, str], log: Path) -> Run:
    """Run a command, sampling its process tree's memory; wall, CPU and peak memory."""
    timefile = log.with_suffix(".time")
    use_time = TIME.exists()
    full = ([str(TIME), "-v", "-o", str(timefile)] if use_time else []) + args
    t0 = time.perf_counter()
    tree = 0
    with open(log, "wb") as fh:
        proc = subprocess.Popen(full, stdout=fh, stderr=subprocess.STDOUT, env=env)
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                tree = max(tree, _tree_rss_kb(proc.pid) or 0)
    wall = time.perf_counter() - t0
    cpu = rss = None
    if use_time and timefile.exists():
        text = timefile.read_text(errors="replace")
        user = re.search(r"User time \(seconds\): ([\d.]+)", text)
        system = re.search(r"System time \(seconds\): ([\d.]+)", text)
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
        rss = int(peak.group(1)) / 1024 if peak else None
    return Run(wall, cpu, rss, tree / 1024 if tree else None, code)


def _f(x: float | None, spec: str = ".2f") -> str:
    return "—" if x is None else format(x, spec)


def show(what: str, run: Run, goal_s: float | None = None, goal_mb: float | None = None,
         ) -> None:
    """One line: the figures, and the ratios to the goals."""
    ratio = f"  ({run.wall / goal_s:.2f}× the {goal_s:g} s goal)" if goal_s else ""
    mem = run.tree_mb or run.rss_mb
    mratio = f"  ({mem / goal_mb:.2f}× the {goal_mb:g} MB goal)" if goal_mb and mem else ""
    print(f"  {what:<34} wall {run.wall:8.2f} s  cpu {_f(run.cpu):>7} s  "
          f"largest process {_f(run.rss_mb, '.0f'):>5} MB  tree {_f(run.tree_mb, '.0f'):>5} MB"
          f"{ratio}{mratio}" + ("" if run.code == 0 else f"  EXIT {run.code}"))


def edit_one(plans: Path) -> None:
    """Change one stock line's retention in the first customer file (halved, or raised by
    0.5 when small: every edit changes the file, however often it is run on the same set)."""
    path = sorted((plans / "customers").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")

    def changed(m: re.Match[str]) -> str:
        v = float(m.group(1))
        return f"retention: {v / 2 if v >= 0.2 else v + 0.5:.3f}"

    new, n = re.subn(r"retention: ([0-9.]+)", changed, text, count=1)
    assert n == 1, path
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,20000", help="plan set sizes (customers)")
    ap.add_argument("--build", action="store_true", help="also a build and an edit's rebuild")
    ap.add_argument("--spawn", action="store_true",
                    help="with --build: a full build with its workers spawned, as on Windows")
    ap.add_argument("--keep", type=Path, help="work here and keep the plan sets and outputs")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="planner-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    cmd = planner_command()
    for k, v in machine_info().items():
        print(f"{k}: {v}")
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            plans = work / f"plans-{n}"
            if not (plans / "market.yaml").exists():
                generate.generate(n, plans)
            cache = work / f"cache-{n}"
            shutil.rmtree(cache, ignore_errors=True)
            env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            print(f"\n{n} customers")
            cold = timed(cmd + ["check", str(plans)], env, work / f"check-cold-{n}.log")
            show("check, empty store", cold, GOAL_SECONDS, GOAL_MB)
            warm = timed(cmd + ["check", str(plans)], env, work / f"check-warm-{n}.log")
            show("check, from the store", warm, GOAL_SECONDS, GOAL_MB)
            targets = timed(cmd + ["targets", "--json", str(plans)], env,
                            work / f"targets-{n}.log")
            show("targets --json, from the store", targets, GOAL_SECONDS, GOAL_MB)
            if not args.build:
                continue
            out = work / f"out-{n}"
            full = timed(cmd + ["build", str(plans), "-o", str(out)], env, work / f"build-{n}.log")
            show("build, full", full, None, GOAL_MB)
            print(f"    {full.wall / n * 1000:.1f} ms per customer")
            # an edit's rebuild, after each of REBUILDS edits (the first after the full build
            # shares the machine with the writing back of its files): the median's figures
            agains = []
            for k in range(REBUILDS):
                edit_one(plans)
                agains.append(timed(cmd + ["build", str(plans), "-o", str(out)], env,
                                    work / f"rebuild-{n}-{k}.log"))
            again = sorted(agains, key=lambda r: r.wall)[len(agains) // 2]
            show(f"build after one edit (median of {REBUILDS})", again, None, GOAL_MB)
            print("    each: " + ", ".join(f"{r.wall:.2f} s, tree {_f(r.tree_mb, '.0f')} MB"
                                          for r in agains))
            if args.spawn:
                spawned = timed([sys.executable, "-c", SPAWNED, "build", str(plans), "-o",
                                 str(work / f"out-{n}-spawned")], env,
                                work / f"build-spawned-{n}.log")
                show("build, full, workers spawned", spawned, None, GOAL_MB)
                print(f"    {spawned.wall / full.wall:.2f}× the forked build's time, "
                      f"{_f((spawned.tree_mb or 0) / (full.tree_mb or 1))}× its tree")
            edit_one(plans)
            check = timed(cmd + ["check", str(plans)], env, work / f"check-edit-{n}.log")
            show("check after one edit", check)
            print(f"    edit's build ÷ check of the set: {again.wall / check.wall:.2f} "
                  f"(goal ≤ 0.5); ÷ a check with an empty store: {again.wall / cold.wall:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
