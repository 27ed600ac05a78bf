import pytest

from workbench import FamilyStore
from workbench.cycle.analysis import chosen
from workbench.ui import pages

from ..conftest import make_family
from ..films import family_with_film
from .helpers import app, no_errors, shown, submit, widget

PAGE = pages.ANALYSIS.path


def analysis_page():
    at = app({"family": "VIG-0001"})
    at.switch_page(PAGE)
    return at.run()


@pytest.fixture
def with_film(data_root, films):
    store = FamilyStore()
    family_with_film(store, films["landscape"])
    return store


def typed_clip(at, start: str, end: str):
    widget(at, "text_input", "Start").input(start)
    widget(at, "text_input", "End").input(end)
    return submit(at, "Save clip")


def test_without_a_ready_film_the_page_says_where_to_go(data_root):
    FamilyStore().create(make_family())
    at = analysis_page()
    no_errors(at)
    assert "no film yet" in at.info[0].value


def test_create_tag_note_choose_reorder_delete_and_undo(with_film):
    store = with_film
    at = analysis_page()
    no_errors(at)
    assert "No clips yet" in at.info[0].value

    at = typed_clip(at, "0:00.500", "0:02")
    no_errors(at)
    # A clip without a principle yet: a sentence, never an empty chart with a bare "0.000000" axis.
    assert any("No clip has a principle yet" in i.value for i in at.info) and not at.get("vega_lite_chart")
    first = store.load("VIG-0001").cycles[0].clips[0]
    assert (first.start_ms, first.end_ms) == (500, 2000)
    assert at.header[1].value == "Clip 00:00.500–00:02.000"  # the new clip is open in the editor

    widget(at, "button_group", "1. Being attentive").set_value(["attentive"])  # a chip per tag, grouped
    widget(at, "button_group", "5. Guiding").set_value(["guiding.scaffolding"])
    at.run()
    no_errors(at)
    assert store.load("VIG-0001").cycles[0].clips[0].tags == ["attentive", "guiding.scaffolding"]
    assert at.get("vega_lite_chart") and not any("No clip has a principle" in i.value for i in at.info)
    widget(at, "text_area", "Note (only you see this)").input("He looks up; she names it.")
    at.run()
    assert store.load("VIG-0001").cycles[0].clips[0].note == "He looks up; she names it."
    assert widget(at, "checkbox", "For the shared review (#1 of 1)").value  # a new clip is for the review
    assert chosen(store.load("VIG-0001").cycles[0])[0].id == first.id

    at = typed_clip(at, "0:03", "0:05.250")
    second = next(c for c in store.load("VIG-0001").cycles[0].clips if c.start_ms == 3000)
    assert widget(at, "checkbox", "For the shared review (#2 of 2)").value  # in film time: after the first
    widget(at, "button", "Earlier").click()
    at.run()
    no_errors(at)
    assert [c.id for c in chosen(store.load("VIG-0001").cycles[0])] == [second.id, first.id]

    widget(at, "button", "+1 frame").click()  # the start, one frame later
    at.run()
    moved = next(c for c in store.load("VIG-0001").cycles[0].clips if c.id == second.id)
    assert moved.start_ms * 30 // 1000 == 91

    widget(at, "button", "Delete").click()
    at.run()
    assert [c.id for c in store.load("VIG-0001").cycles[0].clips] == [first.id]
    widget(at, "button", "Undo").click()
    at.run()
    no_errors(at)
    restored = store.load("VIG-0001").cycles[0]
    assert {c.id for c in restored.clips} == {first.id, second.id}
    assert [c.id for c in chosen(restored)] == [first.id, second.id]  # the restored clip goes last

    assert "What this film shows" in [s.value for s in at.header]
    table = at.dataframe[0].value
    assert list(table["Principles"]) == ["1, 5", "—"]  # numbers fit the column; the editor names them


def test_wrong_times_are_explained_and_nothing_saved(with_film):
    at = typed_clip(analysis_page(), "0:03", "0:01")
    assert "end must come after its start" in shown(at.error[0].value)
    at = typed_clip(at, "soon", "0:01")
    assert "is not a time" in shown(at.error[0].value)
    at = typed_clip(at, "0:01", "0:01.2")
    assert "at least 0.5 s" in shown(at.error[0].value)
    at = typed_clip(at, "0:01", "0:09")
    assert "ends after the film does" in shown(at.error[0].value)
    assert with_film.load("VIG-0001").cycles[0].clips == []


def test_overlapping_clips_are_flagged(with_film):
    at = typed_clip(analysis_page(), "0:01", "0:03")
    at = typed_clip(at, "0:02", "0:04")
    no_errors(at)
    assert any("overlap" in c.value for c in at.caption)


def test_a_film_being_prepared_is_marked_on_its_first_look_or_the_page_says_why_it_waits(data_root, films):
    """Issue 30 part 1: while the review copy is made, clips are typed and saved on the first look, with the
    copy's progress over the player and no pictures it cannot make yet; an HEVC film says why it waits."""
    from datetime import date

    from workbench.care.consent import add_consent
    from workbench.cycle import films as film_service
    from workbench.media.preparing import offer_first_look

    store = FamilyStore()
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    film = film_service.record(store, "VIG-0001", 1, film_service.stage_file(store, "VIG-0001", films["landscape"]),
                               "Lego", date.today())
    offer_first_look(store, "VIG-0001", 1, film.id)
    at = analysis_page()
    no_errors(at)
    assert any("Mark and tag clips now" in c.value for c in at.caption)
    at = typed_clip(at, "0:01.000", "0:02.500")
    no_errors(at)
    (clip,) = store.load("VIG-0001").cycles[0].clips
    assert (clip.start_ms, clip.end_ms) == (1000, 2500)
    assert any("once the review copy is ready" in i.value for i in at.info)  # no stills from a copy not made yet

    film_service.remove(store, "VIG-0001", 1)
    film_service.record(store, "VIG-0001", 1, film_service.stage_file(store, "VIG-0001", films["phone"]), "Bath",
                        date.today())
    at = analysis_page()
    no_errors(at)
    assert "HEVC (H.265)" in at.info[0].value and "review copy is ready" in at.info[0].value
