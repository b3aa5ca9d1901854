"""Who may do what in intake. One predicate per question."""

from __future__ import annotations

from samen.privacy import policy


def can_report_as_professional(user) -> bool:
    """Every signed-in, active professional may report, whatever their role."""
    return policy.may(user, policy.Action.REPORT)


def can_choose_channel(user) -> bool:
    """Intake officers enter signals on behalf of reporters who called, wrote or came by."""
    return policy.may(user, policy.Action.REPORT_ON_BEHALF)
