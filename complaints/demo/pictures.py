"""Small drawn photos for the demo's complaints: a pothole, a street lamp, a bin, a leak, a tree.

Drawn with Pillow from the demo's random generator, so the same seed draws the same
pictures, and saved as small JPEGs, the way a phone's upload arrives.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from io import BytesIO

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 320, 240
SKY = (150, 190, 220)
ROAD = (105, 105, 105)


def _pothole(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle((0, 100, WIDTH, HEIGHT), fill=ROAD)
    x, y = rng.randint(60, 200), rng.randint(140, 180)
    draw.ellipse((x, y, x + rng.randint(60, 110), y + rng.randint(25, 45)), fill=(50, 45, 40))
    draw.rectangle((WIDTH // 2 - 5, 200, WIDTH // 2 + 5, 225), fill=(235, 235, 235))


def _lamp(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle((0, 190, WIDTH, HEIGHT), fill=ROAD)
    x = rng.randint(100, 220)
    draw.rectangle((x, 60, x + 8, 200), fill=(60, 60, 70))
    draw.rectangle((x - 15, 50, x + 45, 65), fill=(60, 60, 70))
    draw.ellipse((x + 25, 62, x + 45, 80), fill=(80, 80, 80))


def _bin(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle((0, 170, WIDTH, HEIGHT), fill=(170, 160, 140))
    x = rng.randint(60, 180)
    draw.rectangle((x, 100, x + 90, 190), fill=(30, 110, 60))
    for _bag in range(rng.randint(3, 7)):
        bx, by = rng.randint(20, 290), rng.randint(170, 225)
        draw.ellipse((bx, by, bx + 28, by + 18), fill=(25, 25, 25))


def _leak(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle((0, 110, WIDTH, HEIGHT), fill=ROAD)
    x = rng.randint(40, 160)
    draw.ellipse((x, 150, x + rng.randint(120, 200), 220), fill=(70, 110, 150))
    draw.rectangle((x + 40, 120, x + 60, 160), fill=(90, 90, 90))


def _tree(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle((0, 180, WIDTH, HEIGHT), fill=(120, 160, 80))
    x = rng.randint(80, 200)
    lean = rng.randint(15, 50)
    draw.polygon([(x, 185), (x + 14, 185), (x + 14 + lean, 70), (x + lean, 70)], fill=(95, 65, 40))
    draw.ellipse((x + lean - 50, 20, x + lean + 60, 110), fill=(40, 110, 45))


SUBJECTS: dict[str, Callable[[ImageDraw.ImageDraw, random.Random], None]] = {
    "voirie": _pothole,
    "eclairage": _lamp,
    "dechets": _bin,
    "eau": _leak,
    "jardins": _tree,
}


def picture(category: str, rng: random.Random) -> bytes:
    """A JPEG of the problem a complaint of ``category`` reports."""
    image = Image.new("RGB", (WIDTH, HEIGHT), SKY)
    SUBJECTS.get(category, _pothole)(ImageDraw.Draw(image), rng)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
