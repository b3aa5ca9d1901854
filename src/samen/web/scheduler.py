"""A small scheduler that enqueues periodic django-tasks jobs; django-tasks has none of its own.

`samen worker` runs it in a thread beside the task worker. The jobs come from the setting
`SAMEN_PERIODIC_TASKS = [(dotted path of a task, seconds), ...]`; each is enqueued at most once
per interval (the first time at start). The clock and the enqueue function are injectable, so
the interval logic is tested without sleeping. With several workers each enqueues its own
copies; the jobs are idempotent (they select what still needs doing), so that costs only work.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)


def _enqueue_path(path: str) -> None:
    from django.utils.module_loading import import_string

    import_string(path).enqueue()


class PeriodicScheduler:
    def __init__(
        self,
        jobs: Iterable[tuple[str, float]],
        *,
        clock: Callable[[], float] = time.monotonic,
        enqueue: Callable[[str], None] = _enqueue_path,
    ) -> None:
        self.jobs = [(path, float(seconds)) for path, seconds in jobs]
        self.clock = clock
        self.enqueue = enqueue
        self.last_run: dict[str, float] = {}

    def due(self) -> list[str]:
        """The jobs whose interval has passed since they were last enqueued (never run: due)."""
        now = self.clock()
        return [
            path for path, seconds in self.jobs if path not in self.last_run or now - self.last_run[path] >= seconds
        ]

    def tick(self) -> list[str]:
        """Enqueue every due job once; a failing enqueue is logged and retried next tick."""
        enqueued = []
        for path in self.due():
            try:
                self.enqueue(path)
            except Exception:
                log.exception("could not enqueue periodic task %s", path)
                continue
            self.last_run[path] = self.clock()
            enqueued.append(path)
        return enqueued

    def seconds_to_next(self) -> float:
        if not self.jobs:
            return 60.0
        now = self.clock()
        waits = [seconds - (now - self.last_run[path]) if path in self.last_run else 0.0 for path, seconds in self.jobs]
        return max(0.0, min(waits))

    def run(self, stop: threading.Event, *, max_wait: float = 1.0) -> None:
        """Tick until `stop` is set; wakes at least every `max_wait` seconds to notice it."""
        while not stop.is_set():
            self.tick()
            stop.wait(min(max_wait, self.seconds_to_next()) or 0.05)

    def start(self, stop: threading.Event) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(stop,), name="samen-scheduler", daemon=True)
        thread.start()
        return thread


def from_settings(**kwargs) -> PeriodicScheduler:
    from django.conf import settings

    return PeriodicScheduler(getattr(settings, "SAMEN_PERIODIC_TASKS", []), **kwargs)
