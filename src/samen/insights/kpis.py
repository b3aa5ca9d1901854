"""Programme KPIs, defined once over plain records.

This module owns the exact definitions of the programme's key figures. It works on small
frozen dataclasses (no ORM), so the same definitions serve the pages, the summary tables and
the tests; a view or a nightly job builds the records from the database and calls these
functions. Every function's docstring is the definition that the pages should quote.

Working days are Monday to Friday except the public holidays of the Algemene termijnenwet
(art. 3: New Year's Day, Easter Monday, Ascension Day, Whit Monday, King's Day, 5 May, both
Christmas days; and Good Friday by art. 3(2)). Pass extra days (e.g. bridge days set by royal
decree, or an organisation's own days off) through ``holidays``.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

import numpy as np

REGION_PREFIXES = {
    "municipality": "GM",
    "safety_region": "VR",
    "police_unit": "RE",
    "riec": "RIEC-",
    "province": "PV",
}


class TrackKind(StrEnum):
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"


class PersonRole(StrEnum):
    VICTIM = "victim"
    SUSPECT = "suspect"
    OTHER = "other"


@dataclass(frozen=True)
class TrackFacts:
    """One follow-up track of a signal (victim care or perpetrator approach) at one organisation.

    ``region_codes`` holds the signal's codes at every level (GM..., VR..., RE..., RIEC-...,
    PV...). ``last_state_change_at`` defaults to ``created_at``. Whether a track is stuck is
    computed by :func:`is_stuck`, not stored, so there is one definition.
    """

    signal_id: str
    kind: TrackKind
    organisation_id: str
    created_at: datetime
    deadline_at: datetime | None = None
    first_action_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str = ""
    last_state_change_at: datetime | None = None
    region_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PersonFacts:
    """One person in one role; a person may have several records (e.g. victim and suspect)."""

    person_id: str
    role: PersonRole
    identified_as_victim_at: datetime | None = None
    placed_in_shelter_at: datetime | None = None


@dataclass(frozen=True)
class ReporterFacts:
    """The reporter of one signal and whether they heard back."""

    signal_id: str
    reporter_type: str
    wants_feedback: bool
    contactable: bool
    feedback_at: datetime | None = None


@dataclass(frozen=True)
class LinkFacts:
    """A link between two signals found by matching, with both signals' region codes."""

    link_id: str
    regions_a: frozenset[str]
    regions_b: frozenset[str]
    confirmed: bool = True


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> signals left out

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Distribution:
    count: int
    median: float | None
    p90: float | None
    not_yet_acted: int  # open tracks without a first action; they are censored, not included


@dataclass(frozen=True)
class VictimCounts:
    identified: int
    placed_in_shelter: int


