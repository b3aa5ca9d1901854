import pytest
from django.utils import timezone

from samen.casework.demo import seed_casework
from samen.casework.models import Case, SignalTrack
from samen.casework.workflow import OPEN_STATES, State
from samen.intake.demo import seed_signals
from samen.intake.models import PublicStatus, Signal

pytestmark = pytest.mark.django_db


def test_the_demo_step_moves_the_demo_signals_through_every_state_and_is_idempotent(world):
    seed_signals()
    result = seed_casework()
    assert "300 signals routed" in result
    states = set(SignalTrack.objects.values_list("state", flat=True))
    assert states == set(State)
    assert Signal.objects.filter(public_status=PublicStatus.HANDLED).exists()
    assert Signal.objects.filter(public_status=PublicStatus.BEING_HANDLED).exists()
    assert Case.objects.exists()
    # Work for every queue's "overdue first": open tracks past their deadline.
    assert SignalTrack.objects.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate()).exists()
    assert seed_casework() == "already present"
