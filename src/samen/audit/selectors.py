"""Reads of the audit log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from samen.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    organisation_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    # Days in the time zone the times are shown in (TIME_ZONE, Dutch time), both included.
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
    # The first and the last day a date can hold bound nothing, and their midnights in UTC fall
    # outside the dates Python can hold: a 500 for "until 31-12-9999".
    if criteria.since and criteria.since > datetime.date.min:
        entries = entries.filter(occurred_at__gte=_start_of(criteria.since))
    if criteria.until and criteria.until < datetime.date.max:
        entries = entries.filter(occurred_at__lt=_start_of(criteria.until + datetime.timedelta(days=1)))
    return entries.order_by("-seq")


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of this day in the time zone the page shows times in (Dutch time).

    Stored times are UTC; a day in the search is a Dutch day, like the times in the table, so an
    entry at 23:30 UTC on 1 March (00:30 on 2 March in Amsterdam) is found under 2 March. A range on
    the column itself also lets the database use its index.
    """
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def accesses_to(object_type: str, object_ids: list[str]) -> QuerySet[AuditEntry]:
    """Every logged look at these objects, newest first (for a subject-access export)."""
    return AuditEntry.objects.filter(object_type=object_type, object_id__in=object_ids).order_by("-seq")


def api_tokens_last_used(token_ids: list[int]) -> dict[int, datetime.datetime]:
    """When each API token last submitted or read a signal: its newest entry in the log.

    The log already has one entry per API call that touches a signal, so "last used" costs the API
    nothing; a column on the token would cost a write per call. One query for any number of tokens:
    the rows numbered by one short subquery per token, each the newest row of that actor, read from
    the end of the index on (actor label, seq). By the actor's id and row number instead, PostgreSQL
    walked the whole log backwards for a token never used (found in review); the newest row per
    label by grouping would read every row of a much-used token.
    """
    newest = [
        Subquery(AuditEntry.objects.filter(actor_label=_token_label(pk)).order_by("-seq").values("seq")[:1])
        for pk in token_ids
    ]
    if not newest:
        return {}
    labels = {_token_label(pk): pk for pk in token_ids}
    rows = AuditEntry.objects.filter(seq__in=newest).order_by().values_list("actor_label", "occurred_at")
    return {labels[label]: occurred_at for label, occurred_at in rows}


def _token_label(pk: int) -> str:
    return f"api-token:{pk}"