# --- calendar ---------------------------------------------------------------------------------


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def dutch_public_holidays(year: int) -> list[date]:
    """Algemeen erkende feestdagen (Algemene termijnenwet art. 3, incl. Good Friday) in ``year``."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # celebrated on Saturday 26 April when the 27th is a Sunday
        kings_day = date(year, 4, 26)
    return sorted(
        {
            date(year, 1, 1),
            easter - timedelta(days=2),
            easter + timedelta(days=1),
            kings_day,
            date(year, 5, 5),
            easter + timedelta(days=39),
            easter + timedelta(days=50),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def _as_date(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _holidays_between(start: date, end: date, extra: Collection[date]) -> list[date]:
    days = {d for year in range(start.year, end.year + 1) for d in dutch_public_holidays(year)}
    return sorted(days | set(extra))


def working_days_between(start: date | datetime, end: date | datetime, holidays: Collection[date] = ()) -> int:
    """Working days after ``start``'s day up to and including ``end``'s day (same day: 0).

    A signal created on Friday and acted upon on Monday took 1 working day.
    """
    first, last = _as_date(start), _as_date(end)
    if last <= first:
        return 0
    if not holidays:  # the common case: a year of tracks has at most a few hundred distinct days
        return _working_days_cached(first, last)
    begin, stop = first + timedelta(days=1), last + timedelta(days=1)
    return int(np.busday_count(begin, stop, holidays=_holidays_between(begin, last, holidays)))


@functools.lru_cache(maxsize=200_000)
def _working_days_cached(first: date, last: date) -> int:
    begin, stop = first + timedelta(days=1), last + timedelta(days=1)
    return int(np.busday_count(begin, stop, holidays=_holidays_between(begin, last, ())))


# --- KPIs -----------------------------------------------------------------------------------


FirstActionStatus = Literal["on_time", "late", "overdue", "pending", "no_deadline"]
FIRST_ACTION_STATUSES: tuple[FirstActionStatus, ...] = ("on_time", "late", "overdue", "pending", "no_deadline")


def first_action_status(track: TrackFacts, *, as_of: datetime) -> FirstActionStatus:
    """Whether a track's first action came within its deadline, as known at ``as_of``.

    * ``no_deadline``: the track has no deadline;
    * ``on_time``: a first action at or before the deadline (``first_action_at <= deadline_at``);
    * ``late``: a first action after the deadline;
    * ``overdue``: no first action, and the deadline lies before ``as_of``;
    * ``pending``: no first action yet, and the deadline has not passed.

    :func:`both_tracks_on_time` counts ``late`` and ``overdue`` alike as late. The track summary
    table (`insights.tracks`) computes the same five values in SQL.
    """
    if track.deadline_at is None:
        return "no_deadline"
    if track.first_action_at is not None:
        return "on_time" if track.first_action_at <= track.deadline_at else "late"
    return "overdue" if track.deadline_at < as_of else "pending"


def _track_state(track: TrackFacts, as_of: datetime) -> Literal["on_time", "late", "pending", "no_deadline"]:
    status = first_action_status(track, as_of=as_of)
    return "late" if status == "overdue" else status


def both_tracks_on_time(tracks: Iterable[TrackFacts], *, as_of: datetime) -> Ratio:
    """Share of signals whose victim track AND perpetrator track got a first action in time.

    Per track: on time when ``first_action_at <= deadline_at``; late when acted after the
    deadline, or not acted and the deadline is before ``as_of``; otherwise pending.
    A signal with several tracks of a kind needs every one of them on time.

    * Numerator: signals with at least one victim and one perpetrator track, all on time.
    * Denominator: those signals whose outcome is known: all tracks on time, or any track late.
    * Excluded (counted in ``excluded``): ``missing_track`` (no victim or no perpetrator
      track), ``no_deadline`` (a track without a deadline), ``pending`` (not late yet and
      not all acted upon).

    Filter ``tracks`` by period (e.g. signals created in the quarter) before calling.
    """
    by_signal: dict[str, list[TrackFacts]] = defaultdict(list)
    for track in tracks:
        by_signal[track.signal_id].append(track)
    excluded: dict[str, int] = defaultdict(int)
    met = decided = 0
    for signal_tracks in by_signal.values():
        if {t.kind for t in signal_tracks} != {TrackKind.VICTIM, TrackKind.PERPETRATOR}:
            excluded["missing_track"] += 1
            continue
        states = {_track_state(t, as_of) for t in signal_tracks}
        if "no_deadline" in states:
            excluded["no_deadline"] += 1
        elif "late" in states:
            decided += 1
        elif "pending" in states:
            excluded["pending"] += 1
        else:
            decided += 1
            met += 1
    return Ratio(met, decided, dict(excluded))


def nearest_rank_percentile(values: Iterable[float], percentile: float) -> float | None:
    """The smallest observed value with at least ``percentile``% of observations at or below it."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(percentile / 100 * len(ordered)))
    return ordered[rank - 1]


def time_to_first_action(
    tracks: Iterable[TrackFacts],
    *,
    unit: Literal["working_days", "hours"] = "working_days",
    kind: TrackKind | None = None,
    holidays: Collection[date] = (),
) -> Distribution:
    """Median and 90th percentile of the time from a track's creation to its first action.

    Per track (optionally of one ``kind``) that has a first action. ``working_days`` counts
    as :func:`working_days_between` (same day = 0); ``hours`` is elapsed clock time. The median
    is the usual middle value (mean of the two middle ones for an even count); the p90 is the
    nearest-rank value, so it is always a time that actually occurred. Tracks without a first
    action are not included (they would only make the figure look better if they were) and
    are reported as ``not_yet_acted``.
    """
    durations: list[float] = []
    waiting = 0
    for track in tracks:
        if kind is not None and track.kind is not kind:
            continue
        if track.first_action_at is None:
            waiting += 1
            continue
        if unit == "hours":
            durations.append((track.first_action_at - track.created_at).total_seconds() / 3600)
        else:
            durations.append(working_days_between(track.created_at, track.first_action_at, holidays))
    return Distribution(
        count=len(durations),
        median=statistics.median(durations) if durations else None,
        p90=nearest_rank_percentile(durations, 90),
        not_yet_acted=waiting,
    )


