"""Getting a family's media files to the browser: the one place that makes media URLs.

``serve.py`` mounts ``media_routes()`` on Streamlit's server (``st.App``), so
films stream from disk with range requests and are never read into memory
(``st.video(path)`` holds a whole film in server memory per session). Each
file gets an unguessable token (an HMAC of its path with a per-process secret);
only files under the data root can be registered, and nothing else is served.
Where the app runs without ``serve.py`` (AppTest, ``streamlit run app.py``),
URLs come from Streamlit's media file manager instead: not a public API, so it
is used only here, and tested.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import mimetypes
import secrets
import threading
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from workbench.config import data_root

ROUTE = "/vig-media"
mimetypes.add_type("text/vtt", ".vtt")  # not in every system's table; browsers need it for <track>
_SECRET = secrets.token_bytes(32)
_FILES: dict[str, Path] = {}
_LOCK = threading.Lock()
_mounted = False


def media_routes() -> list[Route]:
    """The route serving registered media files; pass to ``st.App(routes=...)``."""
    global _mounted
    _mounted = True
    return [Route(ROUTE + "/{token}/{name}", _serve, methods=["GET", "HEAD"])]


async def _serve(request: Request) -> Response:
    path = _FILES.get(request.path_params["token"])
    if path is None or not path.is_file():
        return PlainTextResponse("Not found", status_code=404)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=kind, headers={"Cache-Control": "private, no-store"})


def _register(path: Path) -> str:
    resolved = path.resolve()
    if not resolved.is_relative_to(data_root().resolve()):
        raise ValueError(f"refusing to serve a file outside the data root: {path}")
    token = hmac.new(_SECRET, str(resolved).encode(), hashlib.sha256).hexdigest()[:32]
    with _LOCK:
        _FILES[token] = resolved
    return token


def media_url(path: Path, coordinates: str = "vig-media") -> str:
    """A URL the browser can load ``path`` from (a file under the data root)."""
    path = Path(path)
    if _mounted:
        return f"{ROUTE}/{_register(path)}/{path.name}"
    from streamlit import runtime

    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return runtime.get_instance().media_file_mgr.add(str(path), kind, coordinates)


def video_tag(url: str, *, element_id: str = "film", loop: bool = False, autoplay: bool = False,
              muted: bool = False, poster: str | None = None, css: str = "", captions: str | None = None) -> str:
    """A plain HTML5 player (rendered with ``st.html``): range requests, no server memory."""
    flags = " ".join(f for f, on in (("loop", loop), ("autoplay", autoplay), ("muted", muted)) if on)
    poster_attr = f' poster="{html.escape(poster)}"' if poster else ""
    track = (f'<track kind="subtitles" label="Clips" srclang="en" src="{html.escape(captions)}" default>'
             if captions else "")
    return (f'<video id="{html.escape(element_id)}" controls playsinline preload="metadata" {flags}{poster_attr} '
            f'src="{html.escape(url)}" style="width:100%;max-height:70vh;background:#111;border-radius:8px;{css}">'
            f"{track}</video>")
