"""The subject-access export (AVG art. 15): everything one organisation holds on a person, and who looked at it.

Per person: the person and their identity, the signal, and what the organisation's follow-up
recorded about it (its tracks with outcome, notes, actions and timeline; the table's decisions;
its messages to the reporter).

Persons are found by blind index (BSN, phone) or by a person of a signal, within the signals
the organisation reported or owns a track of. Items under a recorded exemption in force (not
withdrawn, review date not passed) are left out, and that decision is logged; so is the export itself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from samen import audit
from samen.audit.selectors import accesses_to
from samen.intake.models import PersonIdentity, Signal, SignalPerson
from samen.intake.receipts import normalise_code
from samen.vault.models import Exemption

ORIGIN = "vault.subject_access"


def signals_held_by(organisation_id: int) -> QuerySet[Signal]:
    return Signal.objects.filter(Q(organisation_id=organisation_id) | Q(tracks__owner_id=organisation_id)).distinct()


def signal_held_by(organisation_id: int, receipt_code: str) -> Signal | None:
    """The signal with this receipt code (any spelling) if the organisation holds it, else None."""
    if not organisation_id:
        return None
    return signals_held_by(organisation_id).filter(receipt_code=normalise_code(receipt_code)).first()


@dataclass
class Export:
    generated_at: datetime.datetime
    organisation_id: int
    persons: list[dict[str, Any]] = field(default_factory=list)
    accesses: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.isoformat(),
            "organisation": self.organisation_id,
            "persons": self.persons,
            "accesses": self.accesses,
        }


def _identity(person: SignalPerson) -> dict[str, Any] | None:
    identity = PersonIdentity.objects.filter(person=person).first()
    if identity is None:
        return None
    return {
        "name": identity.name,
        "birth_date": identity.birth_date.isoformat() if identity.birth_date else None,
        "phone": identity.phone,
        "address": identity.address,
        "bsn": identity.bsn,
        "health": identity.health,
        "criminal_law": identity.criminal_law,
        "former_names": identity.former_names.splitlines(),
    }


def _follow_up(signal: Signal, organisation_id: int) -> dict[str, Any]:
    """What the organisation's follow-up recorded about the signal: its tracks with their outcome,
    notes, actions and timeline, the table's decisions and the messages to the reporter."""
    from samen.casework.models import SignalTrack
    from samen.meetings.models import TableDecision

    tracks = SignalTrack.objects.filter(signal=signal, owner_id=organisation_id).prefetch_related(
        "notes", "actions", "events"
    )
    return {
        "tracks": [
            {
                "track": track.get_kind_display(),
                "state": track.get_state_display(),
                "outcome": track.get_outcome_display() if track.outcome else "",
                "closing_reason": track.closing_reason,
                "notes": [{"at": n.created_at.isoformat(), "text": n.text} for n in track.notes.all()],
                "actions": [
                    {
                        "action": a.description,
                        "due_on": a.due_on.isoformat() if a.due_on else None,
                        "done": a.done_at is not None,
                    }
                    for a in track.actions.all()
                ],
                "timeline": [
                    {"at": e.at.isoformat(), "what": e.get_kind_display(), "text": e.reason_shown}
                    for e in track.events.all()
                ],
            }
            for track in tracks
        ],
        "table_decisions": [
            {"at": d.recorded_at.isoformat(), "text": d.text}
            for d in TableDecision.objects.filter(item__signal=signal).order_by("recorded_at", "pk")
        ],
        "messages_to_reporter": [
            {"at": m.created_at.isoformat(), "text": m.text}
            for m in signal.reporter_messages.filter(organisation_id=organisation_id).order_by("created_at", "pk")
        ],
    }


def _person(person: SignalPerson, follow_up: dict[str, Any]) -> dict[str, Any]:
    signal = person.signal
    return {
        "follow_up": follow_up,
        "person": person.pk,
        "role": person.get_role_display(),
        "age": person.age,
        "gender": person.get_gender_display() if person.gender else "",
        "nationality": person.nationality,
        "description": person.description,
        "identity": _identity(person),
        "signal": {
            "id": signal.pk,
            "receipt_code": signal.receipt_code,
            "received_at": signal.created_at.isoformat(),
            "municipality": signal.municipality.name if signal.municipality else None,
            "what": signal.what,
            "place": signal.place,
            "when": signal.when,
            # The language the reporter used or can be replied to in; None when not known.
            "language": signal.get_language_display() if signal.language else None,
        },
    }


def _exemption_for(person: SignalPerson, today: datetime.date) -> Exemption | None:
    return (
        Exemption.objects.filter(
            Q(person=person) | Q(signal_id=person.signal_id), review_date__gte=today, withdrawn_at__isnull=True
        )
        .order_by("pk")
        .first()
    )


def subject_access_export(*, actor: Any, persons: list[SignalPerson]) -> Export:
    """Build the export for these persons (already limited to the actor's organisation) and log it."""
    now = timezone.now()
    export = Export(generated_at=now, organisation_id=actor.organisation_id)
    included: list[SignalPerson] = []
    follow_ups: dict[int, dict[str, Any]] = {}
    for person in persons:
        exemption = _exemption_for(person, timezone.localdate())
        if exemption is not None:
            # Logged, not shown: the export must not reveal that something was withheld.
            audit.record(
                actor=actor,
                action=audit.Action.EXPORT,
                object_type="person",
                object_id=person.pk,
                fields=["person", "identity", "signal"],
                activity=audit.SUBJECT_ACCESS,
                legal_basis=exemption.legal_ground,
                result=audit.Result.DENIED,
                origin=ORIGIN,
            )
            continue
        included.append(person)
    signal_ids = sorted({str(p.signal_id) for p in included})
    person_ids = [str(p.pk) for p in included]
    accesses = list(accesses_to("signal", signal_ids)) + list(accesses_to("person", person_ids))
    for entry in sorted(accesses, key=lambda e: e.seq):
        export.accesses.append(
            {
                "at": entry.occurred_at.isoformat(),
                "who": entry.actor_label,
                "organisation": entry.organisation_id,
                "action": str(entry.get_action_display()),
                "object": f"{entry.get_object_type_display()} {entry.object_id}",
                "purpose": entry.get_purpose_display(),
                "result": str(entry.get_result_display()),
            }
        )
    for person in included:
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            object_type="person",
            object_id=person.pk,
            fields=["person", "identity", "signal", "free_text", "follow_up", "audit"],
            activity=audit.SUBJECT_ACCESS,
            origin=ORIGIN,
        )
        if person.signal_id not in follow_ups:  # two persons of one signal share its follow-up
            follow_ups[person.signal_id] = _follow_up(person.signal, actor.organisation_id)
        export.persons.append(_person(person, follow_ups[person.signal_id]))
    return export
