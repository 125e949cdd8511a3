"""The lock (requirements-lock.txt) and pyproject.toml say the same thing: every dependency is
locked, and its lower bound in pyproject.toml is the version the lock pins."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("lock", REPO / "tools" / "lock.py")
lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock)  # type: ignore[union-attr]

PYPROJECT = (REPO / "pyproject.toml").read_text(encoding="utf-8")
LOCKED = (REPO / "requirements-lock.txt").read_text(encoding="utf-8")


def test_pyproject_and_the_lock_agree():
    assert lock.disagreements(PYPROJECT, LOCKED) == []


def test_every_platform_is_locked():
    """A universal lock: Windows' own dependencies are in it, with their markers."""
    assert "sys_platform == 'win32'" in LOCKED
    assert "filelock==" in LOCKED and "click==" in LOCKED


def test_a_dependency_added_without_relocking_is_caught():
    added = PYPROJECT.replace('dependencies = [\n', 'dependencies = [\n    "flask>=3.0",\n', 1)
    assert lock.disagreements(added, LOCKED) == [
        "flask: not in requirements-lock.txt; run python tools/lock.py"]


def test_a_lower_bound_below_the_pin_is_caught_and_set():
    pin = lock.pins(LOCKED)["click"]
    loose = PYPROJECT.replace(f'"click>={pin}"', '"click>=8.0"')
    assert loose != PYPROJECT
    assert lock.disagreements(loose, LOCKED) == [
        f"click: pyproject.toml says >=8.0, the lock proves {pin}; write click>={pin} "
        "(python tools/lock.py does)"]
    assert lock.set_lower_bounds(loose, LOCKED) == PYPROJECT


def test_the_older_pin_of_two_is_the_lower_bound():
    """networkx is pinned twice (3.11 cannot have the newest): the bound is the older pin."""
    text = "a==1.10 ; python_full_version >= '3.12'\na==1.9 ; python_full_version < '3.12'\n"
    assert lock.pins(text) == {"a": "1.9"}
