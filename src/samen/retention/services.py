"""Applying retention: find what is due, then delete or anonymise it, leave a tombstone and an audit entry.

A signal counts as closed when it has tracks and all of them are closed; its closure time is
the last change of its tracks and its outcome the one outcome all tracks share (otherwise no
specific outcome). Per category the policy for that outcome applies, else the policy with a
blank outcome. Signals under an active legal hold are never touched. The most far-reaching
category goes first, so a signal that is deleted is not also anonymised.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Min, ProtectedError, Q
from django.utils import timezone

from samen import audit
from samen.casework.models import SignalTrack, TrackAction, TrackEvent, TrackNote
from samen.casework.workflow import CLOSED_STATES
from samen.intake.models import PersonIdentity, ReporterContact, Signal, SignalPerson
from samen.linkage.models import PersonEncoding, PossibleLink
from samen.meetings.models import TableDecision
from samen.retention.models import Category, LegalHold, RetentionAction, RetentionPolicy, Tombstone
from samen.routing.engine import reason_in_dutch

_ORDER = [Category.SIGNAL, Category.IDENTITY, Category.FREE_TEXT]
_ACTOR = "system:retention"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    policy: RetentionPolicy
    signal_id: int
    closed_at: datetime.datetime


def held_signal_ids() -> set[int]:
    return set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("signal_id", flat=True))


def _closed_signals() -> Iterable[dict]:
    closed = list(CLOSED_STATES)
    return (
        Signal.objects.annotate(
            n_tracks=Count("tracks", distinct=True),
            n_open=Count("tracks", filter=~Q(tracks__state__in=closed), distinct=True),
            closed_at=Max("tracks__updated_at"),
            outcome_min=Min("tracks__outcome"),
            outcome_max=Max("tracks__outcome"),
        )
        .filter(n_tracks__gt=0, n_open=0)
        .values("pk", "closed_at", "outcome_min", "outcome_max")
        .iterator(chunk_size=2000)
    )


def _already_done(category: str) -> set[int]:
    return {int(i) for i in Tombstone.objects.filter(category=category).values_list("object_id", flat=True)}


def _has_data(category: str, signal_ids: set[int]) -> set[int]:
    """Signals that still hold data of this category (an identity category with nothing left is not due)."""
    if category != Category.IDENTITY:
        return signal_ids
    with_identity = set(
        PersonIdentity.objects.filter(person__signal_id__in=signal_ids).values_list("person__signal_id", flat=True)
    )
    with_contact = set(ReporterContact.objects.filter(signal_id__in=signal_ids).values_list("signal_id", flat=True))
    return with_identity | with_contact


def due(*, now: datetime.datetime | None = None) -> list[Due]:
    """Everything that is due now, most far-reaching category first; held signals left out."""
    now = now or timezone.now()
    policies: dict[str, dict[str, RetentionPolicy]] = {}
    for policy in RetentionPolicy.objects.all():
        policies.setdefault(policy.category, {})[policy.outcome] = policy
    held = held_signal_ids()
    closed = [row for row in _closed_signals() if row["pk"] not in held]
    result: list[Due] = []
    taken: set[int] = set()
    for category in _ORDER:
        by_outcome = policies.get(category, {})
        if not by_outcome:
            continue
        done = _already_done(category) if category == Category.FREE_TEXT else set()
        candidates = []
        for row in closed:
            outcome = row["outcome_min"] if row["outcome_min"] == row["outcome_max"] else ""
            policy = by_outcome.get(outcome or "") or by_outcome.get("")
            if policy is None or row["pk"] in taken or row["pk"] in done:
                continue
            if row["closed_at"] + datetime.timedelta(days=policy.period_days) <= now:
                candidates.append(Due(policy, row["pk"], row["closed_at"]))
        present = _has_data(category, {d.signal_id for d in candidates})
        for item in candidates:
            if item.signal_id in present:
                result.append(item)
                if category == Category.SIGNAL:
                    taken.add(item.signal_id)
    return result


def _tombstone(item: Due, now: datetime.datetime) -> None:
    Tombstone.objects.create(
        category=item.policy.category,
        action=item.policy.action,
        object_type="signal",
        object_id=str(item.signal_id),
        policy=item.policy,
        done_at=now,
    )
    audit.record(
        actor=_ACTOR,
        action=audit.Action.DELETE if item.policy.action == RetentionAction.DELETE else audit.Action.WRITE,
        object_type="signal",
        object_id=item.signal_id,
        fields=[item.policy.category],
        activity=audit.RETENTION,
        origin="retention.apply",
    )


def _delete_signal(signal_id: int) -> None:
    # Tracks protect nothing of their own; identities, persons and notes go with the signal.
    SignalTrack.objects.filter(signal_id=signal_id).delete()
    Signal.objects.filter(pk=signal_id).delete()


def _delete_identities(signal_id: int) -> None:
    PersonIdentity.objects.filter(person__signal_id=signal_id).delete()
    ReporterContact.objects.filter(signal_id=signal_id).delete()
    # The linkage encodings are made from the identities: with them gone, the person must no
    # longer be recognisable across organisations either (their link notices go too).
    PersonEncoding.objects.filter(person__signal_id=signal_id).delete()


def _anonymise_free_text(signal_id: int) -> None:
    """Every free text about the signal, wherever the follow-up copied or wrote it."""
    Signal.objects.filter(pk=signal_id).update(
        what="", place="", when="", deidentified_text="", deidentified_parts=[], deidentified_when=""
    )
    SignalPerson.objects.filter(signal_id=signal_id).update(description="", nationality="", deidentified_nationality="")
    Signal.objects.get(pk=signal_id).reporter_messages.all().delete()
    TrackNote.objects.filter(track__signal_id=signal_id).update(text="")
    SignalTrack.objects.filter(signal_id=signal_id).update(closing_reason="")
    # "Why this owner" quotes a transfer's reason once the transfer is accepted: a part without a
    # message of its own (`casework.services._taken_over_reason`). Such parts go, whatever they hold
    # (a routing rule's form names too); the owner, our words and the day stay.
    for track in SignalTrack.objects.filter(signal_id=signal_id).exclude(routing_reason_parts={}):
        parts = track.routing_reason_parts
        kept = {**parts, "parts": [part for part in parts.get("parts", []) if part[0]]}
        if kept != parts:
            track.routing_reason_parts, track.routing_reason = kept, reason_in_dutch(kept)
            track.save(update_fields=["routing_reason_parts", "routing_reason"])
    TrackAction.objects.filter(track__signal_id=signal_id).update(description="")
    # Timeline reasons quote actions, transfers and table decisions, as text and as data.
    TrackEvent.objects.filter(track__signal_id=signal_id).update(reason="", reason_parts={})
    TableDecision.objects.filter(item__signal_id=signal_id).update(text="")
    PossibleLink.objects.filter(encoding_a__person__signal_id=signal_id).update(reason_a="", reason_b="")
    PossibleLink.objects.filter(encoding_b__person__signal_id=signal_id).update(reason_a="", reason_b="")


_APPLY = {
    (Category.SIGNAL, RetentionAction.DELETE): _delete_signal,
    (Category.IDENTITY, RetentionAction.DELETE): _delete_identities,
    # Identities cannot be anonymised and still be identities: anonymising them removes them.
    (Category.IDENTITY, RetentionAction.ANONYMISE): _delete_identities,
    (Category.FREE_TEXT, RetentionAction.ANONYMISE): _anonymise_free_text,
    (Category.FREE_TEXT, RetentionAction.DELETE): _anonymise_free_text,
}


def retention_apply(*, dry_run: bool = False, now: datetime.datetime | None = None) -> list[Due]:
    """Delete or anonymise everything that is due, one transaction per signal; return what was (or would be) done."""
    now = now or timezone.now()
    items = due(now=now)
    if dry_run:
        return items
    done = []
    for item in items:
        try:
            with transaction.atomic():
                # Locked as corrections and linkage lock it: what they read before this commits must
                # not be written after it (an identity entered again, an encoding of a removed name).
                list(Signal.objects.select_for_update().filter(pk=item.signal_id).values_list("pk", flat=True))
                if item.signal_id in held_signal_ids():  # a hold placed while this run was going on
                    continue
                _APPLY[(item.policy.category, item.policy.action)](item.signal_id)
                _tombstone(item, now)
        except ProtectedError:
            # Another app still needs the signal (e.g. a table decision): try again on the next run.
            logger.warning("retention: signal %s is protected by another record; kept for now", item.signal_id)
            continue
        done.append(item)
    return done
