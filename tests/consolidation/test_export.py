"""The consolidated workbook and CSV, read back: totals, layout, neutralised text."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from consolidation import export, services
from consolidation.aggregate import Figures
from consolidation.definition import flatten
from consolidation.export import CommuneFigures, Plan
from consolidation.periods import parse_period
from consolidation.sets import ACTIVITY_MONTHLY
from municipality.errors import ValidationFailed
from municipality.spreadsheets import FORMULA_TRIGGERS
from tests import factories
from tests.consolidation.conftest import REGISTRY, Region, filled_workbook, import_one, load

HOSTILE = ('=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tx", "\rx")
PERIOD = parse_period("2026-10")


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def region_total(book: openpyxl.Workbook, label: str) -> Any:
    """The Total column of an indicator's row on the Region sheet."""
    for row in book.worksheets[2].iter_rows(values_only=True):
        if row and row[0] == label:
            return [v for v in row if v is not None][-1]
    raise KeyError(label)


def exported(session: Any, region: Region, media_type: str, locale: str = "fr") -> bytes:
    campaign, _commune = load(session, region, "dune")
    out = io.BytesIO()
    export.export_campaign(session, REGISTRY, campaign, out, media_type=media_type, locale=locale)
    return out.getvalue()


def accepted_values(session: Any, region: Region) -> list[dict[str, Any]]:
    campaign, _commune = load(session, region, "dune")
    return [flatten(r.values) for r in services.current_returns(session, campaign).values()]


def test_totals_equal_the_sum_of_the_accepted_returns(db, region):
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    import_one(db, region, "d.xlsx", filled_workbook(db, region, "dune"))
    refused = import_one(
        db, region, "x.xlsx", filled_workbook(db, region, "dune", permits_filed=-4)
    )
    assert not refused.accepted
    with db() as session:
        book = read_xlsx(exported(session, region, export.XLSX_TYPE))
        returns = accepted_values(session, region)
    assert len(returns) == 2
    for code, label in (
        ("complaints_received", "Réclamations reçues"),
        ("permits_filed", "Demandes d'autorisation déposées"),
    ):
        assert region_total(book, label) == sum(r[code] for r in returns)
    revenue = sum(Decimal(r[k]) for r in returns for k in r if k.startswith("revenue|"))
    assert Decimal(str(region_total(book, "Recettes encaissées"))) == revenue
    summary = {row[0]: row for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)}
    total_row = summary["Total de la région"]
    assert total_row[1:4] == (2, 2, 1)
    assert total_row[4] == sum(
        sum(r[f"civil_acts|{m}"] for m in ("birth", "death", "marriage", "divorce", "other"))
        for r in returns
    )


OASES, SOUTH = "Préfecture des Oasis", "Provinces du Sud"


def place_communes(db: Any, region: Region) -> None:
    """Palmeraie and a new Ksar in the Oases, a new Reg in the South, Dune unrecorded."""
    with db() as session:
        campaign, palmeraie = load(session, region, "palmeraie")
        palmeraie.province = OASES
        factories.commune(session, "ksar", campaign.region).province = OASES
        factories.commune(session, "reg", campaign.region).province = SOUTH


def summary_rows(book: openpyxl.Workbook) -> list[tuple[Any, ...]]:
    return list(book.worksheets[0].iter_rows(min_row=4, values_only=True))


def test_summary_subtotals_each_province_and_lists_the_unrecorded_last(db, region):
    place_communes(db, region)
    for slug in ("palmeraie", "ksar", "reg"):
        import_one(db, region, f"{slug}.xlsx", filled_workbook(db, region, slug))
    with db() as session:
        book = read_xlsx(exported(session, region, export.XLSX_TYPE))
        campaign, _commune = load(session, region, "dune")
        definition, period = services.campaign_layout(campaign)
        communes = services.region_communes(session, campaign.region_id)
        provinces = {c.id: c.province for c in communes}
        returns = [
            (provinces[commune_id], flatten(r.values))
            for commune_id, r in services.current_returns(session, campaign).items()
        ]
    keys = Plan("", "", definition, period, "MAD", "fr").key_indicators
    rows = summary_rows(book)
    assert [r[0] for r in rows] == [OASES, SOUTH, "Province non renseignée", "Total de la région"]
    by_name = {r[0]: r for r in rows}
    assert by_name[OASES][1:4] == (2, 2, 1)
    assert by_name[SOUTH][1:4] == (1, 1, 1)
    assert by_name["Province non renseignée"][1:4] == (1, 0, 0)
    assert by_name["Total de la région"][1:4] == (4, 3, 0.75)
    for name in (OASES, SOUTH):
        accepted = [Figures(definition, period, v).totals() for p, v in returns if p == name]
        for column, indicator in enumerate(keys, start=4):
            expected = sum(t.get(indicator.code, Decimal(0)) for t in accepted)
            assert Decimal(str(by_name[name][column])) == expected, (name, indicator.code)
    for column in range(4, 4 + len(keys)):
        assert by_name["Province non renseignée"][column] == 0
        assert by_name["Total de la région"][column] == pytest.approx(
            sum(by_name[name][column] for name in (OASES, SOUTH))
        )
    communes = {r[1].value: r for r in book["Communes"].iter_rows(min_row=4)}
    assert communes["ksar"][2].value == OASES
    assert communes["dune"][2].value == "Province non renseignée"
    assert communes["dune"][2].fill.fgColor.rgb.endswith(export.MISSING_FILL.fgColor.rgb[-6:])


def test_the_unrecorded_province_is_named_in_the_export_language(db, region):
    with db() as session:
        book = read_xlsx(exported(session, region, export.XLSX_TYPE, locale="ar"))
    assert [r[0] for r in summary_rows(book)][:1] == ["الإقليم غير مسجل"]


