"""Settings: one defaults dict per package, overridable by ``BALADIYA_*`` variables.

Every setting lives under ``baladiya.<package>.<name>``; the environment variable is the
upper-cased key with dots turned into underscores (``baladiya.core.secret`` is
``BALADIYA_CORE_SECRET``). ``BALADIYA_DATABASE_URL`` is the one short alias operators
expect, and wins over the ini file for every command.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from pyramid.exceptions import ConfigurationError

CORE_DEFAULTS: dict[str, Any] = {
    "sqlalchemy.url": "sqlite:///var/baladiya.sqlite",
    "baladiya.core.secret": "",
    "baladiya.core.production": False,
    "baladiya.core.default_locale": "fr",
    "baladiya.core.locales": "fr ar en",
    "baladiya.core.max_body_bytes": 1_048_576,
    "baladiya.core.max_upload_bytes": 42 * 1_048_576,
    "baladiya.core.login_max_failures": 5,
    "baladiya.core.login_lockout_seconds": 900,
    # Log-in and second-factor attempts a minute, per e-mail address and per client address.
    "baladiya.core.login_rate_per_address": 10,
    "baladiya.core.login_rate_per_client": 30,
    # Password-reset requests an hour, per e-mail address and per client address.
    "baladiya.core.reset_rate_per_address": 3,
    "baladiya.core.reset_rate_per_client": 20,
    # Place searches and "is this point in the commune" questions a minute, per client address.
    "baladiya.core.places_rate_per_client": 120,
    "baladiya.core.session_max_age": 8 * 3600,
    # A log-in ends when unused this long, and in any case this long after it began;
    # holders of roles that sign or pay (second factor) get the shorter "signing" ones.
    "baladiya.core.session_idle_seconds": 2 * 3600,
    "baladiya.core.session_absolute_seconds": 24 * 3600,
    "baladiya.core.signing_session_idle_seconds": 30 * 60,
    "baladiya.core.signing_session_absolute_seconds": 12 * 3600,
    # Where people reach the site; every link sent away (e-mails, documents) starts so.
    "baladiya.core.public_url": "http://127.0.0.1:6543",
    # Host names requests may carry (space-separated); empty: the public URL's and loopback.
    "baladiya.core.trusted_hosts": "",
    # Addresses or networks of reverse proxies whose X-Forwarded-* headers are believed.
    "baladiya.core.trusted_proxies": "",
    "baladiya.core.scheduler": True,
    "baladiya.core.outbox_batch": 50,
    "baladiya.core.outbox_max_attempts": 8,
    "baladiya.core.outbox_base_delay": 30,
    "baladiya.core.message_log": "var/messages.log",
    "baladiya.core.upload_dir": "var/uploads",
    # Where uploaded files are kept: filesystem or database; empty: filesystem on SQLite,
    # database otherwise (see municipality.files).
    "baladiya.core.file_store": "",
    # The hourly files.check job removes files no row names, once unused this long.
    "baladiya.core.remove_orphan_files": True,
    "baladiya.core.orphan_grace_seconds": 3600,
    "baladiya.core.json_logs": False,
    # Drawn under the commune's own map layers: "" (nothing: no request leaves the site),
    # "pmtiles" (a PMTiles file this site serves, basemap_url its path) or "tiles" (a raster
    # tile server, basemap_url its {z}/{x}/{y} template; the CSP then allows that host).
    "baladiya.core.basemap": "",
    "baladiya.core.basemap_url": "",
    # Credit shown on every map when the basemap's data requires it (© OpenStreetMap...).
    "baladiya.core.basemap_attribution": "",
    # Entries of the in-memory read cache (communes, people, tokens, pages); 0 turns it off.
    "baladiya.core.read_cache_entries": 5000,
    # Whether whole pages are kept too (views with cache_max_age); off, only the directory
    # (communes, people, tokens) is, as for the first view of a page after a write.
    "baladiya.core.page_cache": True,
}

_BOOLEAN_WORDS = {
    "true": True,
    "1": True,
    "yes": True,
    "on": True,
    "false": False,
    "0": False,
    "no": False,
    "off": False,
}


def env_name(key: str) -> str:
    """Return the environment variable that overrides ``key``."""
    if key == "sqlalchemy.url":
        return "BALADIYA_DATABASE_URL"
    return key.upper().replace(".", "_")


def _coerce(key: str, raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word not in _BOOLEAN_WORDS:
            raise ConfigurationError(f"setting {key}: {raw!r} is not true or false")
        return _BOOLEAN_WORDS[word]
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"setting {key}: {raw!r} is not a whole number") from exc
    return str(raw)


def resolve(
    settings: Mapping[str, Any],
    defaults: Mapping[str, Any],
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Merge defaults, ini values and environment overrides, coercing each to its type."""
    environ = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    for key, default in defaults.items():
        raw = environ.get(env_name(key), settings.get(key, default))
        merged[key] = _coerce(key, raw, default)
    return merged


