"""Writing and checking the audit log.

`record` appends one entry to the hash chain: row hash = SHA-256(previous hash ‖ canonical JSON
of the row). Appends are serialised (PostgreSQL: the head row's lock, held to the end of the
transaction; SQLite: the IMMEDIATE transactions already let one writer in at a time) and move
the HMAC-keyed head in the same transaction. `verify_chain` walks the whole chain and reports
every break.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, connection, connections, transaction
from django.utils import timezone

from samen.audit.codes import Action, AuditUnavailable, Result
from samen.audit.models import AuditEntry, AuditHead
from samen.bulk_insert import PreparedRows, ValueRows, insert_tables
from samen.pipelined_transaction import after_sync

GENESIS = "0" * 64
_HEAD_PK = 1

# Entries hold codes and numbers only. These patterns make content impossible to log by mistake.
_TOKEN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_OBJECT_ID = re.compile(r"^[A-Za-z0-9_-]{0,40}$")
_ORIGIN = re.compile(r"^[A-Za-z0-9_.:/-]{1,120}$")
_CODE = re.compile(r"^[A-Za-z0-9_.,:()/ -]{1,120}$")

CHAINED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "roles",
    "action",
    "object_type",
    "object_id",
    "fields",
    "purpose",
    "processing_code",
    "legal_basis",
    "result",
    "origin",
    "prev_hash",
)


def _audit_key() -> bytes:
    return settings.AUDIT_KEY.encode()


def canonical(entry: AuditEntry) -> str:
    """The row as canonical JSON: sorted keys, no spaces, UTC time with microseconds."""
    data: dict[str, Any] = {}
    for name in CHAINED_FIELDS:
        value = getattr(entry, name)
        if isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        data[name] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def row_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode()).hexdigest()


def head_mac(count: int, last_hash: str) -> str:
    return hmac.new(_audit_key(), f"samen-audit-head:{count}:{last_hash}".encode(), hashlib.sha256).hexdigest()


def _actor_fields(actor: Any) -> tuple[int | None, str, int | None, list[str]]:
    """(actor id, non-identifying label, organisation id, roles) for a user, an API token or a process."""
    if isinstance(actor, str):
        # A process of the platform itself, e.g. "system:retention".
        if not _ORIGIN.match(actor):
            raise ValueError("a system actor is a short code")
        return None, actor, None, []
    meta = getattr(actor, "_meta", None)
    if meta is not None and meta.label == "intake.ApiToken":
        return actor.pk, f"api-token:{actor.pk}", actor.organisation_id, ["api"]
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.pk, f"user:{actor.pk}", getattr(actor, "organisation_id", None), sorted(actor.role_codes)
    return None, "anonymous", None, []


def _check_tokens(values: Iterable[str], what: str) -> list[str]:
    values = [str(v) for v in values]
    for value in values:
        if not _TOKEN.match(value):
            raise ValueError(f"audit {what} must be short codes, not {value!r}")
    return values


def record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: Any = "",
    fields: Iterable[str] = (),
    activity: tuple[str, str, str] | None = None,
    purpose: str = "",
    processing_code: str = "",
    legal_basis: str = "",
    result: str = Result.ALLOWED,
    origin: str,
    organisation: Any = None,
    roles: Iterable[str] | None = None,
) -> AuditEntry:
    """Append one audit entry, in the caller's transaction if there is one.

    `actor` is a user (anonymous or not), an `intake.ApiToken`, or a code such as
    "system:retention". `activity` is a (purpose, processing code, legal basis) triple from
    `samen.audit.codes`; the three can also be passed one by one. `organisation` (an
    Organisation or its id) is whom the actor acts for; by default the actor's own.
    `origin` names the view or API operation, never a URL.

    Raises `AuditUnavailable` if the entry cannot be written (fail closed), `ValueError` for
    an entry that would carry anything but codes and numbers.
    """
    return record_many(
        actor=actor,
        action=action,
        object_type=object_type,
        object_ids=[object_id],
        fields=fields,
        activity=activity,
        purpose=purpose,
        processing_code=processing_code,
        legal_basis=legal_basis,
        result=result,
        origin=origin,
        organisation=organisation,
        roles=roles,
    )[0]


def record_many(**kwargs: Any) -> list[AuditEntry]:
    """One entry per object (e.g. per signal a list discloses), appended in one go: same rules as `record`."""
    entries = build_entries(**kwargs)
    append_entries(entries)
    return entries


def build_entries(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_ids: Iterable[Any],
    fields: Iterable[str] = (),
    activity: tuple[str, str, str] | None = None,
    purpose: str = "",
    processing_code: str = "",
    legal_basis: str = "",
    result: str = Result.ALLOWED,
    origin: str,
    organisation: Any = None,
    roles: Iterable[str] | None = None,
) -> list[AuditEntry]:
    """Checked, unsaved entries, one per object, with the arguments of `record`; `append_entries` writes them."""
    if activity is not None:
        purpose = purpose or activity[0]
        processing_code = processing_code or activity[1]
        legal_basis = legal_basis or activity[2]
    actor_id, label, actor_org, actor_roles = _actor_fields(actor)
    organisation_id = actor_org if organisation is None else getattr(organisation, "pk", organisation)
    if not _ORIGIN.match(origin) or not processing_code or not _CODE.match(processing_code):
        raise ValueError("an audit entry needs an origin code and a processing code")
    if legal_basis and not _CODE.match(legal_basis):
        raise ValueError("a legal basis is a short reference")
    common = {
        "actor_id": actor_id,
        "actor_label": label,
        "organisation_id": organisation_id,
        "roles": ",".join(_check_tokens(actor_roles if roles is None else roles, "roles")),
        "action": Action(action),
        "object_type": _check_tokens([object_type], "object types")[0],
        "fields": ",".join(_check_tokens(fields, "field categories")),
        "purpose": _check_tokens([purpose], "purposes")[0],
        "processing_code": processing_code,
        "legal_basis": legal_basis,
        "result": Result(result),
        "origin": origin,
    }
    entries = []
    now = timezone.now()
    for object_id in object_ids:
        object_id = "" if object_id is None else str(object_id)
        if not _OBJECT_ID.match(object_id):
            raise ValueError("an audit object id is a number or a code")
        entries.append(AuditEntry(occurred_at=now, object_id=object_id, **common))
    return entries


_UNREAD = object()


class HeadLock:
    """The chain's head, being taken in the current transaction (`lock_head`)."""

    def __init__(self, fetch: Callable[[], tuple[int, str] | None]) -> None:
        self._fetch = fetch
        self._value: Any = _UNREAD

    def read(self) -> tuple[int, str] | None:
        """The head's count and last hash (None on SQLite before the first entry); raises
        `AuditUnavailable` when it cannot be taken.

        In a pipelined transaction the answers to the statements sent after the lock come back
        with it, and an error of theirs is raised here: a row that breaks a constraint or does
        not fit its column (`IntegrityError`, `DataError`) is the writer's own, and raised as is.
        """
        if self._value is _UNREAD:
            try:
                self._value = self._fetch()
            except (IntegrityError, DataError):
                raise
            except DatabaseError as exc:
                raise AuditUnavailable("the audit log's head could not be taken") from exc
        return self._value


