import shutil

from PIL import Image

from workbench import Caseload, FamilyStore
from workbench.care.demo import FILM_SECONDS, create_demo_family
from workbench.care.retention import erase_family
from workbench.cycle.summary import build_summary, summary_folder
from workbench.cycle.word import write_docx
from workbench.media import clips
from workbench.media.library import ready_film
from workbench.media.probe import probe
from workbench.media.synthetic import read_frame_number


def test_the_demo_family_walks_two_whole_cycles_and_is_erasable(data_root, demo_made):
    made, code, steps = demo_made  # made once per run (the accessibility walk uses it too): a copy is ours
    shutil.copytree(made, data_root)
    store = FamilyStore()
    family = store.load(code)

    assert code == "DEMO-0001" and family.is_demo and family.guider_account == "ada"
    assert steps == sorted(steps) and steps[-1] == 1.0
    assert family.helping_question and len(family.goals) == 3
    assert [[r.cycle for r in g.ratings] for g in family.goals] == [[0, 1, 2]] * 3
    assert len(family.cycles) == 2 and family.cycles[-1].is_final and family.final_review
    assert family.cycles[0].started_on == family.created_on < family.cycles[0].film.filmed_on  # the story's order
    for cycle in family.cycles:
        film = ready_film(store, family, cycle.number)
        assert 60 <= FILM_SECONDS <= 90 and abs(probe(film.files.proxy).duration_ms - FILM_SECONDS * 1000) < 500
        assert len(cycle.clips) == 3 and all(c.chosen and c.tags for c in cycle.clips)
        said = {r.clip_id: [a.text for a in r.answers if a.text] for r in cycle.review.reflections}
        assert all(said.get(c.id) for c in cycle.clips)  # the carer's words beside every clip
        assert cycle.review.next_steps and cycle.review.held_on
        # Synthetic: a numbered test pattern, no people. Frame 250 is on screen at 10 s (25 fps).
        assert read_frame_number(Image.open(clips.still(film.files, film.proxy, 10_000))) == 250
    assert [s.is_demo for s in Caseload(store).summaries()] == [True]

    docx = write_docx(build_summary(store, code), summary_folder(store, code) / "summary.docx")
    from docx import Document
    assert "DEMO" in "\n".join(p.text for p in Document(docx).paragraphs)

    assert create_demo_family(store, "ada") == "DEMO-0002"  # another, never over the first
    erase_family(store, code)
    assert store.codes() == ["DEMO-0002"]
