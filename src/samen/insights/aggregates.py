"""Keeping the summary tables up to date, and reading counts from them.

Refresh is incremental: `refresh_insights` reads only signals with an id above the watermark,
counts them in memory and adds the counts to every summary table with one upsert per table
(`INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`, on SQLite and PostgreSQL alike), and
moves the watermark in the same transaction. A signal younger than `SAMEN_INSIGHTS_SETTLE_SECONDS`
(default 30) stops the run there: ids are handed out before commit, so a slightly older id may
still be in flight, and the next run picks both up. `rebuild_insights` recomputes everything from
scratch; the tests check that both give the same tables.

Counting rules (one definition, used by every page): a signal counts once, in the month it was
received (Dutch time), in its municipality, under its form (or "several forms", see
`dimensions.form_key`); when an owner corrects its municipality or forms, it moves to where it is
now (`corrections`). A person counts once per signal they are named in. Identities are never
read; only the role, approximate age, gender and nationality of `SignalPerson`.

Tracks (victim and perpetrator) are counted by `tracks.refresh_track_counts`, which this refresh
calls at its end: their tables are recounted when tracks changed rather than added to, since a
track's state changes after it is counted (the rules are in that module).

Reading: `counts(...)` picks the smallest table holding every dimension it needs (`CUBES`) and
runs one GROUP BY; regions and quarters/years are derived in Python from the municipality and
month, which keeps the tables small.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Sum
from django.utils import timezone

from samen.insights import dimensions
from samen.insights.maps import MUNICIPALITY, region_mapping
from samen.insights.models import (
    PersonCount,
    PersonNationalCount,
    SignalAreaCount,
    SignalCount,
    SignalNationalCount,
    SignalRegionCount,
    TrackCount,
    TrackNationalCount,
    TrackRegionCount,
    Watermark,
)
from samen.intake.models import Signal, SignalPerson

WATERMARK = "signals"
SIGNALS = "signals"
PERSONS = "persons"
TRACKS = "tracks"
SIGNAL_DIMENSIONS = ("form", "sector", "channel", "reporter_type")
PERSON_DIMENSIONS = ("role", "age_band", "gender", "nationality_group")
TRACK_DIMENSIONS = ("form", "kind", "state", "outcome", "first_action")
DIMENSIONS = {SIGNALS: SIGNAL_DIMENSIONS, PERSONS: PERSON_DIMENSIONS, TRACKS: TRACK_DIMENSIONS}
# The region levels with their own roll-up (`SignalRegionCount`).
REGION_LEVELS = ("safety_region", "police_unit", "riec", "province")
SUMMARY_MODELS = (
    SignalCount,
    SignalAreaCount,
    SignalNationalCount,
    SignalRegionCount,
    PersonCount,
    PersonNationalCount,
    TrackCount,
    TrackRegionCount,
    TrackNationalCount,
)

# Each subject's tables, smallest first, with the dimensions each holds.
CUBES: dict[str, list[tuple[type[models.Model], frozenset[str]]]] = {
    SIGNALS: [
        (SignalAreaCount, frozenset({"month", "municipality", "form"})),
        (SignalNationalCount, frozenset({"month", *SIGNAL_DIMENSIONS})),
        (SignalCount, frozenset({"month", "municipality", *SIGNAL_DIMENSIONS})),
    ],
    PERSONS: [
        (PersonNationalCount, frozenset({"month", *PERSON_DIMENSIONS})),
        (PersonCount, frozenset({"month", "municipality", *PERSON_DIMENSIONS})),
    ],
    TRACKS: [
        (TrackNationalCount, frozenset({"month", *TRACK_DIMENSIONS})),
        (TrackCount, frozenset({"month", "municipality", *TRACK_DIMENSIONS})),
    ],
}
# The roll-ups by region (`level`, `region` instead of the municipality), with what they hold.
REGION_CUBES: dict[str, tuple[type[models.Model], frozenset[str]]] = {
    SIGNALS: (SignalRegionCount, frozenset({"month", "municipality", "form"})),
    TRACKS: (TrackRegionCount, frozenset({"month", "municipality", *TRACK_DIMENSIONS})),
}


def _settle_seconds() -> int:
    return int(getattr(settings, "SAMEN_INSIGHTS_SETTLE_SECONDS", 30))


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE or "Europe/Amsterdam")


# --- refresh -----------------------------------------------------------------------------------


def _upsert(model: type[models.Model], columns: Sequence[str], counts: Counter, *, replace: bool = False) -> None:
    """Add ``counts`` to the cells (or, with ``replace``, set the cells to them) in one statement per batch."""
    rows = [(*key, n) for key, n in counts.items() if n or replace]  # adding 0 changes nothing
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * (len(columns) + 1))
    new_value = "excluded.n" if replace else f"{table}.n + excluded.n"
    sql = (
        f"INSERT INTO {table} ({names}, n) VALUES ({placeholders}) "  # noqa: S608 - names from model meta
        f"ON CONFLICT ({names}) DO UPDATE SET n = {new_value}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _add(model: type[models.Model], columns: Sequence[str], counts: Counter) -> None:
    """Add ``counts`` to the cells; a negative count (a corrected signal moving out of a cell) is
    taken off the existing cell, which goes when it reaches 0. Counts are never negative."""
    _upsert(model, columns, Counter({key: n for key, n in counts.items() if n > 0}))
    taken = [(key, -n) for key, n in counts.items() if n < 0]
    if not taken:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    where = " AND ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET n = n - %s WHERE {where}", [(n, *key) for key, n in taken])  # noqa: S608
        cursor.executemany(f"DELETE FROM {table} WHERE n = 0 AND {where}", [key for key, _n in taken])  # noqa: S608


def region_counts(area: Counter) -> Counter:
    """(month, municipality, form) counts rolled up to (level, region, month, form) for every level."""
    result: Counter = Counter()
    for level in REGION_LEVELS:
        mapping = region_mapping(level)
        for (month, municipality, form), n in area.items():
            result[level, mapping.get(municipality, municipality), month, form] += n
    return result


@dataclass
class Cells:
    """Counts to add to the signal and person tables, keyed by their finest cells."""

    signals: Counter = field(default_factory=Counter)
    persons: Counter = field(default_factory=Counter)

    def minus(self, other: Cells) -> Cells:
        """What turns ``other``'s counts into these: negative where a count moves out of a cell."""
        signals, persons = self.signals.copy(), self.persons.copy()
        signals.subtract(other.signals)
        persons.subtract(other.persons)
        return Cells(signals=signals, persons=persons)

    def write(self) -> None:
        area: Counter = Counter()
        national: Counter = Counter()
        for (month, municipality, form, sector, channel, reporter), n in self.signals.items():
            area[month, municipality, form] += n
            national[month, form, sector, channel, reporter] += n
        _add(SignalCount, ["month", "municipality", "form", "sector", "channel", "reporter_type"], self.signals)
        _add(SignalAreaCount, ["month", "municipality", "form"], area)
        _add(SignalNationalCount, ["month", "form", "sector", "channel", "reporter_type"], national)
        _add(SignalRegionCount, ["level", "region", "month", "form"], region_counts(area))
        person_national: Counter = Counter()
        for (month, _municipality, *rest), n in self.persons.items():
            person_national[(month, *rest)] += n
        _add(PersonCount, ["month", "municipality", "role", "age_band", "gender", "nationality_group"], self.persons)
        _add(PersonNationalCount, ["month", "role", "age_band", "gender", "nationality_group"], person_national)


