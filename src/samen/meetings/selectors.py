"""Reads of the signal tables, each with its access check (404 for a table you do not sit at)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.casework.models import SignalTrack, TrackAction
from samen.intake.models import SignalPerson
from samen.meetings import permissions
from samen.meetings.models import AgendaItem, ItemAction, Meeting, MeetingStatus, SignalTable, TableDecision


def tables_for_user(user: Any) -> QuerySet[SignalTable]:
    """Active tables at which the user's organisation sits, when the user holds a seated role."""
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return SignalTable.objects.none()
    if not any(user.has_role(role) for role in permissions.SEATED_ROLES):
        return SignalTable.objects.none()
    return (
        SignalTable.objects.filter(members=user.organisation_id, is_active=True)
        .select_related("region", "chair")
        .prefetch_related("members")
        .distinct()
    )


def table_get_for_user(user: Any, slug: str) -> SignalTable:
    table = SignalTable.objects.select_related("region", "chair").prefetch_related("members").filter(slug=slug).first()
    if table is None or not permissions.can_view_table(user, table):
        raise Http404(_("There is no table at this address that you sit at."))
    return table


def meeting_get_for_user(user: Any, table_slug: str, pk: int) -> Meeting:
    table = table_get_for_user(user, table_slug)
    meeting = Meeting.objects.filter(table=table, pk=pk).first()
    if meeting is None:
        raise Http404(_("There is no meeting at this address."))
    meeting.table = table
    return meeting


def meetings_of(table: SignalTable) -> tuple[list[Meeting], list[Meeting]]:
    """Upcoming (planned, soonest first) and past (held, latest first) meetings."""
    meetings = list(table.meetings.all())
    upcoming = [m for m in meetings if m.status == MeetingStatus.PLANNED]
    past = sorted((m for m in meetings if m.status == MeetingStatus.HELD), key=lambda m: m.starts_at, reverse=True)
    return upcoming, past


def next_meeting(table: SignalTable) -> Meeting | None:
    return table.meetings.filter(status=MeetingStatus.PLANNED).order_by("starts_at", "pk").first()


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The agenda with everything the meeting page shows, in a fixed number of queries."""
    return list(
        meeting.items.select_related("signal__municipality")
        .prefetch_related(
            "signal__forms",
            Prefetch("signal__persons", queryset=SignalPerson.objects.order_by("position")),
            Prefetch("signal__tracks", queryset=SignalTrack.objects.select_related("owner").order_by("kind")),
            Prefetch("decisions", queryset=TableDecision.objects.select_related("recorded_by", "organisation")),
            Prefetch(
                "item_actions",
                queryset=ItemAction.objects.select_related("action__organisation", "action__owner", "action__track"),
            ),
        )
        .order_by("position", "pk")
    )


def open_actions_from_earlier(meeting: Meeting) -> dict[int, list[TrackAction]]:
    """Signal id → actions agreed at earlier meetings of the table that are not done yet."""
    rows = (
        ItemAction.objects.filter(item__meeting__table_id=meeting.table_id, action__done_at__isnull=True)
        .exclude(item__meeting=meeting)
        .filter(item__meeting__starts_at__lt=meeting.starts_at)
        .select_related("action__organisation", "action__owner", "action__track", "item")
    )
    result: dict[int, list[TrackAction]] = {}
    for row in rows:
        result.setdefault(row.item.signal_id, []).append(row.action)
    return result


def is_overdue(action: TrackAction) -> bool:
    return bool(action.due_on and action.done_at is None and action.due_on < timezone.localdate())
