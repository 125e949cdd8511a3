"""What Windows and macOS users need: workers started by `spawn` and no Unix-only module on any
import path, output to a GBK console, ids that Windows can use as file names."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "example"


def _hashes(out: Path) -> list[tuple[str, str]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [(o["path"], o["sha256"]) for o in manifest["outputs"]]


def test_a_build_under_spawn_without_fcntl_gives_the_same_documents(tmp_path):
    """As on Windows: no fcntl in the build nor in its workers, each worker a fresh interpreter
    (spawn); the manifest lists the same files with the same hashes as the Linux build (fork)."""
    site = tmp_path / "site"
    site.mkdir()
    # imported at every interpreter's start, the spawned workers' too
    (site / "sitecustomize.py").write_text('import sys\nsys.modules["fcntl"] = None\n')
    script = ("import sys, warnings\n"
              "warnings.simplefilter('ignore')\n"  # filelock: 'only soft file lock' (no fcntl)
              "try:\n    import fcntl\nexcept ImportError:\n    pass\n"
              "else:\n    sys.exit('fcntl is importable')\n"
              "import planner.build as b\n"
              "b.START = 'spawn'\n"
              "from pathlib import Path\n"
              f"b.build(Path({str(EXAMPLE)!r}), Path(sys.argv[1]), jobs=2)\n"
              "assert 'fcntl' not in sys.modules or sys.modules['fcntl'] is None\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    spawned = subprocess.run([sys.executable, "-c", script, str(tmp_path / "spawned")], env=env,
                             capture_output=True, text=True, timeout=600)
    assert spawned.returncode == 0, spawned.stderr
    forked = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(tmp_path / "forked"),
                                       "-j", "2"])
    assert forked.exit_code == 0, forked.output
    assert len(_hashes(tmp_path / "forked")) == 37
    assert _hashes(tmp_path / "spawned") == _hashes(tmp_path / "forked")
