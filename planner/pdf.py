"""`planner build --pdf`: a PDF of every Word document, made by LibreOffice headless.

Many documents go to one `soffice` call (a start costs a second or more); a large build is split
into a few batches run side by side, up to the build's number of jobs, each with a profile of its
own (two LibreOffice processes must not share one, and a user's open LibreOffice is never used).
Each batch converts hard links named 1.docx, 2.docx… in a work folder of the staging folder, so
that no file name is ever read by LibreOffice as a URL or an option, and two documents of one
name in different folders cannot overwrite each other's PDF.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from planner.errors import Fault

MIN_BATCH = 4  # documents worth a LibreOffice start of their own
MAX_BATCH = 200  # documents in one call at most (its memory, and a timeout that means something)
START_SECONDS = 120  # the timeout of a batch: a start (a fresh profile is made on the first) ...
DOCUMENT_SECONDS = 60  # ... and this much per document; a document takes 1 to 3 s
WORK = ".pdf-work"  # inside the staging folder; removed before it is published


class PdfError(Fault):
    """LibreOffice is missing, failed or did not finish; the message says what to do."""


def _candidates() -> list[Path]:
    """Where LibreOffice's installers put soffice, beside PATH."""
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")]
        local = os.environ.get("LOCALAPPDATA")
        found = [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in roots if r]
        return found + ([Path(local) / "Programs" / "LibreOffice" / "program" / "soffice.exe"]
                        if local else [])
    if sys.platform == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        return [Path("/Applications") / app, Path.home() / "Applications" / app]
    # the distributions' packages put soffice on PATH; The Document Foundation's own packages
    # install into /opt/libreofficeX.Y with only a `libreofficeX.Y` on PATH (newest first)
    return sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True,
                  key=lambda p: [int(n) for n in re.findall(r"\d+", p.parts[2])])


def find_soffice() -> str | None:
    """LibreOffice's soffice: on PATH (soffice, libreoffice), else where its installer puts it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((str(p) for p in _candidates() if p.is_file()), None)


def require_soffice() -> str:
    """soffice, or a PdfError saying how to install LibreOffice."""
    found = find_soffice()
    if found is None:
        raise PdfError("pdf_no_libreoffice")
    return found


def convert(soffice: str, documents: list[Path], work: Path, jobs: int,
            progress: Callable[[int, int], None] | None = None) -> None:
    """Write `<document>.pdf` beside each .docx of `documents`, in batches, `jobs` at a time;
    `progress(done, total)` after each document, called in the caller's thread."""
    if not documents:
        return
    count = min(max(1, jobs), -(-len(documents) // MIN_BATCH))
    count = max(count, -(-len(documents) // MAX_BATCH))
    batches = [documents[i::count] for i in range(count)]  # round robin: even sizes
    running = _Running()
    done: queue.SimpleQueue[int] = queue.SimpleQueue()  # one item a converted document
    try:
        with ThreadPoolExecutor(min(count, max(1, jobs))) as pool:
            futures = [pool.submit(_batch, soffice, batch, work / f"batch-{n}", running,
                                   done.put)
                       for n, batch in enumerate(batches)]
            try:
                _follow(futures, done, len(documents), progress)
            finally:
                running.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _follow(futures: list, done: queue.SimpleQueue[int], total: int,
            progress: Callable[[int, int], None] | None) -> None:
    """Wait for the batches, saying each converted document to `progress`; the first batch to
    fail raises at once (the others are then stopped)."""
    pending, converted = set(futures), 0
    while pending or not done.empty():
        with contextlib.suppress(queue.Empty):
            done.get(timeout=0.2)
            converted += 1
            if progress:
                progress(converted, total)
        for f in [f for f in pending if f.done()]:
            f.result()
            pending.discard(f)


class _Running:
    """The LibreOffice processes running, so that a failure or Ctrl-C stops all of them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.stopped = False

    def start(self, cmd: list[str]) -> subprocess.Popen[bytes]:
        with self.lock:
            if self.stopped:
                raise PdfError("pdf_stopped")
            options: dict = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
                             if sys.platform == "win32" else {"start_new_session": True})
            process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, **options)
            self.processes.append(process)
            return process

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            for process in self.processes:
                _kill(process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End a LibreOffice process and the soffice.bin it started (its process group)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                           capture_output=True, timeout=30)
        else:
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)


def _batch(soffice: str, documents: list[Path], work: Path, running: _Running,
           converted: Callable[[int], None]) -> None:
    """One LibreOffice call for `documents`, with a fresh profile; each PDF moved beside its
    document; `converted(1)` once for each document as LibreOffice goes."""
    inbox, outbox = work / "in", work / "out"
    inbox.mkdir(parents=True)
    staged = []
    for n, document in enumerate(documents, start=1):
        link = inbox / f"{n}.docx"
        try:
            os.link(document, link)
        except OSError:
            shutil.copyfile(document, link)
        staged.append(link)
    cmd = [soffice, f"-env:UserInstallation={(work / 'profile').resolve().as_uri()}",
           "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
           "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outbox),
           *map(str, staged)]
    seconds = START_SECONDS + DOCUMENT_SECONDS * len(documents)
    try:
        process = running.start(cmd)
    except OSError as e:
        raise PdfError("pdf_failed", doc=documents[0].name, detail=f"{soffice}: {e}") from None
    lines: list[bytes] = []
    reader = threading.Thread(target=_read, args=(process, lines, len(documents), converted),
                              daemon=True)
    reader.start()
    try:
        process.wait(timeout=seconds)
        reader.join()
        output = b"".join(lines)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise PdfError("pdf_timeout", n=len(documents), seconds=seconds,
                       doc=documents[0].name) from None
    except BaseException:
        _kill(process)
        raise
    for document, link in zip(documents, staged, strict=True):
        made = outbox / f"{link.stem}.pdf"
        if not made.is_file() or made.stat().st_size == 0:
            raise PdfError("pdf_failed", doc=document.name,
                           detail=_last_line(output, process.returncode))
        os.replace(made, document.with_suffix(".pdf"))
    said = sum(line.startswith(b"convert ") for line in lines)
    for _ in range(len(documents) - max(0, min(said, len(documents)) - 1)):
        converted(1)  # the last document, and any that LibreOffice did not name


def _read(process: subprocess.Popen[bytes], lines: list[bytes], n: int,
          converted: Callable[[int], None]) -> None:
    """LibreOffice's output, line by line. It says `convert <n>.docx -> ...` as it writes each
    PDF: the document before it is then done."""
    assert process.stdout is not None
    started = 0
    for line in process.stdout:
        lines.append(line)
        if line.startswith(b"convert "):
            if 0 < started < n:
                converted(1)
            started += 1


def _last_line(output: bytes, code: int | None) -> str:
    """What LibreOffice said last (its error, if any), else its exit code."""
    lines = [s.strip() for s in output.decode("utf-8", "replace").splitlines() if s.strip()]
    return lines[-1][:300] if lines else f"exit {code}"
