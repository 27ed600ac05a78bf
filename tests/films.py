"""Test films, made once per run with the bundled ffmpeg (never committed) for every test process, and helpers."""

from __future__ import annotations

import os
import pickle
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock
from PIL import Image

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.care.demo import create_demo_family
from workbench.core.config import DATA_ROOT_ENV
from workbench.cycle.films import record as add_film
from workbench.cycle.goals import add_goal, set_helping_question
from workbench.media import ffmpeg
from workbench.media.library import FilmFiles
from workbench.media.preparing import prepare_as_twin, prepare_film
from workbench.media.probe import probe
from workbench.media.staging import stage_file
from workbench.media.synthetic import make_film, read_frame_number
from workbench.moments import look
from workbench.moments.scene import make_scene

from .consumers import processes

T = TypeVar("T")


def made_once(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    """What ``make`` returns, made in a folder by the first test process of this run that asks and shared with the
    others (each xdist worker would otherwise make the same films and look at the same scene)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    run = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()  # this run's, only
    folder, kept = run / f"made-{name}", run / f"made-{name}.pickle"
    with FileLock(run / f"made-{name}.lock"):
        if kept.exists():
            return pickle.loads(kept.read_bytes())
        folder.mkdir(exist_ok=True)
        made = make(folder)
        kept.write_bytes(pickle.dumps(made))
        return made


@pytest.fixture(scope="session")
def films(tmp_path_factory):
    """name -> path of each kind of film the tests need (read only: a test that changes one works on a copy)."""
    return made_once(tmp_path_factory, "films", _make_films)


def _make_films(folder: Path) -> dict[str, Path]:
    made = {
        "landscape": make_film(folder / "landscape.mp4", seconds=6, width=1280, height=720),
        "phone": make_film(folder / "phone.mp4", seconds=4, width=720, height=1280, codec="hevc",
                           phone_rotation=True),
        "vfr": make_film(folder / "vfr.mp4", seconds=4, variable_frame_rate=True),
        "silent": make_film(folder / "silent.mp4", seconds=4, audio=False),
    }
    complete = make_film(folder / "faststart.mp4", seconds=6)
    subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(complete), "-c", "copy", "-movflags", "+faststart",
                    str(folder / "indexed.mp4")], check=True)
    whole = (folder / "indexed.mp4").read_bytes()
    tail_index = complete.read_bytes()  # index at the end, as cameras write it
    made.update(truncated=folder / "truncated.mp4", cut_off=folder / "cut_off.mp4", empty=folder / "empty.mp4",
                text=folder / "notes.mp4")
    made["truncated"].write_bytes(whole[: len(whole) * 6 // 10])
    made["cut_off"].write_bytes(tail_index[: len(tail_index) * 6 // 10])
    made["empty"].write_bytes(b"")
    made["text"].write_text("These are not the films you are looking for.\n" * 50)
    made["audio_only"] = folder / "voice.m4a"
    subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=duration=3", "-c:a", "aac",
                    str(made["audio_only"])], check=True)
    return made


@pytest.fixture(scope="session")
def demo_made(tmp_path_factory) -> tuple[Path, str, list[float]]:
    """A data root holding a demo family (guider ada), made once per run: the root, the family's code and the
    progress it reported. Copy the root to change anything in it (``shutil.copytree``)."""
    return made_once(tmp_path_factory, "demo", _make_demo)


def _make_demo(folder: Path) -> tuple[Path, str, list[float]]:
    from .pages.helpers import account  # late: the page helpers import this module's fixtures' users

    root, steps = folder / "data", []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_ROOT_ENV, str(root))
        account("ada")
        code = create_demo_family(FamilyStore(root), "ada", on_progress=lambda fraction, text: steps.append(fraction))
    return root, code, steps


@pytest.fixture(scope="session")
def scene(tmp_path_factory):
    """The real-looking test film (two faces, two voices taking turns) and its known answers."""
    return made_once(tmp_path_factory, "scene", lambda folder: make_scene(folder / "scene.mp4"))


@pytest.fixture(scope="session")
def scene_seen(scene, tmp_path_factory):
    """What the analysis pass sees in the test film, worked out once per run."""
    return made_once(tmp_path_factory, "scene-seen",
                     lambda folder: look.look(scene.path, scene.width, scene.height, round(scene.seconds * 1000)))


def family_with_scene(store: FamilyStore, scene, code: str = "VIG-0001", scopes=("filming", "storing the films",
                                                                                   "use in training")) -> str:
    """A family whose cycle 1 film is the test scene, ready, with the consents ``scopes``."""
    store.create(make_family(code))
    store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), list(scopes)))
    ingest(store, code, scene.path)
    return code


def frame_numbers(path: Path) -> list[int]:
    """The frame number drawn in every frame of a video, in presentation order, without duplicates or drops
    (decoded as raw grey pictures: a PNG each cost more than the reading)."""
    facts = probe(path)
    width, height = (facts.coded_width, facts.coded_height) if facts.rotation in (0, 180) else \
        (facts.coded_height, facts.coded_width)
    out = subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(path), "-fps_mode", "passthrough",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    size = width * height
    return [read_frame_number(Image.frombytes("L", (width, height), out[at:at + size]))
            for at in range(0, len(out) - size + 1, size)]


def frame_times(path: Path, keyframes_only: bool = False) -> list[float]:
    """Presentation times (s) of the video's frames, from a stream-copy packet listing."""
    text, _ = ffmpeg.packets(path)
    tb = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("#tb 0:"))
    num, den = (int(x) for x in tb.split("/"))
    times = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = [f.strip() for f in line.split(",")]
            key = not any(f.startswith("F=") for f in fields)  # framecrc flags only non-key packets
            if key or not keyframes_only:
                times.append(int(fields[2]) * num / den)
    return sorted(times)