# A signal as the summary tables read it, and its persons'.
SIGNAL_COLUMNS = ("pk", "created_at", "municipality__code", "channel", "reporter_type", "sector")
PERSON_COLUMNS = ("signal_id", "role", "age", "gender", "nationality")


def _count_batch(rows: list[tuple], zone: ZoneInfo) -> Cells:
    low, high = rows[0][0], rows[-1][0]
    forms: dict[int, list[str]] = {}
    through = Signal.forms.through
    for signal_id, code in (
        through.objects.filter(signal_id__gte=low, signal_id__lte=high)
        .order_by("signal_id", "exploitationform_id")
        .values_list("signal_id", "exploitationform_id")
    ):
        forms.setdefault(signal_id, []).append(code)
    persons = SignalPerson.objects.filter(signal_id__gte=low, signal_id__lte=high).values_list(*PERSON_COLUMNS)
    return count_rows(rows, forms, persons, zone)


def count_rows(rows: Iterable[tuple], forms: dict[int, list[str]], persons: Iterable[tuple], zone: ZoneInfo) -> Cells:
    """The cells that the signals ``rows`` (`SIGNAL_COLUMNS`) with their ``forms`` (codes by signal
    id) and ``persons`` (`PERSON_COLUMNS`) add to; persons of other signals are left out."""
    batch = Cells()
    where: dict[int, tuple[date, str]] = {}
    for signal_id, created_at, code, channel, reporter, sector in rows:
        municipality = code or ""  # "": the reporter did not know where; counted nationally, in no region
        local = created_at.astimezone(zone)
        month = date(local.year, local.month, 1)
        where[signal_id] = (month, municipality)
        form = dimensions.form_key(forms.get(signal_id, []))
        batch.signals[month, municipality, form, sector or "", channel, reporter] += 1
    for signal_id, role, age, gender, nationality in persons:
        if signal_id not in where:  # in the id range but not old enough yet: next run
            continue
        month, municipality = where[signal_id]
        key = (
            month,
            municipality,
            role,
            dimensions.age_band(age),
            gender or "",
            dimensions.nationality_group(nationality),
        )
        batch.persons[key] += 1
    return batch


