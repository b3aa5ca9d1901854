"""`samen retention [--dry-run]`: delete or anonymise what is past its retention period."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandParser

from samen.retention.services import held_signal_ids, retention_apply


class Command(BaseCommand):
    help = "Apply the retention policies. With --dry-run, only report what would be deleted or anonymised."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options) -> None:
        dry_run = options["dry_run"]
        items = retention_apply(dry_run=dry_run)
        counts = Counter((i.policy.category, i.policy.outcome or "*", i.policy.action) for i in items)
        verb = "would" if dry_run else "did"
        for (category, outcome, action), n in sorted(counts.items()):
            self.stdout.write(f"{verb} {action} {category} (outcome {outcome}) of {n} signal(s)")
        if not items:
            self.stdout.write("Nothing is due.")
        self.stdout.write(f"{len(held_signal_ids())} signal(s) kept under a legal hold.")
