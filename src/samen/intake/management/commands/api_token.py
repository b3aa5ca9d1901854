"""`samen api_token ORG NAME`: create an API token for a partner system and print it once;
`samen api_token ORG --list`: the organisation's tokens, with the numbers `samen api_token_revoke` takes."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from samen.intake.api_tokens import api_token_create
from samen.intake.selectors import api_tokens_of
from samen.partners.models import Organisation

OPERATOR = "system:api_token"


def organisation_by_slug(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"No organisation with slug {slug!r}.")
    return organisation


class Command(BaseCommand):
    help = (
        "Create an API token for an organisation; the token is printed once and never again. "
        "With --list, show the organisation's tokens instead."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("organisation", help="slug of the organisation")
        parser.add_argument("name", nargs="?", default="", help="a name for the token, e.g. the partner system")
        parser.add_argument("--list", dest="list_tokens", action="store_true", help="list the tokens (no values)")

    def handle(self, *args, organisation: str, name: str, list_tokens: bool, **options) -> None:
        org = organisation_by_slug(organisation)
        if list_tokens:
            for token in api_tokens_of(org):
                state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d %H:%M}"
                used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
                self.stdout.write(f"{token.pk:>6}  {token.name}  created {token.created_at:%Y-%m-%d}  {used}  {state}")
            return
        if not name.strip():
            raise CommandError("Give the token a name, e.g. the partner system that will use it.")
        _token, raw = api_token_create(organisation=org, name=name.strip()[:100], actor=OPERATOR)
        self.stdout.write(raw)
