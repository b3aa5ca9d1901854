"""The agenda builds itself from the signals that need a joint decision, and says why in words."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samen.casework import services as casework_services
from samen.casework.workflow import Event
from samen.meetings import services
from samen.meetings.models import AgendaItem, Reason
from samen.meetings.tests.conftest import make_table, org, plan, signal_with_tracks, user

pytestmark = pytest.mark.django_db


def _items(meeting):
    return {item.signal_id: item for item in AgendaItem.objects.filter(meeting=meeting)}


def test_a_signal_its_owner_brings_to_the_table_appears_with_that_reason(table):
    signal, victim, _perpetrator = signal_with_tracks()
    casework_services.track_flag_for_table(track=victim, actor=user("coordinator"), reason="Opvang nodig")
    meeting = plan(table)
    item = _items(meeting)[signal.pk]
    assert item.reason_codes == [Reason.FLAGGED]
    with translation.override("en"):
        assert item.reason_texts() == ["The victim track: ZC Rotterdam asks the table for a joint decision."]


def test_an_overdue_track_appears_with_its_owner_and_deadline(table):
    signal, victim, _perpetrator = signal_with_tracks()
    meeting = plan(table)
    assert signal.pk not in _items(meeting)
    services.agenda_build(meeting=meeting, today=victim.due_on + datetime.timedelta(days=1))
    item = _items(meeting)[signal.pk]
    assert Reason.OVERDUE in item.reason_codes
    assert any(victim.due_on.strftime("%d-%m-%Y") in text for text in item.reason_texts())


def test_a_track_waiting_for_a_partner_while_another_organisation_owns_the_other_track_appears(table):
    signal, victim, _perpetrator = signal_with_tracks()
    for event in (Event.TAKE, Event.START, Event.WAIT):
        casework_services.track_transition(track=victim, event=event, actor=user("coordinator"))
    item = _items(plan(table))[signal.pk]
    assert item.reason_codes == [Reason.MULTI_ORGANISATION]


def test_a_track_with_an_open_action_at_another_organisation_appears_until_the_action_is_done(table):
    signal, _victim, perpetrator = signal_with_tracks()
    action = casework_services.action_add(
        track=perpetrator, description="Gegevens delen met NLA", actor=user("politie"), organisation=org("nla")
    )
    item = _items(plan(table))[signal.pk]
    assert item.reason_codes == [Reason.MULTI_ORGANISATION]
    with translation.override("en"):
        assert item.reason_texts() == ["The perpetrator track at AVIM Rotterdam has an open action with NLA."]
    casework_services.action_set_done(action=action, done=True, actor=user("politie"))
    assert signal.pk not in _items(plan(table, days=14))


def test_an_action_the_owner_keeps_itself_is_no_reason_for_the_table(table):
    signal, _victim, perpetrator = signal_with_tracks()
    casework_services.action_add(track=perpetrator, description="Dossier aanvullen", actor=user("politie"))
    assert signal.pk not in _items(plan(table))


def test_a_pending_transfer_to_another_organisation_appears(table):
    signal, _victim, perpetrator = signal_with_tracks()
    casework_services.track_transition(
        track=perpetrator, event=Event.TRANSFER, actor=user("politie"), reason="Arbeid", transfer_to=org("nla")
    )
    item = _items(plan(table))[signal.pk]
    assert item.reason_codes == [Reason.TRANSFER]


def test_signals_outside_the_region_or_of_non_members_stay_off_the_agenda(table):
    elsewhere, victim_elsewhere, _p = signal_with_tracks(place="Groningen")
    casework_services.track_flag_for_table(track=victim_elsewhere, actor=None, reason="x")
    _signal, victim, _p2 = signal_with_tracks()
    casework_services.track_flag_for_table(track=victim, actor=None, reason="x")
    without_care = make_table(members=["politie-re07", "gemeente-gm0599"], name="Tafel zonder zorg")
    assert elsewhere.pk not in _items(plan(table))
    assert _items(plan(without_care)) == {}


def test_rebuilding_the_agenda_is_idempotent(table):
    first, victim, _p = signal_with_tracks()
    second, _v, perpetrator = signal_with_tracks()
    casework_services.track_flag_for_table(track=victim, actor=None, reason="x")
    casework_services.track_flag_for_table(track=perpetrator, actor=None, reason="x")
    meeting = plan(table)
    before = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "signal_id", "position", "reasons"))
    services.agenda_build(meeting=meeting)
    services.agenda_build(meeting=meeting)
    after = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "signal_id", "position", "reasons"))
    assert before == after
    assert {row[1] for row in after} == {first.pk, second.pk}


def test_an_item_that_no_longer_qualifies_leaves_unless_the_table_worked_on_it(table):
    _a, victim_a, _p = signal_with_tracks()
    _b, victim_b, _p2 = signal_with_tracks()
    for victim in (victim_a, victim_b):
        casework_services.track_flag_for_table(track=victim, actor=None, reason="x")
    meeting = plan(table)
    item_a = _items(meeting)[victim_a.signal_id]
    services.decision_record(item=item_a, text="Besproken", actor=user("coordinator"))
    casework_services.track_flag_for_table(track=victim_b, actor=None, reason="", flag=False)
    services.agenda_build(meeting=meeting)
    assert set(_items(meeting)) == {victim_a.signal_id}


def test_open_actions_from_an_earlier_meeting_return_on_the_next_agenda(table, chair):
    signal, victim, _p = signal_with_tracks()
    casework_services.track_flag_for_table(track=victim, actor=None, reason="x")
    meeting = plan(table)
    item = _items(meeting)[signal.pk]
    services.decision_record(item=item, text="Opvang regelen", actor=chair)
    linked = services.action_record(
        item=item,
        track=victim,
        description="Opvangplek zoeken",
        organisation=org("zorgcoordinatie-re07"),
        due_on=timezone.localdate() + datetime.timedelta(days=10),
        actor=chair,
    )
    services.meeting_mark_held(meeting=meeting, attendees=[chair], actor=chair)
    following = table.meetings.exclude(pk=meeting.pk).get()
    assert following.starts_at == meeting.starts_at + datetime.timedelta(days=21)
    again = _items(following)[signal.pk]
    assert again.reason_codes == [Reason.OPEN_ACTIONS]
    casework_services.action_set_done(action=linked.action, done=True, actor=user("coordinator"))
    services.agenda_build(meeting=following)
    assert signal.pk not in _items(following)


def test_two_open_actions_from_an_earlier_meeting_give_the_item_that_reason_once(table, chair):
    signal, victim, perpetrator = signal_with_tracks()
    casework_services.track_flag_for_table(track=victim, actor=None, reason="x")
    meeting = plan(table)
    item = _items(meeting)[signal.pk]
    services.decision_record(item=item, text="Opvang en controle", actor=chair)
    for track, description in ((victim, "Opvangplek zoeken"), (perpetrator, "Adres controleren")):
        services.action_record(item=item, track=track, description=description, organisation=track.owner, actor=chair)
    services.meeting_mark_held(meeting=meeting, attendees=[chair], actor=chair)
    following = table.meetings.exclude(pk=meeting.pk).get()
    again = _items(following)[signal.pk]
    assert again.reason_codes == [Reason.OPEN_ACTIONS]


def test_a_held_meeting_keeps_its_agenda(table, chair):
    meeting = plan(table)
    services.meeting_mark_held(meeting=meeting, attendees=[], actor=chair)
    with pytest.raises(ValidationError):
        services.agenda_build(meeting=meeting)


def test_a_possible_link_from_linkage_puts_both_signals_on_the_agenda_until_discussed(table, chair):
    a, *_ = signal_with_tracks()
    b, *_ = signal_with_tracks(name="Maria Popescu")
    meeting = plan(table)
    services.agenda_add_possible_link(table=table, signal_a=a, signal_b=b, note="Zelfde telefoonnummer.")
    services.agenda_add_possible_link(table=table, signal_a=b, signal_b=a, note="Zelfde telefoonnummer.")
    items = _items(meeting)
    assert items[a.pk].reason_codes == [Reason.POSSIBLE_LINK]
    assert b.receipt_code in items[a.pk].reason_texts()[0]
    assert a.receipt_code in items[b.pk].reason_texts()[0]
    services.decision_record(item=items[a.pk], text="Samen oppakken", actor=chair)
    services.agenda_build(meeting=meeting)
    assert set(_items(meeting)) == {a.pk}  # b leaves; a stays because a decision was recorded on it


def test_a_flagged_track_comes_on_the_next_agenda_when_the_worker_refreshes_the_agendas(table):
    signal, victim, _p = signal_with_tracks()
    meeting = plan(table)
    assert signal.pk not in _items(meeting)
    casework_services.track_flag_for_table(track=victim, actor=user("coordinator"), reason="Samen beslissen")
    assert services.agendas_refresh() >= 1
    assert _items(meeting)[signal.pk].reason_codes == [Reason.FLAGGED]
