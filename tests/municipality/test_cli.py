"""The ``baladiya`` command, run in-process against the test database."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select, update

from municipality import cli
from municipality.models import AuditEvent
from municipality.tenancy import commune_by_slug


def _region_and_commune(run):
    assert (
        run(
            "region",
            "create",
            "rsk",
            "--name-fr",
            "Rabat-Salé-Kénitra",
            "--name-ar",
            "الرباط",
            "--country",
            "MA",
        )[0]
        == 0
    )
    status, _out, err = run(
        "commune",
        "create",
        "sale",
        "--region",
        "rsk",
        "--name-fr",
        "Salé",
        "--name-ar",
        "سلا",
        "--country",
        "MA",
        "--timezone",
        "Africa/Casablanca",
        "--currency",
        "MAD",
        "--crs",
        "EPSG:26191",
    )
    assert status == 0, err


def test_tenants_are_created_and_listed_slug_first(run):
    _region_and_commune(run)
    status, out, _ = run("commune", "list")
    assert status == 0
    assert out.splitlines()[0].split("\t")[0] == "sale"
    assert run("region", "list")[1].startswith("rsk\t")


def test_failures_are_one_line_and_non_zero(run):
    _region_and_commune(run)
    status, _out, err = run(
        "commune",
        "create",
        "sale",
        "--region",
        "rsk",
        "--name-fr",
        "x",
        "--name-ar",
        "x",
        "--country",
        "MA",
        "--timezone",
        "Mars/Olympus",
        "--currency",
        "EUR",
        "--crs",
        "EPSG:26191",
    )
    assert status == 1
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("baladiya: ")
    status, _, err = run("audit", "verify", "--commune", "nowhere")
    assert (status, err.strip()) == (1, "baladiya: no commune nowhere")


def test_users_modules_and_keys(run, monkeypatch):
    _region_and_commune(run)
    monkeypatch.setenv("BALADIYA_PASSWORD", "a-long-password")
    assert run("user", "create", "agent@sale.test", "--role", "agent", "--commune", "sale")[0] == 0
    assert run("user", "create", "x@sale.test", "--role", "agent")[0] == 1
    assert run("user", "create", "sup@rsk.test", "--role", "supervisor", "--region", "rsk")[0] == 0
    assert run("module", "enable", "notices", "--commune", "sale")[0] == 0
    assert "notices\t1.0.0\tdepends:-\tenabled" in run("module", "list", "--commune", "sale")[1]
    status, out, _ = run(
        "apikey",
        "create",
        "--commune",
        "sale",
        "--name",
        "app",
        "--permission",
        "notices:notice:view",
    )
    assert status == 0
    assert out.strip().startswith("bld_")
    assert run("module", "disable", "notices", "--commune", "sale")[0] == 0
    assert "disabled" in run("module", "list", "--commune", "sale")[1]


def test_a_slug_a_module_reserved_is_refused_though_no_commune_enabled_it(run):
    """``/open311/`` is a global prefix: no commune may be named after it."""
    status, _out, err = run(
        "region", "create", "open311", "--name-fr", "x", "--name-ar", "x", "--country", "MA"
    )
    assert (status, err.strip()) == (1, "baladiya: invalid slug 'open311'")


def test_user_roles_are_those_of_the_core_and_the_modules(capsys):
    """A role neither the core nor a module defines is refused before any work; the
    roles modules add (budget, civil status, payments, permits) are offered."""
    with pytest.raises(SystemExit) as refused:
        cli.build_parser().parse_args(["user", "create", "t@sale.test", "--role", "mayor"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'mayor'" in err
    assert (
        "'accountant', 'agent', 'budget_officer', 'cashier', 'civil_status_officer', "
        "'commission_member', 'commune_admin', 'consulted_body', 'resident', 'supervisor', "
        "'treasurer', 'urban_planner'"
    ) in err


def test_audit_verify_exit_status_follows_the_chain(run, db):
    _region_and_commune(run)
    status, out, _ = run("audit", "verify", "--commune", "sale")
    assert status == 0
    assert "intact" in out
    with db() as session:
        commune_id = commune_by_slug(session, "sale").id
        session.execute(
            update(AuditEvent).where(AuditEvent.commune_id == commune_id).values(actor="forger")
        )
    status, _, err = run("audit", "verify", "--commune", "sale")
    assert status == 1
    assert "broken at event 1" in err


def test_every_command_has_help():
    parser = cli.build_parser()
    commands = [
        ["db", "upgrade"],
        ["demo", "load"],
        ["region", "create"],
        ["region", "list"],
        ["commune", "create"],
        ["commune", "list"],
        ["user", "create"],
        ["apikey", "create"],
        ["module", "list"],
        ["module", "enable"],
        ["module", "disable"],
        ["audit", "verify"],
        ["backup"],
        ["restore"],
        ["scheduler"],
        ["serve"],
    ]
    for command in commands:
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([*command, "--help"])
        assert exit_info.value.code == 0


def test_apikey_create_help_lists_the_permissions_a_key_can_carry(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["apikey", "create", "--help"])
    listed = capsys.readouterr().out.split("permissions a key can carry", 1)[1].splitlines()[1:]
    by_owner = {tuple(line.split()) for line in listed}
    assert ("core", "municipality:commune:read") in by_owner
    assert ("notices", "notices:notice:view") in by_owner
    assert ("complaints", "complaints:request:view") in by_owner
    assert {owner for owner, _permission in by_owner} >= {"core", "notices", "sync", "gis"}


def test_apikey_create_refuses_a_permission_no_module_offers(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(
            ["apikey", "create", "--commune", "sale", "--name", "app", "--permission", "x:y:z"]
        )
    assert exit_info.value.code == 2
    assert "invalid choice: 'x:y:z'" in capsys.readouterr().err


def test_missing_ini_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "municipality.cli",
            "--ini",
            str(tmp_path / "none.ini"),
            "commune",
            "list",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith("not found (use --ini)")


def test_commune_create_records_the_province_and_list_shows_it(run, db):
    _region_and_commune(run)
    status, _out, err = run(
        "commune",
        "create",
        "temara",
        "--region",
        "rsk",
        "--name-fr",
        "Témara",
        "--name-ar",
        "تمارة",
        "--country",
        "MA",
        "--timezone",
        "Africa/Casablanca",
        "--currency",
        "MAD",
        "--crs",
        "EPSG:26191",
        "--province",
        "  Préfecture de Skhirate-Témara ",
    )
    assert status == 0, err
    with db() as session:
        assert commune_by_slug(session, "temara").province == "Préfecture de Skhirate-Témara"
        assert commune_by_slug(session, "sale").province is None
        created = session.execute(
            select(AuditEvent).where(AuditEvent.action == "municipality:commune:created")
        ).scalars()
        assert [None, "Préfecture de Skhirate-Témara"] in [e.changes["province"] for e in created]
    listed = dict(line.split("\t", 1) for line in run("commune", "list")[1].splitlines())
    assert listed["temara"].endswith("\tPréfecture de Skhirate-Témara")
    assert listed["sale"].endswith("\t-")


def test_a_province_longer_than_the_column_is_refused(run):
    _region_and_commune(run)
    status, _out, err = run(
        "commune",
        "create",
        "skhirate",
        "--region",
        "rsk",
        "--name-fr",
        "Skhirate",
        "--name-ar",
        "الصخيرات",
        "--country",
        "MA",
        "--timezone",
        "Africa/Casablanca",
        "--currency",
        "MAD",
        "--crs",
        "EPSG:26191",
        "--province",
        "P" * 201,
    )
    assert (status, err.strip()) == (1, "baladiya: invalid commune")
    assert "skhirate" not in run("commune", "list")[1]
