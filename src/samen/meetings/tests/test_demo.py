"""The demo data set gives every police unit a table, and the demo account `tafel` a meaningful one."""

from __future__ import annotations

import pytest

from samen.meetings.models import AgendaItem, ItemAction, MeetingStatus, SignalTable, TableDecision
from samen.meetings.tests.conftest import user
from samen.testing.auth import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(django_capture_on_commit_callbacks):
    from samen.casework.demo import seed_casework
    from samen.demo.accounts_data import seed_accounts
    from samen.demo.partners_data import seed_partners
    from samen.intake.demo import seed_signals
    from samen.meetings.demo import seed_tables
    from samen.routing import engine
    from samen.routing.demo_rules import seed_routing_rules

    seed_partners()
    seed_accounts()
    with django_capture_on_commit_callbacks(execute=True):
        seed_routing_rules()
    engine.invalidate()
    seed_signals()
    seed_casework()
    result = seed_tables()
    yield result
    engine.invalidate()


def test_the_demo_has_a_table_per_police_unit_with_a_held_and_a_planned_meeting(demo_world, client):
    from samen.meetings.demo import seed_tables

    assert SignalTable.objects.count() == 10
    assert seed_tables() == "already present"
    table = SignalTable.objects.get(slug="signaaltafel-re01")
    slugs = set(table.members.values_list("slug", flat=True))
    assert {"politie-re01", "zorgcoordinatie-re01", "riec-re01", "nla", "gemeente-gm0014"} <= slugs
    assert any(s.startswith("veilig-thuis-") for s in slugs)
    held = table.meetings.get(status=MeetingStatus.HELD)
    planned = table.meetings.get(status=MeetingStatus.PLANNED)
    assert TableDecision.objects.filter(item__meeting=held).exists()
    assert ItemAction.objects.filter(item__meeting=held).exists()
    assert held.attendees.filter(username="tafel").exists()
    codes = {code for item in AgendaItem.objects.filter(meeting=planned) for code in item.reason_codes}
    assert "open_actions" in codes  # what the table agreed last time comes back
    assert len(codes) >= 2, codes
    # What the table decided carries the meeting's day in the tracks' timelines, not the build's.
    from samen.casework.models import TrackEvent

    discussed = AgendaItem.objects.filter(meeting=held).values_list("signal_id", flat=True)
    decided = TrackEvent.objects.filter(kind=TrackEvent.Kind.DECISION, track__signal_id__in=list(discussed))
    assert decided.exists()
    assert all(event.at.date() < planned.starts_at.date() and event.at >= held.starts_at for event in decided)
    login(client, user("tafel"))
    assert "Signaaltafel Noord-Nederland" in client.get("/tafel/").content.decode()
    assert client.get(planned.get_absolute_url()).status_code == 200
    assert client.get(held.get_absolute_url() + "notulen/").status_code == 200
