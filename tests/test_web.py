"""`planner serve` pages, called in process: statuses, and figures equal to `targets --json`."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from web_support import ACTUALS, client_of, fresh_example, money

from planner.cli import main
from planner.resources import Templates

L = Templates(None, "zh").labels


def cells(html: str, row_id: str) -> list[str]:
    """The text of the cells of the table row marked data-id=row_id."""
    m = re.search(rf'<tr data-id="{re.escape(row_id)}">(.*?)</tr>', html, re.S)
    assert m, row_id
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)]


def headline(html: str, key: str) -> str:
    m = re.search(rf'<b data-k="{key}"[^>]*>(.*?)</b>', html)
    assert m, key
    return m.group(1)


def test_market_page_shows_the_targets_json_figures(open_client, expected):
    r = open_client.get("/")
    assert r.status_code == 200
    m = expected["market"]
    assert headline(r.text, "total") == money(m["total"])  # 5,452.33
    assert headline(r.text, "base") == money(m["base"])
    assert headline(r.text, "gap") == ("+" if m["gap"] >= 0 else "") + money(m["gap"])
    for cid, c in expected["customers"].items():
        row = cells(r.text, cid)
        # customer, industry, region, base, target, growth, pipeline, win-back, share, ...
        assert row[0] == c["name"]
        assert row[3:5] == [money(c["base"]), money(c["total"])]
        assert row[6:8] == [money(c["pipeline"]), money(c["winback"])]
    for iid in expected["industries"]:
        assert f'href="/industries/{iid}"' in r.text
    assert "/static/chart.umd.min.js" in r.text and "cdn" not in r.text.lower()


def test_industry_page_totals_and_links_its_customers(open_client, expected):
    for iid, ind in expected["industries"].items():
        r = open_client.get(f"/industries/{iid}")
        assert r.status_code == 200
        total = re.search(r'id="industry-total">(.*?)<', r.text).group(1)
        assert total == money(ind["total"])
        for cid in ind["customers"]:
            assert cells(r.text, cid)[5] == money(expected["customers"][cid]["total"])


def test_customer_page_has_every_section_its_figures_and_its_flags(open_client, expected, built):
    cid = "jz-experimental-primary"  # its plan raises a flag: no decision maker among contacts
    r = open_client.get(f"/customers/{cid}")
    assert r.status_code == 200
    for key in ("s1", "s2", "s3", "s4", "s5", "s6", "s1_wallet", "s2_stock", "s3_quarters"):
        assert L[key] in r.text
    assert headline(r.text, "total") == money(expected["customers"][cid]["total"])
    assert f"customers/{cid}.yaml:1</code>" in r.text  # the flag's file:line
    assert "关键联系人中没有决策者" in r.text or "决策者" in r.text
    # its documents, named for the customer
    assert "/files/" + quote("重点客户/江州市实验小学.docx") in r.text
    assert "/files/" + quote("重点客户/江州市实验小学.xlsx") in r.text


def test_unknown_ids_are_a_404_page(open_client):
    for path in ("/customers/nobody", "/industries/nothing", "/no/such/page"):
        r = open_client.get(path)
        assert r.status_code == 404
        assert L["web_not_found"] in r.text


def test_flags_filter_by_level_kind_manager_and_region(open_client):
    everything = open_client.get("/flags").text
    total = len(re.findall(r"<tr data-code=", everything))
    from planner.pipeline import analyse

    from conftest import EXAMPLE

    assert total == len(analyse(EXAMPLE).warnings) > 0  # every flag `check` gives
    only = open_client.get("/flags", params={"kind": "no_decision_maker"}).text
    codes = re.findall(r'<tr data-code="([^"]+)"', only)
    assert codes and set(codes) == {"no_decision_maker"}
    mine = open_client.get("/flags", params={"manager": "方敏"}).text
    assert "jz-experimental-primary" in mine and "jz-data-bureau" not in mine
    regions = open_client.get("/flags", params={"level": "region"}).text
    assert len(re.findall(r"<tr data-code=", regions)) < total


def test_files_only_serves_manifest_paths_inside_out(open_client, built):
    plans, out = built
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["outputs"][0]
    r = open_client.get("/files/" + entry["path"])
    assert r.status_code == 200 and r.content == (out / entry["path"]).read_bytes()
    for bad in ("/files/manifest.json", "/files/../example/market.yaml",
                "/files/%2e%2e/example/market.yaml", "/files/..%2fexample%2fmarket.yaml",
                "/files//etc/passwd", "/files/" + str(plans / "market.yaml"),
                "/files/" + entry["path"].replace("/", "\\")):
        assert open_client.get(bad).status_code == 404, bad


def test_a_manifest_pointing_outside_out_is_not_followed(built, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "secret.txt").write_text("no")
    (out / "manifest.json").write_text(json.dumps({"outputs": [
        {"level": "market", "id": None, "format": "docx", "path": "../secret.txt"}]}))
    client = client_of(built[0], out)
    assert client.get("/files/../secret.txt").status_code == 404
    client.app.state.live.close()


def test_a_bad_plan_set_shows_the_errors_at_file_and_line(tmp_path):
    plans = fresh_example(tmp_path)
    path = plans / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("retention: 0.97",
                                                             "retention: 9.5", 1),
                    encoding="utf-8")
    check = CliRunner().invoke(main, ["check", str(plans)])
    assert check.exit_code == 1
    where = re.search(r"(\S*customers/jz-icbc\.yaml:\d+):\d+:", check.output).group(1)
    client = client_of(plans)
    for page in ("/", "/customers/jz-icbc", "/flags"):
        r = client.get(page)
        assert r.status_code == 200
        assert L["web_invalid"] in r.text and f"<code>{where}</code>" in r.text
        assert 'data-k="total"' not in r.text
    client.app.state.live.close()


def test_english_pages(built):
    client = client_of(*built, lang="en")
    r = client.get("/")
    assert "Key customers" in r.text and "重点客户</h2>" not in r.text
    client.app.state.live.close()


@pytest.mark.parametrize("given", [True, False])
def test_review_page(built, given):
    client = client_of(*built, actuals=(ACTUALS,) if given else (), through=2)
    r = client.get("/review")
    assert r.status_code == 200
    if given:
        result = CliRunner().invoke(main, ["review", str(built[0]), "--actuals", str(ACTUALS),
                                           "--through", "Q2", "--json"])
        market = json.loads(result.stdout)["market"]
        assert L["rv_s_industry"] in r.text
        assert f"累计收入 {money(market['actual'])} 万元" in r.text
    else:
        assert L["web_no_review"] in r.text
    client.app.state.live.close()


def test_pages_carry_security_headers_and_no_inline_script(open_client):
    r = open_client.get("/flags")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert "onchange=" not in r.text and "onclick=" not in r.text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", open_client.get("/").text, re.S)
    # every script is a file of the app, or data (JSON) that the browser never runs
    assert all('src="/static/' in attrs or 'type="application/json"' in attrs
               for attrs, _ in scripts)


def test_the_serve_command_answers_and_stops_on_ctrl_c(built):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    planner = Path(sys.executable).with_name("planner")  # the installed command
    proc = subprocess.Popen([str(planner), "serve", str(built[0]),
                             "--port", str(port), "--out", str(built[1])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        body = ""
        end = time.monotonic() + 60
        while time.monotonic() < end and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    body = r.read().decode()
            except OSError:
                time.sleep(0.2)
        assert L["web_customers"] in body
    finally:
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err
    assert f"http://127.0.0.1:{port}/" in err
