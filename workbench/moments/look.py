"""The one analysis pass over a film's review copy: faces, smiles and speech, kept in a file beside the film.

About five pictures a second are looked at (enough for faces that turn and
smiles that come and go), and the whole sound is listened to. What is kept is
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

from ..media import frames
from ..storages import atomic_write_bytes
from .faces import Sighting, find_faces
from .tracks import Track, join
from .voices import Speech, voices

FORMAT = 1
LOOK_FPS = 5
WIDTH = 480  # pictures are looked at this wide (or the film's own width, if smaller): faces from 1/14 of its height


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
            "pictures": [[ms, [[round(s.x, 4), round(s.y, 4), round(s.w, 4), round(s.h, 4), s.looks, s.smile]
                               for s in faces]] for ms, faces in self.pictures],
            "speech": [[s.start_ms, s.end_ms, round(s.pitch, 1), s.voice] for s in self.speech],
        }, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Looked:
        kept = json.loads(raw)
        if kept.get("format") != FORMAT:
            raise ValueError("another format")
        return cls(duration_ms=int(kept["duration_ms"]), fps=int(kept["fps"]),
                   pictures=[(int(ms), [Sighting(float(x), float(y), float(w), float(h), str(looks), bool(smile))
                                        for x, y, w, h, looks, smile in faces]) for ms, faces in kept["pictures"]],
                   speech=[Speech(int(a), int(b), float(p), str(v)) for a, b, p, v in kept["speech"]])


def size_for(width: int, height: int, widest: int = WIDTH) -> tuple[int, int]:
    """The size pictures are looked at: at most ``widest`` wide, the film's shape, even sides."""
    scale = min(1.0, widest / width)
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def look(film: Path, width: int, height: int, duration_ms: int,
         on_progress: Callable[[float], None] | None = None, stop: Callable[[], bool] | None = None) -> Looked:
    """Look at and listen to the review copy at ``film`` (``width`` x ``height``, ``duration_ms`` long)."""
    progress = on_progress or (lambda fraction: None)
    looked = Looked(duration_ms=duration_ms)
    looked.speech = voices(frames.sound(film), stop)
    progress(0.1)
    w, h = size_for(width, height)
    expected = max(1, duration_ms * LOOK_FPS // 1000)
    for n, picture in enumerate(frames.pictures(film, width=w, height=h, fps=LOOK_FPS, stop=stop)):
        looked.pictures.append((n * 1000 // LOOK_FPS, find_faces(picture)))
        if n % 10 == 0:
            progress(0.1 + 0.9 * min(1.0, n / expected))
    return looked


def save(looked: Looked, target: Path) -> None:
    atomic_write_bytes(target, looked.to_json())


def load(source: Path) -> Looked | None:
    """What the pass saw, or None if it has not run, or its file is damaged (it is then simply run again)."""
    try:
        return Looked.from_json(source.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
