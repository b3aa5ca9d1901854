"""Group commit: signals that arrive together share a transaction, and each keeps its own outcome."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from samen.audit.models import AuditEntry
from samen.audit.services import verify_chain
from samen.intake import services
from samen.intake.group_commit import GroupCommit
from samen.intake.models import Channel, IntakeOutbox, PersonIdentity, Signal
from samen.intake.tests.test_services import _input

# ------------------------------------------------------------------ the scheme, without a database


class _Recorder:
    """A write_batch that holds its first batch until released, so later jobs queue up."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.first_started = threading.Event()
        self.release = threading.Event()

    def __call__(self, jobs: list[str]) -> list[str | BaseException]:
        self.batches.append(list(jobs))
        if len(self.batches) == 1:
            self.first_started.set()
            self.release.wait(5)
        return [ValueError(job) if job.startswith("bad") else job.upper() for job in jobs]


def _run_while_the_first_batch_is_held(recorder: _Recorder, jobs: list[str], max_batch: int = 32):
    committer = GroupCommit(recorder, max_batch=max_batch)
    with ThreadPoolExecutor(len(jobs) + 1) as pool:
        first = pool.submit(committer.submit, "first")
        assert recorder.first_started.wait(5)
        futures = {job: pool.submit(committer.submit, job) for job in jobs}
        deadline = time.monotonic() + 5
        while committer.waiting < len(jobs) and time.monotonic() < deadline:
            time.sleep(0.005)
        recorder.release.set()
        return first.result(5), futures


def test_jobs_that_arrive_while_a_batch_is_written_go_together_in_the_next_one():
    recorder = _Recorder()
    first, futures = _run_while_the_first_batch_is_held(recorder, ["a", "b", "c", "d"])
    assert first == "FIRST"
    assert {job: f.result(5) for job, f in futures.items()} == {"a": "A", "b": "B", "c": "C", "d": "D"}
    assert recorder.batches[0] == ["first"]
    assert sorted(recorder.batches[1]) == ["a", "b", "c", "d"]


def test_a_failing_job_raises_in_its_own_thread_only():
    recorder = _Recorder()
    _first, futures = _run_while_the_first_batch_is_held(recorder, ["a", "bad", "c"])
    with pytest.raises(ValueError, match="bad"):
        futures["bad"].result(5)
    assert futures["a"].result(5) == "A" and futures["c"].result(5) == "C"


def test_a_batch_holds_at_most_max_batch_jobs():
    recorder = _Recorder()
    _first, futures = _run_while_the_first_batch_is_held(recorder, [f"j{n}" for n in range(7)], max_batch=3)
    assert all(f.result(5) for f in futures.values())
    assert max(len(b) for b in recorder.batches) <= 3
    assert sorted(j for b in recorder.batches[1:] for j in b) == sorted(f"j{n}" for n in range(7))


def test_a_crashing_writer_gives_every_waiting_thread_the_error_and_the_next_job_a_fresh_start():
    def crash(jobs):
        raise MemoryError("out of memory")

    committer = GroupCommit(crash)
    with pytest.raises(MemoryError):
        committer.submit("x")
    committer._write_batch = lambda jobs: [j.upper() for j in jobs]
    assert committer.submit("y") == "Y"


def test_a_thread_alone_writes_a_batch_of_one():
    seen = []
    committer = GroupCommit(lambda jobs: seen.append(list(jobs)) or jobs)
    assert [committer.submit(n) for n in (1, 2, 3)] == [1, 2, 3]
    assert seen == [[1], [2], [3]]


# ------------------------------------------------------------------ signals, on the real database


def _submit(key: str, fingerprint: str | None = None):
    try:
        return services.signal_submit(
            data=_input(), channel=Channel.API, actor=None, idempotency_key=key, fingerprint=fingerprint or key
        )
    finally:
        # A pool thread that led a batch opened a connection of its own; an open one would keep
        # PostgreSQL from dropping the test database.
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_signals_are_stored_whole_with_their_own_receipts_and_audit_entries(reference_data, monkeypatch):
    from samen.intake import storage

    sizes: list[int] = []
    real_write = storage.write

    def write_slowly(prepared):
        sizes.append(len(prepared.submissions))
        time.sleep(0.05)  # long enough for the other threads to queue up
        return real_write(prepared)

    monkeypatch.setattr(storage, "write", write_slowly)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(_submit, [f"key-{n}" for n in range(16)]))

    assert max(sizes) > 1, "no two signals shared a transaction"
    assert len({r.receipt for r in results}) == 16 and all(r.created and r.secret for r in results)
    assert Signal.objects.count() == IntakeOutbox.objects.count() == 16
    assert PersonIdentity.objects.count() == 16  # the victim of each signal has identifying data
    report = verify_chain()
    assert report.ok, report.problems
    assert report.count >= 16


