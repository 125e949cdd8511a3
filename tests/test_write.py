"""The output folder's guards: nothing is written or taken over from outside OUT."""

from __future__ import annotations

import hashlib

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
