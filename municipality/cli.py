"""The ``baladiya`` command: set-up, tenants, users, modules, audit, files, scheduler, server.

Every failure ends in one line on standard error and a non-zero exit status; a person
at a terminal never sees a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError
from pyramid.paster import get_appsettings
from pyramid.path import DottedNameResolver
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from modules import DEFAULTS as MODULE_DEFAULTS
from modules import get_registry, load_registry
from modules.registry import ModuleRegistry
from municipality import accounts, activation, audit, backup, demo, sessions, tenants, transactions
from municipality.app import make_config
from municipality.database import ENGINE_KEY, SESSION_FACTORY_KEY
from municipality.db import make_engine_unpooled
from municipality.errors import DomainError
from municipality.files import BACKENDS, backend_of, file_store, make_store, transfer, upload_dir
from municipality.files.references import check, grace_of, references
from municipality.logs import configure_logging
from municipality.migrate import upgrade
from municipality.models import User
from municipality.roles import CORE_ROLES, all_roles, api_key_permissions
from municipality.scheduler import build_scheduler
from municipality.settings import CORE_DEFAULTS, resolve
from municipality.tenancy import commune_by_slug, region_by_slug

DEFAULT_INI = "development.ini"
CLI_ACTOR = "cli:" + (os.environ.get("USER") or "operator")


class CommandError(Exception):
    """A failure to report in one line."""


def _ini_path(args: argparse.Namespace) -> str:
    ini = args.ini or os.environ.get("BALADIYA_INI") or DEFAULT_INI
    if not Path(ini).is_file():
        raise CommandError(f"configuration file {ini} not found (use --ini)")
    return ini


def load_config(args: argparse.Namespace, *, pooled: bool = False) -> Configurator:
    """The application's configuration; one-off commands keep no connection pool."""
    settings: dict[str, Any] = dict(get_appsettings(_ini_path(args), name="main"))
    if not pooled:
        url = resolve(settings, CORE_DEFAULTS)["sqlalchemy.url"]
        settings[ENGINE_KEY] = make_engine_unpooled(url)
    config = make_config(settings)
    config.commit()
    configure_logging(json_logs=config.get_settings()["baladiya.core.json_logs"])
    return config


@contextmanager
def unit_of_work(config: Configurator) -> Iterator[Session]:
    """One transaction for one command: committed on success, rolled back on any error."""
    with transactions.unit_of_work(config.registry[SESSION_FACTORY_KEY]) as session:
        yield session


def cmd_db_upgrade(args: argparse.Namespace) -> None:
    """Bring the core's and every available module's migrations branch to its head."""
    config = load_config(args)
    packages = config.get_settings()["baladiya.modules.available"].split()
    upgrade(config.registry[ENGINE_KEY], packages=packages)
    print("database is up to date")


def cmd_demo_load(args: argparse.Namespace) -> None:
    config = load_config(args)
    upgrade(config.registry[ENGINE_KEY])
    with unit_of_work(config) as session:
        if demo.is_empty(session):
            started = time.perf_counter()
            demo.load(session, config.registry, months=args.months)
            print(f"demo data loaded in {time.perf_counter() - started:.1f} s.")
        else:
            print("the database already has communes; demo data kept as it is.")
    print(f"Demo log-ins. Every demo password: {demo.DEMO_PASSWORD}")
    print(f"Staff marked [2FA] use the demo TOTP key: {demo.DEMO_TOTP_SECRET}")
    for login in demo.logins(get_registry(config)):
        flag = " [2FA]" if login.totp else ""
        print(f"  {login.email:<44} {login.role:<22} {login.where}{flag}")


def cmd_region_create(args: argparse.Namespace) -> None:
    config = load_config(args)
    with unit_of_work(config) as session:
        region = tenants.create_region(
            session,
            actor=CLI_ACTOR,
            slug=args.slug,
            name_fr=args.name_fr,
            name_ar=args.name_ar,
            country=args.country,
            reserved=tenants.reserved_slugs(config.registry),
        )
        print(f"{region.slug} created")


