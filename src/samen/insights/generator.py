"""Synthetic signals for measurement and for the demo's history: fast, plausible, clearly fake.

Every generated signal has a receipt code starting with ``GEN-``, an idempotency key starting
with ``generated:``, no reporter contact, no identity and the text "Generated signal (test
data)". Rows are written with plain multi-row INSERTs in batches, with ids chosen up front so
persons and forms can point at them, and the id sequences are reset afterwards (PostgreSQL).

Distributions (rough, after the CoMensha/NRM pictures): a few big cities weigh most, the rest
follow a Zipf-like curve; about 40% sexual, 40% labour and 15% criminal exploitation, a few
signals with several forms, public reports often without a form; a slow upward trend with a
summer peak. A `Plant` moves signals of one form out of one region into another from a month
on, so that the waterbed page has something real to find.

Casework tracks (generator only): when casework is installed, every signal of the last twelve
months (the period of the programme goals) gets a victim and a perpetrator track with an owner,
an "opened" event and usually a first action (most within the deadline, some late, some never),
and many an outcome ("placed in shelter", "referred to care", "investigation started", ...);
open tracks without a state change for weeks are the stuck ones. These rows go straight into
casework's tables with the same bulk INSERTs, bypassing `casework.services`, because a million
service calls would take hours; application code never does this.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from samen.geo.models import Municipality
from samen.insights.waterbed import add_months
from samen.intake.models import Channel, Gender, PersonRole, PublicStatus, ReporterType, Sector, Signal, SignalPerson

GENERATED_PREFIX = "GEN-"
GENERATED_KEY = "generated:"
GENERATED_TEXT = "Gegenereerd signaal (testgegevens). Generated signal (test data)."
BIG_CITIES = {"GM0363": 40.0, "GM0599": 30.0, "GM0518": 25.0, "GM0344": 18.0, "GM0772": 8.0, "GM0014": 7.0}

FORMS = [("SEKS", 38), ("ARBEID", 38), ("CRIM", 14), ("ORGAAN", 0.3), ("", 7), ("MULTI", 2.7)]
SECTORS_BY_FORM = {
    "SEKS": [(Sector.SEX_WORK, 60), (Sector.ONLINE, 25), (Sector.BEAUTY, 5), (Sector.UNKNOWN, 10)],
    "ARBEID": [
        (Sector.AGRICULTURE, 20),
        (Sector.CONSTRUCTION, 15),
        (Sector.HOSPITALITY, 12),
        (Sector.CLEANING, 8),
        (Sector.LOGISTICS, 12),
        (Sector.MEAT, 8),
        (Sector.DOMESTIC, 5),
        (Sector.BEAUTY, 5),
        (Sector.CARE, 3),
        (Sector.RETAIL, 4),
        (Sector.UNKNOWN, 8),
    ],
    "CRIM": [(Sector.CRIME, 70), (Sector.RETAIL, 15), (Sector.UNKNOWN, 15)],
}
CHANNELS = [
    (Channel.PUBLIC_WEB, 30),
    (Channel.PROFESSIONAL_WEB, 35),
    (Channel.PHONE, 15),
    (Channel.EMAIL, 8),
    (Channel.WALK_IN, 2),
    (Channel.API, 10),
]
PUBLIC_REPORTERS = [(ReporterType.WITNESS, 60), (ReporterType.RELATIVE, 25), (ReporterType.SELF, 15)]
NATIONALITIES = [
    ("Nederlands", 22),
    ("Pools", 9),
    ("Roemeens", 12),
    ("Bulgaars", 8),
    ("Hongaars", 3),
    ("Oekraïens", 6),
    ("Nigeriaans", 6),
    ("Eritrees", 4),
    ("Vietnamees", 4),
    ("Chinees", 3),
    ("Braziliaans", 2),
    ("Marokkaans", 3),
    ("Filipijns", 2),
    ("", 16),
]


@dataclass(frozen=True)
class Plant:
    """From ``start`` on, move ``share`` of ``form`` signals in ``source`` municipalities to ``target`` ones."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    start: date
    form: str
    share: float = 0.6


