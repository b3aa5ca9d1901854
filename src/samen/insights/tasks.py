"""Background work of insights: keep the summary tables up to date (every minute by `samen worker`),
and the programme goals' snapshot (when it is older than `SAMEN_INSIGHTS_KPI_MINUTES`)."""

from __future__ import annotations

from django_tasks import task

from samen.insights.aggregates import refresh_insights
from samen.insights.kpi_page import kpi_minutes, refresh_kpis


@task()
def refresh_insights_task() -> int:
    counted = refresh_insights()
    refresh_kpis(max_age_minutes=kpi_minutes())
    return counted