def keyframe_times(path: Path) -> list[float]:
    return frame_times(path, keyframes_only=True)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def make_family(*args, **kwargs):
    from .conftest import make_family as make  # late: conftest imports this module's fixture

    return make(*args, **kwargs)


@pytest.fixture
def consenting_family(store):
    family = store.create(make_family())
    store.update(family.code, lambda f: add_consent(f,
        "Jo Smith", "foster carer", date.today(), ["filming", "storing the films", "copies for the carer"]))
    return family.code


_PREPARED: dict[tuple[str, int, bool], tuple[Path, object]] = {}  # (film, size, keep originals) -> (folder, proxy)


def ingest(store: FamilyStore, code: str, path: Path, cycle: int = 1, **kwargs):
    """Stage, record and prepare ``path`` as the cycle's film. The same test film is prepared for real once per
    test process; a later family gets a copy of that real proxy and filmstrip (a test of the preparation itself
    calls ``prepare_film``, or passes ``on_progress`` or ``should_cancel``, and always prepares afresh)."""
    staged = stage_file(store, code, path)
    film = add_film(store, code, cycle, staged, "Building a tower together", date.today())
    keep = store.load(code).keep_originals
    key = (os.fspath(path), path.stat().st_size, keep)
    if kwargs or key not in _PREPARED or not (_PREPARED[key][0] / "proxy.mp4").is_file():
        ready = prepare_film(store, code, cycle, film.id, **kwargs)
        if not kwargs:
            _PREPARED[key] = (FilmFiles.of(store, code, film.id).folder, ready.proxy)
        return ready
    folder, proxy = _PREPARED[key]
    return prepare_as_twin(store, code, cycle, film.id, FilmFiles(folder), proxy)


def live_ffmpeg_children() -> list[int]:
    """ffmpeg processes whose parent is this test process (none should outlive a call)."""
    return [p.pid for p in processes() if "ffmpeg" in p.name and p.parent == os.getpid()]


def full_intervention(store: FamilyStore, code: str, film: Path, cycles: int = 3, clips_per_cycle: int = 5,
                      copies: bool = True) -> None:
    """A family through ``cycles`` reviewed cycles and a final review: goals, films, tagged clips, reflections."""
    from workbench.cycle import analysis, review
    from workbench.model import Cycle

    store.create(make_family(code))
    scopes = ["filming", "storing the films"] + (["copies for the carer"] if copies else [])

    def begin(f):
        add_consent(f, "Jo Smith", "foster carer", date.today(), scopes)
        set_helping_question(f, "How can I help Sam stay calm when plans change?")
        add_goal(f, "Sam stays calm when we stop playing", "staying calm", 2, "Jo Smith")
        add_goal(f, "We enjoy ten minutes of play every day", "play and enjoyment", 4, "Jo Smith")

    store.update(code, begin)
    tags = [["attentive.looking_interested"], ["receiving.repeating_words", "attuned"], ["guiding.scaffolding"],
            ["encouraging.waiting"], ["deepening.sharing_viewpoints", "attentive"]]
    for number in range(1, cycles + 1):
        if number > 1:
            store.update(code, lambda f: f.cycles.append(Cycle(number=len(f.cycles) + 1)))
        ingest(store, code, film, cycle=number)

        def mark(f, number=number):
            for n in range(clips_per_cycle):
                clip = analysis.add_clip(f, number, n * 750, n * 750 + 600, tags[n % len(tags)], "private note")
                analysis.choose(f, number, clip.id, True)
                review.reflect(f, number, clip.id, "What do you notice?", f"In cycle {number} he looks at me ({n}).")
            review.write_up(f, number, held_on=date.today(), attendees="Jo Smith, Dr Ada Patel",
                            notes="We watched the clips.", carer_comments=f"I felt proud in cycle {number}.",
                            next_steps=f"Keep the floor play going ({number}).", next_film_plan="Baking")
            review.rerate(f, number, {g.id: min(10, 2 + 2 * number) for g in f.goals}, "Jo Smith")

        store.update(code, mark)

    def finish(f):
        review.mark_final(f, cycles, True)
        review.record_final_review(f, held_on=date.today(), evaluation="Both goals moved a long way.",
                                   carer_feedback="I see him differently now.")
        review.close_case(f)

    store.update(code, finish)


def family_with_film(store: FamilyStore, film: Path, code: str = "VIG-0001", **family) -> str:
    """A family with filming consent whose cycle 1 film is ready; returns its code."""
    store.create(make_family(code, **family))
    store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    ingest(store, code, film)
    return code


def nothing_left_of(store: FamilyStore, code: str, *secrets: str) -> None:
    """Nothing under the data root names the family or holds its words: only the audit log's code, and the
    empty marker that refuses later saves (``families/.erased/<CODE>``), by design."""
    tombstone = store.families_dir / ".erased" / code
    assert tombstone.is_file() and tombstone.stat().st_size == 0
    for path in store.root.rglob("*"):
        if path == tombstone:
            continue
        assert code not in str(path.relative_to(store.root)), path
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, (path, secret)
            if path.name != "audit.jsonl":  # the log keeps codes by design, and nothing else of the family
                assert code.encode() not in data, path
