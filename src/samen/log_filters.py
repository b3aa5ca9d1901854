"""Filters for the log handlers of `settings.LOGGING`."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

# The task worker sets these loggers to INFO itself (db_worker's --verbosity), and then writes two
# lines per task: the housekeeping that runs every few seconds buried the demo's list of accounts
# within a minute. A handler filter holds whatever level the worker sets.
_TASK_LOGGERS = ("django_tasks", "django_tasks_db")


class TaskLogLevel(logging.Filter):
    """Let through the task worker's records at `level` and above, and every other record."""

    def __init__(self, level: str = "WARNING") -> None:
        super().__init__()
        # A misspelt level in the environment falls back to WARNING rather than failing every record.
        self.level = logging.getLevelNamesMapping().get(level.upper(), logging.WARNING)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in _TASK_LOGGERS:
            return record.levelno >= self.level
        return True


def failure(error: BaseException) -> str:
    """An exception as its class and the last frames it passed, without its message.

    For the log of a background run over signals and persons: an exception's message can quote
    the data that caused it (a value the database refused, a name that failed to encode), and a
    log is no place for it. The frames say where to look.
    """
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    where = " < ".join(f"{Path(frame.filename).name}:{frame.lineno}" for frame in reversed(frames))
    return f"{type(error).__name__} at {where}" if where else type(error).__name__
