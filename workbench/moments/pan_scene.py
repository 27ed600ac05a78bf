"""A test film of a slow pan and zoom over a table of faces, some turned and some looking down, with each frame's
true face boxes: the film a training copy must leave no face clear in.

It is what an outside check filmed over a real photograph of six adults at a
table, made here instead from the hard-faces set's heads (scikit-image's
pictures): no real family. Faces come into the picture at its edges as the
camera pans, and shrink and grow as it zooms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from ..media import frames
from .hard_faces import Box, hand, photos, place, posed, room, small_faces

FPS = 25
WIDTH, HEIGHT = 1280, 720
CANVAS = (2400, 1350)
# (head: "astronaut"/"camera"/small face number, pose, face height on the table, where its face's top left is)
TABLE: list[tuple[str | int, str, int, tuple[int, int]]] = [
         ("astronaut", "turned", 150, (260, 300)), ("camera", "as is", 170, (760, 260)),
         ("astronaut", "looking down", 140, (1350, 330)), (17, "tilted", 90, (1880, 380)),
         (42, "as is", 44, (560, 760)), (63, "half hidden", 80, (1150, 800)), (88, "looking down", 70, (1700, 860)),
         (5, "turned", 60, (2150, 700))]


@dataclass
class PanScene:
    """The film, and each frame's faces (x, y, w, h in pixels, whole or cut by the picture's edge). A face counts
    while at least half its width and height are in the picture: a thinner slice of one, an ear and a cheek at
    the edge, says too little to measure (it is blurred all the same, as the face it was a moment before)."""

    path: Path
    fps: int = FPS
    width: int = WIDTH
    height: int = HEIGHT
    faces: list[list[Box]] = field(default_factory=list)


def _table(rng: np.random.Generator) -> tuple[np.ndarray, list[Box]]:
    canvas = room(rng, *CANVAS)
    boxes = []
    for who, pose, tall, where in TABLE:
        head = photos()[0 if who == "astronaut" else 1] if isinstance(who, str) else small_faces()[int(who)]
        turned, mask, face = posed(head, pose, rng)
        box = place(canvas, turned, mask, face, tall, where)
        if pose == "half hidden":
            hand(canvas, box, rng)
        boxes.append(box)
    return canvas, boxes


def _window(t: float, seconds: float) -> tuple[float, float, float]:
    """The camera's view at ``t``: its left, top and width on the table. It starts on the whole table, closes in
    on the middle, then pans right, slowly."""
    share = t / seconds
    width = CANVAS[0] * (1.0 - 0.45 * min(1.0, share * 2))
    centre_x = CANVAS[0] / 2 + (CANVAS[0] * 0.18 * max(0.0, share * 2 - 1))
    height = width * HEIGHT / WIDTH
    left = min(max(0.0, centre_x - width / 2), CANVAS[0] - width)
    top = min(max(0.0, CANVAS[1] * 0.55 - height / 2), CANVAS[1] - height)
    return left, top, width


def make_pan_scene(path: Path, seconds: float = 6.0, seed: int = 7) -> PanScene:
    """Film the table at ``path`` (1280x720, 25 a second, no sound) and return what is where."""
    canvas, boxes = _table(np.random.default_rng(seed))
    scene = PanScene(path)
    with frames.Writer(path, width=WIDTH, height=HEIGHT, fps=FPS) as out:
        for n in range(round(seconds * FPS)):
            left, top, width = _window(n / FPS, seconds)
            scale = WIDTH / width
            turn = np.array([[scale, 0, -left * scale], [0, scale, -top * scale]], np.float32)
            out.write(cv2.warpAffine(canvas, turn, (WIDTH, HEIGHT), flags=cv2.INTER_AREA))
            shown = []
            for x, y, w, h in boxes:
                bx, by = (x - left) * scale, (y - top) * scale
                x0, y0 = max(0, round(bx)), max(0, round(by))
                x1, y1 = min(WIDTH, round(bx + w * scale)), min(HEIGHT, round(by + h * scale))
                if x1 - x0 >= w * scale / 2 and y1 - y0 >= h * scale / 2:
                    shown.append((x0, y0, x1 - x0, y1 - y0))
            scene.faces.append(shown)
    return scene


def detail(picture: np.ndarray, box: Box) -> float:
    """The fine detail in a box of a picture: the variance of its Laplacian."""
    x, y, w, h = box
    return float(cv2.Laplacian(cv2.cvtColor(picture[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())


def clear_faces(before: np.ndarray, after: np.ndarray, faces: list[Box]) -> list[Box]:
    """The faces a blurred picture left clear: those keeping more than half the detail they had before."""
    return [box for box in faces if detail(after, box) > 0.5 * detail(before, box)]
