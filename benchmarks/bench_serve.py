"""Benchmark `planner serve`: page render times, and how soon a saved edit shows on a page.

    python benchmarks/bench_serve.py [--sizes 100,1000] [--edits 5] [--keep DIR]

For each size N: generate a plan set (benchmarks/generate.py, seed 1), analyse it once as the
server does at start, then, in process through the app's own client (Starlette's TestClient:
routing, middleware and templates, no network):
- each kind of page (market, an industry, a customer, the flags) rendered cold (the first
  request after a new version of the plan set: its context is made) and warm (median of 10);
- with the file watcher running, `--edits` times: change one stock line's retention in one
  customer file and measure from the write until the customer page shows the new target (the
  watcher's event, the re-analysis with every other file's result kept, the page's context and
  render); then the market page's cold render at that version, which every open market page
  asks for after a save.
A browser adds its long-poll wake-up (at most 50 ms) and its own reload to these figures. CPU
times are printed beside wall times: on a machine shared with other work they tell what an idle
machine would take.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def _page_times(client, live, paths: list[str]) -> list[tuple[str, float, float]]:
    client.get("/static/planner.css")  # the client's own start-up is not a page's time
    rows = []
    for path in paths:
        live.refresh()  # a new version: every context is made again
        t = time.perf_counter()
        assert client.get(path).status_code == 200, path
        cold = time.perf_counter() - t
        warm = []
        for _ in range(10):
            t = time.perf_counter()
            client.get(path)
            warm.append(time.perf_counter() - t)
        rows.append((path, cold, statistics.median(warm)))
    return rows


def _edit_times(client, live, folder: Path, cid: str, edits: int,
                ) -> list[tuple[float, float, float]]:
    from planner.pipeline import analyse
    from planner.report import money
    from planner.web.views.market import warm
    from planner.web.watch import start_watching

    path = folder / "customers" / f"{cid}.yaml"
    thread, stop = start_watching(live, warm)
    time.sleep(0.5)
    out = []
    try:
        for k in range(edits):
            text = path.read_text(encoding="utf-8")
            new = re.sub(r"retention: [0-9.]+", f"retention: {0.5 + k / 100:.2f}", text, count=1)
            generation = live.snapshot.generation
            t0, cpu0 = time.perf_counter(), time.process_time()
            path.write_text(new, encoding="utf-8")
            while live.snapshot.generation == generation:
                time.sleep(0.002)
            page = client.get(f"/customers/{cid}").text
            seen, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            t = time.perf_counter()
            client.get("/")
            market = time.perf_counter() - t
            a = analyse(folder)  # check, outside the timing: the page shows the new target
            want = money(a.targets.customers[cid].figures.total)
            assert f'data-k="total">{want}<' in page, (want, k)
            out.append((seen, market, cpu))
    finally:
        stop.set()
        thread.join(5)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="keep the generated plan sets here")
    args = ap.parse_args(argv)
    from starlette.testclient import TestClient

    from planner import __version__
    from planner.web.app import create_app
    from planner.web.state import Live, Settings
    from planner.web.views.market import warm

    print(f"planner serve benchmark — planner {__version__}; Python {platform.python_version()};"
          f" {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; {platform.platform()}")
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    # a store of our own, empty: the first analysis reads every file
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="bench-serve-cache-")
    for n in (int(x) for x in args.sizes.split(",")):
        folder = base / f"n{n}"
        if not folder.exists():
            generate.generate(n, folder)
        live = Live(Settings(folder))
        t = time.perf_counter()
        snap = live.refresh()
        first = time.perf_counter() - t
        warm(snap)  # as `planner serve` does before it listens (this also imports networkx)
        t, cpu = time.perf_counter(), time.process_time()
        live.refresh()
        again, again_cpu = time.perf_counter() - t, time.process_time() - cpu
        client = TestClient(create_app(live))
        targets = snap.analysis.targets
        iid = max(targets.industries, key=lambda i: len(targets.industries[i].customers))
        cid = next(iter(targets.customers))
        print(f"\nN = {n}: first analysis (empty store) {first:.2f} s; again, nothing changed "
              f"(results kept) {again:.2f} s ({again_cpu:.2f} s of CPU)")
        print(f"  {'page':<28}{'cold ms':>8}{'warm ms':>9}")
        for path, cold, warm_s in _page_times(client, live, ["/", f"/industries/{iid}",
                                                           f"/customers/{cid}", "/flags"]):
            print(f"  {path:<28}{_ms(cold)} {_ms(warm_s)}")
        runs = _edit_times(client, live, folder, cid, args.edits)
        seen = [r[0] for r in runs]
        print(f"  save -> customer page with the new figure: median {statistics.median(seen):.2f}"
              f" s, max {max(seen):.2f} s ({', '.join(f'{s:.2f}' for s in seen)})")
        print(f"  (CPU time of it, every thread: median {statistics.median(r[2] for r in runs):.2f}"
              f" s: about the wall time on an idle machine)")
        print(f"  then the market page, cold: median {statistics.median(r[1] for r in runs):.2f} s")
        live.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
