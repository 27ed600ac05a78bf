import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query, TinyDB

from workbench import ConsentScope, Family, FamilyExists, FamilyNotFound, FamilyStore, InvalidInput, StoreUnreadable
from workbench.care.consent import add_consent
from workbench.core import migrations
from workbench.core.storages import CrashSafeJSONStorage
from workbench.cycle.goals import add_goal, set_helping_question

from ..conftest import make_family


def test_create_then_load_gives_the_same_family(store, family):
    assert store.load("vig-0001") == family
    assert store.codes() == ["VIG-0001"]
    assert store.store_path("VIG-0001") == store.root / "families" / "VIG-0001" / "family.json"


def test_the_store_file_is_a_tinydb_database_with_a_schema_version(store, family):
    store.update(family.code, lambda f: add_goal(f, "Stay calm at bedtime", "staying calm", 3, "Jo"))
    with TinyDB(store.store_path(family.code), storage=CrashSafeJSONStorage) as db:
        assert db.table("meta").all()[0]["schema_version"] == migrations.SCHEMA_VERSION
        assert db.table("goals").search(Query().text == "Stay calm at bedtime")[0]["category"] == "staying calm"
        assert db.table("family").all()[0]["code"] == "VIG-0001"


def test_creating_an_existing_code_is_refused_and_changes_nothing(store, family):
    before = store.store_path(family.code).read_bytes()
    with pytest.raises(FamilyExists, match="already exists"):
        store.create(make_family("vig-0001", guider="Someone else"))
    assert store.store_path(family.code).read_bytes() == before


def test_updates_persist_and_a_failed_change_writes_nothing(store, family):
    store.update(family.code, lambda f: add_consent(f, "Jo", "foster carer", date.today(), ["filming"]))
    before = store.store_path(family.code).read_bytes()

    def half_then_fail(f: Family):
        set_helping_question(f, "How can I help him stay calm?")
        add_goal(f, "x", "staying calm", 99, "Jo")  # invalid rating

    with pytest.raises(InvalidInput, match="Rating must be at most 10"):
        store.update(family.code, half_then_fail)
    assert store.store_path(family.code).read_bytes() == before
    reloaded = store.load(family.code)
    assert reloaded.helping_question is None and reloaded.has_consent(ConsentScope.FILMING)


def test_in_place_edits_are_validated_before_saving(store, family):
    with pytest.raises(InvalidInput, match="at most 3 goals"):
        store.update(family.code, lambda f: f.goals.extend(
            make_family(goals=[{"text": f"g{i}", "category": "play and enjoyment"} for i in range(3)]).goals * 2))
    assert store.load(family.code).goals == []


def test_missing_family_and_hostile_codes(store):
    with pytest.raises(FamilyNotFound, match="no family with the code VIG-0404"):
        store.load("VIG-0404")
    for hostile in ("../../etc", "/tmp/x", "a\x00", "NUL", "x" * 100):
        with pytest.raises(InvalidInput):
            store.load(hostile)
        with pytest.raises(InvalidInput):
            store.update(hostile, lambda f: None)
    assert not (store.root / "families").exists() or not any((store.root / "families").iterdir())


@pytest.mark.parametrize(
    "content, says",
    [
        (b'{"meta": {"1": {"schema_version": 1, "family_code": "VIG-0001"}}, "fami', "damaged"),
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "damaged"),
        (b'{"goals": {}}', "no schema version"),
        (b'{"meta": {"1": {"schema_version": 99, "family_code": "VIG-0001"}}}', "newer version"),
        (b'{"meta": {"1": {"schema_version": 1, "family_code": "VIG-0002"}}}', "belongs to family code"),
        (b'{"meta": {"1": {"schema_version": 1, "family_code": "VIG-0001"}}, "family": {"1": {"code": "VIG-0001"}}}',
         "not valid"),
    ],
)
def test_an_unreadable_store_is_reported_and_never_overwritten(store, family, content, says):
    path = store.store_path(family.code)
    path.write_bytes(content)
    with pytest.raises(StoreUnreadable, match=says) as raised:
        store.load(family.code)
    assert "VIG-0001" in raised.value.message and str(path) in raised.value.message
    with pytest.raises(StoreUnreadable):
        store.update(family.code, lambda f: set_helping_question(f, "Overwrite?"))
    with pytest.raises(FamilyExists):
        store.create(make_family())
    assert path.read_bytes() == content


def test_an_older_schema_is_upgraded_and_its_file_kept(store, family, monkeypatch):
    path = store.store_path(family.code)
    tables = json.loads(path.read_bytes())
    # Pretend the live layout is version 2, which renamed the guider field; this file is version 1.
    tables["family"]["1"]["guider_name"] = tables["family"]["1"].pop("guider")
    path.write_text(json.dumps(tables))
    old_bytes = path.read_bytes()

    def v1_to_v2(t):
        t["family"]["1"]["guider"] = t["family"]["1"].pop("guider_name")
        return t

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.UPGRADES, 1, v1_to_v2)
    assert store.load(family.code).guider == "Dr Ada Patel"
    store.update(family.code, lambda f: set_helping_question(f, "Upgraded?"))
    saved = json.loads(path.read_bytes())
    assert saved["meta"]["1"]["schema_version"] == 2 and "guider" in saved["family"]["1"]
    assert path.with_name("family.json.schema-v1.bak").read_bytes() == old_bytes


def test_a_missing_migration_step_is_a_clear_error():
    with pytest.raises(migrations.CannotMigrate, match="no upgrade from schema version 1"):
        migrations.upgrade({}, 1, upgrades={}, target=3)


names = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=40).filter(
    lambda s: s.strip() and len(s.split()) <= 2)
free_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=300).filter(
    lambda s: s.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    child=names,
    question=free_text,
    goals=st.lists(st.tuples(free_text, st.sampled_from(["communication", "play and enjoyment"]),
                             st.integers(0, 10)), max_size=3),
    consents=st.lists(st.sets(st.sampled_from(list(ConsentScope)), min_size=1), max_size=4),
    clips=st.lists(st.tuples(st.integers(0, 600_000), st.integers(1, 60_000), st.booleans(), free_text), max_size=8),
)
def test_round_trip_property(tmp_path_factory, child, question, goals, consents, clips):
    store = FamilyStore(tmp_path_factory.mktemp("root"))
    family = store.create(make_family(child={"name": child, "year_of_birth": date.today().year - 3}))

    def fill(f: Family):
        set_helping_question(f, question)
        for text, category, baseline in goals:
            add_goal(f, text, category, baseline, "Jo")
        for scopes in consents:
            add_consent(f, "Jo", "parent", date.today(), sorted(scopes, key=list(ConsentScope).index))
        f.cycles[0].clips = [
            {"start_ms": start, "end_ms": start + length, "chosen": chosen, "note": note,
             "tags": ["guiding.scaffolding"]}
            for start, length, chosen, note in clips
        ]
        return f.model_copy(deep=True)

    expected = store.update(family.code, fill)
    assert store.load(family.code) == Family.model_validate(expected.model_dump())
