"""The film upload route: only the family's guider, in the session and browser the link was made for, with the
filming consent standing, may send a film; never more than it declared; and a cancel or an erasure leaves
nothing. Spoken the way tus-js-client speaks it (the tus core protocol, creation and termination)."""

from __future__ import annotations

import base64
import os
import stat
import threading
import time
import zipfile
from datetime import date

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from workbench import FamilyStore
from workbench.care.archive import export_family
from workbench.care.consent import withdraw
from workbench.care.retention import erase_family, tidy_data_root
from workbench.cycle import uploads
from workbench.model import ConsentScope
from workbench.trust import links
from workbench.ui import uploads as route

from ..pages.helpers import account

TUS = {"Tus-Resumable": "1.0.0"}
FILM = bytes(range(256)) * 4096  # 1 MiB: the route never looks inside (staging probes it once whole)
FILM_BYTES = len(FILM)


@pytest.fixture
def client():
    return TestClient(Starlette(routes=route.upload_routes()))


@pytest.fixture
def signed_in(data_root, consenting_family):
    for name in ("ada", "ben", "max", "sue"):
        account(name)
        links.signed_in(f"s-{name}", name)
    yield consenting_family
    for name in ("ada", "ben", "max", "sue"):
        links.signed_out(f"s-{name}")


def endpoint(user="ada", code="VIG-0001", scope=ConsentScope.FILMING, browser=""):
    return f"{route.ROUTE}/{links.upload_token(f's-{user}', user, code, scope.value, browser=browser)}"


