"""Restoring a family from its archive, on the caseload: an upload, or (administrators) the import folder."""

from __future__ import annotations

import streamlit as st

from workbench.care.archive import import_family, import_folder, import_upload, importable
from workbench.core.errors import FamilyExists, WorkbenchError
from workbench.trust.accounts import Role
from workbench.trust.audit import AuditEvent

from .state import current_account, open_family, store
from .widgets import audit, problem


def restore_panel() -> None:
    admin = current_account().has(Role.ADMIN)
    with st.expander("Restore a family from an archive", icon=":material/unarchive:"):
        uploaded = st.file_uploader("Archive (.zip)", type=["zip"])
        waiting = importable(store()) if admin else []
        chosen = None
        if admin:
            st.caption(f"Very large archives: put them in the import folder ({import_folder(store())}) "
                       "and choose them here.")
            chosen = st.selectbox("…or an archive in the import folder", [None, *waiting],
                                  format_func=lambda p: "—" if p is None else p.name)
        rename = st.text_input("Restore under another code (only if its code is already used here)", max_chars=32)
        if st.button("Restore", icon=":material/unarchive:", disabled=not (uploaded or chosen)):
            _restore(uploaded, chosen, rename.strip() or None)


def _restore(uploaded, chosen, rename: str | None) -> None:
    guider = current_account().has(Role.GUIDER)
    owner = current_account().username if guider else None
    try:
        if uploaded is not None:
            code = import_upload(store(), uploaded, rename, owner=owner)
        else:
            code = import_family(store(), chosen, rename, owner=owner)
    except FamilyExists as error:
        st.error(f"{error.message} To keep both, type another code above and restore again.",
                 icon=":material/error:")
    except WorkbenchError as error:
        problem(error.message)
    except OSError as error:
        st.error(f"The archive could not be read or written ({error.strerror}); nothing was imported.",
                 icon=":material/error:")
    else:
        audit(AuditEvent.RESTORE, code, "from an upload" if uploaded is not None else "from the import folder")
        if guider:
            open_family(code)
        st.success(f"Family {code} is restored. Give it to its guider under Accounts → Families without a guider.",
                   icon=":material/check_circle:")
