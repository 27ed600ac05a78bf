"""The carer's own device in a shared review at a distance: a small page of its own, and the routes it asks.

It is not a Streamlit page: a phone on a slow home line loads a few kilobytes, not the app, and the carer's
browser never holds a session of the app at all. The link's secret travels in the address's fragment, which a
browser never sends: the page posts it once, is bound to the link by a cookie only it holds (HttpOnly, Secure,
SameSite=Strict, this path only), and takes the secret out of its address and history. Every answer is decided
by ``workbench.cycle.remote``, afresh.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from workbench.core.errors import WorkbenchError
from workbench.core.store import FamilyStore
from workbench.cycle import invitations, remote, stage
from workbench.trust import links

from .media import session_alive

ASSETS = Path(__file__).parent / "assets"
ROUTE = "/vig-join"
COOKIE = "vig_carer"
SHOWN = {"carer.js": "text/javascript", "carer.css": "text/css", "stage.js": "text/javascript",
         "stage.css": "text/css", "stage.html": "text/html"}  # the page's own files, and nothing else
WAIT_S = 20.0  # how long a question for the next change is held open before it is answered unchanged
CHECK_S = 1.0  # while it is held, everything is checked again this often
TICK_S = 0.04  # and the guider's cue looked at this often
MAX_BODY = 256
NO_STORE = {"Cache-Control": "no-store"}


def remote_routes() -> list[Route]:
    return [Route(invitations.JOIN_PATH, _page, methods=["GET"]),
            Route(ROUTE + "/asset/{name}", _asset, methods=["GET"]),
            Route(ROUTE + "/open", _open, methods=["POST"]),
            Route(ROUTE + "/code", _code, methods=["POST"]),
            Route(ROUTE + "/stage", _follow, methods=["GET"]),
            Route(ROUTE + "/clip/{clip_id}/{quality}", _clip, methods=["GET", "HEAD"]),
            Route(ROUTE + "/leave", _leave, methods=["POST"])]


async def _page(request: Request) -> Response:
    return FileResponse(ASSETS / "carer.html", media_type="text/html", headers=NO_STORE)


async def _asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in SHOWN:
        return PlainTextResponse("Not found.", status_code=404)
    return FileResponse(ASSETS / name, media_type=SHOWN[name], headers={"Cache-Control": "no-cache"})


def _visit(request: Request) -> remote.Visit:
    address = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    if forwarded and address in ("127.0.0.1", "::1"):  # the reverse proxy in front says who it serves
        address = forwarded.split(",")[-1].strip()
    agent = request.headers.get("user-agent", "")
    kind = ("phone" if "Mobi" in agent else "tablet" if "iPad" in agent or "Tablet" in agent
            else "computer" if agent else "")
    return remote.Visit(request.cookies.get(COOKIE, "")[:200], address[:64], kind, session_alive)


async def _body(request: Request) -> str:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            return ""
    return raw.decode("utf-8", "replace").strip()


def _answer(view: remote.CarerView, device: str = "", closes: datetime | None = None) -> Response:
    answer = JSONResponse(view.data(), headers=NO_STORE)
    if device:
        answer.set_cookie(COOKIE, device, path=ROUTE, httponly=True, secure=True, samesite="strict",
                          max_age=max(60, int(((closes or datetime.now()) - datetime.now()).total_seconds())))
    return answer  # the cookie is never taken back: an ended link refuses it, and it expires with the link


async def _open(request: Request) -> Response:
    opened = await run_in_threadpool(remote.open_link, FamilyStore(), await _body(request), _visit(request))
    return _answer(opened.view, opened.device, opened.closes)


async def _code(request: Request) -> Response:
    typed = await _body(request)
    return _answer(await run_in_threadpool(remote.enter_code, FamilyStore(), _visit(request), typed))


async def _follow(request: Request) -> Response:
    """The device asks what is on the stage; held open until it changes from ``seen`` (or WAIT_S passes), so a
    slow line hears of the guider's every change at once rather than at its next question."""
    visit, seen = _visit(request), request.query_params.get("seen", "")[:40]
    store = FamilyStore()
    deadline = time.monotonic() + WAIT_S
    while True:
        view = await run_in_threadpool(remote.view, store, visit)
        if view.version != seen or view.state == remote.ENDED or time.monotonic() >= deadline:
            return _answer(view)
        checked = time.monotonic()
        # Against the version the view was drawn from: a change made while it was being checked counts at once.
        version = view.scene.version if view.scene else 0
        while time.monotonic() - checked < CHECK_S and time.monotonic() < deadline:
            await asyncio.sleep(TICK_S)
            if view.guider and stage.version(view.guider) != version:
                break


async def _clip(request: Request) -> Response:
    quality = request.path_params["quality"]
    try:
        if quality not in ("full", "light"):
            raise links.LinkRefused("no such copy")
        path = await run_in_threadpool(remote.clip_file, FamilyStore(), _visit(request),
                                       request.path_params["clip_id"][:40], quality == "light")
    except (links.LinkRefused, WorkbenchError):
        return PlainTextResponse("This review has ended.", status_code=404, headers=NO_STORE)
    return FileResponse(path, media_type="video/mp4", headers={"Cache-Control": "private, no-store"})


async def _leave(request: Request) -> Response:
    await run_in_threadpool(remote.leave, FamilyStore(), _visit(request))
    return Response(status_code=204, headers=NO_STORE)
