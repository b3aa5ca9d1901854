"""Who may do what in intake. One predicate per question."""

from __future__ import annotations

from typing import Any

from samen.accounts.models import Role
from samen.partners.permissions import can_edit_organisation
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


def can_manage_api_tokens(user: Any, organisation: Any) -> bool:
    """See an organisation's API tokens and revoke one: whoever may change the organisation, its own
    administrator and the national administrator, who may have to stop a leaked token."""
    return can_edit_organisation(user, organisation)


def can_create_api_token(user: Any, organisation: Any) -> bool:
    """Make a token that acts as the organisation: its own administrator only.

    The national administrator made one for any organisation and held a credential that reports
    and reads in that organisation's name (found in review).
    """
    return (
        can_manage_api_tokens(user, organisation)
        and user.has_role(Role.ORGANISATION_ADMIN)
        and user.organisation_id == organisation.pk
    )
