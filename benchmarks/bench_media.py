"""Media speed against anchors run in the same process: prints `name: value` lines.

Run: .venv/bin/python benchmarks/bench_media.py [--smoke]   (or: make bench)

The test film (10 min, 1080p, 30 fps, H.264/AAC at a camcorder's ~18 Mbit/s, keyframes every 8 s, with
sensor-like grain so it costs what camera footage costs to decode) is generated once and cached in
benchmarks/.cache/, outside git. Details of each measurement go to stderr; stdout has only the figures.
`--smoke` runs the same code on a 12-second film in a temporary folder, so the suite can check it still runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench import FamilyStore, build
from workbench.care.consent import add_consent
from workbench.cycle import reels
from workbench.media import clips, ffmpeg, proxy
from workbench.media.library import ready_film
from workbench.media.probe import probe
from workbench.media.synthetic import make_film
from workbench.model import Clip, Family

CACHE = ROOT / "benchmarks" / ".cache"
FILM = CACHE / "camcorder-1080p30-10min.mp4"
FILM_S, AT_S, CLIP_S, REEL_AT = 600, 300, 6, (60, 200, 420)
FIGURES = ("clip_preview_s", "clip_export_ratio_vs_ffmpeg", "clip_export_ratio_vs_moviepy", "ingest_realtime_factor",
           "ingest_vs_decode_ceiling", "ingest_peak_rss_mb", "proxy_size_vs_original", "still_s", "reel_s",
           "time_to_first_watch_s", "decode_and_scale_vs_decode_ceiling", "fastest_x264_vs_decode_ceiling")


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def test_film() -> Path:
    if FILM.exists():
        return FILM
    CACHE.mkdir(parents=True, exist_ok=True)
    minute = CACHE / "minute.mp4"
    note("generating the 10-minute test film once (a few minutes)…")
    make_film(minute, seconds=60, width=1920, height=1080, fps=30, gop=240, bitrate="18M", noise=8)
    partial = FILM.with_suffix(".partial.mp4")
    ffmpeg.run(["-stream_loop", "9", "-i", str(minute), "-c", "copy", "-f", "mp4", str(partial)])
    os.replace(partial, FILM)
    minute.unlink()
    return FILM


def ingest_child(root: str, film: str) -> None:
    """Runs in a fresh process so its memory (and its ffmpeg's) is measured alone."""
    from workbench.cycle.films import record as add_film
    from workbench.media.preparing import offer_first_look, prepare_film
    from workbench.media.staging import stage_file

    store = FamilyStore(root)
    start = time.perf_counter()
    staged = stage_file(store, "BENCH", film)
    staged_s = time.perf_counter() - start
    film_record = add_film(store, "BENCH", 1, staged, "Bench", date.today())
    # The first thing the job does: make the film watchable (the camera wrote its index last: a stream copy).
    offer_first_look(store, "BENCH", 1, film_record.id)
    first_watch_s = time.perf_counter() - start
    assert store.load("BENCH").cycles[0].film.watchable
    prepare_s = timed(lambda: prepare_film(store, "BENCH", 1, film_record.id))
    print(json.dumps({
        "stage_s": staged_s, "prepare_s": prepare_s, "first_watch_s": first_watch_s,
        "self_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "ffmpeg_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def smoke_film(folder: Path) -> Path:
    return make_film(folder / "smoke.mp4", seconds=FILM_S, width=320, height=240, fps=25)


def main(smoke: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        film = smoke_film(Path(tmp)) if smoke else test_film()  # outside the data root, as a camera card is
        root = str(Path(tmp) / "data")
        store = FamilyStore(root)
        store.create(build(Family, code="BENCH", child={"name": "B", "year_of_birth": 2019},
                           carers=[{"name": "C", "role": "parent"}], guider="G", concern={"kind": "communication"}))
        store.update("BENCH", lambda f: add_consent(f, "C", "parent", date.today(),
                                                    ["filming", "copies for the carer"]))

        child = subprocess.run([sys.executable, __file__, "--ingest-child", root, str(film)],
                               capture_output=True, text=True, check=True)
        ingest = json.loads(child.stdout.strip().splitlines()[-1])
        note(f"ingest: stage (copy + SHA-256 + probe) {ingest['stage_s']:.1f} s, watchable after "
             f"{ingest['first_watch_s']:.1f} s, proxy + filmstrip "
             f"{ingest['prepare_s']:.1f} s; python {ingest['self_rss_mb']:.0f} MB, "
             f"ffmpeg {ingest['ffmpeg_rss_mb']:.0f} MB")

        decode_s = timed(lambda: subprocess.run(
            [ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(film), "-map", "0:v:0", "-f", "null", "-"], check=True))
        note(f"ceiling: decoding the whole film alone runs at {FILM_S / decode_s:.1f}x real time "
             f"on {os.cpu_count()} cores; the proxy pass also scales, encodes and writes the filmstrip")
        # Where the proxy pass's time goes, stage by stage, on the same two cores: the decode and the scale alone
        # (no encoder at all), then x264's fastest preset in place of the review copy's (a floor for any x264).
        pictures = proxy.pictures(proxy.plan(probe(film)))
        scale_s = timed(lambda: subprocess.run(
            [ffmpeg.ffmpeg_exe(), "-v", "error", "-flags2", "fast", "-i", str(film), "-map", "0:v:0", "-vf", pictures,
             "-f", "null", "-"], check=True))
        fastest_s = timed(lambda: subprocess.run(
            [ffmpeg.ffmpeg_exe(), "-v", "error", "-flags2", "fast", "-i", str(film), "-map", "0:v:0", "-vf", pictures,
             "-c:v", "libx264", "-preset", "ultrafast", "-crf", str(proxy.CRF), "-f", "null", "-"], check=True))
        note(f"stages: decode {decode_s:.1f} s, + scale {scale_s:.1f} s, + x264 ultrafast {fastest_s:.1f} s, "
             f"the whole pass ({proxy.PRESET}, sound, filmstrip) {ingest['prepare_s']:.1f} s")
        bench_films = Path(root) / "families" / "BENCH" / "media"
        proxy_bytes = sum(p.stat().st_size for p in bench_films.rglob("proxy.mp4"))

        ready = ready_film(store, store.load("BENCH"), 1)
        start_ms, end_ms = AT_S * 1000, (AT_S + CLIP_S) * 1000
        preview_s = timed(lambda: clips.preview(ready.files, ready.proxy, start_ms, end_ms))
        export_s = timed(lambda: clips.export(ready.files, ready.proxy, start_ms, end_ms))
        still_s = timed(lambda: clips.still(ready.files, ready.proxy, start_ms + 1234))

        out = Path(tmp) / "anchors"
        out.mkdir()
        ffmpeg_s = timed(lambda: subprocess.run(
            [ffmpeg.ffmpeg_exe(), "-v", "error", "-y", "-ss", str(AT_S), "-i", str(film), "-t", str(CLIP_S),
             "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", str(out / "direct.mp4")], check=True))

        def moviepy_default() -> None:
            from moviepy import VideoFileClip

            with VideoFileClip(str(film)) as whole:
                whole.subclipped(AT_S, AT_S + CLIP_S).write_videofile(str(out / "moviepy.mp4"), logger=None)

        moviepy_s = timed(moviepy_default)

        def mark(f: Family) -> None:
            f.cycles[0].clips = [Clip(start_ms=s * 1000, end_ms=(s + CLIP_S) * 1000, chosen=True, order=n,
                                      tags=["guiding"]) for n, s in enumerate(REEL_AT)]

        store.update("BENCH", mark)
        reel_s = timed(lambda: reels.review_reel(store, "BENCH", 1))
        note(f"anchors: direct ffmpeg re-encode {ffmpeg_s:.2f} s, moviepy default {moviepy_s:.2f} s; "
             f"ours {export_s:.2f} s")

        original_bytes = film.stat().st_size
    return {
        "clip_preview_s": preview_s,
        "clip_export_ratio_vs_ffmpeg": export_s / ffmpeg_s,
        "clip_export_ratio_vs_moviepy": export_s / moviepy_s,
        "ingest_realtime_factor": FILM_S / ingest["prepare_s"],
        # How close preparing the review copy comes to merely decoding the film: 1.0 is the floor.
        "ingest_vs_decode_ceiling": ingest["prepare_s"] / decode_s,
        # The stages under it: no encoder at all, then x264 at its fastest (the review copy uses veryfast: see
        # workbench/media/proxy.py for why its pictures are not traded for speed).
        "decode_and_scale_vs_decode_ceiling": scale_s / decode_s,
        "fastest_x264_vs_decode_ceiling": fastest_s / decode_s,
        "ingest_peak_rss_mb": ingest["self_rss_mb"] + ingest["ffmpeg_rss_mb"],
        "proxy_size_vs_original": proxy_bytes / original_bytes,
        "still_s": still_s,
        "reel_s": reel_s,
        # From the guider adding the film to its first look playing in the micro-analysis player.
        "time_to_first_watch_s": ingest["first_watch_s"],
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--ingest-child"]:
        ingest_child(*sys.argv[2:4])
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--smoke", action="store_true", help="a 12-second film: checks the benchmark runs")
        smoke = parser.parse_args().smoke
        if smoke:
            FILM_S, AT_S, CLIP_S, REEL_AT = 12, 5, 2, (1, 4, 8)
        figures = main(smoke)
        for name in FIGURES:
            print(f"{name}: {figures[name]:.3f}")
