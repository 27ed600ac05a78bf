"""Finding 27.13: every file and folder the package writes is private by its own modes (0600, 0700), not by the
caller's umask: a notebook with the usual umask of 022 writes nothing another account on the machine can read."""

from __future__ import annotations

import os

import pytest

from workbench import FamilyStore
from workbench.cycle import clip_files as clips
from workbench.cycle.documents import make_summary
from workbench.media.library import ready_film
from workbench.trust.audit import AuditEvent, record

from ..films import family_with_film
from ..pages.helpers import account


@pytest.fixture
def loose_umask():
    before = os.umask(0o022)  # as a notebook or a script usually runs: files 0644, folders 0755
    yield
    os.umask(before)


def test_a_notebook_with_the_usual_umask_writes_only_private_files(data_root, films, loose_umask):
    store = FamilyStore()
    family_with_film(store, films["landscape"])  # the original copied in, the review copy, its filmstrip
    film = ready_film(store, store.load("VIG-0001"), 1)
    clips.export(film, 1000, 2500)  # ffmpeg's own output
    clips.still(film, 1200)
    make_summary(store, "VIG-0001")  # Word and PDF, written by their libraries
    record("ada", AuditEvent.LOGIN)
    account("ada")
    written = [p for p in data_root.rglob("*") if not p.is_symlink()]
    assert len(written) > 20
    loose = [f"{p.relative_to(data_root)} {oct(p.stat().st_mode & 0o777)}" for p in written
             if p.stat().st_mode & 0o077]
    assert loose == []
