from itertools import pairwise

import pytest
from PIL import Image, ImageChops, ImageStat

from workbench import FamilyStore
from workbench.core.errors import InvalidInput
from workbench.media import clips
from workbench.media.library import ready_film
from workbench.media.probe import probe
from workbench.media.synthetic import read_frame_number
from workbench.model import Spotlight

from ..films import family_with_film, frame_numbers, frame_times, live_ffmpeg_children


@pytest.fixture(scope="module")
def film(tmp_path_factory, films):
    store = FamilyStore(tmp_path_factory.mktemp("clips"))
    family_with_film(store, films["landscape"])
    return ready_film(store, store.load("VIG-0001"), 1)


@pytest.mark.parametrize("start_ms, end_ms", [(500, 1500), (1476, 1542), (0, 40), (2000, 5966), (3333, 3334)])
def test_exported_clips_hold_exactly_the_marked_frames(film, start_ms, end_ms):
    path = clips.export(film.files, film.proxy, start_ms, end_ms)
    first, last = start_ms * 30 // 1000, end_ms * 30 // 1000
    assert frame_numbers(path) == list(range(first, last + 1))
    facts = probe(path)
    assert facts.video_codec == "h264" and facts.audio_codec == "aac"
    # Even frame timing. Only the first frame is held a little longer: AAC's encoder delay (1024 samples,
    # 21 ms) that an edit list would otherwise hide. Every frame is still there, in sync.
    times = frame_times(path)
    steps = [b - a for a, b in pairwise(times)]
    assert all(abs(step - 1 / 30) < 1e-3 for step in steps[1:])
    assert not steps or 1 / 30 - 1e-3 < steps[0] < 2 / 30
    assert b"elst" not in path.read_bytes()  # no edit list: players that ignore them show the same frames
    assert abs(facts.duration_ms - (last + 1 - first) * 1000 / 30) <= 40


def test_frame_arithmetic():
    assert clips.frame_index(1476, 30) == 44 and clips.frame_index(1500, 30) == 45
    assert clips.frame_index(1000 / 30 * 7, 30) == 7  # float noise at an exact boundary
    assert clips.frame_time_ms(45, 30) == 1500


def test_a_preview_is_a_stream_copy_that_contains_the_clip(film):
    path = clips.preview(film.files, film.proxy, 2500, 4000)
    numbers = frame_numbers(path)
    assert numbers == sorted(numbers) and numbers[0] <= 75 and numbers[-1] >= 120
    assert 75 - numbers[0] <= 30  # at most a second before the mark: the proxy has a keyframe every second
    assert b"elst" in path.read_bytes()  # browsers start exactly at the mark through the edit list
    assert clips.preview(film.files, film.proxy, 2500, 4000) == path  # reused, not cut again


@pytest.mark.parametrize("ms, frame", [(0, 0), (1476, 44), (1500, 45), (5999, 179), (6000, 179)])
def test_stills_are_the_exact_frame_on_screen(film, ms, frame):
    assert read_frame_number(Image.open(clips.still(film.files, film.proxy, ms))) == frame


@pytest.mark.parametrize("start_ms, end_ms, says", [
    (2000, 2000, "end must come after its start"),
    (3000, 1000, "end must come after its start"),
    (-10, 1000, "end must come after its start"),
    (1000, 9000, "ends after the end of the film"),
])
def test_wrong_times_are_refused(film, start_ms, end_ms, says):
    with pytest.raises(InvalidInput, match=says):
        clips.export(film.files, film.proxy, start_ms, end_ms)
    with pytest.raises(InvalidInput, match="outside the film"):
        clips.still(film.files, film.proxy, 60_000)


def test_no_ffmpeg_or_partial_file_is_left_behind(film):
    clips.export(film.files, film.proxy, 100, 900)
    clips.still(film.files, film.proxy, 321)
    assert live_ffmpeg_children() == []
    assert not list(film.files.folder.rglob("*.partial*"))


def test_the_same_clip_cut_from_two_tabs_at_once(film):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda _: clips.export(film.files, film.proxy, 4100, 5200), range(4)))
    assert len(set(made)) == 1 and frame_numbers(made[0]) == list(range(123, 157))
    assert not list(film.files.folder.rglob("*.partial*"))


def test_a_spotlit_still_is_that_part_of_the_frame_enlarged(film):
    spot = Spotlight(x=0.25, y=0.5, w=0.5, h=0.5)
    whole = Image.open(clips.still(film.files, film.proxy, 1500)).convert("RGB")
    spotlit = Image.open(clips.still(film.files, film.proxy, 1500, spot)).convert("RGB")
    assert spotlit.width == film.proxy.width and abs(spotlit.height - film.proxy.height) <= 2  # same shape here
    part = whole.crop((whole.width // 4, whole.height // 2, whole.width * 3 // 4, whole.height)).resize(spotlit.size)
    difference = ImageStat.Stat(ImageChops.difference(part, spotlit)).mean
    assert max(difference) < 12, difference  # the same picture, up to JPEG and scaling
    other = whole.resize(spotlit.size)
    assert max(ImageStat.Stat(ImageChops.difference(other, spotlit)).mean) > 20  # and not the whole frame


def test_a_lighter_copy_holds_the_same_frames_at_the_same_times_in_480_lines(film):
    """The copy for a slow home line: a third of the bytes or less, and the still's frame where it was."""
    full = clips.export(film.files, film.proxy, 500, 2500)
    light = clips.light(film.files, film.proxy, 500, 2500)
    facts = probe(light)
    assert light != full and facts.height == 480 and facts.width == 854
    assert frame_numbers(light) == frame_numbers(full) == list(range(15, 76))
    assert frame_times(light) == frame_times(full)
    assert light.stat().st_size < full.stat().st_size
    assert clips.light(film.files, film.proxy, 500, 2500) == light  # made once, then kept
