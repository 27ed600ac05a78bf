"""The headers every answer of the app's server carries: a strict Content-Security-Policy, no framing, no referrer.

Scripts run only from the server's own files (and Streamlit's one inline line, by its hash), so text a
hostile name smuggles into a page can never run. No page of the app may be framed, even by the app itself:
nothing it shows is a frame. Links and media requests never tell another site, or a log, where they came
from. HSTS is sent too; a browser heeds it only over HTTPS, where the reverse proxy serves the app.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

import streamlit
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000; includeSubDomains"


@cache
def _inline_scripts() -> tuple[str, ...]:
    """The hashes of Streamlit's own inline scripts in its index page (today one line, ``prerenderReady``)."""
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    bodies = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    return tuple(f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies)


@cache
def content_security_policy() -> str:
    return "; ".join([
        "default-src 'self'",
        # blob: is how Streamlit's components load the app's own scripts; only a script already running here
        # can make one.
        f"script-src 'self' blob: {' '.join(_inline_scripts())}".strip(),
        "style-src 'self' 'unsafe-inline'",  # Streamlit's own styling writes style elements as it draws
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """Adds the policy to every HTTP answer, whichever route gave it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy()
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, guarded)
