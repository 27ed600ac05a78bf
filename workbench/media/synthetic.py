"""Synthetic films made with the bundled ffmpeg, for tests, benchmarks and the demo: no camera, no people.

Each frame carries its own number twice: as a 16-bit stripe along the bottom
(white = 1, least significant bit on the left) that code can read back from the
pixels, and, where a font is available, as a large visible number.
"""

from __future__ import annotations

from pathlib import Path

from . import ffmpeg

CODE_BITS = 16
_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
    "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
]


def _font() -> str | None:
    return next((font for font in _FONTS if Path(font).exists()), None)


def _escape(path: str) -> str:
    return path.replace("\\", "/").replace(":", "\\:")


def _picture(width: int, height: int, fps: int, seconds: float, *, marker: bool) -> str:
    """A filter graph producing the labelled picture as [pic]: moving pattern, frame stripe, number, top marker."""
    stripe_h = max(8, height // 10)
    graph = (
        f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}[bg];"
        f"nullsrc=size={CODE_BITS}x1:rate={fps}:duration={seconds},format=gray,"
        f"geq=lum='255*mod(floor(N/pow(2\\,X))\\,2)',format=yuv420p,"
        f"scale={width}:{stripe_h}:flags=neighbor[code];"
        f"[bg][code]overlay=0:H-h:shortest=1"
    )
    if marker:  # a white bar across the top, to check that a rotated film comes out upright
        graph += f",drawbox=x=0:y=0:w=iw:h={max(4, height // 12)}:color=white:t=fill"
    font = _font()
    if font:
        graph += (f",drawtext=fontfile='{_escape(font)}':text='%{{frame_num}}':x=(w-tw)/2:y=h/3:"
                  f"fontsize={max(16, height // 6)}:fontcolor=white:box=1:boxcolor=black@0.6")
    return graph + "[pic]"


def make_film(path: Path | str, *, seconds: float = 6, width: int = 640, height: int = 360, fps: int = 30,
              codec: str = "h264", audio: bool = True, gop: int | None = None, bitrate: str | None = None,
              phone_rotation: bool = False, variable_frame_rate: bool = False, marker: bool = False,
              noise: int = 0, interlaced: bool = False) -> Path:
    """Write a synthetic film.

    ``phone_rotation`` makes a portrait picture (``width`` x ``height`` as seen) and stores it as a phone
    does: sideways frames plus a display matrix of -90 degrees. ``variable_frame_rate`` drops frames in an
    irregular pattern and keeps the gaps. ``noise`` adds sensor-like grain (0-20) so the picture costs what
    a camera's does to decode. ``interlaced`` weaves each two pictures into one frame of two fields, top
    first, as a camcorder records 1080i: ``fps`` is then the field rate, and the file has half as many frames.
    """
    path = Path(path)
    graph = _picture(width, height, fps, seconds, marker=marker or phone_rotation)
    if noise:
        graph = graph.replace("[pic]", f",noise=alls={noise}:allf=t[pic]")
    if phone_rotation:
        graph = graph.replace("[pic]", ",transpose=cclock[pic]")
    if interlaced:
        graph = graph.replace("[pic]", ",tinterlace=mode=interleave_top,setfield=tff[pic]")
    if variable_frame_rate:
        graph = graph.replace("[pic]", ",select='not(between(mod(n\\,10)\\,3\\,5))'[pic]")
    args = ["-filter_complex", graph]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    args += ["-map", "[pic]"] + (["-map", "0:a"] if audio else [])
    if codec == "hevc":
        args += ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1"]
    else:
        args += ["-c:v", "libx264", "-preset", "veryfast"]
        if interlaced:
            args += ["-flags", "+ildct+ilme", "-x264opts", "tff=1"]
    args += ["-pix_fmt", "yuv420p"]
    if bitrate:
        args += ["-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate]
    if gop:
        args += ["-g", str(gop), "-keyint_min", str(gop)]
    if variable_frame_rate:
        args += ["-fps_mode", "vfr"]
    if audio:
        args += ["-c:a", "aac", "-b:a", "128k"]
    if phone_rotation:
        sideways = path.with_name(path.stem + ".sideways" + path.suffix)
        ffmpeg.run([*args, "-f", "mp4", str(sideways)])
        try:
            ffmpeg.run(["-display_rotation:v:0", "-90", "-i", str(sideways), "-c", "copy", "-f", "mp4", str(path)])
        finally:
            sideways.unlink(missing_ok=True)
    else:
        ffmpeg.run([*args, "-f", "mp4", str(path)])
    return path


def read_frame_number(image) -> int:
    """The frame number in a synthetic film's stripe, read from a PIL image of one frame."""
    gray = image.convert("L")
    width, height = gray.size
    stripe_h = max(8, height // 10)
    y = height - stripe_h // 2 - 1
    number = 0
    for bit in range(CODE_BITS):
        x = int((bit + 0.5) * width / CODE_BITS)
        if gray.getpixel((x, y)) > 128:
            number |= 1 << bit
    return number
