"""Looking objects up by public id: malformed, missing and foreign ids look the same."""

from __future__ import annotations

import uuid

import pytest

from municipality.db import set_commune_scope
from municipality.errors import NotFound
from municipality.lookup import by_public_id
from notices import services
from notices.models import Notice
from tests import factories


def test_malformed_missing_and_foreign_ids_are_not_found(db):
    with db() as session:
        mine = factories.commune(session, slug="sale")
        other = factories.commune(session, slug="temara")
        theirs = services.publish(
            session,
            actor="t",
            commune=other,
            data={"title": "Avis", "body": "Texte", "language": "fr"},
        )
        foreign_id = theirs.public_id
    with db() as session:
        set_commune_scope(session, mine.id)
        for candidate in ("not-a-uuid", str(uuid.uuid4()), foreign_id):
            with pytest.raises(NotFound):
                by_public_id(session, Notice, candidate)
        set_commune_scope(session, other.id)
        assert by_public_id(session, Notice, str(foreign_id)).title == "Avis"
