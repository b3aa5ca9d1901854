"""Insight pages with a million signals: server time per page against a raw GROUP BY baseline.

Run: uv run python benchmarks/insights.py [--signals N] [--repeat R] [--postgres]
Generates N signals (default 1,000,000) into a fresh SQLite file (or the PostgreSQL database of
DATABASE_URL with --postgres), refreshes the summary tables, then times every insight page
through the Django test client as a logged-in analyst (median of R runs, after one warm-up) and,
in the same run, the raw GROUP BY month x municipality over the signals table that the pages
would need without summaries. Target: every page under 200 ms. The last line is
`insights_worst_page_ms: X`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

PAGES = [
    "/inzicht/",
    "/inzicht/tabel/?by=form",
    "/inzicht/tabel/?by=sector&channel=public_web",
    "/inzicht/tabel/?subject=persons&by=nationality_group&role=victim",
    "/inzicht/tabel/?by=area&columns=form&level=safety_region",
    "/inzicht/tabel/?by=period&grain=quarter&level=police_unit&region=RE07&sector=sex_work",
    "/inzicht/tabel/?subject=persons&by=age_band&level=safety_region&region=VR13&role=victim",
    "/inzicht/tabel/?subject=tracks&by=first_action&columns=kind",
    "/inzicht/tabel/?subject=tracks&by=area&columns=outcome&level=safety_region",
    "/inzicht/tabel/?subject=tracks&by=period&grain=quarter&level=police_unit&region=RE07&kind=victim",
    "/inzicht/kaart/",
    "/inzicht/kaart/?level=safety_region&form=ARBEID",
    "/inzicht/kaart/?level=municipality&format=csv",
    "/inzicht/vergelijken/?level=police_unit&grain=quarter",
    "/inzicht/waterbed/",
    "/inzicht/kpi/",
]


def _median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL (PostgreSQL)")
    args = parser.parse_args()
    if args.postgres and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--postgres needs DATABASE_URL=postgres://...")
    if not args.postgres:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/insights-bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    os.environ.setdefault("SAMEN_LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test import Client

    call_command("migrate", verbosity=0)
    if args.postgres:
        call_command("flush", interactive=False, verbosity=0)
    from samen.accounts.models import Role
    from samen.geo.models import Region
    from samen.geo.reference import load_geography
    from samen.insights.aggregates import refresh_insights
    from samen.insights.generator import Plant, generate_signals
    from samen.insights.kpi_page import refresh_kpis
    from samen.insights.maps import region_mapping
    from samen.insights.models import Intervention, SignalCount, TrackCount
    from samen.intake.models import Signal
    from samen.partners.reference import load_partner_reference
    from samen.testing.auth import login
    from samen.testing.factories import UserFactory

    load_geography()
    load_partner_reference()
    from samen.testing.factories import OrganisationFactory

    OrganisationFactory.create_batch(12)  # owners of the generated casework tracks
    vr = region_mapping("safety_region")
    started = time.perf_counter()
    generate_signals(
        args.signals,
        seed=1,
        plant=Plant(
            source=tuple(c for c, r in vr.items() if r == "VR17"),
            target=tuple(c for c, r in vr.items() if r == "VR15"),
            start=_months_ago(9),
            form="SEKS",
        ),
    )
    generated = time.perf_counter()
    refresh_insights(settle_seconds=0)
    refreshed = time.perf_counter()
    refresh_kpis()
    kpis_done = time.perf_counter()
    print(f"database: {connection.vendor}; signals: {Signal.objects.count()}")
    print(
        f"generate (signals + casework tracks): {generated - started:.1f} s; refresh summaries (with tracks): "
        f"{refreshed - generated:.1f} s; programme goals snapshot: {kpis_done - refreshed:.1f} s"
    )
    print(f"finest summary table: {SignalCount.objects.count()} rows; of tracks: {TrackCount.objects.count()} rows")
    Intervention.objects.create(
        region=Region.objects.get(code="VR17"), start=_months_ago(9), form="SEKS", label="Bench"
    )

    def baseline() -> None:
        list(
            Signal.objects.annotate(month=TruncMonth("created_at"))
            .values("month", "municipality_id")
            .annotate(n=Count("id"))
            .order_by()
        )

    def baseline_area_only() -> None:
        list(Signal.objects.values("municipality_id").annotate(n=Count("id")).order_by())

    by_month = _median_ms(baseline, max(1, args.repeat // 2))
    base = _median_ms(baseline_area_only, max(1, args.repeat // 2))
    print(f"baseline raw GROUP BY month x municipality over signals: {by_month:.1f} ms")
    print(f"baseline raw GROUP BY municipality over signals (ratios below): {base:.1f} ms")
    client = Client()
    login(client, UserFactory(roles=[Role.ANALYST]))
    worst = 0.0
    for url in PAGES:

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        ms = _median_ms(get, args.repeat)
        worst = max(worst, ms)
        print(f"{ms:8.1f} ms  ({ms / base:5.2f} x baseline)  {url}")
    print(f"insights_worst_page_ms: {worst:.1f}")


def _months_ago(months: int):
    from datetime import date

    today = date.today()
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


if __name__ == "__main__":
    main()
