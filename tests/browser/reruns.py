"""Waiting for the app, not for time: follow Streamlit's own messages to know when a rerun has finished.

The browser asks for a run with a ``rerun_script`` BackMsg; the server answers
with a ``new_session`` ForwardMsg that names the run, and ends it with
``script_finished``. :class:`Reruns` reads both directions of the page's
websocket with Streamlit's own protobuf classes, so ``with app_rerun(page):``
returns only once every run the action asked for has finished on the server
and the page has drawn its result. Timed runs the page makes by itself
(``st.fragment(run_every=...)``) are told apart by ``is_auto_rerun`` and never
count as the answer to a click.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STREAM = "/_stcore/stream"
# Generous: a 2-core machine busy encoding films still finishes a page run well within it.
RERUN_TIMEOUT_S = 120.0
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN

# Counts, inside the page, the websocket messages the app has been handed, so we can tell when the page
# has at least received everything the server sent.
COUNT_FRAMES = """(() => {
  const Native = window.WebSocket;
  window.__vigFrames = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (String(args[0]).includes('/_stcore/stream')) {
        window.__vigFrames = 0;
        this.addEventListener('message', () => { window.__vigFrames += 1; });
      }
    }
  };
})();"""

# The page has drawn the finished run: every message handled, Streamlit idle, nothing left stale.
DRAWN = """async (frames) => {
  if ((window.__vigFrames || 0) < frames) return false;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  return state && !['running', 'rerunRequested', 'stopRequested'].includes(state)
         && !document.querySelector('[data-stale="true"]');
}"""


STATE = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state')
           + ' / ' + (document.querySelector('[data-testid="stConnectionStatus"]')?.innerText || 'connected')"""


@dataclass
class _Request:
    seq: int
    fragment: str  # "" for a full run


@dataclass
class Reruns:
    """The runs a page has asked for and the runs the server has finished, in the order they happened."""

    page: object
    seq: int = 0
    frames: int = 0
    requests: list[_Request] = field(default_factory=list)  # asked for and not yet answered
    asked: int = 0  # the seq of the last request
    starts: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)  # run id -> (seq, fragments)
    latest_run: str = ""
    connections: int = 0  # websockets opened: a reconnect mid-action is named in the timeout message

    def __post_init__(self) -> None:
        self.page.add_init_script(COUNT_FRAMES)
        self.page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        if STREAM not in socket.url:
            return
        self.frames = 0
        self.connections += 1
        self.requests.clear()  # a new connection: the old one's runs are gone with it
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        message = BackMsg.FromString(payload)
        if message.WhichOneof("type") == "rerun_script" and not message.rerun_script.is_auto_rerun:
            self.seq += 1
            self.asked = self.seq
            self.requests.append(_Request(self.seq, message.rerun_script.fragment_id))

    def _received(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        self.frames += 1
        message = ForwardMsg.FromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.seq += 1
            run = message.metadata.run
            self.latest_run = run.script_run_id
            self.starts[run.script_run_id] = (self.seq, tuple(run.fragment_ids))
        elif kind == "script_finished" and message.script_finished != EARLY:
            run_id = message.metadata.run.script_run_id or self.latest_run
            started, fragments = self.starts.get(run_id, (None, ()))
            if started is None:
                return
            # A run answers every request made before it started: a full run all of them, a fragment run its own.
            self.requests = [r for r in self.requests
                             if not (r.seq < started and (not fragments or r.fragment in fragments))]

    def settled_since(self, mark: int) -> bool:
        return self.asked > mark and not self.requests

    def wait(self, mark: int, timeout_s: float = RERUN_TIMEOUT_S, connections: int | None = None) -> None:
        """Wait until a run was asked for after ``mark`` and every run asked for has finished and been drawn."""
        deadline = time.monotonic() + timeout_s
        connections = self.connections if connections is None else connections
        while not self.settled_since(mark):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app did not finish its rerun within {timeout_s:.0f} s "
                                   f"(asked: {self.asked > mark}, waiting on {len(self.requests)}, "
                                   f"reconnected: {self.connections != connections}, "
                                   f"state: {self.page.evaluate(STATE)})")
            self.page.wait_for_timeout(20)  # a poll, not a pause: Playwright delivers the socket's events here
        remaining = max(1.0, deadline - time.monotonic())
        self.page.wait_for_function(DRAWN, arg=self.frames, timeout=remaining * 1000)


_TRACKERS: dict[int, Reruns] = {}


def follow(page) -> Reruns:
    """Start following ``page``'s runs (before its first navigation)."""
    _TRACKERS[id(page)] = tracker = Reruns(page)
    page.on("close", lambda _: _TRACKERS.pop(id(page), None))
    return tracker


@contextmanager
def app_rerun(page, timeout_s: float = RERUN_TIMEOUT_S):
    """``with app_rerun(page): page.click(...)``: returns once the run that the action started has finished.

    Use it around every action that makes Streamlit run the script (a button, a widget change, a key the
    player sends, a link, a page load); an action that makes no run (typing into a form) needs no waiting.
    """
    tracker = _TRACKERS[id(page)]
    mark, connections = tracker.seq, tracker.connections
    yield tracker
    tracker.wait(mark, timeout_s, connections)