def apply_defaults(settings: MutableMapping[str, Any], defaults: Mapping[str, Any]) -> None:
    """Update ``settings`` in place with the resolved values of ``defaults``' keys."""
    settings.update(resolve(settings, defaults))


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
ProxyNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def public_url(settings: Mapping[str, Any]) -> str:
    """The configured public base URL, without a trailing slash."""
    url: str = settings["baladiya.core.public_url"].strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"baladiya.core.public_url: {url!r} is not an http(s) address such as "
            "https://baladiya.example.ma"
        )
    if settings["baladiya.core.production"] and parts.scheme != "https":
        raise ConfigurationError(
            "baladiya.core.public_url must be an https address in production "
            "(set BALADIYA_CORE_PUBLIC_URL)"
        )
    return url


def trusted_hosts(settings: Mapping[str, Any]) -> frozenset[str]:
    """Host names this site answers to: as configured, else the public URL's and loopback."""
    configured = settings["baladiya.core.trusted_hosts"].lower().split()
    if configured:
        return frozenset(configured)
    host = urlsplit(public_url(settings)).hostname
    assert host is not None
    return LOOPBACK_HOSTS | {host}


def trusted_proxies(settings: Mapping[str, Any]) -> tuple[ProxyNetwork, ...]:
    """The reverse proxies whose forwarding headers are believed (none by default)."""
    networks = []
    for entry in settings["baladiya.core.trusted_proxies"].split():
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ConfigurationError(
                f"baladiya.core.trusted_proxies: {entry!r} is not an address or network"
            ) from exc
    return tuple(networks)


def validate_core(settings: Mapping[str, Any]) -> None:
    """Refuse to start with settings that would be unsafe or unusable."""
    if settings["baladiya.core.production"] and len(settings["baladiya.core.secret"]) < 32:
        raise ConfigurationError(
            "baladiya.core.secret must be at least 32 characters in production "
            "(set BALADIYA_CORE_SECRET)"
        )
    locales = settings["baladiya.core.locales"].split()
    if settings["baladiya.core.default_locale"] not in locales:
        raise ConfigurationError("baladiya.core.default_locale must be one of the locales")
    trusted_hosts(settings)
    trusted_proxies(settings)
    _validate_session_lifetimes(settings)
    validate_basemap(settings)


def _validate_session_lifetimes(settings: Mapping[str, Any]) -> None:
    """Lifetimes are positive, idle within absolute, and no longer for signing roles."""
    for prefix in ("baladiya.core.session_", "baladiya.core.signing_session_"):
        idle, absolute = settings[prefix + "idle_seconds"], settings[prefix + "absolute_seconds"]
        if not 0 < idle <= absolute:
            raise ConfigurationError(
                f"{prefix}idle_seconds must be positive and at most {prefix}absolute_seconds"
            )
    for kind in ("idle_seconds", "absolute_seconds"):
        if (
            settings[f"baladiya.core.signing_session_{kind}"]
            > settings[f"baladiya.core.session_{kind}"]
        ):
            raise ConfigurationError(
                f"baladiya.core.signing_session_{kind} may not exceed baladiya.core.session_{kind}"
            )


# What the operator draws under the commune's own layers (``baladiya.core.basemap``):
# nothing, a PMTiles file served by this site, or a raster tile server they name.
BASEMAPS = ("", "pmtiles", "tiles")


def validate_basemap(settings: Mapping[str, Any]) -> None:
    """A PMTiles file must come from this site (a path), tiles from an http(s) template
    with ``{z}``, ``{x}`` and ``{y}``: anything else would break the map or the CSP."""
    kind, url = settings["baladiya.core.basemap"], settings["baladiya.core.basemap_url"]
    if kind not in BASEMAPS:
        raise ConfigurationError("baladiya.core.basemap must be empty, pmtiles or tiles")
    if kind == "pmtiles" and not (url.startswith("/") and not url.startswith("//")):
        raise ConfigurationError(
            "baladiya.core.basemap_url must be a path on this site (/tiles/commune.pmtiles) "
            "when baladiya.core.basemap is pmtiles"
        )
    if kind == "tiles" and (
        urlsplit(url).scheme not in ("http", "https")
        or not urlsplit(url).hostname
        or not all(part in url for part in ("{z}", "{x}", "{y}"))
    ):
        raise ConfigurationError(
            "baladiya.core.basemap_url must be an http(s) URL template with {z}, {x} and {y} "
            "when baladiya.core.basemap is tiles"
        )


def basemap_origin(settings: Mapping[str, Any]) -> str | None:
    """The other host a ``tiles`` basemap loads pictures from (``{s}`` subdomains as
    ``*``), which the Content-Security-Policy must allow; ``None`` for any other basemap."""
    if settings["baladiya.core.basemap"] != "tiles":
        return None
    parts = urlsplit(settings["baladiya.core.basemap_url"].replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"
