"""`samen audit verify`: check the whole hash chain and the keyed head of the audit log."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks that no entry was edited, deleted, inserted, reordered or cut off."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Check the hash chain and the head record.")

    def handle(self, *args, **options) -> None:
        report = verify_chain()
        for problem in report.problems:
            where = f"entry {problem.seq}" if problem.seq is not None else "head"
            self.stderr.write(f"{problem.kind}: {where}: {problem.message}")
        if not report.ok:
            raise CommandError(
                f"The audit log is NOT intact: {len(report.problems)} problem(s) in {report.count} entries."
            )
        self.stdout.write(f"The audit log is intact: {report.count} entries, head matches.")
