"""The Summary step's panels: the summary's preview, and every download of the family."""

from __future__ import annotations

from html import escape

import streamlit as st

from workbench import exports
from workbench.archive import export_family
from workbench.audit import AuditEvent
from workbench.documents import write_docx, write_pdf
from workbench.media import reels
from workbench.media.library import FilmFiles
from workbench.media.probe import size
from workbench.model import Family
from workbench.summary import Heading, Paragraph, Picture, Quote, Summary, Table, build_summary, summary_folder

from .film import compose_and_offer, copies_section
from .media import media_url
from .state import store
from .widgets import audit, plain


def build(family: Family) -> Summary | None:
    """Build the summary and its two documents, with a progress bar."""
    bar = st.progress(0.0, text="Putting the summary together…")
    summary = build_summary(store(), family.code, lambda f: bar.progress(f * 0.8, text="Putting the summary together…"))
    folder = summary_folder(store(), family.code)
    write_docx(summary, folder / f"summary-{family.code}.docx")
    bar.progress(0.9, text="Writing the documents…")
    write_pdf(summary, folder / f"summary-{family.code}.pdf")
    for cycle in _analysed(family):
        proxy = FilmFiles.of(store(), family.code, cycle.film.id).proxy
        exports.write_eaf(family, cycle, proxy, folder / f"cycle-{cycle.number}-{family.code}.eaf")
    bar.empty()
    return summary


def _analysed(family: Family):
    return [c for c in family.cycles if c.film and c.film.ready and c.clips]


def preview(summary: Summary) -> None:
    with st.container(border=True):
        st.header(summary.title, anchor=False)
        for block in summary.blocks:
            if isinstance(block, Heading):
                (st.subheader if block.level == 1 else st.markdown)(
                    plain(block.text) if block.level == 1 else f"**{plain(block.text)}**")
            elif isinstance(block, Paragraph):
                st.markdown((f"**{plain(block.bold_lead)}** " if block.bold_lead else "") + plain(block.text))
            elif isinstance(block, Quote):
                st.markdown(f"> “{plain(block.text)}”" + (f"  \n> — {plain(block.who)}" if block.who else ""))
            elif isinstance(block, Picture):
                st.image(str(block.path), caption=block.caption, width=int(block.width_cm * 38),
                         alt=block.caption or "A picture from the summary")
            elif isinstance(block, Table) and not any(block.header):  # key and value lines, as on the cover
                st.markdown("  \n".join(f"**{plain(key)}:** {plain(value)}" for key, value in block.rows))
            elif isinstance(block, Table):
                st.dataframe([dict(zip(block.header, row, strict=True)) for row in block.rows], hide_index=True)


def downloads(family: Family) -> None:
    folder = summary_folder(store(), family.code)
    docs = st.columns(2)
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    for column, kind, mime in ((docs[0], "docx", word),
                               (docs[1], "pdf", "application/pdf")):
        path = folder / f"summary-{family.code}.{kind}"
        if path.exists():
            column.download_button(f"Summary as {'Word' if kind == 'docx' else 'PDF'}", path.read_bytes(),
                                   file_name=path.name, mime=mime, icon=":material/description:", width="stretch",
                                   on_click=audit, args=(AuditEvent.EXPORT, family.code))
    st.subheader("Clips for other tools", anchor=False)
    st.download_button("All clips as a spreadsheet (CSV)", exports.clips_csv(family),
                       file_name=f"clips-{family.code}.csv",
                       mime="text/csv", icon=":material/table:", on_click=audit, args=(AuditEvent.EXPORT, family.code))
    for cycle in _analysed(family):
        eaf = folder / f"cycle-{cycle.number}-{family.code}.eaf"
        left, right = st.columns(2)
        if eaf.exists():
            left.download_button(f"Cycle {cycle.number} for ELAN (.eaf)", eaf.read_bytes(), file_name=eaf.name,
                                 mime="application/xml", icon=":material/segment:", width="stretch",
                                 on_click=audit, args=(AuditEvent.EXPORT, family.code))
        right.download_button(f"Cycle {cycle.number} chapters (WebVTT)", exports.chapters_vtt(family, cycle),
                              file_name=f"cycle-{cycle.number}-{family.code}.vtt", mime="text/vtt",
                              icon=":material/subtitles:", width="stretch",
                              on_click=audit, args=(AuditEvent.EXPORT, family.code))


def reels_panel(family: Family) -> None:
    ready = [c for c in family.cycles if c.film and c.film.ready and any(clip.chosen for clip in c.clips)]
    if not ready:
        return
    if not copies_section(family, "Review reels for the carer"):
        return
    for cycle in ready:
        if st.button(f"Make the review reel of cycle {cycle.number}", key=f"reel_{cycle.number}"):
            compose_and_offer(lambda progress, n=cycle.number: reels.review_reel(store(), family.code, n, progress),
                              f"review-reel-{family.code}-cycle-{cycle.number}.mp4", family.code)


def archive_panel(family: Family) -> None:
    st.subheader("The whole family in one file", anchor=False)
    st.caption("An archive holds the records, films, clips and stills, with a checksum for every file, to restore "
               "the family on another computer. Keep it as safe as the films themselves.")
    if st.button("Make the archive", icon=":material/inventory_2:"):
        with st.spinner("Packing the family…"):
            target = store().root / ".archives" / f"{family.code}.zip"
            export_family(store(), family.code, target)
        audit(AuditEvent.ARCHIVE, family.code)
        # Streamed from disk through the app's media route: an archive can be larger than memory allows.
        st.html(f'<a href="{escape(media_url(target))}" download="{escape(target.name)}" '
                f'style="font-size:1.05rem">Download {escape(target.name)} ({size(target.stat().st_size)})</a>')
