"""The audit log. Call `audit.record(...)` for every read, search, export and write of personal data.

    from samen import audit
    audit.record(actor=request.user, action=audit.Action.READ, object_type=audit.ObjectType.SIGNAL,
                 object_id=signal.pk, fields=["signal"], activity=audit.CASEWORK, origin="casework.signal_detail")

Object types and field categories are codes of `audit.ObjectType` and `audit.FieldCategory`: the
log's page shows their labels, and a code missing there as it is.

`record` raises `AuditUnavailable` when the entry cannot be written; the middleware turns that
into a 503 page with no data.
"""

from __future__ import annotations

from typing import Any

from samen.audit.codes import (
    ADMINISTRATION,
    CASEWORK,
    INTAKE,
    OVERSIGHT,
    PARTNER_MAP,
    RETENTION,
    SIGNAL_TABLE,
    SUBJECT_ACCESS,
    Action,
    AuditUnavailable,
    FieldCategory,
    ObjectType,
    Result,
)

__all__ = [
    "ADMINISTRATION",
    "CASEWORK",
    "INTAKE",
    "OVERSIGHT",
    "PARTNER_MAP",
    "RETENTION",
    "SIGNAL_TABLE",
    "SUBJECT_ACCESS",
    "Action",
    "AuditUnavailable",
    "FieldCategory",
    "ObjectType",
    "Result",
    "append_entries",
    "build_entries",
    "lock_head",
    "record",
    "record_many",
    "record_refusal",
]


def record(**kwargs: Any) -> Any:
    """Write one audit entry; see `samen.audit.services.record` for the keyword arguments."""
    from samen.audit.services import record as _record

    return _record(**kwargs)


def record_many(**kwargs: Any) -> Any:
    """One entry per object in `object_ids`, appended at once; see `samen.audit.services.record_many`."""
    from samen.audit.services import record_many as _record_many

    return _record_many(**kwargs)


def build_entries(**kwargs: Any) -> Any:
    """Checked, unsaved entries for `append_entries`; see `samen.audit.services.build_entries`."""
    from samen.audit.services import build_entries as _build_entries

    return _build_entries(**kwargs)


def append_entries(entries: Any, *, head: Any = None) -> None:
    """Append entries of one or several actors in one go; see `samen.audit.services.append_entries`."""
    from samen.audit.services import append_entries as _append_entries

    _append_entries(entries, head=head)


def lock_head() -> Any:
    """Begin to take the chain's head in the current transaction; see `samen.audit.services.lock_head`."""
    from samen.audit.services import lock_head as _lock_head

    return _lock_head()


def record_refusal(*, actor: Any, **kwargs: Any) -> None:
    """Log a refused attempt by a logged-in user (anonymous visitors are sent to the login page)."""
    if getattr(actor, "is_authenticated", False):
        record(actor=actor, result=Result.DENIED, **kwargs)
