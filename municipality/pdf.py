"""HTML to PDF with WeasyPrint, offline: the one renderer of every printed page.

WeasyPrint gets a URL fetcher that serves only the files of one folder (the page's own
stylesheet) and refuses everything else, so a value typed into a form can never make the
server fetch a URL. Fonts are Debian's Noto, named by family in the pages' CSS: Pango
shapes Arabic and the PDF keeps the text, so it stays searchable.
"""

from __future__ import annotations

import io
import mimetypes
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from PIL import ImageFile
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint turns on Pillow's tolerance of truncated images for the whole process when it
# is imported; residents' uploads must still be refused when truncated
# (municipality.images), and printed pages embed only images made by the application.
ImageFile.LOAD_TRUNCATED_IMAGES = False


class FolderFetcher(URLFetcher):
    """Serves the files under ``folder`` and refuses every other URL."""

    def __init__(self, folder: Path) -> None:
        super().__init__(fail_on_errors=True)
        self.folder = folder.resolve()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(self.folder) or not path.is_file():
            raise ValueError(f"printed pages fetch nothing outside their own files: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


@cache
def _fonts() -> FontConfiguration:
    """One font configuration for the process: building it scans the system's fonts."""
    return FontConfiguration()


def html_to_pdf(html: str, folder: Path) -> bytes:
    """Render ``html`` whose relative URLs point into ``folder``; only its files are read."""
    out = io.BytesIO()
    HTML(
        string=html, base_url=folder.resolve().as_uri() + "/", url_fetcher=FolderFetcher(folder)
    ).write_pdf(out, font_config=_fonts())
    return out.getvalue()