def cmd_region_list(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        for region in tenants.list_regions(session):
            print(f"{region.slug}\t{region.country}\t{region.name_fr}\t{region.name_ar}")


def cmd_commune_create(args: argparse.Namespace) -> None:
    config = load_config(args)
    with unit_of_work(config) as session:
        commune = tenants.create_commune(
            session,
            actor=CLI_ACTOR,
            slug=args.slug,
            region=region_by_slug(session, args.region),
            name_fr=args.name_fr,
            name_ar=args.name_ar,
            country_profile=args.country,
            timezone=args.timezone,
            currency=args.currency,
            projected_crs=args.crs,
            languages=args.languages,
            province=args.province,
            reserved=tenants.reserved_slugs(config.registry),
        )
        print(f"{commune.slug} created")


def cmd_commune_list(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        region = region_by_slug(session, args.region) if args.region else None
        for c in tenants.list_communes(session, region):
            print(
                f"{c.slug}\t{c.country_profile}\t{c.currency}\t{c.timezone}\t{c.name_fr}"
                f"\t{c.province or '-'}"
            )


def _password(args: argparse.Namespace) -> str:
    password = os.environ.get("BALADIYA_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise CommandError("set BALADIYA_PASSWORD or run in a terminal to type the password")
    return getpass.getpass("Password: ")


def cmd_user_create(args: argparse.Namespace) -> None:
    if args.role and not (args.commune or args.region):
        raise CommandError("--role needs --commune or --region")
    config = load_config(args)
    with unit_of_work(config) as session:
        user = accounts.create_user(
            session,
            actor=CLI_ACTOR,
            email=args.email,
            full_name=args.name or args.email,
            password=_password(args),
            locale=args.locale,
            platform_admin=args.platform_admin,
        )
        if args.role:
            accounts.grant_role(
                session,
                actor=CLI_ACTOR,
                user=user,
                role=args.role,
                commune=commune_by_slug(session, args.commune) if args.commune else None,
                region=region_by_slug(session, args.region) if args.region else None,
                registry=get_registry(config),
            )
        print(f"{user.email} created")


def _existing_user(session: Session, email: str) -> User:
    user = accounts.find_user(session, email)
    if user is None:
        raise CommandError(f"no user with e-mail {email}")
    return user


def cmd_user_logout_everywhere(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        user = _existing_user(session, args.email)
        ended = sessions.log_out_everywhere(session, actor=CLI_ACTOR, user=user)
        print(f"{user.email}: {ended} log-in(s) ended")


def cmd_user_deactivate(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        user = _existing_user(session, args.email)
        accounts.deactivate_user(session, actor=CLI_ACTOR, user=user)
        print(f"{user.email} deactivated; its log-ins ended")


def _permissions_epilog(granted: dict[str, tuple[str, ...]]) -> str:
    width = max(len(name) for name in granted)
    lines = ["permissions a key can carry (--permission, repeated):"]
    for name, permissions in granted.items():
        lines.extend(f"  {name:<{width}}  {permission}" for permission in permissions)
    return "\n".join(lines)


def cmd_apikey_create(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        _token, secret = accounts.create_api_token(
            session,
            actor=CLI_ACTOR,
            commune=commune_by_slug(session, args.commune),
            name=args.name,
            permissions=args.permission,
        )
    print(secret)


def cmd_module_list(args: argparse.Namespace) -> None:
    config = load_config(args)
    registry = get_registry(config)
    with unit_of_work(config) as session:
        active = (
            activation.enabled_modules(session, commune_by_slug(session, args.commune).id)
            if args.commune
            else None
        )
    for manifest in registry.manifests():
        state = "" if active is None else ("\tenabled" if manifest.name in active else "\tdisabled")
        depends = ",".join(manifest.depends) or "-"
        print(f"{manifest.name}\t{manifest.version}\tdepends:{depends}{state}")


def cmd_module_enable(args: argparse.Namespace) -> None:
    config = load_config(args)
    with unit_of_work(config) as session:
        switched = activation.enable(
            session,
            get_registry(config),
            actor=CLI_ACTOR,
            commune=commune_by_slug(session, args.commune),
            name=args.name,
            with_dependencies=args.with_dependencies,
        )
    print(f"enabled: {', '.join(switched) or 'nothing (already enabled)'}")


def cmd_module_disable(args: argparse.Namespace) -> None:
    config = load_config(args)
    with unit_of_work(config) as session:
        activation.disable(
            session,
            get_registry(config),
            actor=CLI_ACTOR,
            commune=commune_by_slug(session, args.commune),
            name=args.name,
        )
    print(f"disabled: {args.name}")


def cmd_audit_verify(args: argparse.Namespace) -> None:
    with unit_of_work(load_config(args)) as session:
        commune_id = None if args.platform else commune_by_slug(session, args.commune).id
        report = audit.verify_chain(session, commune_id)
    label = "platform" if args.platform else args.commune
    if not report.intact:
        raise CommandError(
            f"audit chain of {label} is broken at event {report.broken_at}: {report.reason}"
        )
    print(f"audit chain of {label} is intact ({report.checked} events)")


PASSPHRASE_VARIABLE = "BALADIYA_BACKUP_PASSPHRASE"  # noqa: S105 - a variable's name


def read_passphrase(
    args: argparse.Namespace, *, confirm: bool, variable: str = PASSPHRASE_VARIABLE
) -> str:
    """A passphrase (an archive's, a root key's): from ``--passphrase-file``, the
    environment variable ``variable`` or typed; never an argument, which ``ps`` would show.
    """
    if args.passphrase_file:
        try:
            return Path(args.passphrase_file).read_text().rstrip("\r\n")
        except OSError as exc:
            raise CommandError(f"cannot read {args.passphrase_file}: {exc.strerror}") from exc
    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        raise CommandError(
            f"give --passphrase-file, set {variable} or run in a terminal to type it"
        )
    typed = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("Passphrase again: ") != typed:
        raise CommandError("the two passphrases differ")
    return typed


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cmd_backup(args: argparse.Namespace) -> None:
    config = load_config(args)
    passphrase = read_passphrase(args, confirm=True) if args.with_secrets else None
    backup.create_backup(
        config.registry[ENGINE_KEY],
        config.get_settings(),
        Path(args.out),
        passphrase=passphrase,
        progress=_progress,
    )
    print(f"backup written to {args.out}")


def cmd_restore(args: argparse.Namespace) -> None:
    config = load_config(args)
    secrets_out = Path(args.secrets_out) if args.secrets_out else None
    report = backup.restore_backup(
        config.registry[ENGINE_KEY],
        config.get_settings(),
        Path(args.archive),
        secrets_out=secrets_out,
        passphrase=read_passphrase(args, confirm=False) if secrets_out else None,
        progress=_progress,
    )
    print(
        f"restored into {report.backend}: {report.tables} tables, {report.rows} rows, "
        f"{report.files} files"
    )
    if report.secrets_file is not None:
        print(f"secret settings written to {report.secrets_file}; load them into the environment")


def cmd_files_check(args: argparse.Namespace) -> None:
    """Print what the hourly clean-up job would report; fail when a row names a missing file."""
    config = load_config(args)
    with unit_of_work(config) as session:
        report = check(
            session,
            file_store(config.registry),
            references(config.registry),
            grace=grace_of(config.registry),
            remove=args.remove,
        )
    print("\n".join(report.lines()))
    if not report.healthy:
        raise CommandError("rows name files that are not stored (listed above)")


def cmd_files_migrate(args: argparse.Namespace) -> None:
    """Move every file into the ``--to`` backend, old upload-directory files included."""
    config = load_config(args)
    settings = config.get_settings()
    source = make_store(next(b for b in BACKENDS if b != args.to), settings)
    target = make_store(args.to, settings)
    factory = config.registry[SESSION_FACTORY_KEY]
    declared = references(config.registry)
    adopted = transfer.adopt_legacy(factory, target, declared, upload_dir(settings), print)
    moved = transfer.move_all(factory, source, target, lambda line: print(line, flush=True))
    print(f"{moved} file(s) moved to the {args.to} store, {adopted} old file(s) taken in")
    if backend_of(settings) != args.to:
        print(f"now set baladiya.core.file_store = {args.to} and restart the processes")


def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()


def cmd_scheduler(args: argparse.Namespace) -> None:
    config = load_config(args, pooled=True)
    scheduler = build_scheduler(config.registry)
    scheduler.start()
    print(
        f"scheduler running as {scheduler.runner} ({len(scheduler.jobs)} jobs); Ctrl-C to stop",
        flush=True,
    )
    try:
        _wait_for_signal()
    finally:
        scheduler.shutdown()


def cmd_serve(args: argparse.Namespace) -> None:
    import waitress

    config = load_config(args, pooled=True)
    app = config.make_wsgi_app()
    scheduler = None
    if not args.no_scheduler and config.get_settings()["baladiya.core.scheduler"]:
        scheduler = build_scheduler(config.registry)
        scheduler.start()
    print(f"serving on http://{args.host}:{args.port}", flush=True)
    try:
        waitress.serve(
            app,
            host=args.host,
            port=args.port,
            threads=args.threads,
            # Above the app's own ceiling, so the app refuses an oversized upload in the
            # reader's language; waitress' bare refusal only stops a body twice as large.
            max_request_body_size=2 * config.get_settings()["baladiya.core.max_upload_bytes"],
        )
    finally:
        if scheduler is not None:
            scheduler.shutdown()


_COMMON = argparse.ArgumentParser(add_help=False)
_COMMON.add_argument(
    "--ini", default=argparse.SUPPRESS, help=f"configuration file (default {DEFAULT_INI})"
)


def add_command(
    sub: Any, name: str, func: Callable[[argparse.Namespace], None], help_text: str
) -> argparse.ArgumentParser:
    """A sub-command of a group; module packages add theirs with it (manifest ``cli``)."""
    parser = sub.add_parser(name, help=help_text, description=help_text, parents=[_COMMON])
    parser.set_defaults(func=func)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baladiya", description="Baladiya administration.")
    parser.add_argument("--ini", help=f"configuration file (default {DEFAULT_INI})")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")
    _setup_commands(groups)
    _tenant_commands(groups)
    _people_commands(groups)
    _module_commands(groups)
    _operation_commands(groups)
    _module_package_commands(groups)
    return parser


def add_group(groups: Any, name: str, help_text: str) -> Any:
    """A command group such as ``baladiya gis ...``."""
    return groups.add_parser(name, help=help_text).add_subparsers(dest="cmd", required=True)


def _setup_commands(groups: Any) -> None:
    add_command(
        add_group(groups, "db", "database schema"),
        "upgrade",
        cmd_db_upgrade,
        "apply every pending migration",
    )
    p = add_command(
        add_group(groups, "demo", "demo data"),
        "load",
        cmd_demo_load,
        "load demo communes and users into an empty database",
    )
    p.add_argument(
        "--months",
        type=int,
        choices=range(1, 13),
        default=demo.DEMO_MONTHS,
        metavar="1-12",
        help="how many months of activity to replay (default: a year)",
    )


def _tenant_commands(groups: Any) -> None:
    region = add_group(groups, "region", "regions")
    p = add_command(region, "create", cmd_region_create, "create a region")
    p.add_argument("slug")
    p.add_argument("--name-fr", required=True)
    p.add_argument("--name-ar", required=True)
    p.add_argument("--country", required=True, help="ISO country code, e.g. MA")
    add_command(region, "list", cmd_region_list, "list regions, slug first")

    commune = add_group(groups, "commune", "communes")
    p = add_command(commune, "create", cmd_commune_create, "create a commune")
    p.add_argument("slug")
    p.add_argument("--region", required=True)
    p.add_argument("--name-fr", required=True)
    p.add_argument("--name-ar", required=True)
    p.add_argument("--country", required=True, help="country profile, e.g. MA, ML, MR")
    p.add_argument("--timezone", required=True, help="IANA zone, e.g. Africa/Casablanca")
    p.add_argument("--currency", required=True, help="MAD, XOF or MRU")
    p.add_argument("--crs", required=True, help="projected CRS, e.g. EPSG:26191")
    p.add_argument("--languages", default="fr ar", help="space-separated, first is default")
    p.add_argument("--province", help='province or prefecture, e.g. "Préfecture de Salé"')
    p = add_command(commune, "list", cmd_commune_list, "list communes, slug first")
    p.add_argument("--region")


def _people_commands(groups: Any) -> None:
    user = add_group(groups, "user", "users")
    p = add_command(
        user,
        "logout-everywhere",
        cmd_user_logout_everywhere,
        "end every log-in of a user at once (a lost phone, a departure)",
    )
    p.add_argument("email")
    p = add_command(user, "deactivate", cmd_user_deactivate, "shut an account and end its log-ins")
    p.add_argument("email")
    p = add_command(
        user,
        "create",
        cmd_user_create,
        "create a user (password from BALADIYA_PASSWORD or typed)",
    )
    p.add_argument("email")
    p.add_argument("--name")
    p.add_argument("--role", choices=sorted(all_roles(_installed_modules())))
    p.add_argument("--commune")
    p.add_argument("--region")
    p.add_argument("--locale", choices=["ar", "fr", "en"])
    p.add_argument("--platform-admin", action="store_true")

    p = add_command(
        add_group(groups, "apikey", "API keys"),
        "create",
        cmd_apikey_create,
        "create an API key and print it once",
    )
    # The parser is built before any ini is read: every module package that may be enabled.
    granted = api_key_permissions(_installed_modules())
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = _permissions_epilog(granted)
    p.add_argument("--commune", required=True)
    p.add_argument("--name", required=True)
    p.add_argument(
        "--permission",
        action="append",
        required=True,
        choices=[permission for permissions in granted.values() for permission in permissions],
        metavar="PERMISSION",
        help="a permission the key carries (listed below); repeat for several",
    )


def _module_commands(groups: Any) -> None:
    module = add_group(groups, "module", "modules")
    p = add_command(module, "list", cmd_module_list, "list modules (and their state in a commune)")
    p.add_argument("--commune")
    p = add_command(module, "enable", cmd_module_enable, "enable a module for a commune")
    p.add_argument("name")
    p.add_argument("--commune", required=True)
    p.add_argument(
        "--with-dependencies", action="store_true", help="also enable the modules it needs"
    )
    p = add_command(module, "disable", cmd_module_disable, "disable a module for a commune")
    p.add_argument("name")
    p.add_argument("--commune", required=True)


def _operation_commands(groups: Any) -> None:
    p = add_command(
        add_group(groups, "audit", "audit chain"),
        "verify",
        cmd_audit_verify,
        "check a commune's audit chain",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--commune")
    target.add_argument("--platform", action="store_true")

    _backup_commands(groups)
    files = add_group(groups, "files", "the uploaded-file store")
    p = add_command(files, "check", cmd_files_check, "report orphan and missing files")
    p.add_argument("--remove", action="store_true", help="also remove orphans past the grace")
    p = add_command(files, "migrate", cmd_files_migrate, "move every file to another backend")
    p.add_argument("--to", required=True, choices=BACKENDS)

    add_command(groups, "scheduler", cmd_scheduler, "run the scheduler alone")
    serve = add_command(groups, "serve", cmd_serve, "serve the application with waitress")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=6543)
    serve.add_argument("--threads", type=int, default=4)
    serve.add_argument("--no-scheduler", action="store_true")


def _backup_commands(groups: Any) -> None:
    secrets_help = f"passphrase in this file (else ${PASSPHRASE_VARIABLE}, else typed)"
    p = add_command(
        groups, "backup", cmd_backup, "write the database and the stored files to one archive"
    )
    p.add_argument("--out", required=True, metavar="FILE", help="the archive to write (.tar)")
    p.add_argument(
        "--with-secrets",
        action="store_true",
        help="add the secret settings, encrypted with a passphrase",
    )
    p.add_argument("--passphrase-file", metavar="FILE", help=secrets_help)
    p = add_command(
        groups, "restore", cmd_restore, "restore an archive into an empty database and folder"
    )
    p.add_argument("archive", metavar="FILE")
    p.add_argument(
        "--secrets-out",
        metavar="FILE",
        help="open the archive's secret settings and write them to this new file",
    )
    p.add_argument("--passphrase-file", metavar="FILE", help=secrets_help)


@cache
def _installed_modules() -> ModuleRegistry:
    """The module packages, read before any ini: their commands and roles join the CLI's."""
    packages = MODULE_DEFAULTS["baladiya.modules.available"].split()
    return load_registry(packages, [role.name for role in CORE_ROLES])


def _module_package_commands(groups: Any) -> None:
    """Commands of the module packages, found through their manifests before any ini is read."""
    resolver = DottedNameResolver()
    for manifest in _installed_modules().manifests():
        if manifest.cli:
            resolver.resolve(manifest.cli)(groups)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(json_logs=os.environ.get("BALADIYA_CORE_JSON_LOGS", "").lower() == "true")
    try:
        args.func(args)
    except (CommandError, DomainError, ConfigurationError, backup.BackupError) as exc:
        print(f"baladiya: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(
            f"baladiya: database error: {exc.__class__.__name__}: {str(exc).splitlines()[0]}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
