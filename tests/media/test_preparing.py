import hashlib
import io
import math
from datetime import date
from itertools import pairwise

import pytest
from PIL import Image

from workbench.core.errors import FilmRejected, InvalidInput, StorageFull
from workbench.core.settings import Settings, save_settings
from workbench.cycle import films as film_service
from workbench.media import ffmpeg, preparing, staging
from workbench.media.library import FilmFiles
from workbench.media.probe import probe
from workbench.model import FilmStatus

from ..conftest import make_family
from ..films import files_under, frame_numbers, keyframe_times, live_ffmpeg_children
from ..films import ingest as ingest_film


def test_landscape_film_becomes_a_720p_review_proxy(store, consenting_family, films):
    code = consenting_family
    film = ingest_film(store, code, films["landscape"])
    assert film.status is FilmStatus.READY and film.ready
    files = FilmFiles.of(store, code, film.id)
    made = probe(files.proxy)
    assert (made.width, made.height) == (1280, 720) and made.video_codec == "h264" and made.audio_codec == "aac"
    assert made.fps == 30 and not made.variable_frame_rate
    assert frame_numbers(files.proxy)[:5] == [0, 1, 2, 3, 4]
    keys = keyframe_times(files.proxy)
    assert max(b - a for a, b in pairwise(keys)) <= 1.0  # a keyframe at least every second
    raw = files.proxy.read_bytes()
    assert raw.index(b"moov") < raw.index(b"mdat")  # faststart: plays before it has fully loaded
    assert film.proxy.thumbnails == math.ceil(6 / 2) == len(list(files.filmstrip.glob("*.jpg")))
    assert Image.open(files.thumbnail(0)).height == 112
    # The original is kept beside it, with its checksum.
    original = files.original(film.original_file)
    assert original.read_bytes() == films["landscape"].read_bytes()
    assert film.original_sha256 == hashlib.sha256(films["landscape"].read_bytes()).hexdigest()
    assert film.original_name == "landscape.mp4" and film.activity == "Building a tower together"
    assert not list(store.family_dir(code).rglob("*.partial*"))


