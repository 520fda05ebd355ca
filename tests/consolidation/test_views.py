"""The campaign pages through the real app: board, uploads (files and zips), downloads."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import openpyxl
import pytest
import webtest
from sqlalchemy import select

from consolidation import services
from municipality.models import Region as RegionRow
from municipality.pagination import DEFAULT_PAGE_SIZE
from tests import factories
from tests.consolidation.conftest import Region, blank_workbook, filled_workbook, load
from tests.consolidation.files import zip_of

SUPERVISOR = "supervisor@oasis.test"
OTHER = "supervisor@steppe.test"


@pytest.fixture
def people(db, region: Region) -> None:
    with db() as session:
        oasis = session.execute(select(RegionRow).where(RegionRow.slug == region.slug)).scalar_one()
        factories.user(session, role="supervisor", region_=oasis, email=SUPERVISOR, locale="en")
        steppe = factories.region(session, slug="steppe")
        factories.user(session, role="supervisor", region_=steppe, email=OTHER)
        palmeraie = next(c for c in oasis.communes if c.slug == "palmeraie")
        factories.user(
            session, role="commune_admin", commune_=palmeraie, email="admin@palmeraie.test"
        )


def logged_in(app: webtest.TestApp, email: str, *, totp: bool = False) -> webtest.TestApp:
    assert factories.log_in(app, email, totp=totp).status_int == 302
    return app


def board_path(region: Region) -> str:
    return f"/r/{region.slug}/consolidation/campaigns/{region.campaign}"


def csrf(app: webtest.TestApp, region: Region) -> str:
    return factories.csrf_token(app, board_path(region))


def send(app: webtest.TestApp, region: Region, files: list[tuple[str, bytes]], status: int):
    return app.post(
        f"{board_path(region)}/returns",
        {"csrf_token": csrf(app, region)},
        upload_files=[("files", name, data) for name, data in files],
        status=status,
    )


def test_supervisor_sees_the_board_of_the_campaign(app, region, people):
    logged_in(app, SUPERVISOR)
    index = app.get(f"/r/{region.slug}/consolidation")
    assert "Activité mensuelle" in index.text
    page = app.get(board_path(region))
    assert "Commune palmeraie" in page.text
    assert "Commune dune" in page.text
    assert "Waiting" in page.text or "Late" in page.text
    assert page.html.find("form", {"data-upload": True}) is not None
    (returns,) = page.html.select("figure.chart")
    assert returns.find("svg", role="img") is not None
    communes = [int(td.get_text()) for td in returns.select("tbody td")]
    assert sum(communes) == len(page.html.select("table:not(.chart-table) tbody tr"))


def test_another_regions_supervisor_and_staff_get_404(app, db, region, people):
    logged_in(app, OTHER)
    for path in (
        f"/r/{region.slug}/consolidation",
        board_path(region),
        f"{board_path(region)}/export.xlsx",
        f"{board_path(region)}/comparison",
        f"{board_path(region)}/templates/dune.xlsx",
    ):
        assert app.get(path, status=404).status_int == 404
    token = factories.csrf_token(app, "/r/steppe/consolidation")
    for action in ("close", "reminders", "returns"):
        app.post(f"{board_path(region)}/{action}", {"csrf_token": token}, status=404)
    with db() as session:
        campaign = services.campaign_by_public_id(session, region.campaign)
        assert campaign.closed_at is None
    # The other supervisor's own region does not find this campaign either.
    assert (
        app.get(f"/r/steppe/consolidation/campaigns/{region.campaign}", status=404).status_int
        == 404
    )


def test_commune_staff_get_404_and_anonymous_go_to_log_in(app, region, people):
    assert app.get(board_path(region), status=302).location.startswith("http://localhost/login")
    logged_in(app, "admin@palmeraie.test", totp=True)
    assert app.get(board_path(region), status=404).status_int == 404


def test_upload_of_a_zip_reports_each_file(app, db, region, people):
    good = filled_workbook(db, region, "palmeraie")
    bad = filled_workbook(db, region, "dune", complaints_received="beaucoup")
    logged_in(app, SUPERVISOR)
    archive = zip_of({"palmeraie.xlsx": good, "dune.xlsx": bad, "notes.xlsx": b"not a workbook"})
    page = send(app, region, [("returns.zip", archive)], 200)
    assert "1 files accepted, 2 refused." in page.text
    assert "beaucoup" in page.text
    link = page.html.find("a", href=lambda h: h and "/refusals/" in h)
    assert link is not None
    report = app.get(link["href"])
    book = openpyxl.load_workbook(io.BytesIO(report.body))
    rows = list(book.active.iter_rows(values_only=True))
    assert any("beaucoup" in (str(v) for v in row) for row in rows)
    board = app.get(board_path(region))
    assert "Refused" in board.text
    assert "version 1" in board.text


def test_upload_of_several_files_and_of_none(app, db, region, people):
    logged_in(app, SUPERVISOR)
    page = send(
        app,
        region,
        [
            ("a.xlsx", filled_workbook(db, region, "palmeraie")),
            ("b.xlsx", filled_workbook(db, region, "dune")),
        ],
        200,
    )
    assert "2 files accepted, 0 refused." in page.text
    empty = app.post(
        f"{board_path(region)}/returns", {"csrf_token": csrf(app, region)}, status=303
    ).follow()
    assert "Choose at least one workbook" in empty.text


def test_only_refused_files_answer_422(app, db, region, people):
    logged_in(app, SUPERVISOR)
    page = send(app, region, [("blank.xlsx", blank_workbook(db, region, "dune"))], 422)
    assert "0 files accepted, 1 refused." in page.text


def test_template_download_and_board_filters(app, region, people):
    logged_in(app, SUPERVISOR)
    workbook = app.get(f"{board_path(region)}/templates/dune.xlsx")
    assert workbook.content_type.startswith("application/vnd.openxmlformats")
    assert "dune" in workbook.headers["Content-Disposition"]
    assert app.get(f"{board_path(region)}/templates/nowhere.xlsx", status=404)
    returned = app.get(board_path(region), {"state": "returned"})
    assert "No commune is in this state." in returned.text


def test_exports_download_in_both_formats_and_refuse_others(app, db, region, people):
    logged_in(app, SUPERVISOR)
    send(app, region, [("a.xlsx", filled_workbook(db, region, "palmeraie"))], 200)
    workbook = app.get(f"{board_path(region)}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(workbook.body))
    assert "palmeraie" in book.sheetnames
    text = app.get(f"{board_path(region)}/export.csv").body.decode("utf-8-sig")
    assert text.splitlines()[0] == "commune_code,period,indicator,breakdown,value"
    assert any(line.startswith("palmeraie,2026-10,") for line in text.splitlines())
    refused = app.get(f"{board_path(region)}/export.pdf", status=422)
    assert ".xlsx or .csv" in refused.text


def test_reminders_and_closing_confirm_what_they_did(app, region, people):
    logged_in(app, SUPERVISOR)
    token = csrf(app, region)
    reminded = app.post(f"{board_path(region)}/reminders", {"csrf_token": token}, status=303)
    assert "reminder" in reminded.follow().text
    closed = app.post(f"{board_path(region)}/close", {"csrf_token": token}, status=303).follow()
    assert "The campaign is closed." in closed.text
    assert closed.html.find("form", {"data-upload": True}) is None


def test_comparison_page_without_a_year_before(app, region, people):
    logged_in(app, SUPERVISOR)
    page = app.get(f"{board_path(region)}/comparison")
    assert "2025-10" in page.text
    assert "Réclamations reçues" in page.text


def test_the_commune_downloads_its_workbook_and_its_refusal_report(app, db, region, people):
    supervisor = webtest.TestApp(app.app, extra_environ={"HTTP_HOST": "localhost"})
    logged_in(supervisor, SUPERVISOR)
    bad = filled_workbook(db, region, "palmeraie", complaints_received="beaucoup")
    other = filled_workbook(db, region, "dune", permits_filed="x")
    page = send(supervisor, region, [("p.xlsx", bad), ("d.xlsx", other)], 422)
    links = [a["href"] for a in page.html.find_all("a", href=lambda h: h and "/refusals/" in h)]
    dune_report = links[1].rsplit("/", 1)[1]
    logged_in(app, "admin@palmeraie.test", totp=True)
    own = app.get("/c/palmeraie/returns")
    # Palmeraie speaks Arabic first: its page does too.
    assert "النشاط الشهري" in own.text
    assert "مرفوض" in own.text
    workbook = app.get(own.html.find("a", href=lambda h: h and "workbook.xlsx" in h)["href"])
    assert "palmeraie" in workbook.headers["Content-Disposition"]
    report = app.get(own.html.find("a", href=lambda h: h and "/refusals/" in h)["href"])
    rows = list(openpyxl.load_workbook(io.BytesIO(report.body)).active.iter_rows(values_only=True))
    assert any("beaucoup" in (str(v) for v in row) for row in rows)
    # Dune's report is not palmeraie's to read, even by its id.
    path = f"/c/palmeraie/returns/{region.campaign}/refusals/{dune_report}"
    assert app.get(path, status=404).status_int == 404
    # Another region's commune does not find this campaign.
    assert (
        app.get(
            "/c/palmeraie/returns/00000000-0000-0000-0000-000000000000/workbook.xlsx", status=404
        ).status_int
        == 404
    )


def versions_path(region: Region, slug: str) -> str:
    return f"{board_path(region)}/communes/{slug}/versions"


def test_a_new_version_shows_the_cells_it_changed(app, db, region, people):
    logged_in(app, SUPERVISOR)
    first = filled_workbook(db, region, "dune")
    second = filled_workbook(db, region, "dune", **{"civil_acts|birth": 4321})
    send(app, region, [("dune-1.xlsx", first)], 200)
    send(app, region, [("dune-2.xlsx", second)], 200)
    board_page = app.get(board_path(region))
    links = board_page.html.find_all("a", href=lambda h: h and h.endswith("/versions"))
    assert [a["href"].split("/")[-2] for a in links] == ["dune"]
    assert "version 2" in links[0].text
    page = app.get(links[0]["href"])
    headings = [h.text for h in page.html.find_all("h2")]
    assert headings == ["version 2", "version 1"]
    assert "dune-2.xlsx" in page.text
    assert "First version" in page.text
    changed = page.html.find("table").find_all("tr")[1:]
    assert len(changed) == 1
    cells = [c.text.strip() for c in changed[0].find_all(["th", "td"])]
    assert cells == ["Actes d'état civil enregistrés", "Naissances", "212", "4321"]


def test_the_versions_page_of_a_commune_without_a_return(app, region, people):
    logged_in(app, SUPERVISOR)
    page = app.get(versions_path(region, "palmeraie"))
    assert "This commune has sent no return for this campaign yet." in page.text
    app.get(versions_path(region, "nowhere"), status=404)


def test_another_regions_supervisor_gets_404_on_the_versions(app, db, region, people):
    with db() as session:
        campaign, commune = load(session, region, "dune")
        services.record_return(
            session,
            actor="tests",
            campaign=campaign,
            commune=commune,
            values={"complaints_received": 1},
            channel="cli",
        )
    logged_in(app, OTHER)
    app.get(versions_path(region, "dune"), status=404)


def test_the_campaigns_page_charts_the_returns_campaign_after_campaign(app, db, region, people):
    logged_in(app, SUPERVISOR)
    single = app.get(f"/r/{region.slug}/consolidation").html.select_one("figure.chart")
    assert single.find("svg") is None
    assert single.select_one("p.empty") is not None
    with db() as session:
        oasis = session.execute(select(RegionRow).where(RegionRow.slug == region.slug)).scalar_one()
        earlier = services.create_campaign(
            session,
            actor="tests",
            region=oasis,
            set_code="activity-monthly",
            period="2026-09",
            deadline=date(2026, 10, 15),
        )
        september = dataclasses.replace(region, campaign=str(earlier.public_id))
    for campaign, slugs in ((september, ["palmeraie", "dune"]), (region, ["dune"])):
        files = [(f"{slug}.xlsx", filled_workbook(db, campaign, slug)) for slug in slugs]
        send(app, campaign, files, 200)
    chart = app.get(f"/r/{region.slug}/consolidation").html.select_one("figure.chart")
    assert chart.find("svg", role="img") is not None
    periods = [th.get_text() for th in chart.select("tbody th")]
    assert [p.rsplit(" · ", 1)[1] for p in periods] == ["2026-09", "2026-10"]
    assert [td.get_text() for td in chart.select("tbody td")] == ["2", "1"]


@pytest.fixture
def large_region(db, region: Region, people) -> Region:
    """A page and a half of communes more in the region, in two provinces."""
    with db() as session:
        oasis = session.execute(select(RegionRow).where(RegionRow.slug == region.slug)).scalar_one()
        for number in range(DEFAULT_PAGE_SIZE + 10):
            commune = factories.commune(session, f"ksar-{number:02d}", oasis)
            commune.name_fr = f"Ksar {number:02d}"
            commune.province = "Province de Tinghir" if number % 2 else "Province d'Errachidia"
    return region


def _board_rows(page) -> list[str]:
    return [th.get_text() for th in page.html.select("table:not(.chart-table) tbody th[scope=row]")]


def test_a_large_region_is_shown_a_page_at_a_time_by_province(app, large_region):
    logged_in(app, SUPERVISOR)
    first = app.get(board_path(large_region))
    assert len(_board_rows(first)) == DEFAULT_PAGE_SIZE
    provinces = [th.get_text() for th in first.html.select("tr.group th")]
    assert provinces[:2] == ["Province d'Errachidia", "Province de Tinghir"]
    assert len(first.body) < 50_000
    second = app.get(first.html.select_one("a[rel=next]")["href"])
    # The region's two communes and the page and a half of new ones, less the first page.
    assert len(_board_rows(second)) == 2 + DEFAULT_PAGE_SIZE + 10 - DEFAULT_PAGE_SIZE
    assert "Commune palmeraie" in _board_rows(second)
    assert set(_board_rows(first)).isdisjoint(_board_rows(second))


def test_the_board_finds_a_commune_by_name_and_keeps_the_state_filter(app, large_region):
    logged_in(app, SUPERVISOR)
    found = app.get(board_path(large_region), {"q": " ksar 07 "})
    assert _board_rows(found) == ["Ksar 07"]
    assert found.html.find("input", {"name": "q"})["value"] == "ksar 07"
    several = app.get(board_path(large_region), {"q": "ksar 1", "state": "owing"})
    assert _board_rows(several) == [f"Ksar {n}" for n in (10, 12, 14, 16, 18, 11, 13, 15, 17, 19)]
    returned = app.get(board_path(large_region), {"q": "ksar", "state": "returned"})
    assert _board_rows(returned) == []
    nothing = app.get(board_path(large_region), {"q": "Casablanca"})
    assert "No commune matches “Casablanca”." in nothing.text


@pytest.mark.parametrize("odd", ["%", "_", "x" * 5000, "\u202eevil", "' OR 1=1 --", "-1", "1e400"])
def test_odd_searches_and_pages_of_the_board_answer_a_page(app, large_region, odd):
    logged_in(app, SUPERVISOR)
    page = app.get(board_path(large_region), {"q": odd, "page": odd, "size": odd})
    assert len(_board_rows(page)) <= DEFAULT_PAGE_SIZE
    assert len(page.html.find("input", {"name": "q"})["value"]) <= 100
    app.get(board_path(large_region), {"q": "a\x00b"}, status=400)
