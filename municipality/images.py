"""Uploaded photos: accept only real JPEG, PNG and WebP images, and keep them re-encoded.

An upload is never stored as sent. :func:`accept_image` identifies the image by its
content (never by its name or declared type), refuses what is too heavy to decode,
applies the EXIF orientation and encodes the pixels into a new file, so nothing else of
the original survives: no EXIF (GPS position, camera serial number), no XMP, no
comments, no ICC profile, no bytes hidden after the image data. Modules keep the result
in the core's file store (:mod:`municipality.files`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from io import BytesIO

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from municipality.errors import ValidationFailed
from municipality.i18n import _

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85
THUMBNAIL_SIZE = 320
THUMBNAIL_QUALITY = 80

# The messages a resident sees (the caller may translate them).
NOT_AN_IMAGE = _("The file is not a JPEG, PNG or WebP image.")
DAMAGED = _("The image cannot be read: the file is damaged or incomplete.")

# The only Pillow decoders an upload reaches.
_DECODERS = ("JPEG", "PNG", "WEBP")
# What each accepted format is stored as. MPO is Pillow's name for the JPEG files with a
# multi-picture extension that many phone cameras write; the first picture is the photo.
# WebP is stored as JPEG: every later reader of a resident's photo (PDF documents,
# spreadsheet exports, e-mail clients, older browsers in town halls) reads JPEG, while
# WebP support is patchy, and a photo's transparency carries nothing worth keeping.
_STORED_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "JPEG"}
_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
_PNG_MODES = frozenset({"1", "L", "LA", "I;16", "RGB", "RGBA"})


@dataclass(frozen=True, slots=True)
class CleanImage:
    """A re-encoded image and its thumbnail; ``sha256`` is the hex digest of ``data``."""

    content_type: str
    data: bytes = field(repr=False)
    width: int
    height: int
    thumbnail: bytes = field(repr=False)
    thumbnail_content_type: str
    sha256: str


def accept_image(
    data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS
) -> CleanImage:
    """Return ``data`` as a clean image, or raise :class:`ValidationFailed` saying why not.

    The size in bytes is checked before any decoding, the size in pixels before the
    pixels are decompressed. Pillow's decompression-bomb guard stays on: ``max_pixels``
    can tighten it, never loosen it. The guard is enforced by comparing the declared
    size, not by changing ``Image.MAX_IMAGE_PIXELS`` or the warning filters, which are
    process-wide and would race between the server's threads; any image big enough for
    Pillow's ``DecompressionBombWarning`` is refused by that comparison, and the warning
    itself, when warnings are errors, is refused the same way.
    """
    if len(data) > max_bytes:
        raise ValidationFailed(
            _(
                "The file is larger than the ${limit} MB allowed.",
                mapping={"limit": f"{max_bytes / 2**20:.3g}"},
            )
        )
    limit = max_pixels
    if Image.MAX_IMAGE_PIXELS is not None:
        limit = min(max_pixels, Image.MAX_IMAGE_PIXELS)
    too_big = ValidationFailed(
        _(
            "The image has more than the ${limit} million pixels allowed.",
            mapping={"limit": f"{limit / 1e6:.3g}"},
        )
    )
    try:
        with _open(data) as probe:
            if probe.width * probe.height > limit:
                raise too_big
            probe.verify()
        with _open(data) as image:
            stored_as = _STORED_AS.get(str(image.format))
            if stored_as is None:
                raise ValidationFailed(NOT_AN_IMAGE)
            if image.width * image.height > limit:
                raise too_big
            upright = ImageOps.exif_transpose(image)
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_big from exc
    except UnidentifiedImageError as exc:
        raise ValidationFailed(NOT_AN_IMAGE) from exc
    except Exception as exc:  # a broken file surfaces as any of a dozen exception types
        raise ValidationFailed(DAMAGED) from exc
    clean = _pixels_only(upright, stored_as)
    encoded = _encode(clean, stored_as, JPEG_QUALITY)
    small = _flatten(clean)
    if small is clean:
        small = clean.copy()
    small.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    return CleanImage(
        content_type=_CONTENT_TYPES[stored_as],
        data=encoded,
        width=clean.width,
        height=clean.height,
        thumbnail=_encode(small, "JPEG", THUMBNAIL_QUALITY),
        thumbnail_content_type=_CONTENT_TYPES["JPEG"],
        sha256=hashlib.sha256(encoded).hexdigest(),
    )


def _open(data: bytes) -> ImageFile.ImageFile:
    return Image.open(BytesIO(data), formats=_DECODERS)


def _flatten(image: Image.Image) -> Image.Image:
    """The image in a mode JPEG can hold, transparency painted on white."""
    if image.mode in {"RGB", "L"}:
        return image
    if image.mode == "1":
        return image.convert("L")
    if image.mode.startswith("I"):  # 16-bit grey, as some scanners write PNG
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if not image.has_transparency_data:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _pixels_only(image: Image.Image, stored_as: str) -> Image.Image:
    """A new image made of the pixels alone: Pillow copies ``info`` (comments, ICC
    profile, XMP) into what it saves, so the decoded image itself is never saved."""
    if stored_as == "JPEG":
        image = _flatten(image)
    elif image.mode not in _PNG_MODES:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image, image_format: str, quality: int) -> bytes:
    buffer = BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=quality, optimize=True)
    else:
        image.save(buffer, image_format)
    return buffer.getvalue()
