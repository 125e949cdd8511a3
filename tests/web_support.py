"""Fixtures of the `planner serve` tests: the example plan set copied (so a test may edit it),
built once into an OUT, users of every role, and an in-process client of the app."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from planner.cli import main
from planner.report import money as report_money
from planner.web.app import create_app
from planner.web.state import Live, Settings
from planner.web.users import new_user, write_users

from docs_support import document

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "plans" / "example"
ACTUALS = REPO / "plans" / "example-actuals" / "billing-2027H1.csv"
PASSWORDS = {"zhu": "director-pw", "han": "industry-pw", "shen": "manager-pw"}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(plan set, OUT): the example copied and built once for the session (not to be edited)."""
    base = tmp_path_factory.mktemp("web")
    plans, out = base / "example", base / "out"
    shutil.copytree(EXAMPLE, plans)
    result = CliRunner().invoke(main, ["build", str(plans), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return plans, out


def file_url(out: Path, level: str, id: str | None, fmt: str) -> str:
    """The `/files/` address of a document of the build in OUT, found through its manifest
    (documents are named for people, programs find them by id)."""
    return "/files/" + quote(document(out, level, id, fmt).relative_to(out).as_posix())


@pytest.fixture(scope="session")
def expected(built) -> dict:
    """`planner targets --json` of the example, as the pages must show it."""
    result = CliRunner().invoke(main, ["targets", str(built[0]), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="session")
def users_file(tmp_path_factory) -> Path:
    """A director (zhu), an industry manager of 政务 (han), an account manager of one customer
    of 政务 (shen)."""
    path = tmp_path_factory.mktemp("users") / "users.json"
    write_users(path, {
        "zhu": new_user("zhu", "director", PASSWORDS["zhu"]),
        "han": new_user("han", "industry", PASSWORDS["han"], industries=("gov",)),
        "shen": new_user("shen", "manager", PASSWORDS["shen"], customers=("jz-data-bureau",)),
    })
    return path


def client_of(plans: Path, out: Path | None = None, users: Path | None = None, lang: str = "zh",
              actuals: tuple[Path, ...] = (), through: int = 0) -> TestClient:
    """An in-process client of the app over `plans` (its Live is `client.app.state.live`)."""
    live = Live(Settings(plans, out, lang, actuals, through))
    live.refresh()
    return TestClient(create_app(live, users, secret="test"))


@pytest.fixture(scope="session")
def open_client(built):
    """The app without users (this machine only: everyone is a director)."""
    client = client_of(*built)
    yield client
    client.app.state.live.close()


@pytest.fixture(scope="session")
def walled(built, users_file):
    """The app with the users file."""
    client = client_of(built[0], built[1], users_file)
    yield client
    client.app.state.live.close()


def sign_in(client: TestClient, name: str) -> TestClient:
    """`client` with the session of user `name` (a fresh cookie jar first)."""
    client.cookies.clear()
    r = client.post("/login", data={"name": name, "password": PASSWORDS[name]},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def money(x: float) -> str:
    """A `targets --json` figure as the documents print it (to the cent, half up)."""
    return report_money(Decimal(str(x)))


def fresh_example(tmp_path: Path) -> Path:
    """A copy of the example a test may edit."""
    shutil.copytree(EXAMPLE, tmp_path / "example")
    return tmp_path / "example"


