"""Restoring a family from its archive, on the caseload."""

from __future__ import annotations

import uuid
from pathlib import Path

import streamlit as st

from workbench.archive import import_family
from workbench.audit import AuditEvent
from workbench.errors import FamilyExists, WorkbenchError

from .state import current_account, open_family, store
from .widgets import audit


def restore_panel() -> None:
    with st.expander("Restore a family from an archive", icon=":material/unarchive:"):
        uploaded = st.file_uploader("Archive (.zip)", type=["zip"], help="For large archives, give the path instead.")
        path = st.text_input("…or the archive's full path on this computer", placeholder="/media/usb/VIG-0001.zip")
        rename = st.text_input("Restore under another code (only if its code is already used here)", max_chars=32)
        if st.button("Restore", icon=":material/unarchive:", disabled=not (uploaded or path.strip())):
            temporary = None
            try:
                if uploaded is not None:
                    temporary = store().root / ".archives" / f"incoming-{uuid.uuid4().hex}.zip"
                    temporary.parent.mkdir(parents=True, exist_ok=True)
                    temporary.write_bytes(uploaded.getvalue())
                code = import_family(store(), temporary or Path(path.strip()).expanduser(), rename.strip() or None,
                                     owner=current_account().username)
            except FamilyExists as error:
                st.error(f"{error.message} To keep both, type another code above and restore again.",
                         icon=":material/error:")
            except WorkbenchError as error:
                st.error(error.message, icon=":material/error:")
            else:
                audit(AuditEvent.ARCHIVE, code)
                open_family(code)
            finally:
                if temporary is not None:
                    temporary.unlink(missing_ok=True)
