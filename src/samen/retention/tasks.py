"""The daily retention run (scheduled by `samen worker` through SAMEN_PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task

from samen.retention.services import retention_apply


@task()
def apply_retention_task() -> int:
    return len(retention_apply())


@task()
def prune_task_results_task() -> int:
    from samen.retention.task_results import task_results_prune

    return task_results_prune()
