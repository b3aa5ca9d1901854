"""The periodic scheduler's interval logic, with an injected clock (no sleeping)."""

from __future__ import annotations

import threading

from samen.web.scheduler import PeriodicScheduler, from_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_job_is_enqueued_at_start_and_then_at_most_once_per_interval():
    clock, calls = Clock(), []
    scheduler = PeriodicScheduler([("drain", 2), ("escalate", 300)], clock=clock, enqueue=calls.append)
    assert scheduler.tick() == ["drain", "escalate"]
    assert scheduler.tick() == []
    clock.now += 1.9
    assert scheduler.tick() == []
    clock.now += 0.1
    assert scheduler.tick() == ["drain"]
    clock.now += 298
    assert scheduler.tick() == ["drain", "escalate"]
    assert calls == ["drain", "escalate", "drain", "drain", "escalate"]


def test_a_failing_enqueue_is_retried_on_the_next_tick():
    clock, calls = Clock(), []

    def enqueue(path: str) -> None:
        calls.append(path)
        if len(calls) == 1:
            raise RuntimeError("database is down")

    scheduler = PeriodicScheduler([("drain", 60)], clock=clock, enqueue=enqueue)
    assert scheduler.tick() == []
    assert scheduler.tick() == ["drain"]


def test_the_wait_until_the_next_job_follows_the_shortest_interval():
    clock = Clock()
    scheduler = PeriodicScheduler([("a", 10), ("b", 3)], clock=clock, enqueue=lambda path: None)
    assert scheduler.seconds_to_next() == 0
    scheduler.tick()
    clock.now += 1
    assert scheduler.seconds_to_next() == 2


def test_the_thread_stops_when_asked():
    stop, calls = threading.Event(), []
    scheduler = PeriodicScheduler([("drain", 3600)], enqueue=calls.append)
    thread = scheduler.start(stop)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert calls in (["drain"], [])


def test_the_jobs_come_from_the_setting_and_are_real_tasks(settings):
    from django.utils.module_loading import import_string

    scheduler = from_settings()
    jobs = dict(scheduler.jobs)
    assert jobs["samen.casework.tasks.drain_intake_outbox_task"] == 2
    assert jobs["samen.casework.tasks.escalate_overdue_task"] == 300
    for path in ("samen.casework.tasks.drain_intake_outbox_task", "samen.casework.tasks.escalate_overdue_task"):
        assert hasattr(import_string(path), "enqueue")
