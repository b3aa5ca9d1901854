"""The professional form: identities stored apart, checklist, forms, the organisation's reference."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from samen.accounts.models import Role
from samen.intake.models import Channel, PersonIdentity, ReporterType, Signal
from samen.intake.tests.factories import public_form_data
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = public_form_data(
        reporter_type="professional",
        exploitation_forms=["ARBEID"],
        sector="agriculture",
        organisation_reference="ZAAK-2026-17",
        indicators=["ILO-CD01", "ILO-EC01"],
        **{
            "victim-name": "Oksana Kovalenko",
            "victim-birth_date": "14 maart 1998",
            "victim-phone": "06 1234 5678",
            "victim-bsn": "111222333",
            "victim-address": "Dorpsstraat 1, Zaandam",
            "victim-consent": "true",
        },
    )
    data.update(overrides)
    return data


def test_the_professional_form_needs_a_login(client):
    response = client.get("/melden/professioneel/")
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_a_professional_signal_stores_identifying_data_apart(client):
    user = UserFactory(roles=[Role.CASE_WORKER])
    client.force_login(user)
    response = client.post("/melden/professioneel/", _data())
    assert response.status_code == 302, response.context["form"].errors
    signal = Signal.objects.get()
    assert signal.channel == Channel.PROFESSIONAL_WEB and signal.reporter_type == ReporterType.PROFESSIONAL
    assert signal.organisation == user.organisation and signal.created_by == user
    assert signal.organisation_reference == "ZAAK-2026-17" and signal.sector == "agriculture"
    assert list(signal.forms.values_list("code", flat=True)) == ["ARBEID"]
    assert {"ILO-CD01", "ILO-EC01"} <= set(signal.indicators.values_list("indicator_id", flat=True))
    identity = PersonIdentity.objects.get()
    assert identity.phone == "+31612345678" and identity.bsn == "111222333"
    assert str(identity.birth_date) == "1998-03-14"
    assert identity.person.consent is True
    assert "Oksana" not in signal.what


def test_a_persons_phone_number_that_may_be_from_abroad_is_asked_about(client):
    """A Ukrainian victim's "067 123 4567" was called a number that does not exist."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(**{"victim-phone": "067 123 4567"}))
    [victim] = [p for p in response.context["persons"] if p.prefix == "victim"]
    assert victim.has_error("phone", code="country_code_missing")
    assert not Signal.objects.exists()
    client.post("/melden/professioneel/", _data(**{"victim-phone": "+380 67 123 4567"}))
    assert PersonIdentity.objects.get().phone == "+380671234567"


@pytest.mark.parametrize("page_language", ["nl", "en", "pl"])
def test_a_dutch_landline_is_dutch_whatever_the_professionals_page_language(client, page_language):
    """An English page asked a police officer whether The Hague's 070 was a Romanian number: the
    page's language is the professional's, not the reporter's (found in last use)."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    client.cookies["django_language"] = page_language
    response = client.post("/melden/professioneel/", _data(**{"victim-phone": "070 123 4567"}))
    assert response.status_code == 302, response.context["persons"][0].errors
    assert PersonIdentity.objects.get().phone == "+31701234567"


def test_phone_numbers_are_read_for_the_stated_language_also_when_the_form_has_another_mistake(client):
    """With a mistake in the form itself, the person blocks were checked while the page rendered,
    for the page's language again (found in review)."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    client.cookies["django_language"] = "en"
    response = client.post("/melden/professioneel/", _data(what="", **{"victim-phone": "070 123 4567"}))
    [victim] = [p for p in response.context["persons"] if p.prefix == "victim"]
    assert response.context["form"].has_error("what") and not victim.has_error("phone")
    response = client.post("/melden/professioneel/", _data(what="", language="ro", **{"victim-phone": "0722 123 456"}))
    [victim] = [p for p in response.context["persons"] if p.prefix == "victim"]
    assert victim.has_error("phone", code="country_code_ambiguous")


