"""Who may see the phenomenon picture and who may record interventions. One predicate per question."""

from __future__ import annotations

from samen.accounts.models import Role

INSIGHT_ROLES = (Role.ANALYST, Role.COORDINATOR, Role.TABLE_MEMBER, Role.NATIONAL_ADMIN)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_view_insights(user) -> bool:
    """Analysts, coordinators, table members and the national administrator see the aggregates.

    Insights only ever shows suppressed counts; no page here shows a signal or a person.
    """
    return _active(user) and any(user.has_role(role) for role in INSIGHT_ROLES)


def can_manage_interventions(user) -> bool:
    """Coordinators and the national administrator record the interventions the waterbed page tests."""
    return _active(user) and (user.has_role(Role.COORDINATOR) or user.has_role(Role.NATIONAL_ADMIN))
