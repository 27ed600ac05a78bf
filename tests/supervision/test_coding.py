"""Coding the shared-review film for supervision: own layers, hidden until both are ready, then compared."""

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.errors import InvalidInput
from workbench.model import Cycle, Film, FilmFacts, FilmStatus, ProxyFacts
from workbench.supervision import coding
from workbench.trust.access import AccessDenied

from ..conftest import make_family
from ..pages.helpers import account

SCOPES = ["filming", "storing the films", "viewing by a VIG supervisor", "filming the shared review for supervision"]


def review_film(duration_ms: int = 60_000) -> Film:
    return Film(activity="Shared review", filmed_on=date.today(), status=FilmStatus.READY,
                facts=FilmFacts(duration_ms=duration_ms, width=1280, height=720, fps=25, video_codec="h264",
                                size_bytes=1),
                proxy=ProxyFacts(width=1280, height=720, fps=25, duration_ms=duration_ms, has_audio=True,
                                 thumbnail_every_ms=2000, thumbnails=30, size_bytes=1))


@pytest.fixture
def filmed(data_root):
    ada, sue, ben = account("ada"), account("sue"), account("ben")
    store = FamilyStore()
    family = make_family(cycles=[Cycle(number=1, review_film=review_film())])
    add_consent(family, "Jo Smith", "foster carer", date.today(), SCOPES)
    store.create(family)
    return store, ada, sue, ben


def test_each_coder_has_their_own_layer_and_sees_the_other_only_when_both_are_ready(filmed):
    store, ada, sue, _ = filmed
    mine = coding.add(store, "VIG-0001", ada, 1, 2_000, 6_000)
    assert (mine.start_ms, mine.end_ms) == (2_000, 6_000)
    coding.tag(store, "VIG-0001", ada, 1, mine.id, ["attentive.looking_interested"])
    theirs = coding.add(store, "VIG-0001", sue, 1, 3_000, 7_000)
    coding.tag(store, "VIG-0001", sue, 1, theirs.id, ["attentive"])
    family = store.load("VIG-0001")
    assert [c.id for c in coding.own_layer(family, 1, ada).clips] == [mine.id]
    assert [c.id for c in coding.own_layer(family, 1, sue).clips] == [theirs.id]

    coding.mark_ready(store, "VIG-0001", ada, 1)
    family = store.load("VIG-0001")
    assert coding.comparisons(family, 1, ada) == []  # the supervisor is not ready yet
    assert coding.others_ready(family, 1, sue) == ["ada"] and coding.comparisons(family, 1, sue) == []
    with pytest.raises(InvalidInput, match="fixed"):
        coding.add(store, "VIG-0001", ada, 1, 10_000, 12_000)

    coding.mark_ready(store, "VIG-0001", sue, 1)
    (mine_layer, other, result), = coding.comparisons(store.load("VIG-0001"), 1, ada)
    assert (mine_layer.coder, other.coder) == ("ada", "sue")
    attentive = next(p for p in result.principles if p.principle == "attentive")
    assert attentive.bins_first == 4 and attentive.bins_second == 4 and 0 < attentive.kappa < 1


def test_a_coding_is_ready_only_when_every_moment_is_tagged(filmed):
    store, ada, _, _ = filmed
    with pytest.raises(InvalidInput, match="at least one moment"):
        coding.mark_ready(store, "VIG-0001", ada, 1)
    coding.add(store, "VIG-0001", ada, 1, 1_000, 2_000)
    with pytest.raises(InvalidInput, match="Tag every moment"):
        coding.mark_ready(store, "VIG-0001", ada, 1)
    with pytest.raises(InvalidInput, match="ends after the film"):
        coding.add(store, "VIG-0001", ada, 1, 59_000, 65_000)


def test_without_both_consents_the_supervisor_cannot_code_and_another_guider_never(filmed):
    store, ada, sue, ben = filmed
    with pytest.raises(AccessDenied):
        coding.add(store, "VIG-0001", ben, 1, 1_000, 2_000)

    def only_viewing(family):
        family.consents = []
        add_consent(family, "Jo Smith", "foster carer", date.today(), SCOPES[:3])

    store.update("VIG-0001", only_viewing)
    with pytest.raises(AccessDenied):
        coding.add(store, "VIG-0001", sue, 1, 1_000, 2_000)
    with pytest.raises(AccessDenied):
        coding.own_layer(store.load("VIG-0001"), 1, sue)
    coding.add(store, "VIG-0001", ada, 1, 1_000, 2_000)  # the guider still codes their own review
    assert [c.coder for c in store.load("VIG-0001").cycles[0].codings] == ["ada"]


def test_the_familys_archive_never_carries_a_coding_before_the_comparison_shows_it(filmed, tmp_path):
    import json
    import zipfile

    from workbench.care.archive import export_family, import_family

    store, ada, sue, _ = filmed
    for who in (ada, sue):
        clip = coding.add(store, "VIG-0001", who, 1, 1_000, 3_000)
        coding.tag(store, "VIG-0001", who, 1, clip.id, ["attentive"])

    def coders_in(archive) -> list[str]:
        with zipfile.ZipFile(archive) as opened:
            cycles = json.loads(opened.read("family/family.json"))["cycles"]
        return [c["coder"] for cycle in cycles.values() for c in cycle["codings"]]

    assert coders_in(export_family(store, "VIG-0001", tmp_path / "early.zip")) == ["ada"]  # the guider's own only
    coding.mark_ready(store, "VIG-0001", sue, 1)
    assert coders_in(export_family(store, "VIG-0001", tmp_path / "hers.zip")) == ["ada"]  # only once both are
    coding.mark_ready(store, "VIG-0001", ada, 1)
    made = export_family(store, "VIG-0001", tmp_path / "ready.zip")
    assert coders_in(made) == ["ada", "sue"]
    elsewhere = FamilyStore(tmp_path / "other")
    import_family(elsewhere, made)  # the manifest's checksums match what the archive carries
    assert [c.coder for c in elsewhere.load("VIG-0001").cycles[0].codings] == ["ada", "sue"]
