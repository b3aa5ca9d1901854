"""The signal table in real Chromium: every page accessible (axe, Dutch and English), and the
journey of issue 4 from a new signal to the reporter reading "Afgehandeld"."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samen.accounts.models import Role
from samen.casework import pipeline
from samen.casework.models import SignalTrack
from samen.demo.accounts_data import DEMO_PASSWORD
from samen.meetings import services
from samen.meetings.models import AgendaItem, TableDecision
from samen.meetings.tests.conftest import make_table, org, user
from samen.routing.models import Track
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible
from samen.testing.factories import UserFactory
from samen.testing.signal_tables import bring_to_table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def routed(demo_data, settings, django_capture_on_commit_callbacks):
    from samen.routing import engine
    from samen.routing.demo_rules import seed_routing_rules

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        seed_routing_rules()
    engine.invalidate()
    yield
    engine.invalidate()


@pytest.fixture
def voorzitter(routed):
    return UserFactory(
        username="voorzitter",
        first_name="Vera",
        last_name="Voorzitter",
        organisation=org("gemeente-gm0599"),
        roles=[Role.TABLE_MEMBER],
        password=DEMO_PASSWORD,
    )


def _new_signal():
    from samen.casework.tests.conftest import file_signal

    signal, secret = file_signal(place="Rotterdam", name="Agnieszka Kowalczyk")
    pipeline.drain_intake_outbox()
    tracks = {t.kind: t for t in SignalTrack.objects.filter(signal=signal)}
    return signal, secret, tracks[Track.VICTIM], tracks[Track.PERPETRATOR]


def _login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, live_server.url, username, DEMO_PASSWORD)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_signal_table_page_has_no_accessibility_violations(live_server, page, voorzitter, language):
    table = make_table()
    signal, _secret, victim, _perpetrator = _new_signal()
    bring_to_table(signal=signal, actor=user("coordinator"), reason="Opvang")
    past = services.meeting_plan(table=table, starts_at=timezone.now() - datetime.timedelta(days=14))
    item = AgendaItem.objects.get(meeting=past)
    services.decision_record(item=item, text="Opvang regelen", actor=voorzitter)
    services.action_record(
        item=item, track=victim, description="Plek zoeken", organisation=org("zorgcoordinatie-re07"), actor=voorzitter
    )
    past = services.meeting_mark_held(meeting=past, attendees=[voorzitter], actor=voorzitter)
    upcoming = table.meetings.exclude(pk=past.pk).get()
    _login(page, live_server, "voorzitter")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for path in [
        "/tafel/",
        table.get_absolute_url(),
        upcoming.get_absolute_url(),
        past.get_absolute_url(),
        past.get_absolute_url() + "notulen/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        expect(page.locator("h1")).to_be_visible()
        assert "Kowalczyk" not in page.content()
        assert_accessible(page)
    page.goto(live_server.url + table.get_absolute_url())
    page.locator("details summary").click()  # the form to plan a meeting
    assert_accessible(page)
    page.emulate_media(media="print")
    page.goto(live_server.url + past.get_absolute_url() + "notulen/")
    expect(page.locator("header.samen-header")).to_be_hidden()


def test_the_journey_from_a_new_signal_through_the_table_to_handled(live_server, page, voorzitter):
    table = make_table()
    meeting = services.meeting_plan(table=table, starts_at=timezone.now() + datetime.timedelta(days=5))
    signal, secret, victim, perpetrator = _new_signal()

    # A care coordinator takes the new signal, adds an action and brings it to the table.
    _login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/werk/signaal/{signal.pk}/")
    track = page.locator(f"#track-{victim.pk}")
    track.locator("button[data-event=take]").click()
    track = page.locator(f"#track-{victim.pk}")
    track.locator("form[action$='/actie/'] summary, details:has(form[action$='/actie/']) > summary").first.click()
    track.locator(f"[name=a{victim.pk}-description]").fill("Intakegesprek met tolk plannen")
    track.locator("form[action$='/actie/'] button[type=submit]").click()
    expect(page.locator(f"#track-{victim.pk}")).to_contain_text("Intakegesprek met tolk plannen")
    page.locator(f"#track-{victim.pk} details:has(form[action$='/tafel/']) > summary").click()
    page.locator(f"[name=f{victim.pk}-reason]").fill("Opvang en opsporing samen afstemmen.")
    page.locator(f"#track-{victim.pk} form[action$='/tafel/'] button[type=submit]").click()
    victim.refresh_from_db()
    assert victim.needs_joint_decision

    # The table brings its agenda up to date and records a decision without a page reload.
    _login(page, live_server, "voorzitter")
    page.goto(live_server.url + meeting.get_absolute_url())
    page.locator(f"form[action$='/overleg/{meeting.pk}/agenda/'] button").click()
    item = AgendaItem.objects.get(meeting=meeting, signal=signal)
    card = page.locator(f"#item-{item.pk}")
    expect(card).to_contain_text("vraagt de tafel om een gezamenlijk besluit")
    assert "Kowalczyk" not in page.content()
    assert_accessible(page)
    card.locator(f"[name=decision-{item.pk}-text]").fill("Zorgcoördinatie plaatst in opvang; politie start onderzoek.")
    page.evaluate("window.__noReload = true")
    card.locator("form[action$='/besluit/'] button[type=submit]").click()
    expect(page.locator(f"#item-{item.pk} [data-testid=decisions]")).to_contain_text("politie start onderzoek")
    assert page.evaluate("window.__noReload === true")  # htmx swapped the item; the page stayed
    assert TableDecision.objects.filter(item=item).exists()
    assert_accessible(page)

    # The coordinator closes the victim track.
    _login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/werk/signaal/{signal.pk}/")
    expect(page.locator("main")).to_contain_text("politie start onderzoek")  # on the timeline
    page.locator(f"[name=t{victim.pk}-outcome]").select_option("placed_in_shelter")
    page.locator(f"#track-{victim.pk} button[data-event=record_outcome]").click()
    expect(page.locator(f"#track-{victim.pk}")).to_contain_text("geplaatst in opvang")  # stored before we log out

    # A police user closes the perpetrator track.
    _login(page, live_server, "politie")
    page.goto(f"{live_server.url}/werk/signaal/{signal.pk}/")
    page.locator(f"#track-{perpetrator.pk} button[data-event=take]").click()
    expect(page.locator(f"#track-{perpetrator.pk}")).to_contain_text("beoordeling")
    page.locator(f"[name=t{perpetrator.pk}-outcome]").select_option("investigation_started")
    page.locator(f"#track-{perpetrator.pk} button[data-event=record_outcome]").click()
    expect(page.locator("main")).to_contain_text("Afgesloten")

    # The reporter reads that the signal was handled.
    page.context.clear_cookies()
    page.goto(live_server.url + "/status/")
    page.locator("input[name=code]").fill(signal.receipt_code)
    page.locator("input[name=secret]").fill(secret)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Afgehandeld")


def test_a_decision_sent_on_an_item_keeps_that_item_in_view_with_its_count_and_track_choice(
    live_server, page, voorzitter
):
    table = make_table()
    for reason in ["Opvang", "Opsporing", "Huisvesting"]:
        signal, _secret, _victim, _perpetrator = _new_signal()
        bring_to_table(signal=signal, actor=user("coordinator"), reason=reason)
    meeting = services.meeting_plan(table=table, starts_at=timezone.now() + datetime.timedelta(days=5))
    first, *_rest = AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk")
    assert _rest  # the item sent on is not the last: swapping it must not scroll to the next
    _login(page, live_server, "voorzitter")
    page.goto(live_server.url + meeting.get_absolute_url())
    page.evaluate("""() => { window.__violations = [];
        document.addEventListener("securitypolicyviolation", (e) => __violations.push(e.violatedDirective)); }""")
    card = page.locator(f"#item-{first.pk}")
    track = card.locator(f"[name=action-{first.pk}-track]")
    track_before = track.evaluate("select => [...select.options].map(option => option.text)")
    chosen_before = track.input_value()

    field = card.locator(f"[name=decision-{first.pk}-text]")
    field.scroll_into_view_if_needed()
    field.fill("x" * 2001)
    page.evaluate("window.__noReload = true")
    card.locator("form[action$='/besluit/'] button[type=submit]").click()
    expect(page.locator(f"#id_decision-{first.pk}-text-error")).to_contain_text("te lang")
    assert page.evaluate("window.__noReload === true")

    # The user's own item stays in view, and focus is on the field with the message.
    box = page.locator(f"#item-{first.pk}-heading").bounding_box()
    field_box = page.locator(f"[name=decision-{first.pk}-text]").bounding_box()
    viewport = page.viewport_size
    assert 0 <= field_box["y"] and field_box["y"] + field_box["height"] <= viewport["height"], (box, field_box)
    expect(page.locator(f"[name=decision-{first.pk}-text]")).to_be_focused()
    assert page.locator(f"#item-{first.pk}").count() == 1

    # The count under the field is there again, and follows the typing.
    count = page.locator(f"#item-{first.pk} .samen-count[aria-hidden=true]")
    expect(count).to_have_count(1)
    expect(count).to_contain_text("te veel")
    page.locator(f"[name=decision-{first.pk}-text]").fill("Opvang regelen")
    expect(count).to_contain_text("over")

    # The action form offers the same tracks, in the same order, with the same one chosen.
    track = page.locator(f"[name=action-{first.pk}-track]")
    assert track.evaluate("select => [...select.options].map(option => option.text)") == track_before
    assert track.input_value() == chosen_before

    # Saved, the decision is shown in the item, which stays in view.
    page.locator(f"#item-{first.pk} form[action$='/besluit/'] button[type=submit]").click()
    expect(page.locator(f"#item-{first.pk} [data-testid=decisions]")).to_contain_text("Opvang regelen")
    decisions = page.locator(f"#item-{first.pk} [data-testid=decisions]").bounding_box()
    assert decisions["y"] < viewport["height"] and decisions["y"] + decisions["height"] > 0, decisions
    expect(page.locator(f"#item-{first.pk} .samen-count[aria-hidden=true]")).to_have_count(1)
    assert page.locator(f"[name=action-{first.pk}-track]").input_value() == chosen_before
    expect(page.locator(f"#item-{first.pk} [data-testid=item-notice]")).to_be_focused()
    assert page.evaluate("window.__violations") == []  # no inline style htmx would add under the CSP


def test_an_empty_decision_or_action_sent_is_answered_by_the_server_at_the_field_not_by_a_browser_popup(
    live_server, page, voorzitter
):
    table = make_table()
    signal, _secret, _victim, _perpetrator = _new_signal()
    bring_to_table(signal=signal, actor=user("coordinator"), reason="Opvang")
    meeting = services.meeting_plan(table=table, starts_at=timezone.now() + datetime.timedelta(days=5))
    item = AgendaItem.objects.get(meeting=meeting)
    _login(page, live_server, "voorzitter")
    page.goto(live_server.url + meeting.get_absolute_url())
    page.evaluate("window.__noReload = true")

    decision = page.locator(f"#item-{item.pk} form[action$='/besluit/']")
    expect(decision).to_have_attribute("novalidate", "")
    decision.locator("button[type=submit]").click()
    expect(page.locator(f"#id_decision-{item.pk}-text-error")).to_have_text("Schrijf op wat de tafel besloot.")
    expect(page.locator(f"[name=decision-{item.pk}-text]")).to_be_focused()

    page.locator(f"#item-{item.pk} form[action$='/actie/'] button[type=submit]").click()
    expect(page.locator(f"#id_action-{item.pk}-organisation-error")).to_have_text(
        "Kies de organisatie die de actie uitvoert."
    )
    expect(page.locator(f"[name=action-{item.pk}-description]")).to_be_focused()
    expect(page.locator("[autofocus]")).to_have_count(1)
    assert page.evaluate("window.__noReload === true")  # htmx swapped the item each time; the page stayed
    assert not TableDecision.objects.exists()
