"""The output folder's guards: nothing is written or taken over from outside OUT."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from planner.write import OutputError, reuse_file, staging_folder, write_file


@pytest.fixture
def folders(tmp_path):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    return out, staging_folder(out), tmp_path


@pytest.mark.parametrize("relpath", ["../escape.docx", "sub/../../escape.docx", "/tmp/x.docx",
                                     "", "."])
def test_write_file_refuses_paths_that_leave_the_stage(folders, relpath):
    _, stage, tmp = folders
    with pytest.raises(OutputError, match="outside the output folder"):
        write_file(stage, relpath, b"x")
    assert not (tmp / "escape.docx").exists()


def test_write_file_refuses_a_folder_that_is_a_link_out_of_the_stage(folders):
    _, stage, tmp = folders
    (tmp / "elsewhere").mkdir()
    (stage / "sub").symlink_to(tmp / "elsewhere")
    with pytest.raises(OutputError):
        write_file(stage, "sub/a.docx", b"x")
    assert not (tmp / "elsewhere" / "a.docx").exists()


def test_reuse_file_takes_a_file_of_out_over_as_a_link(folders):
    out, stage, _ = folders
    (out / "sub" / "a.docx").write_bytes(b"plan")
    digest = hashlib.sha256(b"plan").hexdigest()
    assert reuse_file(out, stage, "sub/a.docx", digest)
    assert (stage / "sub" / "a.docx").read_bytes() == b"plan"
    assert (stage / "sub" / "a.docx").stat().st_ino == (out / "sub" / "a.docx").stat().st_ino
    assert not reuse_file(out, stage, "sub/a.docx", hashlib.sha256(b"other").hexdigest())


def test_reuse_file_does_not_follow_links_out_of_out(folders):
    out, stage, tmp = folders
    secret = tmp / "secret.docx"
    secret.write_bytes(b"secret")
    digest = hashlib.sha256(b"secret").hexdigest()
    (out / "sub" / "a.docx").symlink_to(secret)
    (out / "linked").symlink_to(tmp)
    assert not reuse_file(out, stage, "sub/a.docx", digest)
    assert not reuse_file(out, stage, "linked/secret.docx", digest)
    assert not reuse_file(out, stage, "../secret.docx", digest)
    assert not list(stage.rglob("*.docx"))


def test_the_lock_is_one_at_a_time_and_leaves_no_file(tmp_path):
    from planner.write import locked

    out = tmp_path / "out"
    with locked(out):
        assert (tmp_path / ".out.lock").exists()
        with pytest.raises(OutputError, match="another planner build"):
            with locked(out):
                pass
    assert not (tmp_path / ".out.lock").exists()
    with locked(out):  # free again
        pass
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name == "nt", reason="flock is the lock of Linux and macOS")
def test_the_lock_is_the_file_at_the_path(tmp_path):
    """Another program's flock of the lock file fails while a build holds it, and succeeds
    after. (A lock file its holder removed while another build had it open is not taken:
    filelock checks that the locked file still has a name.)"""
    import fcntl

    from planner import write

    out = tmp_path / "out"
    path = tmp_path / ".out.lock"
    with write.locked(out):
        with open(path, "a") as other, pytest.raises(OSError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert not path.exists()


def _earlier_out(out: Path, text: str) -> None:
    out.mkdir()
    (out / "manifest.json").write_text('{"outputs": []}\n', encoding="utf-8")
    (out / "a.docx").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("atomic", [True, False])
def test_publish_swaps_the_stage_in_with_or_without_an_atomic_exchange(tmp_path, monkeypatch,
                                                                       atomic):
    """Where the system cannot exchange two folders (Windows), two renames do the same."""
    from planner import write

    if not atomic:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    _earlier_out(out, "earlier")
    stage = write.staging_folder(out)
    write.write_file(stage, "a.docx", b"new")
    write.publish(stage, out, {"outputs": []})
    assert (out / "a.docx").read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["out"]  # the earlier OUT and the stage are gone


def test_a_kill_between_the_two_renames_is_undone_by_the_next_build(tmp_path):
    """OUT was renamed aside and the stage not yet in: the next build puts OUT back first."""
    from planner import write

    out = tmp_path / "out"
    _earlier_out(tmp_path / ".out.old-4242", "earlier")
    (tmp_path / ".out.build-4242").mkdir()  # the killed build's stage
    with write.locked(out):
        write.recover(out)
    assert (out / "a.docx").read_text(encoding="utf-8") == "earlier"
    assert sorted(os.listdir(tmp_path)) == ["out"]
