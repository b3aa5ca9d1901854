"""Routing speed: decisions per second in process, against a dictionary lookup baseline.

Run: uv run python benchmarks/casework.py
Prints the time per decision for both tracks and its ratio to the baseline measured in the
same run; the last line is `routing_us_per_signal: X`.

Before it: the server time of the casework queue (`/werk/`) and the signal page
(`/werk/signaal/<id>/`) with 100,000 signals (200,000 tracks; BENCH_SIGNALS to change), through
the whole Django stack (middleware, templates), against a plain indexed query of the same rows
as baseline. SQLite by default; PostgreSQL when DATABASE_URL is given.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from samen.demo.partners_data import seed_partners
    from samen.geo.models import Municipality
    from samen.geo.reference import load_geography
    from samen.partners.reference import load_partner_reference
    from samen.routing import engine
    from samen.routing.demo_rules import seed_routing_rules
    from samen.routing.facts import signal_facts

    load_geography()
    load_partner_reference()
    seed_partners()
    seed_routing_rules()
    engine.invalidate()
    rng = random.Random(1)
    places = list(Municipality.objects.select_related("province", "safety_region", "police_unit", "riec"))
    forms = ["SEKS", "ARBEID", "ARBEID-BEDEL", "CRIM", "ORGAAN"]
    facts = [
        signal_facts(
            municipality=rng.choice(places),
            form_codes=rng.sample(forms, rng.randint(0, 2)),
            is_minor=rng.choice([None, True, False]),
            roles={"victim"},
            channel="public",
        )
        for _ in range(20_000)
    ]
    engine.route_both(facts[0])
    table = {f.municipality_id: f for f in facts}

    start = time.perf_counter()
    for f in facts:
        table.get(f.municipality_id)
    baseline = (time.perf_counter() - start) / len(facts)

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for f in facts:
            engine.route_both(f)
        best = min(best, (time.perf_counter() - start) / len(facts))
    print(f"signals routed: {len(facts)} x 3 runs, {sum(len(v) for v in engine._rules().values())} rules")
    print(f"baseline dict lookup: {baseline * 1e6:.3f} us")
    print(f"routing both tracks:  {best * 1e6:.2f} us per signal ({best / baseline:.0f}x baseline)")
    casework_pages(int(os.environ.get("BENCH_SIGNALS", "100000")))
    print(f"routing_us_per_signal: {best * 1e6:.2f}")


def _best_ms(call, runs: int = 7) -> float:
    call()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _bulk_signals(count: int) -> None:
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from samen.casework.models import SignalTrack
    from samen.casework.workflow import State
    from samen.geo.models import Municipality
    from samen.intake.models import Signal, SignalPerson
    from samen.partners.models import Organisation, OrganisationType

    rng = random.Random(2)
    places = list(Municipality.objects.values_list("pk", flat=True))
    care = list(Organisation.objects.filter(type=OrganisationType.CARE_COORDINATOR).values_list("pk", flat=True))
    police = list(Organisation.objects.filter(type=OrganisationType.POLICE).values_list("pk", flat=True))
    states = list(State)
    today = timezone.localdate()
    batch = 5000
    for start in range(0, count, batch):
        with transaction.atomic():
            signals = Signal.objects.bulk_create(
                Signal(
                    receipt_code=f"BM-{n:09d}",
                    secret_hash="-",  # noqa: S106 - no reporter secret in a benchmark
                    channel="public_web",
                    reporter_type="witness",
                    what="Benchmark",
                    deidentified_text="Benchmark",
                    municipality_id=rng.choice(places),
                    idempotency_key=f"bench:{n}",
                    fingerprint="0" * 64,
                )
                for n in range(start, min(count, start + batch))
            )
            SignalPerson.objects.bulk_create(
                SignalPerson(signal=s, role=role, age="30", position=i)
                for s in signals
                for i, role in enumerate(("victim", "perpetrator"))
            )
            SignalTrack.objects.bulk_create(
                SignalTrack(
                    signal=s,
                    kind=kind,
                    owner_id=rng.choice(owners),
                    state=rng.choice(states),
                    due_on=today + datetime.timedelta(days=rng.randint(-30, 30)),
                    routing_reason="Benchmark",
                )
                for s in signals
                for kind, owners in (("victim", care), ("perpetrator", police))
            )


def casework_pages(count: int) -> None:
    """Queue and signal page through the Django test client vs a plain indexed query."""
    from django.test import Client

    from samen.accounts.models import User
    from samen.casework import workflow
    from samen.casework.models import SignalTrack
    from samen.demo.accounts_data import seed_accounts
    from samen.intake.models import Signal
    from samen.testing.auth import login

    seed_accounts()
    start = time.perf_counter()
    _bulk_signals(count)
    loaded = time.perf_counter() - start
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database has them
    user = User.objects.get(username="coordinator")
    client = Client()
    login(client, user)
    mine = SignalTrack.objects.filter(owner_id=user.organisation_id)
    signal_pk = mine.order_by("pk").values_list("signal_id", flat=True).first()

    def baseline_queue() -> None:
        rows = mine.filter(state__in=workflow.OPEN_STATES).order_by("due_on")
        rows.count()
        list(rows.select_related("signal")[:25])

    def baseline_signal() -> None:
        Signal.objects.get(pk=signal_pk)
        list(SignalTrack.objects.filter(signal_id=signal_pk))

    def page(url: str):
        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    queue_base, queue_ms = _best_ms(baseline_queue), _best_ms(page("/werk/"))
    detail_base, detail_ms = _best_ms(baseline_signal), _best_ms(page(f"/werk/signaal/{signal_pk}/"))
    overdue_ms = _best_ms(page("/werk/?overdue=on&sort=old"))
    tracks = mine.count()
    print(f"casework: {count} signals, {tracks} tracks of the coordinator's organisation (loaded in {loaded:.0f} s)")
    print(f"queue baseline (indexed count + 25 rows): {queue_base:.2f} ms")
    print(f"queue page /werk/:                        {queue_ms:.2f} ms ({queue_ms / queue_base:.1f}x baseline)")
    print(f"queue page, overdue filter, oldest first: {overdue_ms:.2f} ms ({overdue_ms / queue_base:.1f}x baseline)")
    print(f"signal baseline (signal + its tracks):    {detail_base:.2f} ms")
    print(f"signal page /werk/signaal/<id>/:          {detail_ms:.2f} ms ({detail_ms / detail_base:.1f}x baseline)")


if __name__ == "__main__":
    sys.exit(main())
