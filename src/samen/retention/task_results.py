"""How long the background worker's finished jobs are kept.

Every job leaves a row (`django_tasks_db.DBTaskResult`), and the periodic jobs alone
(`SAMEN_PERIODIC_TASKS`: the intake outbox every 2 s, de-identification every 5 s, ...) add
some 60,000 a day. The rows hold ids and counts, no personal data, but nothing removed them.
A successful job is kept a day, a failed one a month, for whoever looks into why it failed.
Jobs still queued or running are never touched.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

SUCCESSFUL_KEPT = datetime.timedelta(days=1)
FAILED_KEPT = datetime.timedelta(days=30)


# Rows per DELETE: the first run after an upgrade may find millions, which one statement would
# hold in one transaction while the worker writes its own rows beside it.
BATCH = 10_000


def task_results_prune(*, now: datetime.datetime | None = None, batch: int = BATCH) -> int:
    """Delete the finished jobs past their keeping time, `batch` at a time; returns how many were deleted."""
    now = now or timezone.now()
    past = Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lte=now - SUCCESSFUL_KEPT) | Q(
        status=TaskResultStatus.FAILED, finished_at__lte=now - FAILED_KEPT
    )
    expired = DBTaskResult.objects.finished().filter(past)
    total = 0
    while keys := list(expired.values_list("pk", flat=True)[:batch]):
        deleted, _ = DBTaskResult.objects.filter(pk__in=keys).delete()
        total += deleted
    return total
