import datetime

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
    assert "303 signals routed" in result
    states = set(SignalTrack.objects.values_list("state", flat=True))
    assert states == set(State)
    assert Signal.objects.filter(public_status=PublicStatus.HANDLED).exists()
    assert Signal.objects.filter(public_status=PublicStatus.BEING_HANDLED).exists()
    assert Case.objects.exists()
    # Work for every queue's "overdue first": open tracks past their deadline.
    assert SignalTrack.objects.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate()).exists()
    # A track's history starts when its signal came in, not when the demo was built.
    for signal in Signal.objects.filter(tracks__events__kind="transition").distinct()[:50]:
        times = [e.at for t in signal.tracks.all() for e in t.events.all()]
        assert signal.created_at < min(times) and max(times) <= timezone.now()
        assert min(times) - signal.created_at < datetime.timedelta(days=1)
        steps = [e.at for t in signal.tracks.all() for e in t.events.all() if e.kind == "transition"]
        recent = timezone.now() - datetime.timedelta(days=1)  # a signal of today moves as late as it is now
        assert all(8 <= timezone.localtime(at).hour < 18 for at in steps if at < recent)  # office hours
    assert seed_casework() == "already present"


def test_the_demo_s_transfer_offers_reach_a_demo_account_which_reads_the_de_identified_text(client, world):
    from django.urls import reverse

    from samen.casework.tests.conftest import user
    from samen.intake.services import signal_deidentify
    from samen.testing.auth import login

    seed_signals()
    seed_casework()
    zorg = user("zorg")
    offers = SignalTrack.objects.filter(state=State.TRANSFER_PENDING, transfer_to=zorg.organisation)
    copied = [signal_deidentify(signal_id=offer.signal_id) for offer in offers]
    named = [signal for signal in copied if signal.deidentified_text != signal.what]
    assert named, "no transfer offer with a name in its text reaches a demo account"
    login(client, zorg)
    page = client.get(reverse("casework:signal", args=[named[0].pk])).content.decode()
    assert named[0].deidentified_text.splitlines()[0] in page
    assert named[0].what.splitlines()[0] not in page


def test_as_vangnet_the_bulgarian_greenhouse_workers_signal_advises_to_reply_in_bulgarian(client, world):
    """The usability test's case: a report sent in Bulgarian, answered by the national fallback."""
    from django.urls import reverse

    from samen.casework.tests.conftest import user
    from samen.testing.auth import login

    seed_signals()
    seed_casework()
    signal = Signal.objects.get(language="bg", reporter_type="self")
    client.cookies["django_language"] = "nl"
    login(client, user("vangnet"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Taal van de melder" in page
    assert "Schrijf uw bericht daarom bij voorkeur in het Bulgaars." in page
