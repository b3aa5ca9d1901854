"""Background jobs of casework (django-tasks); `samen worker` enqueues them periodically."""

from __future__ import annotations

from django_tasks import task

from samen.casework import pipeline, services


@task()
def drain_intake_outbox_task() -> int:
    return pipeline.drain_intake_outbox()


@task()
def escalate_overdue_task() -> int:
    return services.escalate_overdue()
