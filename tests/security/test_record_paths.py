"""Finding 27.1: a file name from a record, an archive or a request is a bare name, resolved only inside the
family's own media folder. A restored record naming another file (another guider's inbox film, another family's
original) is refused outright, naming the field, and nothing of the server's other files is touched."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from pydantic import ValidationError

from workbench.care.archive import ArchiveRefused, download_path, export_family, import_family
from workbench.core.errors import FilmRejected
from workbench.media.library import FilmFiles
from workbench.media.preparing import prepare_film
from workbench.model import Film

from ..films import family_with_film

HOSTILE = ["../../../../inbox/ben/film.mp4", "/etc/passwd", "original.mp4/../../x", "..", "proxy.mp4",
           "original.mp4\x00.txt", "sub/original.mp4", "original.sh"]


def _tampered(archive, target, change):
    """The archive with its family record changed by ``change`` (as an attacker would, manifest hashes and all)."""
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read("manifest.json"))
        members = {i.filename: source.read(i) for i in source.infolist() if i.filename != "manifest.json"}
    name = next(n for n in members if n.endswith("family.json"))
    tables = json.loads(members[name])
    change(tables)
    members[name] = json.dumps(tables).encode()
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry["size"], entry["sha256"] = len(members[name]), hashlib.sha256(members[name]).hexdigest()
    with zipfile.ZipFile(target, "w") as out:
        out.writestr("manifest.json", json.dumps(manifest))
        for member, data in members.items():
            out.writestr(member, data)
    return target


@pytest.mark.parametrize("name", HOSTILE)
def test_the_model_takes_only_a_bare_original_name(name):
    film = Film.model_validate({"activity": "Lego", "filmed_on": "2026-01-01", "original_file": "original.mp4",
                                "facts": {"duration_ms": 1, "width": 2, "height": 2, "fps": 25, "video_codec": "h264",
                                          "size_bytes": 1}})
    assert film.original_file == "original.mp4"
    with pytest.raises(ValidationError, match="original_file"):
        Film.model_validate({**film.model_dump(mode="json"), "original_file": name})
    with pytest.raises(ValidationError, match="id"):
        Film.model_validate({**film.model_dump(mode="json"), "id": "../../other"})


def test_a_restored_record_naming_another_guiders_inbox_film_is_refused_and_the_film_left_alone(
        store, films, tmp_path):
    family_with_film(store, films["landscape"])
    victim = store.root / "inbox" / "ben" / "film.mp4"
    victim.parent.mkdir(parents=True)
    victim.write_bytes(films["phone"].read_bytes())
    archive = export_family(store, "VIG-0001", download_path(store, "VIG-0001"))

    def point_away(tables):
        film = tables["cycles"]["1"]["film"]
        film.update(status="failed", original_file="../../../../inbox/ben/film.mp4")
        tables["family"]["1"]["keep_originals"] = False

    hostile = _tampered(archive, tmp_path / "hostile.zip", point_away)
    with pytest.raises(ArchiveRefused, match="original_file"):
        import_family(store, hostile, rename_to="VIG-0002")
    assert not store.family_dir("VIG-0002").exists()
    assert victim.read_bytes() == films["phone"].read_bytes()


def test_a_record_changed_on_disk_cannot_reach_outside_the_film_folder_either(store, films):
    family_with_film(store, films["landscape"])
    film = store.load("VIG-0001").cycle(1).film
    files = FilmFiles.of(store, "VIG-0001", film.id)
    outside = store.root / "elsewhere.mp4"
    outside.write_bytes(b"x")
    for name in HOSTILE:
        with pytest.raises(ValueError):
            files.original(name)
    link = files.folder / "original.mov"
    link.symlink_to(outside)  # planted beside the film: a link out is refused after resolving
    with pytest.raises(ValueError):
        files.original("original.mov")
    assert outside.exists()


def test_try_again_on_a_film_whose_original_is_a_link_out_refuses_and_deletes_nothing(store, films):
    family_with_film(store, films["landscape"])
    film = store.load("VIG-0001").cycle(1).film
    files = FilmFiles.of(store, "VIG-0001", film.id)
    outside = store.root / "another-family-original.mp4"
    outside.write_bytes(films["phone"].read_bytes())
    files.original(film.original_file).unlink()
    files.original(film.original_file).symlink_to(outside)

    def failed(family):
        family.keep_originals = False
        family.cycle(1).film.status = "failed"
    store.update("VIG-0001", failed)
    with pytest.raises(FilmRejected):
        prepare_film(store, "VIG-0001", 1, film.id)
    assert outside.read_bytes() == films["phone"].read_bytes()
