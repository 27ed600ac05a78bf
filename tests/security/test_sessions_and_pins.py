"""Findings 1 (services), 7, 11, 12 and 14: the shared screen's lock and PIN, sign-in, the audit chain, permissions."""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from workbench.care.consent import add_consent
from workbench.core.errors import InvalidInput
from workbench.cycle.shared_screen import leave, open_screen, set_pin
from workbench.trust.accounts import SignInRefused, accounts_path, load_accounts, sign_in
from workbench.trust.audit import AuditEvent, audit_path, entries, record, verify
from workbench.ui import pages

from ..conftest import make_family
from ..films import family_with_film
from ..pages.helpers import PASSWORD, account, app, submit, widget


def test_each_guider_sets_their_own_pin_of_six_digits_kept_only_as_a_hash(data_root):
    account("ada")
    account("ben")
    for weak in ("2468", "111111", "12345a", "1234567890123"):
        with pytest.raises(InvalidInput, match="6 to 12 digits"):
            set_pin("ada", weak)
    set_pin("ada", "246813")
    set_pin("ben", "135790")
    stored = accounts_path().read_text()
    assert "246813" not in stored and "$argon2id$" in stored
    open_screen("ada", "VIG-0001", 1)
    assert not leave("ada", "135790").left  # Ben's PIN does not open Ada's screen
    assert leave("ada", "246813").left and load_accounts()["ada"].shared_screen is None


def test_wrong_pins_back_off_and_survive_a_refresh(data_root):
    account("ada")
    set_pin("ada", "246813")
    open_screen("ada", "VIG-0001", 1)
    now = datetime.now(UTC)
    assert [leave("ada", "000000", now=now).wait_s for _ in range(2)] == [0, 0]
    assert leave("ada", "000000", now=now).wait_s == 30  # the third wrong PIN waits, then each waits twice as long
    assert not leave("ada", "246813", now=now + timedelta(seconds=10)).left  # even the right PIN, while waiting
    assert leave("ada", "000000", now=now + timedelta(seconds=31)).wait_s == 60
    # The count lives on the account: a new browser session (a refresh) starts no fresh count.
    assert load_accounts()["ada"].pin_failures == 4
    assert leave("ada", "246813", now=now + timedelta(seconds=92)).left


def test_a_refresh_on_the_shared_screen_shows_only_the_shared_screen_after_signing_in(data_root, films):
    from workbench import FamilyStore

    family_with_film(FamilyStore(), films["landscape"])
    account("ada")
    set_pin("ada", "246813")
    open_screen("ada", "VIG-0001", 1)
    at = app({"family": "VIG-0001"}, as_user=None)  # a refresh: a new session, signed out
    assert "Sam" not in " ".join(str(getattr(e, "value", "")) for e in at.main)
    for page in (pages.GOALS.path, pages.CASELOAD.path, pages.REVIEW.path):  # a typed address, or Back
        at = app({"family": "VIG-0001"})
        try:
            at.switch_page(page).run()
        except Exception:
            pass  # not even registered while the shared screen is open
        assert not at.title and not at.sidebar.children  # no page title, no menu: still the carer's screen
        assert [w.label for w in at.text_input] == ["PIN to leave the shared screen"]


@pytest.mark.real_hashing
def test_sign_in_says_the_same_whatever_was_wrong_and_does_equal_work(data_root):
    account("ada")
    messages, times = set(), {"known": [], "unknown": []}
    for n in range(6):
        for kind, name in (("known", "ada"), ("unknown", f"nobody{n}")):
            start = time.perf_counter()
            with pytest.raises(SignInRefused) as refused:
                sign_in(name, "not the password", client=f"client-{n}-{kind}")
            times[kind].append(time.perf_counter() - start)
            messages.add(refused.value.message)
    assert len(messages) == 1
    known, unknown = statistics.median(times["known"]), statistics.median(times["unknown"])
    assert 0.5 < unknown / known < 2.0, times  # both pay for one Argon2 check (it was 1 ms against 115 ms)


def test_a_stranger_cannot_lock_anyone_out(data_root):
    account("max")
    for _ in range(20):
        with pytest.raises(SignInRefused):
            sign_in("max", "guessing", client="stranger")
    assert sign_in("max", PASSWORD, client="the admin's laptop").username == "max"


def test_parallel_sign_ins_never_fail_unhandled(data_root):
    account("ada")
    errors: list[BaseException] = []

    def try_once(n: int) -> None:
        try:
            sign_in("ada", PASSWORD if n % 2 else "wrong", client=f"c{n}")
        except SignInRefused:
            pass
        except BaseException as error:  # a filelock Timeout, say
            errors.append(error)

    threads = [threading.Thread(target=try_once, args=(n,)) for n in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []


def test_a_full_disk_gets_a_message_not_a_crash(data_root, monkeypatch):
    account("ada")
    at = app(as_user=None)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workbench.ui.auth.record", disk_full)
    widget(at, "text_input", "User name").input("ada")
    widget(at, "text_input", "Password").input(PASSWORD)
    at = submit(at, "Sign in")
    assert not at.exception and "disk may be full" in at.error[0].value
    assert "signed_in_as" not in at.session_state


def test_the_audit_chain_names_the_first_line_changed_removed_or_inserted(data_root):
    for n in range(5):
        record("ada", AuditEvent.VIEW_FAMILY, f"VIG-000{n}")
    assert verify().ok and verify().lines == 5
    lines = audit_path().read_text().splitlines()
    edited = json.loads(lines[2])
    edited["who"] = "mallory"
    for damaged, broken in (([*lines[:2], json.dumps(edited, ensure_ascii=False), *lines[3:]], 3),  # changed
                            ([*lines[:1], *lines[2:]], 2),  # removed
                            ([*lines[:4], lines[1], lines[4]], 5)):  # inserted
        audit_path().write_text("\n".join(damaged) + "\n")
        assert verify().broken_at == broken
    audit_path().write_text("\n".join(lines) + "\n")
    assert verify().ok


def test_signing_out_and_another_person_signing_in_on_the_same_tab_is_audited(data_root, films):
    from workbench import FamilyStore

    store = FamilyStore()
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", datetime.now().date(),
                                                     ["viewing by a VIG supervisor"]))
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.GOALS.path).run()
    widget(at, "button", "Sign out").click()
    at.run()
    assert "signed_in_as" not in at.session_state and "_viewed_families" not in at.session_state
    account("sue")
    widget(at, "text_input", "User name").input("sue")
    widget(at, "text_input", "Password").input(PASSWORD)
    at = submit(at, "Sign in")
    at.switch_page(pages.GOALS.path).run()
    views = [(e.who, e.what, e.family) for e in reversed(entries()) if e.what in ("view family", "logout", "login")]
    assert views == [("ada", "view family", "VIG-0001"), ("ada", "logout", ""), ("sue", "login", ""),
                     ("sue", "view family", "VIG-0001")]


def test_every_file_and_folder_the_app_writes_is_private(data_root, films):
    from workbench import FamilyStore
    from workbench.core.config import private_files

    private_files()  # as the server, workers and commands do when they start
    store = FamilyStore()
    family_with_film(store, films["landscape"])
    record("ada", AuditEvent.LOGIN)
    account("ada")
    loose = [f"{p} {oct(p.stat().st_mode & 0o777)}" for p in data_root.rglob("*")
             if (p.stat().st_mode & 0o077) and not p.is_symlink()]
    assert loose == []
    assert os.umask(0o077) == 0o077
