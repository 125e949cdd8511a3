"""Writing several files as one change: all of them, or (on any failure) none."""

from __future__ import annotations

import os
from pathlib import Path


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file: each to a temporary file beside it first, then all renamed into place;
    a failure while renaming puts the files already replaced back as they were."""
    temps: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.planner-tmp")
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            temps[path] = tmp
        old = {p: (p.read_bytes() if p.exists() else None) for p in files}
        done: list[Path] = []
        try:
            for path, tmp in temps.items():
                os.replace(tmp, path)
                done.append(path)
        except OSError:
            for path in done:
                if old[path] is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(old[path])  # type: ignore[arg-type]
            raise
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
