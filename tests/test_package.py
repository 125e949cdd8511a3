"""The package as a user gets it: a wheel built from the checkout, installed into a fresh
virtual environment, run from a folder that has nothing to do with the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "example"
BILLING = REPO / "plans" / "example-actuals" / "billing-2027H1.csv"


def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _wheel(tmp_path: Path) -> Path:
    """The wheel, built from a copy of the sources (the checkout is not written to)."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "planner", src / "planner",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    # no build isolation: the tests run offline, with the setuptools of the test environment
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "-w", tmp_path / "dist", src], tmp_path)
    (wheel,) = (tmp_path / "dist").glob("planner-*.whl")
    return wheel


def _venv(tmp_path: Path, wheel: Path) -> Path:
    """A fresh virtual environment with the wheel installed; its scripts folder."""
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
          "--no-index", wheel], tmp_path)
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   tmp_path).stdout.strip()
    # the dependencies (not planner) come from this test run's environment, which the tests
    # cannot download again; a plain path in a .pth file is appended to sys.path, after the
    # venv's own site-packages, and the .pth files in it (an editable planner) are not run
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return scripts


def test_the_wheel_holds_the_templates_and_labels(tmp_path):
    """Everything read at run time is package data inside planner/."""
    names = set(zipfile.ZipFile(_wheel(tmp_path)).namelist())
    shipped = {f"planner/templates/{p.name}" for p in (REPO / "planner" / "templates").iterdir()}
    assert "planner/templates/labels.yaml" in shipped
    assert "planner/templates/customer.docx" in shipped
    assert shipped <= names
    assert "planner/__main__.py" in names and "planner/commands/build.py" in names


def test_an_installed_wheel_runs_every_command_from_another_folder(tmp_path):
    """build, review, init, schema and `python -m planner` from the installed wheel."""
    scripts = _venv(tmp_path, _wheel(tmp_path))
    planner = scripts / ("planner.exe" if os.name == "nt" else "planner")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PLANNER_LANG")}
    where = _run([python, "-c", "import planner; print(planner.__file__)"], work, env)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "venv")

    _run([planner, "build", EXAMPLE, "-o", "out"], work, env)
    manifest = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 2 * 12 + 2 * 5 + 2 + 1  # customers, industries, market
    assert (work / "out" / "年度市场营销计划.docx").is_file()

    _run([planner, "review", EXAMPLE, "--actuals", BILLING, "--through", "Q2", "-o", "review"],
         work, env)
    review = json.loads((work / "review" / "manifest.json").read_text(encoding="utf-8"))
    assert review["review"]["through"] == "Q2"

    _run([planner, "init", "plans", "--year", "2027"], work, env)
    checked = _run([python, "-m", "planner", "check", "plans"], work, env)
    assert "0 个错误" in checked.stderr, checked.stderr

    _run([planner, "schema", "-o", "schemas"], work, env)
    assert sorted(p.name for p in (work / "schemas").iterdir()) == [
        "customer.json", "industry.json", "market.json"]
