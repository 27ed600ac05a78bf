"""Findings 27.6 and 27.7: files planted beside a film (by an altered archive) are refused, never trusted.

A huge or swollen ``looked.json`` is read as damaged (and looked for again), never parsed at length; an archive
that carries training material (a face plan and a raw film under a blurred copy's name) is refused outright.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import zipfile
from datetime import date

import pytest

from workbench.care.archive import ArchiveRefused, download_path, export_family, import_family
from workbench.care.consent import add_consent
from workbench.cycle import suggestions
from workbench.cycle.blocks import Card
from workbench.cycle.summary import LETTER_SAVED, saved_summary, summary_folder
from workbench.media.library import FilmFiles
from workbench.moments import look

from ..conftest import make_family
from ..films import family_with_film


def _added(archive, target, extra: dict[str, bytes]):
    """The archive with ``extra`` members added, listed in its manifest as a careful attacker would."""
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read("manifest.json"))
        members = {i.filename: source.read(i) for i in source.infolist() if i.filename != "manifest.json"}
    members.update(extra)
    manifest["files"] = [{"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                         for name, data in members.items()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            out.writestr(name, data)
    return target


def _film_member(archive) -> str:
    with zipfile.ZipFile(archive) as source:
        proxy = next(n for n in source.namelist() if n.endswith("/proxy.mp4"))
    return proxy.removesuffix("proxy.mp4")


def test_a_million_speech_turns_are_read_as_damaged_and_looked_for_again(store, films):
    family_with_film(store, films["landscape"])
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["storing the films"]))
    family = store.load("VIG-0001")
    files = FilmFiles.of(store, "VIG-0001", family.cycle(1).film.id)
    turns = [[0, 1, 0, "a"]] * 1_000_000
    files.looked.write_text(json.dumps({"format": look.FORMAT, "fps": 5, "duration_ms": 6000, "pictures": [],
                                        "speech": turns}, separators=(",", ":")))
    assert files.looked.stat().st_size < look.MAX_BYTES  # small enough to be read: refused by its counts
    assert look.load(files.looked) is None
    found = suggestions.suggestions(store, family, 1)
    assert found.looked is False and found.moments == []
    assert suggestions.queue_look(store, "VIG-0001", 1) is not None  # damaged: looked at again, not left stuck


def test_a_swollen_analysis_file_is_refused_by_its_size_before_a_byte_is_parsed(store, films):
    family_with_film(store, films["landscape"])
    files = FilmFiles.of(store, "VIG-0001", store.load("VIG-0001").cycle(1).film.id)
    with files.looked.open("wb") as planted:  # 71 MB, sparse: costs no disk, would cost a parse
        planted.write(b'{"format": 2, "speech": [')
        planted.truncate(71 * 2**20)
    assert look.load(files.looked) is None


def test_an_archive_carrying_training_material_is_refused(store, films, tmp_path):
    family_with_film(store, films["landscape"])
    archive = export_family(store, "VIG-0001", download_path(store, "VIG-0001"))
    folder = _film_member(archive)
    with zipfile.ZipFile(archive) as source:
        raw = source.read(folder + "proxy.mp4")
    planted = {folder + "training/faces-0-149.json": b'{"format": 2, "first": 0, "last": 149, "fps": 25, '
                                                      b'"tracks": [[1, [[0, 0.1, 0.1, 0.2, 0.2, 0, 0, 0.9]]]]}',
               folder + "training/clip-0-149-clear0-silent-blurred.mp4": raw}
    with pytest.raises(ArchiveRefused, match="training"):
        import_family(store, _added(archive, tmp_path / "planted.zip", planted), rename_to="VIG-0002")
    assert not store.family_dir("VIG-0002").exists()


def test_an_archive_carrying_an_analysis_file_too_large_to_be_one_is_refused(store, films, tmp_path):
    family_with_film(store, films["landscape"])
    archive = export_family(store, "VIG-0001", download_path(store, "VIG-0001"))
    swollen = {_film_member(archive) + "looked.json": secrets.token_hex(look.MAX_BYTES // 2 + 1).encode()}
    with pytest.raises(ArchiveRefused, match="analysis"):
        import_family(store, _added(archive, tmp_path / "swollen.zip", swollen), rename_to="VIG-0002")


@pytest.mark.parametrize("planted", [
    {"kind": "Card", "title": "Moment 1", "caption": "x", "picture": "../../../../etc/passwd"},  # outside the family
    {"kind": "Card", "title": "Moment 1", "caption": "x", "run": "os.system"},  # a field no card has
    {"kind": "Card", "title": {"$ne": 1}, "caption": "x", "words": [["asked"]]},  # not text, not pairs
    {"kind": "Exec", "text": "x"},  # no such block
])
def test_a_planted_letter_is_read_as_not_made_never_trusted(store, planted):
    family_dir = store.family_dir(store.create(make_family()).code)
    (summary_folder(store, "VIG-0001") / LETTER_SAVED).write_text(json.dumps(
        {"title": "Looking back", "blocks": [planted]}))
    assert family_dir.is_dir() and saved_summary(store, "VIG-0001", LETTER_SAVED) is None


def test_a_planted_letters_text_stays_text(store):
    store.create(make_family())
    (summary_folder(store, "VIG-0001") / LETTER_SAVED).write_text(json.dumps({"title": 7, "blocks": [
        {"kind": "Card", "title": 1, "caption": "<script>x</script>", "words": [[2, 3]]}]}))
    (card,) = saved_summary(store, "VIG-0001", LETTER_SAVED).blocks
    assert card == Card("1", "<script>x</script>", words=(("2", "3"),))
