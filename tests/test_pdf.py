"""`planner build --pdf`: a PDF of every Word document by LibreOffice, listed in the manifest,
reused when its document is; without LibreOffice nothing is written and the user is told how to
install it; a LibreOffice that fails or hangs is a clear error that leaves OUT as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import planner.pdf
from planner.build import DOCUMENTS_STAGE, PDF_STAGE, build
from planner.pdf import PdfError

import lo
from conftest import EXAMPLE, write_plan_set
from docs_support import cents, leftovers, targets_json, tree

needs_soffice = pytest.mark.skipif(not lo.SOFFICE, reason="LibreOffice (soffice) is not installed")
posix = pytest.mark.skipif(sys.platform == "win32", reason="a fake soffice is a shell script")


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _documents(out: Path) -> dict[str, str]:
    """Every file of OUT but planner's bookkeeping, with its sha256."""
    return {k: v for k, v in tree(out).items() if not k.startswith(".planner-")}


def _pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def with_pdfs(tmp_path_factory):
    """plans/example built once with --pdf: (plan set, OUT, build result)."""
    if not lo.SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    base = tmp_path_factory.mktemp("pdf")
    plans = base / "example"
    shutil.copytree(EXAMPLE, plans)
    result = build(plans, base / "out", jobs=2, pdf=True, progress=_recorder(PROGRESS))
    return plans, base / "out", result


PROGRESS: list[tuple[int, int, str, float, bool]] = []  # the with_pdfs build's progress


def _recorder(events: list) -> object:
    """A progress callback recording (done, total, stage, when, in the main thread)."""
    def record(done: int, total: int, stage: str) -> None:
        events.append((done, total, stage, time.monotonic(),
                       threading.current_thread() is threading.main_thread()))
    return record


@needs_soffice
def test_every_word_document_has_its_pdf_in_the_manifest(with_pdfs):
    _, out, result = with_pdfs
    outputs = _manifest(out)["outputs"]
    docx = {(o["level"], o["id"]): o["path"] for o in outputs if o["format"] == "docx"}
    pdfs = {(o["level"], o["id"]): o for o in outputs if o["format"] == "pdf"}
    assert len(docx) == 12 + 5 + 1 and set(pdfs) == set(docx)
    for key, o in pdfs.items():
        assert o["path"] == docx[key].removesuffix(".docx") + ".pdf"
        data = (out / o["path"]).read_bytes()
        assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == o["sha256"]
    assert sorted(result.converted) == sorted(o["path"] for o in pdfs.values())
    assert leftovers(out) == [] and not (out / planner.pdf.WORK).exists()


@needs_soffice
def test_the_conversion_says_its_progress_document_by_document(with_pdfs):
    """After the 18 plans (12 customers, 5 industries, the market, and the market workbook and
    the review workbook: 20 tasks), each PDF as LibreOffice makes it: 1 of 18 ... 18 of 18, in
    the caller's thread, the first well before the last (2 batches of 9 side by side, about a
    second a document), not all when LibreOffice ends."""
    documents = [e for e in PROGRESS if e[2] == DOCUMENTS_STAGE]
    pdfs = [e for e in PROGRESS if e[2] == PDF_STAGE]
    assert [e[:3] for e in documents] == [(n, 20, "documents") for n in range(1, 21)]
    assert [e[:3] for e in pdfs] == [(n, 18, "pdf") for n in range(1, 19)]
    assert PROGRESS == documents + pdfs and all(e[4] for e in PROGRESS)
    assert pdfs[-1][3] - pdfs[0][3] > 2.0


@posix
def test_a_libreoffice_that_names_no_document_still_counts_each_pdf(tmp_path, monkeypatch):
    root = write_plan_set(tmp_path / "plan")  # one customer, one industry, the market
    fake = _fake_soffice(tmp_path / "bin", _SILENT_CONVERTER)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    events: list = []
    build(root, tmp_path / "out", jobs=1, pdf=True, progress=_recorder(events))
    assert [e[:3] for e in events if e[2] == PDF_STAGE] == [(1, 3, "pdf"), (2, 3, "pdf"),
                                                            (3, 3, "pdf")]
    assert all((tmp_path / "out" / o["path"]).read_bytes() == b"%PDF-1.4 fake"
               for o in _manifest(tmp_path / "out")["outputs"] if o["format"] == "pdf")