def create(client, where, length=FILM_BYTES, name="MOV_0042.MP4"):
    metadata = "filename " + base64.b64encode(name.encode()).decode()
    return client.post(where, headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": metadata})


def patch(client, where, at, body):
    return client.patch(where, content=body, headers={**TUS, "Upload-Offset": str(at),
                                                       "Content-Type": "application/offset+octet-stream"})


def incoming(code="VIG-0001"):
    folder = FamilyStore().media_dir(code) / ".incoming"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_film_arrives_in_pieces_resumes_where_the_disk_got_to_and_is_private(client, signed_in):
    upload = endpoint()  # once: a link made a second later carries a later expiry, so it is another address
    made = create(client, upload, name="../../accounts/\x00evil\u202e4pm.MP4")
    assert made.status_code == 201, made.text
    where = made.headers["location"]
    assert where.startswith(upload + "/")
    assert client.head(where).headers["upload-offset"] == "0"
    half = len(FILM) // 2
    assert patch(client, where, 0, FILM[:half]).headers["upload-offset"] == str(half)
    # The connection dropped and the browser sends the same piece again: refused, and told where the disk is.
    again = patch(client, where, 0, FILM[:half])
    assert again.status_code == 409 and again.headers["upload-offset"] == str(half)
    assert client.head(where).headers["upload-offset"] == str(half)
    done = patch(client, where, half, FILM[half:])
    assert done.status_code == 204 and done.headers["upload-offset"] == str(len(FILM))
    upload_id = where.rsplit("/", 1)[1]
    path, name = uploads.take(FamilyStore(), "VIG-0001", "ada", upload_id)
    assert path.read_bytes() == FILM
    assert "/" not in name and "\x00" not in name and name.endswith(".MP4")  # a label, never a path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert done.headers["cache-control"] == "no-store"


def test_every_request_is_checked_again_against_the_world_as_it_is_now(client, signed_in, data_root):
    assert create(client, endpoint("ben")).status_code == 404  # another guider
    assert create(client, endpoint("max")).status_code == 404  # the administrator cannot add films
    assert create(client, endpoint("sue")).status_code == 404  # nor can Ada's supervisor
    assert create(client, endpoint(browser="a" * 32)).status_code == 404  # another browser: no such cookie here
    assert create(client, endpoint(scope=ConsentScope.REVIEW_FILMING)).status_code == 404  # no consent to that
    forged = endpoint().rsplit(".", 1)[0] + ".0000"
    assert create(client, forged).status_code == 404
    assert incoming() == []

    where = create(client, endpoint()).headers["location"]
    upload_id = where.rsplit("/", 1)[1]
    for other in ("0" * 32, upload_id.upper(), upload_id[:-1], "%2e%2e%2ffamily.json"):
        assert client.head(f"{endpoint()}/{other}").status_code == 404
    for climbing in ("../family.json", upload_id + "/../../x"):  # never an upload's answer
        assert client.head(f"{endpoint()}/{climbing}").status_code in (404, 405)
    # Ben's own link cannot reach Ada's upload, even knowing its address.
    assert client.head(f"{endpoint('ben')}/{upload_id}").status_code == 404
    assert patch(client, f"{endpoint('ben')}/{upload_id}", 0, FILM).status_code == 404

    store = FamilyStore()
    filming = next(c.id for c in store.load("VIG-0001").consents if ConsentScope.FILMING in c.covers)
    withdraw(store, "VIG-0001", filming, date.today())
    assert patch(client, where, 0, FILM).status_code == 404  # consent withdrawn mid-upload
    assert client.head(where).status_code == 404


def test_a_signed_out_session_sends_no_more(client, signed_in):
    where = create(client, endpoint()).headers["location"]
    links.signed_out("s-ada")
    assert patch(client, where, 0, FILM).status_code == 404
    assert client.delete(where).status_code == 404


def test_never_more_than_declared_nor_than_any_film_may_be(client, signed_in):
    too_big = create(client, endpoint(), length=uploads.MAX_BYTES + 1)
    assert too_big.status_code == 413 and "4 GB" in too_big.text
    assert create(client, endpoint(), length=0).status_code == 413
    assert client.post(endpoint(), headers=TUS).status_code == 400  # no size said
    assert incoming() == []
    where = create(client, endpoint(), length=1000).headers["location"]
    assert patch(client, where, 0, FILM[:600]).status_code == 204
    over = patch(client, where, 600, FILM[:1000])  # 400 would fit: 1,000 would not
    assert over.status_code == 413
    assert client.head(where).headers["upload-offset"] == "600"  # nothing of the refused piece was kept
    # Sent without saying its length (chunked): the limit holds while the bytes arrive.
    chunked = client.patch(where, content=iter([FILM[:300], FILM[:300]]),
                           headers={**TUS, "Upload-Offset": "600", "Content-Type": "application/offset+octet-stream"})
    assert chunked.status_code == 413
    assert client.head(where).headers["upload-offset"] == "600"
    wrong_type = client.patch(where, content=b"x", headers={**TUS, "Upload-Offset": "600"})
    assert wrong_type.status_code == 415


def test_cancelling_and_erasure_leave_nothing(client, signed_in, data_root):
    where = create(client, endpoint()).headers["location"]
    patch(client, where, 0, FILM[:1000])
    assert len(incoming()) == 2  # the film so far and its record
    assert client.delete(where).status_code == 204
    assert incoming() == [] and not (FamilyStore().media_dir("VIG-0001")).exists()
    assert client.head(where).status_code == 404

    where = create(client, endpoint()).headers["location"]
    patch(client, where, 0, FILM[:1000])
    erase_family(FamilyStore(), "VIG-0001")
    assert patch(client, where, 1000, FILM[1000:2000]).status_code == 404
    assert create(client, endpoint()).status_code == 404
    assert not (data_root / "families" / "VIG-0001").exists()  # never made again by a late piece


def test_an_upload_left_for_a_day_is_tidied_away_and_never_archived(client, signed_in, tmp_path):
    where = create(client, endpoint(), name="Jayden_contact_mum.MP4").headers["location"]
    patch(client, where, 0, FILM[:1000])
    store = FamilyStore()
    archive = export_family(store, "VIG-0001", tmp_path / "family.zip")
    assert not [n for n in zipfile.ZipFile(archive).namelist() if ".incoming" in n]  # nor its sender or name
    assert uploads.tidy_everywhere(store) == 0
    assert uploads.tidy_everywhere(store, now=time.time() + uploads.STALE_S + 60) == 1
    assert incoming() == []
    where = create(client, endpoint()).headers["location"]
    part = next(FamilyStore().media_dir("VIG-0001").rglob("*.upload"))
    os.utime(part, (time.time() - uploads.STALE_S - 60,) * 2)
    tidy_data_root(store)  # as the server starts
    assert incoming() == [] and client.head(where).status_code == 404


def test_two_writers_never_mix_and_a_crash_resumes_from_what_was_acknowledged(client, signed_in):
    where = create(client, endpoint()).headers["location"]
    upload_id = where.rsplit("/", 1)[1]
    store = FamilyStore()
    assert patch(client, where, 0, FILM[:1000]).status_code == 204
    holding = uploads.Receiving(store, uploads.find(store, "VIG-0001", "ada", upload_id), 1000)
    try:
        busy = patch(client, where, 1000, FILM[1000:2000])  # a second request while the first writes
        assert busy.status_code == 423
        holding.write(FILM[1000:1500])
    finally:
        assert holding.close() == 1500
    part = store.media_dir("VIG-0001") / ".incoming" / f"{upload_id}.upload"
    with open(part, "ab") as torn:  # a power cut: bytes past the last acknowledged piece, never fsynced
        torn.write(b"\0" * 700)
    assert client.head(where).headers["upload-offset"] == "1500"
    assert patch(client, where, 1500, FILM[1500:]).headers["upload-offset"] == str(FILM_BYTES)
    taken, _ = uploads.take(store, "VIG-0001", "ada", upload_id)
    assert taken.read_bytes() == FILM
    with pytest.raises(uploads.UploadGone):  # a second window adding the same film
        uploads.take(store, "VIG-0001", "ada", upload_id)


def test_a_new_upload_replaces_the_accounts_quiet_one_and_waits_for_a_busy_one(client, signed_in):
    first = create(client, endpoint()).headers["location"]
    patch(client, first, 0, FILM[:1000])
    busy = create(client, endpoint())  # another window, while the first is still being sent
    assert busy.status_code == 429 and "another window" in busy.text
    part = next(FamilyStore().media_dir("VIG-0001").rglob("*.upload"))
    os.utime(part, (time.time() - uploads.QUIET_S - 5,) * 2)  # a tab closed part-way a while ago
    second = create(client, endpoint())
    assert second.status_code == 201
    assert client.head(first).status_code == 404 and len(incoming()) == 2  # only the new one and its record


def test_a_withdrawn_consent_takes_the_films_on_their_way(client, signed_in):
    where = create(client, endpoint()).headers["location"]
    patch(client, where, 0, FILM[:1000])
    store = FamilyStore()
    filming = next(c.id for c in store.load("VIG-0001").consents if ConsentScope.FILMING in c.covers)
    withdraw(store, "VIG-0001", filming, date.today())
    assert incoming() == []


def test_a_cancel_waits_for_the_piece_being_written_and_nothing_of_the_film_comes_back(client, signed_in):
    """Cancel mid-piece: the browser drops the PATCH and sends DELETE while the server is still writing. The piece
    let go of, nothing is left: not the film, not its record written again by the piece's end."""
    where = create(client, endpoint()).headers["location"]
    store = FamilyStore()
    holding = uploads.Receiving(store, uploads.find(store, "VIG-0001", "ada", where.rsplit("/", 1)[1]), 0)
    holding.write(FILM[:500])
    answers, asked = [], threading.Event()

    def cancel():
        asked.set()
        answers.append(client.delete(where))

    deleting = threading.Thread(target=cancel)
    deleting.start()
    asked.wait()
    deleting.join(timeout=2)
    assert deleting.is_alive() and len(incoming()) == 2  # the cancel waits while the piece is being written
    holding.close()  # the piece ends; the cancel goes on
    deleting.join()
    assert answers[0].status_code == 204 and incoming() == []
