"""Signing in, the lockout, the idle timeout, and who can open which family (issue 7)."""

import time
from datetime import date

from starlette.applications import Starlette
from starlette.testclient import TestClient

from workbench.care.consent import add_consent
from workbench.model import ConsentScope
from workbench.trust import links
from workbench.trust.accounts import load_accounts
from workbench.trust.audit import audit_path, entries
from workbench.ui import pages, uploads

from ..conftest import make_family
from .helpers import PASSWORD, account, app, no_errors, shown, submit, widget


def sign_in_form(at, username: str, password: str):
    widget(at, "text_input", "User name").input(username)
    widget(at, "text_input", "Password").input(password)
    return submit(at, "Sign in")


def shown_text(at) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "title", "info", "error", "warning")
                    for e in at.get(kind))


def test_first_run_asks_for_the_administrator_then_signs_them_in(data_root):
    at = app(as_user=None)
    assert "Create the administrator" in [b.label for b in at.get("form_submit_button")]
    widget(at, "text_input", "User name").input("Max")
    widget(at, "text_input", "Name").input("Max Admin")
    widget(at, "text_input", "Password").input(PASSWORD)
    widget(at, "text_input", "Password again").input(PASSWORD + "!")
    widget(at, "checkbox", "I am also a guider, with families of my own").uncheck()
    at = submit(at, "Create the administrator")
    assert "differ" in at.error[0].value and not load_accounts()
    widget(at, "text_input", "Password again").input(PASSWORD)
    at = submit(at, "Create the administrator")
    no_errors(at)
    assert [t.value for t in at.title] == ["Accounts"]  # an admin lands on accounts, with no caseload
    assert load_accounts()["max"].password_hash.startswith("$argon2id$")
    assert [e.what for e in entries()] == ["login"]


def test_sign_in_opens_the_deep_link_and_a_wrong_password_is_refused_and_logged(store):
    account("ada")
    store.create(make_family())
    at = app({"family": "VIG-0001"}, as_user=None)
    assert "Sam" not in shown_text(at)  # nothing of any family before signing in
    at = sign_in_form(at, "ada", "not the password")
    assert "do not match" in at.error[0].value
    at = sign_in_form(at, "ADA ", PASSWORD)
    no_errors(at)
    assert "Sam" in " ".join(c.value for c in at.caption) or at.dataframe  # the caseload (or family) now shows
    assert [(e.who, e.what) for e in reversed(entries())] == [("ada", "login failure"), ("ada", "login")]


def test_wrong_passwords_slow_the_client_and_never_lock_the_account(data_root):
    account("ada")
    at = app(as_user=None)
    for _ in range(5):
        at = sign_in_form(at, "ada", "wrong password")
    assert "do not match" in at.error[0].value
    at = sign_in_form(at, "ada", "wrong password")
    assert "Please wait" in at.error[0].value  # this computer now waits; the account itself is untouched
    assert load_accounts()["ada"].locked_until is None
    assert sum(e.what == "login failure" for e in entries()) == 6
    at = sign_in_form(at, "nobody", "my secret password")  # a password typed as the name never reaches the log
    assert "my secret password" not in audit_path().read_text() and entries()[0].who in ("(unknown name)", "")


def test_an_idle_session_is_signed_out(store):
    account("ada")
    store.create(make_family())
    at = app({"family": "VIG-0001"})
    assert at.session_state["signed_in_as"] == "ada"
    at.session_state["last_active"] = time.time() - 31 * 60
    at.run()
    assert "without activity" in at.info[0].value and "signed_in_as" not in at.session_state
    assert "Sam" not in shown_text(at)


def test_a_film_still_going_up_keeps_its_guider_signed_in(store):
    """A 2 GB film over home Wi-Fi takes longer than the idle limit: the pieces arriving are the guider's activity,
    or the sign-out would cut the upload off near its end."""
    account("ada")
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    at = app({"family": "VIG-0001"})
    at.session_state["last_active"] = time.time() - 31 * 60
    client = TestClient(Starlette(routes=uploads.upload_routes()))
    token = links.upload_token("test session id", "ada", "VIG-0001", "filming")  # AppTest's session
    sent = client.post(f"{uploads.ROUTE}/{token}", headers={"Tus-Resumable": "1.0.0", "Upload-Length": "1000"})
    assert sent.status_code == 201
    at.run()
    assert at.session_state["signed_in_as"] == "ada" and not at.info


