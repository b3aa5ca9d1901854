"""Demo step: the demo signals become tracks and move deterministically through every state.

Some are overdue (deadlines backdated), some transferred (pending and accepted), some closed
with outcomes on both tracks or a waiver, a few grouped into cases, some with a message to the
reporter and some on the signaaltafel agenda; in a few a case worker added a victim's phone number.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.test.utils import override_settings
from django.utils import timezone

from samen.accounts.models import User
from samen.casework import person_changes, pipeline, services
from samen.casework.models import Case, SignalTrack, TrackAction, TrackEvent, TrackNote
from samen.casework.workflow import Event, Outcome
from samen.intake.models import PersonIdentity, PersonRole, ReporterMessage, Signal
from samen.partners.models import Organisation, OrganisationType
from samen.routing.models import Track

_CASE_TITLES = ["Nagelsalons {place}", "Uitzendbureau {place}", "Woning {place}"]


def _actor(track: SignalTrack, cache: dict[int, User | None]) -> User | None:
    if track.owner_id not in cache:
        workers = services.workers_of(track.owner_id)
        cache[track.owner_id] = workers[0] if workers else None
    return cache[track.owner_id]


def _move(track: SignalTrack, events: list[tuple[str, dict]], actor: User | None) -> None:
    for event, extra in events:
        services.track_transition(track=track, event=event, actor=actor, **extra)


def _transfer_target(track: SignalTrack, *, to_an_account: bool) -> Organisation | None:
    """Where a demo track moves: an organisation of the same kind, with a demo account when
    `to_an_account` (half of the transfers), so whoever logs in as it sees a few offers arrive, and
    the de-identified text that comes with an offer."""
    kind = OrganisationType.CARE_COORDINATOR if track.kind == Track.VICTIM else OrganisationType.POLICE
    candidates = Organisation.objects.filter(type=kind).exclude(pk=track.owner_id).order_by("slug")
    if to_an_account:
        with_accounts = Exists(User.objects.filter(organisation=OuterRef("pk"), is_active=True))
        candidates = candidates.order_by(with_accounts.desc(), "slug")
    return candidates.first()


TAKE = (Event.TAKE, {})
START = (Event.START, {})
WAIT = (Event.WAIT, {"reason": "Wacht op informatie van de IND."})
VICTIM_DONE = (Event.RECORD_OUTCOME, {"outcome": Outcome.PLACED_IN_SHELTER, "reason": "Geplaatst in COSM-opvang."})
B8 = (Event.RECORD_OUTCOME, {"outcome": Outcome.B8_GRANTED, "reason": "Bedenktijd (B8) aangevraagd en verleend."})
PERP_DONE = (Event.RECORD_OUTCOME, {"outcome": Outcome.INVESTIGATION_STARTED, "reason": "Opsporingsonderzoek gestart."})
WAIVE = (Event.WAIVE, {"reason": "Geen aanknopingspunten voor opsporing; melding bewaard voor analyse."})


def _plan(pattern: int, kind: str) -> list[tuple[str, dict]]:
    victim = kind == Track.VICTIM
    return {
        0: [],
        1: [TAKE],
        2: [TAKE, START],
        3: [TAKE, START, WAIT],
        4: [TAKE, START, VICTIM_DONE if victim else PERP_DONE],
        5: [TAKE, B8 if victim else WAIVE],
        6: [TAKE],
        7: [TAKE, START],
        8: [TAKE, START],
        9: [TAKE, START, VICTIM_DONE] if victim else [TAKE, START],
    }[pattern]


def seed_casework() -> str:
    if SignalTrack.objects.filter(signal__idempotency_key__startswith="demo:").exists():
        return "already present"
    # The demo sends no real mail: hundreds of notices would flood the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        processed = pipeline.drain_intake_outbox(limit=10_000)
        counts = _walk()
    _spread_in_time()
    return f"{processed} signals routed; " + ", ".join(f"{n} {label}" for label, n in counts.items())


@transaction.atomic
def _walk() -> dict[str, int]:
    today = timezone.localdate()
    actors: dict[int, User | None] = {}
    counts = {"overdue": 0, "transferred": 0, "closed": 0, "cases": 0}
    signals = list(Signal.objects.filter(idempotency_key__startswith="demo:").order_by("pk"))
    for index, signal in enumerate(signals):
        pattern = index % 10
        tracks = list(SignalTrack.objects.filter(signal=signal).order_by("kind"))
        for track in tracks:
            _move(track, _plan(pattern, track.kind), _actor(track, actors))
            track.refresh_from_db()
            if pattern == 2 and track.kind == Track.VICTIM:
                services.action_add(
                    track=track,
                    description="Intakegesprek plannen met tolk",
                    actor=_actor(track, actors),
                    due_on=today + datetime.timedelta(days=3),
                )
            if (
                pattern in (6, 7)
                and track.kind == Track.VICTIM
                and (target := _transfer_target(track, to_an_account=index % 20 < 10))
            ):
                actor = _actor(track, actors)
                services.track_transition(
                    track=track, event=Event.TRANSFER, actor=actor, reason="Slachtoffer verhuist.", transfer_to=target
                )
                if pattern == 7:
                    services.track_transition(track=track, event=Event.ACCEPT_TRANSFER, actor=None)
                counts["transferred"] += 1
            if pattern == 8 and track.kind == Track.VICTIM:
                services.track_flag_for_table(
                    track=track, actor=_actor(track, actors), reason="Opvang en opsporing samen afstemmen."
                )
        if pattern in (0, 3) and index % 20 < 10:
            # Backdate: these tracks are past their deadline, so they escalate and head the queues.
            SignalTrack.objects.filter(signal=signal).update(due_on=today - datetime.timedelta(days=3 + index % 7))
            counts["overdue"] += 1
        if pattern in (4, 5):
            counts["closed"] += 1
            owner = tracks[0]
            actor = _actor(owner, actors)
            if actor is not None:
                services.reporter_message_send(
                    signal=signal, text="Dank voor uw melding. Wij hebben de situatie opgepakt.", actor=actor
                )
    _cases(signals, counts)
    counts["persons corrected"] = _phones_added(signals, actors)
    return counts


def _phones_added(signals: list[Signal], actors: dict[int, User | None], *, per_owner: int = 2) -> int:
    """Victims' phone numbers, learnt after intake, added by a case worker of the victim track's
    owner (`person_changes`): a few per organisation with a demo account."""
    added: dict[int, int] = {}
    for signal in signals:
        track = SignalTrack.objects.filter(signal=signal, kind=Track.VICTIM).first()
        actor = _actor(track, actors) if track is not None else None
        if actor is None or added.get(track.owner_id, 0) >= per_owner:
            continue
        victim = signal.persons.filter(role=PersonRole.VICTIM, identity__isnull=False).first()
        if victim is None or PersonIdentity.objects.get(person=victim).phone:
            continue
        person_changes.person_change(
            signal=signal,
            person_id=victim.pk,
            actor=actor,
            values={"phone": f"+316123400{signal.pk % 100:02d}"},  # invented, as every value in the demo
            reason="Nummer gekregen van de opvanglocatie.",
        )
        added[track.owner_id] = added.get(track.owner_id, 0) + 1
    return sum(added.values())


def _cases(signals: list[Signal], counts: dict[str, int]) -> None:
    by_owner: dict[int, list[Signal]] = {}
    victim_owner = dict(
        SignalTrack.objects.filter(kind=Track.VICTIM, signal__in=signals).values_list("signal_id", "owner_id")
    )
    for signal in signals:
        if signal.municipality_id is not None:  # a case's title names the place
            by_owner.setdefault(victim_owner.get(signal.pk, 0), []).append(signal)
    groups = sorted(((o, s) for o, s in by_owner.items() if len(s) >= 3), key=lambda item: (-len(item[1]), item[0]))
    for number, (owner_id, members) in enumerate(groups[: len(_CASE_TITLES)]):
        worker = next(iter(services.workers_of(owner_id)), None)
        if worker is None:
            continue
        title = _CASE_TITLES[number].format(place=members[0].municipality.name)
        case = Case.objects.create(title=title, organisation_id=owner_id, created_by=worker)
        for signal in members[:3]:
            services.case_add_signal(case=case, signal=signal, actor=worker)
        counts["cases"] += 1


def _in_office_hours(at: datetime.datetime) -> datetime.datetime:
    """The same moment when people are at work (8:00 to 18:00), else the next morning."""
    local = timezone.localtime(at)
    if local.hour < 8:
        return local.replace(hour=8 + local.hour % 3)
    if local.hour >= 18:
        return (local + datetime.timedelta(days=1)).replace(hour=8 + local.hour % 3)
    return local


@transaction.atomic
def _spread_in_time() -> None:
    """The walk happens in one go, so every event would carry the moment the demo was built, a year
    after a signal came in. Spread each signal's events from its arrival on: routed a minute after
    intake, then a few hours to three days between events, in office hours and before now; actions, notes and
    messages to the reporter take the time of their track's (or signal's) last event."""
    now = timezone.now()
    minute = datetime.timedelta(minutes=1)
    signals = Signal.objects.filter(idempotency_key__startswith="demo:").only("pk", "created_at")
    arrived = {signal.pk: signal.created_at for signal in signals}
    events = TrackEvent.objects.filter(track__signal_id__in=arrived).select_related("track").order_by("at", "pk")
    by_signal: dict[int, list[TrackEvent]] = {}
    for event in events:
        by_signal.setdefault(event.track.signal_id, []).append(event)
    tracks, last_of_track, last_of_signal = [], {}, {}
    for signal_id, signal_events in by_signal.items():
        start = arrived[signal_id] + minute
        # Between two steps a few hours to three days, varied but the same on every build.
        gaps = [
            datetime.timedelta(hours=3 + (signal_id * 37 + n * 53) % 69, minutes=(signal_id * 11 + n * 29) % 60)
            for n in range(len(signal_events))
        ]
        scale = min(1.0, (now - start) / (sum(gaps, datetime.timedelta()) + minute))
        at = start
        for event, gap in zip(signal_events, gaps, strict=True):
            if event.kind != TrackEvent.Kind.OPENED:  # both tracks open as the signal is routed
                at = min(_in_office_hours(at + gap * scale), now)
            event.at = at
            last_of_track[event.track_id] = at
            last_of_signal[signal_id] = at
    for track in SignalTrack.objects.filter(signal_id__in=arrived):
        track.created_at = arrived[track.signal_id] + minute
        track.updated_at = last_of_track.get(track.pk, track.created_at)
        tracks.append(track)
    TrackEvent.objects.bulk_update([e for group in by_signal.values() for e in group], ["at"], batch_size=500)
    SignalTrack.objects.bulk_update(tracks, ["created_at", "updated_at"], batch_size=500)
    for model in (TrackAction, TrackNote):
        rows = list(model.objects.filter(track_id__in=last_of_track))
        for row in rows:
            row.created_at = last_of_track[row.track_id]
        model.objects.bulk_update(rows, ["created_at"], batch_size=500)
    messages = list(ReporterMessage.objects.filter(signal_id__in=last_of_signal))
    for message in messages:
        message.created_at = last_of_signal[message.signal_id]
    ReporterMessage.objects.bulk_update(messages, ["created_at"], batch_size=500)
