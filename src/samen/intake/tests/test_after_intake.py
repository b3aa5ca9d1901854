"""The de-identification task is queued in the signal's own transaction, and lost ones are swept."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samen.intake import services
from samen.intake.models import Channel, Signal
from samen.intake.tests.test_services import _input

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_task_row_commits_with_the_signal(database_tasks, reference_data):
    services.signal_submit(data=_input(), channel=Channel.PUBLIC_WEB, actor=None, idempotency_key="a", fingerprint="a")
    task = DBTaskResult.objects.get()
    assert task.task_path == "samen.intake.tasks.deidentify_signal"
    assert task.args_kwargs["args"] == [Signal.objects.get().pk]


def test_a_failed_store_leaves_no_task_behind(database_tasks, reference_data, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "_audit_write", broken)
    with pytest.raises(RuntimeError):
        services.signal_submit(
            data=_input(), channel=Channel.PUBLIC_WEB, actor=None, idempotency_key="b", fingerprint="b"
        )
    assert not Signal.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_sweep_deidentifies_signals_whose_task_was_lost(reference_data, settings, deduce_loaded):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.signal_submit(data=_input(), channel=Channel.PUBLIC_WEB, actor=None, idempotency_key="c", fingerprint="c")
    assert services.deidentify_pending() == 0  # too young: its task may still be running
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        assert services.deidentify_pending() == 1
    signal = Signal.objects.get()
    assert signal.deidentified_at is not None
    assert "Ana Popescu" not in signal.deidentified_text


def test_a_failing_enqueue_still_gives_the_receipt(reference_data, monkeypatch):
    from django.db import DatabaseError

    from samen.intake import tasks

    def broken(*args, **kwargs):
        raise DatabaseError("queue table unavailable")

    monkeypatch.setattr(tasks, "deidentify_signal", SimpleNamespace(enqueue=broken))
    result = services.signal_submit(
        data=_input(), channel=Channel.PUBLIC_WEB, actor=None, idempotency_key="d", fingerprint="d"
    )
    assert result.created and Signal.objects.filter(pk=result.signal.pk).exists()
