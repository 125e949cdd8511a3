"""Who sees what in `planner serve`, sign-in, and `planner user add|remove|list`."""

from __future__ import annotations

import json
from urllib.parse import quote

from click.testing import CliRunner
from web_support import PASSWORDS, file_url, sign_in

from planner.cli import main
from planner.web.users import read_users, verify


def test_without_a_session_every_page_and_file_redirects_to_login(walled, built):
    walled.cookies.clear()
    for path in ("/", "/customers/jz-data-bureau", "/industries/gov", "/flags", "/review",
                 file_url(built[1], "customer", "jz-data-bureau", "docx"), "/no/such"):
        r = walled.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path
    assert walled.get("/_live").status_code == 401
    assert walled.get("/login").status_code == 200


def test_a_wrong_password_gives_no_session_and_is_slowed(walled, monkeypatch):
    import planner.web.views.auth as auth

    waited = []

    async def sleep(seconds):
        waited.append(seconds)

    monkeypatch.setattr(auth.asyncio, "sleep", sleep)
    walled.cookies.clear()
    for name, password in (("zhu", "wrong"), ("nobody", PASSWORDS["zhu"]), ("zhu", "")):
        r = walled.post("/login", data={"name": name, "password": password},
                        follow_redirects=False)
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
        assert walled.get("/", follow_redirects=False).status_code == 303
    assert waited == [auth.FAILED_DELAY_S] * 3


def test_the_session_cookie_is_signed_httponly_samesite(walled):
    walled.cookies.clear()
    r = walled.post("/login", data={"name": "zhu", "password": PASSWORDS["zhu"]},
                    follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    value = walled.cookies.get("planner_session")
    assert walled.get("/", follow_redirects=False).status_code == 200
    walled.cookies.clear()
    walled.cookies.set("planner_session", value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB"))
    assert walled.get("/", follow_redirects=False).status_code == 303  # tampered: no session


def test_a_director_sees_everything(walled):
    sign_in(walled, "zhu")
    for path in ("/", "/customers/jz-icbc", "/industries/finance", "/flags",
                 "/files/" + quote("年度市场营销计划.docx")):
        assert walled.get(path).status_code == 200, path


def test_an_industry_manager_sees_their_industry_and_its_customers(walled, expected, built):
    sign_in(walled, "han")
    assert walled.get("/industries/gov").status_code == 200
    for cid in expected["industries"]["gov"]["customers"]:
        assert walled.get(f"/customers/{cid}").status_code == 200
    for path in ("/industries/finance", "/customers/jz-icbc", "/review",
                 "/files/" + quote("年度市场营销计划.docx"), "/files/" + quote("审核清单.xlsx"),
                 file_url(built[1], "customer", "jz-icbc", "docx")):
        r = walled.get(path)
        assert r.status_code == 403 and "无权查看" in r.text, path
    assert walled.get("/files/" + quote("重点行业/政务.xlsx")).status_code == 200
    home = walled.get("/").text
    assert "jz-data-bureau" in home and "jz-icbc" not in home
    assert 'data-k="total"' not in home  # no market headline


def test_an_account_manager_sees_only_their_customers(walled, expected, built):
    sign_in(walled, "shen")
    assert walled.get("/customers/jz-data-bureau").status_code == 200
    mine = "/files/" + quote("重点客户/江州市政务服务和数据管理局.xlsx")
    assert walled.get(mine).status_code == 200
    others = [c for c in expected["customers"] if c != "jz-data-bureau"]
    for cid in others:
        assert walled.get(f"/customers/{cid}").status_code == 403
        assert walled.get(file_url(built[1], "customer", cid, "docx")).status_code == 403
    assert walled.get("/industries/gov").status_code == 403
    home = walled.get("/").text
    assert "jz-data-bureau" in home and not any(f'data-id="{c}"' in home for c in others)
    flags = walled.get("/flags").text
    assert not any(f"/customers/{c}\"" in flags for c in others)


def test_user_commands_keep_argon2_hashes(tmp_path):
    path = tmp_path / "users.json"
    runner = CliRunner()
    r = runner.invoke(main, ["user", "add", str(path), "li", "--role", "manager",
                             "--customers", "jz-icbc,jz-rcb", "--password-stdin"],
                      input="s3cret pass\n")
    assert r.exit_code == 0, r.output
    data = json.loads(path.read_text(encoding="utf-8"))["users"]["li"]
    assert data["hash"].startswith("$argon2id$") and "s3cret" not in path.read_text()
    assert data["customers"] == ["jz-icbc", "jz-rcb"]
    assert verify(read_users(path), "li", "s3cret pass") is not None
    assert verify(read_users(path), "li", "s3cret") is None
    again = runner.invoke(main, ["user", "add", str(path), "li", "--role", "director",
                                 "--password-stdin"], input="x\n")
    assert again.exit_code == 1 and "已存在" in again.output
    bad = runner.invoke(main, ["user", "add", str(path), "wu", "--role", "industry",
                               "--password-stdin"], input="x\n")
    assert bad.exit_code == 1 and "--industries" in bad.output
    listed = runner.invoke(main, ["user", "list", str(path)])
    assert listed.exit_code == 0 and listed.stdout == "li\tmanager\t\tjz-icbc,jz-rcb\n"
    assert runner.invoke(main, ["user", "remove", str(path), "li"]).exit_code == 0
    assert read_users(path) == {}
    assert runner.invoke(main, ["user", "remove", str(path), "li"]).exit_code == 1


def test_a_removed_user_loses_their_session(built, tmp_path):
    from web_support import client_of

    from planner.web.users import new_user, write_users

    path = tmp_path / "users.json"
    write_users(path, {"zhu": new_user("zhu", "director", PASSWORDS["zhu"])})
    client = client_of(built[0], built[1], path)
    sign_in(client, "zhu")
    assert client.get("/", follow_redirects=False).status_code == 200
    write_users(path, {"han": new_user("han", "industry", "x", industries=("gov",))})
    assert client.get("/", follow_redirects=False).status_code == 303
    client.app.state.live.close()


def test_serve_refuses_another_address_without_users(built):
    r = CliRunner().invoke(main, ["serve", str(built[0]), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "--users" in r.output
    r = CliRunner().invoke(main, ["serve", str(built[0]), "--host", "192.168.1.5", "--lang", "en"])
    assert r.exit_code == 2 and "needs --users FILE" in r.output


def test_serve_refuses_a_missing_or_broken_users_file_and_actuals_without_a_quarter(
        built, tmp_path):
    runner = CliRunner()
    missing = tmp_path / "none.json"
    r = runner.invoke(main, ["serve", str(built[0]), "--users", str(missing)])
    assert r.exit_code == 2 and "planner user add" in r.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    r = runner.invoke(main, ["serve", str(built[0]), "--users", str(broken)])
    assert r.exit_code == 2 and "不是 planner 的用户文件" in r.output
    r = runner.invoke(main, ["user", "add", str(broken), "x", "--role", "director",
                             "--password-stdin"], input="pw\n")
    assert r.exit_code == 1 and broken.read_text(encoding="utf-8") == "{not json"
    r = runner.invoke(main, ["serve", str(built[0]), "--actuals", str(broken)])
    assert r.exit_code == 2 and "--through" in r.output
