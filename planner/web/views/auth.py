"""`/login` and `/logout`: a form posting name and password; a session only for the right one."""

from __future__ import annotations

import asyncio

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from planner.web.users import verify

FAILED_DELAY_S = 1.0  # a wrong password waits this long before the answer: guessing is slow


async def login(request: Request) -> Response:
    """The sign-in form; on POST, the session and a redirect to the market, or the form again."""
    pages = request.app.state.pages
    users = request.app.state.users
    if request.method == "GET":
        if users is None:
            return RedirectResponse("/", status_code=303)
        return pages.render(request, "login.html", failed=False)
    form = await request.form()
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    user = None
    if users is not None:
        user = await run_in_threadpool(verify, users.all(), name, password)
    if user is None:
        request.session.clear()
        await asyncio.sleep(FAILED_DELAY_S)
        return pages.render(request, "login.html", status=401, failed=True, given=name)
    request.session.clear()
    request.session.update({"user": user.name, "key": user.session_key})
    return RedirectResponse("/", status_code=303)


async def logout(request: Request) -> Response:
    """End the session."""
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
