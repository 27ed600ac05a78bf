"""Getting a family's media files to the browser: the one place that makes media URLs, pictures and downloads.

``serve.py`` mounts ``media_routes()`` on Streamlit's server (``st.App``), so
films stream from disk with range requests and are never read into memory, and
nothing of a family ever sits in Streamlit's media file manager. Every URL is a
checked link (``workbench.trust.links``): signed, tied to this session and account,
and re-checked on every request, so it dies with sign-out, erasure or a withdrawn
consent. Where the app runs without ``serve.py`` (AppTest), URLs come from
Streamlit's media file manager instead: not a public API, so it is used only here.
"""

from __future__ import annotations

import hashlib
import html
import mimetypes
from pathlib import Path
from urllib.parse import quote

import streamlit as st
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from workbench.core.errors import WorkbenchError
from workbench.cycle import stage
from workbench.trust import downloads, links
from workbench.trust.audit import AuditEvent, record

from .state import current_account, session_id

ROUTE = "/vig-media"
MADE_ROUTE = "/vig-made"
STAGE_ROUTE = "/vig-stage"
XSRF_COOKIE = "_streamlit_xsrf"  # Streamlit's per-browser cookie: links are bound to the browser that holds it
mimetypes.add_type("text/vtt", ".vtt")  # not in every system's table; browsers need it for <track>
_mounted = False


def media_routes() -> list[Route]:
    """The route serving checked links; pass to ``st.App(routes=...)``."""
    global _mounted
    _mounted = True
    return [Route(ROUTE + "/{token}/{name}", _serve, methods=["GET", "HEAD"]),
            Route(MADE_ROUTE + "/{token}/{name}", _serve_made, methods=["GET"]),
            Route(STAGE_ROUTE + "/{token}", _follow_stage, methods=["GET"])]


def _browser(cookie: object) -> str:
    """A fingerprint of the browser's own XSRF token (Streamlit's cookie), or "" where there is none."""
    if not isinstance(cookie, str) or not cookie:
        return ""
    from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string

    token, _ = decode_xsrf_token_string(cookie)
    return hashlib.sha256(token).hexdigest()[:32] if token else ""


def request_browser(request: Request) -> str:
    """The fingerprint of the browser a request came from ("" where it holds no cookie of ours)."""
    return _browser(request.cookies.get(XSRF_COOKIE))


def session_alive(session: str) -> bool:
    from streamlit.runtime import Runtime

    return not Runtime.exists() or Runtime.instance().is_active_session(session)


async def _serve(request: Request) -> Response:
    try:
        grant = await run_in_threadpool(links.follow, request.path_params["token"], session_alive=session_alive,
                                        browser=request_browser(request))
    except links.LinkRefused:
        return _expired()
    kind = mimetypes.guess_type(grant.path.name)[0] or "application/octet-stream"
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    if grant.download:
        name = Path(request.path_params["name"]).name or grant.path.name  # the name the page offered it under
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        if request.method == "GET" and downloads.first_fetch(request.path_params["token"], grant.expiry,
                                                              request.headers.get("range")):
            detail = "training copy, faces blurred" if "blurred" in grant.path.name else ""
            await run_in_threadpool(record, grant.account.username, AuditEvent.EXPORT, grant.family_code,
                                    detail=detail)
    task = BackgroundTask(grant.path.unlink, missing_ok=True) if grant.once else None
    return FileResponse(grant.path, media_type=kind, headers=headers, background=task)


async def _serve_made(request: Request) -> Response:
    """A download made now (a calendar, the supervision record), for an account whose right is checked now."""
    try:
        account, kind, arg = await run_in_threadpool(links.follow_made, request.path_params["token"],
                                                     session_alive=session_alive,
                                                     browser=request_browser(request))
        made = await run_in_threadpool(downloads.make, kind, account, arg)
    except (links.LinkRefused, WorkbenchError, ValueError):
        return _expired()
    name = Path(request.path_params["name"]).name or "download"
    if made.detail:
        await run_in_threadpool(record, account.username, AuditEvent.EXPORT, made.family_code, detail=made.detail)
    return Response(made.payload, media_type=made.media_type,
                    headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
                             "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _expired() -> Response:
    # One answer for every refusal, so a link reveals nothing about the family or the account.
    return PlainTextResponse("This link has expired. Go back to the workbench and open it again.",
                             status_code=404, headers={"Cache-Control": "no-store"})


async def _follow_stage(request: Request) -> Response:
    """An audience view asks what the guider's cue now shows: the scene, and a checked link to its clip."""
    browser = request_browser(request)
    try:
        after = int(request.query_params.get("after", "0"))
        followed = await run_in_threadpool(stage.follow, request.path_params["token"], browser=browser,
                                           session_alive=session_alive, after=after)
    except (links.LinkRefused, ValueError):
        return PlainTextResponse("This review has ended.", status_code=404, headers={"Cache-Control": "no-store"})
    if followed is None:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    token = links.token_for(followed.cut, followed.session, followed.username, browser=browser)
    answer = {"scene": followed.scene.data(), "src": f"{ROUTE}/{token}/{quote(followed.cut.name)}"}
    if followed.renew:  # a long review: a fresh link before this one runs out
        answer["poll"] = _stage_path(followed.session, followed.username, followed.review, browser)
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})


