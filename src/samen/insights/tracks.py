"""The track summary tables: victim and perpetrator tracks by month, area, form of exploitation,
kind, state, outcome and whether the first action came within the deadline.

Counting rules (the same definitions as the programme goals, `kpi_page` and `kpis`):

* a track counts once, in the month it was opened (Dutch time), in its signal's municipality,
  under its signal's form (one form, "several forms" or none, as `dimensions.form_key`);
* ``state`` is the track's workflow state now; ``outcome`` is the recorded outcome of a track
  closed with an outcome, and empty for every other track;
* ``first_action`` is `kpis.first_action_status` as of the count: the first action is the first
  event in `kpi_page.FIRST_ACTION_EVENTS`, the deadline `kpi_page.first_action_deadlines`.

A track changes after it is counted (a first action, a new state, an outcome), and one without a
first action turns from pending to overdue when its deadline passes, so these tables are not
added to like the signal tables but recounted, with set-based SQL (one GROUP BY), by
`refresh_track_counts`, which writes only the cells that changed so its write transaction stays
short:

* the first run of a Dutch day recounts every track: deadlines end at midnight, so that is when
  pending tracks become overdue (and a deletion by retention shows then at the latest);
* a later run recounts only the months in which a track was opened that has an event written
  since the last run (every change of a track writes one), and nothing when there is none.

The deadline depends on the day a track was opened in Dutch time, with the Dutch public holidays.
Rather than convert a million timestamps in SQL (on SQLite that is a Python function per row),
the count joins a small temporary table with one row per kind and UTC hour, holding that hour's
Dutch month and first-action deadline: whole-hour offsets put every moment of a UTC hour on the
same Dutch day. The hours in that table are also what limits a recount to some months.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from samen.geo.models import Municipality
from samen.insights import dimensions
from samen.insights.aggregates import REGION_LEVELS, _upsert, _zone
from samen.insights.kpi_page import FIRST_ACTION_EVENTS, first_action_deadlines
from samen.insights.maps import region_mapping
from samen.insights.models import TRACK_KEY, TrackCount, TrackNationalCount, TrackRegionCount, Watermark
from samen.insights.waterbed import add_months
from samen.intake.models import Signal

TRACK_WATERMARK = "tracks"
HOURS_TABLE = "insights_track_hours"
CLOSED_WITH_OUTCOME = "outcome"  # casework.workflow.State.OUTCOME: only then is the outcome counted
FINEST_COLUMNS = ["month", "municipality", *TRACK_KEY[1:]]
REGION_COLUMNS = ["level", "region", *TRACK_KEY]


def casework_installed() -> bool:
    return apps.is_installed("samen.casework")


def _column(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# --- the hours table -------------------------------------------------------------------------


def _hour_of(column: str) -> str:
    """SQL for the UTC hour of a stored moment: the key of the hours table."""
    if connection.vendor == "postgresql":
        return f"date_trunc('hour', {column})"  # Django's connections run in UTC
    return f"substr({column}, 1, 13)"  # SQLite stores 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC


def _key_of(moment: datetime) -> object:
    """The hours table's key of the UTC hour that ``moment`` starts (as `_hour_of` gives it)."""
    moment = moment.astimezone(UTC)
    return moment if connection.vendor == "postgresql" else f"{moment:%Y-%m-%d %H}"


def _moment_of(key: object) -> datetime:
    if isinstance(key, datetime):
        return key.astimezone(UTC)
    return datetime.strptime(str(key), "%Y-%m-%d %H").replace(tzinfo=UTC)


def _local_day(key: object) -> date:
    # Any moment of the hour will do: the Dutch offsets are whole hours.
    return (_moment_of(key) + timedelta(minutes=30)).astimezone(_zone()).date()


def _hours_opened(where: str = "", params: Iterable[object] = ()) -> list[object]:
    """The UTC hours in which tracks (those matching ``where``) were opened."""
    from samen.casework.models import SignalTrack

    hour = _hour_of(f"t.{_column(SignalTrack, 'created_at')}")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT {hour} FROM {_table(SignalTrack)} t {where}", list(params))  # noqa: S608
        return [key for (key,) in cursor.fetchall()]


