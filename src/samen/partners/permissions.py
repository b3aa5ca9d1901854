"""Who may change the partner map. One predicate per question."""

from __future__ import annotations

from samen.accounts.models import Role
from samen.partners.models import Organisation


def can_edit_organisation(user, organisation: Organisation) -> bool:
    """The national administrator edits every organisation; an organisation administrator only their own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.has_role(Role.NATIONAL_ADMIN):
        return True
    return user.has_role(Role.ORGANISATION_ADMIN) and user.organisation_id == organisation.pk


def can_edit_organisation_scope(user) -> bool:
    """Type, coverage and active status say what the chain can rely on: only the national administrator."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_role(Role.NATIONAL_ADMIN))


def can_see_contact_points(user) -> bool:
    """Named contact points are for professionals; the public sees organisations and general numbers."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)
