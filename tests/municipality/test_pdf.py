"""The core's PDF renderer reads only the files of its page's own folder, never a URL a
value typed into a form could name."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from weasyprint.urls import FatalURLFetchingError

from municipality.pdf import FolderFetcher, html_to_pdf


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A page's folder with its stylesheet, beside a file that is not the page's."""
    page = tmp_path / "page"
    page.mkdir()
    (page / "page.css").write_text("@page { size: A4 } body { font-family: 'Noto Sans' }")
    (tmp_path / "secret.txt").write_text("not for printing")
    return page


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/font.woff",
        "https://example.org/style.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_the_fetcher_refuses_any_url_outside_the_folder(folder, url):
    with pytest.raises(ValueError, match="nothing outside"):
        FolderFetcher(folder).fetch(url)


def test_the_fetcher_refuses_a_path_climbing_out_of_the_folder(folder):
    with pytest.raises(ValueError, match="nothing outside"):
        FolderFetcher(folder).fetch((folder / ".." / "secret.txt").as_uri())


def test_the_fetcher_serves_the_folder_stylesheet(folder):
    response = FolderFetcher(folder).fetch((folder / "page.css").as_uri())
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_a_page_renders_with_its_stylesheet(folder):
    document = pdfium.PdfDocument(
        html_to_pdf("<link rel=stylesheet href=page.css><p>Bonjour", folder)
    )
    assert document[0].get_textpage().get_text_range().strip() == "Bonjour"


def test_a_page_naming_a_foreign_url_is_not_printed(folder):
    html = "<link rel=stylesheet href=page.css><p>Bonjour</p><img src='http://example.org/x.png'>"
    with pytest.raises(FatalURLFetchingError, match=r"example\.org"):
        html_to_pdf(html, folder)
