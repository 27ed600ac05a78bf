"""Finding 27.8: the names filter on supervision notes is not got round by case, invisible characters, look-alike
letters or an underscore; and the record made from the notes takes every such name out."""

from __future__ import annotations

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.errors import InvalidInput
from workbench.supervision import log as supervision
from workbench.trust.pseudonyms import names_in, redact

from ..conftest import make_family
from ..pages.helpers import account

DISGUISED = ["robin", "Rob\u200bin", "R\u043ebin", "Robin_", "kim", "ROBIN", "Ｒｏｂｉｎ", "Rob\u00adin",
             "Ro\u0301bin", "Robin's", "(Robin)", "Robin2"]


@pytest.fixture
def people(data_root):
    people = {name: account(name) for name in ("ada", "sue", "max")}
    store = FamilyStore()
    store.create(make_family("VIG-0001", child={"name": "Robin", "year_of_birth": 2019},
                             carers=[{"name": "Kim Lee", "role": "foster carer"}]))
    # Sue may see the family, so a refusal may name what she wrote (for others the record takes it out unsaid).
    store.update("VIG-0001", lambda f: add_consent(f, "Kim", "foster carer", date.today(),
                                                   ["viewing by a VIG supervisor"]))
    return people


@pytest.mark.parametrize("written", DISGUISED)
def test_a_disguised_name_in_the_notes_is_refused(people, written):
    with pytest.raises(InvalidInput, match="family codes only"):
        supervision.log_session(people["sue"], "ada", held_on=date(2026, 3, 2), minutes=60, stage=1,
                                families=["VIG-0001"], notes=f"VIG-0001: {written} looked up and smiled.",
                                actions="")


def test_every_disguise_is_taken_out_of_the_record_and_the_rest_left_as_written():
    names = names_in([make_family("VIG-0001", child={"name": "Robin", "year_of_birth": 2019},
                                  carers=[{"name": "Kim Lee", "role": "foster carer"}])])
    text = " · ".join(DISGUISED) + " · Robin again, and VIG-0001 laughed; the robins sang."
    cleaned, count = redact(text, names)
    assert count == len(DISGUISED) + 1
    assert "obin" not in cleaned.replace("robins", "") and "kim" not in cleaned.lower()
    assert cleaned.endswith("again, and VIG-0001 laughed; the robins sang.")