def is_stuck(track: TrackFacts, *, as_of: datetime, working_days: int = 10, holidays: Collection[date] = ()) -> bool:
    """An open track (not closed) whose state last changed ``working_days`` or more working
    days before ``as_of`` (creation counts as a state change)."""
    if track.closed_at is not None and track.closed_at <= as_of:
        return False
    last_change = track.last_state_change_at or track.created_at
    return working_days_between(last_change, as_of, holidays) >= working_days


def stuck_per_organisation(
    tracks: Iterable[TrackFacts], *, as_of: datetime, working_days: int = 10, holidays: Collection[date] = ()
) -> dict[str, int]:
    """Per organisation: the number of distinct signals with at least one stuck track there.

    Stuck as in :func:`is_stuck`. Organisations with open tracks but none stuck appear with 0.
    """
    stuck: dict[str, set[str]] = defaultdict(set)
    for track in tracks:
        if track.closed_at is not None and track.closed_at <= as_of:
            continue
        signals = stuck[track.organisation_id]
        if is_stuck(track, as_of=as_of, working_days=working_days, holidays=holidays):
            signals.add(track.signal_id)
    return {organisation: len(signals) for organisation, signals in sorted(stuck.items())}


def _within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


def victims_identified_and_sheltered(people: Iterable[PersonFacts], *, start: datetime, end: datetime) -> VictimCounts:
    """Victims (people, not signals and not suspects) identified and placed in shelter.

    * ``identified``: distinct ``person_id`` with a victim record whose
      ``identified_as_victim_at`` lies in ``[start, end)``.
    * ``placed_in_shelter``: distinct ``person_id`` with a victim record whose
      ``placed_in_shelter_at`` lies in ``[start, end)``.

    Suspect and other records never count, even with dates filled in; a person who is both a
    suspect and a victim (common in criminal exploitation) counts once, through the victim record.
    """
    identified: set[str] = set()
    sheltered: set[str] = set()
    for person in people:
        if person.role is not PersonRole.VICTIM:
            continue
        if _within(person.identified_as_victim_at, start, end):
            identified.add(person.person_id)
        if _within(person.placed_in_shelter_at, start, end):
            sheltered.add(person.person_id)
    return VictimCounts(len(identified), len(sheltered))


def feedback_share(reporters: Iterable[ReporterFacts], *, as_of: datetime | None = None) -> Ratio:
    """Share of reporters who asked for feedback, could be reached, and received it.

    * Denominator: signals whose reporter wants feedback and is contactable.
    * Numerator: of those, signals with ``feedback_at`` set (and not after ``as_of``, if given).
    * Excluded: ``anonymous`` (not contactable) and ``not_requested`` signals.
    """
    excluded: dict[str, int] = defaultdict(int)
    given = eligible = 0
    for reporter in reporters:
        if not reporter.contactable:
            excluded["anonymous"] += 1
        elif not reporter.wants_feedback:
            excluded["not_requested"] += 1
        else:
            eligible += 1
            if reporter.feedback_at is not None and (as_of is None or reporter.feedback_at <= as_of):
                given += 1
    return Ratio(given, eligible, dict(excluded))


def feedback_share_by_reporter_type(
    reporters: Iterable[ReporterFacts], *, as_of: datetime | None = None
) -> dict[str, Ratio]:
    """:func:`feedback_share` per reporter type."""
    groups: dict[str, list[ReporterFacts]] = defaultdict(list)
    for reporter in reporters:
        groups[reporter.reporter_type].append(reporter)
    return {kind: feedback_share(group, as_of=as_of) for kind, group in sorted(groups.items())}


def _region_at(codes: frozenset[str], prefix: str) -> str | None:
    matches = sorted(code for code in codes if code.startswith(prefix))
    return matches[0] if len(matches) == 1 else None


def cross_region_links(
    links: Iterable[LinkFacts], *, level: str = "safety_region", include_unconfirmed: bool = False
) -> Ratio:
    """Links between signals from different regions at ``level`` (see ``REGION_PREFIXES``).

    * Denominator: confirmed links (all links if ``include_unconfirmed``) whose two signals
      each have exactly one region at that level.
    * Numerator: of those, links whose two regions differ.
    * Excluded: ``unconfirmed`` and ``unknown_region``.
    """
    prefix = REGION_PREFIXES[level]
    excluded: dict[str, int] = defaultdict(int)
    across = known = 0
    for link in links:
        if not link.confirmed and not include_unconfirmed:
            excluded["unconfirmed"] += 1
            continue
        a, b = _region_at(link.regions_a, prefix), _region_at(link.regions_b, prefix)
        if a is None or b is None:
            excluded["unknown_region"] += 1
            continue
        known += 1
        across += a != b
    return Ratio(across, known, dict(excluded))
