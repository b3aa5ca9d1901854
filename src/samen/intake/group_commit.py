"""Group commit: writes that arrive together from several threads share one transaction.

A durable commit costs a disk flush, and every statement has a fixed cost however few rows it
carries. When a web worker serves requests on several threads (gunicorn's gthread worker),
signals that come in while another thread is committing wait in a queue; the next thread to
take the lead stores all of them with one INSERT per table and one commit, then hands every
waiting thread its own outcome. A thread alone (a sync worker, a management command, a test)
leads a batch of one, so there is one code path for every caller.

This is the leader/follower scheme databases use for their own log flushes: no background
thread, no timer, no waiting for a batch to fill. A batch holds at most `max_batch` writes.
`write_batch` must return one outcome per job, in order: a result, or the exception that job
must raise in its own thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


class _Slot(Generic[J, R]):
    __slots__ = ("done", "job", "outcome", "wake")

    def __init__(self, job: J) -> None:
        self.job = job
        self.done = False
        self.outcome: R | BaseException | None = None
        # Set once: when the job is written, or when its thread is to lead the next batch.
        self.wake = threading.Event()


class GroupCommit(Generic[J, R]):
    def __init__(self, write_batch: Callable[[list[J]], Sequence[R | BaseException]], *, max_batch: int = 32):
        self._write_batch = write_batch
        self.max_batch = max_batch
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        # A forked child starts with no queue and no leader, whatever the parent was doing.
        self._lock = threading.Lock()
        self._queue: list[_Slot[J, R]] = []
        self._leading = False

    @property
    def waiting(self) -> int:
        """Jobs queued for the next batch."""
        with self._lock:
            return len(self._queue)

    def submit(self, job: J) -> R:
        """Write `job`, alone or in a batch with others; return its result or raise its exception.

        Each waiting thread is woken once: with its outcome, or to lead the next batch (the
        first job still queued when a batch is written leads the next one).
        """
        slot: _Slot[J, R] = _Slot(job)
        with self._lock:
            self._queue.append(slot)
            follow = self._leading
            self._leading = True
        if follow:
            slot.wake.wait()
        if not slot.done:
            with self._lock:
                batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
            try:
                self._run(batch)
            finally:
                with self._lock:
                    if self._queue:
                        self._queue[0].wake.set()
                    else:
                        self._leading = False
        if isinstance(slot.outcome, BaseException):
            raise slot.outcome
        return slot.outcome  # type: ignore[return-value]

    def _run(self, batch: list[_Slot[J, R]]) -> None:
        try:
            outcomes = list(self._write_batch([s.job for s in batch]))
            if len(outcomes) != len(batch):
                raise RuntimeError("write_batch returned the wrong number of outcomes")
        except BaseException as exc:  # every waiting thread must get an outcome
            outcomes = [exc] * len(batch)
        for s, outcome in zip(batch, outcomes, strict=True):
            s.outcome, s.done = outcome, True
            s.wake.set()
