"""The core's pages: log-in, the shell, the dashboard and commune administration, and
the location picker's questions (a commune's named places, whether a point is in it)."""

from __future__ import annotations

from pyramid.config import Configurator


def includeme(config: Configurator) -> None:
    config.add_route("home", "/")
    config.add_route("healthz", "/healthz")
    config.add_route("locale", "/locale")
    config.add_route("login", "/login")
    config.add_route("login.second_factor", "/login/code")
    config.add_route("login.enrol", "/login/enrol")
    config.add_route("logout", "/logout")
    config.add_route("password.reset", "/password/reset")
    config.add_route("password.reset.confirm", "/password/reset/{token}")
    config.add_route("dashboard", "/c/{commune}/")
    config.add_route("history", "/c/{commune}/history/{object_type}/{object_id}")
    config.add_route("modules", "/c/{commune}/modules")
    config.add_route("modules.module", "/c/{commune}/modules/{name}")
    config.add_route("apikeys", "/c/{commune}/apikeys")
    config.add_route("apikeys.revoke", "/c/{commune}/apikeys/{public_id}/revoke")
    config.add_route("outbox", "/c/{commune}/outbox")
    config.add_route("outbox.replay", "/c/{commune}/outbox/{public_id}/replay")
    config.add_route("public.commune", "/{commune}/")
    config.add_route("public.places", "/{commune}/places")
    config.add_route("public.area", "/{commune}/area")
    config.scan(".")
