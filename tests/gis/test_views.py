"""The GIS staff pages through the real app: plans, imports, rules, servitudes, checks."""

from __future__ import annotations

import io
import json
import threading
import time

import numpy as np
import openpyxl
import pytest
from sqlalchemy import func, select

from gis import demo
from gis.models import Parcel, ServitudeLayer, ZoneRule, ZoningPlan
from municipality.db import set_commune_scope
from municipality.models import Commune
from tests import factories
from tests.gis.conftest import gpkg, shapefile_zip

ADMIN = "admin@sale.test"


@pytest.fixture
def staff(db, commune) -> str:
    with db() as session:
        created = session.get(Commune, commune)
        factories.user(session, role="commune_admin", commune_=created, email=ADMIN)
        factories.user(session, role="agent", commune_=created, email="agent@sale.test")
    return "sale"


@pytest.fixture
def with_demo(db, commune, staff) -> int:
    with db() as session:
        set_commune_scope(session, commune)
        demo.load_demo(session, session.get(Commune, commune), "tests", factories.demo_year())
    return commune


@pytest.fixture
def inline_imports(wsgi_app, monkeypatch):
    monkeypatch.setitem(wsgi_app.registry.settings, "baladiya.gis.import_in_background", False)


def _plan_id(db) -> str:
    with db() as session:
        return str(session.execute(select(ZoningPlan.public_id)).scalar_one())


def test_plans_page_lists_versions_and_the_one_in_force(app, with_demo):
    factories.log_in(app, ADMIN, totp=True)
    page = app.get("/c/sale/gis/plans")
    assert "PA-2024" in page.text
    assert page.html.find(class_="badge on")
    assert page.html.find("a", href=lambda h: bool(h) and h.endswith("/c/sale/gis/imports"))


def test_agent_may_look_but_not_import(app, with_demo):
    factories.log_in(app, "agent@sale.test")
    app.get("/c/sale/gis/plans", status=200)
    app.get("/c/sale/gis/imports", status=403)
    app.get("/c/sale/gis/check", status=403)


def test_upload_shows_a_report_and_stores_the_parcels(
    app, staff, db, layers, tmp_path, inline_imports
):
    factories.log_in(app, ADMIN, totp=True)
    path = gpkg(tmp_path, layers.parcels, reference=layers.references)
    form = app.get("/c/sale/gis/imports").forms["deform"]
    form["kind"] = "parcels"
    form["file"] = (path.name, path.read_bytes())
    report = form.submit("import").follow()
    assert report.html.find(class_="flash success")
    assert "96" in report.text
    with db() as session:
        assert session.execute(select(func.count()).select_from(Parcel)).scalar_one() == 96


def test_refused_upload_explains_why_and_stores_nothing(
    app, staff, db, layers, tmp_path, inline_imports
):
    factories.log_in(app, ADMIN, totp=True)
    path = shapefile_zip(tmp_path, layers.zones, prj=False, code=layers.zone_codes)
    form = app.get("/c/sale/gis/imports").forms["deform"]
    form["kind"] = "zoning"
    form["plan_name"] = "PA"
    form["plan_reference"] = "PA-1"
    form["in_force_from"] = "2025-01-01"
    form["file"] = (path.name, path.read_bytes())
    report = form.submit("import").follow()
    assert report.html.find(class_="flash error")
    assert ".prj" in report.text
    with db() as session:
        assert session.execute(select(func.count()).select_from(ZoningPlan)).scalar_one() == 0


def test_import_in_the_background_reports_progress(app, staff, layers, tmp_path):
    factories.log_in(app, ADMIN, totp=True)
    path = gpkg(tmp_path, layers.parcels, reference=layers.references)
    form = app.get("/c/sale/gis/imports").forms["deform"]
    form["kind"] = "parcels"
    form["file"] = (path.name, path.read_bytes())
    page = form.submit("import").follow()
    bar = page.html.find(id="import-progress")
    if bar is not None:
        assert page.headers["Refresh"] == "3"
        for _attempt in range(200):
            if app.get(bar["data-status-url"]).json["state"] not in ("pending", "running"):
                break
            time.sleep(0.05)
    for thread in threading.enumerate():
        if thread.name.startswith("gis-import-"):
            thread.join(timeout=30)
    assert app.get(page.request.path + "/status").json == {"state": "done", "progress": 100}


def test_import_without_a_file_is_a_clear_error(app, staff):
    factories.log_in(app, ADMIN, totp=True)
    form = app.get("/c/sale/gis/imports").forms["deform"]
    form["kind"] = "parcels"
    response = form.submit("import", status=422)
    assert response.html.find(class_="flash error")


def test_zone_rule_editor_saves_and_audits(app, with_demo, db):
    factories.log_in(app, ADMIN, totp=True)
    plan = _plan_id(db)
    page = app.get(f"/c/sale/gis/plans/{plan}/rule", params={"code": "R+2"})
    form = page.forms["deform"]
    form["max_height_m"] = "10"
    form.submit("save").follow()
    with db() as session:
        rule = session.execute(select(ZoneRule).where(ZoneRule.zone_code == "R+2")).scalar_one()
        assert rule.max_height_m == 10.0


