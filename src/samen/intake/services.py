"""Storing a signal: one service for every channel (public and professional form, API).

`signal_submit` stores the signal with its persons, identities, indicators and answers in one
durable transaction and hands out the receipt only after the commit. The same idempotency key
with the same payload returns the original signal; with another payload it is refused. The
rows are written by `storage`; submissions that arrive together share a transaction
(`group_commit`).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from samen import pipelined_transaction
from samen.intake import receipts, storage
from samen.intake.group_commit import GroupCommit
from samen.intake.inputs import (
    ContactInput,
    IdempotencyConflict,
    IdentityInput,
    PersonInput,
    SignalInput,
    SubmitResult,
)
from samen.intake.models import Channel, ReporterContact, Signal, SignalPerson, described
from samen.intake.storage import Submission
from samen.log_filters import failure
from samen.partners.models import Organisation

__all__ = [
    "ContactInput",
    "IdempotencyConflict",
    "IdentityInput",
    "PersonInput",
    "SignalInput",
    "SubmitResult",
    "deidentify_pending",
    "fingerprint_of",
    "fingerprint_of_input",
    "reporter_message_add",
    "signal_deidentify",
    "signal_submit",
    "signal_texts",
]

logger = logging.getLogger(__name__)


def fingerprint_of(payload: Any) -> str:
    """A stable hash of a request payload, to tell a retry from a different request.

    Keyed with the site's secret: the payload holds names, BSNs and phone numbers, and a plain
    hash stored beside the signal could be tested against guesses by anyone who reads the table.
    """
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return salted_hmac("samen.intake.fingerprint", canonical, algorithm="sha256").hexdigest()


def fingerprint_of_input(data: SignalInput) -> str:
    """A stable hash of what a validated report says, to tell a retry from a different report.

    For the web forms, whose raw POST also carries the page's own state (whether it was checked
    before, the person blocks added, a login in between): the "not stored" page sends the same
    report without that state, and its retry was refused as a different report, with no receipt
    (found in review).
    """
    # Not the page's language: the same report sent again from a page in another language is a retry.
    return fingerprint_of(_plain(dataclasses.replace(data, language="")))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Model):
        return [value._meta.label, value.pk]
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# How long after a signal was stored the same send is still shown its secret (`_existing`).
REPLAY_WINDOW = timedelta(minutes=2)
# A partner system retries a send whose answer it lost (a crash, a network failure, a weekend
# outage) within days; a retry after that gets the receipt without the secret, as anyone holding
# the token and an old key and body could otherwise read the status page's messages forever.
API_REPLAY_WINDOW = timedelta(days=7)


def _existing(idempotency_key: str, fingerprint: str, channel: str = "") -> SubmitResult | None:
    """The signal stored before under this key, when the payload is the same.

    A send that arrives again within `REPLAY_WINDOW` (a double click, a send retried because its
    answer was lost) gets the original answer, secret included (`receipts.secret_for`); the
    reporter may have seen neither answer. Later it is more likely the next person on a shared
    phone, who went back and sent the form again, and gets the receipt without the secret. A
    partner system's retry, signed with its organisation's token, gets it within `API_REPLAY_WINDOW`.
    """
    signal = Signal.objects.filter(idempotency_key=idempotency_key).first()
    if signal is None:
        return None
    if signal.fingerprint != fingerprint:
        raise IdempotencyConflict(idempotency_key)
    secret = None
    if timezone.now() - signal.created_at <= (API_REPLAY_WINDOW if channel == Channel.API else REPLAY_WINDOW):
        secret = receipts.secret_for(idempotency_key, fingerprint)
        # A signal stored before secrets were derived has a drawn one, which cannot be shown again.
        if not receipts.check_secret(secret, signal.secret_hash):
            secret = None
    return SubmitResult.of(signal, created=False, secret=secret)


def _store_one(submission: Submission, prepared: storage.Prepared | None = None) -> SubmitResult:
    """One submission in a durable transaction of its own.

    The first attempt goes straight to the INSERT: a key that was used before fails on its
    unique constraint, and only then is the earlier signal looked up. `prepared` is used for
    the first attempt only; a failed write leaves keys in its rows, so the next is prepared anew.
    """
    for _attempt in range(3):
        try:
            prepared = prepared or storage.prepare([submission])
            with pipelined_transaction.durable():
                return storage.write(prepared)[0]
        except IntegrityError:
            prepared = None
            # The key was used before (or by a concurrent request that won the race); or, once
            # in a trillion, the receipt code was taken: then nothing is found and we try again.
            found = _existing(submission.idempotency_key, submission.fingerprint, submission.channel)
            if found is not None:
                return found
    raise RuntimeError("could not store the signal")


def _store_batch(batch: list[storage.Prepared]) -> list[SubmitResult | BaseException]:
    """Store a batch in one durable transaction; if that fails, each submission on its own.

    One submission can spoil a batch (a retried idempotency key, a key used twice in the same
    batch); storing them one by one then gives each its own outcome, as if they had come alone.
    """
    if len(batch) == 1:
        try:
            return [_store_one(batch[0].submissions[0], batch[0])]
        except Exception as exc:
            return [exc]
    try:
        prepared = storage.Prepared.merge(batch)
        with pipelined_transaction.durable():
            return list(storage.write(prepared))
    except Exception:
        logger.debug("A batch of %d signals failed as a whole; storing them one by one.", len(batch))
    outcomes: list[SubmitResult | BaseException] = []
    for part in batch:
        try:
            outcomes.append(_store_one(part.submissions[0]))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


_group_commit: GroupCommit[storage.Prepared, SubmitResult] = GroupCommit(_store_batch)


def signal_submit(
    *, data: SignalInput, channel: str, actor: Any, idempotency_key: str, fingerprint: str
) -> SubmitResult:
    """Store a signal once per idempotency key; return its receipt only after the commit.

    The rows are prepared on the caller's thread; signals submitted at the same moment on
    other threads of this process may then share the transaction
    (`samen.intake.group_commit`); each still gets its own outcome. Raises
    `IdempotencyConflict` when the key was used before with another payload.
    """
    Channel(channel)
    prepared = storage.prepare([Submission(data, channel, actor, idempotency_key, fingerprint)])
    return _group_commit.submit(prepared)


def deidentify_pending(*, limit: int = 200) -> int:
    """De-identify the free texts of signals that have no de-identified copy yet; returns how many.

    A periodic task runs this every few seconds (`SAMEN_PERIODIC_TASKS`), so the copy exists
    seconds after intake without a task row per signal in the signal's own transaction. A
    signal that fails is logged by its id only and tried again on the next run; it does not
    hold up the others.
    """
    # Newest first: a signal just reported is the one someone is about to read, and a backlog (a
    # restore, an import, the demo's generated history) must not keep it waiting for minutes.
    pending = list(
        Signal.objects.filter(deidentified_at__isnull=True).order_by("-pk").values_list("pk", flat=True)[:limit]
    )
    done = 0
    for signal_id in pending:
        try:
            signal_deidentify(signal_id=signal_id)
        except Exception as error:
            logger.error(
                "De-identification of signal %s failed (%s); it is tried again on the next run.",
                signal_id,
                failure(error),
            )
        else:
            done += 1
    return done


def deidentify_again(signal: Signal) -> list[str]:
    """Clear the signal's de-identified copies after what they are made from changed (the place, a
    person's name or free text); `deidentify_pending` makes them again. Returns the fields to save."""
    if signal.deidentified_at is None:
        return []
    signal.deidentified_text, signal.deidentified_parts, signal.deidentified_at = "", [], None
    return ["deidentified_text", "deidentified_parts", "deidentified_at"]


