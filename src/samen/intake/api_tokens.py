"""API tokens of partner systems: random, shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from samen.intake.models import ApiToken
from samen.intake.selectors import forget_api_tokens
from samen.partners.models import Organisation


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, organisation: Organisation, name: str, raw: str = "") -> tuple[ApiToken, str]:
    """Create a token; the plain token is returned once and never stored.

    `raw` is for the demo's fixed token only (`samen.intake.demo`); every other token is random.
    """
    raw = raw or "samen_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(organisation=organisation, name=name, token_hash=token_hash(raw))
    forget_api_tokens()
    return token, raw


def api_token_revoke(token: ApiToken) -> None:
    """Revoke at once in this process; other processes refuse the token within a second."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    forget_api_tokens()
