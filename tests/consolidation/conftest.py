"""A region with two communes and an open monthly campaign, and workbooks to return."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

import openpyxl
import pytest
from pyramid.registry import Registry
from sqlalchemy.orm import Session

from complaints.indicators import MONTHLY_ACTIVITY
from consolidation import layout, services, template
from consolidation.demo import demo_values
from consolidation.models import Campaign
from municipality import providers
from municipality.models import Commune
from municipality.providers import Kind
from tests import factories

UnitOfWork = Callable[[], AbstractContextManager[Session]]


def offering_registry() -> Registry:
    """A registry where the complaints module offers its indicators, as in the application."""
    registry = Registry()
    providers.offer(
        registry,
        Kind.INDICATOR_SOURCE,
        "complaints.activity-monthly",
        MONTHLY_ACTIVITY,
        module="complaints",
    )
    return registry


REGISTRY = offering_registry()


@dataclass(frozen=True)
class Region:
    """Identifiers of the test region: slugs and the campaign's public id."""

    slug: str
    communes: tuple[str, ...]
    campaign: str


@pytest.fixture
def region(db: UnitOfWork) -> Region:
    with db() as session:
        made = factories.region(session, slug="oasis")
        factories.commune(session, "palmeraie", made, languages="ar fr")
        factories.commune(session, "dune", made, languages="fr")
        campaign = services.create_campaign(
            session,
            actor="tests",
            region=made,
            set_code="activity-monthly",
            period="2026-10",
            deadline=date(2026, 11, 15),
        )
        return Region("oasis", ("palmeraie", "dune"), str(campaign.public_id))


def load(session: Session, region: Region, slug: str) -> tuple[Campaign, Commune]:
    campaign = services.campaign_by_public_id(session, region.campaign)
    commune = next(
        c for c in services.region_communes(session, campaign.region_id) if c.slug == slug
    )
    return campaign, commune


def blank_workbook(db: UnitOfWork, region: Region, slug: str) -> bytes:
    with db() as session:
        campaign, commune = load(session, region, slug)
        return template.workbook_bytes(campaign, commune)


def fill(data: bytes, values: dict[str, Any]) -> bytes:
    """Type ``values`` (by cell key) into a workbook's input cells, as a person would."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in range(layout.FIRST_ROW, sheet.max_row + 1):
            key = sheet.cell(row, layout.KEY_COLUMN).value
            if key in values:
                sheet.cell(row, layout.VALUE_COLUMN).value = values[key]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell_of(data: bytes, key: str) -> tuple[str, str]:
    """The sheet and cell reference of an input cell, read from the workbook."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in range(layout.FIRST_ROW, sheet.max_row + 1):
            if sheet.cell(row, layout.KEY_COLUMN).value == key:
                return sheet.title, f"{layout.VALUE_LETTER}{row}"
    raise KeyError(key)


def good_values(seed: str = "x", version: int = 1) -> dict[str, Any]:
    """Valid figures, as typed into a workbook (numbers, not strings)."""
    values = demo_values(seed, version)
    typed: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str) and value.replace(".", "", 1).isdigit():
            typed[key] = float(value) if "." in value else int(value)
        else:
            typed[key] = value or None
    typed["complaints_online_share"] = 0.35
    typed["data_source"] = "Logiciel de gestion"
    return typed


def filled_workbook(db: UnitOfWork, region: Region, slug: str, **overrides: Any) -> bytes:
    values = good_values(slug)
    values.update(overrides)
    return fill(blank_workbook(db, region, slug), values)


def import_one(db: UnitOfWork, region: Region, name: str, data: bytes) -> services.FileResult:
    with db() as session:
        campaign = services.campaign_by_public_id(session, region.campaign)
        report = services.import_files(
            session, actor="tests", campaign=campaign, files=[(name, data)], channel="upload"
        )
        return report.files[0]
