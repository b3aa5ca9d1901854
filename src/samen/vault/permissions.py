"""Who may export what the organisation holds on a person. One predicate per question."""

from __future__ import annotations

from samen.accounts.models import Role


def can_handle_subject_access(user) -> bool:
    """The privacy officer of an organisation answers access requests for what that organisation holds."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.organisation_id
        and user.has_role(Role.PRIVACY_OFFICER)
    )