def test_a_guider_cannot_open_another_guiders_family_even_by_url(store):
    store.create(make_family("VIG-0001"))  # Ada's
    for page in pages.CYCLE:
        at = app({"family": "VIG-0001"}, as_user="ben")
        at.switch_page(page.path).run()
        assert "not on your caseload" in at.error[0].value, page
        assert "Sam" not in shown_text(at) and "Jo Smith" not in shown_text(at), page
    at = app(as_user="ben")
    assert not at.dataframe and "No families yet" in at.info[0].value
    assert not [e for e in entries() if e.what == "view family"]


def test_a_supervisor_reads_with_consent_only_and_cannot_change_anything(store):
    account("ada")
    store.create(make_family())
    at = app({"family": "VIG-0001"}, as_user="sue")
    assert list(at.dataframe[0].value["Supervisor viewing"]) == ["No consent"]
    at.switch_page(pages.GOALS.path).run()
    assert "not consented" in at.error[0].value and "Sam" not in shown_text(at)

    store.update("VIG-0001", lambda f: add_consent(f, "Jo Smith", "foster carer", date.today(),
                                                     [ConsentScope.SUPERVISOR_VIEWING]))
    at = app({"family": "VIG-0001"}, as_user="sue")
    at.switch_page(pages.GOALS.path).run()
    assert "supervisor" in at.info[0].value and "Sam" in shown_text(at)
    assert not at.get("form_submit_button") and not at.text_input  # nothing to change, nothing to submit

    at.switch_page(pages.REVIEW.path).run()
    widget(at, "text_area", "Your supervision comment").input("Lovely <b>pacing</b>.")
    at = submit(at, "Add the comment")
    no_errors(at)
    assert [c.text for c in store.load("VIG-0001").supervision] == ["Lovely <b>pacing</b>."]
    ada = app({"family": "VIG-0001"})
    ada.switch_page(pages.REVIEW.path).run()
    assert any("Lovely \\<b\\>pacing\\</b\\>" in m.value for m in ada.markdown)  # shown as text, never as markup


def test_an_admin_sees_no_family_content(store):
    store.create(make_family())
    at = app({"family": "VIG-0001"}, as_user="max")
    assert [t.value for t in at.title] == ["Accounts"] and "Sam" not in shown_text(at)
    for page in (pages.CASELOAD, pages.GOALS):
        try:
            at.switch_page(page.path)
        except ValueError:
            continue  # not even registered for an admin
        raise AssertionError(f"{page} is open to an admin")


def test_views_are_audited_once_per_session_with_the_code_only(store):
    store.create(make_family())
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.GOALS.path).run()
    at.switch_page(pages.FILM.path).run()
    views = [e for e in entries() if e.what == "view family"]
    assert [(e.who, e.family) for e in views] == [("ada", "VIG-0001")]
    assert "Sam" not in (data_root_text := (store.root / "audit.jsonl").read_text()) and "Jo" not in data_root_text


def single_sign_on_app(user: dict):
    from streamlit.testing.v1 import AppTest

    from ..conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "vig", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}
    at.user = user
    return at.run()


def test_single_sign_on_matches_the_organisation_email_to_an_account(store):
    from workbench.trust.accounts import Role, create_account

    create_account("ada", "Dr Ada Patel", PASSWORD, [Role.GUIDER], email="Ada.Patel@council.example")
    store.create(make_family())
    at = single_sign_on_app({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Sign in with your organisation's account"]
    assert not [w for w in at.text_input if w.label == "Password"]  # no local passwords with single sign-on

    at = single_sign_on_app({"is_logged_in": True, "email": "ada.patel@council.example", "name": "Ada"})
    no_errors(at)
    assert at.session_state["signed_in_as"] == "ada" and list(at.dataframe[0].value["Code"]) == ["VIG-0001"]

    at = single_sign_on_app({"is_logged_in": True, "email": "someone@elsewhere.example"})
    assert "No workbench account uses someone@elsewhere.example" in shown(at.error[0].value)
    assert "signed_in_as" not in at.session_state
    assert [e.what for e in entries()][:2] == ["login failure", "login"]


def test_a_pin_saved_is_said_where_it_was_saved(data_root):
    at = app()
    at.switch_page(pages.MY_ACCOUNT.path)
    at.run()
    widget(at, "text_input", "New PIN (6 to 12 digits)").input("246813")
    widget(at, "text_input", "The same PIN again").input("246813")
    at = submit(at, "Save my PIN")
    no_errors(at)
    assert [s.value for s in at.success] == ["Your PIN is saved. It closes the shared screen from now on."]
    assert load_accounts()["ada"].pin_hash
    at.run()  # said once: not again on the next run
    assert not at.success
