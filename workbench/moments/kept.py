"""Keeping what a long job made, only if its family and film are still there: never after an erasure.

A job over a film can run for minutes; meanwhile the family may be erased or the
film removed. What it made is published under the family's lock (which an erasure
holds while it deletes), and only if the film's folder is still there; and if an
erasure got in first, anything the job's own writing brought back is deleted again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..core.errors import InvalidInput, WorkbenchError
from ..core.store import FamilyStore
from ..model import ConsentScope

T = TypeVar("T")


def keep(store: FamilyStore, code: str, film_folder: Path, write: Callable[[], T],
         needs: tuple[ConsentScope, ...] = ()) -> T:
    """Run ``write`` under the family's lock if the film at ``film_folder`` still exists and the consents
    ``needs`` still stand; else nothing is kept."""
    try:
        with store.locked(code):
            if not film_folder.is_dir():
                raise InvalidInput("The film was removed while this was being made; nothing was kept.")
            family = store.load(code)
            if not all(family.has_consent(scope) for scope in needs):
                raise InvalidInput("A consent this needs was withdrawn while it was being made; nothing was kept.")
            return write()
    except WorkbenchError:
        if store.is_erased(code):
            shutil.rmtree(store.family_dir(code), ignore_errors=True)  # whatever the job's writing brought back
        raise
