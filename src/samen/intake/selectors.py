"""Reads of signals, each with its access rule built in."""

from __future__ import annotations

from django.db import connection

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
    """The active token with this value, with its organisation (only its id loaded), or None.

    One plain statement instead of a queryset: every API call authenticates, and compiling the
    query cost more than running it. Fields not read here load on first access, as with
    `.only()`.
    """
    from samen.intake.api_tokens import token_hash

    if not raw:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(), [token_hash(raw)])
        row = cursor.fetchone()
    if row is None:
        return None
    token = ApiToken.from_db(connection.alias, ["id", "organisation_id", "name"], row)
    token.organisation = Organisation.from_db(connection.alias, ["id"], [row[1]])
    return token


def _token_sql() -> str:
    meta, quote = ApiToken._meta, connection.ops.quote_name
    column = {name: quote(meta.get_field(name).column) for name in ("id", "organisation", "name", "token_hash")}
    revoked = quote(meta.get_field("revoked_at").column)
    return (
        f"SELECT {column['id']}, {column['organisation']}, {column['name']} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {column['token_hash']} = %s AND {revoked} IS NULL"
    )