def refresh_insights(*, batch_size: int = 50_000, settle_seconds: int | None = None) -> int:
    """Count the signals received since the last run into the summary tables; return how many.

    Then recount the tracks that changed (`tracks.refresh_track_counts`).
    """
    done = _refresh_signals(batch_size=batch_size, settle_seconds=settle_seconds)
    from samen.insights.tracks import refresh_track_counts  # tracks uses this module's helpers

    refresh_track_counts()
    return done


def _refresh_signals(*, batch_size: int, settle_seconds: int | None) -> int:
    settle = _settle_seconds() if settle_seconds is None else settle_seconds
    cutoff = timezone.now() - timedelta(seconds=settle)
    zone = _zone()
    done = 0
    while True:
        with transaction.atomic():
            mark, _ = Watermark.objects.select_for_update().get_or_create(name=WATERMARK)
            rows = list(
                Signal.objects.filter(pk__gt=mark.last_signal_id)
                .order_by("pk")
                .values_list(*SIGNAL_COLUMNS)[:batch_size]
            )
            ready = []
            for row in rows:
                if row[1] > cutoff:
                    break
                ready.append(row)
            if ready:
                _count_batch(ready, zone).write()
                mark.last_signal_id = ready[-1][0]
                done += len(ready)
            mark.refreshed_at = timezone.now()
            mark.save(update_fields=["last_signal_id", "refreshed_at"])
        if len(ready) < batch_size:
            return done


def rebuild_insights(*, batch_size: int = 50_000) -> int:
    """Throw the summary tables away and count every signal again (a full recompute)."""
    with transaction.atomic():
        for model in SUMMARY_MODELS:
            model.objects.all().delete()
        Watermark.objects.all().delete()
    return refresh_insights(batch_size=batch_size, settle_seconds=0)


