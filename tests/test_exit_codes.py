"""Exit codes that mean what they say (contracts.md): 1 for a fault of the input or of the
environment, named with what to do; 2 for usage; 3 only for planner's own bugs; 130 for Ctrl-C.
The read-only, full and mounted disks are real tmpfs mounts (as root; skipped otherwise)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "example"


def _planner(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planner", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=600,
                          env={k: v for k, v in os.environ.items() if k != "PLANNER_LANG"})


@contextlib.contextmanager
def _tmpfs(where: Path, options: str):
    """A small file system mounted at `where` for the duration (root only)."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("needs to mount a tmpfs (root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_out_under_a_file_is_an_input_fault(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    r = _planner("build", EXAMPLE, "-o", "notes.txt/out", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (
        1, f"planner: {tmp_path / 'notes.txt'} 是一个文件, 不能在它下面建目录; 用 -o 指定另一个位置\n")


def test_schema_onto_an_existing_file_says_so(tmp_path):
    (tmp_path / "schemas").write_text("mine", encoding="utf-8")
    r = _planner("schema", "-o", "schemas", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (
        1, "planner: schemas 已存在且不是目录 — 删除它, 或用另一个名字\n")
    assert (tmp_path / "schemas").read_text(encoding="utf-8") == "mine"


def test_out_under_proc_is_a_place_nothing_can_be_made(tmp_path):
    r = _planner("build", EXAMPLE, "-o", "/proc/plans-out", "--lang", "en", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (
        1, "planner: cannot make /proc/plans-out there (No such file or directory) — choose an "
           "ordinary folder you may write to\n")


def test_a_read_only_disk(tmp_path):
    with _tmpfs(tmp_path / "ro", "ro,size=1m"):
        build = _planner("build", EXAMPLE, "-o", "ro/out", cwd=tmp_path)
        init = _planner("init", "ro/plans", cwd=tmp_path)
    assert (build.returncode, build.stderr) == (
        1, f"planner: 无法写入 {Path('ro/out')}: 所在的磁盘是只读的 — 请输出到可写的磁盘上的目录\n")
    assert (init.returncode, init.stderr) == (
        1, f"planner: 无法写入 {Path('ro/plans')}: 所在的磁盘是只读的 — 请输出到可写的磁盘上的目录\n")


def test_a_full_disk_leaves_the_earlier_out_and_nothing_else(tmp_path):
    with _tmpfs(tmp_path / "disk", "size=400k"):
        out = tmp_path / "disk" / "out"
        out.mkdir()
        (out / "manifest.json").write_text('{"generated_by": "planner 0.2.0", "outputs": []}\n',
                                            encoding="utf-8")
        r = _planner("build", EXAMPLE, "-o", out, cwd=tmp_path)
        left = sorted(p.name for p in (tmp_path / "disk").iterdir())
        earlier = os.listdir(out)
    assert r.returncode == 1
    assert r.stderr.startswith("planner: 无法写入 disk/.out.build-"), r.stderr
    assert r.stderr.endswith(": 磁盘已满 — 请清理出空间, 或输出到另一个磁盘\n")
    assert left == ["out"] and earlier == ["manifest.json"]


def test_out_that_is_a_mount_point_is_refused_before_anything_is_rendered(tmp_path):
    with _tmpfs(tmp_path / "share", "size=10m") as share:
        r = _planner("build", EXAMPLE, "-o", "share", cwd=tmp_path)
        assert os.listdir(share) == []
    assert (r.returncode, r.stderr) == (
        1, f"planner: {share} 是一个挂载点, planner 不能整体替换它; 请输出到它里面的一个目录, "
           f"如 -o {share / 'plans'}\n")


@pytest.mark.skipif(os.name == "nt", reason="a process group and SIGINT, as a terminal sends")
def test_ctrl_c_exits_130_in_one_line_with_no_worker_left_and_out_unchanged(tmp_path):
    out = tmp_path / "out"
    assert _planner("build", EXAMPLE, "-o", out).returncode == 0
    before = (out / "manifest.json").read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_LANG"}
    # its own process group, as a terminal's foreground job: Ctrl-C reaches every process in it
    proc = subprocess.Popen([sys.executable, "-m", "planner", "build", str(EXAMPLE), "-o",
                             str(out), "-j", "2", "--force"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not list(tmp_path.glob(".out.build-*")) and proc.poll() is None:
        time.sleep(0.02)  # until it renders into its staging folder
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert stderr.decode("utf-8") == "planner: 已中断 (Ctrl-C); 输出目录保持原样, 可以立即重新运行\n"
    assert stdout == b""
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker left running
    assert (out / "manifest.json").read_bytes() == before
    again = _planner("build", EXAMPLE, "-o", out)  # at once: the lock is free
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    shutil.rmtree(out)
