"""Commands of the GIS package (manifest ``cli``): ``baladiya gis import``, ``gis rules``
and ``gis buildability``.

``gis import`` validates a file and stores it in one transaction, exactly like the staff
page; a refused file prints its report and stores nothing (exit status 1).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from pyramid.config import Configurator
from sqlalchemy import select

from gis import buildability, imports, rules_xlsx, services
from gis.models import ZoningPlan
from municipality.cli import (
    CLI_ACTOR,
    CommandError,
    add_command,
    add_group,
    load_config,
    unit_of_work,
)
from municipality.db import set_commune_scope
from municipality.i18n import localizer_for
from municipality.models import Commune
from municipality.tenancy import commune_by_slug


def _commune(session: Any, slug: str) -> Commune:
    commune = commune_by_slug(session, slug)
    set_commune_scope(session, commune.id)
    return commune


def _options(args: argparse.Namespace) -> imports.ImportOptions:
    return imports.ImportOptions(
        kind=args.kind,
        crs=args.crs,
        code_field=args.code_field,
        label_field=args.label_field,
        reference_field=args.reference_field,
        owner_field=args.owner_field,
        name_ar_field=args.name_ar_field,
        name_fr_field=args.name_fr_field,
        place_kind_field=args.place_kind_field,
        plan_name=args.plan_name or "",
        plan_reference=args.plan_reference or "",
        in_force_from=args.in_force_from,
        in_force_until=args.in_force_until,
        layer_name=args.layer_name or "",
        layer_kind=args.layer_kind or "",
        effect=args.effect or "",
        height_limit_m=args.height_limit,
        agency=args.agency or "",
        source=args.source or "",
        dry_run=args.dry_run,
    )


def _print_report(report: imports.Report) -> None:
    translate = localizer_for("en").translate
    data = report.to_json()
    print(f"{report.filename}: {report.feature_count} features, CRS {report.source_crs or '?'}")
    for message in imports.messages(data):
        print(f"  refused: {translate(message)}")
    for key in ("repaired", "invalid_rings", "overlaps", "outside", "duplicates", "missing"):
        if data[key]:
            print(f"  {key}: {data.get(key + '_count') or len(data[key])}: {data[key][:10]}")


def cmd_import(args: argparse.Namespace) -> None:
    config = load_config(args)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path} is not a file")
    try:
        with unit_of_work(config) as session:
            commune = _commune(session, args.commune)
            report = imports.import_file(
                session,
                commune=commune,
                actor=CLI_ACTOR,
                path=path,
                filename=path.name,
                options=_options(args),
                max_bytes=imports.max_import_bytes(config.get_settings()),
            )
    except imports.ImportRefused as refusal:
        _print_report(refusal.report)
        raise CommandError("the file was refused; nothing was stored") from refusal
    _print_report(report)
    print("validated only; nothing stored" if args.dry_run else f"stored {report.stored} features")


def _plan(session: Any, reference: str | None, on: date) -> ZoningPlan:
    if reference is None:
        return services.require_plan_in_force(session, on)
    plan = session.execute(
        select(ZoningPlan).where(ZoningPlan.reference == reference)
    ).scalar_one_or_none()
    if plan is None:
        raise CommandError(f"no plan {reference}")
    return plan


def cmd_rules(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        _commune(session, args.commune)
        plan = _plan(session, args.plan, date.today())
        saved = rules_xlsx.import_rules(session, actor=CLI_ACTOR, plan=plan, path=Path(args.file))
    print(f"saved {len(saved)} zone rules in plan {plan.reference}")


def cmd_buildability(args: argparse.Namespace) -> None:
    config: Configurator = load_config(args)
    with unit_of_work(config) as session:
        commune = _commune(session, args.commune)
        record = buildability.run(
            session, commune=commune, actor=CLI_ACTOR, on_date=args.on or date.today()
        )
        items = buildability.results(session, record)
        if args.output:
            written = (
                buildability.to_geojson(items)
                if args.output.endswith("json")
                else buildability.to_csv(items).encode()
            )
            Path(args.output).write_bytes(written)
    print(f"assessed {record.parcel_count} parcels ({record.summary['buildable']} buildable)")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text} is not a date (YYYY-MM-DD)") from exc


def register(groups: Any) -> None:
    """Add ``baladiya gis import|rules|buildability``."""
    gis = add_group(groups, "gis", "zoning plans, parcels and servitudes")
    p = add_command(
        gis, "import", cmd_import, "validate and import a spatial file (all or nothing)"
    )
    p.add_argument("commune", help="commune slug")
    p.add_argument("kind", choices=imports.KINDS)
    p.add_argument("file", help="GeoPackage, zipped Shapefile or GeoJSON")
    p.add_argument("--crs", help="CRS of a file that does not say (e.g. EPSG:26191)")
    p.add_argument("--code-field", default="code", help="column of the zone code")
    p.add_argument("--label-field", default="label")
    p.add_argument("--reference-field", default="reference", help="column of the parcel reference")
    p.add_argument("--owner-field", default="owner")
    p.add_argument("--name-ar-field", default="name_ar", help="column of the Arabic name")
    p.add_argument("--name-fr-field", default="name_fr", help="column of the French name")
    p.add_argument("--place-kind-field", default="kind", help="column of the kind of place")
    p.add_argument("--plan-name")
    p.add_argument("--plan-reference")
    p.add_argument("--in-force-from", type=_date)
    p.add_argument("--in-force-until", type=_date)
    p.add_argument("--layer-name")
    p.add_argument("--layer-kind", choices=services.SERVITUDE_KINDS)
    p.add_argument("--effect", choices=services.SERVITUDE_EFFECTS)
    p.add_argument("--height-limit", type=float)
    p.add_argument("--agency")
    p.add_argument("--source")
    p.add_argument("--dry-run", action="store_true", help="validate only, store nothing")
    p = add_command(gis, "rules", cmd_rules, "import zone rules from an .xlsx workbook")
    p.add_argument("commune")
    p.add_argument("file")
    p.add_argument("--plan", help="plan reference (default: the plan in force today)")
    p = add_command(gis, "buildability", cmd_buildability, "assess every parcel of a commune")
    p.add_argument("commune")
    p.add_argument("--on", type=_date, help="date of the plan in force (default today)")
    p.add_argument("--output", help="write the layer to this .csv or .geojson file")
