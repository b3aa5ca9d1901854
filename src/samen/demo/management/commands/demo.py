"""`samen demo`: create the database, load reference and demo data, serve the site and a worker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from samen.demo.accounts_data import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_totp_secret
from samen.demo.seed import run_steps
from samen.demo.supervise import supervise


class Command(BaseCommand):
    help = "Set up Samen with real geography and demo data, then serve it with a background worker."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--reset", action="store_true", help="Start from an empty database.")
        parser.add_argument("--no-serve", action="store_true", help="Set up the data and stop.")
        parser.add_argument("--workers", type=int, default=2, help="Web server processes.")
        # --db is handled by the samen command before settings load; accepted here for --help.
        parser.add_argument("--db", help="SQLite file to use (sets DATABASE_URL).")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        self.stdout.write(self.style.MIGRATE_HEADING("Samen demo"))
        if options["reset"]:
            self._reset(db)
        if connection.vendor == "sqlite":
            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            self.stdout.write(f"Database: SQLite file {db['NAME']}")
        else:
            self.stdout.write(f"Database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')} on {db.get('HOST')}")
        self.stdout.write("Creating or updating the tables ...")
        call_command("migrate", interactive=False, verbosity=0)
        if options["reset"] and connection.vendor != "sqlite":
            call_command("flush", interactive=False, verbosity=0)
        # Notifications the demo data triggers while it is built are kept in memory, not printed:
        # the console is for progress. Their e-mail task runs at once rather than waiting in the
        # queue for the worker, which would print them all at its start. The served site uses
        # the configured backends.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            run_steps(lambda line: self.stdout.write(line))
        self._print_accounts(options)
        if options["no_serve"]:
            return
        self._serve(options)

    def _reset(self, db: dict) -> None:
        if connection.vendor == "sqlite":
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                path = Path(f"{db['NAME']}{suffix}")
                if path.exists():
                    path.unlink()
            self.stdout.write("Removed the old demo database.")

    def _print_accounts(self, options) -> None:
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Samen is ready at {url}"))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}; then the code that")
        self.stdout.write("`uv run samen demo_code USERNAME` prints, or an authenticator app set up with the account's")
        self.stdout.write(f"TOTP secret, e.g. `oathtool --totp -b SECRET`); log in at {url}account/inloggen/:")
        from samen.accounts.models import User

        users = {u.username: u for u in User.objects.select_related("organisation")}
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            if user is None:
                continue
            roles = ", ".join(user.role_labels)
            self.stdout.write(
                f"  {account.username:<12} TOTP {demo_totp_secret(account.username)}  {roles:<40} {user.organisation}"
            )
        self._print_api(url)
        self.stdout.write("Press Ctrl-C to stop the web server and the worker.")

    def _print_api(self, url: str) -> None:
        from samen.intake.demo import DEMO_API_ORGANISATION, demo_api_token, demo_api_token_revoked

        token = demo_api_token()
        self.stdout.write(f"Partner API ({url}api/v1/openapi.json), token of the demo partner system")
        self.stdout.write(f"({DEMO_API_ORGANISATION}): {token}")
        # Where an administrator sees it, and revokes it; a revoked demo token stays revoked.
        page = f"{url}api-koppelingen/{DEMO_API_ORGANISATION}/"
        self.stdout.write(f"  listed at {page} (as landelijk, the national administrator)")
        if demo_api_token_revoked():
            self.stdout.write("  (revoked on that page: the API refuses it; samen demo --reset makes a new demo)")
        # In a region of the demo's accounts: a signal in Westland went to organisations nobody could log in as.
        body = '{"what": "In een distributiecentrum werken mensen zeven dagen per week.", "where": "Rotterdam"}'
        self.stdout.write(
            f"  curl -X POST {url}api/v1/signals/ -H 'Authorization: Bearer {token}' "
            f"-H 'Idempotency-Key: demo-1' -H 'Content-Type: application/json' -d '{body}'"
        )
        self.stdout.write("  (a signal in Rotterdam: coordinator and politie follow it up)")

    def _serve(self, options) -> None:
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
        cache_dir = None
        if not env.get("REDIS_URL") and not env.get("SAMEN_CACHE_DIR"):
            # One cache for both web workers, so the public form's rate limit counts every report.
            cache_dir = env["SAMEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="samen-demo-cache-")
        web = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            [
                sys.executable,
                "-m",
                "gunicorn",
                "samen.wsgi:application",
                "--bind",
                f"{options['host']}:{options['port']}",
                "--workers",
                str(options["workers"]),
                # Threads, so signals that arrive together share a commit (samen.intake.group_commit).
                "--worker-class",
                "gthread",
                "--threads",
                "8",
                # Ctrl-C should not wait gunicorn's default 30 s for open keep-alive connections.
                "--graceful-timeout",
                "5",
                "--access-logfile",
                "-",
                "--access-logformat",
                "%(m)s %(U)s %(s)s %(M)sms",
                "--logger-class",
                "samen.web.access_log.AccessLogger",  # one line per request, whatever its path
            ],
            env=env,
        )
        worker = subprocess.Popen([sys.executable, "-m", "samen.cli", "worker"], env=env)
        try:
            supervise([web, worker], say=lambda text: self.stderr.write(text))
        finally:
            if cache_dir:
                shutil.rmtree(cache_dir, ignore_errors=True)
