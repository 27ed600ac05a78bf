"""The Film step's upload: a film sent in resumable pieces (tus) through a checked route, never through memory.

``st.file_uploader`` holds a whole film in the server's memory (a 911 MB film took the server past 2 GB).
Here the browser sends it with tus-js-client (``assets/vendor/tus.min.js``) to ``ROUTE``, which speaks the
tus core protocol with its creation and termination extensions, and writes each piece straight to the family's
folder (``workbench.cycle.uploads``). Every request follows a checked link first (``workbench.trust.links``):
the session still signed in as its account, in the browser it was given to, the family's guider, and the
filming consent standing. A dropped connection resumes where the disk says it got to.
"""

from __future__ import annotations

import base64
import binascii
import time
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from workbench.core.errors import StorageFull, WorkbenchError
from workbench.core.store import FamilyStore
from workbench.cycle import uploads
from workbench.model import ConsentScope
from workbench.trust import links
from workbench.trust.access import edit_guard

from .media import request_browser, session_alive, this_browser
from .state import current_account, session_id

ROUTE = "/vig-upload"
BATCH = 1024 * 1024
_SENDING: dict[str, float] = {}  # session -> when it last sent a piece
TUS = {"Tus-Resumable": "1.0.0", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
ASSETS = Path(__file__).parent / "assets"
_component = st.components.v2.component(
    "vig_film_upload", html=(ASSETS / "upload.html").read_text(encoding="utf-8"),
    css=(ASSETS / "upload.css").read_text(encoding="utf-8"),
    js=(ASSETS / "vendor" / "tus.min.js").read_text(encoding="utf-8") + "\n"
    + (ASSETS / "upload.js").read_text(encoding="utf-8"))


def upload_routes() -> list[Route]:
    return [Route(ROUTE + "/{token}", _create, methods=["POST", "OPTIONS"]),
            Route(ROUTE + "/{token}/{upload}", _one, methods=["HEAD", "PATCH", "DELETE"])]


def _answer(status: int, words: str = "", **headers: str) -> Response:
    return PlainTextResponse(words, status_code=status, headers={**TUS, **headers})


def _refused() -> Response:
    # One answer for every refusal, as the media route gives: it says nothing of the family or the account.
    return _answer(404, "This upload has ended. Go back to the workbench and choose the film again.")


def _grant(request: Request) -> tuple[FamilyStore, str, str, ConsentScope]:
    """The store guarded for the link's account, its family, the username and the consent the film needs, once
    every check passes now."""
    grant = links.follow_upload(request.path_params["token"], session_alive=session_alive,
                                browser=request_browser(request))
    store = FamilyStore(guard=edit_guard(grant.account))
    family = store.authorize(grant.family_code)
    if not family.has_consent(grant.scope):
        raise links.LinkRefused("no consent to filming")
    _SENDING[grant.session] = time.time()
    return store, grant.family_code, grant.account.username, grant.scope


def sending_at(session: str) -> float:
    """When this session last sent a piece of a film (0: never): the guider is busy, not idle, while a long film
    goes up, so the idle sign-out does not cut it off at 95%."""
    return _SENDING.get(session, 0.0)


async def _create(request: Request) -> Response:
    if request.method == "OPTIONS":
        return _answer(204, **{"Tus-Version": "1.0.0", "Tus-Extension": "creation,termination",
                                "Tus-Max-Size": str(uploads.MAX_BYTES)})
    try:
        length = int(request.headers.get("upload-length", ""))
    except ValueError:
        return _answer(400, "Say the film's size (Upload-Length).")
    try:
        store, code, username, scope = await run_in_threadpool(_grant, request)
        name = _metadata(request.headers.get("upload-metadata", "")).get("filename", "")
        upload = await run_in_threadpool(uploads.begin, store, code, username, length, name, scope)
    except uploads.TooLarge as error:
        return _answer(413, error.message)
    except uploads.UploadBusy as error:
        return _answer(429, error.message)  # not 423: the browser is not to keep trying, the guider chooses
    except StorageFull as error:
        return _answer(507, error.message)
    except WorkbenchError:  # the link, the right, the consent or the family: one answer for them all
        return _refused()
    return _answer(201, Location=f"{ROUTE}/{request.path_params['token']}/{upload.id}")


def _metadata(header: str) -> dict[str, str]:
    """tus's Upload-Metadata: comma-separated ``key base64(value)`` pairs; anything unreadable is dropped."""
    found = {}
    for pair in header[:4096].split(","):
        key, _, value = pair.strip().partition(" ")
        try:
            found[key] = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue
    return found


async def _one(request: Request) -> Response:
    try:
        store, code, username, _ = await run_in_threadpool(_grant, request)
        upload = await run_in_threadpool(uploads.find, store, code, username, request.path_params["upload"])
        if request.method == "HEAD":
            return _answer(200, **{"Upload-Offset": str(upload.offset), "Upload-Length": str(upload.length)})
        if request.method == "DELETE":
            await run_in_threadpool(uploads.cancel, store, code, username, upload.id)
            return _answer(204)
        return await _patch(request, store, upload)
    except uploads.UploadBusy as error:
        return _answer(423, error.message)  # tus: locked; the browser asks again in a moment
    except WorkbenchError:  # the link, the right, the consent, the family or the upload: one answer
        return _refused()


async def _patch(request: Request, store: FamilyStore, upload: uploads.Upload) -> Response:
    if request.headers.get("content-type") != "application/offset+octet-stream":
        return _answer(415, "Send the film's bytes as application/offset+octet-stream.")
    try:
        at = int(request.headers.get("upload-offset", ""))
        declared = int(request.headers.get("content-length", "0"))
    except ValueError:
        return _answer(400, "Say where this piece goes (Upload-Offset).")
    if at < 0 or declared < 0 or at + declared > upload.length:
        return _answer(413, "More was sent than the film's size.")
    try:
        receiving = await run_in_threadpool(uploads.Receiving, store, upload, at)
    except uploads.UploadConflict as error:
        return _answer(409, error.message, **{"Upload-Offset": str(upload.offset)})
    except uploads.UploadBusy as error:
        return _answer(423, error.message)  # tus: locked; the browser tries again in a moment
    try:
        await _receive(request, receiving)
    except uploads.TooLarge as error:
        return _answer(413, error.message)
    except StorageFull as error:
        return _answer(507, error.message)
    finally:
        offset = await run_in_threadpool(receiving.close)  # whatever happened, the file is let go
    return _answer(204, **{"Upload-Offset": str(offset)})


async def _receive(request: Request, receiving: uploads.Receiving) -> None:
    """Write the body as it arrives, a megabyte at a time (a thread hop per network chunk costs the server more
    than the writing); a dropped connection keeps what reached the disk, and the browser resumes from it."""
    held: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            held.append(chunk)
            size += len(chunk)
            if size >= BATCH:
                await run_in_threadpool(receiving.write, b"".join(held))
                held, size = [], 0
    except ClientDisconnect:
        pass
    if held:
        await run_in_threadpool(receiving.write, b"".join(held))


def film_upload(code: str, scope: ConsentScope, accept: list[str], *, spent: str | None, key: str) -> Any:
    """The upload box: choose a film, watch it go, cancel it. The result's ``uploaded`` is the finished upload's
    ``{"id", "name", "size"}``, None until then; ``spent`` names an upload Python has used, so the box clears."""
    token = links.upload_token(session_id(), current_account().username, code, scope.value, browser=this_browser())
    return _component(data={"endpoint": f"{ROUTE}/{token}", "accept": accept, "max_bytes": uploads.MAX_BYTES,
                            "spent": spent}, key=key, on_uploaded_change=lambda: None)
