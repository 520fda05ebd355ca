"""The registry's ``includeme``: validates manifests, includes modules, adds the predicate."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError

from modules import CORE_ROLES_KEY, REGISTRY_KEY, includeme, load_registry
from municipality.readcache import PageCacheDeriver


def test_includeme_registers_the_registry_and_the_modules_routes():
    config = Configurator(settings={"baladiya.modules.available": "notices"})
    config.include("municipality.api")
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    includeme(config)
    config.commit()
    registry = config.registry[REGISTRY_KEY]
    assert registry.order == ("notices",)
    routes = {
        r["introspectable"]["name"] for r in config.registry.introspector.get_category("routes")
    }
    assert {"notices.list", "notices.api.collection", "notices.public"} <= routes


def test_unknown_module_package_fails_at_start_up():
    with pytest.raises(ModuleNotFoundError):
        load_registry(["no_such_module_package"])


def test_invalid_manifest_fails_at_start_up(monkeypatch):
    import notices

    monkeypatch.setitem(notices.MANIFEST, "depends", ["gis"])
    with pytest.raises(ConfigurationError, match="module notices: depends on unknown module gis"):
        load_registry(["notices"])


def test_grants_are_checked_against_the_roles_the_core_left(monkeypatch):
    import notices

    monkeypatch.setitem(notices.MANIFEST, "roles", {"treasurer": ["notices:notice:view"]})
    config = Configurator(settings={"baladiya.modules.available": "notices"})
    config.registry[CORE_ROLES_KEY] = frozenset({"agent", "commune_admin"})
    with pytest.raises(
        ConfigurationError, match="module notices: grants permissions to role treasurer"
    ):
        includeme(config)


WITHOUT_COMPLAINTS = """
import sys
sys.modules["complaints"] = None  # the package cannot even be imported
from modules import get_registry
from municipality.app import make_config
from municipality.providers import Kind, providers
config = make_config({
    "sqlalchemy.url": "sqlite:///%(tmp)s/app.sqlite",
    "baladiya.modules.available": "notices gis sync consolidation",
    "baladiya.core.scheduler": "false",
    "baladiya.core.upload_dir": "%(tmp)s/uploads",
    "baladiya.core.message_log": "%(tmp)s/messages.log",
})
config.make_wsgi_app()
print(" ".join(get_registry(config).order))
print(len(providers(config.registry, Kind.NATIONAL_FEED)))
"""


def test_sync_and_consolidation_start_without_the_complaints_package(tmp_path):
    """They reach complaints only through providers, so without it they simply get none."""
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_COMPLAINTS % {"tmp": tmp_path}],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["consolidation gis notices sync", "0"]
