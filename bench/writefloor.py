"""The least a filing can cost: a bare Pyramid view writing the same rows by hand.

``python -m bench.serve write-floor --url DB`` serves one view at the Open311 path that
takes the same form and, in one transaction on a connection its thread keeps, inserts
the complaint and the outbox message, then locks the commune's audit head (last, so that
concurrent filings wait on it as briefly as they can), inserts the audit event chained
to it, moves the head and commits. Those are the rows Baladiya's filing writes, written
through the driver alone: no ORM, no validation, no tenancy checks, no session, no access
log. It answers the new id and tracking code in JSON.

The bare floor says what Pyramid alone can do; this one says what Pyramid, the driver
and the database can do when every request commits its own writes on this machine. The
difference between it and Baladiya is the application's own cost.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response

PATH = "/open311/v2/requests.json"
CATEGORY = "voirie"
CHAIN = "commune:{commune}"
_NAMED = re.compile(r":(\w+)")

INSERT_COMPLAINT = """
INSERT INTO complaints (commune_id, public_id, tracking_code, kind, channel, category_id,
    description, latitude, longitude, reporter_email, state, outside_area,
    acknowledge_due_at, resolve_due_at, created_at, updated_at)
VALUES (:commune, :public_id, :code, 'complaint', 'api', :category, :description,
    :lat, :long, :email, 'received', false, :acknowledge, :resolve, :now, :now)
"""
LOCK_HEAD = "SELECT seq, hash FROM audit_heads WHERE chain = :chain"
INSERT_EVENT = """
INSERT INTO audit_events (chain, commune_id, seq, actor, action, object_type, object_id,
    changes, occurred_at, prev_hash, hash)
VALUES (:chain, :commune, :seq, 'api', :action, 'complaint',
    :object_id, :changes, :now, :prev_hash, :hash)
"""
MOVE_HEAD = "UPDATE audit_heads SET seq = :seq, hash = :hash WHERE chain = :chain"
INSERT_MESSAGE = """
INSERT INTO outbox (public_id, commune_id, destination, payload, idempotency_key, state,
    attempts, next_attempt_at, created_at)
VALUES (:message_id, :commune, 'messages', :payload, :key, 'pending', 0, :now, :now)
"""


def _psycopg(sql: str) -> str:
    """``:name`` placeholders as psycopg writes them."""
    return _NAMED.sub(r"%(\1)s", sql)


class Writer:
    """One connection per server thread, and the five statements of a filing."""

    def __init__(self, url: str, commune: str, category: str) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite")
        self._local = threading.local()
        cursor = self.connection().cursor()
        cursor.execute(self._sql("SELECT id FROM communes WHERE slug = :slug"), {"slug": commune})
        (self.commune_id,) = cursor.fetchone()
        cursor.execute(
            self._sql(
                "SELECT id FROM complaint_categories WHERE commune_id = :commune AND code = :code"
            ),
            {"commune": self.commune_id, "code": category},
        )
        (self.category_id,) = cursor.fetchone()
        self.chain = CHAIN.format(commune=self.commune_id)

    def _sql(self, sql: str) -> str:
        return sql if self.sqlite else _psycopg(sql)

    def connection(self) -> Any:
        found = getattr(self._local, "connection", None)
        if found is None:
            if self.sqlite:
                path = self.url.removeprefix("sqlite:///")
                found = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
                found.execute("PRAGMA busy_timeout=10000")
            else:
                found = psycopg.connect(self.url, autocommit=True)
            self._local.connection = found
        return found

    def file(self, form: Any) -> dict[str, str]:
        now = datetime.now(UTC)
        public_id, code = uuid.uuid4(), secrets.token_hex(6).upper()
        values: dict[str, Any] = {
            "commune": self.commune_id,
            "category": self.category_id,
            "public_id": str(public_id) if self.sqlite else public_id,
            "code": code,
            "description": form["description"],
            "lat": float(form["lat"]),
            "long": float(form["long"]),
            "email": form["email"],
            "acknowledge": now + timedelta(hours=48),
            "resolve": now + timedelta(days=30),
            "now": now,
            "chain": self.chain,
            "action": "complaints:request:received",
            "object_id": str(public_id),
            "changes": json.dumps({"description": [None, form["description"]]}),
            "message_id": str(uuid.uuid4()) if self.sqlite else uuid.uuid4(),
            "payload": json.dumps({"channel": "email", "to": form["email"]}),
            "key": f"complaints:{public_id}:email",
        }
        connection = self.connection()
        cursor = connection.cursor()
        cursor.execute("BEGIN IMMEDIATE" if self.sqlite else "BEGIN")
        try:
            cursor.execute(self._sql(INSERT_COMPLAINT), values)
            cursor.execute(self._sql(INSERT_MESSAGE), values)
            lock = LOCK_HEAD if self.sqlite else LOCK_HEAD + " FOR UPDATE"
            cursor.execute(self._sql(lock), values)
            seq, prev_hash = cursor.fetchone()
            document = json.dumps(
                {"seq": seq + 1, "prev_hash": prev_hash, "object_id": str(public_id)},
                sort_keys=True,
            )
            values.update(
                seq=seq + 1, prev_hash=prev_hash, hash=hashlib.sha256(document.encode()).hexdigest()
            )
            cursor.execute(self._sql(INSERT_EVENT), values)
            cursor.execute(self._sql(MOVE_HEAD), values)
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        return {"service_request_id": str(public_id), "token": code}


def write_floor_app(url: str, commune: str, category: str = CATEGORY) -> Any:
    """The bare view that files through :class:`Writer`."""
    writer = Writer(url.replace("postgresql+psycopg://", "postgresql://"), commune, category)

    def file_request(request: Request) -> Response:
        body = json.dumps([writer.file(request.POST)])
        return Response(body, content_type="application/json", charset="utf-8")

    with Configurator() as config:
        config.add_route("write-floor", PATH)
        config.add_view(file_request, route_name="write-floor", request_method="POST")
        return config.make_wsgi_app()
