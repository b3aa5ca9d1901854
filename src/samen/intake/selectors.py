"""Reads of signals, each with its access rule built in."""

from __future__ import annotations

from samen.intake import receipts
from samen.intake.models import ApiToken, Signal
from samen.partners.models import Organisation


def signal_for_reporter(code: str, secret: str) -> Signal | None:
    """The signal whose receipt code and secret both match; None otherwise (no difference shown)."""
    signal = Signal.objects.filter(receipt_code=receipts.normalise_code(code)).first()
    if signal is None:
        # Spend the same work as a real check, so timing does not tell which codes exist.
        receipts.check_secret(secret, "0" * 64)
        return None
    return signal if receipts.check_secret(secret, signal.secret_hash) else None


def signal_for_organisation(organisation: Organisation, code: str) -> Signal | None:
    """A signal reported by this organisation; None for anyone else's."""
    return Signal.objects.filter(organisation=organisation, receipt_code=receipts.normalise_code(code)).first()


def api_token_get(raw: str) -> ApiToken | None:
    from samen.intake.api_tokens import token_hash

    if not raw:
        return None
    return (
        ApiToken.objects.select_related("organisation")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True)
        .first()
    )
