"""A guider's browser as the server sees it: one Streamlit session over its websocket, with no page drawn.

Twenty Chromium tabs on two cores would measure the browsers, not the server; this speaks Streamlit's own
protocol instead (the protobuf messages its front end sends and receives), so the server does all the work a
real tab asks of it: every run of every page, every element sent back.
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
RUN_TIMEOUT_S = 120
FILM_LINK = re.compile(r"/vig-media/[^/\"'\\\s]+/[^/\"'\\\s]+\.mp4")
PIECE = 1 << 19  # a player's range request
PLAYBACK = 4_000_000 // 8  # bytes a second: a review copy at its VBV cap (4 Mbit/s), the most a player needs
AHEAD_S = 10  # a player buffers this far ahead at once, then keeps pace with the playing


@dataclass
class Run:
    """What one run of a page sent back: its elements (kind, proto) and how long it took."""

    seconds: float
    elements: list[tuple[str, object]] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Errors and exceptions the page showed: a refused save, a crash."""
        found = []
        for kind, element in self.elements:
            if kind == "exception":
                found.append(f"exception: {element.message[:200]}")
            elif kind == "alert" and element.format == element.ERROR:
                found.append(f"error: {element.body[:200]}")
        return found

    def widget(self, kind: str, label: str):
        for found, element in self.elements:
            if found == kind and getattr(element, "label", None) == label:
                return element
        raise LookupError(f"no {kind} {label!r} on the page: {[k for k, _ in self.elements][:40]}")

    def text(self) -> str:
        return "\n".join(getattr(e, "body", "") for kind, e in self.elements if kind in ("markdown", "alert"))

    def film_links(self) -> list[str]:
        """The checked links to films the page gave its players (the review copy's, on Micro-analysis)."""
        return [found for _, element in self.elements for found in FILM_LINK.findall(str(element))]


class Tab:
    """One browser tab's session on the server at ``url``."""

    def __init__(self, url: str):
        self.url = url
        self.socket = None
        self.xsrf = ""
        self.states: dict[str, object] = {}  # widget id -> its last sent WidgetState

    async def open(self) -> None:
        with urllib.request.urlopen(self.url + "/_stcore/health", timeout=30) as answer:  # as the front end does
            cookies = answer.headers.get_all("Set-Cookie") or []
        self.xsrf = xsrf = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith(XSRF_COOKIE + "="))
        self.socket = await websockets.connect(
            self.url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit", xsrf],
            additional_headers={"Origin": self.url, "Cookie": f"{XSRF_COOKIE}={xsrf}"}, max_size=2**26)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def run(self, page: str = "", query: str = "", states: list | None = None) -> Run:
        """Ask for a run of ``page`` (its address) with the widgets' values; wait until the script has finished."""
        message = BackMsg()
        client = message.rerun_script
        client.query_string, client.page_name = query, page
        for state in states or []:
            client.widget_states.widgets.append(state)
        start = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        run = Run(0.0)
        deadline = start + RUN_TIMEOUT_S
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no end to the run of {page!r} in {RUN_TIMEOUT_S} s")
            data = await _receive(self.socket, left)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                run.elements.append((which, getattr(element, which)))
            elif kind == "new_session":
                run.elements = []  # a run begins (again, after a rerun the last one asked for): its page anew
            elif kind == "script_finished" and forward.script_finished != forward.FINISHED_EARLY_FOR_RERUN:
                run.seconds = time.perf_counter() - start
                return run

    def watch(self, link: str, until: float) -> int:
        """Play ``link`` as a player does, range request after range request, from the start again at its end:
        ten seconds ahead at once, then at the pace of the playing (as a review copy at its highest rate needs),
        until ``until`` (monotonic); the bytes received. Blocking: run it in a thread."""
        start, received, began = 0, 0, time.monotonic()
        while time.monotonic() < until:
            asked = urllib.request.Request(self.url + link, headers={
                "Cookie": f"{XSRF_COOKIE}={self.xsrf}", "Range": f"bytes={start}-{start + PIECE - 1}"})
            with urllib.request.urlopen(asked, timeout=RUN_TIMEOUT_S) as answer:
                if answer.status != 206:
                    raise RuntimeError(f"the film's link answered {answer.status}, not 206")
                received += len(answer.read())
                total = int(answer.headers["Content-Range"].rsplit("/", 1)[1])
            start = start + PIECE if start + PIECE < total else 0
            time.sleep(max(0.0, began + received / PLAYBACK - AHEAD_S - time.monotonic()))
        return received

    @staticmethod
    def text(widget_id: str, value: str):
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id, state.string_value = widget_id, value
        return state

    @staticmethod
    def press(widget_id: str):
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id, state.trigger_value = widget_id, True
        return state


async def _receive(socket, timeout: float) -> bytes:
    return await asyncio.wait_for(socket.recv(), timeout)
