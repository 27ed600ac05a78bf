"""Who may see and change which family: the rules every page and service goes through.

The consent forms promise that only the guider and their VIG supervisor see
the films. So:

- a **guider** sees and changes only the families they own (``Family.guider_account``);
- a **supervisor** sees, read-only, the families of the guiders they supervise,
  and only while the carers' supervisor-viewing consent stands; they may add
  supervision comments;
- an **admin** sees no family content unless also a guider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from ..core.caseload import FamilySummary
from ..core.errors import WorkbenchError
from ..core.store import FamilyStore
from ..core.validation import build
from ..model import ConsentScope, Family, SupervisionComment
from .accounts import Account, Role


class AccessDenied(WorkbenchError):
    """This account may not see, or may not change, this family."""


def _owns(account: Account, guider_account: str) -> bool:
    return account.has(Role.GUIDER) and bool(guider_account) and guider_account == account.username


def _supervises(account: Account, guider_account: str) -> bool:
    return account.has(Role.SUPERVISOR) and bool(guider_account) and guider_account in account.supervises


def can_view(account: Account, family: Family) -> bool:
    return _owns(account, family.guider_account) or (
        _supervises(account, family.guider_account) and family.has_consent(ConsentScope.SUPERVISOR_VIEWING))


def can_edit(account: Account, family: Family) -> bool:
    return _owns(account, family.guider_account)


def can_code(account: Account, family: Family) -> bool:
    """Who sees and codes a family's shared-review films: its guider, and their supervisor only while the carers'
    consents to supervisor viewing and to filming the shared review for supervision both stand."""
    return _owns(account, family.guider_account) or (
        _supervises(account, family.guider_account) and family.has_consent(ConsentScope.SUPERVISOR_VIEWING)
        and family.has_consent(ConsentScope.REVIEW_FILMING))


def can_comment(account: Account, family: Family) -> bool:
    return not can_edit(account, family) and can_view(account, family)


def check_view(account: Account, family: Family) -> None:
    """Raise AccessDenied with a sentence that never reveals whose family it is."""
    if can_view(account, family):
        return
    if _supervises(account, family.guider_account):
        raise AccessDenied(f"The carers of family {family.code} have not consented to viewing by a VIG supervisor "
                           "(or have withdrawn it), so it is closed to supervisors.")
    raise AccessDenied(f"Family {family.code} is not on your caseload, or does not exist.")


def check_edit(account: Account, family: Family) -> None:
    if can_edit(account, family):
        return
    check_view(account, family)
    raise AccessDenied("You are viewing this family as its guider's supervisor: you can read it and add "
                       "supervision comments, but not change it.")


def edit_guard(account: Account) -> Callable[[Family], None]:
    """A FamilyStore guard: every write to a family this account may not change is refused before it happens."""
    return lambda family: check_edit(account, family)


def visible(account: Account, summaries: Iterable[FamilySummary]) -> list[FamilySummary]:
    """The caseload this account sees: own families, and supervised guiders' families.

    A supervised family without supervisor-viewing consent is still listed (so
    the supervisor knows it exists) but cannot be opened. Unreadable stores are
    listed only to their owner, and to no one if the owner is unknown.
    """
    return [s for s in summaries if _owns(account, s.guider_account) or _supervises(account, s.guider_account)]


def may_follow(account: Account, summary: FamilySummary) -> bool:
    """Whether the caseload may show this family's stage, next step and sessions to ``account``: its guider, or
    a supervisor while the supervisor-viewing consent stands (as the index last read it; opening checks again)."""
    return summary.readable and (_owns(account, summary.guider_account) or (
        _supervises(account, summary.guider_account) and summary.supervisor_consent_on(date.today())))


def unassigned(summaries: Iterable[FamilySummary], guiders: Iterable[str]) -> list[FamilySummary]:
    """Readable families no current guider owns (made before accounts, or whose guider left): for an admin to assign."""
    known = set(guiders)
    return [s for s in summaries if s.readable and s.guider_account not in known]


def assign(store: FamilyStore, code: str, guider: Account) -> None:
    """Give a family to a guider's account (an admin's task; the family's content is not shown)."""
    if not guider.has(Role.GUIDER):
        raise AccessDenied(f"{guider.display_name} is not a guider, so cannot own a family.")

    def give(family: Family) -> None:
        family.guider_account = guider.username

    FamilyStore(store.root).update(code, give)


def add_supervision_comment(store: FamilyStore, code: str, account: Account, text: str) -> SupervisionComment:
    """A supervisor's comment, checked against the freshest family (consent may have been withdrawn since)."""
    def comment(family: Family) -> SupervisionComment:
        if not can_comment(account, family):
            check_view(account, family)
            raise AccessDenied("Only the guider's supervisor can add supervision comments.")
        added = build(SupervisionComment, by=account.username, text=text)
        family.supervision = [*family.supervision, added]
        return added

    # An unguarded store: the supervisor may not change the family, except to add this comment.
    return FamilyStore(store.root).update(code, comment)