def _deidentify_inputs(signal_id: int) -> tuple[Signal, list[SignalPerson], list[str]] | None:
    """The signal, its persons and the names known on it (current and former names, the reporter's)."""
    signal = Signal.objects.filter(pk=signal_id).first()
    if signal is None:
        return None
    persons = list(signal.persons.select_related("identity").order_by("position", "pk"))
    names = []
    for person in persons:
        identity = getattr(person, "identity", None)
        if identity is not None:
            names += [identity.name, *identity.former_names.splitlines()]
    contact = ReporterContact.objects.filter(signal=signal).first()
    if contact is not None:
        names.append(contact.name)
    return signal, persons, [name for name in names if name.strip()]


def _as_made_from(signal: Signal, persons: list[SignalPerson], names: list[str]) -> tuple:
    """What a copy is made from, to compare: the texts, the persons and the names."""
    texts = (signal.what, signal.place, signal.when)
    return texts, [(p.pk, p.role, p.description, p.age, p.nationality) for p in persons], sorted(names)


def signal_deidentify(*, signal_id: int) -> Signal | None:
    """Fill the de-identified copies of the signal's free texts, removing the names known on it:
    `deidentified_parts` (what was noticed, the place and the persons' descriptions, each under
    its label) with `deidentified_text`, "when", and each person's age and nationality.

    Nothing is stored when the signal changed while the copy was made (a person corrected or
    added, `casework.person_changes`): the next run makes the copy from what it says then.
    """
    from samen.intake.deidentify import TagNumbers, deidentify_pieces

    inputs = _deidentify_inputs(signal_id)
    if inputs is None:
        return None
    signal, persons, names = inputs
    parts = _parts_to_deidentify(signal, persons)
    # Each under a word of its own, not capitalised, so no name runs on from one into the next
    # ("heet Ana" and "Roemeens" would read as "Ana Roemeens", and so would "Ana Nationaliteit").
    short = [("wanneer", signal.when)]
    short += [pair for person in persons for pair in (("leeftijd", person.age), ("nationaliteit", person.nationality))]
    # All of them de-identified as one text: a name given away in one ("de baas heet Florin") goes
    # from the others too ("Florin is lang", "Florin kwam in mei"), with one tag per person.
    text, pieces = _joined(parts, short)
    copies = deidentify_pieces(text, pieces, known_names=names, tags=TagNumbers())
    signal.deidentified_parts = [[label, copy] for (label, _), copy in zip(parts, copies[: len(parts)], strict=True)]
    with translation.override("nl"):  # kept in Dutch for the record
        signal.deidentified_text = described(signal.deidentified_parts)
    short_copies = iter(copies[len(parts) :])
    signal.deidentified_when = next(short_copies)
    for person in persons:
        person.deidentified_age, person.deidentified_nationality = next(short_copies), next(short_copies)
    with transaction.atomic():
        # Locked, then read again: a correction commits before this or waits for it.
        list(Signal.objects.select_for_update().filter(pk=signal_id).values_list("pk", flat=True))
        now = _deidentify_inputs(signal_id)
        if now is None or _as_made_from(*now) != _as_made_from(signal, persons, names):
            return None
        SignalPerson.objects.bulk_update(persons, ["deidentified_age", "deidentified_nationality"])
        signal.deidentified_at = timezone.now()
        signal.save(update_fields=["deidentified_parts", "deidentified_text", "deidentified_when", "deidentified_at"])
    return signal


