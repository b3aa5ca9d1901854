"""API tokens of partner systems: random, shown once, stored as SHA-256.

Created and revoked by an organisation's administrator on the "API-koppelingen" page, or by the
operator with `samen api_token` and `samen api_token_revoke`; every creation and revocation is in
the audit log, by the token's number (never its value).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from samen import audit
from samen.intake.models import ApiToken
from samen.intake.selectors import forget_api_tokens
from samen.partners.models import Organisation


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _audit(*, actor: Any, token: ApiToken, origin: str) -> None:
    audit.record(
        actor=actor,
        action=audit.Action.WRITE,
        object_type=audit.ObjectType.API_TOKEN,
        object_id=token.pk,
        activity=audit.ADMINISTRATION,
        # On whose behalf: the token's organisation, also when the national administrator acts.
        organisation=token.organisation_id,
        origin=origin,
    )


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def api_token_create(
    *, organisation: Organisation, name: str, actor: Any = "system:api_token", raw: str = ""
) -> tuple[ApiToken, str]:
    """Create a token; the plain token is returned once and never stored.

    `actor` is the administrator on the page, or a code such as "system:demo" for a process.
    `raw` is for the demo's fixed token only (`samen.intake.demo`); every other token is random.
    """
    raw = raw or "samen_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name, token_hash=token_hash(raw), created_by=_user_or_none(actor)
    )
    _audit(actor=actor, token=token, origin="intake.api_token_create")
    forget_api_tokens()
    transaction.on_commit(forget_api_tokens)
    return token, raw


@transaction.atomic
def api_token_revoke(token: ApiToken, *, actor: Any = "system:api_token") -> bool:
    """Revoke a token; False if it was revoked already (nothing changes, nothing is logged).

    This process refuses the token at once; every other process within a second, when its copy of
    the active tokens (`selectors.api_token_get`) next compares the table's version.
    """
    # Locked and read again: two administrators revoking at once leave one revocation and one entry.
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.revoked_by = _user_or_none(actor)
    token.save(update_fields=["revoked_at", "revoked_by"])
    _audit(actor=actor, token=token, origin="intake.api_token_revoke")
    forget_api_tokens()
    # Again once committed: a request in another thread may have read the table in between.
    transaction.on_commit(forget_api_tokens)
    return True
