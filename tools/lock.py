"""Lock the dependencies: requirements-lock.txt, for every platform, from pyproject.toml.

    python tools/lock.py            # after adding or changing a dependency in pyproject.toml
    python tools/lock.py --upgrade  # move every pin to the newest release
    python tools/lock.py --check    # only say whether pyproject.toml and the lock agree

uv resolves once for Linux, Windows and macOS and every Python from 3.11 (`--universal`), so the
lock also pins what only Windows needs (colorama for click); pins already in the lock are kept
unless --upgrade. Each dependency's lower bound in pyproject.toml is then set to its pin: the
tests run on the locked versions, so the pin is the oldest version they prove. uv is found on
PATH or as the Python package `uv`, which it installs into the running Python if missing.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-lock.txt"
PYPROJECT = ROOT / "pyproject.toml"
PYTHON = "3.11"  # the oldest Python of requires-python
# a dependency string of pyproject.toml: "name>=1.2,<3" with its lower bound
DEPENDENCY = re.compile(r'"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<extras>\[[^\]]*\])?'
                        r'(?P<spec>[^";]*)(?P<marker>;[^"]*)?"')


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock_text: str) -> dict[str, str]:
    """name -> pinned version of every line 'name==version' of a lock; where the lock pins two
    versions (one for Python 3.11, a newer one for later Pythons), the older."""
    from packaging.version import Version

    found: dict[str, str] = {}
    for line in lock_text.splitlines():
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            name = _norm(m.group(1))
            if name not in found or Version(m.group(2)) < Version(found[name]):
                found[name] = m.group(2)
    return found


def dependency_lines(pyproject_text: str) -> list[re.Match]:
    """Every dependency string of [project] dependencies and optional-dependencies."""
    start = pyproject_text.index("[project]")
    end = pyproject_text.find("\n[project.scripts]")
    return list(DEPENDENCY.finditer(pyproject_text, start, end if end > 0 else None))


def disagreements(pyproject_text: str, lock_text: str) -> list[str]:
    """What pyproject.toml says that the lock does not prove: a dependency not locked, or a
    lower bound other than its pin."""
    locked = pins(lock_text)
    problems = []
    for m in dependency_lines(pyproject_text):
        name, spec = _norm(m.group("name")), m.group("spec").replace(" ", "")
        if name in ("planner",) or m.start() < pyproject_text.index("dependencies"):
            continue
        if name not in locked:
            problems.append(f"{name}: not in {LOCK.name}; run python tools/lock.py")
            continue
        lower = re.search(r">=([^,]+)", spec)
        if not lower or lower.group(1) != locked[name]:
            problems.append(f"{name}: pyproject.toml says {spec or 'any version'}, the lock "
                            f"proves {locked[name]}; write {name}>={locked[name]} "
                            "(python tools/lock.py does)")
    return problems


def set_lower_bounds(pyproject_text: str, lock_text: str) -> str:
    """pyproject.toml with each dependency's lower bound set to its pin (other bounds kept)."""
    locked = pins(lock_text)

    def bound(m: re.Match) -> str:
        name = _norm(m.group("name"))
        if name not in locked or m.start() < pyproject_text.index("dependencies"):
            return m.group(0)
        rest = [s for s in m.group("spec").replace(" ", "").split(",") if s and
                not s.startswith((">=", "==", "~="))]
        spec = ",".join([f">={locked[name]}", *rest])
        return f'"{m.group("name")}{m.group("extras") or ""}{spec}{m.group("marker") or ""}"'

    return DEPENDENCY.sub(bound, pyproject_text)


def _uv() -> list[str]:
    """uv on PATH, else the `uv` package of this Python, installed into it if missing (so that
    locking stays one command)."""
    if shutil.which("uv"):
        return ["uv"]
    if importlib.util.find_spec("uv") is None:
        print("tools/lock.py: installing uv into this Python (pip install uv)", file=sys.stderr)
        if subprocess.run([sys.executable, "-m", "pip", "install", "-q", "uv"]).returncode:
            sys.exit("tools/lock.py needs uv: pip install uv (see https://docs.astral.sh/uv)")
    return [sys.executable, "-m", "uv"]


def main(args: list[str]) -> int:
    """Lock, then align pyproject.toml's lower bounds; with --check, only compare them."""
    if "--check" not in args:
        command = [*_uv(), "pip", "compile", "pyproject.toml", "--extra", "test", "--universal",
                   "--python-version", PYTHON, "--output-file", LOCK.name, "--quiet",
                   "--custom-compile-command", "python tools/lock.py"]
        if "--upgrade" in args:
            command.append("--upgrade")
        if subprocess.run(command, cwd=ROOT).returncode:
            return 1  # uv said why (a dependency that cannot be had, say)
        text = PYPROJECT.read_text(encoding="utf-8")
        updated = set_lower_bounds(text, LOCK.read_text(encoding="utf-8"))
        if updated != text:
            PYPROJECT.write_text(updated, encoding="utf-8")
            print("pyproject.toml: lower bounds set to the locked versions")
    problems = disagreements(PYPROJECT.read_text(encoding="utf-8"),
                             LOCK.read_text(encoding="utf-8"))
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
