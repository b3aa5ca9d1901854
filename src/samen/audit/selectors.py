"""Reads of the audit log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from samen.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    organisation_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_entries(criteria: AuditFilter) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if criteria.user_id is not None:
        entries = entries.filter(actor_id=criteria.user_id, actor_label__startswith="user:")
    if criteria.organisation_id is not None:
        entries = entries.filter(organisation_id=criteria.organisation_id)
    if criteria.object_type:
        entries = entries.filter(object_type=criteria.object_type)
    if criteria.object_id:
        entries = entries.filter(object_id=criteria.object_id)
    if criteria.action:
        entries = entries.filter(action=criteria.action)
    if criteria.since:
        entries = entries.filter(occurred_at__date__gte=criteria.since)
    if criteria.until:
        entries = entries.filter(occurred_at__date__lte=criteria.until)
    return entries.order_by("-seq")


def accesses_to(object_type: str, object_ids: list[str]) -> QuerySet[AuditEntry]:
    """Every logged look at these objects, newest first (for a subject-access export)."""
    return AuditEntry.objects.filter(object_type=object_type, object_id__in=object_ids).order_by("-seq")
