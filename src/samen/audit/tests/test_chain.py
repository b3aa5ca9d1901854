"""The audit log is append-only, hash-chained and detects every kind of tampering."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from samen import audit
from samen.audit import triggers
from samen.audit.models import AuditEntry, AuditHead
from samen.audit.services import verify_chain
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _write(n: int) -> list[AuditEntry]:
    user = UserFactory(roles=["case_worker"])
    return [
        audit.record(
            actor=user,
            action=audit.Action.READ,
            object_type="signal",
            object_id=i,
            fields=["signal"],
            activity=audit.CASEWORK,
            origin="tests.read",
        )
        for i in range(1, n + 1)
    ]


def _raw(sql: str, params: list | None = None) -> None:
    """Tamper as an attacker with database access would: triggers off, raw SQL."""
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _kinds() -> set[str]:
    return {p.kind for p in verify_chain().problems}


def test_entries_form_a_chain_that_verifies():
    entries = _write(5)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[1].prev_hash == entries[0].hash
    report = verify_chain()
    assert report.ok and report.count == 5
    call_command("audit", "verify")


def test_the_database_rejects_updates_and_deletes_of_audit_entries():
    _write(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(object_id="99")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 2


def test_an_edited_entry_is_detected():
    _write(3)
    _raw("UPDATE audit_auditentry SET object_id = '42' WHERE seq = 2")
    assert "edited" in _kinds()
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_link_to_the_next():
    from samen.audit.services import row_hash

    _write(3)
    entry = AuditEntry.objects.get(seq=2)
    entry.object_id = "42"
    _raw("UPDATE audit_auditentry SET object_id = '42', hash = %s WHERE seq = 2", [row_hash(entry.prev_hash, entry)])
    assert "broken_link" in _kinds()


def test_a_deleted_entry_is_detected():
    _write(4)
    _raw("DELETE FROM audit_auditentry WHERE seq = 2")
    assert {"missing", "broken_link", "truncated"} <= _kinds()


def test_an_inserted_entry_is_detected():
    entries = _write(3)
    last = entries[-1]
    _raw(
        "INSERT INTO audit_auditentry (seq, occurred_at, actor_id, actor_label, organisation_id, roles, action,"
        " object_type, object_id, fields, purpose, processing_code, legal_basis, result, origin, prev_hash, hash)"
        " VALUES (4, %s, NULL, 'anonymous', NULL, '', 'read', 'signal', '7', '', 'x', 'X', '', 'allowed', 'x',"
        " %s, %s)",
        [last.occurred_at, last.hash, "f" * 64],
    )
    assert {"edited", "head"} <= _kinds()


def test_reordered_entries_are_detected():
    _write(3)
    _raw("UPDATE audit_auditentry SET seq = 100 WHERE seq = 1")
    _raw("UPDATE audit_auditentry SET seq = 1 WHERE seq = 2")
    _raw("UPDATE audit_auditentry SET seq = 2 WHERE seq = 100")
    assert "edited" in _kinds() and "broken_link" in _kinds()


def test_a_truncated_tail_is_detected_even_when_the_chain_itself_is_consistent():
    _write(4)
    _raw("DELETE FROM audit_auditentry WHERE seq > 2")
    assert _kinds() == {"truncated"}


def test_a_head_rewritten_without_the_key_is_detected():
    _write(4)
    _raw("DELETE FROM audit_auditentry WHERE seq > 2")
    third = AuditEntry.objects.get(seq=2)
    AuditHead.objects.filter(pk=1).update(count=2, last_hash=third.hash)
    assert _kinds() == {"head"}


def test_an_entry_refuses_content_and_requires_a_processing_code():
    user = UserFactory()
    with pytest.raises(ValueError):
        audit.record(
            actor=user,
            action="read",
            object_type="signal",
            object_id="Ana Popescu",
            activity=audit.CASEWORK,
            origin="tests.read",
        )
    with pytest.raises(ValueError):
        audit.record(actor=user, action="read", object_type="signal", object_id=1, origin="/werk/?q=Ana")
    with pytest.raises(ValueError):
        audit.record(actor=user, action="read", object_type="signal", object_id=1, origin="tests.read")
    assert not AuditEntry.objects.exists()


def test_an_entry_names_actor_organisation_roles_and_time_in_utc():
    user = UserFactory(roles=["case_worker", "coordinator"])
    entry = audit.record(
        actor=user,
        action="read",
        object_type="signal",
        object_id=5,
        fields=["signal", "identity"],
        activity=audit.CASEWORK,
        origin="casework.signal_detail",
    )
    entry.refresh_from_db()
    assert entry.actor_id == user.pk and entry.actor_label == f"user:{user.pk}"
    assert entry.organisation_id == user.organisation_id
    assert entry.roles == "case_worker,coordinator"
    assert entry.processing_code == "SAMEN-CASEWORK" and entry.purpose == "follow_up"
    assert entry.occurred_at.utcoffset().total_seconds() == 0


@pytest.mark.django_db(transaction=True)
def test_outside_production_a_flush_empties_the_log_and_puts_the_triggers_back():
    _write(2)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists() and not AuditHead.objects.exists()
    _write(1)
    with pytest.raises(DatabaseError):
        AuditEntry.objects.all().delete()
    assert verify_chain().ok


def _append_from_a_thread_of_its_own(n: int) -> list[int]:
    from django.db import connections

    try:
        seqs = []
        for i in range(5):
            with transaction.atomic():
                entry = audit.record(
                    actor="system:tests",
                    action=audit.Action.READ,
                    object_type="signal",
                    object_id=n * 10 + i,
                    fields=["signal"],
                    activity=audit.CASEWORK,
                    origin="tests.concurrent",
                )
            seqs.append(entry.seq)
            assert entry.pk is not None
        return seqs
    finally:
        connections.close_all()  # an open connection keeps PostgreSQL from dropping the test database


@pytest.mark.django_db(transaction=True)
def test_appends_from_many_transactions_at_once_form_one_unbroken_chain_from_an_empty_log():
    """The first appenders race to create the head; every later one waits for the one before."""
    from concurrent.futures import ThreadPoolExecutor

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; its in-memory test database refuses a second one")

    assert not AuditHead.objects.exists()
    with ThreadPoolExecutor(6) as pool:
        seqs = [seq for part in pool.map(_append_from_a_thread_of_its_own, range(6)) for seq in part]

    assert sorted(seqs) == list(range(1, 31))
    report = verify_chain()
    assert report.ok, report.problems
    assert report.count == 30 and AuditHead.objects.get().count == 30


@pytest.mark.django_db(transaction=True)
def test_the_head_is_taken_only_inside_the_transaction_that_appends_to_the_chain():
    # Outside a transaction the head's lock would end with the statement that took it.
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.lock_head()
