from datetime import date

import pytest

from workbench.care.consent import add_consent, withdraw
from workbench.core.errors import InvalidInput
from workbench.cycle import reels
from workbench.cycle.films import record as add_film
from workbench.cycle.summary import build_summary, summary_folder
from workbench.cycle.word import write_docx
from workbench.media import clips
from workbench.media.library import ready_film
from workbench.media.staging import stage_file
from workbench.model import ConsentScope, Cycle

from ..films import files_under, full_intervention


def test_withdrawing_copies_deletes_the_copies_at_once_and_keeps_the_films(store, films):
    full_intervention(store, "VIG-0001", films["silent"], cycles=1, clips_per_cycle=2)
    family = store.load("VIG-0001")
    film = ready_film(store, family, 1)
    exported = clips.export(film.files, film.proxy, 0, 600)
    summary = write_docx(build_summary(store, "VIG-0001"), summary_folder(store, "VIG-0001") / "summary.docx")
    assert exported.exists() and summary.exists()

    consent = family.consents[0]
    lost = withdraw(store, "VIG-0001", consent.id, date.today(), "The carer asked.")

    assert set(lost) == {ConsentScope.FILMING, ConsentScope.STORING, ConsentScope.CARER_COPIES}
    assert not exported.exists() and not summary.exists() and not files_under(film.files.exports)
    assert film.files.proxy.exists()  # erasing the films is offered, not done behind the guider's back
    with pytest.raises(InvalidInput, match="consent to copies"):
        reels.review_reel(store, "VIG-0001", 1)
    store.update("VIG-0001", lambda f: f.cycles.append(Cycle(number=2)))
    with pytest.raises(InvalidInput, match="[Ff]ilming consent"):
        add_film(store, "VIG-0001", 2, stage_file(store, "VIG-0001", films["silent"]), "Play", date.today())


def test_a_withdrawal_still_covered_by_another_consent_stops_nothing(store, films):
    full_intervention(store, "VIG-0001", films["silent"], cycles=1, clips_per_cycle=1)
    store.update("VIG-0001", lambda f: add_consent(f, "Kay Lee", "social worker", date.today(),
                                                     ["copies for the carer"]))
    film = ready_film(store, store.load("VIG-0001"), 1)
    exported = clips.export(film.files, film.proxy, 0, 600)
    first = store.load("VIG-0001").consents[0]
    assert withdraw(store, "VIG-0001", first.id, date.today()) == [ConsentScope.FILMING, ConsentScope.STORING]
    assert exported.exists()
