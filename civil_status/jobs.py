"""Civil status jobs: seal the copies of paid requests that waited for a document signer."""

from __future__ import annotations

from pyramid.registry import Registry

from civil_status.services import requests
from municipality.jobs import for_each_commune


def issue_paid_copies(registry: Registry) -> list[int]:
    """In each commune, issue the paid requests' copies a missing signer held back."""
    return for_each_commune(
        registry,
        "civil_status",
        lambda session, _commune: requests.issue_waiting(session, registry),
    )
