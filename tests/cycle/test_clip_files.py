import threading

import pytest
from PIL import Image

from workbench import FamilyStore
from workbench.core.errors import InvalidInput
from workbench.cycle import clip_files
from workbench.media.library import ready_film
from workbench.media.synthetic import read_frame_number

from ..films import family_with_film, frame_numbers, live_ffmpeg_children


@pytest.fixture(scope="module")
def film(tmp_path_factory, films):
    store = FamilyStore(tmp_path_factory.mktemp("clip-files"))
    family_with_film(store, films["landscape"])
    return ready_film(store, store.load("VIG-0001"), 1)


def test_a_clip_shown_for_the_first_time_gets_its_exact_frames_at_once(film):
    shots = clip_files.pictures(film, 1476, 2533, 2000)
    assert [read_frame_number(Image.open(p)) for p in (shots.first, shots.last, shots.still)] == [44, 75, 60]
    numbers = frame_numbers(shots.preview)
    assert numbers[0] <= 44 and numbers[-1] >= 75  # the preview holds the clip
    assert shots.first == clip_files.still(film, 1476)  # the same files the other pages show, not copies
    assert live_ffmpeg_children() == [] and not list(film.files.folder.rglob("*.partial*"))


def test_a_clip_past_the_end_is_refused_in_words_and_leaves_nothing(film):
    with pytest.raises(InvalidInput, match="outside the film|ends after the end"):
        clip_files.pictures(film, 5000, 9000, 5000)
    assert live_ffmpeg_children() == [] and not list(film.files.folder.rglob("*.partial*"))


def test_a_team_editing_at_once_never_runs_more_than_four_cuts(film):
    """Twelve guiders' clips shown at once: the cuts queue, four at a time, rather than 48 ffmpegs together."""
    most, done = [0], threading.Event()

    def watch() -> None:
        while not done.is_set():
            most[0] = max(most[0], len(live_ffmpeg_children()))
            done.wait(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        editors = [threading.Thread(target=clip_files.pictures, args=(film, at, at + 200, at + 100))
                   for at in range(100, 4900, 400)]
        for editor in editors:
            editor.start()
        for editor in editors:
            editor.join()
    finally:
        done.set()
        watcher.join()
    assert 2 <= most[0] <= 4, most[0]  # side by side, and bounded
    assert all(clip_files.still(film, 100 + n * 400).is_file() for n in range(12))
