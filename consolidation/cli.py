"""``baladiya consolidation ...``: campaigns, workbooks to send out, returned files to read.

``campaign create`` prints the new campaign's id alone on its last line, so scripts can
capture it; ``import`` prints a report per file and exits 1 when any file was refused.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from consolidation import export, report, safety, services, template
from municipality.cli import (
    CLI_ACTOR,
    CommandError,
    add_command,
    add_group,
    load_config,
    unit_of_work,
)
from municipality.tenancy import region_by_slug

LOCALES = ("ar", "fr", "en")


def cmd_campaign_create(args: argparse.Namespace) -> None:
    try:
        deadline = date.fromisoformat(args.deadline)
    except ValueError as exc:
        raise CommandError(f"deadline {args.deadline} is not a date like 2026-11-15") from exc
    with unit_of_work(load_config(args)) as session:
        campaign = services.create_campaign(
            session,
            actor=CLI_ACTOR,
            region=region_by_slug(session, args.region),
            set_code=args.set,
            period=args.period,
            deadline=deadline,
        )
        print(f"campaign {args.set} {campaign.period} for {args.region} created")
        print(campaign.public_id)


def cmd_campaign_list(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        for campaign in services.campaigns_of(session, region_by_slug(session, args.region)):
            state = "closed" if campaign.closed_at else "open"
            print(
                f"{campaign.public_id}\t{campaign.indicator_set.code}\t{campaign.period}\t"
                f"{campaign.deadline.isoformat()}\t{state}"
            )


def cmd_template(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        campaign = services.campaign_by_public_id(session, args.campaign)
        written = template.write_templates(session, campaign, Path(args.out))
    for path in written:
        print(path)
    print(f"{len(written)} workbooks written")


def _read_paths(paths: list[str]) -> list[tuple[str, bytes]]:
    """The files to import; a file far too big is read only far enough to be refused."""
    files = []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{name}: no such file")
        with path.open("rb") as handle:
            files.append((path.name, handle.read(safety.MAX_ZIP_BYTES + 1)))
    return files


def cmd_import(args: argparse.Namespace) -> None:
    files = _read_paths(args.paths)
    with unit_of_work(load_config(args)) as session:
        campaign = services.campaign_by_public_id(session, args.campaign)
        outcome = services.import_files(
            session, actor=CLI_ACTOR, campaign=campaign, files=files, channel="cli"
        )
        print(report.as_text(outcome, args.locale), end="")
        if args.report:
            _write_report(outcome, Path(args.report), args.locale)
    refused = sum(1 for result in outcome.files if not result.accepted)
    if refused:
        raise CommandError(f"{refused} of {len(outcome.files)} files refused")


def _write_report(outcome: services.ImportReport, path: Path, locale: str) -> None:
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(report.as_xlsx(outcome, locale))
    elif path.suffix.lower() == ".csv":
        path.write_text(report.as_csv(outcome, locale), encoding="utf-8")
    else:
        path.write_text(report.as_text(outcome, locale), encoding="utf-8")


def cmd_export(args: argparse.Namespace) -> None:
    """The consolidated workbook (.xlsx) or long CSV (.csv), written whole or not at all."""
    out = Path(args.out)
    media_type = export.output_type(out)
    partial = out.with_name(f".{out.name}.part")
    config = load_config(args)
    with unit_of_work(config) as session:
        campaign = services.campaign_by_public_id(session, args.campaign)
        try:
            with partial.open("wb") as handle:
                export.export_campaign(
                    session,
                    config.registry,
                    campaign,
                    handle,
                    media_type=media_type,
                    locale=args.lang,
                )
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    print(out)


def register(groups: Any) -> None:
    """Add ``baladiya consolidation ...`` (the manifest's ``cli``)."""
    group = add_group(groups, "consolidation", "regional returns")
    campaign = group.add_parser("campaign", help="campaigns").add_subparsers(
        dest="campaign_cmd", required=True
    )
    p = add_command(campaign, "create", cmd_campaign_create, "open a campaign; prints its id")
    p.add_argument("--region", required=True)
    p.add_argument("--set", required=True, help="indicator set code, e.g. activity-monthly")
    p.add_argument("--period", required=True, help="2026-10, 2026-Q3 or 2026")
    p.add_argument("--deadline", required=True, help="e.g. 2026-11-15")
    p = add_command(campaign, "list", cmd_campaign_list, "list a region's campaigns")
    p.add_argument("--region", required=True)

    p = add_command(group, "template", cmd_template, "write one workbook per commune")
    p.add_argument("--campaign", required=True, help="campaign id")
    p.add_argument("--out", required=True, help="folder to write into")

    p = add_command(group, "import", cmd_import, "read returned workbooks or zips of them")
    p.add_argument("--campaign", required=True, help="campaign id")
    p.add_argument("--locale", choices=LOCALES, default="fr", help="language of the report")
    p.add_argument("--report", help="also write the report to this .txt, .csv or .xlsx file")
    p.add_argument("paths", nargs="+", metavar="PATH")

    p = add_command(group, "export", cmd_export, "write the consolidated workbook or CSV")
    p.add_argument("--campaign", required=True, help="campaign id")
    p.add_argument("--out", required=True, help="file to write: .xlsx or .csv")
    p.add_argument(
        "--lang",
        "--locale",
        dest="lang",
        choices=export.WORKBOOK_LOCALES,
        help="language of the whole workbook (default: the region's first language)",
    )
