"""Attacks on training copies and on what the analysis keeps: other guiders, supervisors, old links, withdrawal,
erasure, and a hostile analysis file."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from workbench import FamilyStore
from workbench.care.consent import add_consent, withdraw
from workbench.care.retention import erase_family
from workbench.core.config import DATA_ROOT_ENV
from workbench.core.errors import FamilyErased, InvalidInput
from workbench.cycle import analysis, suggestions
from workbench.media.library import FilmFiles
from workbench.supervision import training
from workbench.trust import links
from workbench.trust.access import AccessDenied, edit_guard
from workbench.ui import media

from ..films import family_with_scene
from ..pages.helpers import account

CLIP = (15_000, 17_000)


@pytest.fixture(scope="module")
def template(tmp_path_factory, scene):
    """A data root with one family and one training copy, made once (the slow part) and copied for each test."""
    root = tmp_path_factory.mktemp("training") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_ROOT_ENV, str(root))
        store = FamilyStore()
        code = family_with_scene(store, scene)
        clip = store.update(code, lambda f: analysis.add_clip(f, 1, *CLIP))
        training.find_faces(store, code, 1, clip.id, lambda p: None, lambda: False)
        made = training.make_blurred(store, code, 1, clip.id, 0, "ada", lambda p: None, lambda: False)
    return root, code, clip, made.relative_to(root)


@pytest.fixture
def copy(store: FamilyStore, template):
    root, code, clip, made = template
    shutil.copytree(root, store.root, dirs_exist_ok=True)
    made = store.root / made
    for name in ("ada", "ben", "sue"):
        account(name)
        links.signed_in(f"session-{name}", name)
    yield code, clip, made
    for name in ("ada", "ben", "sue"):
        links.signed_out(f"session-{name}")


def _get(path, who: str):
    client = TestClient(Starlette(routes=media.media_routes()))
    return client.get(f"{media.ROUTE}/{links.token_for(path, f'session-{who}', who, download=True)}/{path.name}")


def test_only_the_familys_guider_gets_the_copy_and_the_download_is_audited_as_blurred(store, copy):
    code, _, made = copy
    assert _get(made, "ada").status_code == 200
    assert _get(made, "ben").status_code == 404  # another guider: the same answer as a missing file
    assert _get(made, "sue").status_code == 404  # a supervisor with no viewing consent
    log = (store.root / "audit.jsonl").read_text()
    assert log.count("training copy, faces blurred") == 1


def test_withdrawal_deletes_the_copies_and_kills_old_links_even_to_a_file_put_back(store, copy):
    code, _, made = copy
    kept = made.read_bytes()
    old = f"{media.ROUTE}/{links.token_for(made, 'session-ada', 'ada', download=True)}/{made.name}"
    withdraw(store, code, store.load(code).consents[0].id, date.today())
    assert not made.parent.exists()
    # Filming and storing still stand under a new consent, but not training: a copy written back by a race
    # with the withdrawal is still not served.
    store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming", "storing the films"]))
    made.parent.mkdir(parents=True)
    made.write_bytes(kept)
    client = TestClient(Starlette(routes=media.media_routes()))
    assert client.get(old).status_code == 404
    assert _get(made, "ada").status_code == 404


def test_a_supervisor_can_make_no_training_copy_by_any_service(store, copy):
    code, clip, _ = copy
    store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), ["viewing by a VIG supervisor"]))
    sue = FamilyStore(guard=edit_guard(account("sue")))
    for attempt in (lambda: training.queue_faces(sue, code, 1, clip.id),
                    lambda: training.queue_blurred(sue, code, 1, clip.id, 0, "sue", confirmed=True),
                    lambda: suggestions.queue_look(sue, code, 1)):
        with pytest.raises(AccessDenied):
            attempt()


def test_a_face_to_leave_clear_must_be_one_that_was_found(store, copy):
    code, clip, _ = copy
    with pytest.raises(InvalidInput, match="no longer among"):
        training.preview(store, store.load(code), 1, clip, leave=999)
    with pytest.raises(InvalidInput, match="no longer among"):
        training.make_blurred(store, code, 1, clip.id, 999, "ada", lambda p: None, lambda: False)


def test_a_clip_moved_after_its_faces_were_found_must_be_looked_at_again(store, copy):
    code, clip, _ = copy
    moved = store.update(code, lambda f: analysis.set_edge(f, 1, clip.id, "end", CLIP[1] + 1000))
    assert training.faces_found(store, store.load(code), 1, moved) is None
    with pytest.raises(InvalidInput, match="find them again"):
        training.queue_blurred(store, code, 1, clip.id, 0, "ada", confirmed=True)


def test_erasure_leaves_no_analysis_and_no_training_copy(store, copy, scene):
    code, _, made = copy
    film = store.load(code).cycles[0].film
    files = FilmFiles.of(store, code, film.id)
    from workbench.moments import look

    look.save(look.Looked(duration_ms=1000), files.looked)
    erase_family(store, code)
    assert not files.looked.exists() and not made.exists()
    assert not list(store.root.rglob("looked.json")) and not list(store.root.rglob("*blurred*"))


def test_a_hostile_analysis_file_is_refused_not_trusted(store, scene):
    code = family_with_scene(store, scene, scopes=("filming", "storing the films"))
    family = store.load(code)
    files = FilmFiles.of(store, code, family.cycles[0].film.id)
    for hostile in (b"\x00" * 100, b'{"format": 1, "duration_ms": "x", "pictures": [], "speech": []}',
                    b'{"format": 1, "duration_ms": 1000, "fps": 5, "pictures": [[0, [[1, 2]]]], "speech": []}',
                    b"[" * 100_000):
        files.looked.write_bytes(hostile)
        assert suggestions.suggestions(store, family, 1).looked is False


def test_a_job_finishing_after_an_erasure_brings_nothing_back(store, copy):
    from workbench.core.storages import make_dirs
    from workbench.moments.kept import keep

    code, _, made = copy
    film_folder = made.parent.parent
    erase_family(store, code)
    with pytest.raises(FamilyErased):
        keep(store, code, film_folder, lambda: make_dirs(made.parent))
    assert not store.family_dir(code).exists()


def test_no_copy_is_made_of_a_clip_where_no_face_was_found(store, copy):
    code, clip, made = copy
    plan = next(made.parent.glob("faces-*.json"))
    kept = plan.read_bytes()
    plan.write_bytes(kept.split(b', "tracks"')[0] + b', "tracks": []}')
    with pytest.raises(InvalidInput, match="No face was found"):
        training.queue_blurred(store, code, 1, clip.id, 0, "ada", confirmed=True)
    with pytest.raises(InvalidInput, match="No face was found"):
        training.make_blurred(store, code, 1, clip.id, 0, "ada", lambda p: None, lambda: False)


def test_a_familys_archive_carries_no_training_copy(store, copy):
    import zipfile

    from workbench.care.archive import download_path, export_family

    code, _, made = copy
    target = export_family(store, code, download_path(store, code))
    names = zipfile.ZipFile(target).namelist()
    assert any(name.endswith("proxy.mp4") for name in names)
    assert not [name for name in names if "/training/" in name or "blurred" in name]
