"""The VIG guider workbench: a router over the steps of the VIG cycle, by the signed-in account's roles."""

import streamlit as st

from workbench.core.config import private_files
from workbench.trust.accounts import Role
from workbench.ui import pages
from workbench.ui.audience import end_of_review, locked_screen, mark_review_ended, review_ended
from workbench.ui.auth import idle_watch, open_audience_window, sign_in_page, sign_out, signed_in_account
from workbench.ui.brand import app_icon
from workbench.ui.menu import menu, readable_theme
from workbench.ui.state import audience_over, follow_next_page, keep_family_in_url, shared_lock, shared_view

private_files()  # already so under serve.py; here too for any other way the app is run
st.set_page_config(page_title="VIG workbench", page_icon=app_icon(), layout="wide")
readable_theme()
open_audience_window()
account = signed_in_account()
if account and audience_over():  # a carer's screen whose review has ended never becomes the guider's app
    sign_out()
    account = mark_review_ended()
roles = set(account.roles) if account else set(Role)  # signed out: every page, so a deep link survives sign-in
families = bool(roles & {Role.GUIDER, Role.SUPERVISOR})

sections: dict[str, list] = {}
if shared := shared_lock():
    # While the guider's shared screen is open, it is the only page there is: Back, a typed address or an old
    # link all land on it, and only the guider's PIN closes it.
    sections["Shared review"] = pages.shared_only(shared_view(shared))
elif families:
    sections["Families"] = [pages.CASELOAD.page(default=True)]
    # A supervisor makes no training copies: the page stays for a typed address, but not in their menu.
    sections["The VIG cycle"] = [spec.page() for spec in pages.CYCLE] + [
        pages.REVIEW_FILM.page(), pages.TRAINING.page(listed=Role.GUIDER in roles)]
if Role.ADMIN in roles and not shared:
    sections["Administration"] = [spec.page(default=not families and spec is pages.ACCOUNTS)
                                  for spec in pages.ADMINISTRATION]
if not shared:
    sections["You"] = [pages.MY_ACCOUNT.page()] + ([pages.SUPERVISION.page()] if families else [])
if account and not shared:  # a shared screen's old address, once it is closed: the account's own first page
    first = pages.CASELOAD if families else pages.ACCOUNTS if Role.ADMIN in roles else pages.MY_ACCOUNT
    sections["You"] += pages.leading_to(first, list(pages.SHARED_VIEWS))
if account is None:  # an old address of a shared screen asks for a sign-in too, not "page not found"
    sections["Shared review"] = [spec.page() for spec in pages.SHARED_VIEWS]
navigation = st.navigation(sections, position="hidden")  # the menu is drawn by menu(), accessibly

if account is None and review_ended():
    end_of_review()  # calm words on the carer's screen, never a sign-in form
if account is None and navigation.url_path in {spec.address for spec in pages.SHARED_VIEWS}:
    locked_screen()  # a shared screen reloaded: neutral words to the carer, the guider's sign-in one click away
if account is None:
    sign_in_page()  # the deep link (page and ?family=) is kept for after signing in
    st.stop()
follow_next_page()
if not shared:  # the carer's screen shows no menu: nothing of the caseload or of other families
    menu(sections, account)
idle_watch()
if not shared:
    keep_family_in_url()
navigation.run()
