"""Storing a signal: one service for every channel (public and professional form, API).

`signal_submit` stores the signal with its persons, identities, indicators and answers in one
durable transaction and hands out the receipt only after the commit. The same idempotency key
with the same payload returns the original signal; with another payload it is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from samen import audit
from samen.bulk_insert import insert_rows
from samen.geo.models import Municipality
from samen.intake import receipts
from samen.intake.models import (
    Channel,
    IntakeOutbox,
    PersonIdentity,
    PersonRole,
    ReporterContact,
    ReporterType,
    Signal,
    SignalAnswer,
    SignalIndicator,
    SignalPerson,
)
from samen.partners.models import Organisation

logger = logging.getLogger(__name__)


class IdempotencyConflict(Exception):
    """The idempotency key was used before for a different payload."""


@dataclass
class IdentityInput:
    name: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    address: str = ""
    bsn: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.birth_date or self.phone or self.address or self.bsn)


@dataclass
class PersonInput:
    role: str = PersonRole.OTHER
    age: str = ""
    gender: str = ""
    nationality: str = ""
    description: str = ""
    consent: bool | None = None
    identity: IdentityInput | None = None


@dataclass
class ContactInput:
    name: str = ""
    phone: str = ""
    email: str = ""
    safe_way: str = ""
    safe_time: str = ""


@dataclass
class SignalInput:
    """Validated data of one signal, whatever channel it came through."""

    what: str
    municipality: Municipality
    reporter_type: str = ReporterType.WITNESS
    place: str = ""
    when: str = ""
    acute_danger: bool = False
    persons: list[PersonInput] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    indicator_ids: list[str] = field(default_factory=list)
    form_codes: list[str] = field(default_factory=list)
    sector: str = ""
    organisation: Organisation | None = None
    organisation_reference: str = ""
    contact: ContactInput | None = None


@dataclass(frozen=True)
class SubmitResult:
    signal: Signal
    created: bool
    # The plain secret exists only in the result of the request that created the signal.
    secret: str | None = None

    @property
    def receipt(self) -> str:
        return self.signal.receipt_code


def fingerprint_of(payload: Any) -> str:
    """A stable hash of a request payload, to tell a retry from a different request."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _existing(idempotency_key: str, fingerprint: str) -> SubmitResult | None:
    signal = Signal.objects.filter(idempotency_key=idempotency_key).first()
    if signal is None:
        return None
    if signal.fingerprint != fingerprint:
        raise IdempotencyConflict(idempotency_key)
    return SubmitResult(signal=signal, created=False)


def _store(data: SignalInput, *, channel: str, actor: Any, idempotency_key: str, fingerprint: str) -> SubmitResult:
    """Insert the signal and everything that belongs to it: one multi-row INSERT per table."""
    secret = receipts.new_secret()
    signal = Signal(
        receipt_code=receipts.new_receipt_code(),
        secret_hash=receipts.hash_secret(secret),
        channel=channel,
        reporter_type=data.reporter_type,
        what=data.what,
        municipality=data.municipality,
        place=data.place,
        when=data.when,
        acute_danger=data.acute_danger,
        sector=data.sector,
        organisation=data.organisation,
        organisation_reference=data.organisation_reference,
        # Anonymous reporters are never linked to a user, whatever the caller passes.
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
    )
    insert_rows([signal])
    forms = Signal.forms.through
    insert_rows([forms(signal=signal, exploitationform_id=code) for code in dict.fromkeys(data.form_codes)])
    persons = [
        SignalPerson(
            signal=signal,
            role=person.role,
            age=person.age,
            gender=person.gender,
            nationality=person.nationality,
            description=person.description,
            consent=person.consent,
            position=position,
        )
        for position, person in enumerate(data.persons)
    ]
    insert_rows(persons)
    insert_rows(
        [
            PersonIdentity(person=row, **person.identity.__dict__)
            for row, person in zip(persons, data.persons, strict=True)
            if person.identity is not None and not person.identity.is_empty
        ]
    )
    insert_rows([SignalIndicator(signal=signal, indicator_id=i) for i in dict.fromkeys(data.indicator_ids)])
    insert_rows([SignalAnswer(signal=signal, question_key=k) for k in dict.fromkeys(data.answers)])
    if data.contact is not None:
        insert_rows([ReporterContact(signal=signal, **data.contact.__dict__)])
    # The outbox row commits with the signal, so casework picks up every stored signal; its
    # pipeline de-identifies the free texts first (`signal_deidentify`).
    insert_rows([IntakeOutbox(signal=signal)])
    _audit_write(signal, data, channel=channel, actor=actor)
    return SubmitResult(signal=signal, created=True, secret=secret)


