"""The application factory includes the core in order and then the module registry."""

from __future__ import annotations

from pyramid.interfaces import ISecurityPolicy, ISessionFactory

from municipality.app import CORE_PACKAGES, make_config
from municipality.files import DatabaseStore, FilesystemStore, file_store
from tests.conftest import app_settings


def test_make_config_registers_the_core(engine, tmp_path):
    uploads = tmp_path / "uploads"
    config = make_config(
        app_settings(engine, tmp_path, **{"baladiya.core.upload_dir": str(uploads)})
    )
    config.commit()
    registry = config.registry
    assert registry.queryUtility(ISecurityPolicy) is not None
    assert registry.queryUtility(ISessionFactory) is not None
    routes = {r["introspectable"]["name"] for r in registry.introspector.get_category("routes")}
    assert {
        "login",
        "dashboard",
        "modules",
        "apikeys",
        "outbox",
        "history",
        "healthz",
        "api.openapi",
        "api.commune",
        "notices.list",
    } <= routes
    assert "baladiya.modules" in registry
    assert "messaging" in registry["baladiya.deliverers"]
    assert "outbox.deliver" in registry["baladiya.core_jobs"]
    assert "files.check" in registry["baladiya.core_jobs"]
    store = file_store(registry)
    if engine.dialect.name == "sqlite":
        assert isinstance(store, FilesystemStore)
        assert store.root == uploads
    else:
        assert isinstance(store, DatabaseStore)


def test_core_is_included_before_the_modules():
    assert CORE_PACKAGES[-1] == "modules"
    assert CORE_PACKAGES.index("municipality.database") < CORE_PACKAGES.index("municipality.views")
