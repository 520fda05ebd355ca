"""Uploaded photos: accept only real JPEG, PNG and WebP images, and keep them re-encoded.

An upload is never stored as sent. :func:`accept_image` identifies the image by its
content (never by its name or declared type), refuses what is too heavy to decode,
applies the EXIF orientation and encodes the pixels into a new file, so nothing else of
the original survives: no EXIF (GPS position, camera serial number), no XMP, no
comments, no ICC profile, no bytes hidden after the image data. Modules store the result
through the :class:`ImageStore` that :func:`includeme` registers.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError
from pyramid.config import Configurator
from pyramid.registry import Registry

from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.settings import CORE_DEFAULTS

STORE_KEY = "baladiya.image_store"
UPLOAD_DIR_SETTING = "baladiya.core.upload_dir"
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
_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
_KEY = re.compile(r"[0-9a-f]{32}\.(?:jpg|png|webp)")


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


class ImageStore(Protocol):
    """Where accepted images are kept, by the keys :func:`new_key` makes."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes:
        """Return the stored bytes; raise ``KeyError`` when nothing is stored there."""
        ...

    def delete(self, key: str) -> None:
        """Forget ``key``; forgetting a key that is not stored is not an error."""
        ...


def new_key(content_type: str) -> str:
    """A fresh, unguessable key for an image of ``content_type``."""
    try:
        suffix = _SUFFIXES[content_type]
    except KeyError as exc:
        raise ValueError(f"no image key for content type {content_type!r}") from exc
    return uuid.uuid4().hex + suffix


def check_key(key: str) -> str:
    """Return ``key`` if :func:`new_key` could have made it; raise ``ValueError`` if not.

    Nothing but 32 hex digits and a known suffix gets through, so no key can name a
    path outside the store (no ``..``, no separator, no absolute path).
    """
    if not _KEY.fullmatch(key):
        raise ValueError(f"not an image key: {key!r}")
    return key


class FileImageStore:
    """Keeps each image as a file under ``root``, in a sub-directory per key prefix."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)[:2] / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write the file whole or not at all (a reader never sees a partial image)."""
        path = self.path(key)
        if path.suffix != _SUFFIXES.get(content_type):
            raise ValueError(f"key {key!r} does not match content type {content_type!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(partial).replace(path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError as exc:
            raise KeyError(key) from exc

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)


class MemoryImageStore:
    """Keeps images in a dictionary, for tests."""

    def __init__(self) -> None:
        self.images: dict[str, tuple[bytes, str]] = {}

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.images[check_key(key)] = (data, content_type)

    def get(self, key: str) -> bytes:
        return self.images[check_key(key)][0]

    def delete(self, key: str) -> None:
        self.images.pop(check_key(key), None)


def image_store(registry: Registry) -> ImageStore:
    """The store registered for the application."""
    store: ImageStore = registry[STORE_KEY]
    return store


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    root = Path(settings.get(UPLOAD_DIR_SETTING, CORE_DEFAULTS[UPLOAD_DIR_SETTING]))
    config.registry[STORE_KEY] = FileImageStore(root)
