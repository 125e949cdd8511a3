"""`/files/<path>`: a document of the last build, only if OUT's manifest lists that very path
and the viewer may see it; nothing outside OUT, however the path is spelled."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from planner.web.app import forbidden, not_found, viewer_of


def serve(request: Request) -> Response:
    """The file, as a download under its own name."""
    live = request.app.state.live
    out = live.settings.out
    wanted = request.path_params["path"]
    snap = live.current()
    # the path is only ever compared with the manifest's; it is never joined to OUT as given
    entry = next((o for o in snap.manifest if o["path"] == wanted), None)
    if out is None or entry is None:
        raise not_found()
    if not viewer_of(request).sees_output(snap.analysis.plan or (
            live.last_valid.plan if live.last_valid else None), entry):
        raise forbidden()
    root = Path(out).resolve()
    target = (root / entry["path"]).resolve()
    if root not in target.parents or not target.is_file():  # a manifest edited to point out
        raise not_found()
    return FileResponse(target, filename=target.name)
