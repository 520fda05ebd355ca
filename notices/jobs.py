"""The notice board's scheduled job: take expired notices down."""

from __future__ import annotations

import transaction as transaction_module
from pyramid.registry import Registry

from municipality.database import SESSION_FACTORY_KEY
from municipality.db import session_in_transaction, utcnow
from notices import services


def expire_notices(registry: Registry) -> int:
    """The scheduled job: one transaction for every commune's expired notices."""
    tm = transaction_module.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(registry[SESSION_FACTORY_KEY], tm)
        return services.expire_due(session, utcnow().date())
