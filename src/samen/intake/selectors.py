"""Reads of signals, each with its access rule built in."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q, QuerySet

from samen.audit.selectors import api_tokens_last_used
from samen.intake import receipts
from samen.intake.models import ApiToken, Signal
from samen.partners.models import Organisation
from samen.process_cache import ProcessCache, statement_version


def _receipt_code(text: str) -> str | None:
    """The receipt code `text` names, normalised; None for text that cannot be one.

    Such text is never sent to the database: a NUL in it (`/api/v1/signals/%00/`) made
    PostgreSQL refuse the query, a 500 instead of "not found".
    """
    code = receipts.normalise_code(text)
    return code if receipts.is_receipt_code(code) else None


def is_stored_under_key(idempotency_key: str) -> bool:
    """Whether a signal was stored under `idempotency_key` (as `services.signal_submit` was given it)."""
    return bool(idempotency_key) and Signal.objects.filter(idempotency_key=idempotency_key).exists()


def signal_for_reporter(code: str, secret: str) -> Signal | None:
    """The signal whose receipt code and secret both match; None otherwise (no difference shown)."""
    receipt_code = _receipt_code(code)
    signal = Signal.objects.filter(receipt_code=receipt_code).first() if receipt_code else None
    if signal is None:
        # Spend the same work as a real check, so timing does not tell which codes exist.
        receipts.check_secret(secret, "0" * 64)
        return None
    return signal if receipts.check_secret(secret, signal.secret_hash) else None


def signal_for_organisation(organisation: Organisation, code: str) -> Signal | None:
    """A signal reported by this organisation; None for anyone else's."""
    receipt_code = _receipt_code(code)
    if receipt_code is None:
        return None
    return (
        Signal.objects.select_related("municipality")
        .filter(organisation=organisation, receipt_code=receipt_code)
        .first()
    )


def signals_reported_by(organisation_id: int, *, entered_by_id: int | None = None) -> QuerySet[Signal]:
    """The signals an organisation reported, newest first; `entered_by_id`: only those one user
    entered. What the list shows of each is the status its reporting organisation may see."""
    signals = Signal.objects.filter(organisation_id=organisation_id)
    if entered_by_id is not None:
        signals = signals.filter(created_by_id=entered_by_id)
    return signals.select_related("municipality").order_by("-created_at", "-pk")


def reported_signals_matching(organisation_id: int, text: str) -> list[Signal]:
    """The organisation's signals with this receipt code or its own reference (any case)."""
    text = text.strip()
    if not text or "\x00" in text:
        return []
    found = Q(organisation_reference__iexact=text)
    receipt_code = _receipt_code(text)
    if receipt_code is not None:
        found |= Q(receipt_code=receipt_code)
    return list(signals_reported_by(organisation_id).filter(found)[:50])


def api_tokens_of(organisation: Organisation) -> list[ApiToken]:
    """An organisation's tokens, active ones first, newest first, each with `last_used_at` (None if never).

    Only for who may manage them (`partners.permissions.can_edit_organisation`); the list holds no
    token value, which is never stored.
    """
    tokens = list(
        ApiToken.objects.filter(organisation=organisation)
        .select_related("created_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")
    )
    last_used = api_tokens_last_used([token.pk for token in tokens])
    for token in tokens:
        token.last_used_at = last_used.get(token.pk)
    return tokens


def api_token_of(organisation: Organisation, pk: int) -> ApiToken | None:
    """One of the organisation's tokens; None for another organisation's."""
    return ApiToken.objects.filter(organisation=organisation, pk=pk).select_related("created_by").first()


def api_token_get(raw: str) -> ApiToken | None:
    """The active token with this value, with its organisation (only its id loaded), or None.

    The instance is shared by every call in this process, on every thread: read it, never change
    or save it (`api_tokens` writes tokens).

    Every API call authenticates, so the active tokens are read once per process and kept
    (`samen.process_cache`): a token created or revoked in another process counts here within
    a second; `api_tokens.api_token_revoke` forgets them in its own process at once.
    """
    from samen.intake.api_tokens import token_hash

    if not raw:
        return None
    found = _active_tokens.get().get(token_hash(raw))
    if found is None:
        return None
    return found


def _read_active_tokens() -> dict[str, ApiToken]:
    rows = ApiToken.objects.filter(revoked_at__isnull=True).values_list("token_hash", "pk", "organisation_id", "name")
    tokens = {}
    for token_hash, pk, organisation_id, name in rows:
        token = ApiToken.from_db(connection.alias, ["id", "organisation_id", "name"], [pk, organisation_id, name])
        token.organisation = Organisation.from_db(connection.alias, ["id"], [organisation_id])
        tokens[token_hash] = token
    return tokens


def _tokens_version_statement(database) -> str:
    quote, meta = database.ops.quote_name, ApiToken._meta
    table, key, revoked = quote(meta.db_table), quote(meta.pk.column), quote(meta.get_field("revoked_at").column)
    return f"SELECT COUNT(*), MAX({key}), COUNT({revoked}), MAX({revoked}) FROM {table}"  # noqa: S608 - names from model metadata


# Changes whenever a token is created, revoked or deleted.
_tokens_version = statement_version(_tokens_version_statement)


_active_tokens = ProcessCache(_read_active_tokens, _tokens_version)


def forget_api_tokens() -> None:
    """Read the tokens again on the next call (after a change in this process)."""
    _active_tokens.invalidate()
