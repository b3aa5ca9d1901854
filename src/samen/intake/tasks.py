"""Background work of intake (django-tasks, database backend by default).

The periodic de-identification task picks up new signals every few seconds (see
`services.deidentify_pending`).
"""

from __future__ import annotations

from django_tasks import task

from samen.intake.services import deidentify_pending


@task()
def deidentify_pending_task() -> int:
    """De-identify the signals that came in since the last run."""
    return deidentify_pending()
