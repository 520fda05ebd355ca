"""``python -m bench backup``: how long the demo takes to back up and to restore.

For each database (a scratch SQLite file; PostgreSQL recreated with PostGIS, and a second
database to restore into) it loads the demo with ``baladiya demo load``, then times
``baladiya backup`` and ``baladiya restore`` as an operator runs them: whole commands in
their own processes, Python's start-up included. It prints the seconds and the archive's
size. It never fails because of a number.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import make_url

from bench import database

RESTORED = "_restored"


def _baladiya(ini: Path, url: str, uploads: Path, *argv: str) -> float:
    """Run one ``baladiya`` command on ``url``; its wall-clock seconds."""
    env = {
        **os.environ,
        "BALADIYA_DATABASE_URL": url,
        "BALADIYA_CORE_UPLOAD_DIR": str(uploads),
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "municipality.cli", "--ini", str(ini), *argv],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def measure(backend: str, postgres_url: str, work: Path) -> dict[str, float]:
    """Demo loaded, backed up, restored into a fresh database: seconds and archive bytes."""
    if backend == "sqlite":
        source, target = (
            f"sqlite:///{work / 'source.sqlite'}",
            f"sqlite:///{work / 'target.sqlite'}",
        )
    else:
        base = make_url(postgres_url)
        target_url = base.set(database=f"{base.database}{RESTORED}")
        source, target = postgres_url, target_url.render_as_string(hide_password=False)
        for url in (source, target):
            database.recreate_postgres(url)
    ini = Path(__file__).resolve().parent.parent / "development.ini"
    archive = work / f"{backend}.tar"
    _baladiya(ini, source, work / "uploads", "demo", "load")
    backup = _baladiya(ini, source, work / "uploads", "backup", "--out", str(archive))
    restore = _baladiya(ini, target, work / "restored", "restore", str(archive))
    return {"backup_s": backup, "restore_s": restore, "archive_bytes": archive.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench backup", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help=f"this database and the one named with {RESTORED} are dropped and recreated",
    )
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for backend in backends:
        if backend == "postgresql" and (why := database.postgres_reachable(args.postgres_url)):
            print(f"postgresql: skipped ({why})")
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-backup-{backend}-") as work:
            result = measure(backend, args.postgres_url, Path(work))
        print(
            f"{backend}: backup {result['backup_s']:.1f} s, restore {result['restore_s']:.1f} s, "
            f"archive {result['archive_bytes'] / 1_048_576:.2f} MB"
        )
    return 0
