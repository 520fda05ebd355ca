"""A process that stores files and then stops, to be killed with SIGKILL at that point.

Usage: ``python file_process.py INI upload|import COMMUNE [FILE]``. It does the work
inside a transaction that has not committed yet, prints ``ready`` and blocks reading
standard input, so the test kills it exactly there:

- ``upload``: files a complaint with a photo (both files stored, the rows written);
- ``import``: runs the GIS import of ``FILE`` (uploaded and committed beforehand, as
  the staff page does) and stops at its first progress report, mid-import.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from complaints.services import categories, filing, photos
from gis import imports, jobs
from municipality.cli import load_config, unit_of_work
from municipality.db import set_commune_scope
from municipality.files import file_store
from municipality.images import accept_image
from municipality.tenancy import commune_by_slug
from tests.complaints.views.test_photos import _picture


def _stop_here(*_args: object) -> None:
    print("ready", flush=True)
    sys.stdin.read()


def upload(config, slug: str) -> None:
    with unit_of_work(config) as session:
        commune = commune_by_slug(session, slug)
        set_commune_scope(session, commune.id)
        complaint = filing.file_complaint(
            session,
            actor="tests",
            commune=commune,
            data={
                "category": categories.categories(session)[0],
                "description": "Nid-de-poule",
                "address": "Place",
            },
        )
        images = [accept_image(_picture("PNG", (320, 200)))]
        photos.attach(
            session,
            actor="tests",
            complaint=complaint,
            images=images,
            store=file_store(config.registry),
        )
        session.flush()
        _stop_here()


def import_(config, slug: str, path: Path) -> None:
    with unit_of_work(config) as session:
        commune = commune_by_slug(session, slug)
        set_commune_scope(session, commune.id)
        with path.open("rb") as source:
            stored = file_store(config.registry).put(session, source, "application/geopackage")
        run = imports.new_run(
            session,
            commune=commune,
            actor="tests",
            filename=path.name,
            file_sha256=stored.sha256,
            size_bytes=stored.size,
            options=imports.ImportOptions(kind="parcels"),
        )
        commune_id, run_id = commune.id, run.id
    jobs._note = lambda public_id, value: _stop_here() if value is not None else None
    jobs.execute(config.registry, commune_id, run_id)


def main() -> None:
    ini, mode, slug, *rest = sys.argv[1:]
    config = load_config(argparse.Namespace(ini=ini))
    if mode == "upload":
        upload(config, slug)
    else:
        import_(config, slug, Path(rest[0]))


if __name__ == "__main__":
    main()
