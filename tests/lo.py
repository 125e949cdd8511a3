"""LibreOffice headless for the tests: recalculate workbooks, render documents to PDF.

A recalculation runs with a profile of its own whose settings make Calc recompute every formula
on load (OOXMLRecalcMode 0 = always); otherwise LibreOffice would keep the values stored in the
file and a test would compare our cached values with themselves. Many files go in one call: one
start of LibreOffice costs about a second.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _profile(base: Path) -> str:
    user = base / "lo-profile" / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
    return (base / "lo-profile").resolve().as_uri()


def convert(files: list[Path], outdir: Path, target: str, work: Path) -> list[Path]:
    """Convert `files` with LibreOffice into `outdir` ('pdf' or 'xlsx'); returns the outputs."""
    assert SOFFICE, "LibreOffice (soffice) is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    fmt = "xlsx:Calc MS Excel 2007 XML" if target == "xlsx" else target
    cmd = [SOFFICE, f"-env:UserInstallation={_profile(work)}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    suffix = "." + target
    outs = [outdir / (f.stem + suffix) for f in files]
    missing = [o for o in outs if not o.exists()]
    assert not missing, f"LibreOffice produced no {missing}"
    return outs


def recalculate(files: list[Path], work: Path) -> list[Path]:
    """Each workbook recalculated by LibreOffice (formulas recomputed on load), as .xlsx."""
    return convert(files, work / "recalculated", "xlsx", work)