def signal_texts(signal: Signal) -> list[tuple[str, str]]:
    """The free texts of which `deidentified_parts` holds the copies, in the same order, each with
    its label's code."""
    return _parts_to_deidentify(signal, list(signal.persons.order_by("position", "pk")))


def _parts_to_deidentify(signal: Signal, persons: list[SignalPerson]) -> list[tuple[str, str]]:
    """What was noticed, then the place and each person's description, each with its label's code:
    a reader of the copy can tell a perpetrator's description from the text, since the page shows
    the persons' own descriptions to the owner only."""
    labelled = [("", signal.what), ("place", signal.place)]
    labelled += [(person.role, person.description) for person in persons]
    return [(label, text.strip()) for label, text in labelled if text and text.strip()]


def _joined(parts: list[tuple[str, str]], short: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The parts under their Dutch labels (`described`), then the short texts ("when", each
    person's age and nationality) under theirs, as one text to de-identify; with where each part's
    and each short text's own text lies in it."""
    text, pieces = "", []

    def add(shown: str, own: str) -> None:
        nonlocal text
        text += ("\n\n" if text else "") + shown
        pieces.append((len(text) - len(own), len(text)))

    with translation.override("nl"):
        for label, part in parts:
            add(described([[label, part]]), part)
    for label, short_text in short:
        add(f"{label}: {short_text}", short_text)
    return text, pieces


def reporter_message_add(*, signal: Signal, text: str, organisation: Organisation | None) -> None:
    """A message from the handling organisation that the reporter reads on the status page."""
    signal.reporter_messages.create(text=text, organisation=organisation)
