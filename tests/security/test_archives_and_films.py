"""Findings 2, 8, 9 and 15: no family can be taken over through archives or film paths, and hostile archives
are refused before they cost memory or disk."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.archive import MANIFEST, ArchiveRefused, download_path, export_family, import_family, import_upload
from workbench.care.consent import add_consent
from workbench.core.errors import FilmRejected
from workbench.media import staging as ingest
from workbench.trust.access import AccessDenied, edit_guard

from ..conftest import make_family
from ..films import family_with_film
from ..pages.helpers import account, app


def hostile_archive(path, manifest_files, members: dict[str, bytes], manifest_text: str | None = None):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_text or json.dumps(
            {"format": "vig-family-archive", "version": 1, "family_code": "VIG-0009", "files": manifest_files}))
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_made_archive_is_never_left_where_another_guider_could_restore_it(store, films, tmp_path):
    """Finding 2: archives for download go to a private, unguessable file the checked route deletes once sent;
    a guider can restore only an upload (no server path), and films never come from inside the data root."""
    family_with_film(store, films["landscape"])
    archive = export_family(store, "VIG-0001", download_path(store, "VIG-0001"))
    assert archive.parent.name == ".archives" and archive.name != "VIG-0001.zip" and len(archive.stem) > 30
    assert archive.stat().st_mode & 0o777 == 0o600
    account("ben")
    at = app(as_user="ben")
    assert not [w for w in at.text_input if "path" in w.label.lower()]  # no server path for a guider to give
    original = next(store.media_dir("VIG-0001").rglob("original.*"), None) or next(
        p for p in store.media_dir("VIG-0001").rglob("*") if p.is_file())
    for sneaky in (original, archive, store.store_path("VIG-0001")):
        with pytest.raises(FilmRejected, match="data folder"):
            ingest.stage_file(store, "VIG-0001", sneaky)
    link = tmp_path / "innocent.mp4"
    link.symlink_to(original)
    with pytest.raises(FilmRejected, match="data folder"):  # a link pointing into the data root is no way round
        ingest.stage_file(store, "VIG-0001", link)


def test_another_guider_cannot_write_into_a_family_by_any_service(store, films):
    family_with_film(store, films["landscape"])
    ben = edit_guard(account("ben"))
    guarded = FamilyStore(store.root, guard=ben)
    from workbench.cycle import reels
    for attempt in (lambda: reels.review_reel(guarded, "VIG-0001", 1),
                    lambda: export_family(guarded, "VIG-0001", download_path(store, "VIG-0001")),
                    lambda: ingest.stage_file(guarded, "VIG-0001", films["landscape"])):
        with pytest.raises(AccessDenied):
            attempt()


def test_a_huge_manifest_is_refused_before_it_is_read(store, tmp_path):
    """Finding 8: a 0.2 MB zip whose manifest unpacks to 200 MB."""
    padding = " " * (200 * 1024 * 1024)
    bomb = hostile_archive(tmp_path / "manifest-bomb.zip", [], {}, manifest_text="{" + padding + "}")
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ArchiveRefused, match="manifest is far larger"):
        import_family(store, bomb)


def test_a_member_larger_than_a_family_or_the_disk_is_refused(store, tmp_path):
    """Finding 8: a 1 MB zip whose manifest lists a 1 GiB member: refused by ratio, size and free space."""
    big = b"\0" * (64 * 1024 * 1024)
    entry = {"path": "family/media/x/original.mp4", "size": len(big), "sha256": "0" * 64}
    bomb = hostile_archive(tmp_path / "member-bomb.zip", [entry], {entry["path"]: big})
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ArchiveRefused, match="compressed far more"):
        import_family(store, bomb)
    assert not list(store.families_dir.glob(".importing-*"))
    from workbench.care import archive as archives
    huge = dict(entry, size=archives.MAX_FAMILY_BYTES + 1)
    with zipfile.ZipFile(tmp_path / "claims-huge.zip", "w") as made:
        made.writestr(MANIFEST, json.dumps({"format": "vig-family-archive", "version": 1, "family_code": "VIG-0009",
                                            "files": [huge]}))
        made.writestr(zipfile.ZipInfo(huge["path"]), b"")
    with pytest.raises(ArchiveRefused):
        import_family(store, tmp_path / "claims-huge.zip")


class Upload:
    """An uploaded file as Streamlit hands it over, recording how it is read; reading it whole is refused."""

    def __init__(self, path):
        self.handle, self.reads = open(path, "rb"), []

    def seek(self, offset: int) -> None:
        self.handle.seek(offset)

    def read(self, size: int = -1) -> bytes:
        assert size and size > 0, "the upload was read whole into memory"
        self.reads.append(size)
        return self.handle.read(size)

    def getvalue(self) -> bytes:
        raise AssertionError("the upload was copied whole into memory")


def test_an_upload_is_streamed_to_disk_not_copied_in_memory(store, films):
    """Finding 8: an uploaded archive goes to disk in chunks, and the copy is deleted once imported."""
    family_with_film(store, films["silent"])
    made = export_family(store, "VIG-0001", download_path(store, "VIG-0001"))
    upload = Upload(made)
    assert import_upload(store, upload, rename_to="VIG-0002") == "VIG-0002"
    assert len(upload.reads) >= 2 and max(upload.reads) <= 8 * 1024 * 1024
    assert not list((store.root / ".archives").glob("incoming-*"))


def test_each_guider_has_an_inbox_of_their_own(store, films):
    """Finding 15."""
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    ada, ben = ingest.inbox(store.root, "ada"), ingest.inbox(store.root, "ben")
    assert ada != ben and ada.parent == ben.parent
    ada.mkdir(parents=True)
    (ada / "film.mp4").write_bytes(films["landscape"].read_bytes())
    assert ingest.inbox_films(store.root, "ben") == [] and len(ingest.inbox_films(store.root, "ada")) == 1
    with pytest.raises(FilmRejected):
        ingest.stage_file(store, "VIG-0001", ada / "film.mp4", inbox_of="ben")
    staged = ingest.stage_file(store, "VIG-0001", ada / "film.mp4", inbox_of="ada")
    assert staged.size_bytes == (ada / "film.mp4").stat().st_size


def test_a_tampered_archive_leaves_nothing_half_imported(store, tmp_path):
    """Finding 9: a refused import leaves no staged copy behind."""
    source = FamilyStore(tmp_path / "elsewhere")
    source.create(make_family("VIG-0005"))
    made = export_family(source, "VIG-0005", tmp_path / "VIG-0005.zip")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(made) as original, zipfile.ZipFile(tampered, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            copy.writestr(info, data.replace(b"Sam", b"Tom") if info.filename.endswith("family.json") else data)
    with pytest.raises(ArchiveRefused):
        import_family(store, tampered)
    assert not list(store.families_dir.glob(".importing-*")) and not store.exists("VIG-0005")
