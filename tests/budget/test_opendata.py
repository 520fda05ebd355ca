"""The budget as a Fiscal Data Package and its spending as OCDS releases, read as a
re-user would: the public URLs, validated offline against the FDP profile shipped in the
``datapackage`` wheel, the table checked by frictionless, the releases by their schema."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import jsonschema
from frictionless import Resource, Schema

from tests import factories

OCDS_SCHEMA = Path(__file__).parent / "ocds_release_package.schema.json"


def fdp_profile() -> dict:
    """The Fiscal Data Package profile as the ``datapackage`` wheel ships it (no network)."""
    spec = importlib.util.find_spec("datapackage")
    assert spec is not None
    assert spec.submodule_search_locations
    folder = Path(spec.submodule_search_locations[0])
    return json.loads((folder / "profiles" / "fiscal-data-package.json").read_text("utf-8"))


def test_the_budget_is_a_valid_fiscal_data_package(spent, tmp_path):
    descriptor = spent.get("/tiznit/budget/opendata/2026/datapackage.json").json
    jsonschema.Draft4Validator(fdp_profile()).validate(descriptor)
    measures = descriptor["model"]["measures"]
    assert {m["phase"] for m in measures.values()} == {
        "proposed",
        "approved",
        "adjusted",
        "executed",
    }
    dimensions = descriptor["model"]["dimensions"]
    assert dimensions["economic"]["classificationType"] == "economic"
    assert dimensions["functional"]["classificationType"] == "functional"
    text = spent.get("/tiznit/budget/opendata/2026/budget.csv").text
    (tmp_path / "budget.csv").write_text(text, encoding="utf-8")
    resource = descriptor["resources"][0]
    table = Resource(
        path=resource["path"],
        basepath=str(tmp_path),
        schema=Schema.from_descriptor(resource["schema"]),
    )
    report = table.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert (row["proposed"], row["approved"], row["adjusted"], row["executed"]) == (
        "100000.00",
        "100000.00",
        "100000.00",
        "900.00",
    )


def test_spending_releases_link_each_payment_to_its_budget_line(spent):
    package = spent.get("/tiznit/budget/opendata/2026/spending.json").json
    jsonschema.Draft4Validator(
        json.loads(OCDS_SCHEMA.read_text("utf-8")), format_checker=jsonschema.FormatChecker()
    ).validate(package)
    paid, committed = package["releases"]
    (contract,) = paid["contracts"]
    (transaction,) = contract["implementation"]["transactions"]
    assert transaction["value"] == {"amount": 900.0, "currency": "MAD"}
    assert transaction["date"].startswith("2026-03-04")
    assert transaction["source"].endswith("/tiznit/budget/opendata/2026/datapackage.json")
    assert (
        paid["planning"]["budget"]["id"]
        == spent.get("/tiznit/budget/opendata/2026/budget.csv").text.splitlines()[1].split(",")[1]
    )
    assert transaction["payee"]["id"] == paid["awards"][0]["suppliers"][0]["id"]
    assert "implementation" not in committed["contracts"][0]
    assert committed["contracts"][0]["status"] == "active"


def test_the_public_sees_no_supplier_and_no_unapproved_year(spent):
    public = spent.get("/tiznit/budget/opendata/2026/spending.json").text
    assert "ICE001122334455" not in public
    assert "Sotravo" not in public
    assert "@" not in public
    spent.get("/tiznit/budget/opendata/2027/datapackage.json", status=404)
    spent.get("/tiznit/budget/opendata/2027/spending.json", status=404)
    spent.get("/tiznit/budget/opendata/1999/budget.csv", status=404)
    spent.get("/tiznit/budget/opendata/20x6/budget.csv", status=404)


def test_staff_releases_carry_the_suppliers_identifier(spent):
    spent.get("/c/tiznit/budget/opendata/2026/spending.json", status=302)
    factories.log_in(spent, "accountant@t.test", totp=True)
    staff = spent.get("/c/tiznit/budget/opendata/2026/spending.json").json
    supplier = staff["releases"][0]["parties"][1]
    assert supplier["identifier"]["id"] == "ICE001122334455"
    assert staff["releases"][0]["contracts"][0]["implementation"]["transactions"][0]["payee"] == {
        "id": supplier["id"],
        "name": "Sotravo SARL",
    }


def test_the_public_page_offers_the_files_to_download(spent):
    page = spent.get("/tiznit/budget", {"year": "2026"})
    links = {a["href"] for a in page.html.select("#open-data ~ ul a")}
    for name in ("budget.csv", "datapackage.json", "spending.json"):
        assert any(link.endswith(f"/opendata/2026/{name}") for link in links)
        assert spent.get(next(link for link in links if link.endswith(name))).status_int == 200
