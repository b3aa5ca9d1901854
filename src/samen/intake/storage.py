"""Writing submitted signals to the database: every row of a batch with one INSERT per table.

`prepare` builds the rows of one or more submissions outside any transaction, on the request's
own thread; `Prepared.merge` joins the submissions that share a transaction
(`samen.intake.group_commit`); `write` inserts them in the caller's transaction (`services`
opens the durable one): the signals, their forms of exploitation, persons, sealed identities,
indicators, answers, reporter contacts and outbox rows, and one audit entry per signal. A
batch of one is the same code path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samen import audit
from samen.audit.models import AuditEntry
from samen.bulk_insert import ValueRows, insert_tables
from samen.intake import receipts
from samen.intake.inputs import SignalInput, SubmitResult
from samen.intake.models import (
    IntakeOutbox,
    PersonIdentity,
    PublicStatus,
    ReporterContact,
    Signal,
    SignalAnswer,
    SignalIndicator,
    SignalPerson,
)
from samen.vault import keys
from samen.vault.fields import sealed_values


@dataclass(frozen=True)
class Submission:
    data: SignalInput
    channel: str
    actor: Any
    idempotency_key: str
    fingerprint: str


def _signal_values(submission: Submission, receipt: str, secret: str) -> dict[str, Any]:
    """The signal's row as plain values: building a model instance cost more than inserting it."""
    data, actor = submission.data, submission.actor
    return {
        "receipt_code": receipt,
        "secret_hash": receipts.hash_secret(secret),
        "channel": submission.channel,
        "reporter_type": data.reporter_type,
        "what": data.what,
        "municipality_id": data.municipality.pk if data.municipality is not None else None,
        "place": data.place,
        "when": data.when,
        "acute_danger": data.acute_danger,
        "sector": data.sector,
        "organisation_id": data.organisation.pk if data.organisation is not None else None,
        "organisation_reference": data.organisation_reference,
        "language": data.language,
        # Anonymous reporters are never linked to a user, whatever the caller passes.
        "created_by_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "idempotency_key": submission.idempotency_key,
        "fingerprint": submission.fingerprint,
    }


# The tables after the signals, in insertion order, each with the table its rows point to and
# the attribute that points there.
_CHILD_TABLES = (
    (Signal.forms.through, "forms", "signals", "signal_id"),
    (SignalPerson, "persons", "signals", "signal_id"),
    (PersonIdentity, "identities", "persons", "person_id"),
    (SignalIndicator, "indicators", "signals", "signal_id"),
    (SignalAnswer, "answers", "signals", "signal_id"),
    (ReporterContact, "contacts", "signals", "signal_id"),
    (IntakeOutbox, "outbox", "signals", "signal_id"),
)


@dataclass
class Prepared:
    """A batch of submissions as rows ready to insert (`prepare`), written by `write`."""

    submissions: list[Submission]
    receipts: list[str]
    secrets: list[str]
    # "signals" first, then `_CHILD_TABLES`: each table's rows point only to rows before it.
    tables: dict[str, ValueRows]
    # One per signal; numbered and chained when written, their object id set then.
    audit_entries: list[AuditEntry]

    @classmethod
    def merge(cls, parts: list[Prepared]) -> Prepared:
        """One batch of several prepared ones, written in one transaction. Each part must be
        unwritten: a failed write leaves keys in its signals, so prepare afresh after one."""
        tables = {"signals": ValueRows.merge([part.tables["signals"] for part in parts], parent=None)}
        for _model, name, parent, _attname in _CHILD_TABLES:
            tables[name] = ValueRows.merge([part.tables[name] for part in parts], parent=tables[parent])
        return cls(
            [s for part in parts for s in part.submissions],
            [r for part in parts for r in part.receipts],
            [s for part in parts for s in part.secrets],
            tables,
            [e for part in parts for e in part.audit_entries],
        )


def _empty_tables() -> dict[str, ValueRows]:
    tables = {"signals": ValueRows(Signal, keys=True)}
    for model, name, parent, attname in _CHILD_TABLES:
        # The persons' keys are read back: their identities point to them.
        tables[name] = ValueRows(model, parent=tables[parent], parent_attname=attname, keys=name == "persons")
    return tables


