"""Background work of insights: keep the summary tables up to date (every minute by `samen worker`)."""

from __future__ import annotations

from django_tasks import task

from samen.insights.aggregates import refresh_insights


@task()
def refresh_insights_task() -> int:
    return refresh_insights()