def test_rules_round_trip_through_a_workbook_and_bad_cells_are_refused(app, with_demo, db):
    factories.log_in(app, ADMIN, totp=True)
    plan = _plan_id(db)
    download = app.get(f"/c/sale/gis/plans/{plan}/rules.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.body))
    sheet = book.active
    assert sheet["A1"].value == "zone_code"
    sheet["D2"] = "=1+1"
    sheet["E3"] = "tall"
    buffer = io.BytesIO()
    book.save(buffer)
    page = app.get(f"/c/sale/gis/plans/{plan}")
    form = page.forms["rules-upload"]
    form["file"] = ("rules.xlsx", buffer.getvalue())
    refused = form.submit("upload", status=422)
    assert "D2" in refused.text
    assert "E3" in refused.text
    sheet["D2"] = 99
    sheet["E3"] = 7
    buffer = io.BytesIO()
    book.save(buffer)
    form = app.get(f"/c/sale/gis/plans/{plan}").forms["rules-upload"]
    form["file"] = ("rules.xlsx", buffer.getvalue())
    form.submit("upload").follow()
    with db() as session:
        heights = dict(session.execute(select(ZoneRule.zone_code, ZoneRule.max_height_m)).all())
    assert 99.0 in heights.values()


def test_plan_dates_decide_which_plan_is_in_force(app, with_demo, db):
    factories.log_in(app, ADMIN, totp=True)
    plan = _plan_id(db)
    form = app.get(f"/c/sale/gis/plans/{plan}").forms["deform"]
    form["in_force_from"] = "2024-01-01"
    form["in_force_until"] = "2025-01-01"
    form.submit("save").follow()
    assert not app.get("/c/sale/gis/plans").html.find(class_="badge on")
    form = app.get(f"/c/sale/gis/plans/{plan}").forms["deform"]
    form["in_force_until"] = "2023-01-01"
    assert form.submit("save", status=422).html.find(class_="flash error")


def test_servitude_layer_effect_is_edited(app, with_demo, db):
    factories.log_in(app, ADMIN, totp=True)
    with db() as session:
        layer = session.execute(
            select(ServitudeLayer).where(ServitudeLayer.kind == "flood_risk")
        ).scalar_one()
    page = app.get("/c/sale/gis/servitudes")
    assert "Zone inondable" in page.text
    form = app.get(f"/c/sale/gis/servitudes/{layer.public_id}").forms["deform"]
    form["effect"] = "limit_height"
    assert form.submit("save", status=422)
    form = app.get(f"/c/sale/gis/servitudes/{layer.public_id}").forms["deform"]
    form["effect"] = "limit_height"
    form["height_limit_m"] = "4"
    form.submit("save").follow()
    with db() as session:
        assert session.get(ServitudeLayer, layer.id).height_limit_m == 4.0


def test_check_form_gives_findings(app, with_demo, layers):
    factories.log_in(app, ADMIN, totp=True)
    form = app.get("/c/sale/gis/check").forms["deform"]
    form["parcels"] = layers.references[0]
    form["use"] = "housing"
    form["footprint_m2"] = "310"
    form["floor_area_m2"] = "700"
    form["height_m"] = "9"
    form["floors"] = "3"
    page = form.submit("check")
    assert page.status_int == 200
    text = page.html.find(id="findings-title").find_parent("section").get_text(" ")
    assert "L'emprise de 62 % dépasse le maximum de 60 % de la zone R+2." in text
    assert "L'usage Habitat est autorisé en zone R+2." in text


def test_check_without_a_site_is_refused(app, with_demo):
    factories.log_in(app, ADMIN, totp=True)
    form = app.get("/c/sale/gis/check").forms["deform"]
    form["use"] = "housing"
    for name in ("footprint_m2", "floor_area_m2", "height_m", "floors"):
        form[name] = "1"
    response = form.submit("check", status=422)
    assert response.html.find(class_="flash error")


def test_buildability_run_and_downloads(app, with_demo, layers):
    factories.log_in(app, ADMIN, totp=True)
    form = app.get("/c/sale/gis/buildability").forms["deform"]
    page = form.submit("run").follow()
    link = page.html.find("a", string="CSV")["href"]
    csv_text = app.get(link).body.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("reference,area_m2,zone_codes,buildable")
    assert "owner" not in csv_text
    assert "Propriétaire" not in csv_text
    geojson = json.loads(app.get(page.html.find("a", string="GeoJSON")["href"]).body)
    assert len(geojson["features"]) == len(layers.references)
    assert np.isfinite(geojson["features"][0]["geometry"]["coordinates"][0][0][0])
    first = geojson["features"][0]
    assert first["id"] == first["properties"]["reference"]
    assert set(first["properties"]) >= {"zone_codes", "allowed_uses", "buildable"}
    assert "owner" not in first["properties"]
