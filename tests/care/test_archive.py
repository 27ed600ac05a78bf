import json
import warnings
import zipfile

import pytest

from workbench import FamilyStore
from workbench.care.archive import MANIFEST, ArchiveRefused, export_family, import_family
from workbench.core.errors import FamilyExists
from workbench.cycle import analysis

from ..conftest import make_family
from ..films import family_with_film


@pytest.fixture(scope="module")
def archived(tmp_path_factory, films):
    """A family with a film, clips, stills and a review, archived once."""
    from workbench.media import clips
    from workbench.media.library import ready_film

    store = FamilyStore(tmp_path_factory.mktemp("source"))
    family_with_film(store, films["silent"])
    store.update("VIG-0001", lambda f: analysis.add_clip(f, 1, 500, 2000, ["attentive"], "a note"))
    film = ready_film(store, store.load("VIG-0001"), 1)
    clips.still(film.files, film.proxy, 700)
    path = export_family(store, "VIG-0001", tmp_path_factory.mktemp("out") / "VIG-0001.zip")
    return store, path


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != ".lock"}


def test_round_trip_restores_an_identical_family(archived, tmp_path):
    source, path = archived
    target = FamilyStore(tmp_path)
    assert import_family(target, path) == "VIG-0001"
    assert target.load("VIG-0001") == source.load("VIG-0001")
    assert files_of(target.family_dir("VIG-0001")) == files_of(source.family_dir("VIG-0001"))
    assert any(name.endswith(".jpg") for name in files_of(target.family_dir("VIG-0001")))  # stills came too
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    assert {e["path"] for e in manifest["files"]} == {"family/" + n for n in files_of(source.family_dir("VIG-0001"))}
    assert all(len(e["sha256"]) == 64 for e in manifest["files"])


def test_an_existing_code_is_refused_unless_renamed(archived, tmp_path):
    _, path = archived
    target = FamilyStore(tmp_path)
    target.create(make_family())
    before = files_of(target.family_dir("VIG-0001"))
    with pytest.raises(FamilyExists, match="already exists"):
        import_family(target, path)
    assert files_of(target.family_dir("VIG-0001")) == before
    assert import_family(target, path, rename_to="vig-0042") == "VIG-0042"
    renamed = target.load("VIG-0042")
    assert renamed.code == "VIG-0042" and renamed.cycles[0].clips[0].note == "a note"


def rebuild(path, out, change):
    """Copy an archive, letting ``change(name, data)`` return (name, data) or None to drop a member."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            changed = change(info.filename, source.read(info))
            if changed:
                target.writestr(changed[0], changed[1])
    return out


def manifest_edit(edit):
    def change(name, data):
        if name == MANIFEST:
            manifest = json.loads(data)
            edit(manifest)
            return name, json.dumps(manifest)
        return name, data
    return change


def add_member(path, out, name, data, declared_size):
    """Copy the archive, adding a member (and a manifest line declaring ``declared_size`` for it)."""
    def declare(manifest):
        manifest["files"].append({"path": name, "size": declared_size, "sha256": "0" * 64})
    rebuild(path, out, manifest_edit(declare))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)


@pytest.mark.parametrize("case, says", [
    ("slip", "outside the family's folder"),
    ("absolute", "outside the family's folder"),
    ("checksum", "not what its checksum says"),
    ("bomb", "far more than its manifest lists"),
    ("unlisted", "does not match its manifest"),
    ("no_manifest", "not a family archive"),
    ("not_zip", "not a readable .zip"),
    ("twice", "same file more than once"),
])
def test_hostile_archives_are_refused_and_leave_nothing(archived, tmp_path, case, says):
    _, path = archived
    bad = tmp_path / "bad.zip"
    if case in ("slip", "absolute"):
        add_member(path, bad, "family/../../evil.txt" if case == "slip" else "/tmp/evil.txt", b"evil", 4)
    elif case == "checksum":
        rebuild(path, bad, lambda n, d: (n, d[:-1] + bytes([d[-1] ^ 1])) if n.endswith("proxy.mp4") else (n, d))
    elif case == "bomb":  # the manifest says 10 bytes; the member unpacks to 50 MB
        add_member(path, bad, "family/zeros.bin", bytes(50 * 1024 * 1024), 10)
    elif case == "unlisted":
        rebuild(path, bad, lambda n, d: (n, d))
        with zipfile.ZipFile(bad, "a") as archive:
            archive.writestr("family/extra.txt", "not in the manifest")
    elif case == "twice":  # a second copy of a listed file, to overwrite the first on the way in
        rebuild(path, bad, lambda n, d: (n, d))
        with zipfile.ZipFile(bad, "a") as archive, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the attack
            archive.writestr("family/family.json", "{}")
    elif case == "no_manifest":
        rebuild(path, bad, lambda n, d: None if n == MANIFEST else (n, d))
    else:
        bad.write_text("just text")
    target = FamilyStore(tmp_path / "data")
    with pytest.raises(ArchiveRefused, match=says):
        import_family(target, bad)
    left = [p for p in (tmp_path / "data").rglob("*")] if (tmp_path / "data").exists() else []
    assert [p for p in left if p.is_file()] == []
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()
    assert target.codes() == []
