"""Writes of the signal tables. One service = one transaction.

Decisions and actions of the table land on the casework tracks through casework's own services
(`track_decision_record`, `action_add`), so they appear on the track's timeline and in the
owner's action list; this app never writes casework tables itself.

For the linkage service: `agenda_add_possible_link(table=..., signal_a=..., signal_b=..., note=...)`.
A signal comes on an agenda when an owner flags a track (casework) and the worker refreshes the
agendas (`agendas_refresh`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samen.accounts.models import User
from samen.casework import services as casework_services
from samen.casework.models import SignalTrack
from samen.geo.models import Region
from samen.intake.models import Signal
from samen.meetings import agenda
from samen.meetings.models import (
    AgendaItem,
    ItemAction,
    Meeting,
    MeetingStatus,
    PossibleLink,
    SignalTable,
    TableDecision,
)
from samen.partners.models import Organisation


def _user(actor: Any) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def table_create(
    *,
    name: str,
    region: Region,
    members: Iterable[Organisation],
    chair: Organisation | None = None,
    cadence_days: int = 21,
    slug: str = "",
) -> SignalTable:
    table = SignalTable.objects.create(
        name=name, slug=slug or slugify(name)[:120], region=region, chair=chair, cadence_days=cadence_days
    )
    table.members.set(list(members))
    return table


@transaction.atomic
def meeting_plan(
    *, table: SignalTable, starts_at: datetime.datetime, place: str = "online", actor: Any = None
) -> Meeting:
    """Plan a meeting and build its agenda at once."""
    meeting = Meeting.objects.create(table=table, starts_at=starts_at, place=place.strip() or "online")
    agenda_build(meeting=meeting)
    return meeting


@transaction.atomic
def agenda_build(*, meeting: Meeting, today: datetime.date | None = None) -> list[AgendaItem]:
    """(Re)build the agenda of a planned meeting from the signals that need a joint decision.

    Idempotent: run it as often as you like until the meeting is held. An item that no longer
    qualifies disappears, unless the table already recorded a decision or action on it.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("table__region").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The agenda of a meeting that was held cannot change."))
    found = agenda.candidates(meeting.table, meeting=meeting, today=today or timezone.localdate())
    existing = {item.signal_id: item for item in meeting.items.all()}
    worked_on = set(
        TableDecision.objects.filter(item__meeting=meeting).values_list("item__signal_id", flat=True)
    ) | set(ItemAction.objects.filter(item__meeting=meeting).values_list("item__signal_id", flat=True))
    stale = [item.pk for sid, item in existing.items() if sid not in found and sid not in worked_on]
    AgendaItem.objects.filter(pk__in=stale).delete()
    ordered = sorted(found.items(), key=lambda pair: agenda.sort_key(*pair))
    kept = [existing[sid] for sid in existing if sid not in found and sid in worked_on]
    items = []
    for position, (signal_id, reasons) in enumerate(ordered, start=1):
        item = existing.get(signal_id)
        if item is None:
            item = AgendaItem.objects.create(meeting=meeting, signal_id=signal_id, reasons=reasons, position=position)
        elif item.reasons != reasons or item.position != position:
            item.reasons, item.position = reasons, position
            item.save(update_fields=["reasons", "position"])
        items.append(item)
    for offset, item in enumerate(kept, start=len(items) + 1):
        if item.position != offset:
            item.position = offset
            item.save(update_fields=["position"])
        items.append(item)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_built_at=timezone.now())
    return items


def agendas_refresh() -> int:
    """Rebuild the agenda of the next planned meeting of every active table. Returns the meetings rebuilt."""
    count = 0
    for table in SignalTable.objects.filter(is_active=True):
        meeting = table.meetings.filter(status=MeetingStatus.PLANNED).order_by("starts_at", "pk").first()
        if meeting is not None:
            agenda_build(meeting=meeting)
            count += 1
    return count


