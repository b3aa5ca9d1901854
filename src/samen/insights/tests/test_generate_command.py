"""`samen generate`: synthetic signals for measurement, with their summaries refreshed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from samen.insights.models import SignalCount
from samen.intake.models import Signal

pytestmark = pytest.mark.django_db


def test_generate_writes_the_signals_and_refreshes_the_summaries(capsys):
    call_command("generate", signals=300, months=6, seed=7)
    out = capsys.readouterr().out
    assert "300 signals written" in out
    assert Signal.objects.count() == 300
    assert sum(SignalCount.objects.values_list("n", flat=True)) == 300
    # Written with their de-identified copies, so the worker does not make them all over again.
    assert not Signal.objects.filter(deidentified_at__isnull=True).exists()


def test_generate_can_leave_the_summaries_alone():
    call_command("generate", signals=50, no_refresh=True)
    assert Signal.objects.count() == 50
    assert not SignalCount.objects.exists()
