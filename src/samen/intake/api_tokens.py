"""API tokens of partner systems: random, shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from samen.intake.models import ApiToken
from samen.partners.models import Organisation


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, organisation: Organisation, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain token is returned once and never stored."""
    raw = "samen_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(organisation=organisation, name=name, token_hash=token_hash(raw))
    return token, raw
