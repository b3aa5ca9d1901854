"""`samen worker`: run the background task worker (django-tasks database backend)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker that executes queued tasks."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls for new tasks.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")

    def handle(self, *args, **options):
        arguments = ["--interval", str(options["interval"]), "--no-reload"]
        if options["batch"]:
            arguments.append("--batch")
        call_command("db_worker", *arguments)
