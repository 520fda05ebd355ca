"""The national-platforms module: its manifest, and what its ``includeme`` registers."""

from __future__ import annotations

import pytest
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError
from pyramid.path import DottedNameResolver
from sqlalchemy.orm import sessionmaker

import sync
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality import outbox
from municipality.database import SESSION_FACTORY_KEY
from sync import contracts
from sync.jobs import PlatformJob
from sync.permissions import Perm


def test_manifest_is_valid_data_with_one_delivery_job_per_platform():
    manifest = parse_manifest(sync.MANIFEST)
    assert set(manifest.permissions) == {str(p) for p in Perm}
    assert set(manifest.roles["commune_admin"]) == set(manifest.permissions)
    assert manifest.cli == "sync.cli:register"
    resolver = DottedNameResolver()
    jobs = {job.name: resolver.resolve(job.func) for job in manifest.jobs}
    delivering = {j.platform for j in jobs.values() if isinstance(j, PlatformJob)}
    assert delivering == set(contracts.PLATFORMS)
    assert callable(jobs["prune"])


def _configured(**settings: str) -> Configurator:
    config = Configurator(settings=settings)
    config.registry[SESSION_FACTORY_KEY] = sessionmaker()  # sync.feeds subscribes to it
    config.add_view_predicate("requires_module", RequiresModule)
    config.include("sync")
    config.commit()
    return config


def test_includeme_adds_routes_and_reserves_the_national_destinations():
    config = _configured()
    routes = {
        r["introspectable"]["name"] for r in config.registry.introspector.get_category("routes")
    }
    assert routes == {
        "sync.metrics",
        "sync.overview",
        "sync.board",
        "sync.messages",
        "sync.message",
        "sync.message.action",
        "sync.connection",
        "sync.connection.pause",
    }
    assert outbox.reserved_prefixes(config.registry) == ("national:",)
    assert config.registry.settings["baladiya.sync.batch"] == 20


def test_unreadable_platform_rates_stop_the_start():
    with pytest.raises(ConfigurationError, match="platform=number"):
        _configured(**{"baladiya.sync.platform_rates": "budget=slow"})


@pytest.mark.parametrize(
    ("setting", "value", "problem"),
    [
        ("baladiya.sync.max_age_days", "0", "max_age_days: 0 is not at least 1"),
        ("baladiya.sync.max_age_days", "a month", "is not a whole number"),
        ("baladiya.sync.platform_max_age_days", "permits=-3", "'permits=-3' is not platform"),
        ("baladiya.sync.platform_max_age_days", "permis=30", "names no national platform"),
    ],
)
def test_an_unusable_age_limit_stops_the_start(setting, value, problem):
    with pytest.raises(ConfigurationError, match=problem):
        _configured(**{setting: value})
