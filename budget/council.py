"""The council's summary of a year in the compte administratif layout.

The execution report regrouped the way the council reads it when it closes the year:
by section (operating, then investment), then by chapter, each line with its credits,
what was committed, ordered (mandated) and paid, what is left and the rates; a subtotal
per chapter and per section, and the year's total. The PDF is rendered by the core's
renderer (:mod:`municipality.pdf`) from ``budget/templates/council/council.jinja2``, in the reader's
language; the Arabic one reads right to left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from budget import money
from budget.nomenclature import SECTIONS
from budget.services import Execution
from municipality.pdf import html_to_pdf

FOLDER = Path(__file__).resolve().parent / "templates" / "council"
TEMPLATE = "budget:templates/council/council.jinja2"


@dataclass
class Totals:
    """Credits and spending added up over a group of lines, with its rates."""

    credit: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    ordered: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)

    def add(self, row: Execution | Totals) -> None:
        self.credit += row.credit
        self.committed += row.committed
        self.ordered += row.ordered
        self.paid += row.paid

    @property
    def available(self) -> Decimal:
        return self.credit - self.committed

    @property
    def commitment_rate(self) -> Decimal | None:
        return money.rate(self.committed, self.credit)

    @property
    def payment_rate(self) -> Decimal | None:
        return money.rate(self.paid, self.credit)


@dataclass
class Chapter:
    number: str
    rows: list[Execution]
    totals: Totals = field(default_factory=Totals)


@dataclass
class Section:
    name: str
    chapters: list[Chapter]
    totals: Totals = field(default_factory=Totals)


def _totals(rows: Iterable[Execution | Totals]) -> Totals:
    totals = Totals()
    for row in rows:
        totals.add(row)
    return totals


def sections(rows: list[Execution]) -> tuple[list[Section], Totals]:
    """The lines grouped by section (in the nomenclature's order) and chapter, with the
    subtotals and the year's total."""
    found = []
    for name in SECTIONS:
        lines = sorted(
            (r for r in rows if r.line.code.section == name), key=lambda r: r.line.code.code
        )
        chapters = [
            Chapter(number, list(group))
            for number, group in groupby(lines, key=lambda r: r.line.code.chapter)
        ]
        for chapter in chapters:
            chapter.totals = _totals(chapter.rows)
        if chapters:
            found.append(Section(name, chapters, _totals(c.totals for c in chapters)))
    return found, _totals(s.totals for s in found)


def pdf(html: str) -> bytes:
    """The summary's HTML as PDF; only its own stylesheet may be read."""
    return html_to_pdf(html, FOLDER)
