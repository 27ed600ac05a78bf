import time
from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.cycle import films as film_service
from workbench.jobs import board
from workbench.model import FilmStatus
from workbench.ui import pages

from ..conftest import make_family
from ..consumers import wait_until
from ..films import ingest as ingest_film
from .helpers import app, no_errors, widget

FILM = pages.FILM.path


def film_page(code: str = "VIG-0001"):
    at = app({"family": code})
    at.switch_page(FILM)
    return at.run()


@pytest.fixture
def consenting(data_root):
    store = FamilyStore()
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(),
                                                   ["filming", "copies for the carer"]))
    return store


def add_by_path(path):
    """The Film page after adding ``path`` through the 'From a folder' route."""
    at = film_page()
    widget(at, "text_input", "Activity filmed").input("Snack time")
    widget(at, "text_input", "Full path of the film").input(str(path))
    at.run()
    at.button(key="add_path").click()
    return at.run()


def test_no_film_can_be_added_without_filming_consent(data_root):
    FamilyStore().create(make_family())
    at = film_page()
    no_errors(at)
    assert "No filming consent" in at.warning[0].value
    assert not [b for b in at.button if b.label == "Add this film"]


def test_a_bad_file_gets_its_sentence_and_nothing_is_kept(consenting, films):
    at = add_by_path(films["text"])
    assert "not a video the workbench can read" in at.error[0].value
    assert consenting.load("VIG-0001").cycles[0].film is None
    assert not consenting.media_dir("VIG-0001").exists()


def queue_elsewhere(store, films, *codes):
    """Films of other families, queued before ours."""
    for code in codes:
        store.create(make_family(code))
        store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
        staged = film_service.stage_file(store, code, films["landscape"])
        film_service.add(store, code, 1, staged, "Play", date.today())


def test_adding_a_film_shows_its_place_in_the_queue_then_its_preparation(consenting, films, consumers):
    queue_elsewhere(consenting, films, "VIG-0002", "VIG-0003")
    at = add_by_path(films["silent"])
    no_errors(at)
    film = consenting.load("VIG-0001").cycles[0].film
    assert film is not None and film.activity == "Snack time" and film.status is FilmStatus.WAITING
    assert "Waiting its turn: 2 films ahead of yours" in at.get("progress")[0].proto.text
    assert [b for b in at.button if b.label == "Cancel"]
    assert "No film worker is running" in at.warning[0].value  # waiting, and nothing would ever take it
    consumers(workers=1)
    wait_until(lambda: board.consumer_running(consenting.root), "the consumer to say it is running")
    at.run()
    assert not [w for w in at.warning if "No film worker" in w.value]
    # The page follows the queue until the film is ready.
    for _ in range(1200):
        at.run()
        if consenting.load("VIG-0001").cycles[0].film.status is FilmStatus.READY:
            break
        assert "Preparing the film for review" in [s.value for s in at.header]
        time.sleep(0.1)
    at.run()
    no_errors(at)
    assert "Snack time" in " ".join(m.value for m in at.markdown)


def test_a_waiting_film_can_be_cancelled_from_the_page(consenting, films):
    at = add_by_path(films["silent"])
    assert "Waiting to start" in at.get("progress")[0].proto.text
    widget(at, "button", "Cancel").click()
    at.run()
    assert not at.exception
    assert consenting.load("VIG-0001").cycles[0].film is None
    assert "cancelled" in at.error[0].value
    assert not consenting.media_dir("VIG-0001").exists() or not any(consenting.media_dir("VIG-0001").rglob("*.mp4"))


def test_a_film_that_failed_says_why_and_can_be_tried_again(consenting, films):
    at = add_by_path(films["silent"])
    consenting.update("VIG-0001", lambda f: (setattr(f.cycles[0].film, "status", FilmStatus.FAILED),
                                            setattr(f.cycles[0].film, "problem", "The disk was full.")))
    at.run()
    assert "The disk was full" in at.error[0].value and "silent" in at.error[0].value
    widget(at, "button", "Try again").click()
    at.run()
    no_errors(at)
    assert consenting.load("VIG-0001").cycles[0].film.status is FilmStatus.WAITING
    assert "Waiting to start" in at.get("progress")[0].proto.text


def test_a_ready_film_shows_its_facts_and_a_player(consenting, films):
    ingest_film(consenting, "VIG-0001", films["phone"])
    at = film_page()
    no_errors(at)
    facts = " ".join(m.value for m in at.markdown)
    assert "720×1280 portrait, turned upright" in facts and "hevc" in facts and "Original kept" in facts
    assert any('<video id="film-proxy"' in h.proto.body for h in at.get("html"))
    assert sum('class="vig-picture"' in h.proto.body for h in at.get("html")) == 2  # a picture every 2 s


def test_a_failed_preparation_is_explained_and_can_be_dismissed(consenting):
    consenting.update("VIG-0001", lambda f: setattr(f.cycles[0], "film_problem", "film.mp4: it was cancelled."))
    at = film_page()
    assert "it was cancelled" in at.error[0].value
    widget(at, "button", "Dismiss").click()
    at.run()
    assert consenting.load("VIG-0001").cycles[0].film_problem == ""
    assert not at.error
    assert film_service.inbox_films(consenting.root, "ada") == []


def test_the_family_can_choose_not_to_keep_originals(consenting):
    at = film_page()
    toggle = widget(at, "toggle", "Keep the original film after the review copy is made")
    assert toggle.value is True
    toggle.set_value(False)
    at.run()
    no_errors(at)
    assert consenting.load("VIG-0001").keep_originals is False


def test_the_clips_show_as_captions_on_the_film(consenting, films):
    from workbench.cycle import analysis

    ingest_film(consenting, "VIG-0001", films["silent"])
    consenting.update("VIG-0001", lambda f: analysis.add_clip(f, 1, 500, 1500, ["guiding"]))
    at = film_page()
    no_errors(at)
    (player,) = [h.proto.body for h in at.get("html") if 'id="film-proxy"' in h.proto.body]
    assert '<track kind="subtitles" label="Clips"' in player
    film = consenting.load("VIG-0001").cycles[0].film
    chapters = consenting.media_dir("VIG-0001") / film.id / "chapters.vtt"
    assert "Clip 1: Guiding" in chapters.read_text()
