"""The programme's goals as figures: records built from casework and intake, definitions from `kpis`.

Casework (tracks, their events and outcomes) and linkage (possible-link notices) are read when
those apps are installed; otherwise the figures that need them say "not yet available". Every
count shown passes the same suppression as the tables: a share is only shown when both the
part that met the goal and the part that did not are publishable.

Reading every track of a year is too slow for a page with a million signals, so the raw figures
are computed by `refresh_kpis` (the refresh task, at most every `SAMEN_INSIGHTS_KPI_MINUTES`,
default 15) into a `KpiSnapshot`; the page draws the newest snapshot and computes one itself only
when there is none yet.

Definitions used here on top of `kpis`:
* first action of a track: its first event that is a state change out of "new" or an action;
* first-action deadline: the casework deadline of the "new" state counted from the day the
  track was opened (`casework.deadlines.due_on_for`), until the end of that day;
* identified victim: a possible victim in a signal whose victim track closed with care, shelter
  or a B8 reflection period; placed in shelter: ... closed with "placed in shelter"; a person in
  several signals counts once when a linkage notice between them is confirmed on both sides;
* feedback: a reporter who left contact details asked for feedback; it was given when the
  handling organisation sent a message to the status page;
* link across regions: a possible-link notice confirmed by both organisations whose two signals
  lie in different safety regions (`kpis.cross_region_links`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.insights import kpis, reports
from samen.insights.maps import region_mapping
from samen.insights.models import KpiSnapshot
from samen.insights.suppression import suppress_1d
from samen.intake.models import PersonRole, ReporterContact, ReporterMessage, Signal

PERIOD_DAYS = 365
IDENTIFIED_OUTCOMES = {"referred_to_care", "placed_in_shelter", "b8_granted"}


def _casework_available() -> bool:
    return apps.is_installed("samen.casework")


# A track's first action: its first event that is an action or a state change out of "new".
FIRST_ACTION_EVENTS = Q(kind="action") | Q(kind="transition", from_state="new")


def first_action_deadlines(zone: tzinfo) -> Callable[[str, date], datetime | None]:
    """The first-action deadline of a track of a kind opened on a day: the end of the day that the
    casework deadline of the "new" state falls on, in ``zone``. Remembers what it computed."""
    from samen.casework.deadlines import due_on_for

    @functools.cache
    def deadline(kind: str, day: date) -> datetime | None:
        due = due_on_for(kind, "new", entered=day)
        return datetime.combine(due, time.max, tzinfo=zone) if due else None

    return deadline


def track_facts(since: datetime) -> list[kpis.TrackFacts]:
    from samen.casework.models import SignalTrack, TrackEvent

    tracks = list(
        SignalTrack.objects.filter(created_at__gte=since).values_list(
            "pk", "signal_id", "kind", "owner_id", "created_at", "outcome", "signal__municipality__code"
        )
    )
    # One row per track with its first action, last state change and closing moment (one GROUP BY).
    first_action: dict[int, datetime] = {}
    closed: dict[int, datetime] = {}
    last_change: dict[int, datetime] = {}
    transition = Q(kind="transition")
    events = (
        TrackEvent.objects.filter(track__created_at__gte=since)
        .values("track_id")
        .annotate(
            first=Min("at", filter=FIRST_ACTION_EVENTS),
            last=Max("at", filter=transition),
            closed=Max("at", filter=transition & Q(to_state__in=["outcome", "waived"])),
        )
        .order_by()
        .values_list("track_id", "first", "last", "closed")
    )
    for track_id, first, last, closing in events:
        if first is not None:
            first_action[track_id] = first
        if last is not None:
            last_change[track_id] = last
        if closing is not None:
            closed[track_id] = closing
    facts = []
    zone = timezone.get_current_timezone()
    deadline = first_action_deadlines(zone)
    for pk, signal_id, kind, owner, created, outcome, municipality in tracks:
        day = timezone.localtime(created, zone).date()
        facts.append(
            kpis.TrackFacts(
                signal_id=str(signal_id),
                kind=kpis.TrackKind(kind),
                organisation_id=str(owner),
                created_at=created,
                deadline_at=deadline(kind, day),
                first_action_at=first_action.get(pk),
                closed_at=closed.get(pk),
                outcome=outcome,
                last_state_change_at=last_change.get(pk),
                region_codes=frozenset({municipality} - {None}),  # none: the reporter did not know where
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

    rows = list(
        SignalPerson.objects.filter(signal_id__in=list(outcomes), role=PersonRole.VICTIM).values_list("pk", "signal_id")
    )
    same = same_person([person_id for person_id, _signal_id in rows])
    people = []
    for person_id, signal_id in rows:
        at = closed_at.get(signal_id)
        people.append(
            kpis.PersonFacts(
                person_id=str(same.get(person_id, person_id)),
                role=kpis.PersonRole.VICTIM,
                identified_as_victim_at=at,
                placed_in_shelter_at=at if outcomes[signal_id] == "placed_in_shelter" else None,
            )
        )
    return people


def same_person(person_ids: list[int]) -> dict[int, int]:
    """Person id → one id for everyone both organisations confirmed to be the same person.

    A victim who recurs in signals of several organisations is one person once the linkage
    notice between them is confirmed on both sides (`samen.linkage`); until then each record
    counts on its own.
    """
    from samen.linkage.models import PossibleLink, SideStatus

    wanted = set(person_ids)
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    confirmed = PossibleLink.objects.filter(status_a=SideStatus.CONFIRMED, status_b=SideStatus.CONFIRMED)
    for a, b in confirmed.values_list("encoding_a__person_id", "encoding_b__person_id"):
        if a in wanted or b in wanted:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in wanted if root(x) != x}


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


def link_ratio(since: datetime) -> kpis.Ratio | None:
    """`kpis.cross_region_links` at safety-region level over the notices made since ``since``."""
    if not apps.is_installed("samen.linkage"):
        return None
    from samen.linkage.models import PossibleLink, SideStatus

    mapping = region_mapping("safety_region")
    links = []
    for pk, where_a, where_b, status_a, status_b in PossibleLink.objects.filter(created_at__gte=since).values_list(
        "pk",
        "encoding_a__person__signal__municipality__code",
        "encoding_b__person__signal__municipality__code",
        "status_a",
        "status_b",
    ):
        links.append(
            kpis.LinkFacts(
                link_id=str(pk),
                regions_a=frozenset({mapping[where_a]}) if where_a in mapping else frozenset(),
                regions_b=frozenset({mapping[where_b]}) if where_b in mapping else frozenset(),
                confirmed=status_a == SideStatus.CONFIRMED and status_b == SideStatus.CONFIRMED,
            )
        )
    return kpis.cross_region_links(links, level="safety_region")


def kpi_figures(*, now: datetime | None = None) -> dict:
    """The raw (unsuppressed) figures of the programme goals, as JSON-ready values."""
    now = now or timezone.now()
    since = now - timedelta(days=PERIOD_DAYS)
    feedback = feedback_ratio(since, now)
    figures: dict = {
        "now": now.isoformat(),
        "since": since.isoformat(),
        "casework": _casework_available(),
        "feedback": [feedback.numerator, feedback.denominator],
    }
    links = link_ratio(since)
    figures["links"] = None if links is None else [links.numerator, links.denominator]
    if not figures["casework"]:
        return figures
    tracks = track_facts(since)
    both = kpis.both_tracks_on_time(tracks, as_of=now)
    figures["both_on_time"] = [both.numerator, both.denominator]
    figures["times"] = {}
    for kind in (kpis.TrackKind.VICTIM, kpis.TrackKind.PERPETRATOR):
        distribution = kpis.time_to_first_action(tracks, kind=kind)
        figures["times"][str(kind)] = [
            distribution.count,
            distribution.median,
            distribution.p90,
            distribution.not_yet_acted,
        ]
    figures["stuck"] = kpis.stuck_per_organisation(tracks, as_of=now)
    victims = kpis.victims_identified_and_sheltered(person_facts(since), start=since, end=now)
    figures["victims"] = [victims.identified, victims.placed_in_shelter]
    return figures


def refresh_kpis(*, now: datetime | None = None, max_age_minutes: int | None = None) -> KpiSnapshot | None:
    """Compute a new snapshot when the newest is older than ``max_age_minutes`` (None: always)."""
    now = now or timezone.now()
    if max_age_minutes is not None:
        if KpiSnapshot.objects.filter(computed_at__gt=now - timedelta(minutes=max_age_minutes)).exists():
            return None
    snapshot = KpiSnapshot.objects.create(computed_at=now, figures=kpi_figures(now=now))
    KpiSnapshot.objects.filter(computed_at__lt=snapshot.computed_at).delete()
    return snapshot


def kpi_minutes() -> int:
    return int(getattr(settings, "SAMEN_INSIGHTS_KPI_MINUTES", 15))


def kpi_context(*, now: datetime | None = None) -> dict:
    """What the page shows: the newest snapshot's figures (computed now only when ``now`` is given
    or there is none), each passed through suppression."""
    if now is None:
        snapshot = KpiSnapshot.objects.order_by("-computed_at").first()
        figures = snapshot.figures if snapshot else refresh_kpis().figures
    else:
        figures = kpi_figures(now=now)
    threshold = reports.threshold()
    since = datetime.fromisoformat(figures["since"])
    context: dict = {
        "casework": figures["casework"],
        "since": since,
        "now": datetime.fromisoformat(figures["now"]),
        "linkage": figures["links"] is not None,
    }
    context["feedback"] = _share(kpis.Ratio(*figures["feedback"]), threshold)
    if figures["links"] is not None:
        context["links"] = _share(kpis.Ratio(*figures["links"]), threshold)
    if not context["casework"]:
        return context
    context["both_on_time"] = _share(kpis.Ratio(*figures["both_on_time"]), threshold)
    times = []
    for kind, label in (
        (kpis.TrackKind.VICTIM, _("victim track")),
        (kpis.TrackKind.PERPETRATOR, _("perpetrator track")),
    ):
        count, median, p90, waiting = figures["times"][str(kind)]
        enough = count >= threshold
        times.append(
            {
                "label": label,
                "count": count if enough else None,
                "median": median if enough else None,
                "p90": p90 if enough else None,
                "waiting": waiting,
            }
        )
    context["times"] = times
    stuck = figures["stuck"]
    from samen.partners.models import Organisation

    names = dict(Organisation.objects.filter(pk__in=[int(k) for k in stuck]).values_list("pk", "name"))
    table = suppress_1d(stuck, threshold=threshold) if stuck else None
    context["stuck"] = (
        [(names.get(int(org), org), cell) for org, cell in table.items() if cell.value != 0] if table else []
    )
    context["stuck_total"] = table.total if table else None
    identified, sheltered = figures["victims"]
    victim_table = suppress_1d({"identified_only": identified - sheltered, "sheltered": sheltered}, threshold=threshold)
    context["victims_identified"] = victim_table.total
    context["victims_sheltered"] = victim_table["sheltered"]
    context["period_start"] = since.astimezone(UTC).date()
    return context