# a soffice that writes a "PDF" for each document given and prints nothing
_SILENT_CONVERTER = """out=""; prev=""
for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done
mkdir -p "$out"
for a in "$@"; do case "$a" in *.docx) printf '%%PDF-1.4 fake' > "$out/$(basename "$a" .docx).pdf";; esac; done
"""  # noqa: E501 - a shell line


@needs_soffice
def test_the_market_pdf_holds_the_market_total_and_the_customer_pdf_its_name(with_pdfs):
    plans, out, _ = with_pdfs
    expected = targets_json(plans)
    text = _pdf_text(out / "年度市场营销计划.pdf")
    assert cents(expected["market"]["total"]) in text  # the figure `planner targets` gives
    customer = _pdf_text(out / "重点客户" / "江州重工集团有限公司.pdf")
    assert "江州重工集团有限公司" in customer  # Chinese text, in fonts that map back to it
    assert cents(expected["customers"]["jz-heavy-industry"]["total"]) in customer


@needs_soffice
def test_an_unchanged_rebuild_reuses_the_pdfs_and_an_edit_converts_only_its_documents(
        with_pdfs, tmp_path):
    plans, first, _ = with_pdfs
    out = tmp_path / "out"
    shutil.copytree(first, out)
    before = _documents(out)
    inodes = {p: os.stat(out / p).st_ino for p in before if p.endswith(".pdf")}
    result = build(plans, out, jobs=2, pdf=True)
    assert result.rendered == [] and result.converted == []  # no LibreOffice run at all
    assert _documents(out) == before  # a PDF made again would differ (LibreOffice dates each one)
    assert {p: os.stat(out / p).st_ino for p in inodes} == inodes  # the same files, linked

    edited = tmp_path / "edited"
    shutil.copytree(plans, edited)
    path = edited / "customers" / "jz-icbc.yaml"
    path.write_text(path.read_text("utf-8").replace("retention: 0.97", "retention: 0.95"),
                    "utf-8")
    result = build(edited, out, jobs=2, pdf=True)
    assert sorted(result.converted) == ["年度市场营销计划.pdf",
                                        "重点客户/中国工商银行股份有限公司江州分行.pdf",
                                        "重点行业/金融.pdf"]
    after = _documents(out)
    assert after["重点客户/江州大学.pdf"] == before["重点客户/江州大学.pdf"]
    assert after["重点行业/金融.pdf"] != before["重点行业/金融.pdf"]

    result = build(edited, out, jobs=2)  # without --pdf: the PDFs go, nothing is rendered
    assert result.rendered == [] and not list(out.rglob("*.pdf"))
    assert all(o["format"] != "pdf" for o in _manifest(out)["outputs"])


@needs_soffice
def test_serve_lists_each_pdf_with_its_plan(with_pdfs):
    from urllib.parse import quote

    from web_support import client_of

    plans, out, _ = with_pdfs
    client = client_of(plans, out)
    try:
        page = client.get("/customers/jz-icbc").text
        url = "/files/" + quote("重点客户/中国工商银行股份有限公司江州分行.pdf")
        assert url in page
        r = client.get(url)
        assert r.status_code == 200
        assert r.content == (out / "重点客户" / "中国工商银行股份有限公司江州分行.pdf").read_bytes()
    finally:
        client.app.state.live.close()


def _without_soffice(tmp_path: Path) -> dict[str, str]:
    if any(p.is_file() for p in planner.pdf._candidates()):
        pytest.skip("LibreOffice is installed where planner looks beside PATH")
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return {**os.environ, "PATH": str(empty)}