def _hours_of_months(months: Iterable[date]) -> list[object]:
    """Every UTC hour of some Dutch months."""
    zone, keys = _zone(), []
    for month in months:
        moment = datetime(month.year, month.month, 1, tzinfo=zone).astimezone(UTC)
        end = datetime.combine(add_months(month, 1), datetime.min.time(), tzinfo=zone).astimezone(UTC)
        while moment < end:
            keys.append(_key_of(moment))
            moment += timedelta(hours=1)
    return keys


def _fill_hours(keys: list[object]) -> None:
    """The temporary table: (kind, UTC hour) -> Dutch month and first-action deadline."""
    from samen.routing.models import Track

    timestamp = "timestamp with time zone" if connection.vendor == "postgresql" else "text"
    deadline = first_action_deadlines(_zone())
    adapt_moment = connection.ops.adapt_datetimefield_value
    adapt_day = connection.ops.adapt_datefield_value
    rows: list[object] = []
    for key in keys:
        day = _local_day(key)
        for kind in Track.values:
            rows += [kind, key, adapt_day(dimensions.month_of(day)), adapt_moment(deadline(kind, day))]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {HOURS_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {HOURS_TABLE} (kind varchar(12) NOT NULL, hour {timestamp} NOT NULL, "
            f"month date NOT NULL, due_at {timestamp} NULL, PRIMARY KEY (kind, hour))"
        )
        per_statement = 200 * 4  # 800 parameters: under SQLite's old limit of 999
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join(["(%s, %s, %s, %s)"] * (len(chunk) // 4))
            cursor.execute(f"INSERT INTO {HOURS_TABLE} (kind, hour, month, due_at) VALUES {values}", chunk)  # noqa: S608


# --- counting --------------------------------------------------------------------------------


def _count_query(now: datetime) -> tuple[str, list[object]]:
    """One GROUP BY over the tracks opened in the hours of the hours table.

    Each correlated subquery is written once, so it runs once per track (through an index).
    """
    from samen.casework.models import SignalTrack, TrackEvent

    first_actions = TrackEvent.objects.filter(FIRST_ACTION_EVENTS)
    first_sql, first_params = first_actions.query.get_compiler(connection=connection).compile(first_actions.query.where)
    forms = Signal.forms.through
    t = {name: f"t.{_column(SignalTrack, name)}" for name in ("id", "signal", "kind", "state", "outcome", "created_at")}
    event_at, event_track = f"{_table(TrackEvent)}.{_column(TrackEvent, 'at')}", _column(TrackEvent, "track")
    sql = f"""
        SELECT h.month, COALESCE(m.{_column(Municipality, "code")}, ''),
            (SELECT CASE WHEN COUNT(*) > 1 THEN %s ELSE COALESCE(MIN(f.{_column(forms, "exploitationform")}), '') END
             FROM {_table(forms)} f WHERE f.{_column(forms, "signal")} = {t["signal"]}),
            {t["kind"]}, {t["state"]},
            CASE WHEN {t["state"]} = %s THEN {t["outcome"]} ELSE '' END,
            CASE WHEN h.due_at IS NULL THEN 'no_deadline' ELSE COALESCE(
                (SELECT CASE WHEN MIN({event_at}) <= h.due_at THEN 'on_time' ELSE 'late' END
                 FROM {_table(TrackEvent)} WHERE {_table(TrackEvent)}.{event_track} = {t["id"]} AND {first_sql}
                 HAVING MIN({event_at}) IS NOT NULL),
                CASE WHEN h.due_at < %s THEN 'overdue' ELSE 'pending' END) END,
            COUNT(*)
        FROM {_table(SignalTrack)} t
        JOIN {HOURS_TABLE} h ON h.kind = {t["kind"]} AND h.hour = {_hour_of(t["created_at"])}
        JOIN {_table(Signal)} s ON s.{_column(Signal, "id")} = {t["signal"]}
        LEFT JOIN {_table(Municipality)} m ON m.{_column(Municipality, "id")} = s.{_column(Signal, "municipality")}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    """  # noqa: S608 - names from model meta, values as parameters
    adapt = connection.ops.adapt_datetimefield_value
    params = [dimensions.MULTIPLE_FORMS, CLOSED_WITH_OUTCOME, *first_params, adapt(now)]
    return sql, params


def count_tracks(*, now: datetime, months: Iterable[date] | None = None) -> Counter:
    """The tracks opened in ``months`` (None: all) at the finest grain: (month, municipality, form,
    kind, state, outcome, first action) -> tracks. Reads only: runs outside a write transaction."""
    keys = _hours_opened() if months is None else _hours_of_months(months)
    sql, params = _count_query(now)
    try:
        _fill_hours(keys)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {HOURS_TABLE}")
    result: Counter = Counter()
    for month, *key, n in rows:
        result[(date.fromisoformat(str(month)[:10]), *key)] += n
    return result


def _roll_up(finest: Counter) -> tuple[Counter, Counter]:
    """The national and region tables from the finest one (a loop over cells, not tracks)."""
    national: Counter = Counter()
    regions: Counter = Counter()
    mappings = {level: region_mapping(level) for level in REGION_LEVELS}
    for (month, municipality, *rest), n in finest.items():
        national[(month, *rest)] += n
        for level, mapping in mappings.items():
            regions[(level, mapping.get(municipality, municipality), month, *rest)] += n
    return national, regions


def _replace(model: type[models.Model], columns: list[str], wanted: Counter, months: list[date] | None) -> None:
    """Make the table's rows (of ``months``; None: all) hold exactly ``wanted``, writing only the
    cells that differ."""
    rows = model.objects.all() if months is None else model.objects.filter(month__in=months)
    existing = {tuple(row[:-2]): (row[-2], row[-1]) for row in rows.values_list(*columns, "pk", "n")}
    gone = [pk for key, (pk, _n) in existing.items() if key not in wanted]
    changed = Counter({key: n for key, n in wanted.items() if key not in existing or existing[key][1] != n})
    for start in range(0, len(gone), 500):
        model.objects.filter(pk__in=gone[start : start + 500]).delete()
    _upsert(model, columns, changed, replace=True)


# --- refresh ---------------------------------------------------------------------------------


def _latest_event() -> int:
    from samen.casework.models import TrackEvent

    return TrackEvent.objects.aggregate(last=models.Max("pk"))["last"] or 0


def _months_touched(after_event: int) -> list[date]:
    """The Dutch months in which the tracks with an event after ``after_event`` were opened."""
    from samen.casework.models import SignalTrack, TrackEvent

    events = _table(TrackEvent)
    where = (
        f"WHERE t.{_column(SignalTrack, 'id')} IN (SELECT {_column(TrackEvent, 'track')} FROM {events} "  # noqa: S608
        f"WHERE {_column(TrackEvent, 'id')} > %s)"
    )
    return sorted({dimensions.month_of(_local_day(key)) for key in _hours_opened(where, [after_event])})


def refresh_track_counts(*, now: datetime | None = None) -> int | None:
    """Recount the tracks into the track tables (see the module docstring for when and which).

    Returns the tracks counted, or None when nothing was to be done (or casework is not installed).
    """
    if not casework_installed():
        return None
    now = now or timezone.now()
    mark = Watermark.objects.filter(name=TRACK_WATERMARK).first()
    latest = _latest_event()
    months: list[date] | None = None
    if mark is not None and mark.refreshed_at is not None:
        if mark.refreshed_at.astimezone(_zone()).date() == now.astimezone(_zone()).date():
            if mark.last_signal_id == latest:
                return None
            months = _months_touched(mark.last_signal_id)
    finest = count_tracks(now=now, months=months)
    national, regions = _roll_up(finest)
    with transaction.atomic():
        _replace(TrackCount, FINEST_COLUMNS, finest, months)
        _replace(TrackNationalCount, TRACK_KEY, national, months)
        _replace(TrackRegionCount, REGION_COLUMNS, regions, months)
        Watermark.objects.update_or_create(
            name=TRACK_WATERMARK, defaults={"last_signal_id": latest, "refreshed_at": now}
        )
    return sum(finest.values())


def last_count() -> datetime | None:
    mark = Watermark.objects.filter(name=TRACK_WATERMARK).first()
    return mark.refreshed_at if mark else None
