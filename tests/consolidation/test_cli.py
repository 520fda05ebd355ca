"""``baladiya consolidation ...`` run in-process against the test database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from municipality import cli
from tests.consolidation import files
from tests.consolidation.conftest import Region, fill, good_values

Run = Callable[..., tuple[int, str, str]]


def test_campaign_create_prints_the_id_last(run: Run, region: Region) -> None:
    status, out, err = run(
        "consolidation",
        "campaign",
        "create",
        "--region",
        region.slug,
        "--set",
        "budget-execution",
        "--period",
        "2026",
        "--deadline",
        "2027-03-31",
    )
    assert (status, err) == (0, "")
    campaign_id = out.strip().splitlines()[-1]
    status, out, _err = run("consolidation", "campaign", "list", "--region", region.slug)
    assert campaign_id in out
    status, _out, err = run(
        "consolidation",
        "campaign",
        "create",
        "--region",
        region.slug,
        "--set",
        "budget-execution",
        "--period",
        "2026-Q5",
        "--deadline",
        "2027-03-31",
    )
    assert status == 1
    assert "2026-Q5" in err


def test_template_then_import_with_exit_codes(run: Run, region: Region, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    status, out, _err = run(
        "consolidation", "template", "--campaign", region.campaign, "--out", str(out_dir)
    )
    assert status == 0
    written = sorted(out_dir.iterdir())
    assert [p.name for p in written] == [
        "activity-monthly_2026-10_dune.xlsx",
        "activity-monthly_2026-10_palmeraie.xlsx",
    ]
    assert out.strip().endswith("2 workbooks written")
    palmeraie = openpyxl.load_workbook(written[1])
    assert palmeraie.worksheets[1].sheet_view.rightToLeft
    assert not openpyxl.load_workbook(written[0]).worksheets[1].sheet_view.rightToLeft

    good = tmp_path / "anything.xlsx"
    good.write_bytes(fill(written[0].read_bytes(), good_values("dune")))
    status, out, err = run("consolidation", "import", "--campaign", region.campaign, str(good))
    assert (status, err) == (0, "")
    assert out == "anything.xlsx: accepté comme version 1 Commune dune\n"

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(written[1].read_bytes(), {**good_values("x"), "permits_issued": -4}))
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(b"a;b\n1;2\n")
    report = tmp_path / "report.csv"
    status, out, err = run(
        "consolidation",
        "import",
        "--campaign",
        region.campaign,
        "--locale",
        "en",
        "--report",
        str(report),
        str(good),
        str(bad),
        str(renamed),
    )
    assert status == 1
    assert err.strip() == "baladiya: 2 of 3 files refused"
    assert "anything.xlsx: accepted as version 2" in out
    assert "bad.xlsx: refused" in out
    assert (
        "  - الرخص F5 — Autorisations délivrées — found: -4: A value between 0 and 1000000.\n"
    ) in out
    assert "renamed.xlsx: refused" in out
    assert report.read_text(encoding="utf-8").splitlines()[0].startswith("File,Outcome,")


def test_import_of_a_missing_file_is_one_line(run: Run, region: Region) -> None:
    status, _out, err = run(
        "consolidation", "import", "--campaign", region.campaign, "/nonexistent.xlsx"
    )
    assert status == 1
    assert err.strip() == "baladiya: /nonexistent.xlsx: no such file"


def test_import_of_a_hostile_zip_exits_1(run: Run, region: Region, tmp_path: Path) -> None:
    bomb = tmp_path / "returns.zip"
    bomb.write_bytes(files.zip_of({"bomb.xlsx": b"\0" * (5 * 1_048_576)}))
    status, out, _err = run(
        "consolidation", "import", "--campaign", region.campaign, "--locale", "en", str(bomb)
    )
    assert status == 1
    assert "returns.zip: refused" in out


def test_every_command_has_help() -> None:
    parser = cli.build_parser()
    for command in (
        ["consolidation", "campaign", "create"],
        ["consolidation", "campaign", "list"],
        ["consolidation", "template"],
        ["consolidation", "import"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([*command, "--help"])
        assert exit_info.value.code == 0
