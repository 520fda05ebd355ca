"""Which modules each commune runs: a row per module, every switch audited.

The registry (``modules``) knows what modules exist; this is where the core stores and
asks which of them a commune enabled, so no module queries ``commune_modules`` itself.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.registry import ModuleRegistry
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Conflict, NotFound
from municipality.models import Commune, CommuneModule


def enabled_modules(session: Session, commune_id: int) -> frozenset[str]:
    """Names of the modules this commune has switched on."""
    rows = session.execute(
        select(CommuneModule.module).where(
            CommuneModule.commune_id == commune_id, CommuneModule.enabled.is_(True)
        )
    ).scalars()
    return frozenset(rows)


def communes_with_module(session: Session, name: str) -> list[Commune]:
    """Every commune that enabled ``name``, in id order (across tenants: for jobs)."""
    stmt = (
        select(Commune)
        .join(CommuneModule, CommuneModule.commune_id == Commune.id)
        .where(CommuneModule.module == name, CommuneModule.enabled.is_(True))
        .order_by(Commune.id)
        .execution_options(all_communes=True)
    )
    return list(session.execute(stmt).scalars())


def _set(session: Session, actor: str, commune: Commune, name: str, enabled: bool) -> None:
    row = session.execute(
        select(CommuneModule).where(
            CommuneModule.commune_id == commune.id, CommuneModule.module == name
        )
    ).scalar_one_or_none()
    before = bool(row and row.enabled)
    if row is None:
        row = CommuneModule(commune_id=commune.id, module=name, enabled=enabled)
        session.add(row)
    row.enabled = enabled
    row.changed_at = utcnow()
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action=f"modules:module:{'enabled' if enabled else 'disabled'}",
        object_type="module",
        object_id=name,
        changes={"enabled": [before, enabled]},
    )


def missing_dependencies(
    session: Session, registry: ModuleRegistry, commune: Commune, name: str
) -> list[str]:
    """Modules ``name`` needs that the commune has not switched on yet."""
    active = enabled_modules(session, commune.id)
    return [dep for dep in registry.dependencies(name) if dep not in active]


def enable(
    session: Session,
    registry: ModuleRegistry,
    *,
    actor: str,
    commune: Commune,
    name: str,
    with_dependencies: bool = False,
) -> list[str]:
    """Switch a module on; its dependencies too, but only when the caller confirmed it."""
    if name not in registry:
        raise NotFound(f"no module named {name}")
    missing = missing_dependencies(session, registry, commune, name)
    if missing and not with_dependencies:
        raise Conflict(
            f"module {name} needs {', '.join(missing)} enabled first",
            missing=missing,
        )
    switched = []
    for module in [*missing, name]:
        if module not in enabled_modules(session, commune.id):
            _set(session, actor, commune, module, True)
            session.flush()
            switched.append(module)
    return switched


def disable(
    session: Session, registry: ModuleRegistry, *, actor: str, commune: Commune, name: str
) -> None:
    """Switch a module off, refused while a module that needs it is still on."""
    if name not in registry:
        raise NotFound(f"no module named {name}")
    active = enabled_modules(session, commune.id)
    blocking = [dep for dep in registry.dependents(name) if dep in active]
    if blocking:
        raise Conflict(
            f"module {name} is needed by {', '.join(blocking)}; disable those first",
            dependents=blocking,
        )
    if name in active:
        _set(session, actor, commune, name, False)
