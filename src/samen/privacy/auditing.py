"""Writing privacy events to the append-only audit log (`samen.audit`).

Audit entries hold codes and numbers only: the stated reason of a break-the-glass access stays in
`BreakGlassAccess` for the privacy officer's review; the log holds who, what, which object, the
result and the processing activity.
"""

from __future__ import annotations

from typing import Any

from samen import audit as audit_log
from samen.audit.codes import CASEWORK, OVERSIGHT, ObjectType

# Privacy officers' work is supervision; everything else is done for the follow-up of signals.
_OVERSIGHT_ACTIONS = frozenset({"agreement_create", "agreement_change", "agreement_revoke", "break_glass_review"})
_ACTION_CODES = {
    "break_glass": "break_glass",
    "superuser_access": "read",
    "agreement_create": "write",
    "agreement_change": "write",
    "agreement_revoke": "write",
    "break_glass_review": "write",
}


def _object(obj: Any) -> tuple[str, str]:
    if obj is None:
        return ObjectType.PRIVACY, ""
    label = {
        "intake.Signal": ObjectType.SIGNAL,
        "privacy.SharingAgreement": ObjectType.SHARING_AGREEMENT,
        "privacy.BreakGlassAccess": ObjectType.BREAK_GLASS_ACCESS,
    }.get(obj._meta.label, obj._meta.model_name)
    return label, str(obj.pk)


def audit(
    *, actor, action: str, obj=None, result: str = "allowed", origin: str = "privacy", fields=(), purpose: str = ""
) -> None:
    """Record one privacy event (allowed or denied) in the audit log; raises if it cannot be written."""
    object_type, object_id = _object(obj)
    code = _ACTION_CODES.get(action, "read")
    if result == "denied":
        code = "denied"
    activity = OVERSIGHT if action in _OVERSIGHT_ACTIONS else CASEWORK
    audit_log.record(
        actor=actor,
        action=code,
        object_type=object_type,
        object_id=object_id,
        fields=list(fields),
        activity=activity,
        purpose=purpose or activity[0],
        result="denied" if result == "denied" else "allowed",
        origin=f"privacy.{action}"[:120] if origin == "privacy" else origin,
    )


def legal_basis_of(decision: Any) -> str:
    """The legal basis an allowed access rests on, for its audit entry; "" for the activity's own.

    Access through a sharing agreement rests on the agreement's AVG article and, where police or
    justice data are shared, its Wpg/Wjsg ground: those go into the entry, not a fixed text.
    """
    agreement = getattr(decision, "agreement", None)
    if not getattr(decision, "allowed", False) or agreement is None:
        return ""
    basis = f"AVG {agreement.avg_basis}"
    return f"{basis}, {agreement.sector_basis}" if agreement.sector_basis else basis
