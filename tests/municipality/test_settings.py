"""Settings: defaults, ini values, ``BALADIYA_*`` overrides, coercion and start-up checks."""

from __future__ import annotations

import pytest
from pyramid.exceptions import ConfigurationError

from municipality.app import make_config
from municipality.settings import (
    CORE_DEFAULTS,
    apply_defaults,
    env_name,
    resolve,
    trusted_hosts,
    trusted_proxies,
    validate_core,
)

LONG_SECRET = "s" * 32


@pytest.fixture
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No ``BALADIYA_*`` override from the machine running the tests leaks in."""
    for key in CORE_DEFAULTS:
        monkeypatch.delenv(env_name(key), raising=False)
    return monkeypatch


def test_environment_names_follow_the_setting_keys():
    assert env_name("sqlalchemy.url") == "BALADIYA_DATABASE_URL"
    assert env_name("baladiya.core.secret") == "BALADIYA_CORE_SECRET"
    assert env_name("baladiya.core.max_body_bytes") == "BALADIYA_CORE_MAX_BODY_BYTES"


def test_defaults_apply_when_neither_ini_nor_environment_says_anything():
    resolved = resolve({}, CORE_DEFAULTS, environ={})
    assert resolved == CORE_DEFAULTS


def test_database_url_from_the_environment_wins_over_the_ini_file():
    ini = {"sqlalchemy.url": "sqlite:///from-ini.sqlite"}
    environ = {"BALADIYA_DATABASE_URL": "postgresql://db.example/baladiya"}
    assert resolve(ini, CORE_DEFAULTS, environ)["sqlalchemy.url"] == (
        "postgresql://db.example/baladiya"
    )
    assert resolve(ini, CORE_DEFAULTS, {})["sqlalchemy.url"] == "sqlite:///from-ini.sqlite"


def test_any_setting_can_be_overridden_from_the_environment():
    ini = {"baladiya.core.secret": "from-ini", "baladiya.core.login_max_failures": "9"}
    environ = {"BALADIYA_CORE_SECRET": "from-env", "BALADIYA_CORE_LOGIN_MAX_FAILURES": "4"}
    resolved = resolve(ini, CORE_DEFAULTS, environ)
    assert resolved["baladiya.core.secret"] == "from-env"
    assert resolved["baladiya.core.login_max_failures"] == 4


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("True", True),
        (" yes ", True),
        ("on", True),
        ("1", True),
        ("false", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
        ("0", False),
        (True, True),
        (False, False),
    ],
)
def test_booleans_are_coerced_from_ini_words(raw, expected):
    resolved = resolve({"baladiya.core.production": raw}, CORE_DEFAULTS, environ={})
    assert resolved["baladiya.core.production"] is expected


def test_booleans_are_coerced_from_the_environment_too():
    resolved = resolve(
        {"baladiya.core.scheduler": "true"},
        CORE_DEFAULTS,
        environ={"BALADIYA_CORE_SCHEDULER": "off"},
    )
    assert resolved["baladiya.core.scheduler"] is False


@pytest.mark.parametrize(("raw", "expected"), [("2048", 2048), (" 10 ", 10), (512, 512)])
def test_whole_numbers_are_coerced(raw, expected):
    resolved = resolve({"baladiya.core.max_body_bytes": raw}, CORE_DEFAULTS, environ={})
    assert resolved["baladiya.core.max_body_bytes"] == expected
    assert type(resolved["baladiya.core.max_body_bytes"]) is int


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("baladiya.core.production", "maybe", "not true or false"),
        ("baladiya.core.json_logs", "", "not true or false"),
        ("baladiya.core.max_body_bytes", "lots", "not a whole number"),
        ("baladiya.core.login_lockout_seconds", "1.5", "not a whole number"),
        ("baladiya.core.outbox_batch", "", "not a whole number"),
    ],
)
def test_bad_ini_values_are_refused_naming_the_setting(key, raw, message):
    with pytest.raises(ConfigurationError, match=message) as caught:
        resolve({key: raw}, CORE_DEFAULTS, environ={})
    assert key in str(caught.value)
    assert repr(raw) in str(caught.value)


def test_bad_environment_values_are_refused_naming_the_setting():
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.session_max_age"):
        resolve({}, CORE_DEFAULTS, environ={"BALADIYA_CORE_SESSION_MAX_AGE": "eight hours"})


def test_text_settings_stay_text():
    resolved = resolve({"baladiya.core.locales": "ar fr"}, CORE_DEFAULTS, environ={})
    assert resolved["baladiya.core.locales"] == "ar fr"


def test_apply_defaults_fills_the_settings_in_place_and_keeps_other_keys(clean_environ):
    settings = {"pyramid.reload_templates": "true", "baladiya.core.outbox_batch": "7"}
    clean_environ.setenv("BALADIYA_CORE_JSON_LOGS", "yes")
    apply_defaults(settings, CORE_DEFAULTS)
    assert settings["pyramid.reload_templates"] == "true"
    assert settings["baladiya.core.outbox_batch"] == 7
    assert settings["baladiya.core.json_logs"] is True
    assert settings["baladiya.core.max_body_bytes"] == CORE_DEFAULTS["baladiya.core.max_body_bytes"]


def _valid(**overrides: object) -> dict[str, object]:
    return {**resolve({}, CORE_DEFAULTS, environ={}), **overrides}


@pytest.mark.parametrize("secret", ["", "short", "s" * 31])
def test_production_without_a_long_secret_is_refused(secret):
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.secret"):
        validate_core(_valid(**{"baladiya.core.production": True, "baladiya.core.secret": secret}))


PRODUCTION = {
    "baladiya.core.production": True,
    "baladiya.core.secret": LONG_SECRET,
    "baladiya.core.public_url": "https://baladiya.example.ma",
}


def test_production_with_a_long_secret_is_accepted():
    validate_core(_valid(**PRODUCTION))


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:6543", "baladiya.example.ma", "https://x.ma/?a=1", "ftp://x.ma"]
)
def test_production_needs_an_https_public_url(url):
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.public_url"):
        validate_core(_valid(**{**PRODUCTION, "baladiya.core.public_url": url}))


def test_trusted_hosts_default_to_the_public_url_and_loopback():
    settings = _valid(**{"baladiya.core.public_url": "https://Baladiya.example.ma/"})
    assert trusted_hosts(settings) == {"baladiya.example.ma", "localhost", "127.0.0.1", "::1"}
    configured = _valid(**{"baladiya.core.trusted_hosts": "a.ma B.ma"})
    assert trusted_hosts(configured) == {"a.ma", "b.ma"}


def test_trusted_proxies_must_be_addresses_or_networks():
    proxies = trusted_proxies(_valid(**{"baladiya.core.trusted_proxies": "10.0.0.0/8 ::1"}))
    assert [str(p) for p in proxies] == ["10.0.0.0/8", "::1/128"]
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.trusted_proxies"):
        validate_core(_valid(**{"baladiya.core.trusted_proxies": "proxy.local"}))


def test_development_needs_no_secret():
    validate_core(_valid(**{"baladiya.core.production": False, "baladiya.core.secret": ""}))


def test_default_locale_must_be_one_of_the_locales():
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.default_locale"):
        validate_core(_valid(**{"baladiya.core.default_locale": "de"}))


def test_the_app_refuses_to_start_in_production_without_a_secret(clean_environ):
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.secret"):
        make_config({"baladiya.core.production": "true"})


def test_the_environment_can_switch_production_on_and_is_checked_too(clean_environ):
    clean_environ.setenv("BALADIYA_CORE_PRODUCTION", "yes")
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.secret"):
        make_config({"baladiya.core.secret": "too-short"})


def test_the_app_refuses_a_bad_value_at_start_up(clean_environ):
    clean_environ.setenv("BALADIYA_CORE_MAX_BODY_BYTES", "a megabyte")
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.max_body_bytes"):
        make_config({})


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"baladiya.core.session_idle_seconds": 0}, "session_idle_seconds"),
        ({"baladiya.core.signing_session_idle_seconds": 50_000}, "signing_session_idle_seconds"),
        (
            {"baladiya.core.signing_session_absolute_seconds": 100_000},
            "signing_session_absolute_seconds",
        ),
    ],
)
def test_session_lifetimes_must_be_positive_and_shorter_for_signing_roles(overrides, named):
    with pytest.raises(ConfigurationError, match=named):
        validate_core(_valid(**overrides))
