"""The shared review's stage: what the guider's presenter view has put on the carer's screen, and what it shows.

A ``Cue`` is the guider's choice (which clip, playing or still, how fast,
zoomed or not, which of the carer's earlier words); it lives in this server
process, keyed by the guider, so both windows of a two-screen review, and any
reload of either, follow the same one. A ``Scene`` is what a screen draws from
a cue: the clip's times with their lead-in, its strength-based caption and
spotlight, and nothing private (no note, no tags, no other family).
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..core.errors import InvalidInput, WorkbenchError
from ..core.settings import load_settings
from ..core.store import FamilyStore
from ..model import Clip, Family
from ..trust import links
from ..trust.access import can_edit
from ..trust.accounts import Account
from . import clip_files as clips
from .films import ready_film
from .review import caption, review_clips

RATES = (1.0, 0.5, 0.25)
_LOCK = threading.Lock()
_CUES: dict[str, Cue] = {}


@dataclass(frozen=True)
class Cue:
    """What the guider has put on the stage."""

    family: str
    cycle: int
    clip_id: str = ""  # "" for the first chosen clip
    playing: bool = True
    rate: float = 1.0
    still: bool = False
    loop: bool = True
    zoomed: bool = False
    words: tuple[str, ...] = ()  # the carer's own words from earlier cycles, chosen by the guider
    version: int = 0
    at: float = field(default_factory=time.time)  # when the guider last changed it


@dataclass(frozen=True)
class Scene:
    """What a screen shows of a cue: plain values for the stage component (``asdict`` is its data)."""

    clip_id: str
    where: str  # "Moments with Sam · clip 2 of 4"
    start_ms: int  # where the loop starts: the lead-in's start (times are the film's; the cut starts here)
    moment_ms: int  # where the moment itself begins
    end_ms: int
    still_ms: int
    still_s: float  # where in the cut its player shows the still's exact frame
    playing: bool
    rate: float
    still: bool
    loop: bool
    zoom: dict[str, float] | None  # {"x", "y", "w", "h", "scale"} while zoomed into the clip's spotlight
    spotlight: dict[str, float] | None  # the clip's saved rectangle, zoomed or not
    caption: str
    words: list[str] = field(default_factory=list)
    version: int = 0

    def data(self) -> dict:
        return asdict(self)


def cue(username: str, family: str, cycle: int) -> Cue:
    """The guider's cue for this family's cycle (a fresh one if the stage held another family's)."""
    with _LOCK:
        current = _CUES.get(username)
        if current is None or (current.family, current.cycle) != (family, cycle):
            current = _CUES[username] = Cue(family, cycle, version=current.version + 1 if current else 1)
        return current


def change(username: str, family: str, cycle: int, **fields) -> Cue:
    """Change the guider's cue (a new version, so every screen following it redraws)."""
    if "rate" in fields and fields["rate"] not in RATES:
        raise InvalidInput("Choose normal, slow or very slow.")
    with _LOCK:
        current = _CUES.get(username)
        if current is None or (current.family, current.cycle) != (family, cycle):
            current = Cue(family, cycle, version=current.version if current else 0)
        if "clip_id" in fields and fields["clip_id"] != current.clip_id:
            # A new clip starts afresh: playing, at full size, with none of the last clip's words.
            fields = {"playing": True, "still": False, "zoomed": False, "words": (), **fields}
        _CUES[username] = replace(current, **fields, version=current.version + 1, at=time.time())
        return _CUES[username]


def start(username: str, family: str, cycle: int) -> Cue:
    """A fresh cue as a shared review opens: its first clip, playing, at full size."""
    with _LOCK:
        current = _CUES.get(username)
        _CUES[username] = Cue(family, cycle, version=(current.version if current else 0) + 1)
        return _CUES[username]


def touch(username: str) -> None:
    """The guider is at work on the presenter view: the carer's screen following them is not idle."""
    with _LOCK:
        current = _CUES.get(username)
        if current is not None:
            _CUES[username] = replace(current, at=time.time())


def version(username: str) -> int:
    """The version of the guider's cue (0 if there is none): cheap enough to ask many times a second."""
    with _LOCK:
        current = _CUES.get(username)
    return current.version if current else 0


def last_change(username: str) -> float:
    """When the guider last changed their cue (0 if there is none)."""
    with _LOCK:
        current = _CUES.get(username)
    return current.at if current else 0.0


def clear(username: str) -> None:
    """The shared screen closed: nothing stays on the stage."""
    with _LOCK:
        _CUES.pop(username, None)


def forget_family(code: str) -> None:
    """The family was erased: no cue of it survives."""
    with _LOCK:
        for username in [u for u, c in _CUES.items() if c.family == code]:
            del _CUES[username]


def current_clip(family: Family, cue: Cue) -> tuple[int, Clip] | None:
    """The cue's clip among the cycle's chosen ones, and its place (the first if the cue's is gone)."""
    shown = review_clips(family, cue.cycle)
    for index, clip in enumerate(shown):
        if clip.id == cue.clip_id:
            return index, clip
    return (0, shown[0]) if shown else None


def cut_span(clip: Clip, lead_in_s: int) -> tuple[int, int]:
    """The stretch of film a screen plays for ``clip``: from its lead-in's start to its end (ms)."""
    lead_in = clip.lead_in_ms if clip.lead_in_ms is not None else lead_in_s * 1000
    return max(0, clip.start_ms - lead_in), clip.end_ms


def scene(family: Family, cue: Cue, lead_in_s: int) -> Scene | None:
    """What the carer's screen shows for ``cue``; None when the cycle has no chosen clips."""
    found = current_clip(family, cue)
    if found is None:
        return None
    index, clip = found
    count = len(review_clips(family, cue.cycle))
    spot = clip.spotlight
    zoom = {**spot.model_dump(), "scale": spot.zoom} if cue.zoomed and spot else None
    start, _ = cut_span(clip, lead_in_s)
    film = family.cycle(cue.cycle).film
    fps = film.proxy.fps if film is not None and film.proxy is not None else 0
    still_s = clips.still_in_cut_s(start, clip.still_at_ms, fps) if fps else (clip.still_at_ms - start) / 1000
    demo = "DEMO · " if family.is_demo else ""
    return Scene(clip_id=clip.id, where=f"{demo}Moments with {family.child.name} · clip {index + 1} of {count}",
                 start_ms=start, moment_ms=clip.start_ms, end_ms=clip.end_ms, still_ms=clip.still_at_ms,
                 still_s=still_s, playing=cue.playing and not cue.still, rate=cue.rate, still=cue.still,
                 loop=cue.loop, zoom=zoom, spotlight=spot.model_dump() if spot else None,
                 caption=caption(clip, family.child.name), words=list(cue.words), version=cue.version)


def audience_cue(account: Account, family: Family) -> Cue:
    """The cue an audience view may follow: only for the guider's own open two-screen review of this family."""
    lock = account.shared_screen
    if lock is None or lock.screens != 2 or lock.family != family.code or not can_edit(account, family):
        raise InvalidInput("This screen is not part of a shared review any more.")
    return cue(account.username, family.code, lock.cycle)


def review_of(lock) -> str:
    """The name of one open review, for the links made for it: when it opened."""
    return lock.since.isoformat()


def cut(store: FamilyStore, family: Family, cycle_number: int, shown: Scene) -> Path:
    """The film a screen plays: only the clip with its lead-in (made once, then kept), never the whole film."""
    return clips.export(ready_film(store, family, cycle_number), shown.start_ms, shown.end_ms)


@dataclass(frozen=True)
class Followed:
    """What an audience view's poll is answered with."""

    scene: Scene
    cut: Path
    session: str
    username: str
    review: str
    renew: bool  # the stage link is near its end: the answer carries a fresh one


def follow(token: str, *, browser: str, session_alive, after: int, now: float | None = None) -> Followed | None:
    """What an audience view's poll gets (None when nothing is newer and its link has long to run).

    Every poll re-checks the link, the session, the account, the open two-screen review (the one the link was
    made for), the family and the right to it, so signing out, leaving, erasure or a withdrawn right end it at
    the next poll.
    """
    grant = links.follow_stage(token, browser=browser, session_alive=session_alive, now=now)
    lock = grant.account.shared_screen
    if lock is None or lock.screens != 2 or review_of(lock) != grant.review:
        raise links.LinkRefused("not this review")
    renew = grant.expiry - (time.time() if now is None else now) < links.RENEW_WHEN_S
    store = FamilyStore()
    try:
        family = store.load(lock.family)
        current = audience_cue(grant.account, family)
        shown = scene(family, current, load_settings().lead_in_s)
        if shown is None:
            raise links.LinkRefused("no clips")
        if current.version == after and not renew:
            return None
        film = cut(store, family, lock.cycle, shown)
    except WorkbenchError:
        raise links.LinkRefused("no longer shown") from None
    return Followed(shown, film, grant.session, grant.account.username, grant.review, renew)
