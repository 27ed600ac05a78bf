"""A guider's supervision portfolio for the accreditation panel, as Word and PDF: codes only, never a name.

Built from the supervision log and the progress counted from the store, in the
same blocks as the end-of-intervention summary, and written by the same
document writers. Before anything is written, every text is checked against
the names of the children and carers in the guider's families.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from ..core.config import data_root
from ..core.errors import InvalidInput
from ..core.settings import load_settings
from ..core.words import long_date
from ..cycle.blocks import Heading, Paragraph, Quote, Summary, Table
from ..cycle.pdf import write_pdf
from ..cycle.word import write_docx
from ..model import SupervisionLog
from ..trust import audit
from ..trust.accounts import Account, load_accounts
from ..trust.audit import AuditEvent
from ..trust.downloads import Made, maker
from ..trust.pseudonyms import REDACTED, names_in, redact
from .accreditation import STAGES, Progress
from .agreement import agreement, strength
from .coding import layer_of
from .log import FOLDER, guider_families, standing


def build_portfolio(account: Account, guider: str, root: Path | None = None) -> Summary:
    log, progress = standing(account, guider, root, audited=False)  # the export itself is audited
    people = load_accounts(root)
    who = people[guider].display_name if guider in people else guider
    log, taken_out = _without_names(log, names_in(guider_families(guider, root)))
    record = Summary(f"VIG supervision record: {who}")
    if taken_out:
        many = taken_out != 1
        record.add(Paragraph(f"{taken_out} name{'s' * many} of children or carers written in the notes "
                             f"{'were' if many else 'was'} taken out of this record and shown as {REDACTED}."))
    record.add(*_standing(progress))
    record.add(*_sessions(log, people))
    record.add(*_agreement(guider, root))
    record.add(Heading("Reflective statement"),
               Quote(log.statement) if log.statement else Paragraph("Not written yet."))
    record.add(Paragraph(f"Audit log when this was made: {audit.fingerprint(root)}.", bold_lead="Record:"))
    return record


def _without_names(log: SupervisionLog, names: set[str]) -> tuple[SupervisionLog, int]:
    """The log with any child's or carer's name in its words replaced: the record holds codes only, always."""
    count = 0

    def clean(text: str) -> str:
        nonlocal count
        cleaned, found = redact(text, names)
        count += found
        return cleaned

    sessions = [s.model_copy(update={"notes": clean(s.notes), "actions": clean(s.actions),
                                     "reflection": clean(s.reflection)}) for s in log.sessions]
    return log.model_copy(update={"sessions": sessions, "statement": clean(log.statement)}), count


def _standing(progress: Progress) -> list:
    stage = progress.targets.stage
    lead = ("All three stages are signed off." if progress.accredited else f"Working towards stage {stage}"
            + (f", counting since stage {stage - 1} was signed off on {long_date(progress.since)}." if progress.since
               else "."))
    rows = tuple((label, f"{getattr(progress.counts, what):g}", str(getattr(progress.targets, what)))
                 for what, label in (("cycles", "Cycles with the shared review written up"),
                                     ("clients", "Different families"), ("hours", "Hours of supervision")))
    return [Heading("Where the guider stands"), Paragraph(lead),
            Table(("Counted from the records", "Done", f"Stage {stage} needs"), rows),
            Paragraph(progress.counted_families, bold_lead="Families counted:"),
            Paragraph("", bold_lead="What each stage needs:"),
            Table(("Stage", "Cycles", "Different families", "Hours of supervision"),
                  tuple((str(s.stage), str(s.cycles), str(s.clients), str(s.hours)) for s in STAGES))]


def _agreement(guider: str, root: Path | None) -> list:
    """Each shared-review film the guider and another coder both coded: when, how much overlapped, mean kappa."""
    step_ms = round(load_settings(root).agreement_step_s * 1000)
    names = {n: a.display_name for n, a in load_accounts(root).items()}
    rows = []
    for family in guider_families(guider, root):
        for cycle in family.cycles:
            film = cycle.review_film
            mine = layer_of(cycle, guider)
            if film is None or film.proxy is None or mine is None or not mine.ready:
                continue
            for other in (c for c in cycle.codings if c.ready and c.coder != guider):
                result = agreement(mine.clips, other.clips, film.proxy.duration_ms, step_ms)
                kappas = [p.kappa for p in result.principles if p.kappa is not None]
                mean = sum(kappas) / len(kappas) if kappas else None
                rows.append((film.filmed_on, family.code, str(cycle.number), names.get(other.coder, other.coder),
                             "—" if result.overlap is None else f"{result.overlap:.0%}",
                             "—" if mean is None else f"{mean:.2f} ({strength(mean)})"))
    blocks: list = [Heading("Agreement with the supervisor")]
    if not rows:
        return [*blocks, Paragraph("No shared-review film has been coded by both the guider and the supervisor yet.")]
    return [*blocks, Paragraph(f"Cohen's kappa per Principle over {step_ms / 1000:g} s steps, averaged over the "
                               "Principles either coder marked; overlap is the time both marked of the time either "
                               "marked."),
            Table(("Filmed", "Family", "Cycle", "With", "Overlap", "Mean kappa"),
                  tuple((long_date(day), *rest) for day, *rest in sorted(rows)))]


def _sessions(log: SupervisionLog, people: dict[str, Account]) -> list:
    if not log.sessions:
        return [Heading("Supervision sessions"), Paragraph("None recorded yet.")]
    hours, count = sum(s.minutes for s in log.sessions) / 60, len(log.sessions)
    blocks: list = [Heading("Supervision sessions"),
                    Paragraph(f"{count} session{'s' if count != 1 else ''}, {hours:g} hours in all."),
                    Table(("Date", "Minutes", "Stage", "Families", "Supervisor"), tuple(
                        (long_date(s.held_on), str(s.minutes), str(s.stage) + (" (signed off)" if s.signs_off_stage
                                                                           else ""),
                         ", ".join(s.families) or "—", people[s.supervisor].display_name
                         if s.supervisor in people else s.supervisor) for s in log.sessions))]
    for s in log.sessions:
        blocks.append(Heading(f"{long_date(s.held_on)}, stage {s.stage}", level=2))
        for lead, text in (("Notes:", s.notes), ("Agreed actions:", s.actions), ("Reflection:", s.reflection)):
            if text:
                blocks.append(Paragraph(text, bold_lead=lead))
    return blocks


def portfolio_file(account: Account, guider: str, kind: str, root: Path | None = None) -> bytes:
    """The portfolio as ``docx`` or ``pdf`` bytes, made now; nothing of it stays on disk afterwards."""
    writer = {"docx": write_docx, "pdf": write_pdf}[kind]
    record = build_portfolio(account, guider, root)
    folder = (root or data_root()) / FOLDER
    target = folder / f".portfolio-{uuid.uuid4().hex}.{kind}"
    try:
        made = writer(record, target).read_bytes()
    finally:
        target.unlink(missing_ok=True)
    audit.record(account.username, AuditEvent.EXPORT, root=root, detail=f"supervision record of {guider} ({kind})")
    return made


RECORD = "supervision-record"  # the kind of download (workbench.trust.downloads)
TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}


@maker(RECORD)
def _record(account: Account, arg: str) -> Made:
    """The record of ``arg`` ("guider/pdf" or "guider/docx"), made when fetched, for its readers only."""
    guider, _, kind = arg.partition("/")
    if kind not in TYPES:
        raise InvalidInput("A supervision record is made as Word or PDF.")
    return Made(portfolio_file(account, guider, kind), TYPES[kind])  # audited as it is made
