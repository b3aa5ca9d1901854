"""`samen demo_code USERNAME`: the login code a demo account's authenticator app shows now.

A newcomer logs in as each demo role with the printed password and a TOTP code; without an
authenticator app or `oathtool` at hand, this prints the code. Demo accounts only, and never in
production, where no account's secret is known to anyone but its owner's app.
"""

import base64

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from samen.demo.accounts_data import DEMO_ACCOUNTS, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current login code of a demo account (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="A demo account, e.g. intake, zorg, politie.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("There are no demo accounts in production.")
        username = options["username"]
        names = [account.username for account in DEMO_ACCOUNTS]
        if username not in names:
            raise CommandError(f"{username!r} is not a demo account; these are: {', '.join(names)}.")
        code = totp(base64.b32decode(demo_totp_secret(username)))
        self.stdout.write(f"{code:06d}")