def last_refresh() -> datetime | None:
    mark = Watermark.objects.filter(name=WATERMARK).first()
    return mark.refreshed_at if mark else None


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a page asks for. Empty strings mean "all"; months are first days, both inclusive."""

    start: date | None = None
    end: date | None = None
    level: str = MUNICIPALITY
    region: str = ""
    form: str | None = None
    sector: str | None = None
    channel: str | None = None
    reporter_type: str | None = None
    role: str | None = None
    age_band: str | None = None
    gender: str | None = None
    nationality_group: str | None = None
    kind: str | None = None
    state: str | None = None
    outcome: str | None = None
    first_action: str | None = None

    def dimension_filters(self, subject: str) -> dict[str, str]:
        names = DIMENSIONS[subject]
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    def not_applying(self, subject: str) -> list[str]:
        """The filters asked for that `subject`'s counts do not hold (a person has no sector, a
        signal no gender): left out of its counts, so the page must say so."""
        held = DIMENSIONS[subject]
        every = [name for names in DIMENSIONS.values() for name in names]
        return [name for name in dict.fromkeys(every) if name not in held and getattr(self, name) is not None]


def municipalities_in(level: str, region: str) -> list[str]:
    if level == MUNICIPALITY:
        return [region]
    return sorted(code for code, area in region_mapping(level).items() if area == region)


def _cube(subject: str, needed: set[str]) -> type[models.Model]:
    for model, held in CUBES[subject]:
        if needed <= held:
            return model
    raise ValueError(f"no summary table holds {sorted(needed)} for {subject}")


def counts(subject: str, by: Sequence[str], filters: Filters, *, grain: str = "month") -> Counter:
    """Counts grouped by ``by`` (any of: period, area, and the subject's dimensions).

    ``period`` is the month, quarter or year label (``grain``); ``area`` is the municipality or
    region code at ``filters.level``. Returns a Counter keyed by tuples in the order of ``by``.
    """
    wanted = [{"period": "month", "area": "municipality"}.get(name, name) for name in by]
    dimension_filters = filters.dimension_filters(subject)
    needed = set(wanted) | set(dimension_filters)
    query = {f"{name}": value for name, value in dimension_filters.items()}
    if filters.region:
        needed.add("municipality")
        query["municipality__in"] = municipalities_in(filters.level, filters.region)
    if filters.start:
        query["month__gte"] = filters.start
    if filters.end:
        query["month__lte"] = filters.end
    roll_up = REGION_CUBES.get(subject)
    # Tracks have a national table, smaller than a region level, for a question without an area.
    by_region = subject == SIGNALS or "municipality" in needed
    if filters.level != MUNICIPALITY and roll_up and needed <= roll_up[1] and by_region:
        # The region roll-up holds exactly this: read it instead of mapping municipalities.
        query.pop("municipality__in", None)
        if filters.region:
            query["region"] = filters.region
        wanted = ["region" if name == "municipality" else name for name in wanted]
        model, mapping = roll_up[0], None
        query["level"] = filters.level
    else:
        model = _cube(subject, needed | {"month"})
        mapping = region_mapping(filters.level) if filters.level != MUNICIPALITY and "area" in by else None
    rows = model.objects.filter(**query).values_list(*wanted).annotate(total=Sum("n")).order_by()
    result: Counter = Counter()
    for row in rows:
        *keys, total = row
        out = []
        for name, value in zip(by, keys, strict=True):
            if name == "period":
                value = dimensions.period_key(value, grain)
            elif name == "area" and mapping is not None:
                value = mapping.get(value, value)
            out.append(value)
        result[tuple(out)] += total
    return result


def months_covered(subject: str = SIGNALS) -> tuple[date, date] | None:
    """The first and last month with any signal (or, for tracks, any track) in the summary tables."""
    model = TrackNationalCount if subject == TRACKS else SignalAreaCount
    span = model.objects.aggregate(first=models.Min("month"), last=models.Max("month"))
    if span["first"] is None:
        return None
    return span["first"], span["last"]


def month_range(first: date, last: date) -> list[date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def period_labels(first: date, last: date, grain: str) -> list[str]:
    return list(dict.fromkeys(dimensions.period_key(m, grain) for m in month_range(first, last)))


def ordered(keys: Iterable[str]) -> list[str]:
    return sorted(keys, key=lambda k: (k == "", k))
