"""Demo step: a signal table per police unit with its chain partners, one meeting held with
decisions and actions, and the next meeting with an agenda built from the demo casework.

Runs after the casework step, which leaves tracks overdue, waiting, transferred and flagged.
The demo account `tafel` (police Noord-Nederland) sits at the table of Noord-Nederland.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils import timezone

from samen.casework import services as casework_services
from samen.casework.models import SignalTrack, TrackAction, TrackEvent
from samen.geo.models import Municipality, Region, RegionKind
from samen.meetings import services
from samen.meetings.forms import table_users
from samen.meetings.models import Reason, SignalTable
from samen.partners.models import Organisation, OrganisationType
from samen.routing.models import Track

CARE = {"RE05": "acm-hvo-querido"}
RIEC = {"RE08": "taskforce-riec-brabant-zeeland", "RE09": "taskforce-riec-brabant-zeeland"}
# Zeeland has no care coordinator in the demo: CoMensha owns its victim tracks, so it sits at that table.
EXTRA = {"RE08": ["comensha"]}

DECISIONS = {
    Reason.FLAGGED: "Zorg en opsporing lopen gelijk op: eerst een veilige plek, daarna een gesprek met de AVIM.",
    Reason.TRANSFER: "De overdracht gaat door; de ontvangende regio neemt het spoor binnen een week over.",
    Reason.MULTI_ORGANISATION: "De partners delen wat nodig is binnen het convenant; de gemeente overweegt controle.",
    Reason.OVERDUE: "De eigenaar maakt een nieuwe planning en meldt de voortgang bij het volgende overleg.",
    Reason.POSSIBLE_LINK: "Beide eigenaren stemmen af of het om dezelfde situatie gaat.",
}


def _members(code: str, organisations: dict[str, Organisation]) -> list[Organisation]:
    unit = Region.objects.get(code=code)
    municipalities = Municipality.objects.filter(police_unit=unit)
    safety = set(municipalities.values_list("safety_region__code", flat=True))
    slugs = [
        f"politie-{code.lower()}",
        CARE.get(code, f"zorgcoordinatie-{code.lower()}"),
        RIEC.get(code, f"riec-{code.lower()}"),
        "nla",
        *[f"veilig-thuis-{s.lower()}" for s in sorted(safety)],
        *[f"gemeente-{m.lower()}" for m in municipalities.values_list("code", flat=True)],
        *EXTRA.get(code, []),
    ]
    return [organisations[s] for s in dict.fromkeys(slugs) if s in organisations]


def seed_tables() -> str:
    if SignalTable.objects.exists():
        return "already present"
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _seed()


@transaction.atomic
def _seed() -> str:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    started = timezone.now()
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    tables = decisions = actions = items = 0
    for unit in Region.objects.filter(kind=RegionKind.POLICE_UNIT).order_by("code"):
        members = _members(unit.code, organisations)
        chair = next((o for o in members if o.type == OrganisationType.RIEC), None)
        table = services.table_create(
            name=f"Signaaltafel {unit.name}",
            slug=f"signaaltafel-{unit.code.lower()}",
            region=unit,
            members=members,
            chair=chair,
            cadence_days=21,
        )
        tables += 1
        people = list(table_users(table))
        actor = people[0] if people else None
        past = services.meeting_plan(
            table=table, starts_at=now - datetime.timedelta(days=14), place=f"RIEC {unit.name}", actor=actor
        )
        for number, item in enumerate(past.items.select_related("signal")[:3]):
            code = Reason(item.reason_codes[0])
            services.decision_record(item=item, text=DECISIONS.get(code, DECISIONS[Reason.OVERDUE]), actor=actor)
            decisions += 1
            tracks = {t.kind: t for t in SignalTrack.objects.filter(signal=item.signal).select_related("owner")}
            victim, perpetrator = tracks.get(Track.VICTIM), tracks.get(Track.PERPETRATOR)
            member_ids = {o.pk for o in members}
            if victim is not None and victim.owner_id in member_ids:
                linked = services.action_record(
                    item=item,
                    track=victim,
                    description="Opvangmogelijkheden verkennen en terugkoppelen aan de tafel",
                    organisation=victim.owner,
                    due_on=(now + datetime.timedelta(days=3)).date(),
                    actor=actor,
                )
                actions += 1
                if number == 0:
                    casework_services.action_set_done(action=linked.action, done=True, actor=actor)
            if perpetrator is not None and chair is not None:
                services.action_record(
                    item=item,
                    track=perpetrator,
                    description="Bestuurlijke controle op het adres afstemmen met de gemeente",
                    organisation=chair,
                    due_on=(now + datetime.timedelta(days=10)).date(),
                    actor=actor,
                )
                actions += 1
        services.meeting_mark_held(meeting=past, attendees=people, actor=actor)
        services.minutes_finalise(meeting=past, actor=actor)
        following = table.meetings.exclude(pk=past.pk).get()
        items += following.items.count()
    _at_the_meeting(since=started, held_at=now - datetime.timedelta(days=14, minutes=-60))
    return f"{tables} tables, {decisions} decisions, {actions} actions, {items} items on the next agendas"


def _at_the_meeting(*, since: datetime.datetime, held_at: datetime.datetime) -> None:
    """The decisions and actions of the past meeting happened at that meeting, not when the demo was
    built; after whatever the track's history held before (a signal may be younger than that)."""
    recorded = list(
        TrackEvent.objects.filter(at__gte=since, kind__in=(TrackEvent.Kind.DECISION, TrackEvent.Kind.ACTION))
    )
    for event in recorded:
        before = TrackEvent.objects.filter(track_id=event.track_id, at__lt=since).aggregate(last=Max("at"))["last"]
        event.at = max(held_at, before + datetime.timedelta(minutes=5)) if before else held_at
    TrackEvent.objects.bulk_update(recorded, ["at"])
    TrackAction.objects.filter(created_at__gte=since).update(created_at=held_at)
