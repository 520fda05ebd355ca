"""Finding an object by its public id, the one way every module does it."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality.errors import NotFound
from municipality.i18n import _

T = TypeVar("T")


def by_public_id(
    session: Session, model: type[T], public_id: str | uuid.UUID, message: Any = None
) -> T:
    """The object with this public id in the session's commune, or :class:`NotFound`.

    A malformed id and an id of another commune answer exactly like a missing one.
    """
    missing = NotFound(message or _("This item does not exist here."))
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError as exc:
        raise missing from exc
    found = session.execute(
        select(model).where(model.public_id == key)  # type: ignore[attr-defined]
    ).scalar_one_or_none()
    if found is None:
        raise missing
    return found
