"""The app's icon, drawn locally: a Material icon name as page_icon makes the browser fetch it from Google."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

TEAL = (47, 111, 106)


@lru_cache(maxsize=1)
def app_icon() -> Image.Image:
    """Two overlapping circles, two people attuned, in the theme's teal."""
    size = 64
    icon = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=14, fill=TEAL)
    draw.ellipse((10, 18, 38, 46), outline="white", width=5)
    draw.ellipse((26, 18, 54, 46), outline="white", width=5)
    return icon
