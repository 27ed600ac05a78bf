"""A hostile film against the first look: a file built to make its index hunt take forever is judged at once."""

from __future__ import annotations

import subprocess

from workbench.media import ffmpeg
from workbench.media.first_look import judge
from workbench.media.synthetic import make_film


def test_a_million_empty_boxes_before_the_index_cost_nothing(tmp_path):
    film = make_film(tmp_path / "film.mp4", seconds=1, width=160, height=90)
    indexed = tmp_path / "indexed.mp4"
    subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(film), "-c", "copy", "-movflags", "+faststart",
                    str(indexed)], check=True)
    whole = indexed.read_bytes()
    ftyp = int.from_bytes(whole[:4], "big")
    hostile = tmp_path / "hostile.mp4"  # its type box, then a million 8-byte 'free' boxes, then the real film
    hostile.write_bytes(whole[:ftyp] + (b"\x00\x00\x00\x08free" * 1_000_000)
                        + whole[ftyp:])
    # The hunt gives up after 64 boxes (a million would keep the page waiting): without that limit it would reach
    # the index and call the film playable as it is. Not trusted so, the stream copy puts its index first.
    assert judge(hostile).how == "copy"
    assert judge(indexed).how == "as_is"
