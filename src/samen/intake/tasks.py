"""Background work after intake (django-tasks, database backend by default)."""

from __future__ import annotations

from django_tasks import task

from samen.intake.services import deidentify_pending, signal_deidentify


@task()
def deidentify_signal(signal_id: int) -> None:
    signal_deidentify(signal_id=signal_id)


@task()
def deidentify_pending_task() -> int:
    """The sweep for signals whose de-identification task was never queued."""
    return deidentify_pending()
