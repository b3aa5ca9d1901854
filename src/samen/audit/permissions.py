"""Who may read the audit log. One predicate per question."""

from __future__ import annotations

PRIVACY_OFFICER = "privacy_officer"  # samen.accounts.models.Role.PRIVACY_OFFICER; audit imports no domain app


def can_search_audit_log(user) -> bool:
    """Privacy officers (FG/auditor) search the log; what they look at is logged as well."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_role(PRIVACY_OFFICER))
