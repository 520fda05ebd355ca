"""Uploaded images are identified by content, bounded, stripped of metadata and stored safely.

Every file is made here, with Pillow or by hand; none is committed.
"""

from __future__ import annotations

import hashlib
import struct
import warnings
import zlib
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

from municipality.errors import ValidationFailed
from municipality.images import CleanImage, accept_image

RED = (220, 20, 20)
BLUE = (20, 20, 220)


def _two_halves(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue, so a rotation shows where the halves went."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image.convert(mode)


def _save(image: Image.Image, image_format: str, **params: object) -> bytes:
    buffer = BytesIO()
    image.save(buffer, image_format, **params)
    return buffer.getvalue()


def _camera_jpeg() -> bytes:
    """An 800x400 photo stored sideways (orientation 6), with GPS, XMP and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.ImageDescription] = "exif-marker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 45.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (3.0, 3.0, 30.0)
    return _save(
        _two_halves(800, 400),
        "JPEG",
        exif=exif,
        comment=b"comment-marker",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">xmp-marker</x:xmpmeta>',
    )


def _opened(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def _refusal(data: bytes, **limits: int) -> str:
    with pytest.raises(ValidationFailed) as caught:
        accept_image(data, **limits)
    assert caught.value.status == 422
    return str(caught.value)


def _png_declaring(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of ``width`` x ``height`` zeros, written row by row with zlib."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = bytes(1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_camera_jpeg_is_turned_upright_and_loses_every_metadata():
    original = _camera_jpeg()
    source = _opened(original)
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "comment", "xmp"} <= set(source.info)

    clean = accept_image(original)

    assert clean.content_type == "image/jpeg"
    assert (clean.width, clean.height) == (400, 800)
    stored = _opened(clean.data)
    assert stored.format == "JPEG"
    assert stored.size == (400, 800)
    assert not stored.getexif()
    assert not {"exif", "comment", "xmp", "icc_profile"} & set(stored.info)
    for marker in (b"Exif", b"GPS", b"exif-marker", b"comment-marker", b"xmp-marker"):
        assert marker not in clean.data
    # Orientation 6 turns the picture a quarter clockwise: the left half ends on top.
    top, bottom = stored.convert("RGB").getpixel((200, 100)), stored.getpixel((200, 700))
    assert isinstance(top, tuple)
    assert isinstance(bottom, tuple)
    assert top[0] > 150 > top[2]
    assert bottom[2] > 150 > bottom[0]


def test_the_thumbnail_fits_in_320_pixels_and_keeps_the_proportions():
    clean = accept_image(_camera_jpeg())

    thumbnail = _opened(clean.thumbnail)
    assert clean.thumbnail_content_type == "image/jpeg"
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (160, 320)
    assert not thumbnail.getexif()


def test_the_result_carries_the_digest_of_what_is_stored():
    clean = accept_image(_camera_jpeg())

    assert isinstance(clean, CleanImage)
    with pytest.raises(AttributeError):
        clean.width = 1  # type: ignore[misc]
    assert clean.sha256 == hashlib.sha256(clean.data).hexdigest()
    assert "data=" not in repr(clean)


def test_a_png_stays_png_with_its_transparency_and_without_its_text():
    image = _two_halves(64, 32, "RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "png-marker")
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = "exif-marker"

    clean = accept_image(_save(image, "PNG", pnginfo=text, exif=exif))

    stored = _opened(clean.data)
    assert clean.content_type == "image/png"
    assert stored.format == "PNG"
    assert (stored.mode, stored.size) == ("RGBA", (64, 32))
    assert stored.getpixel((0, 0)) == (0, 0, 0, 0)
    assert not {"Comment", "exif"} & set(stored.info)
    assert b"png-marker" not in clean.data
    assert b"exif-marker" not in clean.data
    assert _opened(clean.thumbnail).size == (64, 32)


def test_a_palette_png_with_transparency_is_kept_transparent():
    image = Image.new("P", (10, 10), 1)
    image.putpalette([0, 0, 0, 255, 255, 255])
    image.info["transparency"] = 0
    image.putpixel((0, 0), 0)

    stored = _opened(accept_image(_save(image, "PNG")).data)

    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0  # type: ignore[index]
    assert stored.getpixel((5, 5)) == (255, 255, 255, 255)


def test_a_webp_is_accepted_and_stored_as_jpeg():
    clean = accept_image(_save(_two_halves(100, 50), "WEBP", quality=90))

    stored = _opened(clean.data)
    assert clean.content_type == "image/jpeg"
    assert stored.format == "JPEG"
    assert stored.size == (100, 50)


def test_a_transparent_webp_is_flattened_on_white():
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))

    stored = _opened(accept_image(_save(image, "WEBP", lossless=True)).data)

    assert stored.mode == "RGB"
    pixel = stored.getpixel((10, 10))
    assert isinstance(pixel, tuple)
    assert min(pixel) > 245


def test_a_multi_picture_jpeg_from_a_phone_is_stored_as_its_first_picture():
    first, second = Image.new("RGB", (30, 20), RED), Image.new("RGB", (30, 20), BLUE)
    mpo = _save(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(BytesIO(mpo)).format == "MPO"

    stored = _opened(accept_image(mpo).data)

    assert stored.format == "JPEG"
    pixel = stored.getpixel((15, 10))
    assert isinstance(pixel, tuple)
    assert pixel[0] > 150 > pixel[2]


def test_a_16_bit_grey_png_keeps_its_depth_and_gets_a_grey_thumbnail():
    clean = accept_image(_save(Image.new("I;16", (30, 20), 40_000), "PNG"))

    assert _opened(clean.data).getpixel((0, 0)) == 40_000
    assert _opened(clean.thumbnail).getpixel((0, 0)) == pytest.approx(40_000 / 256, abs=2)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("text named .jpg", b"Dear mayor, the street lamp is broken.\n"),
        ("empty file", b""),
        ("gif", _save(_two_halves(20, 20), "GIF")),
        ("bmp", _save(_two_halves(20, 20), "BMP")),
        (
            "svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(1)</script><rect width="10" height="10"/></svg>',
        ),
        ("html behind a jpeg name", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_anything_but_jpeg_png_or_webp_is_refused(name, data):
    assert _refusal(data) == "The file is not a JPEG, PNG or WebP image."


def test_a_truncated_jpeg_is_refused():
    photo = _save(_two_halves(200, 200), "JPEG")

    assert "damaged or incomplete" in _refusal(photo[: len(photo) // 2])


def test_a_valid_header_followed_by_garbage_is_refused():
    photo = _save(_two_halves(200, 200), "JPEG")
    garbage = bytes(range(256)) * 20

    with pytest.raises(ValidationFailed):
        accept_image(photo[:200] + garbage)


def test_a_png_with_a_broken_checksum_is_refused():
    png = bytearray(_save(_two_halves(20, 20), "PNG"))
    idat = png.index(b"IDAT")
    png[idat + 10] ^= 0xFF

    with pytest.raises(ValidationFailed):
        accept_image(bytes(png))


def test_a_payload_appended_to_a_jpeg_does_not_survive_the_reencoding():
    """Polyglot: a real JPEG with a script and a zip after it is accepted, payload gone."""
    payload = b"<?php system($_GET['c']); ?><script>alert(1)</script>PK\x03\x04"
    photo = _save(_two_halves(60, 40), "JPEG")

    clean = accept_image(photo + payload)

    assert payload not in clean.data
    assert b"<script>" not in clean.data
    assert b"<?php" not in clean.data
    assert clean.data.endswith(b"\xff\xd9")
    assert _opened(clean.data).size == (60, 40)


def test_too_many_bytes_are_refused_before_any_decoding(monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: opened.append(args))
    data = _save(_two_halves(20, 20), "PNG")

    message = _refusal(data, max_bytes=len(data) - 1)

    assert message.startswith("The file is larger than the")
    assert opened == []


def test_the_default_byte_limit_is_eight_megabytes(monkeypatch):
    monkeypatch.setattr(Image, "open", pytest.fail)

    message = _refusal(b"\0" * (8 * 1024 * 1024 + 1))

    assert message == "The file is larger than the 8 MB allowed."


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decompressed():
    bomb = _png_declaring(20_000, 20_000)
    assert len(bomb) < 100_000

    assert _refusal(bomb) == "The image has more than the 40 million pixels allowed."


def test_more_pixels_than_the_callers_limit_are_refused_undecoded(monkeypatch):
    decoded: list[object] = []
    image = _save(_two_halves(100, 100), "PNG")

    with monkeypatch.context() as patch:
        patch.setattr(ImageFile.ImageFile, "load", decoded.append)
        message = _refusal(image, max_pixels=5_000)

    assert message == "The image has more than the 0.005 million pixels allowed."
    assert decoded == []
    assert accept_image(image, max_pixels=10_000).width == 100


def test_the_limit_cannot_loosen_pillows_own_guard(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    image = _save(_two_halves(40, 40), "PNG")

    # With warnings as errors (the test suite), Pillow's warning itself is the refusal...
    assert _refusal(image, max_pixels=10**9) == (
        "The image has more than the 0.001 million pixels allowed."
    )
    # ...and where the warning is only shown, the declared size is refused all the same.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        assert "million pixels" in _refusal(image, max_pixels=10**9)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        [
            b"",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            b"RIFF\x00\x00\x00\x00WEBPVP8 ",
        ]
    ),
    body=st.binary(max_size=2_048),
)
def test_random_bytes_are_either_accepted_or_refused_never_crash(prefix, body):
    try:
        clean = accept_image(prefix + body, max_pixels=1_000_000)
    except ValidationFailed:
        return
    assert clean.content_type in {"image/jpeg", "image/png"}