def prepare(submissions: list[Submission]) -> Prepared:
    """Every row of the batch, its values computed and sealed, before any transaction is open.

    On SQLite the write transaction locks the database for every other writer, and the thread
    that writes a shared batch makes every other request in it wait, so the work that needs no
    database (building the rows, sealing identities, computing blind indexes, the audit
    entries' content) is done here, by each request for itself. Every row is plain values
    (`ValueRows`), with no model instance: the caller gets the signal's key and receipt back.
    """
    secrets = [receipts.secret_for(s.idempotency_key, s.fingerprint) for s in submissions]
    codes = [receipts.new_receipt_code() for _ in submissions]
    tables = _empty_tables()
    signals = tables["signals"]
    forms, persons, identities, indicators, answers, contacts, outbox = (
        tables[name] for _model, name, _parent, _attname in _CHILD_TABLES
    )
    for n, submission in enumerate(submissions):
        data = submission.data
        signals.add(_signal_values(submission, codes[n], secrets[n]))
        # The key scope of everything identifying in this signal: its reporting organisation.
        scope = keys.scope_for(data.organisation.pk if data.organisation is not None else None)
        for code in dict.fromkeys(data.form_codes):
            forms.add({"exploitationform_id": code}, n)
        for position, person in enumerate(data.persons):
            row = persons.add(
                {
                    "role": person.role,
                    "age": person.age,
                    "gender": person.gender,
                    "nationality": person.nationality,
                    "description": person.description,
                    "consent": person.consent,
                    "position": position,
                },
                n,
            )
            identity = person.identity
            if identity is not None and not identity.is_empty:
                values = sealed_values(PersonIdentity, identity.__dict__, scope=scope, normalised=identity.normalised)
                identities.add(values, row)
        for indicator_id in dict.fromkeys(data.indicator_ids):
            indicators.add({"indicator_id": indicator_id}, n)
        for key in dict.fromkeys(data.answers):
            answers.add({"question_key": key}, n)
        if data.contact is not None:
            contact = data.contact
            values = sealed_values(ReporterContact, contact.__dict__, scope=scope, normalised=contact.normalised)
            contacts.add(values, n)
        # The outbox row commits with the signal, so casework picks up every stored signal.
        outbox.add({}, n)
    entries = [entry for submission in submissions for entry in _audit_entries(submission)]
    return Prepared(list(submissions), codes, secrets, tables, entries)


def write(prepared: Prepared) -> list[SubmitResult]:
    """Insert a prepared batch in the current transaction; one result per submission, in order.

    Raises `IntegrityError` when any of them breaks a constraint (an idempotency key used
    before, or twice in the batch) and `AuditUnavailable` when the audit log cannot be written.
    """
    # The head's lock is sent first and read before the rows' keys: in a pipelined transaction
    # (`samen.pipelined_transaction`) both answers come back in one round trip, and an audit
    # log that cannot be written fails as such (`AuditUnavailable`), not as the insert.
    head = audit.lock_head()
    insert_tables(list(prepared.tables.values()), before_keys=head.read)
    keys = prepared.tables["signals"].keys
    for key, entry in zip(keys, prepared.audit_entries, strict=True):
        entry.object_id = str(key)
    audit.append_entries(prepared.audit_entries, head=head)
    return [
        SubmitResult(key, receipt, PublicStatus.RECEIVED, created=True, secret=secret)
        for key, receipt, secret in zip(keys, prepared.receipts, prepared.secrets, strict=True)
    ]


def _audit_entries(submission: Submission) -> list[AuditEntry]:
    """The write of personal data, logged in the same transaction (samen.audit); no content.

    The signal's id is filled in when it is known, after its INSERT (`write`).
    """
    data = submission.data
    categories = ["signal", "free_text"]
    if data.persons:
        categories.append("person")
    identities = [p.identity for p in data.persons if p.identity is not None and not p.identity.is_empty]
    if identities:
        categories.append("identity")
    # As a correction of a person logs them (`casework.person_changes`): a privacy officer filters on these.
    if any(identity.health for identity in identities):
        categories.append("special")
    if any(identity.criminal_law for identity in identities):
        categories.append("criminal")
    if data.contact is not None:
        categories.append("contact")
    return audit.build_entries(
        actor=submission.actor,
        organisation=data.organisation,
        action=audit.Action.WRITE,
        object_type="signal",
        object_ids=[None],
        fields=categories,
        activity=audit.INTAKE,
        origin=f"intake.signal_submit.{submission.channel}",
    )