def _audit_write(signal: Signal, data: SignalInput, *, channel: str, actor: Any) -> None:
    """The write of personal data is logged in the same transaction (samen.audit); no content."""
    categories = ["signal", "free_text"]
    if data.persons:
        categories.append("person")
    if any(p.identity is not None and not p.identity.is_empty for p in data.persons):
        categories.append("identity")
    if data.contact is not None:
        categories.append("contact")
    audit.record(
        actor=actor,
        organisation=data.organisation,
        action=audit.Action.WRITE,
        object_type="signal",
        object_id=signal.pk,
        fields=categories,
        activity=audit.INTAKE,
        origin=f"intake.signal_submit.{channel}",
    )


def signal_submit(
    *, data: SignalInput, channel: str, actor: Any, idempotency_key: str, fingerprint: str
) -> SubmitResult:
    """Store a signal once per idempotency key; return its receipt only after the commit.

    The first attempt goes straight to the INSERT: a key that was used before fails on its
    unique constraint, and only then is the earlier signal looked up. Raises
    `IdempotencyConflict` when the key was used before with another payload.
    """
    Channel(channel)
    for _attempt in range(3):
        try:
            with transaction.atomic(durable=True):
                return _store(
                    data, channel=channel, actor=actor, idempotency_key=idempotency_key, fingerprint=fingerprint
                )
        except IntegrityError:
            # The key was used before (or by a concurrent request that won the race); or, once
            # in a trillion, the receipt code was taken: then nothing is found and we try again.
            found = _existing(idempotency_key, fingerprint)
            if found is not None:
                return found
    raise RuntimeError("could not store the signal")


def deidentify_pending(*, limit: int = 200) -> int:
    """De-identify the free texts of signals that have no de-identified copy yet; returns how many.

    A periodic task runs this every few seconds (`SAMEN_PERIODIC_TASKS`), so the copy exists
    seconds after intake without a task row per signal in the signal's own transaction. A
    signal that fails is logged by its id only and tried again on the next run; it does not
    hold up the others.
    """
    pending = list(
        Signal.objects.filter(deidentified_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    done = 0
    for signal_id in pending:
        try:
            signal_deidentify(signal_id=signal_id)
        except Exception:
            logger.exception("De-identification of signal %s failed; it is tried again on the next run.", signal_id)
        else:
            done += 1
    return done


def signal_deidentify(*, signal_id: int) -> Signal | None:
    """Fill `deidentified_text` from the free texts, removing the names known on the signal."""
    from django.utils import timezone

    from samen.intake.deidentify import deidentify_text

    signal = Signal.objects.filter(pk=signal_id).first()
    if signal is None:
        return None
    persons = list(signal.persons.select_related("identity"))
    names = [p.identity.name for p in persons if hasattr(p, "identity") and p.identity.name]
    contact = ReporterContact.objects.filter(signal=signal).first()
    if contact is not None and contact.name:
        names.append(contact.name)
    parts = [signal.what, signal.place, *(p.description for p in persons)]
    text = "\n\n".join(part for part in parts if part and part.strip())
    signal.deidentified_text = deidentify_text(text, known_names=names)
    signal.deidentified_at = timezone.now()
    signal.save(update_fields=["deidentified_text", "deidentified_at"])
    return signal


def reporter_message_add(*, signal: Signal, text: str, organisation: Organisation | None) -> None:
    """A message from the handling organisation that the reporter reads on the status page."""
    signal.reporter_messages.create(text=text, organisation=organisation)


def payload_for_fingerprint(data: Mapping[str, Any], *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The request payload without fields that differ between honest retries (CSRF token)."""
    return {k: data[k] for k in sorted(data) if k not in exclude}
