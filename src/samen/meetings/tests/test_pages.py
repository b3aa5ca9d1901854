"""The table pages through the Django test client: who sees what, what a decision and an action cause."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.accounts.models import Role
from samen.casework import services as casework_services
from samen.casework.models import TrackAction, TrackEvent
from samen.casework.workflow import Event
from samen.intake.models import PersonIdentity, Signal
from samen.meetings.models import AgendaItem, ItemAction, TableDecision
from samen.meetings.tests.conftest import org, plan, signal_with_tracks, user
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(meeting, suffix: str = "") -> str:
    return f"/tafel/{meeting.table.slug}/overleg/{meeting.pk}/{suffix}"


def test_a_member_sees_her_tables_and_an_outsider_sees_none(client, table, chair):
    login(client, chair)
    assert table.name in client.get("/tafel/").content.decode()
    login(client, user("zorg"))  # care coordinator of another region
    page = client.get("/tafel/").content.decode()
    assert table.name not in page
    assert client.get(f"/tafel/{table.slug}/").status_code == 404


def test_pages_of_a_table_are_404_for_outsiders_and_a_login_for_the_anonymous(client, agenda):
    meeting, item, *_ = agenda
    urls = [f"/tafel/{meeting.table.slug}/", _url(meeting), _url(meeting, "notulen/")]
    for url in urls:
        assert client.get(url).status_code == 302
    login(client, user("tafel"))  # table member of Noord-Nederland
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": "x"}).status_code == 404
    analyst = UserFactory(organisation=org("gemeente-gm0599"), roles=[Role.ANALYST])
    login(client, analyst)  # a member organisation, but no seat
    assert client.get(_url(meeting)).status_code == 404


def test_a_case_worker_reads_the_agenda_but_only_members_and_coordinators_record(client, agenda):
    meeting, item, *_ = agenda
    login(client, user("politie"))  # case worker at police RE07
    page = client.get(_url(meeting))
    assert page.status_code == 200
    assert "Record the decision" not in page.content.decode() and "Besluit vastleggen" not in page.content.decode()
    response = client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": "x"})
    assert response.status_code == 403
    assert not TableDecision.objects.exists()


def test_recording_a_decision_puts_it_on_both_timelines_and_settles_the_request(client, agenda, chair):
    meeting, item, victim, perpetrator = agenda
    login(client, chair)
    response = client.post(
        _url(meeting, f"punt/{item.pk}/besluit/"),
        {
            f"decision-{item.pk}-text": "Zorgcoördinatie zoekt opvang; politie start verkennend onderzoek.",
            f"decision-{item.pk}-settled": "on",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in response.content.decode()  # the fragment, not the page
    assert "<html" not in response.content.decode()
    decision = TableDecision.objects.get()
    assert (decision.recorded_by, decision.organisation) == (chair, org("gemeente-gm0599"))
    for track in (victim, perpetrator):
        event = TrackEvent.objects.get(track=track, kind=TrackEvent.Kind.DECISION)
        assert "verkennend onderzoek" in event.reason and event.actor == chair
    victim.refresh_from_db()
    assert not victim.needs_joint_decision


def test_a_decision_s_text_cannot_turn_round_who_recorded_it_and_when(client, agenda, chair):
    """A right-to-left override in a decision ran on into the name, organisation and time after it:
    "(dnalredeN-drooN MIVA)" (found by exploratory testing). The text is isolated from its attribution."""
    meeting, item, *_ = agenda
    login(client, chair)
    typed = "Opvang geregeld \u202e tot nader order"
    client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": typed})
    for url in (_url(meeting), _url(meeting, "notulen/")):
        assert f"<bdi>{typed}</bdi>" in client.get(url).content.decode()


def test_a_decision_with_identifiers_is_refused_before_it_reaches_every_member_s_minutes(client, agenda, chair):
    """Found by exploratory testing: "Olena Kovalenko, BSN ..., tel ..." went word for word into the minutes."""
    meeting, item, *_ = agenda
    login(client, chair)
    typed = "Slachtoffer heet Olena, BSN 111222333, tel 06-12345678; opvang bij Fier vanaf 12-01-2027."
    response = client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deze tekst lijkt een BSN, een telefoonnummer en een naam te bevatten." in page
    assert typed in page  # kept as typed, to write it without
    assert not TableDecision.objects.exists()
    written = "Zorgcoördinatie zoekt opvang vanaf 12-01-2027; politie start verkennend onderzoek."
    client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": written})
    assert TableDecision.objects.get().text == written


def test_an_empty_decision_is_refused_with_a_message_that_says_what_to_write(client, agenda, chair):
    meeting, item, *_ = agenda
    login(client, chair)
    for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": " "}, **htmx)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Schrijf op wat de tafel besloot." in page and "Dit veld is verplicht." not in page
    assert not TableDecision.objects.exists()


def test_recording_an_action_creates_the_casework_action_for_its_owner(client, agenda, chair):
    meeting, item, victim, _perpetrator = agenda
    login(client, chair)
    owner = user("coordinator")
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        _url(meeting, f"punt/{item.pk}/actie/"),
        {
            f"action-{item.pk}-description": "Opvangplek zoeken",
            f"action-{item.pk}-track": victim.pk,
            f"action-{item.pk}-organisation": owner.organisation_id,
            f"action-{item.pk}-owner": owner.pk,
            f"action-{item.pk}-due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    action = TrackAction.objects.get(track=victim)
    assert (action.description, action.organisation, action.owner, action.due_on) == (
        "Opvangplek zoeken",
        org("zorgcoordinatie-re07"),
        owner,
        due,
    )
    assert ItemAction.objects.get().item == item
    assert TrackEvent.objects.filter(track=victim, kind=TrackEvent.Kind.ACTION).exists()
    login(client, owner)
    assert "Opvangplek zoeken" in client.get("/werk/acties/").content.decode()


def _track_choice(page: str, item) -> str:
    return re.search(rf'<select name="action-{item.pk}-track".*?</select>', page, re.S).group()


def test_an_action_starts_on_no_track_and_is_refused_until_the_table_chooses_one(client, agenda, chair):
    meeting, item, victim, _perpetrator = agenda
    login(client, chair)
    choice = _track_choice(client.get(_url(meeting)).content.decode(), item)
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", choice) == ["Kies een spoor"]
    response = client.post(
        _url(meeting, f"punt/{item.pk}/actie/"),
        {
            f"action-{item.pk}-description": "Opvangplek zoeken",
            f"action-{item.pk}-track": "",
            f"action-{item.pk}-organisation": victim.owner_id,
            f"action-{item.pk}-due_on": timezone.localdate().isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Kies het spoor waar deze actie bij hoort." in response.content.decode()
    assert not TrackAction.objects.exists()


def test_when_one_track_is_still_open_the_action_starts_on_that_track(client, agenda, chair):
    meeting, item, victim, perpetrator = agenda
    casework_services.track_transition(track=perpetrator, event=Event.WAIVE, actor=user("politie"), reason="Geen dader")
    login(client, chair)
    choice = _track_choice(client.get(_url(meeting)).content.decode(), item)
    assert re.findall(r'<option value="(\d*)"[^>]*selected', choice) == [str(victim.pk)]
    assert "Kies een spoor" in choice  # the closed track can still be chosen on purpose


def test_an_action_for_a_person_of_another_organisation_is_refused(client, agenda, chair):
    meeting, item, victim, _perpetrator = agenda
    login(client, chair)
    response = client.post(
        _url(meeting, f"punt/{item.pk}/actie/"),
        {
            f"action-{item.pk}-description": "Iets",
            f"action-{item.pk}-track": victim.pk,
            f"action-{item.pk}-organisation": org("politie-re07").pk,
            f"action-{item.pk}-owner": user("coordinator").pk,
            f"action-{item.pk}-due_on": timezone.localdate().isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # the item again, with the error next to the field (htmx swaps 2xx only)
    assert "aria-invalid" in response.content.decode()
    assert not TrackAction.objects.exists()


def test_the_agenda_and_minutes_never_show_who_the_people_in_the_signal_are(client, agenda, chair):
    meeting, item, victim, _perpetrator = agenda
    from samen.meetings import services

    services.decision_record(item=item, text="Opvang regelen", actor=chair)
    services.action_record(
        item=item, track=victim, description="Plek zoeken", organisation=org("zorgcoordinatie-re07"), actor=chair
    )
    services.meeting_mark_held(meeting=meeting, attendees=[chair, user("politie")], actor=chair)
    identity = PersonIdentity.objects.get(person__signal=item.signal)
    assert identity.name == "Katarzyna Wiśniewska"
    login(client, chair)
    for url in (_url(meeting), _url(meeting, "notulen/")):
        html = client.get(url).content.decode()
        assert "Wiśniewska" not in html and "Katarzyna" not in html
        assert item.signal.what not in html  # only the de-identified text
    minutes = client.get(_url(meeting, "notulen/")).content.decode()
    assert "Opvang regelen" in minutes and "Plek zoeken" in minutes
    assert "Vera Voorzitter" in minutes  # attendees are listed
    assert "minutes.css" in minutes


def test_the_meeting_page_needs_the_same_queries_for_two_or_six_items(client, table, chair):
    login(client, chair)

    def add_flagged(n: int) -> None:
        for _ in range(n):
            _signal, victim, _p = signal_with_tracks()
            casework_services.track_flag_for_table(track=victim, actor=None, reason="x")

    add_flagged(2)
    meeting = plan(table)
    client.get(_url(meeting))
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(meeting)).status_code == 200
    add_flagged(4)
    from samen.meetings import services

    services.agenda_build(meeting=meeting)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 6
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(meeting)).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"][:150] for q in many.captured_queries)
    assert len(few) <= 25


def test_marking_held_plans_the_next_meeting_and_final_minutes_are_closed(client, agenda, chair):
    meeting, item, *_ = agenda
    login(client, chair)
    response = client.post(_url(meeting, "gehouden/"), {"attendees": [chair.pk]})
    assert response.status_code == 302
    assert meeting.table.meetings.count() == 2
    client.post(_url(meeting, "vaststellen/"))
    meeting.refresh_from_db()
    assert meeting.minutes_finalised_at is not None
    response = client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": "te laat"})
    assert response.status_code == 403


def test_a_person_ticked_who_left_the_table_is_told_and_the_meeting_stays_open(client, agenda, chair):
    from samen.testing.factories import UserFactory

    meeting, *_ = agenda
    outsider = UserFactory(first_name="Olga", last_name="Buiten")  # not at this table
    login(client, chair)
    response = client.post(_url(meeting, "gehouden/"), {"attendees": [chair.pk, outsider.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Het overleg is niet als gehouden gemarkeerd; zie wie er waren." in page
    assert "Vink opnieuw aan wie er waren." in page
    meeting.refresh_from_db()
    assert not meeting.is_held and meeting.table.meetings.count() == 1


def test_a_member_plans_a_meeting_from_the_table_page(client, table, chair):
    login(client, chair)
    response = client.post(f"/tafel/{table.slug}/", {"starts_at": "2026-12-15T14:00", "place": "Stadhuis Rotterdam"})
    assert response.status_code == 302
    meeting = table.meetings.get()
    assert meeting.place == "Stadhuis Rotterdam" and meeting.agenda_built_at is not None
    login(client, user("politie"))
    assert client.post(f"/tafel/{table.slug}/", {"starts_at": "2026-12-16T14:00"}).status_code == 403


def test_only_an_owner_of_a_track_gets_the_link_to_the_follow_up(client, agenda, chair):
    meeting, item, *_ = agenda
    link = f"/werk/signaal/{item.signal_id}/"
    login(client, chair)  # municipality: a member, not an owner
    assert link not in client.get(_url(meeting)).content.decode()
    login(client, user("coordinator"))  # owns the victim track
    assert link in client.get(_url(meeting)).content.decode()


def _summary_reads(user_):
    from samen.audit.models import AuditEntry

    return AuditEntry.objects.filter(actor_id=str(user_.pk), fields="summary", origin__startswith="meetings.")


def test_without_a_track_or_an_agreement_a_member_reads_why_the_summary_is_withheld(client, agenda, chair):
    meeting, item, *_ = agenda
    item.signal.deidentified_text = "Vrouwen werken in een nagelsalon en slapen achter de winkel."
    item.signal.save(update_fields=["deidentified_text"])
    login(client, chair)  # municipality: a member of the table, no track, no sharing agreement
    html = client.get(_url(meeting)).content.decode()
    assert "nagelsalon" not in html and "<dd>Rotterdam</dd>" not in html  # no text, no municipality
    assert 'data-testid="summary-withheld"' in html
    assert "Geen relatie of convenant" in html or "No relationship or sharing agreement" in html
    minutes = client.get(_url(meeting, "notulen/")).content.decode()
    assert "nagelsalon" not in minutes and "· Rotterdam</h3>" not in minutes
    assert not _summary_reads(chair).exists()  # nothing shown, nothing logged as read


def test_an_owner_reads_the_summary_and_every_read_is_in_the_audit_log(client, agenda):
    meeting, item, *_ = agenda
    item.signal.deidentified_text = "Vrouwen werken in een nagelsalon en slapen achter de winkel."
    item.signal.save(update_fields=["deidentified_text"])
    coordinator = user("coordinator")  # owns the victim track
    login(client, coordinator)
    html = client.get(_url(meeting)).content.decode()
    assert "nagelsalon" in html and "<dd>Rotterdam</dd>" in html
    client.get(_url(meeting, "notulen/"))
    reads = _summary_reads(coordinator)
    assert sorted(reads.values_list("origin", flat=True)) == ["meetings.meeting_detail", "meetings.minutes"]
    assert {(e.object_id, e.purpose, e.processing_code) for e in reads} == {
        (str(item.signal_id), "joint_decision", "SAMEN-TABLE")
    }


@pytest.mark.parametrize(
    ("language", "label"), [("nl", "Mogelijke dader: Man met een zwarte Audi."), ("en", "Possible perpetrator: Man")]
)
def test_the_summary_names_whose_description_follows_in_the_reader_s_language(client, agenda, language, label):
    meeting, item, *_ = agenda
    item.signal.deidentified_parts = [
        ["", "Vrouwen werken in een nagelsalon."],
        ["perpetrator", "Man met een zwarte Audi."],
    ]
    item.signal.deidentified_text = "stored in Dutch for the record"
    item.signal.save(update_fields=["deidentified_parts", "deidentified_text"])
    login(client, user("coordinator"))  # owns the victim track
    client.cookies["django_language"] = language
    html = client.get(_url(meeting)).content.decode()
    assert f"Vrouwen werken in een nagelsalon.<br><br>{label}" in html


def test_the_summary_says_when_the_text_was_removed_at_the_end_of_its_retention_period(client, agenda):
    meeting, item, *_ = agenda
    Signal.objects.filter(pk=item.signal_id).update(what="", deidentified_text="", deidentified_parts=[])
    login(client, user("coordinator"))  # owns the victim track
    html = client.get(_url(meeting)).content.decode()
    assert "De tekst is verwijderd aan het einde van de bewaartermijn." in html
    assert "nog niet klaar" not in html


def test_the_summary_gives_when_and_each_person_s_age_from_their_de_identified_copies(client, agenda):
    meeting, item, *_ = agenda
    victim = item.signal.persons.order_by("position").first()
    victim.age, victim.deidentified_age = "ongeveer 20, heet Ana", "ongeveer 20, heet [PERSOON-1]"
    victim.save(update_fields=["age", "deidentified_age"])
    item.signal.when, item.signal.deidentified_when = "Sinds mei, bij Ana thuis", "Sinds mei, bij [PERSOON-1] thuis"
    item.signal.save(update_fields=["when", "deidentified_when"])
    login(client, user("coordinator"))  # owns the victim track
    html = client.get(_url(meeting)).content.decode()
    assert "ongeveer 20, heet [PERSOON-1]" in html and "Sinds mei, bij [PERSOON-1] thuis" in html
    assert "heet Ana" not in html and "bij Ana thuis" not in html


def test_an_agreement_opens_the_summary_with_its_legal_basis_and_revoking_it_closes_it_at_once(client, agenda, chair):
    from samen.geo.models import Region
    from samen.privacy import services as privacy_services
    from samen.privacy.models import DataCategory, Purpose, SharingAgreement

    meeting, item, *_ = agenda
    item.signal.deidentified_text = "Vrouwen werken in een nagelsalon en slapen achter de winkel."
    item.signal.save(update_fields=["deidentified_text"])
    agreement = SharingAgreement.objects.create(
        name="Convenant signaaltafel Rotterdam",
        purposes=[Purpose.JOINT_DECISION],
        categories=[DataCategory.SUMMARY],
        avg_basis="6.1.e",
        sector_basis="wpg20",
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
    )
    agreement.parties.set([org("gemeente-gm0599"), org("zorgcoordinatie-re07"), org("politie-re07")])
    agreement.regions.set([Region.objects.get(code="RE07")])
    login(client, chair)
    assert "nagelsalon" in client.get(_url(meeting)).content.decode()
    entry = _summary_reads(chair).get()
    assert entry.legal_basis == "AVG 6.1.e, wpg20"

    officer = UserFactory(organisation=org("gemeente-gm0599"), roles=[Role.PRIVACY_OFFICER])
    privacy_services.agreement_revoke(actor=officer, agreement=agreement, reason="Convenant opgezegd")
    html = client.get(_url(meeting)).content.decode()
    assert "nagelsalon" not in html and 'data-testid="summary-withheld"' in html
    assert _summary_reads(chair).count() == 1
