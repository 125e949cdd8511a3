"""The Starlette app: routes, sessions, the sign-in wall, and page rendering.

Starlette (with uvicorn as its server) is a small, well-kept ASGI framework that runs the same on
Windows and Linux; its SessionMiddleware keeps the session in a cookie signed with itsdangerous,
HttpOnly and SameSite=Lax. The app only reads: no route changes a plan.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from planner.customers import FileChanged
from planner.messages import ui
from planner.web.access import Viewer
from planner.web.state import Live, Snapshot
from planner.web.users import User, read_users

HERE = Path(__file__).resolve().parent
OPEN_PATHS = ("/login", "/static/")  # reachable without a session (the sign-in page and its CSS)
LIVE_WAIT_S = 20.0  # how long /_live holds a request open waiting for a new version
NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*")


class Users:
    """The users file, read again whenever it changes (a removed user loses access at once)."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp: tuple[float, int] | None = None
        self._users: dict[str, User] = {}

    def all(self) -> dict[str, User]:
        """Every user, as the file says now."""
        try:
            st = self.path.stat()
            stamp = (st.st_mtime, st.st_size)
        except OSError:
            stamp = None
        if stamp != self._stamp:
            self._users = read_users(self.path) if stamp else {}
            self._stamp = stamp
        return self._users


def viewer_of(request: Request) -> Viewer:
    """Who is asking (set by the sign-in wall)."""
    return request.scope.get("planner.viewer", Viewer(None))


class SignInWall:
    """With a users file, every page and file needs the session of a current user; without
    one, the redirect to /login (a page) or 401 (the live poll)."""

    def __init__(self, app: ASGIApp, users: Users | None):
        self.app, self.users = app, users

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.users is None:
            await self.app(scope, receive, send)
            return
        session = scope.get("session") or {}
        user = self.users.all().get(session.get("user", ""))
        # the session names the password hash it was made with: a new password ends old sessions
        if user is not None and session.get("key") == user.session_key:
            scope["planner.viewer"] = Viewer(user)
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        if path == "/_live":
            response: Response = JSONResponse({"login": True}, status_code=401)
        else:
            response = RedirectResponse("/login", status_code=303)
        await response(scope, receive, send)


# the page's own files only: no inline script, nothing from elsewhere, never inside a frame
HEADERS = [(b"content-security-policy", b"default-src 'self'; style-src 'self' 'unsafe-inline'; "
            b"img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
           (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """Adds HEADERS to every answer."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + HEADERS
            await send(message)

        await self.app(scope, receive, sending if scope["type"] == "http" else send)


class Pages:
    """The page templates, with the labels of the app's language."""

    def __init__(self, live: Live):
        self.live = live
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
        # a document's heading without its number, for a page that orders sections its own way
        self.env.filters["unnumbered"] = lambda text: NUMBERING.sub("", text)
        for name in self.env.list_templates(extensions=["html"]):  # compiled now, not on a
            self.env.get_template(name)                              # director's first visit

    def render(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        """A page from its template, with the frame every page has (menu, user, version)."""
        snap: Snapshot = ctx.pop("snap", None) or self.live.current()
        viewer = viewer_of(request)
        html = self.env.get_template(name).render(
            L=snap.labels, lang=self.live.settings.lang, viewer=viewer, generation=snap.generation,
            colon=": " if self.live.settings.lang == "en" else "：",
            path=request.url.path, has_review=bool(self.live.settings.actuals),
            plan=snap.analysis.plan, signed_in=viewer.user is not None,
            walled=request.app.state.users is not None and viewer.user is None, **ctx)
        return HTMLResponse(html, status_code=status)


async def live_poll(request: Request) -> Response:
    """The version of the plan set, answered when it is newer than `since` (or after a while):
    the pages' script reloads the page when the answer is new."""
    live: Live = request.app.state.live
    try:
        since = int(request.query_params.get("since", "0"))
    except ValueError:
        since = 0
    deadline = asyncio.get_running_loop().time() + LIVE_WAIT_S
    while asyncio.get_running_loop().time() < deadline:
        snap = live.snapshot
        if snap is not None and snap.generation != since:
            break
        await asyncio.sleep(0.05)
    return JSONResponse({"generation": live.current().generation})


def _error_page(status: int, key: str):
    async def handler(request: Request, exc: Exception) -> Response:
        pages: Pages = request.app.state.pages
        return pages.render(request, "error.html", status=status, title=pages.live.labels[key],
                            text=pages.live.labels[key + "_text"])
    return handler


async def _file_changed(request: Request, exc: Exception) -> Response:
    """A customer file saved after the analysis the page was made from: the watcher is reading
    it again; the page says so (and is not an error of the app)."""
    pages: Pages = request.app.state.pages
    lang = pages.live.settings.lang
    text = ui("web_file_changed", lang, **getattr(exc, "params", {}))
    return pages.render(request, "error.html", status=503, title=text, text="")


def create_app(live: Live, users_file: Path | None = None,
               secret: str | None = None) -> Starlette:
    """The app over `live`; with `users_file`, only its users, each seeing what they may."""
    from planner.web.views import auth, customer, files, flags, industry, market, review

    routes = [
        Route("/", market.page),
        Route("/industries/{iid}", industry.page),
        Route("/customers/{cid}", customer.page),
        Route("/flags", flags.page),
        Route("/review", review.page),
        Route("/files/{path:path}", files.serve),
        Route("/login", auth.login, methods=["GET", "POST"]),
        Route("/logout", auth.logout, methods=["POST"]),
        Route("/_live", live_poll),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    users = Users(users_file) if users_file is not None else None
    middleware = [
        Middleware(SecurityHeaders),
        # a fresh key each start: sessions end when the server stops, and no key sits on disk
        Middleware(SessionMiddleware, secret_key=secret or secrets.token_urlsafe(32),
                   session_cookie="planner_session", same_site="lax", max_age=12 * 3600),
        Middleware(SignInWall, users=users),
    ]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={404: _error_page(404, "web_not_found"),
                                        403: _error_page(403, "web_forbidden"),
                                        FileChanged: _file_changed})
    app.state.live, app.state.users, app.state.pages = live, users, Pages(live)
    return app


def not_found() -> HTTPException:
    """The 404 page."""
    return HTTPException(404)


def forbidden() -> HTTPException:
    """The 403 page."""
    return HTTPException(403)
