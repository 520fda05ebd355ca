"""The secret settings travel only when asked, sealed, and come back only with the passphrase."""

from __future__ import annotations

import stat

import pytest

from municipality.backup.secrets import secret_settings
from tests.municipality.backup.conftest import PASSPHRASE, application_tables_of

APP_SECRET = "app-secret-" + "Zq7vLw2Nc9Rx4Tb8Ke1Hd6"
METRICS_TOKEN = "metrics-token-Pm3Jw8Xa5Vn"


@pytest.fixture
def secrets_set(monkeypatch):
    monkeypatch.setenv("BALADIYA_CORE_SECRET", APP_SECRET)
    monkeypatch.setenv("BALADIYA_SYNC_METRICS_TOKEN", METRICS_TOKEN)


@pytest.fixture
def passphrase_file(tmp_path):
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    return path


def test_secret_settings_are_those_named_as_secrets():
    settings = {
        "baladiya.core.secret": "s",
        "baladiya.sync.metrics_token": "t",
        "baladiya.payments.api_key": "k",
        "baladiya.core.upload_dir": "var/uploads",
        "baladiya.core.secret_hint": "not a secret",
        "baladiya.sync.timeout_ms": 10_000,
        "baladiya.sync.previous_secret": "",
    }
    assert secret_settings(settings) == {
        "baladiya.core.secret": "s",
        "baladiya.payments.api_key": "k",
        "baladiya.sync.metrics_token": "t",
    }


def test_without_with_secrets_the_archive_holds_no_secret(
    run, restore, secrets_set, tmp_path, passphrase_file
):
    archive = tmp_path / "plain.tar"
    assert run("backup", "--out", str(archive))[0] == 0
    data = archive.read_bytes()
    assert APP_SECRET.encode() not in data
    assert METRICS_TOKEN.encode() not in data

    out = tmp_path / "secrets.env"
    status, _out, err = restore(
        str(archive), "--secrets-out", str(out), "--passphrase-file", str(passphrase_file)
    )
    assert status == 1
    assert "holds no secrets" in err
    assert not out.exists()


def test_the_secrets_come_back_only_with_the_right_passphrase(
    run, restore, secrets_set, tmp_path, passphrase_file, fresh_engine, restored_uploads
):
    archive = tmp_path / "sealed.tar"
    status, _out, err = run(
        "backup", "--out", str(archive), "--with-secrets", "--passphrase-file", str(passphrase_file)
    )
    assert status == 0, err
    assert APP_SECRET.encode() not in archive.read_bytes()

    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all")
    out = tmp_path / "secrets.env"
    status, _out, err = restore(
        str(archive), "--secrets-out", str(out), "--passphrase-file", str(wrong)
    )
    assert status == 1
    assert "wrong passphrase" in err
    assert not out.exists()
    assert application_tables_of(fresh_engine) == []
    assert not restored_uploads.exists()

    status, stdout, err = restore(
        str(archive), "--secrets-out", str(out), "--passphrase-file", str(passphrase_file)
    )
    assert status == 0, err
    assert "secret settings written to" in stdout
    assert f"BALADIYA_CORE_SECRET={APP_SECRET}\n" in out.read_text()
    assert f"BALADIYA_SYNC_METRICS_TOKEN={METRICS_TOKEN}\n" in out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_short_passphrase_is_refused_and_no_archive_written(run, tmp_path, monkeypatch):
    monkeypatch.setenv("BALADIYA_BACKUP_PASSPHRASE", "short")
    archive = tmp_path / "sealed.tar"

    status, _out, err = run("backup", "--out", str(archive), "--with-secrets")

    assert status == 1
    assert "at least 12 characters" in err
    assert not archive.exists()
