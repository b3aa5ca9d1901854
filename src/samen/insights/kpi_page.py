"""The programme's goals as figures: records built from casework and intake, definitions from `kpis`.

Casework (tracks, their events and outcomes) is read when the app is installed; otherwise the
figures that need it say "not yet available". Linkage notices are not available yet. Every
count shown passes the same suppression as the tables: a share is only shown when both the
part that met the goal and the part that did not are publishable.

Definitions used here on top of `kpis`:
* first action of a track: its first event that is a state change out of "new" or an action;
* first-action deadline: the casework deadline of the "new" state counted from the day the
  track was opened (`casework.deadlines.due_on_for`), until the end of that day;
* identified victim: a possible victim in a signal whose victim track closed with care, shelter
  or a B8 reflection period; placed in shelter: ... closed with "placed in shelter";
* feedback: a reporter who left contact details asked for feedback; it was given when the
  handling organisation sent a message to the status page.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.insights import kpis, reports
from samen.insights.suppression import suppress_1d
from samen.intake.models import PersonRole, ReporterContact, ReporterMessage, Signal

PERIOD_DAYS = 365
IDENTIFIED_OUTCOMES = {"referred_to_care", "placed_in_shelter", "b8_granted"}


def _casework_available() -> bool:
    return apps.is_installed("samen.casework")


def track_facts(since: datetime) -> list[kpis.TrackFacts]:
    from samen.casework.deadlines import due_on_for
    from samen.casework.models import SignalTrack, TrackEvent

    tracks = list(
        SignalTrack.objects.filter(created_at__gte=since).values_list(
            "pk", "signal_id", "kind", "owner_id", "created_at", "outcome", "signal__municipality__code"
        )
    )
    ids = [t[0] for t in tracks]
    first_action: dict[int, datetime] = {}
    closed: dict[int, datetime] = {}
    last_change: dict[int, datetime] = {}
    events = TrackEvent.objects.filter(track_id__in=ids).order_by("at", "pk")
    for track_id, kind, from_state, to_state, at in events.values_list(
        "track_id", "kind", "from_state", "to_state", "at"
    ):
        acted = kind == "action" or (kind == "transition" and from_state == "new")
        if acted and track_id not in first_action:
            first_action[track_id] = at
        if kind == "transition":
            last_change[track_id] = at
            if to_state in ("outcome", "waived"):
                closed[track_id] = at
    deadlines: dict[tuple[str, object], datetime | None] = {}
    facts = []
    zone = timezone.get_current_timezone()
    for pk, signal_id, kind, owner, created, outcome, municipality in tracks:
        day = timezone.localtime(created).date()
        if (kind, day) not in deadlines:
            due = due_on_for(kind, "new", entered=day)
            deadlines[kind, day] = datetime.combine(due, time.max, tzinfo=zone) if due else None
        facts.append(
            kpis.TrackFacts(
                signal_id=str(signal_id),
                kind=kpis.TrackKind(kind),
                organisation_id=str(owner),
                created_at=created,
                deadline_at=deadlines[kind, day],
                first_action_at=first_action.get(pk),
                closed_at=closed.get(pk),
                outcome=outcome,
                last_state_change_at=last_change.get(pk),
                region_codes=frozenset({municipality}),
            )
        )
    return facts


def person_facts(since: datetime) -> list[kpis.PersonFacts]:
    from samen.casework.models import SignalTrack, TrackEvent

    closed_at = dict(
        TrackEvent.objects.filter(track__kind="victim", to_state="outcome", track__created_at__gte=since)
        .values_list("track__signal_id", "at")
        .order_by("at")
    )
    outcomes = dict(
        SignalTrack.objects.filter(kind="victim", created_at__gte=since, outcome__in=IDENTIFIED_OUTCOMES).values_list(
            "signal_id", "outcome"
        )
    )
    from samen.intake.models import SignalPerson

    people = []
    for person_id, signal_id in SignalPerson.objects.filter(
        signal_id__in=list(outcomes), role=PersonRole.VICTIM
    ).values_list("pk", "signal_id"):
        at = closed_at.get(signal_id)
        people.append(
            kpis.PersonFacts(
                person_id=str(person_id),
                role=kpis.PersonRole.VICTIM,
                identified_as_victim_at=at,
                placed_in_shelter_at=at if outcomes[signal_id] == "placed_in_shelter" else None,
            )
        )
    return people


def feedback_ratio(since: datetime, now: datetime) -> kpis.Ratio:
    """`kpis.feedback_share` computed in the database (same definition, no records in memory).

    A reporter who left contact details wants feedback and can be reached; feedback was given
    when a message to the reporter exists, sent no later than ``now``.
    """
    signals = Signal.objects.filter(created_at__gte=since)
    with_contact = signals.filter(Exists(ReporterContact.objects.filter(signal=OuterRef("pk"))))
    given = with_contact.filter(
        Exists(ReporterMessage.objects.filter(signal=OuterRef("pk"), created_at__lte=now))
    ).count()
    eligible = with_contact.count()
    return kpis.Ratio(given, eligible, {"anonymous": signals.count() - eligible})


def _share(ratio: kpis.Ratio, threshold: int) -> dict:
    """A share with its parts; hidden when either part would be a small, suppressed count."""
    table = suppress_1d({"met": ratio.numerator, "not_met": ratio.denominator - ratio.numerator}, threshold=threshold)
    hidden = table.suppressed_count > 0 or ratio.denominator == 0
    return {
        "hidden": hidden,
        "share": None if hidden or ratio.share is None else f"{ratio.share:.0%}",
        "numerator": table["met"].text(),
        "denominator": table.total.text(),
    }


def kpi_context(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    since = now - timedelta(days=PERIOD_DAYS)
    threshold = reports.threshold()
    context: dict = {"casework": _casework_available(), "since": since, "now": now, "linkage": False}
    context["feedback"] = _share(feedback_ratio(since, now), threshold)
    if not context["casework"]:
        return context
    tracks = track_facts(since)
    context["both_on_time"] = _share(kpis.both_tracks_on_time(tracks, as_of=now), threshold)
    times = []
    for kind, label in (
        (kpis.TrackKind.VICTIM, _("victim track")),
        (kpis.TrackKind.PERPETRATOR, _("perpetrator track")),
    ):
        distribution = kpis.time_to_first_action(tracks, kind=kind)
        enough = distribution.count >= threshold
        times.append(
            {
                "label": label,
                "count": distribution.count if enough else None,
                "median": distribution.median if enough else None,
                "p90": distribution.p90 if enough else None,
                "waiting": distribution.not_yet_acted,
            }
        )
    context["times"] = times
    stuck = kpis.stuck_per_organisation(tracks, as_of=now)
    from samen.partners.models import Organisation

    names = dict(Organisation.objects.filter(pk__in=[int(k) for k in stuck]).values_list("pk", "name"))
    table = suppress_1d(stuck, threshold=threshold) if stuck else None
    context["stuck"] = (
        [(names.get(int(org), org), cell) for org, cell in table.items() if cell.value != 0] if table else []
    )
    context["stuck_total"] = table.total if table else None
    victims = kpis.victims_identified_and_sheltered(person_facts(since), start=since, end=now)
    victim_table = suppress_1d(
        {"identified_only": victims.identified - victims.placed_in_shelter, "sheltered": victims.placed_in_shelter},
        threshold=threshold,
    )
    context["victims_identified"] = victim_table.total
    context["victims_sheltered"] = victim_table["sheltered"]
    context["period_start"] = since.astimezone(UTC).date()
    return context
