"""Categories of complaints, the department handling each, and their service-level targets.

No target may exceed the legal ceiling of the commune's country; a category is withdrawn
from the forms by deactivating it, never deleted, so its complaints keep it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.models import Category
from municipality import audit
from municipality.errors import Conflict, ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune

# The longest a commune may take to answer, in days, where the law of its country says.
# Morocco: law 54-19 (public-services charter) and its complaints decree, 60 days.
LEGAL_CEILING_DAYS = {"MA": 60}
CATEGORY_FIELDS = ("code", "name_fr", "name_ar", "department")
TARGET_FIELDS = ("hours_to_acknowledge", "days_to_resolve")


def legal_ceiling(commune: Commune) -> int | None:
    """The legal maximum time to resolve, in days, for the commune's country (if any)."""
    return LEGAL_CEILING_DAYS.get(commune.country_profile)


def _editable(category: Category) -> dict[str, Any]:
    """The fields a commune edits, as the audit trail compares them."""
    return {f: getattr(category, f) for f in (*CATEGORY_FIELDS, *TARGET_FIELDS)}


def _check_category(commune: Commune, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for field in CATEGORY_FIELDS:
        value = str(data.get(field) or "").strip()
        if not value:
            errors[field] = "required"
        clean[field] = value
    for field in TARGET_FIELDS:
        target = data.get(field)
        if not isinstance(target, int) or isinstance(target, bool) or target < 1:
            errors[field] = "a whole number of at least 1"
        clean[field] = target
    ceiling = legal_ceiling(commune)
    days = clean["days_to_resolve"]
    if ceiling is not None and "days_to_resolve" not in errors and days > ceiling:
        message = _(
            "The time to resolve may not exceed the legal ceiling of ${days} days.",
            mapping={"days": ceiling},
        )
        raise ValidationFailed(message, {"days_to_resolve": f"at most {ceiling} days"})
    if errors:
        raise ValidationFailed(_("The category is not complete."), errors)
    return clean


def _check_code_free(
    session: Session, commune: Commune, code: str, category: Category | None = None
) -> None:
    """Codes name categories in Open311 and the statistics: one per code in a commune."""
    clash = session.execute(
        select(Category).where(Category.commune_id == commune.id, Category.code == code)
    ).scalar_one_or_none()
    if clash is not None and clash is not category:
        raise Conflict(_("Another category already has the code ${code}.", mapping={"code": code}))


def create_category(
    session: Session, *, actor: str, commune: Commune, data: dict[str, Any]
) -> Category:
    clean = _check_category(commune, data)
    _check_code_free(session, commune, clean["code"])
    category = Category(commune_id=commune.id, **clean)
    audit.write(
        session,
        category,
        actor=actor,
        action="complaints:category:created",
        object_type="complaint_category",
        changes=audit.diff({}, clean),
    )
    return category


def update_category(
    session: Session, *, actor: str, commune: Commune, category: Category, data: dict[str, Any]
) -> Category:
    clean = _check_category(commune, {**_editable(category), **data})
    _check_code_free(session, commune, clean["code"], category)
    with audit.tracked(
        session,
        category,
        actor=actor,
        action="complaints:category:updated",
        object_type="complaint_category",
        values=_editable,
    ):
        for field, value in clean.items():
            setattr(category, field, value)
    return category


def set_category_active(
    session: Session, *, actor: str, category: Category, active: bool
) -> Category:
    """Withdraw a category from the forms (its complaints keep it), or offer it again."""
    if category.active != active:
        with audit.tracked(
            session,
            category,
            actor=actor,
            action="complaints:category:" + ("activated" if active else "deactivated"),
            object_type="complaint_category",
            values=lambda c: {"active": c.active},
        ):
            category.active = active
    return category


def categories(session: Session, *, include_inactive: bool = False) -> list[Category]:
    """The session's commune's categories (only the active ones unless asked), by code."""
    stmt = select(Category).order_by(Category.code)
    if not include_inactive:
        stmt = stmt.where(Category.active.is_(True))
    return list(session.execute(stmt).scalars())


def get_category(session: Session, public_id: str | uuid.UUID) -> Category:
    return by_public_id(session, Category, public_id, _("This category does not exist here."))


def active_by_code(session: Session, code: str) -> Category | None:
    """The active category of the session's commune with this code (Open311's service code)."""
    stmt = select(Category).where(Category.code == code, Category.active.is_(True))
    return session.execute(stmt).scalar_one_or_none()
