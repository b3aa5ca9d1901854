"""The task worker's own INFO lines stay out of the console, whatever level the worker sets."""

from __future__ import annotations

import logging

from samen.log_filters import TaskLogLevel


def _record(name: str, level: int) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, "Task id=%s state=%s", ("1", "SUCCESSFUL"), None)


def test_the_task_workers_info_lines_are_held_back_and_its_warnings_and_errors_come_through():
    quiet = TaskLogLevel("WARNING")
    assert not quiet.filter(_record("django_tasks", logging.INFO))
    assert not quiet.filter(_record("django_tasks_db", logging.INFO))
    assert quiet.filter(_record("django_tasks", logging.ERROR))
    assert quiet.filter(_record("django_tasks_db", logging.WARNING))


def test_other_loggers_and_a_chosen_level_are_left_alone():
    assert TaskLogLevel("WARNING").filter(_record("samen.intake", logging.INFO))
    assert TaskLogLevel("info").filter(_record("django_tasks", logging.INFO))


def test_the_console_handler_of_the_settings_uses_it(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert "task_level" in handler["filters"]
    assert settings.LOGGING["filters"]["task_level"]["()"] == "samen.log_filters.TaskLogLevel"
