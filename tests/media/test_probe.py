import re

import pytest

from workbench.core.errors import FilmRejected
from workbench.core.words import seconds, size
from workbench.media.probe import probe


def test_landscape_film(films):
    facts = probe(films["landscape"])
    assert (facts.width, facts.height, facts.rotation) == (1280, 720, 0)
    assert facts.duration_ms == 6000 and facts.playable_ms == 6000
    assert facts.fps == 30 and facts.frames == 180 and not facts.variable_frame_rate
    assert facts.video_codec == "h264" and facts.audio_codec == "aac"


def test_portrait_phone_film_is_seen_upright(films):
    facts = probe(films["phone"])
    assert facts.video_codec == "hevc"
    assert (facts.coded_width, facts.coded_height) == (1280, 720)  # stored sideways, as phones do
    assert facts.rotation == 270  # ffmpeg's "rotation of -90.00 degrees"
    assert (facts.width, facts.height) == (720, 1280) and facts.portrait


def test_variable_frame_rate_and_silent_films(films):
    assert probe(films["vfr"]).variable_frame_rate
    silent = probe(films["silent"])
    assert silent.audio_codec is None and not silent.has_audio


@pytest.mark.parametrize(
    "name, says",
    [
        ("empty", re.escape("empty (0 bytes)")),
        ("text", "not a video the workbench can read"),
        ("audio_only", "sound but no picture"),
        ("truncated", r"incomplete: its pictures stop at 3\.\d s of the 6\.0 s"),
        ("cut_off", "not finished properly"),
    ],
)
def test_bad_files_are_refused_with_one_clear_sentence(films, name, says):
    with pytest.raises(FilmRejected, match=says) as refused:
        probe(films[name])
    assert refused.value.message.endswith(".")
    assert "ffmpeg" not in refused.value.message.lower()


def test_too_long_is_refused_before_any_heavy_work(films):
    with pytest.raises(FilmRejected, match="lasts 6.0 s, longer than the 5.0 s limit"):
        probe(films["landscape"], max_duration_ms=5000)


def test_missing_file(tmp_path):
    with pytest.raises(FilmRejected, match="could not be found"):
        probe(tmp_path / "nowhere.mp4")


def test_durations_read_as_people_say_them():
    assert seconds(3600) == "3.6 s"
    assert seconds(245_000) == "4 min 5 s"
    assert seconds(1_800_000) == "30 min"
    assert seconds(3_720_000) == "1 h 2 min"


def test_sizes_read_as_people_say_them():
    assert (size(320), size(320_400), size(82_000_000), size(1_400_000_000)) == ("1 KB", "320 KB", "82 MB", "1.4 GB")
