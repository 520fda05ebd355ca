"""The restore drill, on each database: the demo backed up, restored into a fresh install.

What comes back must be the same install: every table's row count, every stored file's
hash, every commune's audit chain (intact and ending on the same hash), and the restored
application serves a resident's photo from the restored files.
"""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import webtest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from complaints.models import Complaint, ComplaintPhoto
from municipality.app import make_config
from municipality.audit import chain_name, verify_chain
from municipality.backup.database import table_counts
from municipality.files import backend_of, make_store
from municipality.models import AuditHead, Commune
from tests.conftest import app_settings
from tests.municipality.backup.conftest import file_hashes


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return table_counts(connection)


def _chains(engine: Engine) -> dict[str, tuple[bool, int, str]]:
    """Each commune's chain (and the platform's): intact?, events checked, last hash."""
    with Session(engine) as session:
        communes = session.execute(select(Commune.slug, Commune.id)).all()
        found = {}
        for slug, commune_id in [("platform", None), *communes]:
            report = verify_chain(session, commune_id)
            head = session.get(AuditHead, chain_name(commune_id))
            found[slug] = (report.intact, report.checked, head.hash if head else "")
        return found


def _a_photo(engine: Engine) -> tuple[str, str, str]:
    """The commune slug, public id and SHA-256 of a stored complaint photo."""
    with Session(engine) as session:
        slug, public_id, sha256 = session.execute(
            select(Commune.slug, ComplaintPhoto.public_id, ComplaintPhoto.sha256)
            .join(Complaint, Complaint.id == ComplaintPhoto.complaint_id)
            .join(Commune, Commune.id == Complaint.commune_id)
            .limit(1)
        ).one()
        return slug, str(public_id), sha256


def _stored_files(engine: Engine, uploads: Path) -> dict[str, str]:
    """Every file of the install's store (its backend chosen as the application chooses
    it), by key, with the SHA-256 of the bytes read back through the store."""
    settings = {"sqlalchemy.url": str(engine.url), "baladiya.core.upload_dir": str(uploads)}
    store = make_store(backend_of(settings), settings)
    with Session(engine) as session:
        return {
            key: hashlib.sha256(store.read(session, key)).hexdigest() for key in store.keys(session)
        }


def test_the_demo_is_restored_whole_into_a_fresh_install(
    run, restore, engine, fresh_engine, tmp_path, restored_uploads
):
    assert run("demo", "load", "--months", "1")[0] == 0
    archive = tmp_path / "demo.tar"
    status, out, err = run("backup", "--out", str(archive))
    assert status == 0, err
    assert "database:" in err
    assert "files:" in err
    assert not Path(f"{archive}.partial").exists()
    with tarfile.open(archive) as tar:
        assert "secrets.json.enc" not in tar.getnames()

    status, out, err = restore(str(archive))

    assert status == 0, err
    assert "restored into" in out
    source_counts = _counts(engine)
    assert sum(source_counts.values()) > 0
    assert _counts(fresh_engine) == source_counts
    source_files = _stored_files(engine, tmp_path / "uploads")
    assert source_files
    assert _stored_files(fresh_engine, restored_uploads) == source_files
    assert file_hashes(restored_uploads) == file_hashes(tmp_path / "uploads")
    chains = _chains(fresh_engine)
    assert all(intact for intact, _checked, _hash in chains.values())
    assert chains == _chains(engine)
    assert chains["sale"][1] > 0

    slug, photo_id, sha256 = _a_photo(fresh_engine)
    settings = app_settings(
        fresh_engine, tmp_path, **{"baladiya.core.upload_dir": str(restored_uploads)}
    )
    restored_app = webtest.TestApp(
        make_config(settings).make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"}
    )
    photo = restored_app.get(f"/{slug}/complaints/photos/{photo_id}")
    assert photo.content_type.startswith("image/")
    assert hashlib.sha256(photo.body).hexdigest() == sha256
