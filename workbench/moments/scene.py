"""A real-looking test film with known answers: two faces taking turns to speak, made on this machine.

The faces are scikit-image's ``astronaut`` photograph (shipped in its wheel), one copy
mirrored, moving and scaling over a lavfi background; the voices are two espeak-ng
voices, a deeper one (the adult) and a higher one (the child). Nothing of a real
family is ever used. The script:

- 0–6 s: the adult alone, talking on and on;
- 6–9 s: the child comes in from the right, growing;
- 9–15 s: both face each other in silence;
- 15–25 s: both face each other and take turns: speech, a short pause, the other's speech (``turns``);
- 25–31 s: the child partly hidden behind a post while the adult talks on;
- 31–34 s: the adult leaves to the left, and is gone until 37 s, then comes back; the child speaks alone.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from skimage import data as pictures

from ..media import ffmpeg

FPS = 25
SECONDS = 40.0
RATE = 16_000  # the sound's sample rate
TURNS = (15.0, 25.0)
ADULT_LINES = [(0.6, "Shall we build a tower with the blocks? I wonder how tall we can make it today."),
               (15.2, "Which one next?"), (18.6, "The red one!"), (22.0, "Wow, look at that."),
               (25.6, "I am holding it steady so it does not fall over, and then we can add some more.")]
CHILD_LINES = [(16.9, "This one."), (20.3, "It is wobbly!"), (23.6, "Again!"), (34.0, "Where did you go?")]
HEAD = (140, 20, 170, 180)  # x, y, w, h of the head in the photograph
FACE = (177, 66, 95, 95)  # the face itself in the photograph, where a detector finds it


@dataclass
class Scene:
    """The film, and what is in it: each frame's face boxes (x, y, w, h, in pixels) and each voice's spoken seconds."""

    path: Path
    fps: int
    seconds: float
    regions: list[list[tuple[int, int, int, int]]] = field(default_factory=list)  # per frame, whole or in part
    speech: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # "adult"/"child" -> spans
    turns: tuple[float, float] = TURNS
    width: int = 640
    height: int = 360

    @property
    def faces(self) -> list[list[tuple[int, int, int, int]]]:
        """Per frame, the faces wholly in the picture: those a detector must find."""
        return [[b for b in boxes if b[0] >= 0 and b[0] + b[2] <= self.width] for boxes in self.regions]


def _head() -> tuple[np.ndarray, tuple[int, int, int, int]]:
    x, y, w, h = HEAD
    photo = cv2.cvtColor(pictures.astronaut(), cv2.COLOR_RGB2BGR)[y:y + h, x:x + w]
    fx, fy, fw, fh = FACE
    return photo, (fx - x, fy - y, fw, fh)


def _place(t: float, width: int) -> dict[str, tuple[float, float, float] | None]:
    """Where each head is at ``t``: (centre x, centre y, scale), or None when out of the picture."""
    adult: tuple[float, float, float] | None = (0.3 * width + 12 * np.sin(t / 1.7), 170.0, 1.0)
    if 31 <= t < 34:
        adult = (0.3 * width - (t - 31) * 95, 170.0, 1.0)
    elif 34 <= t < 37:
        adult = None
    elif 37 <= t:
        adult = (0.3 * width - (40 - t) * 30, 170.0, 1.0)
    child: tuple[float, float, float] | None = None
    if 6 <= t < 9:
        grow = (t - 6) / 3
        child = (width + 60 - grow * (width * 0.3 + 60), 180.0, 0.7 + 0.2 * grow)
    elif t >= 9:
        child = (0.7 * width + 8 * np.cos(t / 1.3), 180.0, 0.9)
    return {"adult": adult, "child": child}


def _frames(width: int, height: int, seconds: float, hidden: list[bool]):
    """Yield (frame, boxes): the composited picture and the faces visible in it."""
    head, face = _head()
    mirrored = cv2.flip(head, 1)
    background = subprocess.Popen(
        [ffmpeg.ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
         f"gradients=s={width}x{height}:r={FPS}:d={seconds}:c0=0x9fb8a8:c1=0xd8c8a0:speed=0.004:seed=7",
         "-f", "rawvideo", "-pix_fmt", "bgr24", "-"], stdout=subprocess.PIPE)
    assert background.stdout is not None
    size = width * height * 3
    try:
        for n in range(round(seconds * FPS)):
            raw = background.stdout.read(size)
            frame = (np.frombuffer(raw, np.uint8).reshape(height, width, 3).copy() if len(raw) == size
                     else np.full((height, width, 3), 180, np.uint8))
            boxes = []
            t = n / FPS
            for who, where in _place(t, width).items():
                if where is None:
                    continue
                cx, cy, scale = where
                picture = cv2.resize(head if who == "adult" else mirrored, None, fx=scale, fy=scale)
                h, w = picture.shape[:2]
                left, top = int(round(cx - w / 2)), int(round(cy - h / 2))
                x0, y0, x1, y1 = max(0, left), max(0, top), min(width, left + w), min(height, top + h)
                if x1 <= x0 or y1 <= y0:
                    continue
                frame[y0:y1, x0:x1] = picture[y0 - top:y1 - top, x0 - left:x1 - left]
                fx, fy, fw, fh = face
                if who == "child":
                    fx = head.shape[1] - fx - fw
                box = (left + round(fx * scale), top + round(fy * scale), round(fw * scale), round(fh * scale))
                if who == "child" and hidden[n]:  # a post in front of the left third of the child's face
                    cv2.rectangle(frame, (box[0] - 20, 0), (box[0] + box[2] // 3, height), (70, 90, 110), -1)
                boxes.append(box)
            yield frame, boxes
    finally:
        background.stdout.close()
        background.wait()


def _say(text: str, voice: str, pitch: int, folder: Path) -> np.ndarray:
    """The words spoken by espeak-ng, trimmed of its silence, as floats at ``RATE``."""
    target = folder / "line.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", "165", "-w", str(target), text], check=True)
    with wave.open(str(target)) as sound:
        samples = np.frombuffer(sound.readframes(sound.getnframes()), np.int16).astype(np.float32) / 32768
        rate = sound.getframerate()
    samples = np.interp(np.arange(0, len(samples), rate / RATE), np.arange(len(samples)), samples)
    loud = np.flatnonzero(np.abs(samples) > 0.02)
    return samples[loud[0]:loud[-1] + 1] if len(loud) else samples


def _sound(seconds: float, folder: Path) -> tuple[np.ndarray, dict[str, list[tuple[float, float]]]]:
    track = np.zeros(int(seconds * RATE), np.float32)
    spoken: dict[str, list[tuple[float, float]]] = {"adult": [], "child": []}
    for who, lines, voice, pitch in (("adult", ADULT_LINES, "en+m3", 25), ("child", CHILD_LINES, "en+f4", 90)):
        for start, text in lines:
            at = int(start * RATE)
            if at >= len(track):
                continue  # a shorter film: this line would come after its end
            words = _say(text, voice, pitch, folder)
            words = words[: len(track) - at]
            track[at:at + len(words)] += 0.8 * words
            spoken[who].append((start, start + len(words) / RATE))
    track += np.random.default_rng(7).normal(0, 0.002, len(track)).astype(np.float32)  # a quiet room
    return np.clip(track, -1, 1), spoken


def make_scene(path: Path | str, *, width: int = 640, height: int = 360, seconds: float = SECONDS) -> Scene:
    """Write the test film to ``path`` (H.264 and AAC) and return it with its known answers."""
    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is needed for the test film's voices (Debian package espeak-ng).")
    path = Path(path)
    frames_total = round(seconds * FPS)
    hidden = [25 <= n / FPS < 31 for n in range(frames_total)]
    scene = Scene(path, FPS, seconds, width=width, height=height)
    with tempfile.TemporaryDirectory() as folder:
        sound, scene.speech = _sound(seconds, Path(folder))
        voice = Path(folder) / "voices.wav"
        with wave.open(str(voice), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes((sound * 32767).astype(np.int16).tobytes())
        encoder = subprocess.Popen(
            [ffmpeg.ffmpeg_exe(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{width}x{height}",
             "-r", str(FPS), "-i", "-", "-i", str(voice), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
             "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)], stdin=subprocess.PIPE)
        assert encoder.stdin is not None
        try:
            for frame, boxes in _frames(width, height, seconds, hidden):
                scene.regions.append(boxes)
                encoder.stdin.write(frame.tobytes())
        finally:
            encoder.stdin.close()
            if encoder.wait() != 0:
                raise RuntimeError("ffmpeg could not write the test film")
    return scene