def lock_head() -> HeadLock:
    """Begin to take the chain's head for an append in the current transaction.

    On PostgreSQL the statement that locks the head row is sent now and its answer read at
    `read()`: in a pipelined transaction (`samen.pipelined_transaction`) it travels with the
    statements sent after it, so a writer takes the head in the same round trip as its own
    inserts. Pass the result to `append_entries(head=...)`. Raises `AuditUnavailable` when
    the head cannot be taken.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("the audit head is taken inside the transaction that appends to the chain")
    if connection.vendor != "postgresql":

        def select() -> tuple[int, str] | None:
            with connection.cursor() as cursor:
                cursor.execute(_head_sql("SELECT {count}, {last_hash} FROM {table} WHERE {id} = %s"), [_HEAD_PK])
                row = cursor.fetchone()
            return (int(row[0]), row[1]) if row else None

        return HeadLock(select)
    # The upsert creates the head on first use (so no advisory lock is needed for an empty
    # log), locks the row until the transaction ends, and returns its latest committed values
    # even when another appender committed while this one waited.
    lock = (
        "INSERT INTO {table} ({id}, {count}, {last_hash}, {mac}) VALUES (%s, 0, %s, %s)"
        " ON CONFLICT ({id}) DO UPDATE SET {count} = {table}.{count} RETURNING {count}, {last_hash}"
    )
    cursor = connection.cursor()
    try:
        cursor.execute(_head_sql(lock), [_HEAD_PK, GENESIS, head_mac(0, GENESIS)])
    except DatabaseError as exc:
        cursor.close()
        raise AuditUnavailable("the audit log's head could not be taken") from exc

    def fetch() -> tuple[int, str]:
        with cursor:
            count, last_hash = cursor.fetchone()
        return int(count), last_hash

    return HeadLock(fetch)


def append_entries(entries: list[AuditEntry], *, head: HeadLock | None = None) -> None:
    """Append entries from `build_entries` (of one actor or several) to the chain in one go.

    In the caller's transaction if there is one, after `head` (from `lock_head`, taken in that
    transaction) or else the head taken now. Raises `AuditUnavailable` when they cannot be
    written (fail closed).
    """
    if not entries:
        return
    try:
        # No savepoint: a failed entry spoils the caller's whole transaction, so nothing it
        # disclosed or wrote can commit without its entry.
        with transaction.atomic(savepoint=False):
            _append(entries, head or lock_head())
    except DatabaseError as exc:
        raise AuditUnavailable("the audit entry could not be written") from exc


_MOVE_HEAD = "UPDATE {table} SET {count} = %s, {last_hash} = %s, {mac} = %s WHERE {id} = %s"


def _head_sql(sql: str) -> str:
    """A statement on the head row with its table and column names filled in from the model."""
    return _head_statement(connection.alias, sql)


@functools.lru_cache(maxsize=16)
def _head_statement(alias: str, sql: str) -> str:
    # Once per database and statement: filling the names in cost a tenth of an intake's audit entry.
    meta = AuditHead._meta
    quote = connections[alias].ops.quote_name
    names = {"table": quote(meta.db_table)}
    names.update({name: quote(meta.get_field(name).column) for name in ("id", "count", "last_hash", "mac")})
    return sql.format(**names)


def _append(entries: list[AuditEntry], head: HeadLock) -> None:
    """Number and chain the entries after the head, insert them and move the head.

    Plain statements instead of querysets: every disclosing page and every intake pays for
    this, and compiling three querysets cost more than running them. On PostgreSQL it is two
    round trips at most, each of which a busy web worker pays for in waiting, not in work: one
    locks and reads the head, one inserts the entries and moves the head.
    """
    if connection.vendor == "postgresql":
        _append_postgresql(entries, head)
        return
    row = head.read()
    count, last_hash = _chain(entries, *(row or (0, GENESIS)))
    rows = PreparedRows(entries)
    with connection.cursor() as cursor:  # one cursor for both statements
        rows.insert(cursor)
        if row:
            cursor.execute(_head_sql(_MOVE_HEAD), [count, last_hash, head_mac(count, last_hash), _HEAD_PK])
        else:
            statement = "INSERT INTO {table} ({count}, {last_hash}, {mac}, {id}) VALUES (%s, %s, %s, %s)"
            cursor.execute(_head_sql(statement), [count, last_hash, head_mac(count, last_hash), _HEAD_PK])


def _chain(entries: list[AuditEntry], count: int, last_hash: str) -> tuple[int, str]:
    """Number and hash the entries after a head at `count` and `last_hash`; the new head."""
    for entry in entries:
        entry.seq = count + 1
        entry.prev_hash = last_hash
        entry.hash = row_hash(entry.prev_hash, entry)
        count, last_hash = entry.seq, entry.hash
    return count, last_hash


def _append_postgresql(entries: list[AuditEntry], head: HeadLock) -> None:
    count, last_hash = _chain(entries, *head.read())
    rows = ValueRows(AuditEntry, keys=True)
    for entry in entries:
        rows.add(entry.__dict__)

    def saved() -> None:
        for entry, key in zip(entries, rows.keys, strict=True):
            entry.pk = key
            entry._state.adding, entry._state.db = False, connection.alias

    # No one needs the entries' keys before the commit: in a pipelined transaction the
    # statement goes out with the COMMIT, and the keys are read after it.
    move_head = (_head_sql(_MOVE_HEAD), [count, last_hash, head_mac(count, last_hash), _HEAD_PK])
    insert_tables([rows], then=move_head, keys_after_sync=True)
    after_sync(connection, saved)


@dataclass
class Problem:
    seq: int | None
    kind: str  # edited, missing, inserted, broken_link, truncated, head
    message: str


@dataclass
class VerifyReport:
    count: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(*, chunk_size: int = 5000) -> VerifyReport:
    """Walk the chain in order and report every edited, missing, inserted or reordered entry,
    and a head that does not match the last entry (a truncated tail) or its HMAC."""
    report = VerifyReport()
    expected_seq, prev_hash = 1, GENESIS
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        report.count += 1
        if entry.seq != expected_seq:
            kind = "missing" if entry.seq > expected_seq else "inserted"
            report.problems.append(Problem(entry.seq, kind, f"expected entry {expected_seq}, found {entry.seq}"))
        if entry.prev_hash != prev_hash:
            report.problems.append(Problem(entry.seq, "broken_link", "does not point to the entry before it"))
        if row_hash(entry.prev_hash, entry) != entry.hash:
            report.problems.append(Problem(entry.seq, "edited", "content does not match its hash"))
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    head = AuditHead.objects.filter(pk=_HEAD_PK).first()
    if head is None:
        if report.count:
            report.problems.append(Problem(None, "head", "the head record is missing"))
        return report
    if not hmac.compare_digest(head.mac, head_mac(head.count, head.last_hash)):
        report.problems.append(Problem(None, "head", "the head record's HMAC is wrong"))
    if head.count != report.count or head.last_hash != prev_hash:
        kind = "truncated" if head.count > report.count else "head"
        report.problems.append(
            Problem(None, kind, f"the head says {head.count} entries, the table holds {report.count}")
        )
    return report