def stage_url(review: str) -> str:
    """The checked link this session's audience view polls for the guider's cue of this review."""
    return _stage_path(session_id(), current_account().username, review, this_browser())


def _stage_path(session: str, username: str, review: str, browser: str) -> str:
    return f"{STAGE_ROUTE}/{links.stage_token(session, username, review, browser=browser)}"


def this_browser() -> str:
    """The fingerprint of the browser behind this run ("" where there is none)."""
    try:
        return _browser(st.context.cookies.get(XSRF_COOKIE))
    except Exception:  # no browser behind this run
        return ""


def media_url(path: Path, *, download: bool = False, name: str = "") -> str:
    """A URL the browser can load ``path`` from (a family's media file, an archive, or the intro film)."""
    path = Path(path)
    if _mounted:
        account = current_account()
        token = links.token_for(path, session_id(), account.username if account else "", download=download,
                                browser=this_browser())
        return f"{ROUTE}/{token}/{quote(name or path.name)}"
    links._relative(path)  # the same refusals as the route, in tests too
    from streamlit import runtime

    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return runtime.get_instance().media_file_mgr.add(str(path), kind, "vig-media")


def media_urls(paths: list[Path]) -> list[str]:
    """``media_url`` for many files at once (a filmstrip's pictures): one look at who and which browser asks."""
    if not _mounted:
        return [media_url(path) for path in paths]
    account = current_account()
    tokens = links.tokens_for(paths, session_id(), account.username if account else "", browser=this_browser())
    return [f"{ROUTE}/{token}/{quote(Path(path).name)}" for token, path in zip(tokens, paths, strict=True)]


def video_tag(url: str, *, element_id: str = "film", loop: bool = False, autoplay: bool = False,
              muted: bool = False, poster: str | None = None, css: str = "", captions: str | None = None) -> str:
    """A plain HTML5 player (rendered with ``st.html``): range requests, no server memory."""
    flags = " ".join(f for f, on in (("loop", loop), ("autoplay", autoplay), ("muted", muted)) if on)
    poster_attr = f' poster="{html.escape(poster)}"' if poster else ""
    track = (f'<track kind="subtitles" label="Clips" srclang="en" src="{html.escape(captions)}" default>'
             if captions else "")
    return (f'<video id="{html.escape(element_id)}" controls playsinline preload="metadata" {flags}{poster_attr} '
            'controlslist="nodownload noremoteplayback" disablepictureinpicture disableremoteplayback '
            f'src="{html.escape(url)}" style="width:100%;max-height:70vh;background:#111;border-radius:8px;{css}">'
            f"{track}</video>")


def picture(path: Path, alt: str, *, caption: str = "", width: int | None = None, where=st) -> None:
    """A family's picture (a still, a thumbnail) through a checked link, never through the media file manager."""
    size = f"width:{int(width)}px;max-width:100%" if width else "width:100%"
    figure = (f'<figure class="vig-picture" style="margin:0"><img src="{html.escape(media_url(path))}" '
              f'alt="{html.escape(alt)}" style="{size};border-radius:6px;display:block">')
    if caption:
        figure += f'<figcaption class="vig-caption-text">{html.escape(caption)}</figcaption>'
    where.html(figure + "</figure>")


def download_link(label: str, path: Path, *, name: str = "", where=st) -> None:
    """A download of a family's file through a checked link; the route records it in the audit log."""
    name = name or path.name
    _anchor(label, media_url(path, download=True, name=name), name, where)


def made_link(label: str, kind: str, arg: str, name: str, *, where=st) -> None:
    """A download made when it is fetched (``workbench.trust.downloads`` kind ``kind``), through a checked link."""
    token = links.made_token(session_id(), current_account().username, kind, arg, browser=this_browser())
    _anchor(label, f"{MADE_ROUTE}/{token}/{quote(name)}", name, where)


def _anchor(label: str, url: str, name: str, where) -> None:
    where.html(f'<a class="vig-download" href="{html.escape(url)}" download="{html.escape(name)}">'
               f'{html.escape(label)}</a>')
