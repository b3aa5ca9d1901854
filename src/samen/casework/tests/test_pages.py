"""The work pages: who sees what, the buttons post to services, no N+1 queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from samen.casework import pipeline, services
from samen.casework.models import SignalTrack, TrackAction
from samen.casework.tests.conftest import file_signal, offer_to_zorg, org, user
from samen.casework.workflow import Event, Outcome, State
from samen.intake.inputs import IdentityInput, PersonInput
from samen.intake.models import PersonRole, PublicStatus, Signal, SignalPerson
from samen.routing.models import RoutingRule, Track
from samen.testing.auth import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(world):
    signal, _secret = file_signal(place="Rotterdam", organisation=org("comensha"), name="Agnieszka Kowalska")
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=signal.pk)


def _track(signal: Signal, kind: str) -> SignalTrack:
    return SignalTrack.objects.get(signal=signal, kind=kind)


def test_the_queue_lists_only_tracks_of_the_own_organisation(client, signal):
    login(client, user("coordinator"))
    response = client.get(reverse("casework:queue"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert signal.receipt_code in response.content.decode()
    login(client, user("zorg"))
    response = client.get(reverse("casework:queue"))
    assert response.context["page"].paginator.count == 0


def test_an_odd_filter_value_is_told_and_the_other_filters_still_apply(client, signal):
    """The queue for "?overdue=on&state=closed" listed every track (found by exploratory testing)."""
    login(client, user("coordinator"))
    assert client.get(reverse("casework:queue"), {"overdue": "on"}).context["page"].paginator.count == 0
    response = client.get(reverse("casework:queue"), {"overdue": "on", "state": "closed"})
    assert response.status_code == 200 and "state" in response.context["form"].errors
    assert response.context["page"].paginator.count == 0


def test_a_signal_in_acute_danger_stands_out_in_the_queue(client, signal):
    login(client, user("coordinator"))
    client.cookies["django_language"] = "nl"
    assert "Acuut gevaar" not in client.get(reverse("casework:queue")).content.decode()
    Signal.objects.filter(pk=signal.pk).update(acute_danger=True)
    assert "Acuut gevaar" in client.get(reverse("casework:queue")).content.decode()


def test_the_queue_answers_htmx_with_the_results_fragment_only(client, signal):
    login(client, user("politie"))
    response = client.get(reverse("casework:queue"), {"kind": "perpetrator"}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "casework/_queue_results.html"
    assert signal.receipt_code in response.content.decode()


def test_an_outsider_organisation_gets_404_on_a_signal(client, signal):
    login(client, user("zorg"))
    assert client.get(reverse("casework:signal", args=[signal.pk])).status_code == 404
    response = client.post(
        reverse("casework:transition", args=[signal.pk, _track(signal, Track.VICTIM).pk]),
        {f"t{_track(signal, Track.VICTIM).pk}-event": "take"},
    )
    assert response.status_code == 404


def test_someone_without_a_case_worker_role_may_not_use_the_work_pages(client, signal):
    login(client, user("analist"))
    assert client.get(reverse("casework:queue")).status_code == 403


def test_the_owner_sees_the_original_text_and_identities_another_owner_too_and_the_reporter_only_the_outline(
    client, signal
):
    Signal.objects.filter(pk=signal.pk).update(deidentified_text="[NAAM] werkt zeven dagen per week.")
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Agnieszka Kowalska werkt" in page
    assert "Pools" in page
    assert "Why this owner" in page or "Waarom deze eigenaar" in page
    # The reporting organisation (CoMensha, no owner) sees pick-up and outcome only.
    login(client, user("vangnet"))
    victim = _track(signal, Track.VICTIM)
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Agnieszka" not in page and "zeven dagen" not in page
    assert "Not yet picked up" in page or "Nog niet opgepakt" in page
    services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    services.track_transition(
        track=victim,
        event=Event.RECORD_OUTCOME,
        actor=user("coordinator"),
        outcome=Outcome.REFERRED_TO_CARE,
        reason="Vertrouwelijk: opgevangen bij familie.",
    )
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert str(Outcome.REFERRED_TO_CARE.label) in page or "doorverwezen" in page.lower()
    assert "Vertrouwelijk" not in page
    assert "Timeline" not in page and "Tijdlijn" not in page


def test_identities_are_shown_only_to_the_owning_organisation(client, signal):
    login(client, user("politie"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "<strong>Agnieszka Kowalska</strong>" in page


def test_a_non_owner_sees_the_de_identified_text(client, signal):
    Signal.objects.filter(pk=signal.pk).update(deidentified_text="[NAAM] werkt zeven dagen per week.")
    offer_to_zorg(signal)
    login(client, user("zorg"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "[NAAM] werkt zeven dagen" in page
    assert "Agnieszka" not in page


@pytest.mark.parametrize("reader", ["politie", "zorg"])  # the owner reads the text, the other its copy
def test_a_text_removed_at_the_end_of_its_retention_period_is_said_to_be_removed(client, signal, reader):
    # As retention leaves it, years after the copies were made.
    Signal.objects.filter(pk=signal.pk).update(
        what="", place="", when="", deidentified_text="", deidentified_parts=[], deidentified_at=timezone.now()
    )
    offer_to_zorg(signal)
    login(client, user(reader))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "De tekst is verwijderd aan het einde van de bewaartermijn." in page
    assert "nog niet klaar" not in page


def test_a_non_owner_reads_when_age_and_nationality_in_their_de_identified_copies(client, world):
    signal, _secret = file_signal(
        organisation=org("comensha"),
        when="Sinds mei, bij Agnieszka thuis",
        persons=[
            PersonInput(
                role=PersonRole.VICTIM,
                age="ongeveer 25, heet Agnieszka",
                nationality="Pools, zus van Agnieszka Kowalska",
                identity=IdentityInput(name="Agnieszka Kowalska"),
            )
        ],
    )
    Signal.objects.filter(pk=signal.pk).update(
        deidentified_text="[PERSOON-1] werkt zeven dagen per week.",
        deidentified_when="Sinds mei, bij [PERSOON-1] thuis",
        deidentified_at=timezone.now(),
    )
    SignalPerson.objects.filter(signal=signal).update(
        deidentified_age="ongeveer 25, heet [PERSOON-1]", deidentified_nationality="Pools, zus van [PERSOON-1]"
    )
    pipeline.drain_intake_outbox()
    offer_to_zorg(signal)
    login(client, user("zorg"))  # a transfer's receiver: the details, not the original text
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Sinds mei, bij [PERSOON-1] thuis" in page
    assert "ongeveer 25, heet [PERSOON-1]" in page and "Pools, zus van [PERSOON-1]" in page
    assert "Agnieszka" not in page

    login(client, user("coordinator"))  # an owner: the original text
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Sinds mei, bij Agnieszka thuis" in page and "ongeveer 25, heet Agnieszka" in page
    assert "[PERSOON-1]" not in page


def test_while_the_copies_are_being_made_a_non_owner_reads_that_they_are_not_ready(client, world):
    signal, _secret = file_signal(
        organisation=org("comensha"),
        when="Sinds mei, bij Agnieszka thuis",
        persons=[PersonInput(role=PersonRole.VICTIM, age="ongeveer 25", nationality="Pools, zus van Agnieszka")],
    )
    Signal.objects.filter(pk=signal.pk).update(deidentified_at=None, deidentified_when="", deidentified_text="")
    pipeline.drain_intake_outbox()
    offer_to_zorg(signal)
    login(client, user("zorg"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Agnieszka" not in page and "ongeveer 25" not in page
    # "when", the age and the nationality each say so instead of dropping out of the page
    assert page.count("nog niet klaar (herleidbare gegevens worden verwijderd)") == 3


def test_the_reporting_organisation_reads_that_its_new_signal_is_about_to_be_passed_on(client, world):
    from samen.testing.factories import UserFactory

    signal, _secret = file_signal(organisation=org("comensha"))
    login(client, UserFactory(organisation=org("comensha"), roles=["case_worker"]))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert 'data-testid="not-routed-yet"' in page

    pipeline.drain_intake_outbox()
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert 'data-testid="not-routed-yet"' not in page


def test_what_is_withheld_is_named_with_the_policy_s_reason(client, signal):
    from samen.testing.factories import UserFactory

    client.cookies["django_language"] = "en"
    professional = UserFactory(organisation=org("comensha"), roles=["case_worker"])
    login(client, professional)  # the reporting organisation: the status only
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert 'data-testid="withheld"' in page
    assert "The description, the people, and the notes and actions of the follow-up" in page
    assert "Your organisation reported this signal: it sees its status and who follows it up" in page

    offer_to_zorg(signal)
    login(client, user("zorg"))  # asked to take the track over: the de-identified summary, no identities
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Names and other identifying data" in page and "The original description" in page
    assert "it sees this once it accepts" in page

    login(client, user("coordinator"))  # owner: everything, nothing withheld
    assert 'data-testid="withheld"' not in client.get(reverse("casework:signal", args=[signal.pk])).content.decode()


def test_an_organisation_that_reported_the_signal_and_is_asked_to_take_it_over_is_told_it_is_asked(client, world):
    """It was told it sees the status only, as the reporter, beside the de-identified description it
    read as the one asked (found by exploratory testing)."""
    signal, _secret = file_signal(place="Rotterdam", organisation=org("zorgcoordinatie-re03"))
    pipeline.drain_intake_outbox()
    offer_to_zorg(signal)
    client.cookies["django_language"] = "en"
    login(client, user("zorg"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Your organisation reported this signal" not in page
    assert "Your organisation is asked to take over a track of this signal: it sees this once it accepts." in page


def test_buttons_take_a_track_add_an_action_and_close_it_with_an_outcome(client, signal):
    victim = _track(signal, Track.VICTIM)
    login(client, user("coordinator"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    assert client.post(url, {f"t{victim.pk}-event": "take"}).status_code == 302
    client.post(
        reverse("casework:action_add", args=[signal.pk, victim.pk]),
        {f"a{victim.pk}-description": "Opvangplek zoeken", f"a{victim.pk}-due_on": "2030-01-02"},
    )
    action = TrackAction.objects.get(track=victim)
    client.post(reverse("casework:action_done", args=[action.pk]), {"done": "1"})
    client.post(reverse("casework:note_add", args=[signal.pk, victim.pk]), {f"n{victim.pk}-text": "Gesprek gehad."})
    response = client.post(url, {f"t{victim.pk}-event": "record_outcome"}, follow=True)
    assert _track(signal, Track.VICTIM).state == State.TRIAGE  # no outcome chosen: refused
    client.post(url, {f"t{victim.pk}-event": "record_outcome", f"t{victim.pk}-outcome": "placed_in_shelter"})
    victim.refresh_from_db()
    action.refresh_from_db()
    assert (victim.state, victim.outcome) == (State.OUTCOME, Outcome.PLACED_IN_SHELTER)
    assert action.done_at is not None
    response = client.get(reverse("casework:signal", args=[signal.pk]))
    assert "Gesprek gehad." in response.content.decode()


def test_a_police_user_cannot_move_the_victim_track(client, signal):
    victim = _track(signal, Track.VICTIM)
    login(client, user("politie"))
    response = client.post(reverse("casework:transition", args=[signal.pk, victim.pk]), {f"t{victim.pk}-event": "take"})
    assert response.status_code == 403
    assert _track(signal, Track.VICTIM).state == State.NEW


def test_the_reporter_status_page_shows_being_handled_then_handled(client, world):
    signal, secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    status_url = reverse("intake:status")
    data = {"code": signal.receipt_code, "secret": secret}
    victim, perpetrator = _track(signal, Track.VICTIM), _track(signal, Track.PERPETRATOR)
    services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    assert Signal.objects.get(pk=signal.pk).public_status == PublicStatus.BEING_HANDLED
    page = client.post(status_url, data, follow=True).content.decode()
    assert str(PublicStatus.BEING_HANDLED.label) in page or "In behandeling" in page
    services.reporter_message_send(
        signal=signal, text="We hebben contact gezocht met hulpverlening.", actor=user("coordinator")
    )
    services.track_transition(
        track=victim, event=Event.RECORD_OUTCOME, actor=user("coordinator"), outcome="referred_to_care"
    )
    services.track_transition(
        track=perpetrator, event=Event.WAIVE, actor=user("politie"), reason="Geen aanknopingspunten."
    )
    page = client.post(status_url, data, follow=True).content.decode()
    assert "Afgehandeld" in page or str(PublicStatus.HANDLED.label) in page
    assert "We hebben contact gezocht met hulpverlening." in page


def test_the_reporter_can_be_messaged_from_the_signal_page(client, signal):
    login(client, user("coordinator"))
    client.post(reverse("casework:reporter_message", args=[signal.pk]), {"text": "Dank voor uw melding."})
    assert list(signal.reporter_messages.values_list("text", flat=True)) == ["Dank voor uw melding."]
    # Shown in its own direction: a message in Arabic reads right to left on the Dutch page.
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert '<span dir="auto">Dank voor uw melding.</span>' in page


def test_cases_are_made_from_a_signal_and_list_their_signals(client, signal):
    login(client, user("coordinator"))
    client.post(reverse("casework:case_membership", args=[signal.pk]), {"title": "Nagelsalons"})
    response = client.get(reverse("casework:cases"))
    case = response.context["page"].object_list[0]
    assert case.title == "Nagelsalons"
    page = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert signal.receipt_code in page
    login(client, user("politie"))
    assert client.get(reverse("casework:case", args=[case.pk])).status_code == 404


def test_a_case_counts_and_removes_only_the_signals_its_reader_can_see(client, signal):
    """A list saying "2 signalen" over a page listing one, and a hidden signal removed with a 302 where an absent
    one gave 404, told that it sat in the case (found by exploratory testing)."""
    hidden, _secret = file_signal(place="Utrecht")
    coordinator = user("coordinator")
    case = services.case_create(title="Koppeling", actor=coordinator, signals=[signal, hidden])
    login(client, coordinator)
    assert client.get(f"/werk/signaal/{hidden.pk}/").status_code == 404
    assert [c.n_signals for c in client.get(reverse("casework:cases")).context["page"].object_list] == [1]
    assert client.post(reverse("casework:case_remove", args=[case.pk, hidden.pk])).status_code == 404
    assert case.memberships.filter(signal=hidden).exists()


def test_other_roles_of_the_case_organisation_may_not_open_or_change_its_cases(client, signal):
    from samen.testing.factories import UserFactory

    coordinator = user("coordinator")
    case = services.case_create(title="Nagelsalons", actor=coordinator, signals=[signal])
    analyst = UserFactory(organisation=coordinator.organisation, roles=["analyst", "privacy_officer"])
    login(client, analyst)
    assert client.get(reverse("casework:case", args=[case.pk])).status_code == 404
    assert client.post(reverse("casework:case_remove", args=[case.pk, signal.pk])).status_code == 404
    assert case.memberships.filter(signal=signal).exists()


def test_the_person_for_an_action_is_chosen_by_name_not_by_username(client, signal):
    victim = _track(signal, Track.VICTIM)
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    choice = re.search(rf'<select name="a{victim.pk}-owner".*?</select>', page, re.S).group()
    assert ">Cor Coördinator</option>" in choice and ">coordinator</option>" not in choice
    assert re.search(r'<option value="" selected>Niemand in het bijzonder</option>', choice)


def test_my_actions_come_overdue_first_and_undated_last(client, signal):
    import datetime

    from django.utils import timezone

    victim = _track(signal, Track.VICTIM)
    today = timezone.localdate()
    for description, due_on in (
        ("Zonder datum", None),
        ("Volgende week", today + datetime.timedelta(days=7)),
        ("Gisteren al", today - datetime.timedelta(days=1)),
    ):
        services.action_add(track=victim, description=description, actor=user("coordinator"), due_on=due_on)
    login(client, user("coordinator"))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("casework:actions")).content.decode()
    assert page.index("Gisteren al") < page.index("Volgende week") < page.index("Zonder datum")
    assert page.count('class="samen-overdue"') == 1


def test_my_actions_and_notifications_pages(client, signal):
    victim = _track(signal, Track.VICTIM)
    services.action_add(track=victim, description="Bel de opvang", actor=user("coordinator"), owner=user("coordinator"))
    login(client, user("coordinator"))
    assert "Bel de opvang" in client.get(reverse("casework:actions")).content.decode()
    response = client.get(reverse("casework:notifications"))
    assert signal.receipt_code in response.content.decode()
    client.post(reverse("casework:notifications_read"))
    assert not user("coordinator").notifications.filter(read_at__isnull=True).exists()


def test_a_notification_reads_in_the_language_of_whoever_reads_it(client, signal):
    """Stored while Dutch was active (a background task, another user's request), read in English."""
    victim = _track(signal, Track.VICTIM)
    with translation.override("nl"):
        services.action_add(track=victim, description="Bel de opvang", actor=user("politie"), owner=user("coordinator"))
    login(client, user("coordinator"))
    client.cookies["django_language"] = "en"
    english = client.get(reverse("casework:notifications")).content.decode()
    assert f"New action for you on victim track {signal.receipt_code}." in english
    assert "Nieuwe actie" not in english
    client.cookies["django_language"] = "nl"
    dutch = client.get(reverse("casework:notifications")).content.decode()
    assert "Nieuwe actie voor u bij" in dutch and "New action" not in dutch
    # E-mail and the stored text stay Dutch: the recipients' inboxes have no language switch.
    assert user("coordinator").notifications.get(text__startswith="Nieuwe actie").message


def test_coordinators_edit_routing_rules_and_case_workers_may_not(client, world):
    rule = RoutingRule.objects.filter(track=Track.PERPETRATOR, priority=300).first()
    login(client, user("politie"))
    assert client.get(reverse("casework:routing")).status_code == 403
    login(client, user("coordinator"))
    assert client.get(reverse("casework:routing")).status_code == 200
    url = reverse("casework:routing_edit", args=[rule.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["priority"] = 301
    data["is_active"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    rule.refresh_from_db()
    assert rule.priority == 301


def test_the_queue_and_the_signal_page_make_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for _ in range(12):
        file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    signal = Signal.objects.order_by("pk").first()
    victim = _track(signal, Track.VICTIM)
    for n in range(5):
        services.action_add(track=victim, description=f"Actie {n}", actor=user("coordinator"))
        services.note_add(track=victim, text=f"Notitie {n}", actor=user("coordinator"))
    login(client, user("coordinator"))
    client.get(reverse("casework:queue"))
    # + 5 for the audit entries (samen.audit: savepoint, head, one bulk insert, head update, release),
    # + 1 on PostgreSQL for the advisory lock that serialises appends to the chain.
    audit = 5 + (connection.vendor == "postgresql")
    with django_assert_max_num_queries(12 + audit):
        client.get(reverse("casework:queue"))
    with django_assert_max_num_queries(22 + audit):
        client.get(reverse("casework:signal", args=[signal.pk]))


def test_health_and_criminal_law_data_are_shown_to_the_owners_case_workers_only(client, signal):
    from samen.audit.models import AuditEntry
    from samen.intake.models import PersonIdentity
    from samen.testing.factories import UserFactory

    identity = PersonIdentity.objects.get(person__signal=signal)
    identity.health = "Zwanger, 20 weken; heeft insuline nodig."
    identity.criminal_law = "Eerder aangehouden voor winkeldiefstal."
    identity.save()
    client.cookies["django_language"] = "en"
    url = reverse("casework:signal", args=[signal.pk])

    login(client, user("coordinator"))  # a coordinator of the owner of the victim track
    page = client.get(url).content.decode()
    assert "insuline" in page and "winkeldiefstal" in page
    entry = AuditEntry.objects.filter(origin="casework.signal_detail", actor_id=user("coordinator").pk).last()
    assert {"special", "criminal"} <= set(entry.fields.split(","))

    intake_officer = UserFactory(organisation=_track(signal, Track.VICTIM).owner, roles=["intake_officer"])
    login(client, intake_officer)  # same organisation, no need to know
    page = client.get(url).content.decode()
    assert "insuline" not in page and "winkeldiefstal" not in page
    assert "Health and care needs (special category data)" in page and "Criminal-law data" in page


def test_the_api_takes_health_and_criminal_law_data_and_seals_them(client, world):
    import json
    import uuid

    from samen.intake.api_tokens import api_token_create
    from samen.intake.models import PersonIdentity

    _token, raw = api_token_create(organisation=org("comensha"), name="test")
    body = {
        "what": "Vrouw werkt in een nagelsalon en slaapt daar.",
        "where": "Rotterdam",
        "persons": [{"role": "victim", "name": "Ewa", "health": "Diabetes", "criminal_law": "Geen"}],
    }
    response = client.post(
        "/api/v1/signals/", json.dumps(body), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    identity = PersonIdentity.objects.get(person__signal__receipt_code=response.json()["receipt"])
    assert (identity.health, identity.criminal_law) == ("Diabetes", "Geen")
    with connection.cursor() as cursor:
        cursor.execute("SELECT health FROM intake_personidentity WHERE id = %s", [identity.pk])
        assert "Diabetes" not in str(cursor.fetchone()[0])  # sealed at rest


def test_a_read_through_a_sharing_agreement_is_audited_with_the_agreement_s_legal_basis(client, signal):
    import datetime

    from django.utils import timezone

    from samen.audit.models import AuditEntry
    from samen.privacy.models import DataCategory, Purpose, SharingAgreement
    from samen.testing.factories import UserFactory

    agreement = SharingAgreement.objects.create(
        name="Convenant zorg Rotterdam",
        purposes=[Purpose.CARE],
        categories=[DataCategory.STATUS, DataCategory.SUMMARY],
        avg_basis="9.2.h",
        valid_from=timezone.localdate() - datetime.timedelta(days=1),
    )
    agreement.parties.set([org("gemeente-gm0599"), org("zorgcoordinatie-re07"), org("politie-re07")])
    member = UserFactory(organisation=org("gemeente-gm0599"), roles=["table_member"])
    login(client, member)
    assert client.get(reverse("casework:signal", args=[signal.pk])).status_code == 200
    entry = AuditEntry.objects.get(origin="casework.signal_detail", actor_id=member.pk)
    assert entry.legal_basis == "AVG 9.2.h"
    login(client, user("coordinator"))  # the owner: the activity's own basis
    client.get(reverse("casework:signal", args=[signal.pk]))
    owner_entry = AuditEntry.objects.filter(origin="casework.signal_detail", actor_id=user("coordinator").pk).last()
    assert owner_entry.legal_basis == "AVG art. 6(1)(e)"


def test_the_owner_sees_how_to_reach_the_reporter_and_what_the_form_recorded_a_non_owner_only_the_outline(
    client, world
):
    from samen.audit.models import AuditEntry
    from samen.intake.inputs import ContactInput

    signal, _secret = file_signal(
        place="Rotterdam",
        organisation=org("comensha"),
        contact=ContactInput(phone="+48 512 345 678", safe_way="alleen sms", safe_time="na 20 uur"),
        when="sinds de zomer",
        answers=["documents"],
        sector="beauty",
        organisation_reference="CM-2026-001",
    )
    pipeline.drain_intake_outbox()
    client.cookies["django_language"] = "en"
    url = reverse("casework:signal", args=[signal.pk])

    login(client, user("coordinator"))  # the owner of the victim track
    page = client.get(url).content.decode()
    assert "alleen sms" in page and "na 20 uur" in page and "512 345 678" in page
    assert "Eigenaar van de salon." in page  # what the form said about a person
    assert "sinds de zomer" in page and "CM-2026-001" in page and "beauty and nail salons" in page
    assert "Does someone else keep their passport or ID card?" in page
    entry = AuditEntry.objects.filter(origin="casework.signal_detail", actor_id=user("coordinator").pk).last()
    assert "reporter_contact" in entry.fields.split(",")

    offer_to_zorg(signal)
    login(client, user("zorg"))  # asked to take the track over: the de-identified outline, no identities
    page = client.get(url).content.decode()
    assert "Does someone else keep their passport or ID card?" in page
    # The reporting organisation's reference is free text that may name someone ("Kowalska 123456782"):
    # shown with the identities only (found in review).
    assert "CM-2026-001" not in page
    assert "sinds de zomer" not in page  # free text: the de-identified copy only
    assert "Eigenaar van de salon." not in page
    assert "alleen sms" not in page and "512 345 678" not in page and "Contact with the reporter" not in page


def test_a_reporter_who_left_no_contact_details_is_said_to_have_left_none(client, signal):
    client.cookies["django_language"] = "en"
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "The reporter left no way to reach them." in page


def test_an_intake_officer_who_may_open_the_signal_gets_no_links_to_work_pages_that_refuse_them(client, signal):
    login(client, user("intake"))
    response = client.get(reverse("casework:signal", args=[signal.pk]))
    assert response.status_code == 200
    assert reverse("casework:actions") not in response.content.decode()
    login(client, user("coordinator"))
    assert reverse("casework:actions") in client.get(reverse("casework:signal", args=[signal.pk])).content.decode()


def test_the_owner_sees_every_identifying_detail_the_professional_typed_and_the_consent(client, world):
    """Date of birth, address and BSN were stored sealed but shown nowhere on the signal page."""
    import datetime

    from samen.audit.models import AuditEntry
    from samen.intake.inputs import IdentityInput, PersonInput
    from samen.intake.models import PersonRole

    identity = IdentityInput(
        name="Nguyen Thi Lan", birth_date=datetime.date(2003, 4, 3), address="Beijerlandselaan 100b", bsn="111222333"
    )
    victim = PersonInput(role=PersonRole.VICTIM, consent=True, identity=identity)
    signal, _secret = file_signal(place="Rotterdam", organisation=org("comensha"), persons=[victim])
    pipeline.drain_intake_outbox()
    client.cookies["django_language"] = "en"
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "3 April 2003" in page and "Beijerlandselaan 100b" in page and "111222333" in page
    assert "Consents to being reported:</span> yes" in page
    # Who reported, as a professional reads it: not in the reporter's own words ("It is about me").
    Signal.objects.filter(pk=signal.pk).update(reporter_type="self")
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert '<dt>Reported by</dt><dd dir="auto">The person it is about</dd>' in page
    entry = AuditEntry.objects.filter(origin="casework.signal_detail", actor_id=user("coordinator").pk).last()
    assert "identity" in entry.fields.split(",")
    from samen.testing.factories import UserFactory

    login(client, UserFactory(organisation=org("comensha"), roles=["case_worker"]))  # the reporter, not an owner
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "111222333" not in page and "Beijerlandselaan" not in page and "2003" not in page


def test_why_this_owner_reads_in_the_page_language_and_an_older_reason_as_it_was_stored(client, signal):
    """The reason was stored in Dutch only, so English pages showed 'Rotterdam ligt in ...'."""
    login(client, user("coordinator"))
    url = reverse("casework:signal", args=[signal.pk])
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "Rotterdam lies in" in english and "ligt in" not in english  # the track and its timeline
    client.cookies["django_language"] = "nl"
    assert "Rotterdam ligt in" in client.get(url).content.decode()
    victim = _track(signal, Track.VICTIM)
    assert victim.routing_reason.startswith(victim.owner.name) and "ligt in" in victim.routing_reason  # the record
    SignalTrack.objects.filter(pk=victim.pk).update(routing_reason_parts={}, routing_reason="Zo besloten in 2025.")
    client.cookies["django_language"] = "en"
    assert "Zo besloten in 2025." in client.get(url).content.decode()


def test_the_organisation_asked_to_take_a_track_over_reads_who_asks_why_and_what_accepting_means(client, signal):
    offer_to_zorg(signal, reason="Slachtoffer verhuist naar Utrecht.")
    login(client, user("zorg"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert 'data-testid="transfer-offer"' in page
    assert "Zorgcoördinatie Mensenhandel Rotterdam vraagt uw organisatie dit spoor over te nemen." in page
    assert "Reden: Slachtoffer verhuist naar Utrecht." in page
    assert "Als u accepteert, wordt uw organisatie eigenaar van dit spoor" in page
    assert "Tijdlijn van het spoor dat u wordt aangeboden" in page  # not "of both tracks": one is hidden
    assert "gevraagd op " in client.get(reverse("casework:queue")).content.decode()

    login(client, user("coordinator"))  # who asked sees no offer to decide on
    assert (
        'data-testid="transfer-offer"' not in client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    )


def test_an_organisation_only_asked_to_take_over_sees_that_track_s_follow_up_not_the_other_s(client, signal):
    police = _track(signal, Track.PERPETRATOR)
    services.action_add(track=police, description="Observatie van het adres plannen", actor=user("politie"))
    offer_to_zorg(signal)
    services.action_add(track=_track(signal, Track.VICTIM), description="Opvang regelen", actor=user("coordinator"))
    login(client, user("zorg"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Opvang regelen" not in page  # the offered track's action too, until it accepts (below)
    assert "Observatie van het adres plannen" not in page
    assert page.count("· actie") == 1  # that an action was added to the offered track, not the other's
    # Grouping the signal into a case of its own waits until the organisation has accepted.
    response = client.post(reverse("casework:case_membership", args=[signal.pk]), {"title": "Nagelsalon"})
    assert response.status_code == 403

    login(client, user("politie"))  # an owner sees both tracks' follow-up
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Opvang regelen" in page and "Observatie van het adres plannen" in page


# What an owner typed in the follow-up of the offered track: free text, in which people are named.
_TYPED = {
    "note": "Piotr Zielinski belde vanaf 06-11112222.",
    "action": "Piotr Zielinski terugbellen op 06-33334444",
    "reporter_message": "Wij bellen Piotr Zielinski op 06-55556666.",
    "timeline_reason": "Broer Piotr Zielinski, 06-77778888",
}


def _follow_up_typed_by_the_owner(signal: Signal) -> None:
    from samen.casework import person_changes

    coordinator, victim = user("coordinator"), _track(signal, Track.VICTIM)
    services.track_assign(track=victim, assignee=coordinator, actor=coordinator)  # a name on the track card
    services.note_add(track=victim, text=_TYPED["note"], actor=coordinator)
    services.action_add(track=victim, description=_TYPED["action"], actor=coordinator)
    services.reporter_message_send(signal=signal, text=_TYPED["reporter_message"], actor=coordinator)
    person_changes.person_add(
        signal=signal, role="victim", actor=coordinator, values={"age": "30"}, reason=_TYPED["timeline_reason"]
    )


def test_the_organisation_asked_reads_none_of_the_offered_track_s_free_text_until_it_accepts(client, signal):
    """Notes, actions ("Actie toegevoegd: ..." in the timeline too), messages to the reporter and the
    reasons in the timeline were shown word for word beside "Tot dan ziet u het signaal zonder
    identificerende gegevens" (found by exploratory testing)."""
    from samen.audit.models import AuditEntry

    _follow_up_typed_by_the_owner(signal)
    victim = offer_to_zorg(signal, reason="Slachtoffer verhuist naar Utrecht.")
    url = reverse("casework:signal", args=[signal.pk])
    login(client, user("zorg"))
    page = client.get(url).content.decode()
    for what, typed in _TYPED.items():
        assert typed not in page, what
    assert "Piotr" not in page and "06-" not in page
    # What happened stays readable, and the transfer's own reason, written for this reader.
    assert "Tijdlijn van het spoor dat u wordt aangeboden" in page
    assert "· actie" in page and "· notitie" in page and "· bericht aan de melder" in page
    assert "→ Zorgcoördinatie Mensenhandel Midden-Nederland: Slachtoffer verhuist naar Utrecht." in page
    assert "Coördinator" not in page  # nor who at the owner did it or has the track: which organisation
    assert "· Zorgcoördinatie Mensenhandel Rotterdam" in page
    # Said in words, where the texts would be.
    assert "zonder de notities, acties en berichten aan de melder: die ziet u zodra u accepteert" in page
    assert "De notities en acties van dit spoor ziet u zodra uw organisatie de overdracht accepteert." in page
    assert "De berichten aan de melder ziet u zodra uw organisatie de overdracht accepteert." in page
    entry = AuditEntry.objects.filter(origin="casework.signal_detail", actor_id=user("zorg").pk).first()  # latest
    assert entry.fields == "signal,person,summary"  # the de-identified summary, no free text

    services.track_transition_as(track=victim, event=Event.ACCEPT_TRANSFER, actor=user("zorg"))
    page = client.get(url).content.decode()
    for what, typed in _TYPED.items():
        assert typed in page, what
    entry = AuditEntry.objects.filter(origin="casework.signal_detail", actor_id=user("zorg").pk).first()
    assert "free_text" in entry.fields.split(",")


def test_the_signal_s_heading_keeps_its_receipt_code_on_one_line(client, signal):
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert f'Signaal <span class="samen-code">{signal.receipt_code}</span></h1>' in page


@pytest.mark.parametrize(
    ("event", "said"),
    [
        ("accept_transfer", "Uw organisatie is nu eigenaar van dit spoor"),
        # "Why this owner" tells of the transfer, not the rule that chose the previous owner.
        (
            "accept_transfer",
            "<dd>overgenomen van Zorgcoördinatie Mensenhandel Rotterdam op ",
        ),
        (
            "reject_transfer",
            "U heeft de overdracht afgewezen: het spoor blijft bij Zorgcoördinatie Mensenhandel Rotterdam.",
        ),
    ],
)
def test_accepting_or_rejecting_a_transfer_says_what_it_did(client, signal, event, said):
    victim = offer_to_zorg(signal)
    login(client, user("zorg"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    response = client.post(url, {f"t{victim.pk}-event": event, f"t{victim.pk}-reason": "Past niet"}, follow=True)
    assert said in response.content.decode()


@pytest.mark.parametrize("again", ["accept_transfer", "reject_transfer"])
def test_a_transfer_decided_already_is_said_so_not_refused_as_no_access(client, signal, again):
    """A second click or another tab: it answered 403 "Geen toegang" (found by exploratory testing)."""
    victim = offer_to_zorg(signal)
    login(client, user("zorg"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    client.post(url, {f"t{victim.pk}-event": "accept_transfer"})
    response = client.post(url, {f"t{victim.pk}-event": again, f"t{victim.pk}-reason": "Past niet"}, follow=True)
    assert response.status_code == 200
    assert "Over deze overdracht is al beslist; zie de tijdlijn." in response.content.decode()
    victim.refresh_from_db()
    assert victim.owner == org("zorgcoordinatie-re03")


@pytest.mark.parametrize("again", ["accept_transfer", "reject_transfer"])
def test_a_transfer_rejected_in_another_tab_is_said_to_be_decided_not_a_page_that_does_not_exist(client, signal, again):
    """After a rejection the organisation no longer sees the signal: the second tab's answer gave
    404 "Deze pagina bestaat niet (meer)" (found by exploratory testing)."""
    from samen.testing.factories import OrganisationFactory, UserFactory

    victim = offer_to_zorg(signal)
    login(client, user("zorg"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    client.post(url, {f"t{victim.pk}-event": "reject_transfer", f"t{victim.pk}-reason": "Past niet"})
    response = client.post(url, {f"t{victim.pk}-event": again, f"t{victim.pk}-reason": "Past niet"})
    assert response.status_code == 302 and response.url == reverse("casework:queue")
    assert "Over deze overdracht is al beslist; zie de tijdlijn." in client.get(response.url).content.decode()
    victim.refresh_from_db()
    assert victim.owner == org("zorgcoordinatie-re07") and victim.transfer_to is None

    # Whose organisation decided nothing learns nothing: the signal is not there for them.
    login(client, UserFactory(organisation=OrganisationFactory(), roles=["case_worker"]))
    assert client.post(url, {f"t{victim.pk}-event": again}).status_code == 404


def test_a_step_s_reason_too_long_comes_back_whole_with_a_message(client, signal):
    """A 200,000-character reason filled every owner's timeline (found by exploratory testing)."""
    victim = _track(signal, Track.VICTIM)
    login(client, user("coordinator"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    client.post(url, {f"t{victim.pk}-event": "take"})
    response = client.post(url, {f"t{victim.pk}-event": "waive", f"t{victim.pk}-reason": "x" * 2001})
    page = response.content.decode()
    assert response.status_code == 200 and "x" * 2001 in page
    assert "Deze tekst is 1 teken te lang. Maak hem korter." in page
    assert _track(signal, Track.VICTIM).state == State.TRIAGE


def test_a_transfer_is_rejected_only_with_a_reason_the_asking_organisation_can_read(client, signal):
    victim = offer_to_zorg(signal)
    login(client, user("zorg"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    response = client.post(url, {f"t{victim.pk}-event": "reject_transfer", f"t{victim.pk}-reason": " "})
    html = response.content.decode()
    assert response.status_code == 200 and "Deze stap is niet gezet; zie het spoor hieronder." in html
    # The message is at the field, and the field says so to a screen reader.
    assert f'id="reject-{victim.pk}-error">Geef een reden.</div>' in html
    assert re.search(
        rf'<input [^>]*id="reject-{victim.pk}"[^>]*aria-invalid="true" aria-describedby="reject-{victim.pk}-error"',
        html,
    )
    victim.refresh_from_db()
    assert victim.state == State.TRANSFER_PENDING


def test_a_refused_transfer_request_opens_again_with_the_reason_as_typed_and_the_message_at_its_field(client, signal):
    victim = _track(signal, Track.VICTIM)
    login(client, user("coordinator"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    response = client.post(url, {f"t{victim.pk}-event": "transfer", f"t{victim.pk}-reason": "Verhuisd naar Utrecht"})
    html = response.content.decode()
    transfer = re.search(r"<details( open)?><summary>Overdragen.*?</details>", html, re.S)
    waive = re.search(r"<details( open)?><summary>Afsluiten zonder opvolging.*?</details>", html, re.S)
    assert transfer.group(1) == " open" and "Kies de organisatie." in transfer.group(0)
    assert ">Verhuisd naar Utrecht</textarea>" in transfer.group(0)
    assert waive.group(1) is None and "error-message" not in waive.group(0)  # the other steps stay as they were
    victim.refresh_from_db()
    assert victim.transfer_to is None


def test_an_accepted_transfer_takes_the_previous_owner_s_open_actions_along_and_says_why(client, signal):
    open_action = services.action_add(
        track=_track(signal, Track.VICTIM), description="Opvang regelen", actor=user("coordinator")
    )
    victim = offer_to_zorg(signal)
    services.track_transition_as(track=victim, event=Event.ACCEPT_TRANSFER, actor=user("zorg"))

    victim.refresh_from_db()
    open_action.refresh_from_db()
    assert open_action.organisation == org("zorgcoordinatie-re03")
    assert victim.routing_reason.startswith("overgenomen van Zorgcoördinatie Mensenhandel Rotterdam op ")
    assert victim.routing_reason.endswith("; Verhuisd")


def test_asking_the_signaaltafel_has_its_own_heading_and_folds_away_like_the_other_steps(client, signal):
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert '<h3 class="utrecht-heading-3">Signaaltafel</h3>' in page
    assert "<details><summary>De signaaltafel om een gezamenlijk besluit vragen</summary>" in page
