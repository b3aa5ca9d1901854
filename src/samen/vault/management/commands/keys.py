"""`samen keys rotate`: re-encrypt every vault value under the newest key version, in batches."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from samen.vault.services import rotate


class Command(BaseCommand):
    help = "Identity vault keys. `rotate` re-encrypts every value under the newest key version of its organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        rotate_parser = sub.add_parser("rotate", help="Re-encrypt under the newest key versions.")
        rotate_parser.add_argument("--batch-size", type=int, default=500)
        rotate_parser.add_argument("--dry-run", action="store_true", help="Count what would be re-encrypted.")

    def handle(self, *args, **options) -> None:
        verb = "would re-encrypt" if options["dry_run"] else "re-encrypted"
        for report in rotate(batch_size=options["batch_size"], dry_run=options["dry_run"]):
            self.stdout.write(f"{report.model}: {verb} {report.rotated} of {report.examined} rows")
