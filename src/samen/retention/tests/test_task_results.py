"""The worker's finished jobs are removed after their keeping time; queued and running ones stay."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samen.retention.task_results import task_results_prune

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _job(status: str, *, finished_days_ago: float | None) -> DBTaskResult:
    finished = NOW - datetime.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    return DBTaskResult.objects.create(
        status=status,
        finished_at=finished,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="samen.casework.tasks.drain_intake_outbox_task",
        backend_name="default",
        run_after=NOW - datetime.timedelta(days=60),
    )


def test_successful_jobs_go_after_a_day_failed_ones_after_a_month_and_unfinished_ones_stay():
    kept = [
        _job(TaskResultStatus.SUCCESSFUL, finished_days_ago=0.5),
        _job(TaskResultStatus.FAILED, finished_days_ago=20),
        _job(TaskResultStatus.READY, finished_days_ago=None),
        _job(TaskResultStatus.RUNNING, finished_days_ago=None),
    ]
    _job(TaskResultStatus.SUCCESSFUL, finished_days_ago=2)
    _job(TaskResultStatus.FAILED, finished_days_ago=31)

    assert task_results_prune(now=NOW) == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {job.pk for job in kept}
    assert task_results_prune(now=NOW) == 0


def test_many_expired_jobs_go_in_batches_until_none_is_left():
    for _ in range(7):
        _job(TaskResultStatus.SUCCESSFUL, finished_days_ago=3)
    recent = _job(TaskResultStatus.SUCCESSFUL, finished_days_ago=0.1)

    assert task_results_prune(now=NOW, batch=3) == 7
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_worker_runs_the_pruning_every_hour():
    from samen.retention.tasks import prune_task_results_task

    _job(TaskResultStatus.SUCCESSFUL, finished_days_ago=3)
    assert ("samen.retention.tasks.prune_task_results_task", 3_600) in settings.SAMEN_PERIODIC_TASKS
    assert prune_task_results_task.call() == 1
