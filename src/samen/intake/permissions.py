"""Who may do what in intake. One predicate per question."""

from __future__ import annotations

from samen.accounts.models import Role


def can_report_as_professional(user) -> bool:
    """Every signed-in, active professional may report, whatever their role."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_choose_channel(user) -> bool:
    """Intake officers enter signals on behalf of reporters who called, wrote or came by."""
    return can_report_as_professional(user) and user.has_role(Role.INTAKE_OFFICER)
