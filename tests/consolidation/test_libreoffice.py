"""The regional workbook opened in LibreOffice, as a supervisor opens it.

LibreOffice recalculates nothing we wrote as a value, so what it reads back is what a
supervisor sees: the region sheet must hold each indicator combined by its rule (sums,
shares weighted by their base), and every sheet must speak the workbook's one language.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from consolidation import services
from consolidation.aggregate import as_number
from consolidation.definition import flatten
from consolidation.periods import parse_period
from consolidation.sets import ACTIVITY_MONTHLY
from municipality.i18n import _, localizer_for
from municipality.indicators import Rule
from tests import factories
from tests.consolidation.conftest import Region, filled_workbook, import_one, load

# Headers, sheet names and labels the workbook translates (its English msgids).
HEADERS = (
    "Summary",
    "Communes",
    "Region",
    "Comparison",
    "Totals and return rates by province.",
    "Province",
    "Counted",
    "Return rate",
    "Region total",
    "Commune",
    "Status",
    "Indicator",
    "Value",
    "Change",
    "Change (%)",
    "Province not recorded",
    "All counted returns of the region, each indicator combined by its rule.",
    "One line per commune; communes without counted figures are highlighted.",
)
SOFFICE_SECONDS = 120
PERIOD = parse_period("2026-10")


@pytest.fixture
def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing in CI: make system-deps installs it")
        pytest.skip("LibreOffice (soffice) is not installed; make system-deps installs it")
    return found


def sheets_as_csv(soffice: str, workbook: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``workbook`` as LibreOffice reads it: raw values, not as shown."""
    profile = out / "profile"
    # Fields: separator, quote, UTF-8, from line 1, default formats, language, quoted as
    # text, detect numbers, *not* as shown, no formulas, keep spaces, every sheet (-1).
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=SOFFICE_SECONDS,
    )
    prefix = f"{workbook.stem}-"
    return {
        path.stem.removeprefix(prefix): list(
            csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
        )
        for path in out.glob(f"{prefix}*.csv")
    }


def returned(db: Any, region: Region) -> list[dict[str, Any]]:
    """Palmeraie and Dune answer, with different shares online of different counts."""
    import_one(
        db,
        region,
        "p.xlsx",
        filled_workbook(
            db,
            region,
            "palmeraie",
            complaints_received=300,
            complaints_resolved=50,
            complaints_online_share=0.6,
        ),
    )
    import_one(
        db,
        region,
        "d.xlsx",
        filled_workbook(
            db,
            region,
            "dune",
            complaints_received=100,
            complaints_resolved=50,
            complaints_online_share=0.2,
        ),
    )
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        return [flatten(r.values) for r in services.current_returns(session, campaign).values()]


def expected_region(returns: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Each numeric cell worked out by hand: sums, and shares weighted by their base."""
    expected: dict[str, Decimal] = {}
    for cell in ACTIVITY_MONTHLY.cells(PERIOD):
        numbers = [as_number(r.get(cell.key)) for r in returns]
        if cell.indicator.rule is Rule.SHARE:
            bases = [as_number(r.get(cell.indicator.base)) for r in returns]
            pairs = [(n, b) for n, b in zip(numbers, bases, strict=True) if n is not None and b]
            expected[cell.key] = sum(n * b for n, b in pairs) / sum(b for _n, b in pairs)
        elif cell.indicator.rule is Rule.SUM:
            expected[cell.key] = sum(n for n in numbers if n is not None)
    return expected


def export(run: Any, region: Region, out: Path, *lang: str) -> Path:
    status, _printed, err = run(
        "consolidation", "export", "--campaign", region.campaign, "--out", str(out), *lang
    )
    assert (status, err) == (0, "")
    return out


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_the_region_sheet_in_libreoffice_combines_each_indicator_by_its_rule(
    soffice, run, db, region, tmp_path, locale
):
    returns = returned(db, region)
    workbook = export(run, region, tmp_path / "oasis.xlsx", "--lang", locale)
    sheets = sheets_as_csv(soffice, workbook, tmp_path)
    t = localizer_for(locale).translate
    assert {t(_(n)) for n in ("Summary", "Communes", "Region", "Comparison")} <= set(sheets)
    rows = {row[0]: row[1:] for row in sheets[t(_("Region"))] if row}
    expected = expected_region(returns)
    share = ACTIVITY_MONTHLY.indicator("complaints_online_share")
    assert Decimal(rows[share.label(locale)][0]) == pytest.approx(Decimal(50), rel=Decimal("1e-9"))
    checked = 0
    for indicator in ACTIVITY_MONTHLY.indicators:
        if indicator.rule is None:
            continue
        keys = [c.key for c in ACTIVITY_MONTHLY.indicator_cells(indicator, PERIOD)]
        shown = [float(v) for v in rows[indicator.label(locale)] if v != ""]
        assert shown[: len(keys)] == pytest.approx([float(expected[k]) for k in keys], rel=1e-9)
        checked += 1
    assert checked == 7

    other = "ar" if locale == "fr" else "fr"
    foreign = {localizer_for(o).translate(_(h)) for o in ("en", other) for h in HEADERS}
    foreign -= {t(_(h)) for h in HEADERS}
    foreign |= {i.label(other) for i in ACTIVITY_MONTHLY.indicators} - {
        i.label(locale) for i in ACTIVITY_MONTHLY.indicators
    }
    texts = {cell for rows_ in sheets.values() for row in rows_ for cell in row}
    assert texts & foreign == set()
    assert set(sheets) & foreign == set()


def test_the_workbook_speaks_the_regions_first_language_by_default(
    soffice, run, db, region, tmp_path
):
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        factories.commune(session, "ksar", campaign.region, languages="ar fr")
    sheets = sheets_as_csv(soffice, export(run, region, tmp_path / "oasis.xlsx"), tmp_path)
    assert {"الخلاصة", "الجهة", "مقارنة"} <= set(sheets)
    with pytest.raises(SystemExit):  # English would mix with the sets' labels
        run(
            "consolidation",
            "export",
            "--campaign",
            region.campaign,
            "--out",
            "x.xlsx",
            "--lang",
            "en",
        )
