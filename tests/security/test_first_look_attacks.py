"""A hostile film against the first look: a file built to make its index hunt take forever is judged at once."""

from __future__ import annotations

import pytest

from workbench.core.errors import FilmRejected
from workbench.media.first_look import MAX_BOXES, _moov_first, judge

FREE = b"\x00\x00\x00\x08free"  # an empty 8-byte box
MOOV = b"\x00\x00\x00\x10moov" + b"\x00" * 8


def test_the_index_hunt_goes_through_only_so_many_boxes(tmp_path):
    def boxes(count: int):
        path = tmp_path / f"boxes-{count}.mp4"
        path.write_bytes(b"\x00\x00\x00\x10ftypisom\x00\x00\x02\x00" + FREE * count + MOOV + b"\x00\x00\x00\x08mdat")
        return path

    assert _moov_first(boxes(10))  # a camera's handful of boxes, then its index: played as it is
    assert not _moov_first(boxes(MAX_BOXES))  # past the limit: not trusted, so the stream copy makes it certain
    assert not _moov_first(boxes(1_000_000))  # 8 MB of nothing: 64 reads, not a million


def test_a_hostile_file_is_refused_in_a_sentence_not_hunted_through(tmp_path):
    hostile = tmp_path / "hostile.mp4"
    hostile.write_bytes(b"\x00\x00\x00\x10ftypisom\x00\x00\x02\x00" + FREE * 1_000_000 + MOOV)
    with pytest.raises(FilmRejected, match="not a video the workbench can read"):
        judge(hostile)
