"""Complaints in any state, filed and moved along the workflow as staff would."""

from __future__ import annotations

from complaints.permissions import Perm
from complaints.services import categories, filing, handling

EVERYTHING = frozenset(Perm)
# How to bring a fresh complaint into each state, along the table's own actions.
PATHS = {
    "received": (),
    "acknowledged": ("acknowledge",),
    "assigned": ("acknowledge", "assign"),
    "in_progress": ("acknowledge", "assign", "start"),
    "resolved": ("acknowledge", "assign", "start", "resolve"),
    "closed": ("acknowledge", "assign", "start", "resolve", "close"),
    "rejected": ("reject",),
}


def file_one(session, commune, **data):
    """A complaint in the commune's first category, filed anonymously on the web."""
    category = categories.categories(session)[0]
    return filing.file_complaint(
        session,
        actor="public",
        commune=commune,
        data={
            "category": str(category.public_id),
            "description": "Nid-de-poule devant l'école",
            "address": "Avenue Hassan II",
            **data,
        },
    )


def bring(session, complaint, state):
    """Move ``complaint`` from "received" to ``state`` along :data:`PATHS`."""
    for action in PATHS[state]:
        handling.act(
            session,
            actor="agent@sale.test",
            complaint=complaint,
            action=action,
            permissions=EVERYTHING,
            data={"reason": "Hors compétence de la commune"},
        )
