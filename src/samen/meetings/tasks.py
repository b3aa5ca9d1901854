"""Background jobs of the signal tables; `samen worker` enqueues them periodically."""

from __future__ import annotations

from django_tasks import task

from samen.meetings import services


@task()
def agendas_refresh_task() -> int:
    return services.agendas_refresh()
