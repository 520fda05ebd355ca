"""What every spreadsheet Baladiya writes (xlsx or CSV) does to text it did not author.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets when the file is opened, so a
commune name, a category or a comment typed by someone could run a formula (or a DDE
command) on the reader's machine. Such text is written with a leading apostrophe, the
way the OWASP guidance on CSV injection recommends: the reader sees the text, nothing
is evaluated. Numbers, dates and ``None`` pass through unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def neutralise(value: Any) -> Any:
    """``value`` as safe cell content: text that would start a formula is marked as text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return TEXT_MARK + value
    return value