def test_portrait_phone_film_comes_out_upright_with_its_true_shape(store, consenting_family, films):
    film = ingest_film(store, consenting_family, films["phone"])
    files = FilmFiles.of(store, consenting_family, film.id)
    made = probe(files.proxy)
    assert (made.width, made.height) == (720, 1280) and made.rotation == 0
    assert film.facts.rotation == 270 and film.facts.video_codec == "hevc"
    frame = Image.open(io.BytesIO(ffmpeg_frame(files.proxy, 1.0))).convert("L")
    width, height = frame.size
    assert frame.getpixel((width // 2, 4)) > 200  # the white bar is at the top: upright, not sideways
    assert frame.getpixel((4, height // 2)) < 200 or frame.getpixel((width - 5, height // 2)) < 200


def ffmpeg_frame(path, at_s):
    import subprocess
    return subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-ss", str(at_s), "-i", str(path), "-frames:v", "1",
                           "-f", "image2pipe", "-c:v", "png", "-"], capture_output=True, check=True).stdout


def test_variable_frame_rate_becomes_constant_and_silent_films_work(store, consenting_family, films):
    vfr = ingest_film(store, consenting_family, films["vfr"])
    assert vfr.facts.variable_frame_rate
    made = probe(FilmFiles.of(store, consenting_family, vfr.id).proxy)
    assert not made.variable_frame_rate and made.fps == vfr.proxy.fps
    store.update(consenting_family, lambda f: f.cycles.append(f.cycles[0].__class__(number=2)))
    silent = ingest_film(store, consenting_family, films["silent"], cycle=2)
    assert not silent.proxy.has_audio
    assert probe(FilmFiles.of(store, consenting_family, silent.id).proxy).audio_codec is None


@pytest.mark.parametrize("name", ["empty", "text", "audio_only", "truncated", "cut_off"])
def test_a_bad_file_leaves_no_trace(store, consenting_family, films, name):
    before = store.store_path(consenting_family).read_bytes()
    with pytest.raises(FilmRejected):
        staging.stage_file(store, consenting_family, films[name])
    assert files_under(store.media_dir(consenting_family)) == []
    assert not store.media_dir(consenting_family).exists()
    assert store.store_path(consenting_family).read_bytes() == before
    assert films[name].exists()  # the guider's own file is never touched


def test_an_uploaded_film_is_staged_under_a_safe_name(store, consenting_family, films):
    with open(films["landscape"], "rb") as upload:
        odd = staging.stage_upload(store, consenting_family, upload, "clip.exe", size=100)
    assert odd.path.suffix == ".video"  # an unknown extension is never carried over
    odd.discard()
    with open(films["landscape"], "rb") as upload:
        staged = staging.stage_upload(store, consenting_family, upload, "../../etc/passwd\x00.mp4",
                                     size=films["landscape"].stat().st_size)
    assert staged.path.parent == store.media_dir(consenting_family) / staging.INCOMING
    assert staged.path.suffix == ".mp4" and "passwd" not in staged.path.name
    film = film_service.record(store, consenting_family, 1, staged, "Snack time", date.today())
    assert film.original_name == "passwd.mp4"  # kept as a label only, without the path or the NUL
    assert FilmFiles.of(store, consenting_family, film.id).original(film.original_file).exists()
    assert not staged.path.exists()


def test_too_long_films_are_refused_by_the_configured_limit(store, consenting_family, films):
    save_settings(Settings(max_film_minutes=1), store.root)
    staging.stage_file(store, consenting_family, films["landscape"]).discard()  # 6 s is fine
    long_film = films["landscape"].with_name("long.mp4")
    ffmpeg.run(["-stream_loop", "11", "-i", str(films["landscape"]), "-c", "copy", str(long_film)])
    with pytest.raises(FilmRejected, match="longer than the 1 min limit"):
        staging.stage_file(store, consenting_family, long_film)
    assert files_under(store.media_dir(consenting_family)) == []


def test_not_enough_disk_space_is_refused_before_writing(store, consenting_family, films):
    with open(films["landscape"], "rb") as upload, pytest.raises(StorageFull, match="not enough free disk space"):
        staging.stage_upload(store, consenting_family, upload, "huge.mp4", size=10**16)
    assert files_under(store.media_dir(consenting_family)) == []


def test_no_film_without_filming_consent(store, films):
    store.create(make_family("VIG-0002"))
    staged = staging.stage_file(store, "VIG-0002", films["landscape"])
    with pytest.raises(InvalidInput, match="No filming consent"):
        film_service.record(store, "VIG-0002", 1, staged, "Play", date.today())
    assert store.load("VIG-0002").cycles[0].film is None
    assert files_under(store.media_dir("VIG-0002")) == []


def test_originals_are_deleted_where_the_family_says_so(store, consenting_family, films):
    store.update(consenting_family, lambda f: setattr(f, "keep_originals", False))
    film = ingest_film(store, consenting_family, films["landscape"])
    files = FilmFiles.of(store, consenting_family, film.id)
    assert film.original_file == "" and [p.name for p in files.folder.iterdir() if p.is_file()] == ["proxy.mp4"]
    assert film.original_sha256  # the checksum of what was received is still recorded


def test_cancelling_stops_ffmpeg_and_keeps_nothing(store, consenting_family, films):
    staged = staging.stage_file(store, consenting_family, films["landscape"])
    film = film_service.record(store, consenting_family, 1, staged, "Play", date.today())
    with pytest.raises(ffmpeg.Cancelled):
        preparing.prepare_film(store, consenting_family, 1, film.id, should_cancel=lambda: True)
    cycle = store.load(consenting_family).cycles[0]
    assert cycle.film is None and "cancelled" in cycle.film_problem
    assert files_under(store.media_dir(consenting_family)) == []
    assert live_ffmpeg_children() == []


def test_a_failure_keeps_the_whole_original_and_says_why(store, consenting_family, films):
    staged = staging.stage_file(store, consenting_family, films["landscape"])
    film = film_service.record(store, consenting_family, 1, staged, "Play", date.today())
    files = FilmFiles.of(store, consenting_family, film.id)
    original = files.original(film.original_file)
    original.write_bytes(original.read_bytes()[:50_000])  # damaged on disk after it was checked
    with pytest.raises(FilmRejected):
        preparing.prepare_film(store, consenting_family, 1, film.id)
    failed = store.load(consenting_family).cycles[0].film
    assert failed.status is FilmStatus.FAILED and "damaged" in failed.problem
    assert sorted(p.name for p in files_under(files.folder)) == [original.name]  # nothing half-made
    assert live_ffmpeg_children() == []


def test_an_interrupted_preparation_waits_again_with_nothing_half_made(store, consenting_family, films):
    staged = staging.stage_file(store, consenting_family, films["landscape"])
    film = film_service.record(store, consenting_family, 1, staged, "Play", date.today())
    files = FilmFiles.of(store, consenting_family, film.id)
    reports = []

    def stop_part_way(fraction: float) -> None:
        reports.append(fraction)
        if fraction > 0.2:
            raise KeyboardInterrupt  # what the consumer's SIGTERM raises in a job

    with pytest.raises(KeyboardInterrupt):
        preparing.prepare_film(store, consenting_family, 1, film.id, on_progress=stop_part_way, first_look=True)
    waiting = store.load(consenting_family).cycles[0].film
    assert reports and waiting.status is FilmStatus.WAITING
    # The first look (a stream copy made before the review copy began) stays: the guider watches on meanwhile.
    assert waiting.watchable and waiting.first_look.file == "first-look.mp4"
    assert sorted(p.name for p in files_under(files.folder)) == ["first-look.mp4", film.original_file]
    assert live_ffmpeg_children() == []


def test_removing_a_film_removes_its_files_and_clips(store, consenting_family, films):
    film = ingest_film(store, consenting_family, films["silent"])
    store.update(consenting_family, lambda f: setattr(f.cycles[0], "clips", [{"start_ms": 0, "end_ms": 900}]))
    film_service.remove(store, consenting_family, 1)
    cycle = store.load(consenting_family).cycles[0]
    assert cycle.film is None and cycle.clips == []
    assert not FilmFiles.of(store, consenting_family, film.id).folder.exists()


def test_inbox_lists_videos_and_a_moved_film_leaves_the_inbox(store, consenting_family, films):
    inbox = staging.inbox(store.root, "ada")
    inbox.mkdir(parents=True)
    (inbox / "readme.txt").write_text("not a film")
    copy = inbox / "MOV_0042.MP4"
    copy.write_bytes(films["landscape"].read_bytes())
    assert staging.inbox_films(store.root, "ada") == [copy] and staging.inbox_films(store.root, "ben") == []
    with pytest.raises(FilmRejected, match="data folder"):  # Ben cannot take a film from Ada's inbox
        staging.stage_file(store, consenting_family, copy, move=True, inbox_of="ben")
    staged = staging.stage_file(store, consenting_family, copy, move=True, inbox_of="ada")
    assert copy.exists()  # still there until the film is safely recorded
    with pytest.raises(InvalidInput, match="Activity filmed cannot be empty"):
        film_service.record(store, consenting_family, 1, staged, "  ", date.today())
    assert copy.exists() and not staged.path.exists()  # a failed add never loses the guider's film
    staged = staging.stage_file(store, consenting_family, copy, move=True, inbox_of="ada")
    film_service.record(store, consenting_family, 1, staged, "Snack time", date.today())
    assert not copy.exists() and staging.inbox_films(store.root, "ada") == []


def test_a_path_that_is_not_a_file_is_refused(store, consenting_family, tmp_path):
    for missing in (tmp_path / "nowhere.mp4", tmp_path):
        with pytest.raises(FilmRejected, match="There is no film at"):
            staging.stage_file(store, consenting_family, missing)
    assert files_under(store.media_dir(consenting_family)) == []