@pytest.mark.parametrize("lang, words", [
    ("zh", ["需要 LibreOffice", "什么都没有写入", "https://www.libreoffice.org/download/",
            "sudo apt-get install libreoffice-writer", "brew install --cask libreoffice"]),
    ("en", ["needs LibreOffice", "nothing was written", "https://www.libreoffice.org/download/",
            "sudo apt-get install libreoffice-writer"])])
def test_without_libreoffice_nothing_is_written_and_the_message_says_how_to_install(
        tmp_path, lang, words):
    root = write_plan_set(tmp_path / "plan")
    out = tmp_path / "out"
    before = set(os.listdir(tmp_path))
    r = subprocess.run([sys.executable, "-c", "from planner.cli import main; main()", "build",
                        str(root), "-o", str(out), "--pdf", "--lang", lang],
                       capture_output=True, text=True, env=_without_soffice(tmp_path),
                       timeout=120)
    assert r.returncode == 1, r.stderr
    assert all(w in r.stderr for w in words), r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert set(os.listdir(tmp_path)) == before | {"bin"}  # no OUT, no lock, no staging folder


def _fake_soffice(folder: Path, script: str) -> Path:
    """A `soffice` on PATH that does what `script` says instead of converting."""
    folder.mkdir(exist_ok=True)
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return folder


@posix
def test_a_failed_conversion_is_one_clear_error_and_out_is_unchanged(tmp_path, monkeypatch):
    root = write_plan_set(tmp_path / "plan")
    out = tmp_path / "out"
    build(root, out, jobs=1)
    before = tree(out)
    fake = _fake_soffice(tmp_path / "bin", "echo 'Error: source file could not be loaded'\n")
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(PdfError) as e:
        build(root, out, jobs=1, pdf=True)
    assert e.value.key == "pdf_failed"
    assert "source file could not be loaded" in e.value.text("en")
    assert e.value.text().startswith("LibreOffice 未能把 ") and ".docx 转换为 PDF" in e.value.text()
    assert tree(out) == before and leftovers(out) == []


@posix
def test_a_hanging_libreoffice_is_stopped_and_reported(tmp_path, monkeypatch):
    root = write_plan_set(tmp_path / "plan")
    out = tmp_path / "out"
    pids = tmp_path / "pids"
    # a LibreOffice that starts a child (as soffice starts soffice.bin) and never finishes
    fake = _fake_soffice(tmp_path / "bin", f"sleep 300 &\necho $! >> {pids}\nwait\n")
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(planner.pdf, "START_SECONDS", 2)
    monkeypatch.setattr(planner.pdf, "DOCUMENT_SECONDS", 0)
    with pytest.raises(PdfError) as e:
        build(root, out, jobs=1, pdf=True)
    assert e.value.key == "pdf_timeout"
    assert "2 秒内没有转换完 3 份文档" in e.value.text()
    assert not out.exists() and leftovers(out) == []
    child = int(pids.read_text().split()[0])
    assert _stopped(child)  # its child was stopped with it (the whole process group)


@posix
def test_ctrl_c_during_the_conversion_stops_libreoffice_and_leaves_out(tmp_path):
    import signal

    root = write_plan_set(tmp_path / "plan")
    out = tmp_path / "out"
    build(root, out, jobs=1)
    before = tree(out)
    pids = tmp_path / "pids"
    fake = _fake_soffice(tmp_path / "bin", f"sleep 300 &\necho $! >> {pids}\nwait\n")
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    p = subprocess.Popen([sys.executable, "-c", "from planner.cli import main; main()", "build",
                          str(root), "-o", str(out), "--pdf", "-j", "1"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(600):  # until LibreOffice (the fake) has started
        if pids.exists() and pids.read_text().strip():
            break
        time.sleep(0.1)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and "Traceback" not in err, err
    assert _stopped(int(pids.read_text().split()[0]))
    assert tree(out) == before and leftovers(out) == []


def _stopped(pid: int) -> bool:
    """Whether a process has ended (a SIGKILL sent a moment ago may take a moment to land)."""
    for _ in range(50):
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