@transaction.atomic
def agenda_add_possible_link(*, table: SignalTable, signal_a: Signal, signal_b: Signal, note: str = "") -> PossibleLink:
    """Put a possible link between two signals on the table's next agenda (called by linkage).

    The note must not identify anyone ("same phone number in both signals" is fine, the number is
    not). Calling it twice for the same pair keeps one link; it leaves the agenda after the table
    recorded a decision on either signal.
    """
    if signal_a.pk == signal_b.pk:
        raise ValidationError("a signal cannot be linked to itself")
    first, second = sorted((signal_a, signal_b), key=lambda s: s.pk)
    link, created = PossibleLink.objects.get_or_create(
        table=table, signal_a=first, signal_b=second, defaults={"note": note[:300]}
    )
    if not created and note and link.note != note[:300]:
        link.note = note[:300]
        link.save(update_fields=["note"])
    _rebuild_next(table)
    return link


def _rebuild_next(table: SignalTable) -> None:
    meeting = table.meetings.filter(status=MeetingStatus.PLANNED).order_by("starts_at", "pk").first()
    if meeting is not None:
        agenda_build(meeting=meeting)


@transaction.atomic
def decision_record(*, item: AgendaItem, text: str, actor: Any, settled: bool = True) -> TableDecision:
    """Record a decision on an agenda item; it lands on the timeline of every track of the signal."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write down what the table decided."))
    if item.meeting.minutes_finalised_at is not None:
        raise ValidationError(_("The minutes of this meeting are final."))
    user = _user(actor)
    decision = TableDecision.objects.create(
        item=item, text=text, recorded_by=user, organisation_id=getattr(user, "organisation_id", None)
    )
    # The timeline names the event "decision of the signaaltafel"; the table's name says which
    # ("Signaaltafel Rotterdam"), so no second "signal table" before it.
    label = f"{item.meeting.table.name}: {text}"
    for track in SignalTrack.objects.filter(signal_id=item.signal_id).order_by("kind"):
        casework_services.track_decision_record(track=track, decision=label, actor=actor, settled=settled)
    PossibleLink.objects.filter(table_id=item.meeting.table_id, discussed_at__isnull=True).filter(
        signal_a_id=item.signal_id
    ).update(discussed_at=timezone.now())
    PossibleLink.objects.filter(table_id=item.meeting.table_id, discussed_at__isnull=True).filter(
        signal_b_id=item.signal_id
    ).update(discussed_at=timezone.now())
    return decision


@transaction.atomic
def action_record(
    *,
    item: AgendaItem,
    track: SignalTrack,
    description: str,
    organisation: Organisation,
    actor: Any,
    owner: User | None = None,
    due_on: datetime.date | None = None,
) -> ItemAction:
    """An action agreed at the table, as a casework action on the track (owner's action list)."""
    if track.signal_id != item.signal_id:
        raise ValidationError("the track belongs to another signal")
    if item.meeting.minutes_finalised_at is not None:
        raise ValidationError(_("The minutes of this meeting are final."))
    if owner is not None and owner.organisation_id != organisation.pk:
        raise ValidationError(_("The person must work at the organisation that carries out the action."))
    action = casework_services.action_add(
        track=track, description=description, actor=actor, organisation=organisation, owner=owner, due_on=due_on
    )
    return ItemAction.objects.create(item=item, action=action)


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, attendees: Iterable[User], actor: Any) -> Meeting:
    """The meeting took place: record who attended and plan the next one after the table's cadence."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("table").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("This meeting was already marked as held."))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    meeting.attendees.set(list(attendees))
    table = meeting.table
    later = table.meetings.filter(status=MeetingStatus.PLANNED, starts_at__gt=meeting.starts_at).exists()
    if table.is_active and not later:
        meeting_plan(
            table=table,
            starts_at=meeting.starts_at + datetime.timedelta(days=table.cadence_days),
            place=meeting.place,
            actor=actor,
        )
    return meeting


@transaction.atomic
def minutes_finalise(*, meeting: Meeting, actor: Any) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Only the minutes of a meeting that was held can be finalised."))
    meeting.minutes_finalised_at = timezone.now()
    meeting.minutes_finalised_by = _user(actor)
    meeting.save(update_fields=["minutes_finalised_at", "minutes_finalised_by"])
    return meeting