def test_a_number_is_asked_about_for_the_reporters_language_the_form_states(client):
    """A number "0722 123 456" is a Romanian mobile and a landline in Alkmaar: for a Romanian caller it is asked
    about, also on the Dutch page, and the question stays when the page switches to English."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    data = _data(language="ro", **{"victim-phone": "0722 123 456"})
    response = client.post("/melden/professioneel/", data)
    [victim] = [p for p in response.context["persons"] if p.prefix == "victim"]
    assert victim.has_error("phone", code="country_code_ambiguous") and "Roemenië" in str(victim.errors)
    response = client.post("/melden/professioneel/", {**data, "checked": "1", "switch_language": "en"})
    [victim] = [p for p in response.context["persons"] if p.prefix == "victim"]
    assert victim.has_error("phone", code="country_code_ambiguous")
    assert "Is this a Dutch number or a number from Romania?" in response.content.decode()
    assert not Signal.objects.exists()
    client.post("/melden/professioneel/", _data(**{"victim-phone": "0722 123 456"}))  # no language stated
    assert PersonIdentity.objects.get().phone == "+31722123456"


@pytest.mark.parametrize(
    ("field", "value"),
    [("victim-bsn", "123456789"), ("victim-birth_date", "31-02-1998"), ("victim-phone", "12"), ("indicators", "XX")],
)
def test_invalid_identifying_data_is_refused_per_field(client, field, value):
    client.force_login(UserFactory())
    response = client.post("/melden/professioneel/", _data(**{field: value}))
    assert response.status_code == 200 and not Signal.objects.exists()
    html = response.content.decode()
    assert "ZAAK-2026-17" in html and "Oksana Kovalenko" in html


def test_a_report_sent_again_without_the_page_s_own_state_gets_its_receipt(client):
    """Only what the report says tells a retry from another report, not the page's hidden state
    (checked before, person blocks added, signed in again in between): found in review."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    data = _data(**{"victim-birth_date": "14-03-1998"})
    with_state = {**data, "checked": "1", "person_blocks": "victim-2", "signed_out": "1"}
    assert client.post("/melden/professioneel/", with_state).status_code == 302
    again = client.post("/melden/professioneel/", {**data, "victim-birth_date": "14 maart 1998"})
    assert again.status_code == 302 and Signal.objects.count() == 1
    assert "already reached us" not in client.get(again.url).content.decode()


def test_the_list_of_problems_follows_the_page_s_order(client):
    """The contact details at the page's end were listed before the person blocks (found by
    exploratory testing): a keyboard user jumps through the list from the top."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    data = _data(
        when="31-12-2099",
        contact_choice="contact",
        contact_email="melder@@voorbeeld.nl",
        **{"victim-bsn": "123456789", "indicators": "XX"},
    )
    response = client.post("/melden/professioneel/", data)
    anchors = re.findall(
        r'<li class="utrecht-unordered-list__item"><a class="utrecht-link" href="#([^"]+)"', response.content.decode()
    )
    assert anchors == ["id_when", "id_victim-bsn", "id_indicators_0", "id_contact_email"]


def test_one_bsn_for_two_persons_is_refused_on_the_later_one_and_everything_is_kept(client):
    """The same BSN for the victim and the perpetrator was stored without a word (found by
    exploratory testing): a typing mistake in the most identifying number there is."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(**{"perpetrator-bsn": "111 222 333"}))
    assert response.status_code == 200 and not Signal.objects.exists()
    assert response.context["persons"][1].errors["bsn"] == [
        "Dit BSN staat ook bij Mogelijk slachtoffer. Een BSN hoort bij één persoon: controleer ze allebei."
    ]
    assert "victim-bsn" not in response.context["persons"][0].errors
    html = response.content.decode()
    assert "Oksana Kovalenko" in html and "ZAAK-2026-17" in html


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("111222333", "Dit lijkt op een BSN."),
        ("BSN 1112.22.333", "Dit lijkt op een BSN."),
        ("ana.popescu@example.ro", "Dit lijkt op een e-mailadres."),
    ],
)
def test_a_bsn_or_e_mail_address_as_the_organisation_s_reference_is_refused_and_everything_is_kept(
    client, reference, message
):
    """The reference is stored and listed in the clear; a BSN there was stored without a word (found by
    exploratory testing)."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(organisation_reference=reference))
    assert response.status_code == 200 and not Signal.objects.exists()
    assert response.context["form"].errors["organisation_reference"][0].startswith(message)
    assert "Oksana Kovalenko" in response.content.decode()


@pytest.mark.parametrize("reference", ["ZK-123456782", "123456789", "ZAAK-2026-17", "PL0900-2026123456"])
def test_a_case_number_as_the_organisation_s_reference_is_stored(client, reference):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    assert client.post("/melden/professioneel/", _data(organisation_reference=reference)).status_code == 302
    assert Signal.objects.get().organisation_reference == reference


def test_an_intake_officer_picks_the_channel(client):
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    assert 'name="channel"' in client.get("/melden/professioneel/").content.decode()
    client.post("/melden/professioneel/", _data(channel="phone"))
    assert Signal.objects.get().channel == Channel.PHONE


def test_an_intake_officer_must_say_how_the_signal_came_in_and_who_reports(client):
    """Both had a default (web form, a professional): a call typed up in a hurry was recorded as
    a professional's own web report (found by exploratory testing)."""
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    page = client.get("/melden/professioneel/").content.decode()
    for name in ("channel", "reporter_type"):
        select = page[page.index(f'name="{name}"') :]
        assert select.index('<option value="" selected>Maak een keuze</option>') < select.index("</select>")
    response = client.post("/melden/professioneel/", _data(channel="", reporter_type=""))
    assert response.status_code == 200 and not Signal.objects.exists()
    form = response.context["form"]
    assert form.errors["channel"] == ["Kies hoe het signaal is binnengekomen."]
    assert form.errors["reporter_type"] == ["Kies wie er meldt."]
    assert "Oksana Kovalenko" in response.content.decode() and "ZAAK-2026-17" in response.content.decode()
    client.post("/melden/professioneel/", _data(channel="walk_in", reporter_type="self"))
    signal = Signal.objects.get()
    assert (signal.channel, signal.reporter_type) == (Channel.WALK_IN, "self")


