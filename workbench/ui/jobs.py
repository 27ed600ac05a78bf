"""Following a job on the queue from a page: its progress while it runs, then what it made or why it failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.jobs import board
from workbench.jobs.records import Job, State

from .state import store
from .widgets import problem

POLL_S = 1.5


def ask_for(action: Callable[[], object]) -> None:
    """Put a job on the queue; a refusal (no consent, nothing chosen) is shown at once, in a sentence."""
    try:
        action()
    except WorkbenchError as error:
        problem(error.message)


def follow_job(subject: str, working: str, show: Callable[[Path], None]) -> None:
    """Show the job for ``subject``: a progress bar while it waits or runs, then ``show(made)`` or its problem."""
    job = board.find(store().root, subject)
    if job is None:
        return
    if job.live:
        _progress(subject, working)
    elif job.state == State.FAILED:
        problem(job.problem)
    elif made := board.made(store().root, job):
        show(made)


@st.fragment(run_every=POLL_S)
def _progress(subject: str, working: str) -> None:
    standing = board.standing(store().root, subject)
    job: Job | None = standing.job if standing else None
    if job is None or not job.live:
        st.rerun(scope="app")  # finished: the page shows the result
    assert standing is not None
    if job.state == State.WAITING:
        st.progress(0.0, text=f"{working} Waiting its turn: {_ahead(standing.ahead)}.")
        no_worker_note()
    else:
        st.progress(job.progress, text=f"{working} {job.progress:.0%}")


def _ahead(count: int) -> str:
    return "next in line" if count == 0 else f"{count} job{'s' * (count != 1)} ahead"


def no_worker_note() -> None:
    """Said while something waits and no consumer is running: otherwise it would wait with no sign why."""
    if not board.consumer_running(store().root):
        st.warning("No film worker is running on this server, so this waits until one starts. The app starts one "
                   "itself when run with `make run`; if it keeps waiting, ask your administrator.",
                   icon=":material/hourglass_empty:")
