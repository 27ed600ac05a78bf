"""On-device analysis speed and the face blur's reach: prints `name: value` lines.

Run: .venv/bin/python benchmarks/bench_analysis.py [--smoke]

The analysis film is the generated test scene (two faces, two espeak-ng voices, 640x360 at 25 fps) looped to 10
minutes and cached in benchmarks/.cache/, outside git. The blur's film is the pan and zoom over a table of eight
faces (1280x720, as a review copy is at most), some turned and some looking down. `--smoke` uses a 4-second
scene, a 2 s pan with a 1 s clip and one picture of each hard condition, so the suite can check it still runs.
- analysis_vs_film_duration: the whole analysis pass (faces, speech) / the film's duration (target <= 0.3).
- blur_vs_clip_duration: a 6 s training clip of the pan film, faces found frame by frame and blurred / 6 s
  (target <= 2).
- face_recall_hard: the share of the hard-faces set's faces the blur pass finds (CenterFace; target >= 0.95, no
  condition below 0.85), and face_recall_hard_haar, the Haar cascades it replaced, on the same pictures.
  Each condition's recall and false finds per picture go to stderr as a table.
- clear_face_frames: face-frames of the pan film's blurred clip that keep over half their detail (target 0).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import haar_faces
from workbench.media import ffmpeg, frames
from workbench.moments import blur, hard_faces, look
from workbench.moments.pan_scene import FPS, clear_faces, make_pan_scene
from workbench.moments.scene import make_scene

CACHE = ROOT / "benchmarks" / ".cache"
FIGURES = ("analysis_vs_film_duration", "blur_vs_clip_duration", "clear_face_frames", "face_recall_hard",
           "face_recall_hard_haar")


def _film(folder: Path, smoke: bool) -> tuple[Path, float]:
    scene = make_scene(folder / "scene.mp4", seconds=4 if smoke else 40)
    if smoke:
        return scene.path, scene.seconds
    looped = CACHE / "scene-10min.mp4"
    if not looped.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "14", "-i", str(scene.path),
                        "-c", "copy", str(looped)], check=True)
    return looped, 15 * scene.seconds


def analysis(folder: Path, smoke: bool) -> None:
    film, seconds = _film(folder, smoke)
    started = time.perf_counter()
    seen = look.look(film, 640, 360, round(seconds * 1000))
    took = time.perf_counter() - started
    print(f"  {len(seen.pictures)} pictures, {len(seen.speech)} stretches of speech in {took:.1f} s", file=sys.stderr)
    print(f"analysis_vs_film_duration: {took / seconds:.3f}")


def blurring(folder: Path, smoke: bool) -> None:
    seconds, (first, last) = (2.0, (12, 37)) if smoke else (8.0, (25, 174))
    scene = make_pan_scene(folder / "pan.mp4", seconds=seconds)
    size = dict(width=scene.width, height=scene.height)
    started = time.perf_counter()
    plan, _ = blur.plan_faces(scene.path, scene.width, scene.height, FPS, first, last, round(seconds * FPS) - 1)
    blur.blurred_clip(scene.path, scene.width, scene.height, plan, folder / "blurred.mp4", frozenset(), sound=False)
    took = time.perf_counter() - started
    clip_s = (last + 1 - first) / FPS
    print(f"  {clip_s:.1f} s clip at {scene.width}x{scene.height}: faces found and blurred in {took:.1f} s",
          file=sys.stderr)
    print(f"blur_vs_clip_duration: {took / clip_s:.2f}")
    out = frames.pictures(folder / "blurred.mp4", **size)
    original = frames.pictures(scene.path, start_s=(first - 0.5) / FPS, frames=last + 1 - first, **size)
    clear = total = 0
    for n, (before, after) in enumerate(zip(original, out, strict=True)):
        total += len(scene.faces[first + n])
        clear += len(clear_faces(before, after, scene.faces[first + n]))
    print(f"  {clear} of {total} face-frames left clear", file=sys.stderr)
    print(f"clear_face_frames: {clear}")


def recall(smoke: bool) -> None:
    samples = hard_faces.hard_set(1 if smoke else 20)
    finders = {
        "CenterFace": lambda p: [s.box(p.shape[1], p.shape[0]) for s in blur.look_closely(p, close=True)],
        "Haar": lambda p: [s.box(p.shape[1], p.shape[0]) for s in haar_faces.find_faces(p)],
    }
    shares = {}
    print(f"  {'condition':<16}" + "".join(f"{name:>24}" for name in finders), file=sys.stderr)
    table: dict[str, dict[str, str]] = {c: {} for c in hard_faces.CONDITIONS}
    for name, find in finders.items():
        found, total, false, pictures = Counter(), Counter(), Counter(), Counter()
        for sample in samples:
            boxes = find(sample.picture)
            total[sample.condition] += len(sample.faces)
            found[sample.condition] += sum(any(hard_faces.matches(b, f) for b in boxes) for f in sample.faces)
            false[sample.condition] += sum(not any(hard_faces.matches(b, f) for f in sample.faces) for b in boxes)
            pictures[sample.condition] += 1
        for c in hard_faces.CONDITIONS:
            table[c][name] = f"{found[c] / total[c]:.2f} ({false[c] / pictures[c]:.2f} false)"
        shares[name] = sum(found.values()) / sum(total.values())
    for c, row in table.items():
        print(f"  {c:<16}" + "".join(f"{row[name]:>24}" for name in finders), file=sys.stderr)
    print(f"face_recall_hard: {shares['CenterFace']:.3f}")
    print(f"face_recall_hard_haar: {shares['Haar']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    smoke = parser.parse_args().smoke
    with tempfile.TemporaryDirectory() as temp:
        analysis(Path(temp), smoke)
        blurring(Path(temp), smoke)
    recall(smoke)


if __name__ == "__main__":
    main()
