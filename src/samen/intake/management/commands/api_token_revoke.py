"""`samen api_token_revoke ORG NUMBER`: revoke an organisation's API token (numbers from
`samen api_token ORG --list`); `samen api_token_revoke --stdin`: revoke the token whose value is
read from standard input, for a leaked token whose owner is not known. The value never goes on the
command line, where the shell's history and the process list would keep it."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from samen.intake.api_tokens import api_token_revoke, token_hash
from samen.intake.management.commands.api_token import OPERATOR, organisation_by_slug
from samen.intake.models import ApiToken


class Command(BaseCommand):
    help = "Revoke an API token: the API refuses it within a second, in every process."

    def add_arguments(self, parser) -> None:
        parser.add_argument("organisation", nargs="?", help="slug of the organisation")
        parser.add_argument("number", nargs="?", type=int, help="the token's number (samen api_token ORG --list)")
        parser.add_argument("--stdin", action="store_true", help="read the token's value from standard input")

    def handle(self, *args, organisation: str | None, number: int | None, stdin: bool, **options) -> None:
        if stdin:
            raw = sys.stdin.readline().strip()
            token = ApiToken.objects.select_related("organisation").filter(token_hash=token_hash(raw)).first()
            if not raw or token is None:
                raise CommandError("No API token has this value.")
        else:
            if organisation is None or number is None:
                raise CommandError("Give the organisation's slug and the token's number, or --stdin.")
            org = organisation_by_slug(organisation)
            token = ApiToken.objects.select_related("organisation").filter(organisation=org, pk=number).first()
            if token is None:
                raise CommandError(f"{org.slug} has no API token with number {number}.")
        if api_token_revoke(token, actor=OPERATOR):
            self.stdout.write(f"Revoked token {token.pk} ({token.name}) of {token.organisation.slug}.")
        else:
            self.stdout.write(f"Token {token.pk} ({token.name}) of {token.organisation.slug} was revoked already.")
