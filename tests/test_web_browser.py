"""`planner serve` in a real browser: headless Debian chromium, driven by Playwright.

Skipped when /usr/bin/chromium (apt: chromium) or the playwright package is absent. The server
is uvicorn on a free port in a thread of the test process, over a copy of the example.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from web_support import PASSWORDS, fresh_example, money

from planner.pipeline import analyse
from planner.report import targets_json
from planner.web.app import create_app
from planner.web.state import Live, Settings
from planner.web.watch import start_watching

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not shutil.which("chromium"),
                                reason="no chromium installed")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class Server:
    """uvicorn serving the app over `plans` in a thread, with the watcher running."""

    def __init__(self, plans: Path, out: Path | None = None, users: Path | None = None):
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.live = Live(Settings(plans, out))
        self.live.refresh()
        config = uvicorn.Config(create_app(self.live, users), host="127.0.0.1", port=self.port,
                                log_level="warning", timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.watcher, self.stop_watching = start_watching(self.live)

    def __enter__(self) -> str:
        self.thread.start()
        end = time.monotonic() + 20
        while not self.server.started and time.monotonic() < end:
            time.sleep(0.02)
        assert self.server.started
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.stop_watching.set()
        self.server.should_exit = True
        self.thread.join(10)
        self.watcher.join(5)
        self.live.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists()
                                                  else shutil.which("chromium")), args=ARGS)
        yield b
        b.close()


def _expected(plans: Path) -> dict:
    a = analyse(plans)
    return targets_json(a.plan, a.targets)


def test_market_to_industry_to_customer(browser, built, expected):
    with Server(*built) as url:
        page = browser.new_page()
        page.goto(url + "/")
        assert page.locator('b[data-k="total"]').inner_text() == money(expected["market"]["total"])
        assert page.evaluate("Chart.getChart('chart-bridge') !== undefined")  # drawn in the page
        page.click("table.figures a[href='/industries/gov']")
        page.wait_for_url("**/industries/gov")
        assert page.locator("#industry-total").inner_text() == money(
            expected["industries"]["gov"]["total"])
        page.click("#by-customer a[href='/customers/jz-data-bureau']")
        page.wait_for_url("**/customers/jz-data-bureau")
        c = expected["customers"]["jz-data-bureau"]
        assert page.locator('b[data-k="total"]').inner_text() == money(c["total"])
        assert page.locator('b[data-k="base"]').inner_text() == money(c["base"])
        assert page.evaluate("Chart.getChart('chart-quarters') !== undefined")
        page.close()


def test_the_customer_table_sorts_and_filters(browser, built, expected):
    with Server(*built) as url:
        page = browser.new_page()
        page.goto(url + "/")
        page.click("#customers thead th:nth-child(5)")  # target, largest first
        first = page.locator("#customers tbody tr").first.get_attribute("data-id")
        assert first == max(expected["customers"], key=lambda c: expected["customers"][c]["total"])
        page.fill("#filter", "金融")
        shown = page.locator("#customers tbody tr:not([hidden])")
        assert shown.count() == sum(c["industry"] == "finance"
                                    for c in expected["customers"].values())
        page.close()


def test_a_manager_is_refused_another_managers_customer(browser, built, users_file):
    with Server(built[0], built[1], users_file) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/customers/jz-data-bureau")
        page.wait_for_url("**/login")
        page.fill("input[name=name]", "shen")
        page.fill("input[name=password]", "wrong")
        page.click("button[type=submit]")
        assert page.locator("[role=alert]").is_visible()
        page.fill("input[name=password]", PASSWORDS["shen"])
        page.click("button[type=submit]")
        page.wait_for_url(url + "/")
        assert page.locator("#customers tbody tr").count() == 1
        response = page.goto(url + "/customers/jz-icbc")
        assert response.status == 403 and "无权查看" in page.content()
        response = page.goto(url + "/customers/jz-data-bureau")
        assert response.status == 200
        context.close()


def test_a_saved_edit_appears_in_the_open_page(browser, tmp_path):
    plans = fresh_example(tmp_path)
    with Server(plans) as url:
        page = browser.new_page()
        page.goto(url + "/customers/jz-icbc")
        before = page.locator('b[data-k="total"]').inner_text()
        path = plans / "customers" / "jz-icbc.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "retention: 0.97", "retention: 0.5", 1), encoding="utf-8")
        want = money(_expected(plans)["customers"]["jz-icbc"]["total"])
        assert want != before
        page.wait_for_function(
            "want => document.querySelector('b[data-k=\"total\"]')?.textContent === want",
            arg=want, timeout=20000)
        page.close()
