"""Finding 27.5: the audit log shows a cut end and a line removed with every hash after it recomputed; its key
lives outside the log (0600) and never goes into an archive; its fingerprint is printed where the log cannot reach."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from workbench import FamilyStore
from workbench.care.archive import download_path, export_family
from workbench.supervision.portfolio import build_portfolio
from workbench.trust import audit, audit_seal
from workbench.trust.audit import AuditEvent, record, verify

from ..conftest import make_family
from ..pages.helpers import account


@pytest.fixture
def logged(data_root):
    for n in range(12):
        record("ada", AuditEvent.VIEW_FAMILY, "VIG-0001", detail=f"visit {n}")
    assert verify().ok and verify().lines == 12
    return audit.audit_path()


def _rehashed(lines: list[bytes]) -> list[bytes]:
    """The lines with each hash recomputed as the old chain did (SHA-256, no key): what a log editor can do."""
    out, previous = [], audit.GENESIS
    for raw in lines:
        fields = json.loads(raw)
        fields["prev"] = previous
        body = {k: v for k, v in fields.items() if k != "hash"}
        fields["hash"] = previous = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        out.append(json.dumps(fields).encode())
    return out


def test_lines_cut_from_the_end_are_seen(logged):
    lines = logged.read_bytes().splitlines()
    logged.write_bytes(b"\n".join(lines[:-3]) + b"\n")
    check = verify()
    assert not check.ok and "cut from its end" in check.reason


def test_a_middle_line_removed_and_every_hash_after_it_recomputed_is_seen(logged):
    lines = logged.read_bytes().splitlines()
    logged.write_bytes(b"\n".join(_rehashed(lines[:5] + lines[6:])) + b"\n")
    assert not verify().ok


def test_the_same_with_the_anchor_rewritten_to_match_is_seen(logged, data_root):
    lines = logged.read_bytes().splitlines()
    forged = _rehashed(lines[:5] + lines[6:])
    logged.write_bytes(b"\n".join(forged) + b"\n")
    head = json.loads(forged[-1])["hash"]
    audit_seal.anchor_path().write_text(json.dumps({"lines": len(forged), "head": head, "mac": "0" * 64}))
    assert not verify().ok


def test_the_key_is_private_kept_apart_and_never_archived(logged, data_root, tmp_path):
    key = audit_seal.key_path()
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert key.read_bytes() not in logged.read_bytes() and key.read_bytes().hex() not in logged.read_text()
    store = FamilyStore()
    store.create(make_family())
    with zipfile.ZipFile(export_family(store, "VIG-0001", download_path(store, "VIG-0001"))) as archive:
        assert not [n for n in archive.namelist() if "audit" in n]
        assert all(key.read_bytes() not in archive.read(n) for n in archive.namelist())


def test_the_fingerprint_goes_into_supervision_records(logged, data_root):
    people = {name: account(name) for name in ("ada", "sue")}
    record("sue", AuditEvent.SUPERVISION)
    printed = " ".join(getattr(block, "text", "") for block in build_portfolio(people["sue"], "ada").blocks)
    assert audit.fingerprint().split(",")[0] in printed  # the length, as the log has it now
    assert audit.fingerprint().rsplit(" ", 1)[1] in printed
