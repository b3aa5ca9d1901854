"""Routing speed: decisions per second in process, against a dictionary lookup baseline.

Run: uv run python benchmarks/casework.py
Prints the time per decision for both tracks and its ratio to the baseline measured in the
same run; the last line is `routing_us_per_signal: X`. (Queue and signal-detail timings with
100,000 signals come with the casework app.)
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
    print(f"routing_us_per_signal: {best * 1e6:.2f}")


if __name__ == "__main__":
    sys.exit(main())
