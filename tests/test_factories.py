"""Every mapped class has a factory in ``tests.factories`` that makes a row of it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import inspect

from municipality.metadata import load_metadata
from municipality.models import Base
from tests import factories

# Classes whose factories arrive with their package's own rework; their names are kept
# here so the check names them the day they are still missing.
PENDING: dict[str, str] = {}


def factory_name(cls: type) -> str:
    """``ZoningPlan`` -> ``zoning_plan``: where the factory of a class is found."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def _path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__name__}"


def _mapped() -> list[type]:
    load_metadata()
    return sorted((m.class_ for m in Base.registry.mappers), key=_path)


def _factory(cls: type) -> Callable[..., Any] | None:
    return getattr(factories, factory_name(cls), None)


def test_every_mapped_class_has_a_factory_or_a_reason() -> None:
    missing = [_path(c) for c in _mapped() if _factory(c) is None and _path(c) not in PENDING]
    assert missing == []


def test_the_pending_list_holds_only_classes_still_without_a_factory() -> None:
    mapped = {_path(c): c for c in _mapped()}
    stale = [p for p in PENDING if p not in mapped or _factory(mapped[p]) is not None]
    assert stale == []


@pytest.mark.parametrize("cls", [c for c in _mapped() if _factory(c) is not None], ids=_path)
def test_a_factory_makes_a_stored_row_of_its_class(db, cls: type) -> None:
    factory = _factory(cls)
    assert factory is not None
    with db() as session:
        row = factory(session)
        assert type(row) is cls
        state = inspect(row)
        assert state.persistent, f"{factory_name(cls)} returned a row that is not stored"
        session.expire(row)
        assert session.get(cls, state.identity) is row
