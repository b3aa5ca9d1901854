"""The work pages' forms are checked by the server, not the browser: a form sent empty comes back
with its own message at its field, in the page's language, and that field focused.

A browser's own check ("Vul dit veld in") would answer first, in the browser's language, in a popup
a screen reader may not read; the forms say `novalidate` so the server's message is the one shown."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samen.casework import services
from samen.casework.models import Case, SignalTrack, TrackAction
from samen.casework.tests.conftest import offer_to_zorg, user
from samen.casework.workflow import Event, Outcome, State
from samen.intake.models import Signal
from samen.routing.models import Track
from samen.testing.auth import login
from samen.testing.html import field_tag, forms_a_person_fills_in

pytestmark = pytest.mark.django_db


def _victim(signal: Signal) -> SignalTrack:
    return SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)


def test_every_form_a_person_fills_in_on_the_signal_page_leaves_the_check_to_the_server(client, signal):
    victim = _victim(signal)
    perpetrator = SignalTrack.objects.get(signal=signal, kind=Track.PERPETRATOR)
    services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))  # outcome, waive, transfer
    services.track_transition(track=perpetrator, event=Event.TAKE, actor=user("politie"))
    services.track_transition(
        track=perpetrator, event=Event.RECORD_OUTCOME, actor=user("politie"), outcome=Outcome.NO_INDICATIONS
    )  # reopen
    login(client, user("coordinator"))
    url = reverse("casework:signal", args=[signal.pk])
    owner_forms = forms_a_person_fills_in(client.get(url).content.decode())
    offer_to_zorg(signal)
    login(client, user("zorg"))
    asked_forms = forms_a_person_fills_in(client.get(url).content.decode())  # reject the transfer

    login(client, user("politie"))
    police_forms = forms_a_person_fills_in(client.get(url).content.decode())
    forms = owner_forms + asked_forms + police_forms
    # Close with an outcome, waive, transfer, action, note, signaaltafel, case, reporter; reject; reopen.
    assert len(owner_forms) >= 8 and asked_forms and police_forms
    assert [tag for tag in forms if " novalidate" not in tag] == []


def test_an_action_sent_without_a_description_is_asked_for_one_at_its_field(client, signal):
    victim = _victim(signal)
    login(client, user("coordinator"))
    url = reverse("casework:action_add", args=[signal.pk, victim.pk])
    response = client.post(url, {f"a{victim.pk}-description": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_a{victim.pk}-description-error">Beschrijf de actie.</div>' in page
    field = field_tag(page, f"a{victim.pk}-description")
    assert "autofocus" in field and f'aria-describedby="id_a{victim.pk}-description-error"' in field
    assert not TrackAction.objects.exists()


def test_an_action_due_in_the_past_is_refused_at_its_date_and_the_description_kept(client, signal):
    """It was listed as overdue at once (found in review, beside the signaaltafel's actions)."""
    victim = _victim(signal)
    login(client, user("coordinator"))
    url = reverse("casework:action_add", args=[signal.pk, victim.pk])
    page = client.post(url, {f"a{victim.pk}-description": "Opvang zoeken", f"a{victim.pk}-due_on": "2020-01-01"})
    page = page.content.decode()
    assert f'id="id_a{victim.pk}-due_on-error">De datum waarop de actie klaar moet zijn, ligt in het verleden.' in page
    assert 'value="Opvang zoeken"' in field_tag(page, f"a{victim.pk}-description")
    assert not TrackAction.objects.exists()


def test_a_transfer_sent_with_nothing_chosen_focuses_the_organisation_the_first_field_it_asks_for(client, signal):
    victim = _victim(signal)
    login(client, user("coordinator"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    page = client.post(url, {f"t{victim.pk}-event": "transfer", f"t{victim.pk}-reason": ""}).content.decode()
    assert "Kies de organisatie." in page and f'id="transfer-{victim.pk}-error">Geef een reden.</div>' in page
    # The organisation comes first on the page: focus lands there, not on the reason below it.
    assert "autofocus" in field_tag(page, f"t{victim.pk}-transfer_to")
    assert page.count("autofocus") == 1
    assert _victim(signal).state == State.NEW


def test_the_owner_is_not_offered_as_the_organisation_to_transfer_to_and_a_forged_choice_keeps_the_reason(
    client, signal
):
    victim = _victim(signal)
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    options = re.search(rf'<select\b[^>]*name="t{victim.pk}-transfer_to".*?</select>', page, re.S).group(0)
    assert f'value="{victim.owner_id}"' not in options and "<option" in options
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    data = {f"t{victim.pk}-event": "transfer", f"t{victim.pk}-transfer_to": victim.owner_id}
    page = client.post(url, {**data, f"t{victim.pk}-reason": "Verhuisd naar Utrecht"}).content.decode()
    assert "Kies een van de organisaties in de lijst." in page and "Verhuisd naar Utrecht" in page
    assert "autofocus" in field_tag(page, f"t{victim.pk}-transfer_to")
    assert _victim(signal).state == State.NEW


def test_a_transfer_reason_with_a_phone_number_or_a_name_is_refused_and_kept_as_typed(client, signal):
    """The organisation asked reads the reason before it may see who is involved: "Anna Kowalska (tel +48 601
    234 567)" reached it word for word beside the de-identified signal (found by exploratory testing)."""
    victim = _victim(signal)
    zorg = user("zorg")
    login(client, user("coordinator"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    data = {f"t{victim.pk}-event": "transfer", f"t{victim.pk}-transfer_to": zorg.organisation_id}
    reason = "Ze heet Anna Kowalska (tel +48 601 234 567) en verblijft nu in Utrecht."
    page = client.post(url, {**data, f"t{victim.pk}-reason": reason}).content.decode()
    message = re.search(rf'id="transfer-{victim.pk}-error">(.*?)</div>', page).group(1)
    assert message.startswith("Deze reden lijkt een telefoonnummer en een naam te bevatten.")
    assert "Kowalska" not in message and "601" not in message  # the kinds, never the values
    assert reason in page  # kept as typed
    assert _victim(signal).state == State.NEW
    client.post(url, {**data, f"t{victim.pk}-reason": "Het slachtoffer verblijft nu in Utrecht."})
    assert _victim(signal).state == State.TRANSFER_PENDING


def test_a_signal_put_in_a_case_without_a_case_or_title_is_told_at_the_list_of_cases(client, signal):
    services.case_create(title="Nagelsalons", actor=user("coordinator"))
    login(client, user("coordinator"))
    response = client.post(reverse("casework:case_membership", args=[signal.pk]), {"case": "", "title": " "})
    page = response.content.decode()
    assert 'id="id_case-error">Kies een casus of geef een titel voor een nieuwe.</div>' in page
    field = field_tag(page, "case")
    assert "autofocus" in field and 'aria-describedby="id_case-error"' in field
    assert Case.objects.get().memberships.count() == 0


def test_with_no_case_to_choose_the_title_of_a_new_one_is_asked_for(client, signal):
    login(client, user("coordinator"))
    response = client.post(reverse("casework:case_membership", args=[signal.pk]), {"case": "", "title": ""})
    page = response.content.decode()
    assert 'id="id_title-error">Geef de nieuwe casus een titel.</div>' in page
    assert "autofocus" in field_tag(page, "title")
    assert not Case.objects.exists()


def test_a_new_case_without_a_title_is_asked_for_one_at_its_field_in_dutch_or_english(client, signal):
    login(client, user("coordinator"))
    page = client.post(reverse("casework:cases"), {"title": ""}).content.decode()
    assert 'id="id_title-error">Geef de nieuwe casus een titel.</div>' in page
    assert "autofocus" in field_tag(page, "title")
    [form] = forms_a_person_fills_in(page)
    assert " novalidate" in form
    client.cookies["django_language"] = "en"
    page = client.post(reverse("casework:cases"), {"title": ""}).content.decode()
    assert 'id="id_title-error">Give the new case a title.</div>' in page
    assert not Case.objects.exists()


def test_asking_the_signaaltafel_says_when_the_signal_reaches_its_agenda_and_withdrawing_says_so(client, signal):
    """The worker builds the agendas every few minutes; the page does not claim it is done already."""
    victim = _victim(signal)
    login(client, user("coordinator"))
    url = reverse("casework:flag", args=[signal.pk, victim.pk])
    page = client.post(url, {f"f{victim.pk}-flag": "on", f"f{victim.pk}-reason": "Samen beslissen"}, follow=True)
    assert "het signaal komt binnen enkele minuten op de agenda van het volgende overleg" in page.content.decode()
    page = client.post(url, {f"f{victim.pk}-reason": ""}, follow=True)
    assert "Het verzoek om een gezamenlijk besluit is ingetrokken." in page.content.decode()
    assert not _victim(signal).needs_joint_decision
