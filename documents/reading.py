"""Reading a seal off a paper: a PDF page or a photograph, with a real QR decoder.

PDF pages are rasterised with PDFium (pypdfium2) and decoded with zxing-cpp, the
decoder phones' apps use; what is read is the seal's text, checked like a pasted one.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import zxingcpp
from PIL import Image, UnidentifiedImageError

from documents.seal import PREFIX

# Seals are QR codes only: a decoder looking for every format also "finds" linear barcodes
# in a QR code's modules now and then.
QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
# 200 dpi: a QR code printed a few centimetres wide keeps several pixels per module.
PDF_SCALE = 200 / 72
MAX_PAGES = 20


class ReadingError(ValueError):
    """The file holds no seal we can read."""


def _seals_in(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=QR) if r.text.startswith(PREFIX)]


def _pdf_images(path: Path) -> list[Image.Image]:
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise ReadingError(f"{path.name} is not a PDF we can open") from exc
    try:
        return [
            document[index].render(scale=PDF_SCALE).to_pil()
            for index in range(min(len(document), MAX_PAGES))
        ]
    finally:
        document.close()


def seal_texts(path: Path) -> list[str]:
    """Every seal text on a PDF's pages or in an image, in reading order."""
    if path.suffix.lower() == ".pdf":
        images = _pdf_images(path)
    else:
        try:
            images = [Image.open(path)]
        except (UnidentifiedImageError, OSError) as exc:
            raise ReadingError(f"{path.name} is neither a PDF nor an image") from exc
    found = [text for image in images for text in _seals_in(image)]
    if not found:
        raise ReadingError(f"no seal found in {path.name}")
    return found
