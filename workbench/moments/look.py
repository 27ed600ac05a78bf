"""The one analysis pass over a film's review copy: faces and which way they look, and speech, kept beside the film.

About five pictures a second are looked at (enough for faces that turn towards
each other or down at a toy), and the whole sound is listened to. What is kept is
small: each picture's faces and each stretch of speech, never a picture. It
lives in the film's own folder, so it goes with the film, and never in the
family's record, which a guider's edits and an erasure write.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..core.storages import atomic_write_bytes
from ..media import frames
from ..media.library import MAX_LOOKED_BYTES
from .faces import Sighting, find_faces
from .tracks import Track, join
from .voices import Speech, voices

FORMAT = 2  # 1 was the Haar cascades' (looks and smiles): such a file is looked at again
LOOK_FPS = 5
WIDTH = 480  # pictures are looked at this wide (or the film's own width, if smaller): faces from 1/20 of its height
LOOK_SURE = 0.3  # a face this sure is one to suggest a moment by (the blur takes far less sure ones)
MAX_BYTES = MAX_LOOKED_BYTES
MAX_PICTURES, MAX_FACES, MAX_SPEECH = 60 * 60 * 3 * LOOK_FPS, 16, 20_000


@dataclass
class Looked:
    """What the pass saw: pictures (ms, faces) in time order, the stretches of speech, and the film's length."""

    duration_ms: int
    pictures: list[tuple[int, list[Sighting]]] = field(default_factory=list)
    speech: list[Speech] = field(default_factory=list)
    fps: int = LOOK_FPS

    @cached_property
    def tracks(self) -> list[Track]:
        return join(self.pictures)

    def to_json(self) -> bytes:
        return json.dumps({
            "format": FORMAT, "fps": self.fps, "duration_ms": self.duration_ms,
            "pictures": [[ms, [[round(s.x, 4), round(s.y, 4), round(s.w, 4), round(s.h, 4), s.yaw, s.pitch, s.score]
                               for s in faces]] for ms, faces in self.pictures],
            "speech": [[s.start_ms, s.end_ms, round(s.pitch, 1), s.voice] for s in self.speech],
        }, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Looked:
        """What was kept; ValueError if it is not what this module writes, or too large to be (a planted file
        with a million turns must not hold a page run for a minute)."""
        if len(raw) > MAX_BYTES:
            raise ValueError("too large to be an analysis")
        kept = json.loads(raw)
        if kept.get("format") != FORMAT:
            raise ValueError("another format")
        pictures, speech = kept["pictures"], kept["speech"]
        if len(pictures) > MAX_PICTURES or len(speech) > MAX_SPEECH or any(len(f) > MAX_FACES for _, f in pictures):
            raise ValueError("more than a film holds")
        return cls(duration_ms=int(kept["duration_ms"]), fps=int(kept["fps"]),
                   pictures=[(int(ms), [Sighting(float(x), float(y), float(w), float(h), float(yaw), float(pitch),
                                                 float(score)) for x, y, w, h, yaw, pitch, score in faces])
                             for ms, faces in pictures],
                   speech=[Speech(int(a), int(b), float(p), str(v)) for a, b, p, v in speech])


def size_for(width: int, height: int, widest: int = WIDTH) -> tuple[int, int]:
    """The size pictures are looked at: at most ``widest`` wide, the film's shape, even sides."""
    scale = min(1.0, widest / width)
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def look(film: Path, width: int, height: int, duration_ms: int,
         on_progress: Callable[[float], None] | None = None, stop: Callable[[], bool] | None = None,
         has_sound: bool = True) -> Looked:
    """Look at and listen to the review copy at ``film`` (``width`` x ``height``, ``duration_ms`` long); a film
    filmed without sound is only looked at."""
    progress = on_progress or (lambda fraction: None)
    looked = Looked(duration_ms=duration_ms)
    if has_sound:
        looked.speech = voices(frames.sound(film), stop)
    progress(0.1)
    w, h = size_for(width, height)
    expected = max(1, duration_ms * LOOK_FPS // 1000)
    for n, picture in enumerate(frames.pictures(film, width=w, height=h, fps=LOOK_FPS, stop=stop)):
        looked.pictures.append((n * 1000 // LOOK_FPS, find_faces(picture, LOOK_SURE)))
        if n % 10 == 0:
            progress(0.1 + 0.9 * min(1.0, n / expected))
    return looked


def save(looked: Looked, target: Path) -> None:
    atomic_write_bytes(target, looked.to_json())


def load(source: Path) -> Looked | None:
    """What the pass saw, or None if it has not run, or its file is damaged (it is then simply run again)."""
    try:
        if source.stat().st_size > MAX_BYTES:
            return None
        return Looked.from_json(source.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
