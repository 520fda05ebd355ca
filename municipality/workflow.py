"""Workflows as tables: ``(state, action) -> (next state, who, requires, audit action, effects)``.

Views ask :meth:`Workflow.open_actions` what to offer; services call
:meth:`Workflow.run`, which moves the state, runs the transition's side effects and
records the audit event with its before/after diff, so a service holds no if/elif on
action names. An action that is not in the table for the current state is an
:class:`~municipality.errors.InvalidTransition`, never a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from municipality import audit
from municipality.errors import Forbidden, InvalidTransition, ValidationFailed
from municipality.i18n import _
from municipality.models import AuditEvent

Requirement = Callable[[Any, dict[str, Any]], str | None]
# A side effect of a transition: ``effect(session, obj, transition, data)``, run after the
# state moved and before the audit event, so what it changes on ``obj`` is in the diff.
Effect = Callable[[Session, Any, "Transition", dict[str, Any]], None]
Values = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Transition:
    """One row of the table; ``audit_action`` defaults to the workflow's prefix + next state."""

    state: str
    action: str
    next_state: str
    permission: str
    requires: Requirement | None = None
    audit_action: str | None = None
    effects: tuple[Effect, ...] = ()


def _state_only(obj: Any) -> dict[str, Any]:
    return {"state": obj.state}


class Workflow:
    """A finite set of transitions over one kind of object's ``state`` attribute.

    ``audit_prefix`` (``"notices:notice:"``) names the audit action of a transition that
    declares none; ``object_type`` is the audited object's type (the workflow's name by
    default) and ``values`` what the audit diff compares (the state by default).
    """

    def __init__(
        self,
        name: str,
        initial: str,
        transitions: Iterable[Transition],
        *,
        audit_prefix: str | None = None,
        object_type: str | None = None,
        values: Values = _state_only,
    ) -> None:
        self.name = name
        self.initial = initial
        self.audit_prefix = audit_prefix
        self.object_type = object_type or name
        self.values = values
        self.table: dict[tuple[str, str], Transition] = {}
        for t in transitions:
            if (t.state, t.action) in self.table:
                raise ValueError(f"{name}: {t.action} from {t.state} declared twice")
            self.table[(t.state, t.action)] = t

    @property
    def states(self) -> frozenset[str]:
        return frozenset(
            {self.initial}
            | {s for s, _ in self.table}
            | {t.next_state for t in self.table.values()}
        )

    def open_actions(self, state: str, permissions: frozenset[str]) -> list[Transition]:
        return [
            t for (s, _a), t in self.table.items() if s == state and t.permission in permissions
        ]

    def check(
        self, obj: Any, action: str, permissions: frozenset[str], data: dict[str, Any] | None = None
    ) -> Transition:
        """The transition ``action`` takes from ``obj``'s state, once table, permission and
        requirement allow it; raises before anything changes otherwise (see :meth:`run`)."""
        transition = self.table.get((obj.state, action))
        if transition is None:
            raise InvalidTransition(
                _(
                    "The action “${action}” is not possible while the ${object} is “${state}”.",
                    mapping={"action": action, "object": self.name, "state": obj.state},
                )
            )
        if transition.permission not in permissions:
            raise Forbidden(_("Your role may not do “${action}” here.", mapping={"action": action}))
        if transition.requires is not None:
            problem = transition.requires(obj, data or {})
            if problem:
                raise ValidationFailed(problem, {action: problem})
        return transition

    def audit_action(self, transition: Transition) -> str:
        if transition.audit_action is not None:
            return transition.audit_action
        if self.audit_prefix is None:
            raise ValueError(f"{self.name}: {transition.action} has no audit action")
        return f"{self.audit_prefix}{transition.next_state}"

    def run(
        self,
        session: Session,
        obj: Any,
        action: str,
        *,
        actor: str,
        permissions: frozenset[str],
        data: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """Move ``obj`` along ``action``, run the transition's effects, audit the change.

        Returns the audit event, for what must follow it (a notification keyed on it).
        """
        data = data or {}
        transition = self.check(obj, action, permissions, data)
        before = self.values(obj)
        obj.state = transition.next_state
        for effect in transition.effects:
            effect(session, obj, transition, data)
        return audit.write(
            session,
            obj,
            actor=actor,
            action=self.audit_action(transition),
            object_type=self.object_type,
            changes=audit.diff(before, self.values(obj)),
        )
