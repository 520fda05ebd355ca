"""The application factory: one Configurator, the core in order, then the modules."""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator
from pyramid.router import Router

from municipality.settings import CORE_DEFAULTS, apply_defaults, validate_core
from municipality.templating import JINJA2_FILTERS, JINJA2_GLOBALS

CORE_PACKAGES = (
    "pyramid_jinja2",
    "pyramid_chameleon",
    "municipality.database",
    "municipality.providers",
    "municipality.readcache",
    "municipality.tenancy",
    "municipality.security",
    "municipality.ratelimit",
    "municipality.i18n",
    "municipality.web",
    "municipality.messaging",
    "municipality.files",
    "municipality.jobs",
    "municipality.views",
    "municipality.api",
    "modules",
)


def make_config(settings: dict[str, Any]) -> Configurator:
    """Build the Configurator with every core package and the enabled module registry."""
    apply_defaults(settings, CORE_DEFAULTS)
    validate_core(settings)
    settings.setdefault("jinja2.i18n.domain", "baladiya")
    settings.setdefault("jinja2.filters", JINJA2_FILTERS)
    settings.setdefault("jinja2.globals", JINJA2_GLOBALS)
    config = Configurator(settings=settings)
    for package in CORE_PACKAGES:
        config.include(package)
    config.add_static_view("static", "municipality:static", cache_max_age=86400)
    return config


def main(global_config: dict[str, Any] | None = None, **settings: Any) -> Router:
    """PasteDeploy entry point."""
    return make_config(dict(settings)).make_wsgi_app()
