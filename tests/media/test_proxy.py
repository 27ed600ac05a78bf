"""The review copy's picture: interlaced films without combing, high frame rates stepped evenly, grain kept small."""

from __future__ import annotations

import re
import subprocess

import pytest

from workbench.media import ffmpeg
from workbench.media.probe import probe
from workbench.media.proxy import make_proxy
from workbench.media.synthetic import make_film

from ..films import frame_numbers


def interlaced_frames(path) -> tuple[int, int]:
    """(interlaced, progressive) frames as ffmpeg's idet filter judges them over the whole film."""
    log = subprocess.run([ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-vf", "idet",
                          "-f", "null", "-"], capture_output=True, check=True, text=True).stderr
    found = re.findall(r"Multi frame detection: TFF:\s*(\d+) BFF:\s*(\d+) Progressive:\s*(\d+)", log)
    tff, bff, progressive = (int(n) for n in found[-1])
    return tff + bff, progressive


def prepared(tmp_path, **film):
    source = make_film(tmp_path / "film.mp4", seconds=2, width=640, height=360, **film)
    facts = probe(source)
    proxy = tmp_path / "proxy.mp4"
    plan = make_proxy(source, proxy, tmp_path / "strip", facts)
    return facts, plan, proxy


def test_an_interlaced_film_becomes_one_picture_per_field_without_combing(tmp_path):
    facts, plan, proxy = prepared(tmp_path, fps=30, interlaced=True)  # 30 fields a second: 15 woven frames
    assert facts.interlaced and facts.fps == 15
    assert plan.fps == 30 and plan.deinterlace
    made = probe(proxy)
    assert made.fps == 30 and made.frames == 60 and not made.interlaced
    combed, progressive = interlaced_frames(proxy)
    assert progressive >= 0.8 * made.frames and combed <= 0.2 * made.frames, (combed, progressive)


@pytest.mark.parametrize("fps, expected", [(60, 30), (50, 25)])
def test_high_frame_rates_are_halved_by_an_even_step(tmp_path, fps, expected):
    _, plan, proxy = prepared(tmp_path, fps=fps)
    assert plan.fps == expected and not plan.deinterlace
    assert frame_numbers(proxy)[:10] == list(range(0, 20, 2))  # every other frame, never 50 → 30's uneven gaps


def test_a_grainy_720p_film_makes_a_review_copy_smaller_than_itself(tmp_path):
    source = make_film(tmp_path / "grain.mp4", seconds=6, width=1280, height=720, bitrate="6M", noise=8)
    proxy = tmp_path / "proxy.mp4"
    make_proxy(source, proxy, tmp_path / "strip", probe(source))
    assert proxy.stat().st_size < 0.8 * source.stat().st_size
    assert proxy.stat().st_size * 8 / 6 < 4.5e6  # the 4 Mbit/s cap holds, give or take the audio and container
