"""Where the providers are and how they call us back, read once from the settings.

Each commune is its own merchant at every provider (its slug is the merchant id), so
statements and callbacks never mix two communes' money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from pyramid.registry import Registry

from municipality.i18n import _
from payments.adapters import ADAPTERS, Adapter, Connection

GATEWAY_KEY = "baladiya.payments.gateway"
PROVIDERS = tuple(ADAPTERS)
# How pages and receipts name each way of paying.
PROVIDER_NAMES = {
    "gsma": _("Mobile money"),
    "orange": _("Orange Money"),
    "card": _("Bank card"),
    "cash": _("Cash at the counter"),
}


@dataclass(frozen=True)
class Gateway:
    """The providers' address and shared secret, and our public address for callbacks.

    One HTTP client (a pool of kept-alive connections) serves every call of the process.
    """

    base_url: str
    secret: str
    public_url: str
    timeout: float = 10.0
    client: httpx.Client = field(default_factory=httpx.Client, compare=False, repr=False)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Gateway:
        return cls(
            base_url=str(settings["baladiya.payments.provider_url"]).rstrip("/"),
            secret=str(settings["baladiya.payments.secret"]),
            public_url=str(settings["baladiya.core.public_url"]).rstrip("/"),
            timeout=float(settings["baladiya.payments.timeout_ms"]) / 1000,
        )

    def adapter(self, commune_slug: str, provider: str) -> Adapter:
        """The adapter of ``provider``, connected as the commune's merchant."""
        connection = Connection(
            self.base_url, commune_slug, self.secret, client=self.client, timeout=self.timeout
        )
        return ADAPTERS[provider](connection)

    def close(self) -> None:
        """Close the kept-alive connections (the application's end, a test's)."""
        self.client.close()

    def callback_url(self, commune_slug: str, provider: str) -> str:
        return f"{self.public_url}/payments/callbacks/{provider}/{commune_slug}"

    def return_url(self, commune_slug: str, public_id: object) -> str:
        return f"{self.public_url}/{commune_slug}/payments/{public_id}"


def gateway(registry: Registry) -> Gateway:
    found: Gateway = registry[GATEWAY_KEY]
    return found