def _weighted(rng: random.Random, pairs: list[tuple[object, float]]) -> Callable[[], object]:
    values = [v for v, _ in pairs]
    cumulative, total = [], 0.0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)

    def pick() -> object:
        return rng.choices(values, cum_weights=cumulative, k=1)[0]

    return pick


def _columns(model, values: dict[str, object]) -> tuple[str, list[str]]:
    names = [f.column for f in model._meta.concrete_fields if f.column in values]
    return model._meta.db_table, names


def _with_copies(person: dict[str, object]) -> dict[str, object]:
    """A generated person with its de-identified copies: a number and a country name hold nothing
    to remove."""
    return {**person, "deidentified_age": person["age"], "deidentified_nationality": person["nationality"]}


def _insert(model, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    table, names = _columns(model, rows[0])
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    per_row = "(" + ", ".join(["%s"] * len(names)) + ")"
    step = max(1, 900 // len(names))  # SQLite allows 999 parameters per statement on old builds
    with connection.cursor() as cursor:
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES " + ", ".join(  # noqa: S608
                [per_row] * len(chunk)
            )
            cursor.execute(sql, [row[n] for row in chunk for n in names])


def generate_signals(
    count: int,
    *,
    months: int = 24,
    seed: int = 1,
    end: date | None = None,
    plant: Plant | None = None,
    batch_size: int = 20_000,
    report: Callable[[str], None] | None = None,
    with_tracks: bool = True,
) -> int:
    """Write ``count`` synthetic signals spread over the ``months`` up to ``end`` (this month).

    ``with_tracks=False`` leaves casework alone: the demo's history must not fill the
    professionals' work queues with generated signals owned by random organisations.
    """
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("code").values_list("pk", "code"))
    if not municipalities:
        raise RuntimeError("load the geography first (samen demo or load_geography)")
    id_of = {code: pk for pk, code in municipalities}
    weights = [
        BIG_CITIES.get(code, 6.0 / (1 + (rank * 7919) % 97) ** 0.7) for rank, (_, code) in enumerate(municipalities)
    ]
    pick_municipality = _weighted(rng, list(zip([pk for pk, _ in municipalities], weights, strict=True)))
    pick_form = _weighted(rng, FORMS)
    pick_sector = {form: _weighted(rng, pairs) for form, pairs in SECTORS_BY_FORM.items()}
    pick_channel = _weighted(rng, CHANNELS)
    pick_public_reporter = _weighted(rng, PUBLIC_REPORTERS)
    pick_nationality = _weighted(rng, NATIONALITIES)
    latest = datetime.now(UTC) - timedelta(minutes=5)
    today = latest.date()
    last_month = date((end or today).year, (end or today).month, 1)
    first_month = add_months(last_month, -(months - 1))
    month_list = [add_months(first_month, i) for i in range(months)]
    # Slow growth (about 15% a year) and a summer peak in labour exploitation.
    month_weights = [(1 + 0.0125 * i) * (1.15 if m.month in (6, 7, 8) else 1.0) for i, m in enumerate(month_list)]
    pick_month = _weighted(rng, list(zip(range(months), month_weights, strict=True)))
    source = {id_of[c] for c in plant.source if c in id_of} if plant else set()
    targets = [id_of[c] for c in plant.target if c in id_of] if plant else []
    forms_through = Signal.forms.through
    adapt = connection.ops.adapt_datetimefield_value
    # An empty JSON list as the database takes it in a raw INSERT (text on SQLite, jsonb on PostgreSQL).
    no_parts = Signal._meta.get_field("deidentified_parts").get_db_prep_save([], connection)
    next_signal = (Signal.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    next_person = (SignalPerson.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    next_link = (forms_through.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    tracks = _TrackWriter.for_run(rng, since=latest - timedelta(days=365), now=latest) if with_tracks else None
    written = 0
    while written < count:
        size = min(batch_size, count - written)
        signals, persons, links = [], [], []
        for _ in range(size):
            signal_id = next_signal
            next_signal += 1
            month_index = pick_month()
            month = month_list[month_index]
            municipality = pick_municipality()
            form = pick_form()
            if plant and form == plant.form and month >= plant.start and municipality in source and targets:
                if rng.random() < plant.share:
                    municipality = rng.choice(targets)
            channel = pick_channel()
            public = channel == Channel.PUBLIC_WEB
            if public and rng.random() < 0.6:
                form = ""
            sector = pick_sector[form]() if form in pick_sector and not public else Sector.UNKNOWN
            reporter = pick_public_reporter() if public else ReporterType.PROFESSIONAL
            days = (add_months(month, 1) - month).days
            created = datetime(month.year, month.month, 1, tzinfo=UTC) + timedelta(
                days=rng.randrange(days), seconds=rng.randrange(86_400)
            )
            if created > latest:  # this month: only the days that have passed
                created = latest - timedelta(seconds=rng.randrange(max(1, int((latest - created).total_seconds()) + 1)))
            signals.append(
                {
                    "id": signal_id,
                    "receipt_code": f"{GENERATED_PREFIX}{signal_id:010d}",
                    "secret_hash": "!",
                    "channel": channel,
                    "reporter_type": reporter,
                    "what": GENERATED_TEXT,
                    "municipality_id": municipality,
                    "place": "",
                    "when": "",
                    "acute_danger": False,
                    "sector": sector,
                    "organisation_reference": "",
                    "language": "",
                    "public_status": PublicStatus.RECEIVED,
                    "deidentified_parts": no_parts,
                    "deidentified_text": GENERATED_TEXT,
                    "deidentified_when": "",
                    # Its copies are made here; without this the worker would de-identify thousands
                    # of generated texts before the signals someone is about to read.
                    "deidentified_at": adapt(created),
                    "idempotency_key": f"{GENERATED_KEY}{signal_id}",
                    "fingerprint": "",
                    "created_at": adapt(created),
                }
            )
            codes = ["SEKS", "ARBEID"] if form == "MULTI" else ([form] if form else [])
            for code in codes:
                links.append({"id": next_link, "signal_id": signal_id, "exploitationform_id": code})
                next_link += 1
            victim_age = rng.randint(13, 17) if (form == "CRIM" and rng.random() < 0.4) else rng.randint(16, 58)
            persons.append(
                _with_copies(
                    {
                        "id": next_person,
                        "signal_id": signal_id,
                        "role": PersonRole.VICTIM,
                        "age": str(victim_age) if rng.random() < 0.8 else "",
                        "gender": rng.choice([Gender.FEMALE, Gender.FEMALE, Gender.MALE, Gender.MALE, Gender.UNKNOWN])
                        if form != "SEKS"
                        else (Gender.FEMALE if rng.random() < 0.9 else Gender.MALE),
                        "nationality": pick_nationality(),
                        "description": "",
                        "position": 0,
                    }
                )
            )
            next_person += 1
            if tracks is not None:
                tracks.add(signal_id, created)
            if rng.random() < 0.7:
                persons.append(
                    _with_copies(
                        {
                            "id": next_person,
                            "signal_id": signal_id,
                            "role": PersonRole.PERPETRATOR,
                            "age": str(rng.randint(20, 60)) if rng.random() < 0.5 else "",
                            "gender": Gender.MALE if rng.random() < 0.75 else Gender.FEMALE,
                            "nationality": pick_nationality(),
                            "description": "",
                            "position": 1,
                        }
                    )
                )
                next_person += 1
        with transaction.atomic():
            _insert(Signal, signals)
            _insert(forms_through, links)
            _insert(SignalPerson, persons)
            if tracks is not None:
                tracks.flush()
        written += size
        if report:
            report(f"{written} signals written")
    _reset_sequences()
    if written >= batch_size and connection.vendor == "postgresql":
        # The planner's statistics still describe the tables before the load: on PostgreSQL a
        # correlated MIN() then walks the whole event table by its date index once per track
        # (the track summary recount ran for hours instead of seconds). Autovacuum would catch
        # up eventually; a bulk loader should not leave that to chance.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return written


VICTIM_OUTCOMES = [("placed_in_shelter", 25), ("referred_to_care", 35), ("b8_granted", 5), ("no_indications", 35)]
PERPETRATOR_OUTCOMES = [
    ("investigation_started", 30),
    ("administrative_measure", 15),
    ("labour_inspection", 15),
    ("no_indications", 40),
]


class _TrackWriter:
    """Victim and perpetrator tracks with their events for generated signals (see the module doc)."""

    def __init__(self, rng: random.Random, *, since: datetime, now: datetime) -> None:
        from samen.casework.models import SignalTrack, TrackEvent
        from samen.partners.models import Organisation

        self.rng, self.since, self.now = rng, since, now
        self.track_model, self.event_model = SignalTrack, TrackEvent
        # An empty JSON object as the database takes it in a raw INSERT (text on SQLite, jsonb on PostgreSQL).
        self.no_parts = SignalTrack._meta.get_field("routing_reason_parts").get_db_prep_save({}, connection)
        owners = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:40])
        self.pick_owner = _weighted(rng, [(pk, 1.0 / (1 + i) ** 0.5) for i, pk in enumerate(owners)])
        self.pick_outcome = {
            "victim": _weighted(rng, VICTIM_OUTCOMES),
            "perpetrator": _weighted(rng, PERPETRATOR_OUTCOMES),
        }
        self.next_track = (SignalTrack.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_event = (TrackEvent.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.tracks: list[dict[str, object]] = []
        self.events: list[dict[str, object]] = []

    @classmethod
    def for_run(cls, rng: random.Random, *, since: datetime, now: datetime) -> _TrackWriter | None:
        """A writer when casework is installed and there are organisations to own tracks; else None."""
        if not apps.is_installed("samen.casework"):
            return None
        from samen.partners.models import Organisation

        return cls(rng, since=since, now=now) if Organisation.objects.exists() else None

    def _event(
        self, track_id: int, kind: str, at: datetime, *, event: str = "", from_state: str = "", to_state: str = ""
    ) -> None:
        adapt = connection.ops.adapt_datetimefield_value
        self.events.append(
            {
                "id": self.next_event,
                "track_id": track_id,
                "kind": kind,
                "event": event,
                "from_state": from_state,
                "to_state": to_state,
                "reason": "",
                "reason_parts": self.no_parts,
                "at": adapt(min(at, self.now)),
            }
        )
        self.next_event += 1

    def add(self, signal_id: int, created: datetime) -> None:
        if created < self.since:
            return
        rng = self.rng
        adapt = connection.ops.adapt_datetimefield_value
        for kind in ("victim", "perpetrator"):
            track_id = self.next_track
            self.next_track += 1
            due = (created + timedelta(days=5)).date()
            self._event(track_id, "opened", created, to_state="new")
            state, outcome, updated = "new", "", created
            roll = rng.random()
            if roll < 0.9:  # a first action: most within the deadline (3 working days), some late
                hours = rng.expovariate(1 / 30) if rng.random() < 0.85 else 24 * rng.uniform(6, 20)
                acted = created + timedelta(hours=hours)
                if acted <= self.now:
                    self._event(track_id, "transition", acted, event="take", from_state="new", to_state="triage")
                    state, updated = "triage", acted
                    closing = acted + timedelta(days=rng.expovariate(1 / 25))
                    if rng.random() < 0.7 and closing <= self.now:
                        outcome = str(self.pick_outcome[kind]())
                        self._event(
                            track_id,
                            "transition",
                            closing,
                            event="record_outcome",
                            from_state="triage",
                            to_state="outcome",
                        )
                        state, updated = "outcome", closing
            self.tracks.append(
                {
                    "id": track_id,
                    "signal_id": signal_id,
                    "kind": kind,
                    "state": state,
                    "owner_id": self.pick_owner(),
                    "routing_reason": "",
                    "routing_reason_parts": self.no_parts,
                    "due_on": due,
                    "outcome": outcome,
                    "closing_reason": "",
                    "needs_joint_decision": False,
                    "created_at": adapt(created),
                    "updated_at": adapt(updated),
                }
            )

    def flush(self) -> None:
        _insert(self.track_model, self.tracks)
        _insert(self.event_model, self.events)
        self.tracks, self.events = [], []


def _reset_sequences() -> None:
    models = [Signal, SignalPerson, Signal.forms.through]
    if apps.is_installed("samen.casework"):
        from samen.casework.models import SignalTrack, TrackEvent

        models += [SignalTrack, TrackEvent]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
