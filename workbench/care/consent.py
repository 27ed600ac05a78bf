"""Consent: recording it, withdrawing it, and stopping at once what a withdrawal covered."""

from __future__ import annotations

import shutil
from datetime import date

from ..core.errors import InvalidInput
from ..core.store import FamilyStore
from ..core.validation import build
from ..cycle import invitations, uploads
from ..cycle.films import REVIEW_FILM, remove
from ..cycle.summary import SUMMARY_DIR
from ..media.library import FilmFiles
from ..model import Consent, ConsentRole, ConsentScope, Family
from ..supervision.training import remove_training_copies


def add_consent(family: Family, given_by: str, role: ConsentRole | str, given_on: date,
                covers: list[ConsentScope | str]) -> Consent:
    consent = build(Consent, given_by=given_by, role=role, given_on=given_on, covers=covers)
    family.consents = [*family.consents, consent]
    return consent


def withdraw_consent(family: Family, consent_id: str, on: date, note: str = "") -> Consent:
    consent = family.consent(consent_id)
    if consent.withdrawn_on is not None:
        raise InvalidInput(f"This consent was already withdrawn on {consent.withdrawn_on:%d %B %Y}.")
    updated = build(Consent, **{**consent.model_dump(), "withdrawn_on": on, "withdrawal_note": note})
    family.consents = [updated if c.id == consent_id else c for c in family.consents]
    return updated


def withdraw(store: FamilyStore, code: str, consent_id: str, on: date, note: str = "") -> list[ConsentScope]:
    """Withdraw one consent; returns what is no longer covered by any consent in force today.

    What that covered stops here, not at the next page: copies made for the
    carer (review reels, side-by-side films, exported clips, summaries with
    stills) are deleted as soon as no consent to copies remains, and the
    shared-review films made for supervision (with their coding) as soon as no
    consent to them remains, and the blurred copies for training as soon as no
    consent to use in training remains, and films still being uploaded under it at once. Supervisor viewing
    and filming stop because every check reads consent afresh.
    """
    def change(family: Family) -> list[ConsentScope]:
        before = set(family.consented_scopes())
        withdraw_consent(family, consent_id, on, note)
        return [scope for scope in ConsentScope if scope in before and not family.has_consent(scope)]

    lost = store.update(code, change)
    if ConsentScope.CARER_COPIES in lost:
        remove_carer_copies(store, code)
    if ConsentScope.TRAINING in lost:
        remove_training_copies(store, code)
    uploads.drop_for(store, code, lost)  # a film on its way under a consent now gone
    if ConsentScope.REMOTE_REVIEW in lost:  # a carer watching at home sees the end at their next request
        invitations.end_all(store, code, "consent withdrawn")
    if ConsentScope.REVIEW_FILMING in lost:
        for cycle in store.load(code).cycles:
            if cycle.review_film is not None:
                remove(store, code, cycle.number, REVIEW_FILM)
    return lost


def remove_carer_copies(store: FamilyStore, code: str) -> None:
    """Delete every copy made to give away; the films and the records stay, and summaries can be made again."""
    family = store.load(code)
    for cycle in family.cycles:
        if cycle.film is not None:
            files = FilmFiles.of(store, code, cycle.film.id)
            for folder in (files.exports, files.clips):  # exported clips are cut to be put into copies
                shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(store.family_dir(code) / SUMMARY_DIR, ignore_errors=True)
