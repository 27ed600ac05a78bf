"""The Supervision film page: consent first, each coder's own layer, and the comparison once both are ready."""

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.cycle import films as service
from workbench.media.preparing import prepare_film
from workbench.media.staging import stage_file
from workbench.supervision import coding
from workbench.ui import pages

from ..conftest import make_family
from .helpers import account, app, no_errors

PAGE = pages.REVIEW_FILM.path
VIEWING = ["filming", "storing the films", "viewing by a VIG supervisor"]
REVIEW = "filming the shared review for supervision"


def review_film_page(as_user: str = "ada"):
    at = app({"family": "VIG-0001"}, as_user=as_user)
    at.switch_page(PAGE)
    return at.run()


def texts(at) -> str:
    return " ".join(str(e.value) for kind in ("info", "warning", "caption", "header", "subheader", "markdown")
                    for e in at.get(kind))


@pytest.fixture
def filmed(data_root, films):
    store = FamilyStore()
    family = make_family()
    add_consent(family, "Jo Smith", "foster carer", date.today(), [*VIEWING, REVIEW])
    store.create(family)
    film = service.record(store, "VIG-0001", 1, stage_file(store, "VIG-0001", films["landscape"]), "Our review",
                          date.today(), service.REVIEW_FILM)
    prepare_film(store, "VIG-0001", 1, film.id)
    account("sue")
    return store


def test_without_its_consent_the_guider_is_sent_to_record_it(data_root):
    family = make_family()
    add_consent(family, "Jo Smith", "foster carer", date.today(), VIEWING)
    FamilyStore().create(family)
    at = review_film_page()
    no_errors(at)
    assert "No consent to filming the shared review for supervision" in texts(at)
    at = review_film_page("sue")
    assert "only while the carers consent" in texts(at) and not at.get("button_group")


def test_each_codes_apart_and_the_comparison_shows_once_both_are_ready(filmed):
    store = filmed
    at = review_film_page()
    no_errors(at)
    assert "Your coding (0)" in texts(at) and "beside" not in texts(at)
    ada, sue = account("ada"), account("sue")
    for who, start in ((ada, 1000), (sue, 1500)):
        clip = coding.add(store, "VIG-0001", who, 1, start, start + 3000)
        coding.tag(store, "VIG-0001", who, 1, clip.id, ["attentive"])
    at = review_film_page("sue")
    no_errors(at)
    assert "Your coding (1)" in texts(at) and "beside" not in texts(at)
    coding.mark_ready(store, "VIG-0001", ada, 1)
    coding.mark_ready(store, "VIG-0001", sue, 1)
    at = review_film_page("sue")
    no_errors(at)
    assert "Your coding beside Dr Ada Patel's" in texts(at)
    table = at.dataframe[0].value
    # 1-4 s against 1.5-4.5 s of a 6 s film: steps 1-3 against 1-4, so 5 of 6 agree; chance 0.5; kappa 0.67.
    assert list(table.loc[0, ["Principle", "Kappa", "Agreement"]]) == ["1. Being attentive", "0.67", "substantial"]
