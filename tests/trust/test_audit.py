import json
import subprocess
import sys

from workbench.trust.audit import AuditEvent, audit_path, entries, record, verify

from ..conftest import ROOT


def test_entries_are_appended_and_filtered(data_root):
    record("ada", AuditEvent.LOGIN)
    record("ada", AuditEvent.VIEW_FAMILY, "VIG-0001")
    record("mo", AuditEvent.LOGIN_FAILURE)
    record("ada", AuditEvent.ERASE, "VIG-0002")
    assert [e.what for e in entries()] == ["erase", "login failure", "view family", "login"]
    assert [e.family for e in entries(who="ADA", family="vig-000")] == ["VIG-0002", "VIG-0001"]
    assert [e.who for e in entries(what="login failure")] == ["mo"]
    lines = audit_path().read_text().splitlines()
    fields = {"at", "who", "what", "family", "detail", "prev", "hash", "v"}
    assert len(lines) == 4 and set(json.loads(lines[0])) == fields
    assert verify().ok and verify().lines == 4
    with audit_path().open("a") as log:
        log.write("{ half a line\n")  # a damaged line is shown as one, never hidden, and breaks the chain
    assert [e.what for e in entries()][:2] == ["damaged line", "erase"]
    assert verify().broken_at == 5


def test_two_processes_appending_never_mix_lines(data_root):
    script = ("import sys; from workbench.trust.audit import record, AuditEvent\n"
              "for i in range(300): record(sys.argv[1], AuditEvent.VIEW_FAMILY, f'VIG-{i:04d}')")
    writers = [subprocess.Popen([sys.executable, "-c", script, name], cwd=ROOT) for name in ("ada", "mo")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    lines = audit_path().read_text().splitlines()
    assert len(lines) == 600 and all(json.loads(line)["what"] == "view family" for line in lines)
