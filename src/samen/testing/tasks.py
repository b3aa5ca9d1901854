"""Running queued tasks in tests that use django-tasks' DummyBackend (which only holds them)."""

from __future__ import annotations

from typing import Any

from django_tasks import TaskResult, default_task_backend


def queued() -> list[TaskResult]:
    """What the test's DummyBackend holds, oldest first."""
    return list(default_task_backend.results)  # type: ignore[attr-defined]


def run_queued() -> list[Any]:
    """Run what is queued now, as the worker would (not waiting for `run_after`), and forget it.

    Returns the tasks' return values. What they queue in turn (a retry) stays queued."""
    results = queued()
    default_task_backend.clear()  # type: ignore[attr-defined]
    return [result.task.call(*result.args, **result.kwargs) for result in results]
