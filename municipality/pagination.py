"""Pages of results: every list is paginated, with a bounded page size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pyramid.request import Request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def _positive(raw: str | None, default: int, ceiling: int) -> int:
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        return default
    return min(max(value, 1), ceiling)


def _asked(request: Request) -> tuple[int, int]:
    """The page size and number the request asks for (``?size=``, ``?page=``), bounded."""
    size = _positive(request.params.get("size"), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    return size, _positive(request.params.get("page"), 1, 1_000_000)


def paginate(request: Request, session: Session, stmt: Select[Any]) -> Page:
    """Run ``stmt`` for the page the request asks for (``?page=``, ``?size=``)."""
    size, number = _asked(request)
    total = session.execute(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()
    items = list(session.execute(stmt.limit(size).offset((number - 1) * size)).scalars())
    return Page(items=items, number=number, size=size, total=total)


def page_of(request: Request, items: Sequence[Any]) -> Page:
    """The page the request asks for of a list already in memory (one whose lines are
    worked out together, such as a campaign's board)."""
    size, number = _asked(request)
    start = (number - 1) * size
    return Page(items=list(items[start : start + size]), number=number, size=size, total=len(items))
