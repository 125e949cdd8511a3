"""The output folder's guards: nothing is written or taken over from outside OUT."""

from __future__ import annotations

import hashlib
import os

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


def test_a_lock_file_removed_by_its_holder_is_not_taken(tmp_path, monkeypatch):
    """A build that opened the lock file just before the holder removed it must not lock that
    old file: it locks the one at the path."""
    import fcntl

    from planner import write

    out = tmp_path / "out"
    path = tmp_path / ".out.lock"
    stale = open(path, "a")  # as if another build had it
    path.unlink()
    real_open = open
    opened = []

    def first_the_stale_file(file, mode="r", *a, **kw):
        if str(file) == str(path) and not opened:
            opened.append(file)
            return stale
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr("builtins.open", first_the_stale_file)
    with write.locked(out):
        assert opened and path.exists()
        with pytest.raises(OSError):  # the file at the path is the one locked
            fcntl.flock(real_open(path, "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert stale.closed
