"""``baladiya gis import|rules|buildability`` against the test database."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from gis import rules_xlsx
from gis.models import Parcel, ZoneRule, ZoningPlan
from tests.gis.conftest import gpkg, shapefile_zip


@pytest.fixture
def run(run, commune):
    """The command, once the commune it works on exists."""
    return run


def _count(db, model):
    with db() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_plan_parcels_rules_then_assess(run, db, layers, tmp_path):
    (tmp_path / "b").mkdir()
    boundary = gpkg(tmp_path / "b", np.array([layers.boundary]))
    assert run("gis", "import", "sale", "boundary", str(boundary))[0] == 0
    zones = shapefile_zip(tmp_path, layers.zones, code=layers.zone_codes)
    status, out, _err = run(
        "gis",
        "import",
        "sale",
        "zoning",
        str(zones),
        "--plan-name",
        "PA",
        "--plan-reference",
        "PA-1",
        "--in-force-from",
        "2024-01-01",
    )
    assert status == 0
    assert "stored 8 features" in out
    parcels = gpkg(tmp_path, layers.parcels, reference=layers.references)
    assert run("gis", "import", "sale", "parcels", str(parcels), "--dry-run")[0] == 0
    assert _count(db, Parcel) == 0
    assert run("gis", "import", "sale", "parcels", str(parcels))[0] == 0
    assert _count(db, Parcel) == 96
    with db() as session:
        plan = session.execute(select(ZoningPlan)).scalar_one()
    book = tmp_path / "rules.xlsx"

    class _Rule:
        def __init__(self, code, **values):
            self.zone_code = code
            self.allowed_uses, self.forbidden_uses = ["housing"], []
            self.source_text = "Article 1"
            for name in rules_xlsx.services.RULE_LIMITS:
                setattr(self, name, values.get(name))

    book.write_bytes(
        rules_xlsx.workbook(
            [_Rule(c, max_footprint_ratio=0.5) for c in sorted(set(layers.zone_codes))]
        )
    )
    status, out, _err = run("gis", "rules", "sale", str(book), "--plan", plan.reference)
    assert status == 0
    assert _count(db, ZoneRule) == 4
    output = tmp_path / "buildability.csv"
    status, out, _err = run(
        "gis", "buildability", "sale", "--on", "2025-06-01", "--output", str(output)
    )
    assert status == 0
    assert "assessed 96 parcels" in out
    assert output.read_text().startswith("reference,")


def test_refused_file_prints_the_report_and_stores_nothing(run, db, layers, tmp_path):
    path = gpkg(tmp_path, layers.parcels, crs=None, reference=layers.references)
    status, out, err = run("gis", "import", "sale", "parcels", str(path))
    assert status == 1
    assert "give the CRS" in out
    assert "nothing was stored" in err
    assert _count(db, Parcel) == 0
    status, out, _err = run("gis", "import", "sale", "parcels", str(path), "--crs", "EPSG:26191")
    assert status == 0
    assert _count(db, Parcel) == 96


def test_unknown_commune_and_missing_file_are_one_line_errors(run, tmp_path):
    status, _out, err = run("gis", "import", "nowhere", "parcels", str(tmp_path / "none.gpkg"))
    assert status == 1
    assert err.count("\n") == 1
