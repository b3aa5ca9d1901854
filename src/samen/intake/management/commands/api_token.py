"""`samen api_token <org-slug> <name>`: create an API token for a partner system and print it once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from samen.intake.api_tokens import api_token_create
from samen.partners.models import Organisation


class Command(BaseCommand):
    help = "Create an API token for an organisation; the token is printed once and never again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("organisation", help="slug of the organisation")
        parser.add_argument("name", help="a name for the token, e.g. the partner system")

    def handle(self, *args, organisation: str, name: str, **options) -> None:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with slug {organisation!r}.")
        _token, raw = api_token_create(organisation=org, name=name)
        self.stdout.write(raw)
