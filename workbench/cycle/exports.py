"""The family's clips for other tools: a CSV for spreadsheets, an ELAN .eaf, and WebVTT chapters."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pympi
import webvtt

from ..core.principles import CUSTOM_PREFIX, principle_labels, principle_of, principles
from ..core.storages import atomic_write_bytes
from ..core.words import clock
from ..model import Cycle, Family
from .analysis import chosen, tag_label

CSV_COLUMNS = ["cycle", "start", "end", "duration_s", "principles", "sub_behaviours", "own_tags", "note",
               "chosen", "review_order"]
CV_ID = "sub-behaviours"
PRINCIPLE_TYPE = "principle"
NOTES_TIER = "Clip notes"


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a note starting with = + - or @ is shown, never run."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def clips_csv(family: Family) -> str:
    """Every clip of every cycle, one row each."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for cycle in family.cycles:
        order = {clip.id: n for n, clip in enumerate(chosen(cycle), start=1)}
        for clip in cycle.clips:
            subs = [tag_label(family, t) for t in clip.tags if "." in t and not t.startswith(CUSTOM_PREFIX)]
            own = [tag_label(family, t) for t in clip.tags if t.startswith(CUSTOM_PREFIX)]
            writer.writerow([cycle.number, clock(clip.start_ms), clock(clip.end_ms), f"{clip.duration_ms / 1000:.3f}",
                             "; ".join(principle_labels(clip.tags)), _cell("; ".join(subs)), _cell("; ".join(own)),
                             _cell(clip.note), "yes" if clip.chosen else "no", order.get(clip.id, "")])
    return out.getvalue()


def _lanes(spans: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Spread spans over as few lanes as needed so that none overlaps within a lane (ELAN tiers cannot)."""
    lanes: list[list[tuple[int, int, str]]] = []
    for span in sorted(spans):
        for lane in lanes:
            if lane[-1][1] <= span[0]:
                lane.append(span)
                break
        else:
            lanes.append([span])
    return lanes


def _tier_name(label: str, lane: int) -> str:
    return label if lane == 0 else f"{label} {lane + 1}"


def eaf(family: Family, cycle: Cycle, proxy: Path) -> pympi.Elan.Eaf:
    """One cycle's clips for ELAN: linked to the review copy, a tier per principle whose annotations come from a
    controlled vocabulary of the sub-behaviours, and the guider's notes on their own tier."""
    doc = pympi.Elan.Eaf(author="VIG workbench")
    doc.remove_tier("default")
    doc.add_linked_file(proxy.resolve().as_uri(), relpath=f"./{proxy.name}", mimetype="video/mp4")
    doc.add_language("eng", lang_label="English")
    doc.add_controlled_vocabulary(CV_ID)
    for p in principles():
        doc.add_cv_entry(CV_ID, p.id, [(p.label, "eng", None)])
        for sub in p.sub_behaviours:
            doc.add_cv_entry(CV_ID, sub.id, [(sub.label, "eng", None)])
    doc.add_linguistic_type(PRINCIPLE_TYPE, param_dict={"LINGUISTIC_TYPE_ID": PRINCIPLE_TYPE, "TIME_ALIGNABLE": "true",
                                                        "GRAPHIC_REFERENCES": "false",
                                                        "CONTROLLED_VOCABULARY_REF": CV_ID})
    for p in principles():
        spans = []
        for clip in cycle.clips:
            subs = [t for t in clip.tags if principle_of(t) == p.id and "." in t]
            if subs:
                spans += [(clip.start_ms, clip.end_ms, tag_label(family, t)) for t in subs]
            elif p.id in clip.tags:
                spans.append((clip.start_ms, clip.end_ms, p.label))
        for lane_number, lane in enumerate(_lanes(spans) or [[]]):
            tier = _tier_name(p.label, lane_number)
            doc.add_tier(tier, ling=PRINCIPLE_TYPE)
            for start, end, value in lane:
                doc.add_annotation(tier, start, end, value)
    notes = [(clip.start_ms, clip.end_ms, clip.note or "clip") for clip in cycle.clips]
    for lane_number, lane in enumerate(_lanes(notes) or [[]]):
        tier = _tier_name(NOTES_TIER, lane_number)
        doc.add_tier(tier)
        for start, end, value in lane:
            doc.add_annotation(tier, start, end, value)
    return doc


def write_eaf(family: Family, cycle: Cycle, proxy: Path, target: Path) -> Path:
    eaf(family, cycle, proxy).to_file(str(target))
    return target


def chapters_vtt(family: Family, cycle: Cycle) -> str:
    """WebVTT chapters for a cycle's clips, usable as a chapter or subtitle track on the film."""
    doc = webvtt.WebVTT()
    for number, clip in enumerate(cycle.clips, start=1):
        names = principle_labels(clip.tags)
        doc.captions.append(webvtt.Caption(_vtt_time(clip.start_ms), _vtt_time(clip.end_ms),
                                           f"Clip {number}" + (f": {', '.join(names)}" if names else "")))
    return doc.content


def _vtt_time(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


@dataclass(frozen=True)
class Download:
    label: str
    path: Path


def _keep(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it already holds it (so a page can offer it on every run cheaply)."""
    data = text.encode("utf-8")
    if not path.exists() or path.read_bytes() != data:
        atomic_write_bytes(path, data)
    return path


def clip_downloads(family: Family, folder: Path) -> list[Download]:
    """The clip files offered for download (CSV, and per cycle ELAN and WebVTT), written into ``folder``.

    They are files in the family's own folder, so they are served through checked links and erased with it.
    """
    offered = [Download("All clips as a spreadsheet (CSV)", _keep(folder / f"clips-{family.code}.csv",
                                                                  clips_csv(family)))]
    for cycle in family.cycles:
        if not (cycle.film and cycle.film.ready and cycle.clips):
            continue
        eaf_file = folder / f"cycle-{cycle.number}-{family.code}.eaf"
        if eaf_file.exists():
            offered.append(Download(f"Cycle {cycle.number} for ELAN (.eaf)", eaf_file))
        offered.append(Download(f"Cycle {cycle.number} chapters (WebVTT)", _keep(
            folder / f"cycle-{cycle.number}-{family.code}.vtt", chapters_vtt(family, cycle))))
    return offered
