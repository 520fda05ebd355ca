"""Workflows as tables: ``(state, action) -> (next state, permission, requirement)``.

Views ask :meth:`Workflow.open_actions` what to offer, services call
:meth:`Workflow.apply`; an action that is not in the table for the current state is an
:class:`~municipality.errors.InvalidTransition`, never a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from municipality.errors import Forbidden, InvalidTransition, ValidationFailed
from municipality.i18n import _

Requirement = Callable[[Any, dict[str, Any]], str | None]


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    next_state: str
    permission: str
    requires: Requirement | None = None


class Workflow:
    """A finite set of transitions over one kind of object's ``state`` attribute."""

    def __init__(self, name: str, initial: str, transitions: Iterable[Transition]) -> None:
        self.name = name
        self.initial = initial
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

    def apply(
        self, obj: Any, action: str, permissions: frozenset[str], data: dict[str, Any] | None = None
    ) -> Transition:
        """Move ``obj`` along ``action`` once the table, permission and requirement allow it."""
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
        obj.state = transition.next_state
        return transition
