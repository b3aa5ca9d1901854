"""Who may do what in intake. One predicate per question."""

from __future__ import annotations

from typing import Any

from samen.privacy import policy
from samen.privacy.models import DataCategory, Purpose


def can_report_as_professional(user) -> bool:
    """Every signed-in, active professional may report, whatever their role."""
    return policy.may(user, policy.Action.REPORT)


def can_choose_channel(user) -> bool:
    """Intake officers enter signals on behalf of reporters who called, wrote or came by."""
    return policy.may(user, policy.Action.REPORT_ON_BEHALF)


def can_list_reported_signals(user) -> bool:
    """Professionals who work on records see their organisation's reported signals and status."""
    return policy.may(user, policy.Action.LIST_REPORTED)


def can_view_signal(user: Any, signal: Any) -> bool:
    """Owners, an organisation asked to take a track over, the reporting organisation, a table
    member under a sharing agreement in force, and a break-the-glass access (`samen.privacy.policy`).

    Asked here, below casework, so the professional's receipt can link to the signal page it opens.
    """
    return policy.may(user, policy.Action.VIEW, signal, category=DataCategory.STATUS, purpose=Purpose.CARE)
