"""The whole journey in real Chromium: a care coordinator and the police close a signal, the
reporter reads "Afgehandeld"; every casework page has 0 axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samen.casework import pipeline, services
from samen.casework.models import SignalTrack
from samen.casework.tests.conftest import file_signal, user
from samen.casework.workflow import Event
from samen.demo.accounts_data import DEMO_PASSWORD
from samen.intake.models import PublicStatus, Signal
from samen.routing import engine
from samen.routing.models import Track
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible
from samen.testing.browser import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_signal(demo_data):
    from samen.routing.demo_rules import seed_routing_rules

    seed_routing_rules()
    engine.invalidate()
    signal, secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    yield signal, secret
    engine.invalidate()


def _close_track(page, track: SignalTrack, outcome_label: str, with_action: bool) -> None:
    section = page.locator(f"#track-{track.pk}")
    section.get_by_role("button", name="Dit spoor oppakken").click()
    expect(page.locator(f"#track-{track.pk}")).to_contain_text("beoordeling")
    section = page.locator(f"#track-{track.pk}")
    if with_action:
        section.get_by_text("Actie toevoegen", exact=True).first.click()
        section.get_by_label("Actie *", exact=True).fill("Opvangplek zoeken bij COSM")
        section.get_by_role("button", name="Actie toevoegen").click()
        expect(page.locator(f"#track-{track.pk}")).to_contain_text("Opvangplek zoeken bij COSM")
        assert_accessible(page)
        section = page.locator(f"#track-{track.pk}")
    section.get_by_label("Uitkomst", exact=True).select_option(label=outcome_label)
    section.get_by_role("button", name="Afsluiten met deze uitkomst").click()
    expect(page.locator(f"#track-{track.pk}")).to_contain_text(outcome_label)


def test_coordinator_and_police_close_a_signal_and_the_reporter_reads_handled(live_server, page, new_signal):
    signal, secret = new_signal
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    perpetrator = SignalTrack.objects.get(signal=signal, kind=Track.PERPETRATOR)

    browser_login(page, live_server.url, "coordinator", DEMO_PASSWORD)
    page.goto(live_server.url + "/werk/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Werkvoorraad")
    assert_accessible(page)
    page.get_by_role("link", name=signal.receipt_code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(signal.receipt_code)
    assert_accessible(page)
    _close_track(page, victim, "geplaatst in opvang", with_action=True)
    case = services.case_create(title="Nagelsalons Rotterdam", actor=user("coordinator"), signals=[signal])
    for path in [
        "/werk/acties/", "/werk/meldingen/", "/werk/casussen/", f"/werk/casussen/{case.pk}/", "/werk/routering/",
        "/werk/?overdue=on", f"/werk/signaal/{signal.pk}/wijzigen/", "/werk/doorbraak/",
    ]:  # fmt: skip
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/werk/routering/")
    click_and_wait(page.get_by_role("link", name="Landelijk vangnet").first)
    assert_accessible(page)

    page.context.clear_cookies()
    browser_login(page, live_server.url, "politie", DEMO_PASSWORD)
    page.goto(live_server.url + f"/werk/signaal/{signal.pk}/")
    _close_track(page, perpetrator, "opsporingsonderzoek gestart", with_action=False)
    expect(page.get_by_text("Afgesloten: beide sporen")).to_be_visible()
    assert Signal.objects.get(pk=signal.pk).public_status == PublicStatus.HANDLED

    page.context.clear_cookies()
    page.goto(live_server.url + "/status/")
    page.locator("input[name=code]").fill(signal.receipt_code)
    page.locator("input[name=secret]").fill(secret)
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page.locator("#status")).to_contain_text("Afgehandeld")
    assert_accessible(page)  # the status page with a status on it


def test_a_step_sent_without_its_reason_comes_back_focused_on_the_field_with_its_message(live_server, page, new_signal):
    signal, _secret = new_signal
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    browser_login(page, live_server.url, "coordinator", DEMO_PASSWORD)
    page.goto(live_server.url + f"/werk/signaal/{signal.pk}/")
    section = page.locator(f"#track-{victim.pk}")
    section.get_by_text("Afsluiten zonder opvolging (afzien)").click()
    field = page.locator(f"#waive-{victim.pk}")
    expect(field).to_have_value("")  # sent empty: the server answers, not the browser's own "Vul dit veld in"
    expect(field).to_have_attribute("aria-required", "true")  # still said to assistive technology
    click_and_wait(section.get_by_role("button", name="Afzien"))
    field = page.locator(f"#waive-{victim.pk}")
    expect(field).to_be_focused()
    expect(field).to_have_accessible_description("Geef een reden.")
    assert_accessible(page)
    field.fill("Geen aanknopingspunten.")
    click_and_wait(page.locator(f"#track-{victim.pk}").get_by_role("button", name="Afzien"))
    expect(page.locator(f"#track-{victim.pk}")).to_contain_text("Geen aanknopingspunten.")


def test_a_transfer_sent_with_nothing_chosen_comes_back_on_the_organisation_then_asks_the_reason(
    live_server, page, new_signal
):
    signal, _secret = new_signal
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    browser_login(page, live_server.url, "coordinator", DEMO_PASSWORD)
    page.goto(live_server.url + f"/werk/signaal/{signal.pk}/")
    section = page.locator(f"#track-{victim.pk}")
    section.get_by_text("Overdragen aan een andere organisatie of regio").click()
    click_and_wait(section.get_by_role("button", name="Overdracht aanvragen"))  # the browser lets it go

    section = page.locator(f"#track-{victim.pk}")
    organisation = section.get_by_label("Overdragen aan", exact=True)
    expect(organisation).to_be_focused()
    expect(organisation).to_have_accessible_description("Kies de organisatie.")
    # The field's hint first: the organisation asked reads the reason before it may see who is involved.
    expect(section.get_by_label("Reden van de overdracht *")).to_have_accessible_description(
        "De organisatie die u vraagt leest dit voordat zij mag zien om wie het gaat: "
        "schrijf niets waaraan iemand te herkennen is. Geef een reden."
    )
    assert_accessible(page)
    organisation.select_option(label="Zorgcoördinatie Mensenhandel Midden-Nederland")
    section.get_by_label("Reden van de overdracht *").fill("Verhuisd naar Utrecht.")
    click_and_wait(section.get_by_role("button", name="Overdracht aanvragen"))
    expect(page.locator(f"#track-{victim.pk}")).to_contain_text("Zorgcoördinatie Mensenhandel Midden-Nederland")


def test_a_form_s_address_opened_in_the_browser_is_a_page_that_leads_back_to_the_signal(live_server, page, new_signal):
    signal, _secret = new_signal
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    browser_login(page, live_server.url, "coordinator", DEMO_PASSWORD)
    response = page.goto(live_server.url + f"/werk/signaal/{signal.pk}/spoor/{victim.pk}/actie/")
    assert response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina hoort bij een formulier")
    assert_accessible(page)
    click_and_wait(page.get_by_role("link", name="Naar het signaal"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(signal.receipt_code)


def _on_screen(locator) -> bool:
    """Whether the element is inside the window now, without waiting (`to_be_in_viewport` waits, and
    a smooth scroll gets there in the end, after the user has seen the top of the page)."""
    box = locator.evaluate("el => { const b = el.getBoundingClientRect(); return [b.top, b.bottom, innerHeight]; }")
    return box[0] >= 0 and box[1] <= box[2]


def test_an_action_too_long_comes_back_on_screen_at_once_with_its_label_and_message(live_server, page, new_signal):
    signal, _secret = new_signal
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    coordinator = user("coordinator")
    services.track_transition(track=victim, event=Event.TAKE, actor=coordinator)
    for number in range(12):  # a history above the forms, as a signal followed up for weeks has
        services.note_add(track=victim, text=f"Gebeld met de opvang, poging {number}.", actor=coordinator)
    browser_login(page, live_server.url, "coordinator", DEMO_PASSWORD)
    page.goto(live_server.url + f"/werk/signaal/{signal.pk}/")
    section = page.locator(f"#track-{victim.pk}")
    section.get_by_text("Actie toevoegen", exact=True).first.click()
    section.get_by_label("Actie *", exact=True).fill("Opvangplek zoeken bij de COSM in de regio. " * 8)
    click_and_wait(section.get_by_role("button", name="Actie toevoegen"))

    field = page.locator(f"#track-{victim.pk}").get_by_label("Actie *", exact=True)
    expect(field).to_be_focused()
    assert page.evaluate("scrollY") > 1000  # the form sits far down this page
    label = page.locator(f"label[for='{field.get_attribute('id')}']")
    message = page.locator(f"#{field.get_attribute('aria-describedby').split()[0]}")
    expect(message).to_contain_text("tekens te lang")
    assert _on_screen(label) and _on_screen(field) and _on_screen(message)


def test_a_case_worker_corrects_a_misspelt_name_and_a_refused_bsn_comes_back_with_its_message(
    live_server, page, new_signal
):
    signal, _secret = new_signal
    browser_login(page, live_server.url, "coordinator", DEMO_PASSWORD)
    page.goto(live_server.url + f"/werk/signaal/{signal.pk}/")
    page.get_by_role("link", name="Corrigeren Mogelijk slachtoffer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mogelijk slachtoffer corrigeren")
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Anna Nowak")
    assert_accessible(page)
    page.get_by_label("Naam", exact=True).fill("Anna Nowakowska")
    page.get_by_label("BSN", exact=True).fill("123456789")
    click_and_wait(page.get_by_role("button", name="Correctie opslaan"))
    expect(page.get_by_role("alert")).to_contain_text("BSN")
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Anna Nowakowska")  # kept as typed
    assert_accessible(page)
    page.get_by_label("BSN", exact=True).fill("111222333")
    page.get_by_label("Waarom (niet verplicht)").fill("Gegevens nagevraagd bij de opvang.")
    click_and_wait(page.get_by_role("button", name="Correctie opslaan"))
    expect(page.locator("body")).to_contain_text("De persoon is gecorrigeerd")
    expect(page.locator("body")).to_contain_text("Anna Nowakowska")
    expect(page.locator("body")).to_contain_text(
        "Persoon gecorrigeerd: naam en BSN van mogelijk slachtoffer; Gegevens nagevraagd bij de opvang."
    )
    assert_accessible(page)


def test_a_case_worker_adds_a_person_who_became_known_later(live_server, page, new_signal):
    signal, _secret = new_signal
    browser_login(page, live_server.url, "coordinator", DEMO_PASSWORD)
    page.goto(live_server.url + f"/werk/signaal/{signal.pk}/")
    page.get_by_role("link", name="Een persoon toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Persoon toevoegen aan signaal")
    assert_accessible(page)
    click_and_wait(page.get_by_role("button", name="Persoon toevoegen"))
    expect(page.get_by_role("alert")).to_contain_text("Wie is deze persoon?")
    assert_accessible(page)
    page.get_by_label("Wie is deze persoon?").select_option(label="Mogelijk slachtoffer")
    page.get_by_label("Leeftijd ongeveer").fill("ongeveer 17")
    click_and_wait(page.get_by_role("button", name="Persoon toevoegen"))
    expect(page.locator("body")).to_contain_text("De persoon is toegevoegd")
    expect(page.locator("body")).to_contain_text("Persoon toegevoegd: mogelijk slachtoffer 2")
