"""The first look: which films a browser can play at once, the stream copy that keeps every frame's time, and
marks made on it landing on the same frames in the review copy."""

from __future__ import annotations

import bisect
import subprocess

import pytest

from workbench.media import ffmpeg
from workbench.media.clips import frame_index, on_frame
from workbench.media.first_look import judge, make_copy, watch
from workbench.media.probe import probe
from workbench.media.proxy import make_proxy
from workbench.media.synthetic import make_film

from ..films import frame_numbers, frame_times


def remux(source, target, *args):
    subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(source), "-c:v", "copy", *args, str(target)],
                   check=True)
    return target


def test_what_plays_at_once_what_needs_a_copy_and_what_waits_saying_why(films, tmp_path):
    assert judge(films["landscape"]).how == "copy"  # H.264/AAC, its index at the end, as cameras write it
    as_is = judge(remux(films["landscape"], tmp_path / "indexed.mp4", "-c:a", "copy", "-movflags", "+faststart"))
    assert as_is.how == "as_is" and as_is.suffix == ".mp4"

    quicktime = judge(remux(films["landscape"], tmp_path / "camera.mov", "-c:a", "pcm_s16le"))
    assert quicktime.how == "copy" and quicktime.suffix == ".mp4" and quicktime.encode_sound  # PCM made AAC

    mkv = judge(remux(films["landscape"], tmp_path / "film.mkv", "-c:a", "copy"))
    assert mkv.how == "copy" and mkv.suffix == ".mp4"

    for film, words in ((films["phone"], "HEVC (H.265)"), (make_film(tmp_path / "i.mp4", seconds=1, fps=50,
                                                                     interlaced=True), "interlaced")):
        look = judge(film)
        assert look.how == "wait" and words in look.why_not and "review copy is ready" in look.why_not

    deep = tmp_path / "ten-bit.mp4"
    subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:duration=1",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p10le", str(deep)], check=True)
    assert judge(deep).how == "wait" and "10-bit" in judge(deep).why_not


def test_the_copy_keeps_every_frames_time_its_rotation_and_puts_its_index_first(tmp_path):
    phone = make_film(tmp_path / "phone.mp4", seconds=2, width=360, height=640, phone_rotation=True)
    look = judge(phone)
    copy = make_copy(phone, tmp_path / "first-look.mp4", look, 2000)
    assert [round(t, 4) for t in frame_times(copy)] == [round(t, 4) for t in frame_times(phone)]
    assert (probe(copy).width, probe(copy).height, probe(copy).rotation) == (360, 640, probe(phone).rotation)
    assert judge(copy).how == "as_is"  # the index now comes first: a browser starts playing at once
    assert not list(tmp_path.glob("*.partial*"))


@pytest.mark.parametrize("rate, variable", [("30000/1001", False), ("30", True)])
def test_a_mark_made_on_the_first_look_shows_the_same_frame_in_the_review_copy(tmp_path, rate, variable):
    """Marks are kept on the review copy's frames (its rate planned from the probe). At each such mark, the frame a
    player shows on the first look (the last one that began at or before it) is the review copy's frame there:
    for a phone's 29.97 frames a second, resampled to 30, and for a variable frame rate."""
    original = make_film(tmp_path / "phone.mp4", seconds=20, width=320, height=180, fps=rate,
                         variable_frame_rate=variable)
    facts = probe(original)
    grid = watch("original.mp4", facts).grid
    copy = make_copy(original, tmp_path / "first-look.mp4", judge(original), facts.duration_ms)
    proxy_path = tmp_path / "proxy.mp4"
    made = make_proxy(original, proxy_path, tmp_path / "strip", facts)
    assert made.fps == grid.fps == (30 if not variable else round(facts.fps))

    times, numbers = frame_times(copy), frame_numbers(copy)
    in_proxy = frame_numbers(proxy_path)
    checked = 0
    for slot in range(len(in_proxy) - 1):
        mark_ms = on_frame(round((slot + 0.25) * 1000 / grid.fps), grid.fps)  # a mark on this frame, as kept
        assert frame_index(mark_ms, grid.fps) == slot  # the review copy's frame it cuts and stills
        seek_s = (slot + 0.5) / grid.fps - 2e-6  # where the player goes to show that frame (player.js, seekMs)
        shown = numbers[bisect.bisect_right(times, seek_s) - 1]  # the picture that began last before it
        assert in_proxy[slot] == shown, (slot, mark_ms)
        checked += 1
    assert checked >= 20 * grid.fps - 2  # every frame of the 20 s


def test_a_film_is_watched_and_marked_on_its_first_look_then_on_its_review_copy(store, consenting_family, films,
                                                                                tmp_path):
    from datetime import date

    from workbench.cycle import analysis
    from workbench.cycle import films as film_service
    from workbench.media.library import FilmFiles
    from workbench.media.preparing import offer_first_look, prepare_film
    from workbench.media.staging import stage_file

    code = consenting_family
    film = film_service.record(store, code, 1, stage_file(store, code, films["landscape"]), "Lego", date.today())
    assert film.first_look is None and not film.first_look_wait  # its index is at the end: the job copies it
    with pytest.raises(Exception, match="not ready yet"):
        store.update(code, lambda f: analysis.add_clip(f, 1, 1000, 2000))
    files = FilmFiles.of(store, code, film.id)
    offer_first_look(store, code, 1, film.id)
    family = store.load(code)
    watched = film_service.watchable_film(store, family, 1)
    assert watched.video == files.folder / "first-look.mp4" and watched.video.is_file()
    assert (watched.proxy.fps, watched.proxy.width, watched.proxy.height) == (30, 1280, 720)
    clip = store.update(code, lambda f: analysis.add_clip(f, 1, 1017, 2990))
    clip = store.update(code, lambda f: analysis.set_edge(f, 1, clip.id, "end", 2990))
    assert (clip.start_ms, clip.end_ms) == (1017, 2983)  # on the review copy's frames (the middle of 30 and 89)

    ready = prepare_film(store, code, 1, film.id)
    assert ready.ready and ready.first_look is None and not watched.video.exists()
    assert [(c.start_ms, c.end_ms) for c in store.load(code).cycle(1).clips] == [(1017, 2983)]
    assert film_service.watchable_film(store, store.load(code), 1).video == files.proxy

    # A phone's MP4 with its index first is watched as it is, from the moment it is recorded.
    indexed = remux(films["landscape"], tmp_path / "indexed.mp4", "-c:a", "copy", "-movflags", "+faststart")
    store.update(code, lambda f: f.cycles.append(type(f.cycles[0])(number=2)))
    second = film_service.record(store, code, 2, stage_file(store, code, indexed), "Baking", date.today())
    assert second.first_look.file == second.original_file == "original.mp4"
    assert film_service.watchable_film(store, store.load(code), 2).video.name == "original.mp4"
    assert prepare_film(store, code, 2, second.id).first_look is None
    kept = store.load(code).keep_originals  # with consent to store the films; without it, the original goes
    assert FilmFiles.of(store, code, second.id).original("original.mp4").exists() == kept

    store.update(code, lambda f: f.cycles.append(type(f.cycles[0])(number=3)))
    third = film_service.record(store, code, 3, stage_file(store, code, films["phone"]), "Bath", date.today())
    assert third.first_look is None and "HEVC" in third.first_look_wait
    assert not store.load(code).cycle(3).film.watchable
