"""The shared-review film: its own consent, prepared like the cycle's film, withdrawn and erased with its coding."""

from datetime import date

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from workbench import FamilyStore
from workbench.care.consent import add_consent, withdraw
from workbench.core.errors import InvalidInput
from workbench.cycle import films as service
from workbench.media.library import FilmFiles
from workbench.media.preparing import prepare_film
from workbench.media.staging import stage_file
from workbench.supervision import coding
from workbench.trust import links
from workbench.ui import media

from ..conftest import make_family
from ..pages.helpers import account

VIEWING = ["filming", "storing the films", "viewing by a VIG supervisor"]
REVIEW = "filming the shared review for supervision"


def family_with(store: FamilyStore, scopes: list[str]) -> None:
    family = make_family()
    add_consent(family, "Jo Smith", "foster carer", date.today(), scopes)
    store.create(family)


def add_review_film(store: FamilyStore, path) -> str:
    staged = stage_file(store, "VIG-0001", path)
    film = service.record(store, "VIG-0001", 1, staged, "Our second shared review", date.today(), service.REVIEW_FILM)
    prepare_film(store, "VIG-0001", 1, film.id)
    return film.id


def test_it_needs_its_own_consent_and_is_prepared_beside_the_cycles_film(data_root, films):
    store = FamilyStore()
    family_with(store, VIEWING)
    with pytest.raises(InvalidInput, match="filming the shared review for supervision"):
        service.record(store, "VIG-0001", 1, stage_file(store, "VIG-0001", films["landscape"]), "Review",
                     date.today(), service.REVIEW_FILM)
    store.update("VIG-0001", lambda f: add_consent(f, "Jo Smith", "foster carer", date.today(), [REVIEW]))
    film_id = add_review_film(store, films["landscape"])
    family = store.load("VIG-0001")
    cycle = family.cycles[0]
    assert cycle.film is None and cycle.review_film.id == film_id and cycle.review_film.ready
    ready = service.ready_film(store, family, 1, service.REVIEW_FILM)
    assert ready.files.proxy.is_file() and ready.proxy.duration_ms > 5000
    with pytest.raises(InvalidInput, match="already has a shared-review film"):
        service.record(store, "VIG-0001", 1, stage_file(store, "VIG-0001", films["landscape"]), "Again",
                     date.today(), service.REVIEW_FILM)


def test_withdrawing_its_consent_deletes_the_film_and_every_coding(data_root, films):
    store = FamilyStore()
    family_with(store, [*VIEWING, REVIEW])
    film_id = add_review_film(store, films["landscape"])
    coding.add(store, "VIG-0001", account("ada"), 1, 1_000, 2_000)
    consent = store.load("VIG-0001").consents[0]
    lost = withdraw(store, "VIG-0001", consent.id, date.today())
    assert REVIEW in [scope.value for scope in lost]
    cycle = store.load("VIG-0001").cycles[0]
    assert cycle.review_film is None and cycle.codings == []
    assert not FilmFiles.of(store, "VIG-0001", film_id).folder.exists()


def test_a_supervisor_gets_its_files_only_while_both_consents_stand(data_root, films):
    store = FamilyStore()
    family_with(store, [*VIEWING, REVIEW])
    film_id = add_review_film(store, films["landscape"])
    account("ada")
    account("sue")
    proxy = FilmFiles.of(store, "VIG-0001", film_id).proxy
    client = TestClient(Starlette(routes=media.media_routes()))
    links.signed_in("session-sue", "sue")
    try:
        link = f"{media.ROUTE}/{links.token_for(proxy, 'session-sue', 'sue')}/proxy.mp4"
        assert client.get(link, headers={"Range": "bytes=0-9"}).status_code == 206

        def only_viewing(family):
            family.consents = []
            add_consent(family, "Jo Smith", "foster carer", date.today(), VIEWING)

        store.update("VIG-0001", only_viewing)
        assert client.get(link, headers={"Range": "bytes=0-9"}).status_code == 404
    finally:
        links.signed_out("session-sue")


def test_erasing_the_family_takes_the_shared_review_film_and_its_coding(data_root, films):
    from workbench.care.retention import erase_family

    store = FamilyStore()
    family_with(store, [*VIEWING, REVIEW])
    film_id = add_review_film(store, films["landscape"])
    coding.add(store, "VIG-0001", account("ada"), 1, 1_000, 2_000)
    folder = FilmFiles.of(store, "VIG-0001", film_id).folder
    assert folder.exists()
    erase_family(store, "VIG-0001")
    assert not folder.exists() and not store.family_dir("VIG-0001").exists()
