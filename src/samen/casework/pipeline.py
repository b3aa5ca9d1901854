"""What happens to a signal after intake, as named steps: route → open tracks → notify.

`drain_intake_outbox` reads the rows that `intake.services.signal_submit` writes in its own
transaction and processes each in a transaction of its own; running it twice never opens a
second pair of tracks (one track per (signal, kind), enforced by a unique constraint).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from samen.casework import notices, services
from samen.casework.ages import is_minor_age
from samen.casework.models import SignalTrack
from samen.casework.notices import Notice
from samen.intake.indicators import SITUATION_QUESTIONS
from samen.intake.models import Channel, IntakeOutbox, PersonRole, Signal, SignalPerson
from samen.log_filters import failure
from samen.routing.engine import Decision, SignalFacts, route_both
from samen.routing.facts import signal_facts

log = logging.getLogger(__name__)

# Intake channels as the routing rules name them.
_CHANNELS = {
    Channel.PUBLIC_WEB: "public",
    Channel.PROFESSIONAL_WEB: "professional",
    Channel.PHONE: "phone",
    Channel.EMAIL: "email",
    Channel.WALK_IN: "walk_in",
    Channel.API: "api",
}
# The situation questions whose "yes" says the victim is under 18 ("Are they under 18?").
_MINOR_QUESTIONS = frozenset(q.key for q in SITUATION_QUESTIONS if q.indicates_minor)


def is_minor(signal: Signal, persons: list[SignalPerson]) -> bool | None:
    """Whether a possible victim is a minor: a "yes" to "Are they under 18?", or a victim's age.

    The question's answer was stored but never read: a report of a child went the adults' way
    (found by exploratory testing). A possible minor counts as one, whatever another age says.
    """
    if any(answer.question_key in _MINOR_QUESTIONS for answer in signal.answers.all()):
        return True
    victims = [is_minor_age(p.age) for p in persons if p.role == PersonRole.VICTIM]
    known = [v for v in victims if v is not None]
    return any(known) if known else None


def facts_for(signal: Signal) -> SignalFacts:
    """Routing facts of a signal: place, forms, minor/adult of the possible victims, roles, channel."""
    persons = list(signal.persons.all())
    return signal_facts(
        municipality=signal.municipality,
        form_codes=[f.pk for f in signal.forms.all()],
        is_minor=is_minor(signal, persons),
        roles={p.role for p in persons},
        channel=_CHANNELS.get(signal.channel, ""),
    )


def route_signal(signal: Signal) -> tuple[Decision, Decision]:
    return route_both(facts_for(signal))


def open_tracks(signal: Signal, decisions: tuple[Decision, ...]) -> list[SignalTrack]:
    """Open the victim and perpetrator tracks; returns only the tracks opened now."""
    opened = []
    for decision in decisions:
        track, created = services.track_open(signal=signal, decision=decision)
        if created:
            opened.append(track)
    return opened


def notify_owners(tracks: list[SignalTrack]) -> None:
    for track in tracks:
        notice = Notice(
            gettext_noop("New signal %(code)s: the %(track)s is yours. %(reason)s"),
            {
                "code": track.signal.receipt_code,
                "track": notices.choice(track, "kind"),
                "reason": {"reason": track.routing_reason_parts}
                if track.routing_reason_parts
                else track.routing_reason,
            },
        )
        services.notify(
            users=services.workers_of(track.owner_id),
            track=track,
            notice=notice,
            contact_points=[track.contact_point] if track.contact_point else [],
        )


@transaction.atomic
def process_new_signal(signal: Signal) -> list[SignalTrack]:
    """Route the signal, open both tracks with owner, contact point, reason and deadline, and tell the owners."""
    decisions = route_signal(signal)
    opened = open_tracks(signal, decisions)
    notify_owners(opened)
    return opened


def drain_intake_outbox(*, limit: int = 500) -> int:
    """Process unprocessed outbox rows, each in its own transaction. Returns the rows processed."""
    pending = list(IntakeOutbox.objects.filter(processed_at__isnull=True).values_list("pk", flat=True)[:limit])
    done = 0
    for pk in pending:
        try:
            with transaction.atomic():
                row = (
                    IntakeOutbox.objects.select_for_update(of=("self",))
                    .select_related("signal__municipality")
                    .get(pk=pk)
                )
                if row.processed_at is not None:
                    continue
                process_new_signal(row.signal)
                row.processed_at = timezone.now()
                row.save(update_fields=["processed_at"])
                done += 1
        except Exception as error:
            # One broken signal must not block the others; it stays unprocessed and is retried.
            log.error("could not process intake outbox row %s (%s)", pk, failure(error))
    return done
