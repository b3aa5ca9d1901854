"""Who may see the phenomenon picture and who may record interventions. One predicate per question."""

from __future__ import annotations

from samen.accounts.models import Role
from samen.privacy import policy


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_view_insights(user) -> bool:
    """The access policy decides (`VIEW_AGGREGATES`: analysts, coordinators, table members, the
    national administrator). Insights only ever shows suppressed counts; no page here shows a signal
    or a person.
    """
    return policy.may(user, policy.Action.VIEW_AGGREGATES)


def can_manage_interventions(user) -> bool:
    """Coordinators and the national administrator record the interventions the waterbed page tests."""
    return _active(user) and (user.has_role(Role.COORDINATOR) or user.has_role(Role.NATIONAL_ADMIN))