def test_layout_frozen_headers_print_setup_formats_and_charts(db, region):
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        book = read_xlsx(exported(session, region, export.XLSX_TYPE))
    assert book.sheetnames[:4] == ["Synthèse", "Communes", "Région", "Comparaison"]
    assert "palmeraie" in book.sheetnames
    assert "dune" not in book.sheetnames  # nothing counted: no sheet of figures
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "B4"
        assert sheet.print_title_rows == "$1:$3"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert not sheet.sheet_view.rightToLeft
    formats = {c.number_format for row in book["palmeraie"].iter_rows() for c in row}
    assert '#,##0.00 "MAD"' in formats
    assert len(book.worksheets[0]._charts) == len(
        Plan("", "", ACTIVITY_MONTHLY, PERIOD, "MAD", "fr").key_indicators
    )


def test_missing_communes_are_highlighted(db, region):
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        book = read_xlsx(exported(session, region, export.XLSX_TYPE))
    rows = {r[1].value: r for r in book["Communes"].iter_rows(min_row=4)}
    assert rows["dune"][0].fill.fgColor.rgb.endswith(export.MISSING_FILL.fgColor.rgb[-6:])
    assert rows["palmeraie"][0].fill.fill_type is None


def test_arabic_export_runs_right_to_left(db, region):
    with db() as session:
        book = read_xlsx(exported(session, region, export.XLSX_TYPE, locale="ar"))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_csv_is_the_long_format_of_the_accepted_returns(db, region):
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        text = exported(session, region, export.CSV_TYPE).decode("utf-8-sig")
        returns = accepted_values(session, region)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["commune_code", "period", "indicator", "breakdown", "value"]
    body = rows[1:]
    assert {r[0] for r in body} == {"palmeraie"}
    assert {r[1] for r in body} == {"2026-10"}
    assert len(body) == sum(1 for v in returns[0].values() if v is not None)
    by_key = {(r[2], r[3]): r[4] for r in body}
    assert by_key[("complaints_received", "")] == str(returns[0]["complaints_received"])
    assert by_key[("civil_acts", "birth")] == str(returns[0]["civil_acts|birth"])


@pytest.mark.parametrize("hostile", HOSTILE)
def test_formula_text_is_neutralised_in_xlsx_and_csv(hostile):
    plan = Plan("Activité", hostile, ACTIVITY_MONTHLY, PERIOD, "MAD", "fr")
    commune = CommuneFigures(
        code=hostile,
        name=hostile,
        province=hostile,
        status="ok",
        counted=True,
        values={"remarks": hostile, "complaints_received": 4},
    )
    out = io.BytesIO()
    export.write_xlsx(plan, [commune], out, str)
    book = read_xlsx(out.getvalue())
    texts = [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and hostile.strip() in c.value
    ]
    assert texts
    for cell in texts:
        assert cell.data_type == "s"
        assert not cell.value.startswith(FORMULA_TRIGGERS)
    assert any(cell.value == "'" + hostile for cell in texts)
    out = io.BytesIO()
    export.write_csv(plan, [commune], out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    for row in rows[1:]:
        assert row[0] == "'" + hostile
    assert ["'" + hostile, "2026-10", "remarks", "", "'" + hostile] in rows


def test_only_xlsx_and_csv_are_written():
    assert export.output_type("region.XLSX") == export.XLSX_TYPE
    assert export.output_type("/tmp/region.csv") == export.CSV_TYPE
    for name in ("region.pdf", "region", "region.xlsx.exe"):
        with pytest.raises(ValidationFailed):
            export.output_type(name)


def test_comparison_sheet_reads_the_same_period_a_year_before(db, region):
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    with db() as session:
        campaign, commune = load(session, region, "palmeraie")
        before = services.create_campaign(
            session,
            actor="tests",
            region=campaign.region,
            set_code="activity-monthly",
            period="2025-10",
            deadline=date(2025, 11, 15),
        )
        previous = services.submit_values(
            session,
            actor="tests",
            campaign=before,
            commune=commune,
            values={
                **flatten(services.latest_return(session, campaign, commune).values),
                "complaints_received": 10,
                "complaints_resolved": 5,
            },
            channel="cli",
        )
        assert previous.version == 1
        book = read_xlsx(exported(session, region, export.XLSX_TYPE))
        _period, rows = export.comparison(session, REGISTRY, campaign)
    sheet = book.worksheets[3]
    header = [c.value for c in sheet[3]]
    assert header[1:3] == ["2026-10", "2025-10"]
    line = next(
        r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "Réclamations reçues"
    )
    received = next(r for r in rows if r.indicator.code == "complaints_received")
    assert line[1] == received.current
    assert line[2] == 10
    assert line[3] == received.current - 10


def test_cli_export_writes_xlsx_and_csv_and_refuses_other_names(run, db, region, tmp_path):
    import_one(db, region, "p.xlsx", filled_workbook(db, region, "palmeraie"))
    xlsx, text = tmp_path / "oasis.xlsx", tmp_path / "oasis.csv"
    for out in (xlsx, text):
        status, printed, err = run(
            "consolidation", "export", "--campaign", region.campaign, "--out", str(out)
        )
        assert (status, err) == (0, "")
        assert printed.strip() == str(out)
    assert "palmeraie" in read_xlsx(xlsx.read_bytes()).sheetnames
    assert text.read_text(encoding="utf-8-sig").startswith("commune_code,period,indicator")
    status, _printed, err = run(
        "consolidation", "export", "--campaign", region.campaign, "--out", str(tmp_path / "a.pdf")
    )
    assert status == 1
    assert ".xlsx or .csv" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in {".pdf", ".part"}) == []
    assert not (tmp_path / "a.pdf").exists()
