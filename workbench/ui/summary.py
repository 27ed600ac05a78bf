"""The Summary step's panels: the summary's preview, and every download of the family."""

from __future__ import annotations

import streamlit as st

from workbench.care.archive import download_path, export_family
from workbench.core.words import size
from workbench.cycle import exports
from workbench.cycle.blocks import Card, Heading, Paragraph, Picture, Quote, Summary, Table
from workbench.cycle.documents import queue_summary, summary_documents
from workbench.cycle.summary import LETTER_SAVED, saved_summary, summary_folder, summary_subject
from workbench.model import Family
from workbench.trust.audit import AuditEvent

from .film import copies_section, reel_button
from .jobs import ask_for, follow_job
from .media import download_link, picture
from .state import store
from .widgets import audit, plain


def make_button(family: Family) -> None:
    """Ask the queue for the summary; its progress, then the summary itself, follow."""
    if st.button("Make the summary", type="primary", icon=":material/auto_stories:"):
        ask_for(lambda: queue_summary(store(), family.code))


def made(family: Family, editing: bool) -> None:
    """The summary last made: its downloads (for its guider) and its preview, or its progress while being made."""
    follow_job(summary_subject(family.code), "Putting the summary together…", lambda _: None)
    summary = saved_summary(store(), family.code)
    if summary is None:
        return
    if editing:
        downloads(family)
    letter = saved_summary(store(), family.code, LETTER_SAVED)
    if letter is None:  # made before the letter was
        preview(summary)
        return
    records, carers = st.tabs(["Summary for the case records", "Letter for the carer"])
    with records:
        preview(summary)
    with carers:
        preview(letter)


def preview(summary: Summary) -> None:
    with st.container(border=True):
        st.header(plain(summary.title), anchor=False)
        if summary.opening:
            st.markdown(plain(summary.opening))
        for block in summary.blocks:
            if isinstance(block, Heading):
                (st.subheader if block.level == 1 else st.markdown)(
                    plain(block.text) if block.level == 1 else f"**{plain(block.text)}**")
            elif isinstance(block, Paragraph):
                st.markdown((f"**{plain(block.bold_lead)}** " if block.bold_lead else "") + plain(block.text))
            elif isinstance(block, Quote):
                st.markdown(f"> “{plain(block.text)}”" + (f"  \n> — {plain(block.who)}" if block.who else ""))
            elif isinstance(block, Picture):
                picture(block.path, block.described or "A picture from the summary", caption=block.caption,
                        width=int(block.width_cm * 38))
            elif isinstance(block, Table) and not any(block.header):  # key and value lines, as on the cover
                st.markdown("  \n".join(f"**{plain(key)}:** {plain(value)}" for key, value in block.rows))
            elif isinstance(block, Table):
                st.dataframe([dict(zip(block.header, row, strict=True)) for row in block.rows], hide_index=True)
            elif isinstance(block, Card):
                card(block)


def card(moment: Card) -> None:
    """A moment as the documents show it: the still beside its words, the carer's words below."""
    with st.container(border=True):
        still, words = st.columns([2, 3])
        if moment.picture:
            with still:
                picture(moment.picture, moment.alt or moment.caption)
        words.markdown(f"**{plain(moment.title)}**  \n{plain(moment.caption)}")
        if moment.principles:
            words.caption(plain(moment.principles))
        for asked, said in moment.words:
            st.markdown(f"**{plain(asked)}**  \n*“{plain(said)}”*")


def downloads(family: Family) -> None:
    folder = summary_folder(store(), family.code)
    made = summary_documents(store(), family.code)
    for row in (made[:2], made[2:]):
        for column, document in zip(st.columns(2), row, strict=False):
            download_link(document.label, document.path, where=column)
    st.header("Clips for other tools", anchor=False)
    for offered in exports.clip_downloads(family, folder):
        download_link(offered.label, offered.path)


def reels_panel(family: Family) -> None:
    ready = [c for c in family.cycles if c.film and c.film.ready and any(clip.chosen for clip in c.clips)]
    if not ready:
        return
    if not copies_section(family, "Review reels for the carer"):
        return
    for cycle in ready:
        reel_button(family, cycle.number, key=f"reel_{cycle.number}")


def archive_panel(family: Family) -> None:
    st.header("The whole family in one file", anchor=False)
    st.caption("An archive holds the records, films, clips and stills, with a checksum for every file, to restore "
               "the family on another computer. Keep it as safe as the films themselves.")
    if st.button("Make the archive", icon=":material/inventory_2:"):
        with st.spinner("Packing the family…"):
            target = export_family(store(), family.code, download_path(store(), family.code))
        audit(AuditEvent.ARCHIVE, family.code)
        # Streamed from disk through the checked route, and deleted once it has been sent: never left lying.
        download_link(f"Download {family.code}.zip ({size(target.stat().st_size)})", target,
                      name=f"{family.code}.zip")
        st.caption("The link works once, in this session; the archive is deleted as soon as it has downloaded.")
