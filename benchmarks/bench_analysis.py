"""On-device analysis speed against anchors run in the same process: prints `name: value` lines.

Run: .venv/bin/python benchmarks/bench_analysis.py [--smoke]

The film is the generated test scene (two faces, two espeak-ng voices, 640x360 at 25 fps, as a review copy
is), looped to 10 minutes and cached in benchmarks/.cache/, outside git. `--smoke` uses a 20-second scene and a
2 s clip in a temporary folder, so the suite can check the benchmark still runs.
- analysis_vs_film_duration: the whole analysis pass (faces, smiles, speech) / the film's duration (target <= 0.3).
- blur_export_ratio: a blurred 6 s clip (faces found frame by frame, then blurred) / our plain frame-exact export.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench import build
from workbench.media import clips, ffmpeg
from workbench.media.library import FilmFiles
from workbench.model import ProxyFacts
from workbench.moments import blur, look
from workbench.moments.scene import make_scene

CACHE = ROOT / "benchmarks" / ".cache"
FIGURES = ("analysis_vs_film_duration", "blur_export_ratio")
CLIP = (15_000, 21_000)


def _film(folder: Path, smoke: bool) -> tuple[Path, float]:
    scene = make_scene(folder / "scene.mp4", seconds=20 if smoke else 40)
    if smoke:
        return scene.path, scene.seconds
    looped = CACHE / "scene-10min.mp4"
    if not looped.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "14", "-i", str(scene.path),
                        "-c", "copy", str(looped)], check=True)
    return looped, 15 * scene.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    smoke = parser.parse_args().smoke
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        film, seconds = _film(folder, smoke)
        started = time.perf_counter()
        seen = look.look(film, 640, 360, round(seconds * 1000))
        took = time.perf_counter() - started
        print(f"  {len(seen.pictures)} pictures, {len(seen.speech)} stretches of speech in {took:.1f} s",
              file=sys.stderr)
        print(f"analysis_vs_film_duration: {took / seconds:.3f}")

        files = FilmFiles(folder / "film")
        files.folder.mkdir()
        (files.folder / "proxy.mp4").symlink_to(film)
        proxy = build(ProxyFacts, width=640, height=360, fps=25, duration_ms=round(seconds * 1000), has_audio=True,
                      thumbnail_every_ms=2000, thumbnails=0, size_bytes=film.stat().st_size)
        clip = (15_000, 17_000) if smoke else CLIP
        started = time.perf_counter()
        clips.export(files, proxy, *clip)
        plain = time.perf_counter() - started
        first, last = clips.clip_frames(*clip, proxy)
        started = time.perf_counter()
        plan, _ = blur.plan_faces(files.proxy, 640, 360, 25, first, last, round(seconds * 25) - 1)
        blur.blurred_clip(files.proxy, 640, 360, plan, folder / "blurred.mp4", frozenset())
        blurred = time.perf_counter() - started
        print(f"  plain export {plain:.2f} s, blurred {blurred:.2f} s", file=sys.stderr)
        print(f"blur_export_ratio: {blurred / plain:.2f}")


if __name__ == "__main__":
    main()
