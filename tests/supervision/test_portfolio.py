"""The supervision portfolio: its sections, codes and never names, Word and PDF, audited."""

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.errors import InvalidInput
from workbench.model import Cycle, SharedReview
from workbench.supervision import log as supervision
from workbench.supervision.portfolio import build_portfolio, portfolio_file
from workbench.trust.audit import entries

from ..conftest import make_family
from ..pages.helpers import account


@pytest.fixture
def record(data_root):
    ada, sue = account("ada"), account("sue")
    FamilyStore().create(make_family("VIG-0001", cycles=[
        Cycle(number=1, review=SharedReview(held_on=date(2026, 1, 5), written_on=date(2026, 1, 5)))]))
    session = supervision.log_session(sue, "ada", held_on=date(2026, 2, 3), minutes=90, stage=1,
                                      families=["VIG-0001"], notes="We looked at VIG-0001's second review.",
                                      actions="Wait longer.")
    supervision.reflect(ada, session.id, "I filled the silences.")
    supervision.write_statement(ada, "Attunement starts with me.")
    return ada, sue


def test_the_portfolio_holds_the_standing_the_sessions_and_the_statement(record):
    ada, _ = record
    text = build_portfolio(ada, "ada").text()
    for expected in ("VIG supervision record: Dr Ada Patel", "Working towards stage 1", "VIG-0001",
                     "3 February 2026", "We looked at VIG-0001's second review.", "I filled the silences.",
                     "Attunement starts with me.", "1 session, 1.5 hours in all."):
        assert expected in text, expected
    assert "Sam" not in text and "Jo Smith" not in text


def test_word_and_pdf_read_back_and_each_export_is_audited(record, data_root):
    _, sue = record
    words = " ".join(p.text for p in Document(io.BytesIO(portfolio_file(sue, "ada", "docx"))).paragraphs)
    pages = PdfReader(io.BytesIO(portfolio_file(sue, "ada", "pdf"))).pages
    pdf = " ".join(" ".join(p.extract_text().split()) for p in pages)
    for text in (words, pdf):
        assert "Attunement starts with me." in text and "Wait longer." in text
    assert sorted((e.who, e.detail) for e in entries(data_root, what="export")) == [
        ("sue", "supervision record of ada (docx)"), ("sue", "supervision record of ada (pdf)")]
    assert not list((data_root / "supervision").glob(".portfolio-*"))  # nothing of it left on disk


def test_a_name_never_gets_into_the_record(record):
    ada, sue = record
    # Sue may see VIG-0002 (its carers consent): naming its child is refused, with the name.
    family = make_family("VIG-0002", child={"name": "Zoë-May", "year_of_birth": 2019})
    add_consent(family, "Jo Smith", "foster carer", date.today(), ["viewing by a VIG supervisor"])
    FamilyStore().create(family)
    with pytest.raises(InvalidInput, match=r"\(May, Zoe\).*family codes only"):
        supervision.log_session(sue, "ada", held_on=date(2026, 2, 4), minutes=60, stage=1, families=[],
                                notes="Zoe and MAY were tired.", actions="")
    # VIG-0001 is closed to her: nothing tells her its child's name, and the record takes it out.
    supervision.log_session(sue, "ada", held_on=date(2026, 2, 4), minutes=60, stage=1, families=[],
                            notes="Sam was tired.", actions="")
    session = supervision.read_log(ada, "ada").sessions[0]
    with pytest.raises(InvalidInput, match=r"\(Jo, Smith\).*family codes only"):
        supervision.reflect(ada, session.id, "Jo Smith did well.")
    with pytest.raises(InvalidInput, match="family codes only"):
        supervision.write_statement(ada, "With Sam I learnt to wait.")
    assert supervision.read_log(ada, "ada").statement == "Attunement starts with me."
    text = build_portfolio(sue, "ada").text()
    assert "Sam" not in text and "[name] was tired." in text
    assert "1 name of children or carers written in the notes was taken out" in text


def test_the_agreement_over_time_comes_from_both_codings_of_each_shared_review_film(record):
    from workbench.model import Clip, Coding

    from .test_coding import review_film

    ada, _ = record
    both = [Coding(coder="ada", ready=True, clips=[Clip(start_ms=0, end_ms=4000, tags=["attentive"])]),
            Coding(coder="sue", ready=True, clips=[Clip(start_ms=2000, end_ms=6000, tags=["attentive"])])]
    FamilyStore().create(make_family("VIG-0002", cycles=[Cycle(number=1, review_film=review_film(10_000),
                                                               codings=both)]))
    FamilyStore().create(make_family("VIG-0003", cycles=[Cycle(number=1, review_film=review_film(10_000),
                                                               codings=both[:1])]))  # the supervisor not yet
    text = build_portfolio(ada, "ada").text()
    # 0-4 s against 2-6 s of a 10 s film, in 1 s steps: kappa 1/6 (see test_agreement); overlap 2 of 6 s.
    assert f"{date.today().day} {date.today():%B %Y} VIG-0002 1 Sue Grant 33% 0.17 (slight)" in text
    assert "VIG-0003" not in text.split("Agreement with the supervisor")[1].split("Supervision sessions")[0]
