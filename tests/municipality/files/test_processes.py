"""Files across real processes: two app servers on one database serve each other's
uploads, and a process killed with SIGKILL mid-upload or mid-import leaves no row
naming a missing file and no file the clean-up job cannot explain."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from sqlalchemy import select

from complaints.models import ComplaintPhoto
from gis import demo
from gis.models import ImportRun
from municipality.app import make_config
from municipality.database import SESSION_FACTORY_KEY
from municipality.files import file_store
from municipality.files.references import FileReport, check, references
from municipality.transactions import unit_of_work
from tests import factories
from tests.complaints.views.test_photos import _picture
from tests.conftest import app_settings
from tests.gis.conftest import gpkg

ROOT = Path(__file__).resolve().parents[3]
HELPER = Path(__file__).with_name("file_process.py")
DEADLINE_SECONDS = 60


def _ini(tmp_path: Path, store: str) -> Path:
    ini = tmp_path / "files.ini"
    ini.write_text(
        "[app:main]\nuse = egg:baladiya\n"
        f"baladiya.core.message_log = {tmp_path}/m.log\n"
        f"baladiya.core.upload_dir = {tmp_path}/uploads\n"
        f"baladiya.core.file_store = {store}\n"
        "baladiya.core.scheduler = false\n"
        "baladiya.core.public_url = http://127.0.0.1\n"
        "baladiya.gis.import_in_background = false\n"
    )
    return ini


def _environ(database_url: str) -> dict[str, str]:
    return {**os.environ, "BALADIYA_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _server(ini: Path, database_url: str) -> Iterator[str]:
    """``baladiya serve`` in a process of its own; yields its base URL once it answers."""
    port = _free_port()
    command = [sys.executable, "-m", "municipality.cli", "--ini", str(ini), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--no-scheduler"], env=_environ(database_url), cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            assert process.poll() is None, "the server stopped"
            try:
                requests.get(base + "/healthz", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.1)  # polling a starting server, with a deadline
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _sale(db) -> None:
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "complaints")
        factories.enable_gis(session, commune)
        factories.category(session, commune)


def test_a_photo_uploaded_to_one_server_is_served_by_the_other(db, database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("several app processes share a PostgreSQL database, not SQLite")
    _sale(db)
    photo = _picture("PNG", (300, 200))
    ini = _ini(tmp_path, "database")
    with _server(ini, database_url) as first, _server(ini, database_url) as second:
        client = requests.Session()
        page = BeautifulSoup(client.get(first + "/sale/complaints/new").text, "html.parser")
        form = page.find("form", id="deform")
        chosen = {
            "category": form.find("select", {"name": "category"}).find_all("option")[1]["value"],
            "description": "Nid-de-poule profond",
            "address": "Place de la mairie",
        }
        # In document order: the location's fields sit between deform's mapping markers.
        fields = [
            (field["name"], chosen.get(field["name"], field.get("value", "")))
            for field in form.find_all(["input", "select", "textarea"])
            if field.get("name") and field["name"] != "photos"
        ] + [("send", "send")]
        sent = client.post(
            first + "/sale/complaints/new",
            data=fields,
            files={"photos": ("trou.png", photo, "image/png")},
            allow_redirects=False,
        )
        assert sent.status_code == 302, sent.text[:500]
        with db() as session:
            stored = session.execute(select(ComplaintPhoto)).scalar_one()
            path = f"/sale/complaints/photos/{stored.public_id}"
        from_first = requests.get(first + path, timeout=30)
        from_second = requests.get(second + path, timeout=30)
    assert from_second.status_code == 200
    assert from_second.content == from_first.content
    assert from_second.headers["Content-Type"] == stored.content_type


def _kill_when_ready(command: list[str], database_url: str) -> None:
    """Run ``command`` until it says ``ready``, then kill it with SIGKILL."""
    with subprocess.Popen(
        command,
        env=_environ(database_url),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _explained(engine, tmp_path: Path, store: str) -> FileReport:
    """No row names a missing file; every stored file is needed or a removable orphan."""
    app = make_config(
        app_settings(
            engine,
            tmp_path,
            **{
                "baladiya.core.upload_dir": str(tmp_path / "uploads"),
                "baladiya.core.file_store": store,
            },
        )
    )
    app.commit()
    with unit_of_work(app.registry[SESSION_FACTORY_KEY]) as session:
        report = check(
            session, file_store(app.registry), references(app.registry), grace=timedelta(0)
        )
    assert report.missing == {}
    assert report.stored == report.in_use + len(report.orphans)
    return report


@pytest.mark.parametrize("store", ["filesystem", "database"])
def test_a_process_killed_mid_upload_leaves_nothing_unexplained(
    db, engine, database_url, tmp_path, store
):
    _sale(db)
    ini = _ini(tmp_path, store)
    _kill_when_ready([sys.executable, str(HELPER), str(ini), "upload", "sale"], database_url)
    with db() as session:
        assert session.execute(select(ComplaintPhoto)).first() is None
    report = _explained(engine, tmp_path, store)
    assert len(report.orphans) == (2 if store == "filesystem" else 0)


@pytest.mark.parametrize("store", ["filesystem", "database"])
def test_a_process_killed_mid_import_leaves_nothing_unexplained(
    db, engine, database_url, tmp_path, store
):
    _sale(db)
    layers = demo.layers_for("EPSG:26191", demo.CENTRES["sale"])
    path = gpkg(tmp_path, layers.parcels, reference=layers.references)
    ini = _ini(tmp_path, store)
    _kill_when_ready(
        [sys.executable, str(HELPER), str(ini), "import", "sale", str(path)], database_url
    )
    with db() as session:
        run = session.execute(select(ImportRun)).scalar_one()
        assert run.state == "running"
        assert run.file_sha256 is not None
    report = _explained(engine, tmp_path, store)
    assert report.orphans == []