def test_a_professional_reporting_for_themselves_is_asked_neither(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    client.post("/melden/professioneel/", _data(reporter_type=""))
    signal = Signal.objects.get()
    assert (signal.channel, signal.reporter_type) == (Channel.PROFESSIONAL_WEB, "professional")


def test_the_officers_receipt_says_how_the_signal_came_in_and_the_reporters_language(client):
    """An officer who left "how did it come in" at the web form saw nothing of it afterwards (found
    by exploratory testing); the receipt says what was recorded, also after a language switch."""
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    html = client.post("/melden/professioneel/", _data(channel="phone", language="pl"), follow=True).content.decode()
    assert re.findall(r'<dd data-testid="recorded">([^<]+)</dd>', html) == ["telefoon", "Pools"]
    assert "<dt>Binnengekomen via</dt>" in html
    switched = client.post("/melden/ontvangen/", {**_receipt_form(html), "switch_language": "en"}, follow=True)
    assert re.findall(r'<dd data-testid="recorded">([^<]+)</dd>', switched.content.decode()) == ["phone", "Polish"]


def _for_the_reporter(html: str) -> str:
    return html.split('data-testid="for-the-reporter"')[1].split("</div>")[0] if "for-the-reporter" in html else ""


def test_the_officers_receipt_speaks_to_the_reporter_in_their_own_language(client):
    """A caller who came by and reads Polish could be shown the receipt in Dutch or English only."""
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    data = _data(channel="walk_in", language="pl", contact_choice="anonymous")
    html = client.post("/melden/professioneel/", data, follow=True).content.decode()
    code, secret = (
        re.search(r'id="receipt-code" dir="ltr">([^<]+)<', html)[1],
        re.search(r'id="receipt-secret"[^>]*>([^<]+)<', html)[1],
    )
    assert "Voor de melder, in het Pools" in html
    for_them = _for_the_reporter(html)
    assert 'lang="pl" dir="ltr"' in html
    assert "Twoje zgłoszenie zostało przyjęte" in for_them and code in for_them and secret in for_them
    assert "http://testserver/status/" in for_them and "anonimowe" in for_them
    switched = client.post("/melden/ontvangen/", {**_receipt_form(html), "switch_language": "en"}, follow=True)
    assert "For the reporter, in Polish" in switched.content.decode() and secret in switched.content.decode()


@pytest.mark.parametrize(
    ("language", "shown"), [("ar", 'lang="ar" dir="rtl"'), ("nl", None), ("", None)], ids=["arabic", "same", "unknown"]
)
def test_the_copy_for_the_reporter_is_right_to_left_in_arabic_and_absent_in_the_page_s_or_an_unknown_language(
    client, language, shown
):
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    html = client.post(
        "/melden/professioneel/",
        _data(channel="email", language=language, **{"victim-phone": "+31 6 12345678"}),
        follow=True,
    ).content.decode()
    assert (shown in html) if shown else ("for-the-reporter" not in html)


def test_the_form_asks_what_was_noticed_without_you_as_an_intake_officer_types_up_a_call(client):
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    page = client.get("/melden/professioneel/").content.decode()
    assert "Wat is er opgemerkt?" in page and "Zoals de melder het vertelt" in page
    assert "Wanneer is dit opgemerkt?" in page
    assert "Wat heeft u gezien of gehoord?" not in page and "Wanneer zag u dit?" not in page


def test_other_roles_cannot_pick_a_channel(client):
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert 'name="channel"' not in client.get("/melden/professioneel/").content.decode()
    client.post("/melden/professioneel/", _data(channel="phone"))
    assert Signal.objects.get().channel == Channel.PROFESSIONAL_WEB


def test_the_checklist_shows_groups_and_strengths(client):
    client.force_login(UserFactory())
    html = client.get("/melden/professioneel/").content.decode()
    group = html.index("<summary>Dwang op de plaats van bestemming</summary>")
    indicator = html.index('value="ILO-CD01"')
    assert group < indicator < html.index("</details>", group)  # in its group
    # Documents confiscated: strong on the adult and child labour lists, not weighed on the third.
    assert 'Documenten ingenomen <span class="samen-muted">(ILO-CD01: S/S/–)</span>' in html
    assert "S sterk (strong), M middel (medium), W zwak (weak)" in html or "S strong, M medium, W weak" in html


def test_switching_language_keeps_the_checklist_and_identities_typed(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(switch_language="en", **{"victim-bsn": "123456789"}))
    assert response.status_code == 200 and response.cookies["django_language"].value == "en"
    form, victim = response.context["form"], response.context["persons"][0]
    assert not form.errors and not victim.errors  # the wrong BSN is only checked when the form is sent
    assert form["indicators"].value() == ["ILO-CD01", "ILO-EC01"] and victim["bsn"].value() == "123456789"
    assert victim["consent"].value() == "true"
    html = response.content.decode()
    assert "Report a signal (professional)" in html
    assert "Documents confiscated" in html and "Documenten ingenomen" not in html  # the checklist switched too
    assert "14 March 1998" in html
    assert not Signal.objects.exists()


def test_switching_language_on_the_form_keeps_it_on_the_account_too(client):
    user = UserFactory(roles=[Role.CASE_WORKER])
    client.force_login(user)
    client.post("/melden/professioneel/", _data(switch_language="en"))
    user.refresh_from_db()
    assert user.language == "en"


def test_a_group_with_a_ticked_indicator_is_open_when_the_form_comes_back(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.post("/melden/professioneel/", _data(what="")).content.decode()
    assert html.count("<details") > 2 and html.count('class="samen-card" open>') == 2  # CD and EC groups


def test_a_professional_gets_a_receipt_that_speaks_to_a_professional(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.post("/melden/professioneel/", _data(), follow=True).content.decode()
    signal = Signal.objects.get()
    assert "Het signaal is opgeslagen" in html and "Meldt u namens iemand?" in html
    assert signal.receipt_code in html and 'id="receipt-secret"' in html
    assert "Nog een melding doen" in html and "Uw melding is ontvangen" not in html
    # For the person reported on behalf of: where the code and secret lead.
    assert 'de status op <strong dir="ltr">http://testserver/status/</strong>' in html
    assert 'value="en" lang="en"' in html and 'value="pl"' not in html  # Dutch and English, as its form
    assert "samen-quick-exit" not in html  # a professional's page, as the form before it
    # Switching language keeps the code, the secret and the professional's wording.
    shown = {"code": signal.receipt_code, "secret": "ACDE-FGHJ-KMNP", "professional": "1", "switch_language": "en"}
    switched = client.post("/melden/ontvangen/", shown, follow=True).content.decode()
    assert "The signal has been stored" in switched and signal.receipt_code in switched


def _receipt_form(html: str) -> dict[str, str]:
    """What the receipt page's language buttons send back."""
    form = html.split('id="receipt-form"')[1].split("</form>")[0]
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


def test_the_receipt_links_the_professional_to_the_signal_also_after_a_language_switch(client):
    """After a switch to English the link was gone: the language buttons did not send it back."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.post("/melden/professioneel/", _data(), follow=True).content.decode()
    link = f'href="{reverse("casework:signal", args=[Signal.objects.get().pk])}"'
    assert link in html
    switched = client.post("/melden/ontvangen/", {**_receipt_form(html), "switch_language": "en"}, follow=True)
    assert link in switched.content.decode() and "Follow what happens to this signal" in switched.content.decode()


def test_a_receipt_sent_back_with_another_signal_links_to_it_only_for_who_may_open_it(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.post("/melden/professioneel/", _data(), follow=True).content.decode()
    theirs = Client()
    theirs.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    theirs.post("/melden/professioneel/", _data(what="Een ander signaal over een nagelsalon."))
    other = Signal.objects.exclude(receipt_code=_receipt_form(html)["code"]).get()
    sent = {**_receipt_form(html), "signal": str(other.pk), "switch_language": "en"}
    switched = client.post("/melden/ontvangen/", sent, follow=True).content.decode()
    assert "The signal has been stored" in switched and reverse("casework:signal", args=[other.pk]) not in switched


def test_the_secret_is_called_a_secret_on_the_receipt_and_the_status_page(client):
    html = client.post("/melden/", public_form_data(), follow=True).content.decode()
    html += client.get("/status/").content.decode()
    assert "Geheime sleutel" not in html and "<dt>Geheim</dt>" in html


def test_the_professional_form_asks_about_the_reporter_and_the_public_form_still_asks_the_reporter(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    professional = client.get("/melden/professioneel/").content.decode()
    assert "Mag de behandelende organisatie contact opnemen met de melder?" in professional
    assert "Mogen wij contact met u opnemen?" not in professional and "Het gaat over mij" not in professional
    assert "Degene om wie het gaat" in professional
    public = client.get("/melden/").content.decode()
    assert "Mogen wij contact met u opnemen?" in public and "Het gaat over mij" in public
    refused = client.post("/melden/professioneel/", _data(contact_choice="anonymous", contact_phone="0612345678"))
    assert refused.context["form"].errors["contact_choice"][0].startswith("Er zijn contactgegevens ingevuld")


def test_a_professional_form_refused_by_the_csrf_check_comes_back_as_typed_and_stores_nothing():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    refused = browser.post("/melden/professioneel/", _data())
    html = refused.content.decode()
    assert refused.status_code == 403 and not Signal.objects.exists()
    assert "Uw melding is nog niet verstuurd" in html
    assert 'value="Oksana Kovalenko"' in html and 'value="111222333"' in html and 'value="ZAAK-2026-17"' in html
    assert 'aria-invalid="true"' not in html


def test_the_form_does_not_ask_whether_a_possible_perpetrator_agrees_to_being_reported(client):
    from samen.intake.models import PersonRole, SignalPerson

    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.get("/melden/professioneel/").content.decode()
    assert 'name="victim-consent"' in html and 'name="other-consent"' in html
    assert 'name="perpetrator-consent"' not in html
    response = client.post("/melden/professioneel/", _data(**{"perpetrator-description": "De baas van de kas."}))
    assert response.status_code == 302, response.context["form"].errors
    perpetrator = SignalPerson.objects.get(role=PersonRole.PERPETRATOR)
    assert perpetrator.consent is None  # not asked, so not "no"
    assert SignalPerson.objects.get(role=PersonRole.VICTIM).consent is True


@pytest.mark.parametrize(("answer", "stored"), [("unknown", None), ("false", False), ("true", True), ("on", True)])
def test_whether_a_person_agrees_is_yes_no_or_not_asked_and_never_no_by_default(client, answer, stored):
    """An empty tick box was stored as "no": a refusal nobody had asked for. "on" is the tick box
    sent from a page opened before the change."""
    from samen.intake.models import PersonRole, SignalPerson

    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.get("/melden/professioneel/").content.decode()
    assert re.search(r'name="victim-consent" value="unknown"[^>]*checked', html)
    client.post("/melden/professioneel/", _data(**{"victim-consent": answer}))
    assert SignalPerson.objects.get(role=PersonRole.VICTIM).consent is stored


def test_the_receipt_leads_the_reporting_professional_to_the_signal_s_page(client):
    """An intake officer could not find the signal they had just entered (newcomer review)."""
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    html = client.post("/melden/professioneel/", _data(channel="email"), follow=True).content.decode()
    signal = Signal.objects.get()
    link = f'href="/werk/signaal/{signal.pk}/"'
    assert link in html
    assert client.get(f"/werk/signaal/{signal.pk}/").status_code == 200
    assert link not in client.get("/melden/ontvangen/").content.decode()  # the receipt is gone, the link too


def test_the_public_receipt_links_to_no_signal_page(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.post("/melden/", public_form_data(), follow=True).content.decode()
    assert "/werk/signaal/" not in html


def test_a_form_sent_after_the_session_ended_comes_back_as_typed_and_stores_nothing(client):
    """An intake officer typing through a long call lost everything to the login page."""
    officer = UserFactory(roles=[Role.INTAKE_OFFICER])
    client.force_login(officer)
    data = _data(channel="phone")
    client.logout()  # the session ended: idle time, or a logout in another tab
    response = client.post("/melden/professioneel/", data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 403 and not Signal.objects.exists()
    assert "You were signed out, so nothing was sent." in html and 'target="_blank"' in html
    assert data["what"] in html and "Oksana Kovalenko" in html and "ZAAK-2026-17" in html
    assert '<option value="phone" selected>' in html  # the intake officer's channel too
    client.force_login(officer)
    assert client.post("/melden/professioneel/", data).status_code == 302
    assert Signal.objects.get().channel == Channel.PHONE


def test_a_form_sent_after_the_session_ended_keeps_the_channel_question_when_not_yet_answered(client):
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    client.logout()
    html = client.post("/melden/professioneel/", _data(channel="")).content.decode()
    assert 'name="channel"' in html and 'name="reporter_type"' in html


def test_the_professional_form_still_sends_a_visitor_who_is_not_signed_in_to_the_login_page(client):
    response = client.get("/melden/professioneel/")
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/?next=")


def test_an_approximate_age_that_contradicts_the_date_of_birth_is_asked_about_at_the_age(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(**{"victim-age": "15", "victim-birth_date": "1-1-1980"}))
    [error] = response.context["persons"][0].errors["age"]
    assert error.startswith("De geschatte leeftijd (15) past niet bij de geboortedatum: deze persoon is ")
    assert not Signal.objects.exists()


def test_a_possible_victim_is_added_with_a_button_and_nothing_typed_is_lost_or_stored(client):
    """Eight workers in one greenhouse: the form had room for one possible victim."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(add_person="victim"))
    html = response.content.decode()
    assert response.status_code == 200 and not Signal.objects.exists()
    assert re.search(r'<input[^>]+autofocus[^>]+id="id_victim-2-age"', html) and "Mogelijk slachtoffer 2" in html
    assert re.search(r'name="victim-2-consent" value="unknown"[^>]*checked', html)  # as a new block starts
    assert html.index('id="person-victim"') < html.index('id="person-victim-2"') < html.index('id="person-perpetrator"')
    assert 'name="person_blocks" value="victim-2"' in html and 'value="Oksana Kovalenko"' in html
    assert "samen-error-summary" not in html  # asking for a block is not a send
    again = client.post("/melden/professioneel/", _data(add_person="victim", person_blocks="victim-2"))
    assert 'name="person_blocks" value="victim-2 victim-3"' in again.content.decode()


def test_added_persons_are_stored_with_their_identifying_data(client):
    from samen.intake.models import PersonRole, SignalPerson

    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    data = _data(person_blocks="victim-2 victim-3", **{"victim-2-name": "Petro Melnyk", "victim-3-age": "ongeveer 30"})
    response = client.post("/melden/professioneel/", data)
    assert response.status_code == 302, response.context["persons"]
    victims = SignalPerson.objects.filter(role=PersonRole.VICTIM).order_by("position")
    assert victims.count() == 3
    assert (victims[0].identity.name, victims[1].identity.name) == ("Oksana Kovalenko", "Petro Melnyk")
    assert victims[2].age == "ongeveer 30"


def test_a_mistake_in_an_added_person_is_shown_at_its_field_and_named_in_the_summary(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(person_blocks="other-2", **{"other-2-bsn": "123456789"}))
    html = response.content.decode()
    assert response.context["persons"][-1].errors["bsn"] and not Signal.objects.exists()
    assert 'href="#id_other-2-bsn"' in html and "Andere persoon 2" in html


@pytest.mark.parametrize("tampered", ["admin-2", "victim-1", "victim-100", "victim-02", "<script>", "x" * 5000])
def test_a_tampered_list_of_added_blocks_is_ignored(client, tampered):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(person_blocks=tampered))
    assert response.status_code == 302 and Signal.objects.count() == 1


def test_a_form_full_of_person_blocks_offers_no_more(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    blocks = " ".join(f"other-{n}" for n in range(2, 40))
    html = client.post("/melden/professioneel/", _data(person_blocks=blocks, add_person="victim")).content.decode()
    assert html.count('class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset samen-card"') == 30
    assert 'name="add_person"' not in html
    # Said, not only left out: the buttons were gone without a word (found by exploratory testing).
    assert "Dit formulier heeft plaats voor hoogstens 30 personen." in html


@pytest.mark.parametrize("again", [{"add_person": "other"}, {"switch_language": "en"}, {"victim-bsn": "123456789"}])
def test_a_stored_signals_draft_sent_again_by_the_browser_shows_no_identifying_data(client, again):
    """Back and reload after the receipt sent an earlier page's form again, BSN and all."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    sent = _data()
    client.post("/melden/professioneel/", sent)
    response = client.post("/melden/professioneel/", {**sent, **again})
    html = response.content.decode()
    assert "Oksana Kovalenko" not in html and "111222333" not in html
    assert response.context["sent_before"] and Signal.objects.count() == 1


@pytest.mark.parametrize("again", [{"add_person": "other"}, {"switch_language": "en"}])
def test_a_person_added_or_a_language_switched_does_not_say_the_signal_was_sent(client, again):
    """It said "Dit signaal is al verstuurd. Het formulier is weer leeg." over a full form that was
    never sent: an intake officer could leave without sending it (found by exploratory testing)."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", {**_data(), **again})
    html = response.content.decode()
    assert not response.context["sent_before"] and Signal.objects.count() == 0
    assert "al verstuurd" not in html and "already been sent" not in html
    assert "Oksana Kovalenko" in html


def test_the_intake_officer_records_the_language_a_caller_can_be_replied_to_in(client):
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    client.post("/melden/professioneel/", _data(channel="phone", language="pl"))
    assert Signal.objects.get().language == "pl"


def test_the_reporters_language_is_not_known_unless_chosen_whatever_the_page_language(client):
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    client.post("/melden/professioneel/", _data())
    assert Signal.objects.get().language == ""


def test_the_form_asks_in_which_language_to_reply_offering_the_public_forms_languages(client):
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    html = client.get("/melden/professioneel/").content.decode()
    assert "In welke taal kunnen we de melder antwoorden?" in html
    options = re.findall(r'<option value="(\w*)"( selected)?>([^<]+)</option>', html[html.index('name="language"') :])
    assert options[:8] == [
        ("", " selected", "niet bekend"),
        ("nl", "", "Nederlands"),
        ("en", "", "Engels"),
        ("pl", "", "Pools"),
        ("ro", "", "Roemeens"),
        ("bg", "", "Bulgaars"),
        ("uk", "", "Oekraïens"),
        ("ar", "", "Arabisch"),
    ]


def test_a_language_the_public_form_does_not_speak_is_refused(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.post("/melden/professioneel/", _data(language="de"))
    assert "language" in response.context["form"].errors and not Signal.objects.exists()


def test_a_signal_that_cannot_be_stored_now_comes_back_as_typed_identifying_data_and_all(client):
    """An intake officer's long phone call was lost to the 503 page when the audit log was away (found in review)."""
    from django.db import connection

    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_audithead RENAME TO away")
    response = client.post("/melden/professioneel/", _data())
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE away RENAME TO audit_audithead")
    html = response.content.decode()
    assert response.status_code == 503 and "Uw melding is nog niet verstuurd" in html
    assert "Bij ons ging iets mis bij het opslaan." in html
    assert "Oksana Kovalenko" in html and "111222333" in html and not Signal.objects.exists()
    assert client.post("/melden/professioneel/", _data()).status_code == 302 and Signal.objects.count() == 1


def test_a_professional_coming_back_to_the_receipt_reads_a_professionals_words(client):
    """After the code and secret were shown, the page spoke to a reporter: "Uw melding is ontvangen"
    (found by exploratory testing)."""
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    client.post("/melden/professioneel/", _data(), follow=True)
    again = client.get("/melden/ontvangen/").content.decode()
    assert "Het signaal is opgeslagen" in again and "Uw melding is ontvangen" not in again
    assert 'id="receipt-secret"' not in again and "Nog een melding doen" in again
    assert "Uw melding is ontvangen" in Client().get("/melden/ontvangen/").content.decode()  # a reporter's
