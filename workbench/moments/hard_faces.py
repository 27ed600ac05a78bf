"""The hard-faces set: pictures of faces as a home film shows them, made on this machine, each with its true boxes.

Faces come from pictures that ship in scikit-image's wheel: the ``astronaut``,
the ``camera`` man (already turned away and looking down) and the 100 small faces
of ``lfw_subset``. Each is put into a 1280x720 room, alone or with others, under
one condition a home film brings: turned up to 75°, looking down up to 45°,
tilted ±40°, 20-40 px high, half hidden by a hand, dim and shaken. A head turns
as a cylinder does (one side squeezed, the other widened), not as a flat card.
Nothing of a real family is used, and nothing is written to disk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from skimage import data as pictures

WIDTH, HEIGHT = 1280, 720
CONDITIONS = ("turned", "looking down", "tilted", "small", "half hidden", "dim and shaken", "two or three")
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Head:
    """A head to place: the picture around it (BGR), the face's box in it, and which way the face already
    looks (degrees; positive to the picture's right)."""

    picture: np.ndarray
    face: Box
    yaw: float = 0.0


@dataclass(frozen=True)
class Sample:
    """One picture of the set: the condition, the picture, and every face in it (x, y, w, h in pixels)."""

    condition: str
    picture: np.ndarray
    faces: list[Box]


@cache
def photos() -> tuple[Head, ...]:
    """The two large faces: the astronaut, and the camera man (turned away and looking down a little)."""
    astronaut = cv2.cvtColor(pictures.astronaut(), cv2.COLOR_RGB2BGR)
    camera = cv2.cvtColor(pictures.camera(), cv2.COLOR_GRAY2BGR)
    return (Head(astronaut[10:210, 130:320].copy(), (47, 56, 95, 95)),
            Head(camera[55:225, 140:285].copy(), (40, 50, 75, 95), yaw=55.0))


@cache
def small_faces() -> tuple[Head, ...]:
    """The hundred faces of ``lfw_subset`` (tight 25x25 crops), each given a head of hair around it, so the face
    sits in a head as in a film rather than floating alone."""
    made = []
    for n, face in enumerate(pictures.lfw_subset()[:100]):  # the first hundred are faces
        grey = cv2.resize((face * 255).astype(np.uint8), (50, 50), interpolation=cv2.INTER_CUBIC)
        hair = (18 + 11 * (n % 7), 22 + 9 * (n % 5), 30 + 13 * (n % 6))
        head = np.full((94, 80, 3), (140, 140, 140), np.uint8)
        cv2.ellipse(head, (40, 44), (36, 43), 0, 0, 360, hair, -1)
        oval = np.zeros((50, 50), np.uint8)
        cv2.ellipse(oval, (25, 25), (23, 25), 0, 0, 360, 255, -1)
        alpha = cv2.GaussianBlur(oval, (0, 0), 2)[:, :, None].astype(np.float32) / 255
        spot = head[30:80, 15:65].astype(np.float32)
        head[30:80, 15:65] = (cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR) * alpha + spot * (1 - alpha)).astype(np.uint8)
        made.append(Head(head, (17, 32, 46, 46)))
    return tuple(made)


