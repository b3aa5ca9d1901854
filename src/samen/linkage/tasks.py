"""Background job of linkage; `samen worker` enqueues it periodically (SAMEN_PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task

from samen.linkage import services


@task()
def encode_pending_task() -> int:
    """Encode the persons of newly routed signals and match them; returns the notices made."""
    return services.encode_pending().links
