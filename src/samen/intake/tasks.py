"""Background work after intake (django-tasks, database backend by default)."""

from __future__ import annotations

from django_tasks import task

from samen.intake.services import signal_deidentify


@task()
def deidentify_signal(signal_id: int) -> None:
    signal_deidentify(signal_id=signal_id)
