"""Benchmark settings: the real settings plus one bare view, served by the same gunicorn."""

from samen.settings import *  # noqa: F403

ROOT_URLCONF = "intake_app.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