def _head(n: int, k: int, rng: np.random.Generator) -> tuple[Head, bool]:
    """The head for the ``k``-th face of sample ``n``: a large photograph on every other sample, else a small
    face; the photograph mirrored half the time. Also whether it is one of the small faces."""
    if (n + k) % 2 == 0:
        head = photos()[(n // 2 + k) % 2]
        if rng.random() < 0.5:
            fx, fy, fw, fh = head.face
            width = head.picture.shape[1]
            head = Head(head.picture[:, ::-1].copy(), (width - fx - fw, fy, fw, fh), -head.yaw)
        return head, False
    return small_faces()[(n * 3 + k * 7) % 100], True


def room(rng: np.random.Generator, width: int = WIDTH, height: int = HEIGHT) -> np.ndarray:
    """A plain room: a wall, a floor, some furniture, light from one side; different every sample."""
    wall, floor = rng.integers(90, 220, 3), rng.integers(40, 150, 3)
    walls = np.zeros((height, width, 3), np.float32)
    horizon = int(rng.integers(int(height * 0.53), int(height * 0.72)))
    walls[:horizon] = wall
    walls[horizon:] = floor
    for _ in range(int(rng.integers(2, 6) * width / WIDTH)):
        x, y = int(rng.integers(0, width - 200)), int(rng.integers(100, height - 100))
        w, h = int(rng.integers(80, 400)), int(rng.integers(60, 300))
        walls[y:y + h, x:x + w] = rng.integers(20, 240, 3)
    light = np.linspace(0.7, 1.2, width, dtype=np.float32)[None, :, None]
    if rng.random() < 0.5:
        light = light[:, ::-1]
    noise = rng.normal(0, 6, (height, width, 1)).astype(np.float32)
    return np.clip(cv2.GaussianBlur(walls, (0, 0), 3) * light + noise, 0, 255).astype(np.uint8)


def _cylinder(head: Head, degrees: float, axis: int) -> tuple[np.ndarray, np.ndarray, Box]:
    """The head turned by ``degrees`` about an upright (``axis`` 1) or level (``axis`` 0) axis, as a cylinder:
    the picture, its mask (what is still head), and the face's new box."""
    size = head.picture.shape[1] if axis == 1 else head.picture.shape[0]
    radius = size / 2
    turn = math.radians(degrees)
    out = np.arange(size, dtype=np.float32)
    shown = np.clip((out + 0.5 - radius) / radius, -1, 1)
    angle = np.arcsin(shown) - turn
    visible = np.abs(angle) < math.pi / 2
    source = (np.sin(np.clip(angle, -math.pi / 2, math.pi / 2)) * radius + radius - 0.5).astype(np.float32)
    h, w = head.picture.shape[:2]
    if axis == 1:
        map_x, map_y = np.tile(source, (h, 1)), np.tile(np.arange(h, dtype=np.float32)[:, None], (1, w))
        mask = np.tile(visible.astype(np.uint8) * 255, (h, 1))
    else:
        map_x, map_y = np.tile(np.arange(w, dtype=np.float32), (h, 1)), np.tile(source[:, None], (1, w))
        mask = np.tile((visible.astype(np.uint8) * 255)[:, None], (1, w))
    turned = cv2.remap(head.picture, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)

    def moved(p: float) -> float:  # where a point of the flat picture lands on the turned one
        a = math.asin(max(-1.0, min(1.0, (p - radius) / radius))) + turn
        return math.sin(max(-math.pi / 2, min(math.pi / 2, a))) * radius + radius

    fx, fy, fw, fh = head.face
    if axis == 1:
        x0, x1 = moved(fx), moved(fx + fw)
        return turned, mask, (round(x0), fy, max(2, round(x1 - x0)), fh)
    y0, y1 = moved(fy), moved(fy + fh)
    return turned, mask, (fx, round(y0), fw, max(2, round(y1 - y0)))


def _tilted(head: Head, degrees: float) -> tuple[np.ndarray, np.ndarray, Box]:
    h, w = head.picture.shape[:2]
    fx, fy, fw, fh = head.face
    centre = (fx + fw / 2, fy + fh / 2)
    turn = cv2.getRotationMatrix2D(centre, degrees, 1.0)
    turned = cv2.warpAffine(head.picture, turn, (w, h), borderMode=cv2.BORDER_REPLICATE)
    mask = cv2.warpAffine(np.full((h, w), 255, np.uint8), turn, (w, h))
    a, b, t = fw / 2, fh / 2, math.radians(degrees)  # the face's ellipse, turned, fits this box
    half_w = math.hypot(a * math.cos(t), b * math.sin(t))
    half_h = math.hypot(a * math.sin(t), b * math.cos(t))
    return turned, mask, (round(centre[0] - half_w), round(centre[1] - half_h), round(2 * half_w), round(2 * half_h))


def place(room: np.ndarray, picture: np.ndarray, mask: np.ndarray, face: Box, face_height: int,
           where: tuple[int, int]) -> Box:
    """Put the head into the room, scaled so its face is ``face_height`` high, its face's top left at ``where``;
    the head's edge fades into the room. Returns the face's box in the room."""
    scale = face_height / face[3]
    size = (max(2, round(picture.shape[1] * scale)), max(2, round(picture.shape[0] * scale)))
    picture = cv2.resize(picture, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    oval = np.zeros(mask.shape, np.uint8)
    cv2.ellipse(oval, (mask.shape[1] // 2, mask.shape[0] // 2), (mask.shape[1] // 2, mask.shape[0] // 2), 0, 0, 360,
                255, -1)
    alpha = cv2.resize(cv2.GaussianBlur(np.minimum(mask, oval), (0, 0), max(1, mask.shape[0] / 30)), size)
    fx, fy = round(face[0] * scale), round(face[1] * scale)
    x, y = where[0] - fx, where[1] - fy
    x0, y0, x1, y1 = max(0, x), max(0, y), min(room.shape[1], x + size[0]), min(room.shape[0], y + size[1])
    if x1 > x0 and y1 > y0:
        a = alpha[y0 - y:y1 - y, x0 - x:x1 - x, None].astype(np.float32) / 255
        part = picture[y0 - y:y1 - y, x0 - x:x1 - x].astype(np.float32)
        room[y0:y1, x0:x1] = (part * a + room[y0:y1, x0:x1] * (1 - a)).astype(np.uint8)
    return (where[0], where[1], round(face[2] * scale), face_height)


def posed(head: Head, condition: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, Box]:
    plain = np.full(head.picture.shape[:2], 255, np.uint8)
    if condition == "turned":
        wanted = float(rng.uniform(0, 75)) * (1 if rng.random() < 0.5 else -1)
        if head.yaw:  # already turned: turn it the same way, no further than 75° in all
            return _cylinder(head, math.copysign((75 - abs(head.yaw)) * float(rng.random()), head.yaw), 1)
        return _cylinder(head, wanted, 1)
    if condition == "looking down":
        return _cylinder(head, float(rng.uniform(0, 45)), 0)
    if condition == "tilted":
        return _tilted(head, float(rng.uniform(-40, 40)))
    if condition == "two or three":
        return _cylinder(head, float(rng.uniform(-45, 45)), 1)
    return head.picture, plain, head.face


def _free(taken: list[Box], size: tuple[int, int], rng: np.random.Generator) -> tuple[int, int]:
    """A place for a face of ``size`` that keeps clear of the faces already placed."""
    for _ in range(200):
        x, y = int(rng.integers(40, WIDTH - size[0] - 40)), int(rng.integers(30, HEIGHT - size[1] - 30))
        if all(x + size[0] + 60 < bx or bx + bw + 60 < x or y + size[1] + 60 < by or by + bh + 60 < y
               for bx, by, bw, bh in taken):
            return x, y
    return 40, 30


def hand(room: np.ndarray, face: Box, rng: np.random.Generator) -> None:
    """A hand-sized, skin-coloured shape over half the face: the mouth and nose from below, or one side."""
    x, y, w, h = face
    skin = tuple(int(v) for v in rng.integers([90, 120, 170], [150, 180, 230]))  # BGR
    if rng.random() < 0.5:
        centre, axes = (x + w // 2, y + h), (int(w * 0.65), int(h * 0.5))
    else:
        side = 1 if rng.random() < 0.5 else -1
        centre, axes = (x + w // 2 + side * int(w * 0.5), y + h // 2), (int(w * 0.5), int(h * 0.7))
    cv2.ellipse(room, centre, axes, float(rng.uniform(-15, 15)), 0, 360, skin, -1)


def _dim_and_shaken(room: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    length = int(rng.integers(7, 16))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1 / length
    turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
    kernel = np.asarray(cv2.warpAffine(kernel, turn, (length, length)), np.float32)
    shaken = np.asarray(cv2.filter2D(room, -1, kernel / max(1e-6, float(kernel.sum()))))
    light = float(rng.uniform(0.25, 0.4))
    dim = shaken.astype(np.float32) * light + rng.normal(0, 4, shaken.shape).astype(np.float32)
    return np.clip(dim, 0, 255).astype(np.uint8)


def sample(condition: str, n: int) -> Sample:
    """The ``n``-th picture of ``condition``: the same every time it is asked for."""
    rng = np.random.default_rng([CONDITIONS.index(condition), n])
    picture = room(rng)
    count = int(rng.integers(2, 4)) if condition == "two or three" else 1
    faces: list[Box] = []
    for k in range(count):
        head, small = _head(n, k, rng)
        turned, mask, face = posed(head, condition, rng)
        # A small face is drawn no more than about three times its size: larger, it is a blur, not a face.
        tall = int(rng.integers(20, 41) if condition == "small" else rng.integers(40, 76) if small
                   else rng.integers(70, 190))
        size = (round(face[2] * tall / face[3]), tall)
        box = place(picture, turned, mask, face, tall, _free(faces, size, rng))
        faces.append(box)
        if condition == "half hidden":
            hand(picture, box, rng)
    if condition == "dim and shaken":
        picture = _dim_and_shaken(picture, rng)
    return Sample(condition, picture, faces)


def hard_set(per_condition: int = 30) -> list[Sample]:
    """``per_condition`` pictures of every condition."""
    return [sample(condition, n) for condition in CONDITIONS for n in range(per_condition)]


def matches(found: Box | tuple[float, float, float, float], truth: Box) -> bool:
    """Whether a found box is the true face: they overlap by a third, or each holds the other's centre (a detector
    may box a half-hidden or turned face by what it sees)."""
    fx, fy, fw, fh = found
    tx, ty, tw, th = truth
    x0, y0, x1, y1 = max(fx, tx), max(fy, ty), min(fx + fw, tx + tw), min(fy + fh, ty + th)
    shared = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    if shared / max(1e-9, fw * fh + tw * th - shared) >= 0.3:
        return True
    return (tx <= fx + fw / 2 <= tx + tw and ty <= fy + fh / 2 <= ty + th
            and fx <= tx + tw / 2 <= fx + fw and fy <= ty + th / 2 <= fy + fh)
