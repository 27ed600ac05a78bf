"""Finding 27.3: a guider's archive carries the supervisor's coding only once the guider's own is ready too.

The comparison opens when both layers are ready; an archive is no way round that (a trainee could copy the
supervisor's layer into their own and inflate the agreement)."""

from __future__ import annotations

import json
import zipfile

from workbench import FamilyStore
from workbench.care.archive import export_family
from workbench.model import Clip, Coding

from ..conftest import make_family


def _coders(archive) -> list[str]:
    with zipfile.ZipFile(archive) as opened:
        cycles = json.loads(opened.read("family/family.json"))["cycles"]
    return [c["coder"] for cycle in cycles.values() for c in cycle["codings"]]


def _layers(store: FamilyStore, ada_ready: bool, sue_ready: bool) -> None:
    def put(family):
        family.cycle(1).codings = [
            Coding(coder="ada", ready=ada_ready, clips=[Clip(start_ms=0, end_ms=4000, tags=["attentive"])]),
            Coding(coder="sue", ready=sue_ready, clips=[Clip(start_ms=2000, end_ms=6000, tags=["attentive"])])]
    store.update("VIG-0001", put)


def test_the_supervisors_ready_layer_stays_out_while_the_guiders_own_is_not_ready(data_root, tmp_path):
    store = FamilyStore()
    store.create(make_family("VIG-0001"))
    _layers(store, ada_ready=False, sue_ready=True)
    assert _coders(export_family(store, "VIG-0001", tmp_path / "early.zip")) == ["ada"]
    _layers(store, ada_ready=True, sue_ready=False)
    assert _coders(export_family(store, "VIG-0001", tmp_path / "mine.zip")) == ["ada"]
    _layers(store, ada_ready=True, sue_ready=True)
    assert _coders(export_family(store, "VIG-0001", tmp_path / "both.zip")) == ["ada", "sue"]
