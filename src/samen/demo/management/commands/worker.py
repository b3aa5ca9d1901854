"""`samen worker`: run the background task worker (django-tasks database backend) and the
scheduler that enqueues the periodic jobs of `SAMEN_PERIODIC_TASKS`."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from samen.intake.deidentify import warm_up
from samen.web.scheduler import from_settings


class Command(BaseCommand):
    help = "Run the background worker that executes queued tasks."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls for new tasks.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--no-scheduler", action="store_true", help="Do not enqueue the periodic jobs.")

    def handle(self, *args, **options):
        arguments = ["--interval", str(options["interval"]), "--no-reload"]
        if options["batch"]:
            arguments.append("--batch")
        # One deduce instance for this process, loaded before the first task rather than by it.
        self.stdout.write("Loading de-identification (deduce) ...")
        self.stdout.flush()
        warm_up()
        stop = threading.Event()
        scheduler = None
        if not options["batch"] and not options["no_scheduler"]:
            # db_worker handles SIGTERM and Ctrl-C; when it returns, the scheduler stops too.
            scheduler = from_settings().start(stop)
        try:
            call_command("db_worker", *arguments)
        finally:
            stop.set()
            if scheduler is not None:
                scheduler.join(timeout=5)
