"""`samen generate --signals N`: fill the database with synthetic signals for measurement.

With casework installed, the signals of the last twelve months also get casework tracks and events
written by bulk INSERT (see `samen.insights.generator`), so the programme goals have data at scale.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from samen.insights.aggregates import refresh_insights
from samen.insights.generator import generate_signals
from samen.insights.kpi_page import refresh_kpis


class Command(BaseCommand):
    help = "Write N synthetic signals (clearly marked as test data) and refresh the insight summaries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--signals", type=int, default=10_000)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=20_000)
        parser.add_argument("--no-refresh", action="store_true", help="Leave the summary tables as they are.")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        written = generate_signals(
            options["signals"],
            months=options["months"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            report=(lambda line: self.stdout.write(line)) if options["verbosity"] > 1 else None,
        )
        generated = time.perf_counter()
        self.stdout.write(f"{written} signals written in {generated - started:.1f} s")
        if not options["no_refresh"]:
            counted = refresh_insights(settle_seconds=0)
            self.stdout.write(
                f"{counted} signals counted into the summaries in {time.perf_counter() - generated:.1f} s"
            )
            started = time.perf_counter()
            refresh_kpis()
            self.stdout.write(f"programme goals computed in {time.perf_counter() - started:.1f} s")
