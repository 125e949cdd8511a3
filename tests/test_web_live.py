"""`planner serve` is live: a saved file shows on the pages (new figures, or new errors)."""

from __future__ import annotations

import re
import threading
import time

from starlette.testclient import TestClient
from web_support import fresh_example, money

from planner.pipeline import analyse
from planner.report import targets_json
from planner.web.app import create_app
from planner.web.state import Live, Settings
from planner.web.watch import start_watching

CUSTOMER = "jz-icbc"


def _edit(plans, old: str, new: str) -> None:
    path = plans / "customers" / f"{CUSTOMER}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _total(html: str) -> str:
    return re.search(r'<b data-k="total">(.*?)</b>', html).group(1)


def _wait_for(live: Live, generation: int, seconds: float = 20.0) -> None:
    """Until the watcher has published a snapshot after `generation` (or give up)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and live.snapshot.generation <= generation:
        time.sleep(0.02)
    assert live.snapshot.generation > generation, "the watcher saw no change"


def test_a_refresh_shows_the_saved_figures_and_reuses_unchanged_files(tmp_path):
    plans = fresh_example(tmp_path)
    live = Live(Settings(plans))
    client = TestClient(create_app(live))
    before = client.get(f"/customers/{CUSTOMER}").text
    other = client.get("/customers/jz-rcb").text
    _edit(plans, "retention: 0.97", "retention: 0.5")
    expected = targets_json(*(lambda a: (a.plan, a.targets))(analyse(plans)))
    kept = dict(live._known.results)
    live.refresh()
    after = client.get(f"/customers/{CUSTOMER}").text
    assert _total(after) == money(expected["customers"][CUSTOMER]["total"]) != _total(before)
    assert client.get("/customers/jz-rcb").text == other.replace(
        'data-generation="1"', 'data-generation="2"')
    # only the saved file was read again: every other file's result is the same object
    results = live._known.results
    same = [k for k, r in results.items() if kept.get(k) is r]
    assert len(results) == len(kept) == 12
    assert sorted(set(results) - set(same)) == [f"customers/{CUSTOMER}.yaml"]
    live.close()


def test_the_watcher_shows_a_saved_edit_then_a_saved_error(tmp_path):
    plans = fresh_example(tmp_path)
    live = Live(Settings(plans))
    live.refresh()
    client = TestClient(create_app(live))
    thread, stop = start_watching(live)
    try:
        time.sleep(0.3)  # the watcher is set up
        generation = live.snapshot.generation
        _edit(plans, "retention: 0.97", "retention: 0.5")
        _wait_for(live, generation)
        expected = targets_json(*(lambda a: (a.plan, a.targets))(analyse(plans)))
        page = client.get(f"/customers/{CUSTOMER}").text
        assert _total(page) == money(expected["customers"][CUSTOMER]["total"])
        generation = live.snapshot.generation
        _edit(plans, "retention: 0.5", "retention: 5")
        _wait_for(live, generation)
        page = client.get(f"/customers/{CUSTOMER}").text
        assert "计划有错误" in page and f"customers/{CUSTOMER}.yaml:" in page
    finally:
        stop.set()
        thread.join(5)
        live.close()
    assert not thread.is_alive()


def test_the_live_poll_answers_a_new_version_at_once(tmp_path):
    plans = fresh_example(tmp_path)
    live = Live(Settings(plans))
    live.refresh()
    client = TestClient(create_app(live))
    assert client.get("/_live", params={"since": 0}).json() == {"generation": 1}
    answer: list[dict] = []
    waiting = threading.Thread(
        target=lambda: answer.append(client.get("/_live", params={"since": 1}).json()))
    waiting.start()
    time.sleep(0.2)
    assert not answer  # held open: nothing changed yet
    live.refresh()
    waiting.join(10)
    assert answer == [{"generation": 2}]
    live.close()


def test_a_page_of_a_file_saved_since_the_analysis_says_it_is_being_read_again(tmp_path):
    plans = fresh_example(tmp_path)
    live = Live(Settings(plans))
    live.refresh()
    client = TestClient(create_app(live))
    _edit(plans, "retention: 0.97", "retention: 0.5")  # saved; the watcher has not run yet
    r = client.get(f"/customers/{CUSTOMER}")
    assert r.status_code == 503
    assert f"customers/{CUSTOMER}.yaml 刚刚被修改" in r.text and "Traceback" not in r.text
    live.refresh()
    assert client.get(f"/customers/{CUSTOMER}").status_code == 200
    live.close()
