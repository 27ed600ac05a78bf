import csv
import io
from itertools import pairwise

import pympi
import webvtt

from workbench.core.principles import principles
from workbench.cycle import analysis, exports

from ..conftest import make_family
from .test_analysis import ready


def family_with_clips():
    family = make_family(cycles=[ready(1), ready(2)])
    tag = analysis.add_custom_tag(family, "Shared laughter")
    a = analysis.add_clip(family, 1, 1000, 4000, ["attentive.wondering", "receiving", tag.id], "=HYPERLINK(\"x\")")
    b = analysis.add_clip(family, 1, 3000, 6500, ["attentive.giving_time", "attentive.enjoying_watching"], "Overlaps a")
    analysis.add_clip(family, 1, 9000, 10_000, ["guiding"], "")
    analysis.choose(family, 1, b.id, True)
    analysis.choose(family, 1, a.id, True)
    analysis.add_clip(family, 2, 500, 2000, ["deepening.sharing_viewpoints"])
    return family


def test_csv_has_every_clip_and_neutralises_formulas():
    rows = list(csv.DictReader(io.StringIO(exports.clips_csv(family_with_clips()))))
    assert list(rows[0]) == exports.CSV_COLUMNS and len(rows) == 4
    first = rows[0]
    assert (first["cycle"], first["start"], first["end"], first["duration_s"]) == (
        "1", "00:01.000", "00:04.000", "3.000")
    assert first["principles"] == "Being attentive; Receiving initiatives"
    assert first["sub_behaviours"] == "Wondering about what they are doing, thinking or feeling"
    assert first["own_tags"] == "Shared laughter"
    assert first["note"] == "'=HYPERLINK(\"x\")"  # shown as text in a spreadsheet, never run
    assert (first["chosen"], first["review_order"]) == ("yes", "1")  # film time: a starts first
    assert rows[1]["review_order"] == "2" and rows[2]["chosen"] == "no" and rows[3]["cycle"] == "2"


def test_eaf_round_trip(tmp_path):
    family = family_with_clips()
    proxy = tmp_path / "proxy.mp4"
    proxy.write_bytes(b"not read")
    path = exports.write_eaf(family, family.cycles[0], proxy, tmp_path / "cycle-1.eaf")
    back = pympi.Elan.Eaf(str(path))
    (linked,) = back.get_linked_files()
    assert linked["RELATIVE_MEDIA_URL"] == "./proxy.mp4" and linked["MIME_TYPE"] == "video/mp4"
    assert linked["MEDIA_URL"] == proxy.resolve().as_uri()
    # One tier per principle; overlapping clips of one principle go to a second lane.
    tiers = set(back.get_tier_names())
    assert {"Being attentive", "Being attentive 2", "Being attentive 3", "Receiving initiatives", "Guiding",
            "Deepening discussion", "Clip notes", "Clip notes 2"} <= tiers
    got = sorted(tuple(a[:3]) for t in tiers if t.startswith("Being attentive")
                 for a in back.get_annotation_data_for_tier(t))
    assert got == [(1000, 4000, "Wondering about what they are doing, thinking or feeling"),
                   (3000, 6500, "Enjoying watching the other"),
                   (3000, 6500, "Giving time and space for the other")]
    assert back.get_annotation_data_for_tier("Guiding") == [(9000, 10_000, "Guiding")]
    for tier in tiers:
        spans = sorted(a[:2] for a in back.get_annotation_data_for_tier(tier))
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), f"overlap on {tier}"
    # The controlled vocabulary holds every principle and sub-behaviour; annotations come from it.
    entries = back.get_cv_entries(exports.CV_ID)
    values = {langs[0][0] for langs, _ in entries.values()}
    assert "Wondering about what they are doing, thinking or feeling" in values and "Guiding" in values
    assert len(entries) == 6 + sum(len(p.sub_behaviours) for p in principles())
    for tier in tiers - {"Clip notes", "Clip notes 2"}:
        assert back.tiers[tier][2]["LINGUISTIC_TYPE_REF"] == exports.PRINCIPLE_TYPE
        assert all(a[2] in values for a in back.get_annotation_data_for_tier(tier))


def test_vtt_chapters_per_cycle():
    family = family_with_clips()
    text = exports.chapters_vtt(family, family.cycles[0])
    cues = webvtt.from_string(text)
    assert [(c.start, c.end) for c in cues] == [("00:00:01.000", "00:00:04.000"), ("00:00:03.000", "00:00:06.500"),
                                                ("00:00:09.000", "00:00:10.000")]
    assert cues[0].text == "Clip 1: Being attentive, Receiving initiatives" and cues[2].text == "Clip 3: Guiding"
