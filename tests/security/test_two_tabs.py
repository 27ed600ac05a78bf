"""Finding 27.11: two windows on one clip each send what they changed, not a whole list, so neither drops the
other's tag."""

from __future__ import annotations

from workbench import FamilyStore
from workbench.ui import pages

from ..films import family_with_film
from ..pages.helpers import app, no_errors, submit, widget


def _analysis(clip_id: str | None = None):
    at = app({"family": "VIG-0001"})
    if clip_id:
        at.session_state["selected_VIG-0001_1"] = clip_id  # the clip picked on the filmstrip
    at.switch_page(pages.ANALYSIS.path)
    return at.run()


def _open_clip(at):
    widget(at, "text_input", "Start").input("0:00.500")
    widget(at, "text_input", "End").input("0:02")
    return submit(at, "Save clip")


def test_a_stale_window_adding_a_tag_keeps_the_tag_another_window_added(data_root, films):
    store = FamilyStore()
    family_with_film(store, films["landscape"])
    first = _open_clip(_analysis())
    widget(first, "button_group", "1. Being attentive").set_value(["attentive"])
    first.run()
    second = _analysis(store.load("VIG-0001").cycles[0].clips[0].id)  # another tab, opened now: one tag
    assert widget(second, "button_group", "1. Being attentive").value == ["attentive"]
    widget(second, "button_group", "5. Guiding").set_value(["guiding.scaffolding"])
    second.run()
    no_errors(second)
    # The first tab has not seen that: it adds a tag of its own, and takes none away.
    widget(first, "button_group", "2. Encouraging initiatives").set_value(["encouraging"])
    first.run()
    no_errors(first)
    tags = store.load("VIG-0001").cycles[0].clips[0].tags
    assert sorted(tags) == ["attentive", "encouraging", "guiding.scaffolding"]
    assert widget(first, "button_group", "5. Guiding").value == ["guiding.scaffolding"]  # now shown there too
    widget(first, "button_group", "1. Being attentive").set_value([])  # a removal is sent as one
    first.run()
    assert sorted(store.load("VIG-0001").cycles[0].clips[0].tags) == ["encouraging", "guiding.scaffolding"]
