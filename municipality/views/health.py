"""``/healthz``: is the database reachable, and is this process's scheduler active."""

from __future__ import annotations

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from municipality.database import get_engine
from municipality.db import backend_name
from municipality.scheduler import scheduler_state


@view_config(route_name="healthz", renderer="json")
def healthz(request: Request) -> dict[str, str] | Response:
    engine = get_engine(request)
    body = {"database": backend_name(engine), "scheduler": scheduler_state(request.registry)}
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        request.response.status = 503
        return {**body, "status": "unavailable"}
    return {**body, "status": "ok"}
