import json
import os

import pytest
from tinydb import Query, TinyDB

from workbench.core.storages import (
    TEMP_SUFFIX,
    CrashSafeJSONStorage,
    atomic_write_bytes,
    atomic_write_json,
    remove_stale_partials,
)


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "store.json"
    atomic_write_json(target, {"a": 1})
    first_inode = target.stat().st_ino
    atomic_write_json(target, {"a": 2})
    assert json.loads(target.read_text()) == {"a": 2}
    assert target.stat().st_ino != first_inode  # a new file was renamed over the old one
    assert [p.name for p in tmp_path.iterdir()] == ["store.json"]


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(tmp_path):
    target = tmp_path / "store.json"
    atomic_write_json(target, {"kept": True})
    with pytest.raises(TypeError):
        atomic_write_json(target, {"bad": object()})  # not JSON: fails before any byte is written
    with pytest.raises(IsADirectoryError):
        atomic_write_bytes(tmp_path, b"x")  # the rename itself fails
    assert json.loads(target.read_text()) == {"kept": True}
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))


def test_stale_partials_from_a_killed_writer_are_cleared(tmp_path):
    (tmp_path / f".family.json.abc{TEMP_SUFFIX}").write_bytes(b'{"half')
    (tmp_path / "family.json").write_text("{}")
    remove_stale_partials(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["family.json"]


def test_tinydb_uses_the_storage_directly(tmp_path):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=CrashSafeJSONStorage) as db:
        db.table("goals").insert({"text": "Stay calm", "rating": 3})
        db.table("goals").insert({"text": "Play together", "rating": 5})
    with TinyDB(path, storage=CrashSafeJSONStorage) as db:
        assert db.table("goals").search(Query().rating > 4) == [{"text": "Play together", "rating": 5}]
    assert CrashSafeJSONStorage(tmp_path / "missing.json").read() is None
    assert not os.path.exists(tmp_path / "missing.json")  # reading never creates files
