"""The Haar-cascade face finder the product used before CenterFace, kept only so the benchmark can compare the two.

Frontal ``alt2`` plus the profile cascade on the picture and its mirror, as it was in
``workbench/moments/faces.py`` until the hard-faces set showed it blind to faces turned,
looking down, tilted or small. The smile cascade is left in for the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

FRONTAL, LOOKS_LEFT, LOOKS_RIGHT = "frontal", "looks left", "looks right"  # as seen in the picture
MOUTH_W = 96  # the lower half of a face is looked at this wide for a smile


@dataclass(frozen=True)
class Sighting:
    """One face in one picture: its box (x, y, w, h) as fractions of the picture, which way it looks, a smile."""

    x: float
    y: float
    w: float
    h: float
    looks: str = FRONTAL
    smile: bool = False

    def box(self, width: int, height: int) -> tuple[int, int, int, int]:
        return (round(self.x * width), round(self.y * height), round(self.w * width), round(self.h * height))


@cache
def _cascade(name: str) -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + f"haarcascade_{name}.xml")  # type: ignore[attr-defined]
    if cascade.empty():
        raise RuntimeError(f"OpenCV's {name} cascade is missing from its wheel")
    return cascade


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    shared = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    union = a[2] * a[3] + b[2] * b[3] - shared
    return shared / union if union > 0 else 0.0


def _inside(box: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> float:
    """How much of ``box`` lies inside ``other``, as a share of ``box``."""
    x0, y0 = max(box[0], other[0]), max(box[1], other[1])
    x1, y1 = min(box[0] + box[2], other[0] + other[2]), min(box[1] + box[3], other[1] + other[3])
    return max(0, x1 - x0) * max(0, y1 - y0) / max(1, box[2] * box[3])


def _same_head(box: tuple[int, int, int, int], face: tuple[int, int, int, int]) -> bool:
    """Whether ``box``'s centre falls on the head around ``face`` (the face grown by half its size each way)."""
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    x, y, w, h = face
    return x - w / 2 <= cx <= x + 1.5 * w and y - h / 2 <= cy <= y + 1.5 * h


def _found(cascade: str, gray: np.ndarray, smallest: int, step: float, agree: int) -> list[tuple[int, int, int, int]]:
    boxes = _cascade(cascade).detectMultiScale(gray, scaleFactor=step, minNeighbors=agree,
                                               minSize=(smallest, smallest))
    return [tuple(int(v) for v in box) for box in boxes]  # type: ignore[misc]


def _smiles(gray: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    mouth = gray[y + h // 2:y + h, x:x + w]
    if mouth.shape[0] < 8 or mouth.shape[1] < 16:
        return False
    mouth = cv2.resize(mouth, (MOUTH_W, round(MOUTH_W * mouth.shape[0] / mouth.shape[1])))  # one size for all faces
    return len(_cascade("smile").detectMultiScale(mouth, scaleFactor=1.2, minNeighbors=18,
                                                  minSize=(MOUTH_W // 4, MOUTH_W // 8))) > 0


def find_faces(picture: np.ndarray, smallest: float = 0.06, step: float = 1.2) -> list[Sighting]:
    """Every face in a BGR ``picture``; ``smallest`` is the smallest face looked for, as a part of its height,
    and ``step`` how much larger each size looked for is than the last (smaller: slower, misses fewer)."""
    height, width = picture.shape[:2]
    gray = cv2.equalizeHist(cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY))
    least = max(20, int(smallest * height))
    faces = [(b, FRONTAL) for b in _found("frontalface_alt2", gray, least, step, 3)]
    mirrored = cv2.flip(gray, 1)
    # OpenCV's profile cascade finds faces turned to the picture's left; on the mirror image, those turned right.
    sides = [(b, LOOKS_LEFT) for b in _found("profileface", gray, least, step, 5)]
    sides += [((width - b[0] - b[2], b[1], b[2], b[3]), LOOKS_RIGHT)
              for b in _found("profileface", mirrored, least, step, 5)]
    for box, looks in sides:  # a profile on a head already found is part of it (an eye, a cheek, the hair)
        if all(overlap(box, other) < 0.3 and _inside(box, other) < 0.5 and not _same_head(box, other)
               for other, _ in faces):
            faces.append((box, looks))
    return [Sighting(x / width, y / height, w / width, h / height, looks, _smiles(gray, (x, y, w, h)))
            for (x, y, w, h), looks in faces]
