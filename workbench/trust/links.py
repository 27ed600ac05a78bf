"""Links to a family's files that are checked on every request: signed, short-lived and tied to a session.

A link carries, signed with a secret that lives only in this server process, the
session that asked for it, the account signed in there, the file (relative to the
data root) and an expiry. Following it re-checks everything at that moment: the
session must still be signed in as that account, the account must still exist
and may still see the family (consent included), and the family must still
exist. Signing out, erasure and withdrawn consent therefore end every link at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.codes import validate_family_code
from ..core.config import FAMILIES, data_root
from ..core.errors import InvalidInput, WorkbenchError
from ..core.store import STORE_FILE, FamilyStore
from ..media.library import TRAINING as TRAINING_FOLDER
from ..model import ConsentScope
from . import sessions
from .access import can_code, can_edit, can_view
from .accounts import Account, load_accounts
from .sessions import holds, signed_in, signed_out  # noqa: F401 (the router and tests say who is signed in here)

LINK_MINUTES = 60
RENEW_WHEN_S = 10 * 60  # a link with less than this left is replaced, so a page never hands out a dying one
INTRO = "intro"  # the one folder outside the families that links may point into (the introductory film)
ARCHIVES = ".archives"
_SECRET = secrets.token_bytes(32)
_LOCK = threading.Lock()
_ISSUED: dict[tuple[str, str, bool], tuple[str, float]] = {}  # (session, file, download) -> (token, expiry)


class LinkRefused(WorkbenchError):
    """The link is forged, expired, or its session or right to the family has ended."""


@dataclass(frozen=True)
class Grant:
    """What a followed link may serve, after every check has passed."""

    path: Path
    account: Account
    family_code: str  # "" for the introductory film
    download: bool
    once: bool  # delete the file once it has been sent (an archive made for download)
    expiry: int


# -- sessions ---------------------------------------------------------------------
def _forget_links(session: str) -> None:
    with _LOCK:
        for key in [k for k in _ISSUED if k[0] == session]:
            del _ISSUED[key]


sessions.on_forget(_forget_links)


# -- making links --------------------------------------------------------------------
def _relative(path: Path) -> tuple[str, str]:
    """The file's path under the data root, and its family's code; refuses anything else."""
    return _under(Path(path).resolve(), data_root(), path)  # data_root() is resolved already


def _under(resolved: Path, root: Path, path: Path) -> tuple[str, str]:
    """``_relative`` for a path already resolved, against the resolved data root."""
    if not resolved.is_relative_to(root):
        raise ValueError(f"refusing to link to a file outside the data root: {path}")
    parts = resolved.relative_to(root).parts
    if len(parts) >= 3 and parts[0] == FAMILIES and parts[2] != STORE_FILE and not parts[1].startswith("."):
        return "/".join(parts), validate_family_code(parts[1])
    if len(parts) == 2 and parts[0] == ARCHIVES and parts[1].endswith(".zip") and "-" in parts[1]:
        return "/".join(parts), validate_family_code(parts[1].rsplit("-", 1)[0])
    if len(parts) >= 2 and parts[0] == INTRO:
        return "/".join(parts), ""
    raise ValueError(f"refusing to link to a file that is not a family's media: {path}")


def token_for(path: Path, session: str, username: str, *, download: bool = False, browser: str = "",
              now: float | None = None) -> str:
    """A signed token for ``path``; the same one while it has a while to run, so players need not reload.

    ``browser`` (a fingerprint of a cookie only that browser holds) ties the link to it: anyone else who gets
    hold of the address is refused, even while the session lasts.
    """
    return _file_token(_relative(path)[0], session, username, download, browser, now)


def tokens_for(paths: list[Path], session: str, username: str, *, browser: str = "") -> list[str]:
    """Tokens for many files at once (a filmstrip's hundreds of pictures): the data root and each folder are
    resolved once, each file only when it is itself a link, with the same refusals as ``token_for``."""
    root, folders, tokens = data_root(), {}, []
    for path in map(Path, paths):
        if path.name in ("", ".", "..") or path.is_symlink():
            resolved = path.resolve()
        else:
            if path.parent not in folders:
                folders[path.parent] = path.parent.resolve()
            resolved = folders[path.parent] / path.name
        tokens.append(_file_token(_under(resolved, root, path)[0], session, username, False, browser, None))
    return tokens


def _file_token(relative: str, session: str, username: str, download: bool, browser: str, now: float | None
                ) -> str:
    now = time.time() if now is None else now
    key = (session, relative, download)
    with _LOCK:
        issued = _ISSUED.get(key)
        if issued and issued[1] - now > RENEW_WHEN_S:
            return issued[0]
        expiry = int(now + LINK_MINUTES * 60)
        once = relative.startswith(ARCHIVES + "/")
        token = _seal([session, username, relative, str(expiry), "d" if download else "", "1" if once else "",
                       browser])
        _ISSUED[key] = (token, expiry)
        return token


def _seal(fields: list[str]) -> str:
    encoded = base64.urlsafe_b64encode("\n".join(fields).encode()).decode().rstrip("=")
    return f"{encoded}.{_sign(encoded)}"


def _sign(encoded: str) -> str:
    return hmac.new(_SECRET, encoded.encode(), hashlib.sha256).hexdigest()[:40]


# -- following links -----------------------------------------------------------------
def follow(token: str, *, browser: str = "", session_alive=None, now: float | None = None) -> Grant:
    """Check a token against the world as it is now; LinkRefused unless every check passes.

    ``session_alive(session_id)`` lets the server say whether the Streamlit session still exists.
    """
    _, account, relative, download, once, expiry = _checked(token, browser, session_alive, now)
    if relative.startswith((STAGE, MADE, UPLOAD)):
        raise LinkRefused("not a file")
    path = data_root() / PurePosixPath(relative)
    try:
        _, code = _relative(path)
    except (ValueError, InvalidInput):
        raise LinkRefused("not a family's media") from None
    if code:
        try:
            family = FamilyStore().load(code)
        except WorkbenchError:
            raise LinkRefused("no such family") from None
        if not can_view(account, family):
            raise LinkRefused("no right to the family")
        if _review_film(family, path) and not can_code(account, family):
            raise LinkRefused("no right to the shared-review film")
        if TRAINING_FOLDER in path.parts and not (family.has_consent(ConsentScope.TRAINING)
                                                  and can_edit(account, family)):
            raise LinkRefused("no consent to use in training, or not the family's guider")
    if not path.is_file():
        raise LinkRefused("no such file")
    return Grant(path, account, code, download == "d", once == "1", expiry)


def _review_film(family, path: Path) -> bool:
    """Whether ``path`` is a file of one of the family's shared-review films (films for supervision)."""
    ids = {c.review_film.id for c in family.cycles if c.review_film is not None}
    return any(part in ids for part in path.parts)


def _checked(token: str, browser: str, session_alive, now: float | None
             ) -> tuple[str, Account, str, str, str, int]:
    """The session, account, file, download and once flags, and expiry, of a genuine, live and still held token."""
    encoded, _, signature = token.partition(".")
    if not signature or not hmac.compare_digest(_sign(encoded), signature):
        raise LinkRefused("forged")
    try:
        padded = encoded + "=" * (-len(encoded) % 4)
        session, username, relative, expiry, download, once, bound = (
            base64.urlsafe_b64decode(padded).decode().split("\n"))
    except (ValueError, UnicodeDecodeError):
        raise LinkRefused("malformed") from None
    if bound and not hmac.compare_digest(bound, browser):
        raise LinkRefused("another browser")
    if (time.time() if now is None else now) > int(expiry):
        raise LinkRefused("expired")
    if not sessions.holds(session, username):
        raise LinkRefused("signed out")
    if session_alive is not None and not session_alive(session):
        sessions.signed_out(session)
        raise LinkRefused("session ended")
    account = load_accounts().get(username)
    if account is None:
        raise LinkRefused("no such account")
    return session, account, relative, download, once, int(expiry)


# -- the audience view's stage ---------------------------------------------------------
STAGE = ":stage"  # not a path: a link to the cue the audience view follows


@dataclass(frozen=True)
class StageGrant:
    """What a followed stage link names: whose cue, for which review, from which session, until when."""

    session: str
    account: Account
    review: str  # the open review it was made for (when it opened): a later review is not this link's
    expiry: int


def stage_token(session: str, username: str, review: str, *, browser: str = "", now: float | None = None) -> str:
    """A checked link for an audience view to follow the guider's cue of one review (a film link's checks)."""
    return _token(session, username, f"{STAGE}/{review}", browser, now)


def _token(session: str, username: str, relative: str, browser: str, now: float | None,
           minutes: int = LINK_MINUTES) -> str:
    now = time.time() if now is None else now
    return _seal([session, username, relative, str(int(now + minutes * 60)), "", "", browser])


def follow_stage(token: str, *, browser: str = "", session_alive=None, now: float | None = None) -> StageGrant:
    """The session, account and review behind a stage link; LinkRefused unless it is one, and still good."""
    session, account, relative, _, _, expiry = _checked(token, browser, session_alive, now)
    if not relative.startswith(STAGE + "/"):
        raise LinkRefused("not a stage link")
    return StageGrant(session, account, relative.removeprefix(STAGE + "/"), expiry)


# -- files made when fetched (a calendar, the supervision record) -------------------------
MADE = ":made"  # not a path: what to make, and of what, checked again when it is fetched


def made_token(session: str, username: str, kind: str, arg: str, *, browser: str = "",
               now: float | None = None) -> str:
    """A checked link to a file made when it is fetched (``workbench.trust.downloads`` kind ``kind``, of ``arg``)."""
    return _token(session, username, f"{MADE}/{kind}/{arg}", browser, now)


def follow_made(token: str, *, browser: str = "", session_alive=None, now: float | None = None
                ) -> tuple[Account, str, str]:
    """The account, kind and argument behind a made link; LinkRefused unless it is one, and still good."""
    _, account, relative, _, _, _ = _checked(token, browser, session_alive, now)
    if not relative.startswith(MADE + "/"):
        raise LinkRefused("not a made link")
    kind, _, arg = relative.removeprefix(MADE + "/").partition("/")
    return account, kind, arg


# -- sending a film (the Film step's upload) ---------------------------------------------
UPLOAD = ":upload"  # not a path: the family a film may be sent to, under which consent
UPLOAD_MINUTES = 8 * 60  # a long film on a slow line: the session, the right and the consent are checked per piece


@dataclass(frozen=True)
class UploadGrant:
    account: Account
    family_code: str
    scope: ConsentScope  # the consent the film needs (filming, or filming the shared review)
    session: str


def upload_token(session: str, username: str, code: str, scope: str, *, browser: str = "",
                 now: float | None = None) -> str:
    """A checked link to send a film to the family ``code`` (``workbench.ui.uploads``)."""
    relative = f"{UPLOAD}/{validate_family_code(code)}/{ConsentScope(scope).value}"
    return _token(session, username, relative, browser, now, UPLOAD_MINUTES)


def follow_upload(token: str, *, browser: str = "", session_alive=None, now: float | None = None) -> UploadGrant:
    """The account, family and consent behind an upload link; LinkRefused unless it is one, and still good (the
    family's own rules are the caller's to check, with the account's store guard)."""
    session, account, relative, _, _, _ = _checked(token, browser, session_alive, now)
    if not relative.startswith(UPLOAD + "/"):
        raise LinkRefused("not an upload link")
    code, _, scope = relative.removeprefix(UPLOAD + "/").partition("/")
    try:
        return UploadGrant(account, validate_family_code(code), ConsentScope(scope), session)
    except (ValueError, InvalidInput):
        raise LinkRefused("malformed") from None