def _queued(future, waiting: int):
    """The submission, once the group commit's queue holds `waiting` jobs."""
    deadline = time.monotonic() + 10
    while services._group_commit.waiting < waiting and time.monotonic() < deadline:
        time.sleep(0.002)
    assert services._group_commit.waiting == waiting
    return future


def _hold_the_first_write(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Make the write of the signal with key "first" wait: (it is holding, let it go)."""
    from samen.intake import storage

    real_write = storage.write
    holding, release = threading.Event(), threading.Event()

    def write_holding_the_first(prepared):
        if prepared.submissions[0].idempotency_key == "first":
            holding.set()
            release.wait(10)
        return real_write(prepared)

    monkeypatch.setattr(storage, "write", write_holding_the_first)
    return holding, release


@pytest.mark.django_db(transaction=True)
def test_a_retry_in_the_same_batch_gets_the_original_and_a_conflicting_reuse_is_refused(reference_data, monkeypatch):
    holding, release = _hold_the_first_write(monkeypatch)
    with ThreadPoolExecutor(5) as pool:
        first = pool.submit(_submit, "first")
        assert holding.wait(10)
        # One at a time, so the queue holds them in this order: the first "k" is the original.
        original = _queued(pool.submit(_submit, "k", "payload-1"), 1)
        retry = _queued(pool.submit(_submit, "k", "payload-1"), 2)
        other = _queued(pool.submit(_submit, "k", "payload-2"), 3)
        fine = _queued(pool.submit(_submit, "fine"), 4)  # the next batch holds all four
        release.set()
        outcomes = [original.result(10), retry.result(10)]
        with pytest.raises(services.IdempotencyConflict):
            other.result(10)
        assert first.result(10).created and fine.result(10).created

    assert sorted(o.created for o in outcomes) == [False, True]
    assert outcomes[0].receipt == outcomes[1].receipt
    assert Signal.objects.filter(idempotency_key="k").count() == 1
    assert Signal.objects.count() == 3
    # The failed batch left no keys behind: each signal stored afterwards has its own rows.
    for signal in Signal.objects.all():
        assert signal.persons.count() == len(_input().persons)
        assert IntakeOutbox.objects.filter(signal=signal).count() == 1
        assert AuditEntry.objects.filter(object_type="signal", object_id=str(signal.pk), action="write").count() == 1


@pytest.mark.django_db(transaction=True)
def test_signals_of_a_batch_that_failed_halfway_are_each_stored_afresh(reference_data, monkeypatch):
    """The batch's signal rows were inserted (and given keys) before it failed; the retry of
    each one alone must not reuse those keys for its persons, outbox row or audit entry."""
    from samen import audit

    real_append = audit.append_entries

    def append_failing_for_a_batch(entries, **kwargs):
        if len(entries) > 1:
            raise audit.AuditUnavailable("the audit log is away for a moment")
        real_append(entries, **kwargs)

    monkeypatch.setattr(audit, "append_entries", append_failing_for_a_batch)
    holding, release = _hold_the_first_write(monkeypatch)
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(_submit, "first")
        assert holding.wait(10)
        queued = [_queued(pool.submit(_submit, f"later-{n}"), n + 1) for n in range(3)]
        release.set()
        assert all(f.result(10).created for f in [first, *queued])

    assert Signal.objects.count() == 4
    for signal in Signal.objects.all():
        assert signal.persons.count() == len(_input().persons)
        assert IntakeOutbox.objects.filter(signal=signal).count() == 1
        assert AuditEntry.objects.filter(object_type="signal", object_id=str(signal.pk), action="write").count() == 1
