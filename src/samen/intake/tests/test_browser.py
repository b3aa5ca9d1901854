"""The public intake in real Chromium: a report and its status in Dutch, English and Arabic; 0 axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible
from samen.testing.browser import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en", "pl", "ro", "bg", "uk", "ar"]
LABELS = {
    "nl": (
        "Wat heeft u gezien of gehoord?",
        "In welke gemeente of welk postcodegebied?",
        "Melding versturen",
        "Ontvangstcode",
        "Geheim",
        "Status bekijken",
        "Ontvangen",
    ),
    "en": (
        "What did you notice?",
        "In which municipality or postcode area?",
        "Send report",
        "Receipt code",
        "Secret",
        "Show status",
        "Received",
    ),
    "ar": (
        "ماذا لاحظت؟",
        "في أي بلدية أو منطقة رمز بريدي؟",
        "إرسال البلاغ",
        "رمز الاستلام",
        "الكلمة السرية",
        "عرض الحالة",
        "تم الاستلام",
    ),
}


def _use(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_a_reporter_sends_the_public_form_and_checks_the_status(live_server, page, reference_data, language):
    what, where, send, code_label, secret_label, show, received = LABELS[language]
    _use(page, live_server, language)
    page.goto(live_server.url + "/melden/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.get_by_label(what).fill("Drie jonge mannen slapen in een schuur achter een garage.")
    page.get_by_label(where).fill("Zaanstad")
    page.get_by_role("button", name=send).click()
    code = page.locator("#receipt-code").inner_text()
    secret = page.locator("#receipt-secret").inner_text()
    assert code.startswith("MH-")
    assert_accessible(page)
    page.goto(live_server.url + "/status/")
    page.get_by_label(code_label).fill(code)
    page.get_by_label(secret_label).fill(secret)
    page.get_by_role("button", name=show).click()
    expect(page.locator("#status")).to_contain_text(received)


def test_a_reporter_who_switches_language_keeps_what_they_typed(live_server, page, reference_data):
    what_nl, where_nl = LABELS["nl"][:2]
    what_en, where_en, send_en = LABELS["en"][:3]
    _use(page, live_server, "nl")
    page.goto(live_server.url + "/melden/")
    page.get_by_label(what_nl).fill("Drie jonge mannen slapen in een schuur achter een garage.")
    page.get_by_label(where_nl).fill("Zaanstad")
    click_and_wait(page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_label(what_en)).to_have_value("Drie jonge mannen slapen in een schuur achter een garage.")
    expect(page.get_by_label(where_en)).to_have_value("Zaanstad")
    expect(page.locator(".utrecht-form-field-error-message")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name=send_en).click()
    assert page.locator("#receipt-code").inner_text().startswith("MH-")


@pytest.mark.parametrize("language", ["pl", "ar"])
def test_enter_in_a_field_moves_on_and_never_switches_language(live_server, page, reference_data, language):
    """The phone keyboard's "Go" after the place sent a report before its people and contact details."""
    from samen.intake.models import Signal

    _use(page, live_server, language)
    page.goto(live_server.url + "/melden/")
    page.locator("#id_what").fill("Drie jonge mannen slapen in een schuur achter een garage.")
    page.locator("#id_where").fill("Zaanstad")
    assert page.locator("#id_where").get_attribute("enterkeyhint") == "next"
    page.locator("#id_where").press("Enter")
    expect(page.locator("#id_where")).not_to_be_focused()
    assert page.url.endswith("/melden/") and not Signal.objects.exists()
    page.keyboard.type("Westland")  # the field Enter moved to, not the one it left
    expect(page.locator("#id_where")).to_have_value("Zaanstad")
    send = page.locator("#report-form button[type=submit]:not([name])").last
    send.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#receipt-code").inner_text().startswith("MH-")
    page.goto(live_server.url + "/status/")
    page.locator("#status-form input[type=text]").first.fill("MH-AAAA-AAAA")
    with page.expect_navigation():
        page.locator("#status-form input").last.press("Enter")
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator(".utrecht-form-field-error-message, [role=alert]").first).to_be_visible()


@pytest.mark.parametrize("pause_ms", [0, 40, 120])
def test_a_second_click_on_send_stores_one_signal_and_still_shows_its_secret(
    live_server, page, reference_data, pause_ms
):
    from samen.intake.models import Signal

    _use(page, live_server, "en")
    page.goto(live_server.url + "/melden/")
    page.locator("#id_what").fill("Drie jonge mannen slapen in een schuur achter een garage.")
    page.locator("#id_where").fill("Zaanstad")
    send = page.get_by_role("button", name=LABELS["en"][2])
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_navigation(url="**/melden/ontvangen/"):
        page.mouse.click(x, y)  # as a person clicks: no waiting for what the first click started
        page.wait_for_timeout(pause_ms)
        page.mouse.click(x, y)
    expect(page.locator("#receipt-secret")).to_be_visible()
    assert Signal.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_intake_page_has_no_accessibility_violations(live_server, page, reference_data, language):
    _use(page, live_server, language)
    for path in ["/melden/", "/status/", "/melden/ontvangen/"]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    page.goto(live_server.url + "/melden/")
    click_and_wait(page.locator("form.utrecht-form button[type=submit]"))  # empty form: errors shown
    assert_accessible(page)
    page.goto(live_server.url + "/status/")
    page.locator("#id_code").fill("MH-2222-2222")
    page.locator("#id_secret").fill("nope")
    click_and_wait(page.locator("form.utrecht-form button[type=submit]"))
    assert_accessible(page)


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_form_held_back_by_the_rate_limit_has_no_accessibility_violations(
    live_server, page, reference_data, settings, language
):
    settings.INTAKE_PUBLIC_RATE_LIMIT = 0
    what, where, send, *_rest = LABELS[language]
    _use(page, live_server, language)
    page.goto(live_server.url + "/melden/")
    page.get_by_label(what).fill("Drie jonge mannen slapen in een schuur achter een garage.")
    page.get_by_label(where).fill("Zaanstad")
    click_and_wait(page.get_by_role("button", name=send))
    expect(page.get_by_label(what)).to_have_value("Drie jonge mannen slapen in een schuur achter een garage.")
    expect(page.get_by_role("alert").get_by_role("link", name="0800 7000")).to_have_attribute("href", "tel:08007000")
    assert_accessible(page)


def test_the_quick_exit_leaves_without_javascript(live_server, browser, reference_data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("https://www.google.nl/**", lambda route: route.fulfill(status=200, body="neutral"))
    page.goto(live_server.url + "/melden/")
    page.locator(".samen-quick-exit__link").click()
    page.wait_for_url("https://www.google.nl/**")
    context.close()


def test_the_public_pages_load_without_a_failed_request_or_console_error(live_server, page, reference_data):
    failed, errors = [], []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for path in ("/melden/", "/status/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert not failed and not errors


@pytest.mark.parametrize("width", [390, 1280])
def test_the_focused_skip_link_is_on_top_of_the_quick_exit_band(live_server, page, reference_data, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/melden/")
    page.keyboard.press("Tab")
    on_top = page.evaluate(
        """(() => { const link = document.activeElement, box = link.getBoundingClientRect();
        return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === link; })()"""
    )
    assert page.evaluate("document.activeElement.classList.contains('utrecht-skip-link')") and on_top


_UNCOVERED = """(() => { const box = document.activeElement.getBoundingClientRect();
    const band = document.querySelector('.samen-quick-exit').getBoundingClientRect();
    return box.top >= band.bottom; })()"""


@pytest.mark.parametrize("path", ["/melden/", "/status/"])
def test_a_link_reached_with_the_keyboard_is_never_under_the_quick_exit_band(live_server, page, reference_data, path):
    """After the skip link, the 112 link lay under the band at 320 px; so did links reached with
    Shift+Tab further down (found by exploratory testing: WCAG 2.4.7)."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.emulate_media(reduced_motion="reduce")  # every scroll at once, not smoothly after the check
    page.goto(live_server.url + path)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A" and page.evaluate(_UNCOVERED)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for _ in range(60):  # back up through the page to the first link of the content
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.closest('main') !== null"):
            assert page.evaluate(_UNCOVERED), page.evaluate("document.activeElement.outerHTML")


def test_the_quick_exit_leaves_no_way_back_to_the_form(live_server, page, reference_data):
    page.route("https://www.google.nl/**", lambda route: route.fulfill(status=200, body="neutral"))
    page.goto(live_server.url + "/melden/")
    page.get_by_label(LABELS["nl"][0]).fill("Drie jonge mannen slapen in een schuur.")
    page.locator(".samen-quick-exit__link").click()
    page.wait_for_url("https://www.google.nl/**")
    page.go_back()
    assert "/melden/" not in page.url


def test_shift_pressed_three_times_leaves_from_wherever_the_focus_is(live_server, page, reference_data):
    """The quick exit had no key: a reporter typing had to find it with Tab, behind everything else."""
    page.route("https://www.google.nl/**", lambda route: route.fulfill(status=200, body="neutral"))
    page.goto(live_server.url + "/melden/")
    link = page.locator(".samen-quick-exit__link")
    expect(link).to_have_accessible_description("Of druk drie keer op de Shift-toets.")
    story = page.get_by_label(LABELS["nl"][0])
    story.fill("Drie jonge mannen slapen in een schuur.")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.google.nl/**")
    page.go_back()
    assert "/melden/" not in page.url


def test_capitals_and_shift_tab_do_not_leave(live_server, page, reference_data):
    page.goto(live_server.url + "/melden/")
    story = page.get_by_label(LABELS["nl"][0])
    story.focus()
    for key in ("Shift+J", "Shift+A", "Shift+N", "Shift+Tab", "Shift+Tab", "Shift+Tab"):
        page.keyboard.press(key)
    # Leaving hides the page in the key's own handler, before the next key is sent.
    assert not page.evaluate("document.body.hidden") and page.url.endswith("/melden/")
    expect(story).to_have_value("JAN")


def test_back_after_a_language_switch_and_the_quick_exit_shows_no_typed_text(live_server, page, reference_data):
    """The text went along to the page in the other language; the page left must not keep it for
    whoever presses Back after the quick exit (found by exploratory testing)."""
    what_nl, where_nl = LABELS["nl"][:2]
    page.route("https://www.google.nl/**", lambda route: route.fulfill(status=200, body="neutral"))
    _use(page, live_server, "nl")
    page.goto(live_server.url + "/melden/")
    page.get_by_label(what_nl).fill("Drie jonge mannen slapen in een schuur.")
    page.get_by_label(where_nl).fill("Zaanstad")
    click_and_wait(page.get_by_role("button", name="English"))
    expect(page.get_by_label(LABELS["en"][0])).to_have_value("Drie jonge mannen slapen in een schuur.")
    page.locator(".samen-quick-exit__link").click()
    page.wait_for_url("https://www.google.nl/**")
    page.go_back()
    page.wait_for_url("**/melden/")
    # Fetched again (no page is stored), in the language chosen last.
    what_en, where_en = LABELS["en"][:2]
    expect(page.get_by_label(what_en)).to_have_value("")
    expect(page.get_by_label(where_en)).to_have_value("")


def test_back_after_the_receipt_shows_an_empty_form_but_back_before_sending_keeps_the_text(
    live_server, page, reference_data
):
    """On a shared phone, Back after sending must not show the report to whoever checks the phone."""
    what, where, send, *_rest = LABELS["nl"]
    page.goto(live_server.url + "/melden/")
    page.get_by_label(what).fill("Drie jonge mannen slapen in een schuur.")
    page.get_by_label(where).fill("Zaanstad")
    page.locator('input[name="answers"][value="documents"]').check()
    page.goto(live_server.url + "/status/")  # a link followed by mistake
    page.go_back()
    expect(page.get_by_label(what)).to_have_value("Drie jonge mannen slapen in een schuur.")
    click_and_wait(page.get_by_role("button", name=send))
    expect(page.locator("#receipt-secret")).to_be_visible()
    page.go_back()
    expect(page.get_by_label(what)).to_have_value("")
    expect(page.get_by_label(where)).to_have_value("")
    expect(page.locator('input[name="answers"][value="documents"]')).not_to_be_checked()


def test_back_and_reload_after_a_language_switch_show_neither_the_secret_nor_the_status(
    live_server, page, reference_data
):
    """The switch sent the code and secret by POST; answered by that POST, Back and Reload showed
    them again on a shared phone, and so did a status looked up (found by exploratory testing)."""
    what, where, send, *_rest = LABELS["nl"]
    page.goto(live_server.url + "/melden/")
    page.get_by_label(what).fill("Drie jonge mannen slapen in een schuur.")
    page.get_by_label(where).fill("Zaanstad")
    click_and_wait(page.get_by_role("button", name=send))
    code, secret = page.locator("#receipt-code").inner_text(), page.locator("#receipt-secret").inner_text()
    click_and_wait(page.locator('button[name="switch_language"][value="uk"]'))
    expect(page.locator("#receipt-secret")).to_have_text(secret)
    click_and_wait(page.locator("main a[href='/status/']"))
    page.go_back()
    page.reload()
    expect(page.locator("main")).not_to_contain_text(secret)
    page.goto(live_server.url + "/status/")
    page.locator("#id_code").fill(code)
    page.locator("#id_secret").fill(secret)
    click_and_wait(page.locator("#status-form button[type=submit]"))
    expect(page.locator("#status")).to_be_visible()
    page.goto(live_server.url + "/melden/")  # any page, as a tap on the logo
    page.go_back()
    page.reload()
    expect(page.locator("#status")).to_have_count(0)
    expect(page.locator("#id_secret")).to_have_value("")


def test_a_select_shows_its_arrow_at_the_end_in_either_direction(live_server, page, reference_data):
    for language, at_the_right in (("nl", True), ("ar", False)):
        _use(page, live_server, language)
        page.goto(live_server.url + "/melden/")
        style = page.evaluate("getComputedStyle(document.querySelector('select'))")
        assert "svg" in style["backgroundImage"]
        assert style["backgroundPositionX"].startswith("calc(100%") is at_the_right


@pytest.mark.parametrize(("language", "font"), [("uk", "noto-sans-cyrillic"), ("ar", "noto-sans-arabic")])
def test_cyrillic_and_arabic_pages_get_their_letters_from_the_page_font(
    live_server, page, reference_data, language, font
):
    fonts = "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.woff2'))"
    _use(page, live_server, "nl")
    page.goto(live_server.url + "/melden/")
    page.wait_for_load_state("networkidle")
    assert not any("arabic" in name for name in page.evaluate(fonts))  # not on every page for one button
    _use(page, live_server, language)
    page.goto(live_server.url + "/melden/")
    page.wait_for_load_state("networkidle")
    assert any(font in name for name in page.evaluate(fonts))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_professional_form_has_no_accessibility_violations(live_server, page, demo_data, language):
    from samen.demo.accounts_data import DEMO_PASSWORD

    _use(page, live_server, language)
    browser_login(page, live_server.url, "zorg", DEMO_PASSWORD)
    page.goto(live_server.url + "/melden/professioneel/")
    assert_accessible(page)
    click_and_wait(page.locator("form.utrecht-form button[type=submit]").last)
    assert_accessible(page)


def _professional_form_begun(page, live_server, *, victim_name: str) -> None:
    """Signed in as the demo's care worker, the professional form with a story, a place and a victim's name."""
    from samen.demo.accounts_data import DEMO_PASSWORD

    _use(page, live_server, "nl")
    browser_login(page, live_server.url, "zorg", DEMO_PASSWORD)
    page.goto(live_server.url + "/melden/professioneel/")
    page.locator("#id_what").fill("Acht arbeiders slapen in een loods bij de kas.")
    page.locator("#id_where").fill("Westland")
    page.locator("#id_victim-name").fill(victim_name)


def test_enter_in_a_field_of_the_professional_form_moves_on_and_sends_nothing(live_server, page, demo_data):
    """A long form filled in during a phone call was stored half done by an Enter after a name."""
    from samen.intake.models import Signal

    before = Signal.objects.count()
    _professional_form_begun(page, live_server, victim_name="Jan")
    page.locator("#id_victim-name").press("Enter")
    expect(page.locator("#id_victim-birth_date")).to_be_focused()
    assert page.url.endswith("/melden/professioneel/") and Signal.objects.count() == before
    click_and_wait(page.get_by_role("button", name="Signaal versturen"))
    assert Signal.objects.count() == before + 1


def test_a_professional_adds_a_second_possible_victim_and_lands_on_its_block(live_server, page, demo_data):
    from samen.intake.models import PersonRole, SignalPerson

    _professional_form_begun(page, live_server, victim_name="Oksana Kovalenko")
    click_and_wait(page.get_by_role("button", name="Mogelijk slachtoffer toevoegen"))
    expect(page.get_by_role("group", name="Mogelijk slachtoffer 2").get_by_label("Leeftijd ongeveer")).to_be_focused()
    expect(page.locator("#id_victim-name")).to_have_value("Oksana Kovalenko")
    assert_accessible(page)
    page.locator("#id_victim-2-name").fill("Petro Melnyk")
    click_and_wait(page.get_by_role("button", name="Signaal versturen"))
    names = {p.identity.name for p in SignalPerson.objects.filter(role=PersonRole.VICTIM).order_by("-pk")[:2]}
    assert names == {"Oksana Kovalenko", "Petro Melnyk"}


def test_on_a_phone_the_added_person_s_heading_is_on_screen_above_its_focused_field(live_server, browser, demo_data):
    """The new block's first field was focused with its heading above the screen: which person the
    fields are for was not to be seen (found by exploratory testing at 375 px)."""
    phone = browser.new_page(viewport={"width": 375, "height": 740})
    _professional_form_begun(phone, live_server, victim_name="Oksana Kovalenko")
    click_and_wait(phone.get_by_role("button", name="Mogelijk slachtoffer toevoegen"))
    block = phone.get_by_role("group", name="Mogelijk slachtoffer 2")
    expect(block.get_by_label("Leeftijd ongeveer")).to_be_focused()
    heading = block.locator("legend").first
    phone.wait_for_function("el => el.getBoundingClientRect().top >= 0", arg=heading.element_handle())
    assert heading.bounding_box()["y"] < block.get_by_label("Leeftijd ongeveer").bounding_box()["y"] < 740
    phone.close()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_list_of_reported_signals_has_no_accessibility_violations(live_server, page, demo_data, language):
    from samen.demo.accounts_data import DEMO_PASSWORD

    _use(page, live_server, language)
    browser_login(page, live_server.url, "intake", DEMO_PASSWORD)
    page.goto(live_server.url + "/melden/gemeld/")
    assert_accessible(page)
    page.locator("input[name=code_or_reference]").fill("MH-0000-0000")
    click_and_wait(page.locator("form.utrecht-form button[type=submit]").last)
    expect(page.get_by_test_id("none-found")).to_be_visible()
    assert_accessible(page)


def test_on_a_phone_the_list_of_reported_signals_scrolls_sideways_and_keeps_each_code_on_one_line(
    live_server, browser, demo_data
):
    from samen.accounts.models import User
    from samen.demo.accounts_data import DEMO_PASSWORD
    from samen.intake import services
    from samen.intake.models import Channel
    from samen.intake.tests.test_services import _input

    officer = User.objects.get(username="intake")
    for n in range(3):
        services.signal_submit(
            data=_input(organisation=officer.organisation, organisation_reference=f"CM-2026-{n:04d}"),
            channel=Channel.PHONE,
            actor=officer,
            idempotency_key=f"phone:{n}",
            fingerprint=f"phone:{n}",
        )
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    browser_login(page, live_server.url, "intake", DEMO_PASSWORD)
    page.goto(live_server.url + "/melden/gemeld/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    table = page.get_by_test_id("reported")
    assert page.evaluate("t => t.parentElement.scrollWidth > t.parentElement.clientWidth", table.element_handle())
    code = table.locator("tbody a").first
    assert code.evaluate("a => a.getClientRects().length") == 1
    # Cells do not break their words one letter per line: on a phone a row is one line.
    line = table.evaluate("t => parseFloat(getComputedStyle(t).lineHeight)")
    tallest = table.evaluate("t => Math.max(...[...t.rows].map(r => r.getBoundingClientRect().height))")
    assert tallest < 3 * line, (tallest, line)
    # A page title fits a phone in a few lines (the theme's 40 px took six for a long name).
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)") <= 30
    assert_accessible(page)
    click_and_wait(code)  # the signal's page fits the phone too
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_public_form_works_on_a_phone(live_server, browser, reference_data, language):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL", has_touch=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/melden/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    expect(page.locator(".samen-quick-exit")).to_be_visible()
    # Checkboxes are big enough to tap (WCAG 2.2's 24 px), and a focused text field has the strong ring.
    for checkbox in (page.locator("#id_acute_danger"), page.locator("#id_answers_0")):
        box = checkbox.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    page.locator("#id_what").focus()
    assert page.evaluate("getComputedStyle(document.querySelector('#id_what')).outlineWidth") == "3px"
    assert_accessible(page)
    # The quick exit spans the phone's width and stays on screen however far down the form the reporter is.
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(300)
    band = page.locator(".samen-quick-exit__link").bounding_box()
    assert band["y"] >= 0 and band["y"] + band["height"] <= 740
    assert band["width"] >= 360 - 2 * 8 - 1
    context.close()


def test_after_a_refused_send_focus_is_on_the_problems_and_each_link_shows_its_field(live_server, page, reference_data):
    _use(page, live_server, "en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/melden/")
    page.get_by_label(LABELS["en"][0]).fill("Drie jonge mannen slapen in een schuur achter een garage.")
    page.get_by_label(LABELS["en"][1]).fill("Atlantis")
    click_and_wait(page.get_by_role("button", name=LABELS["en"][2]))
    assert page.evaluate("document.activeElement.classList.contains('samen-error-summary')")
    page.locator(".samen-error-summary a").first.click()
    page.wait_for_timeout(500)
    label = page.locator("label[for=id_where]").bounding_box()
    band = page.locator(".samen-quick-exit").bounding_box()
    assert band["y"] >= 0 and label["y"] >= band["y"] + band["height"]  # the label shows below the band
    expect(page.locator("#id_where")).to_be_focused()


def test_a_reporter_picks_one_of_the_fitting_municipalities_with_a_click(live_server, page, reference_data):
    from samen.intake.models import Signal

    what, where, send, *_rest = LABELS["ar"]
    _use(page, live_server, "ar")
    page.goto(live_server.url + "/melden/")
    page.get_by_label(what).fill("Drie jonge mannen slapen in een schuur achter een garage.")
    page.get_by_label(where).fill("Den")
    click_and_wait(page.get_by_role("button", name=send))
    choices = page.get_by_role("group", name="أي بلدية تقصد؟")
    expect(choices.get_by_role("radio")).to_have_count(4)  # Den Haag, Den Bosch, Den Helder, Den Oever
    assert_accessible(page)
    choices.get_by_label("Den Helder").check()
    click_and_wait(page.get_by_role("button", name=send))
    expect(page.locator("#receipt-secret")).to_be_visible()
    assert Signal.objects.get().municipality.name == "Den Helder"


@pytest.mark.parametrize(
    ("language", "unknown"), [("pl", "Nie wiem, w jakiej to miejscowości"), ("ar", "لا أعرف اسم المدينة أو القرية")]
)
def test_a_reporter_who_does_not_know_the_town_ticks_so_and_describes_the_place(
    live_server, page, reference_data, language, unknown
):
    from samen.intake.models import Signal

    _use(page, live_server, language)
    page.goto(live_server.url + "/melden/")
    page.locator('textarea[name="what"]').fill("Pracujemy w szklarni, szef zabrał nam paszporty.")
    page.get_by_label(unknown).check()
    page.locator('input[name="place"]').fill("Szklarnie przy długiej drodze, wiatrak")
    assert_accessible(page)
    click_and_wait(page.locator("#report-form .utrecht-button--primary-action"))
    expect(page.locator("#receipt-secret")).to_be_visible()
    signal = Signal.objects.get()
    assert signal.municipality is None and signal.place == "Szklarnie przy długiej drodze, wiatrak"


@pytest.mark.parametrize("who", ["reporter", "intake officer"])
def test_the_town_is_no_longer_marked_needed_once_the_box_says_it_is_not_known(live_server, page, demo_data, who):
    """The star and aria-required follow the tick, as the server does; also on the form shown again."""
    from samen.demo.accounts_data import DEMO_PASSWORD

    _use(page, live_server, "nl")
    if who == "reporter":
        path, unknown, send = (
            "/melden/",
            "Ik weet niet in welke plaats het is",
            "#report-form .utrecht-button--primary-action",
        )
    else:
        browser_login(page, live_server.url, "intake", DEMO_PASSWORD)
        path, unknown, send = (
            "/melden/professioneel/",
            "Niet bekend in welke plaats het is",
            "form.utrecht-form button[type=submit]",
        )
    page.goto(live_server.url + path)
    town = page.locator("#id_where")
    star = page.locator('label[for="id_where"] .samen-required')
    box = page.get_by_label(unknown)
    expect(star).to_be_visible()
    expect(town).to_have_attribute("aria-required", "true")
    box.check()
    expect(star).to_be_hidden()
    assert town.get_attribute("aria-required") is None
    box.uncheck()
    expect(star).to_be_visible()
    expect(town).to_have_attribute("aria-required", "true")
    box.check()
    click_and_wait(page.locator(send).last)  # refused: nothing was told
    expect(box).to_be_checked()
    expect(star).to_be_hidden()
    box.uncheck()
    expect(star).to_be_visible()
    expect(town).to_have_attribute("aria-required", "true")


def test_a_professional_signed_out_in_another_tab_loses_nothing_and_sends_after_signing_in_again(
    live_server, page, demo_data
):
    from samen.demo.accounts_data import DEMO_PASSWORD
    from samen.intake.models import Signal

    what = "Een beller vertelt over zes mannen die in een loods slapen en hun paspoort kwijt zijn."
    _use(page, live_server, "en")
    browser_login(page, live_server.url, "intake", DEMO_PASSWORD)
    page.goto(live_server.url + "/melden/professioneel/")
    page.locator("#id_what").fill(what)
    page.locator("#id_where").fill("Zaanstad")
    page.get_by_label("How did the signal come in?").select_option("phone")
    page.get_by_label("Who reports?").select_option("witness")
    page.get_by_label("In which language can we reply to the reporter?").select_option("pl")
    click_and_wait(page.get_by_role("button", name="Add a possible victim"))
    page.locator("#id_victim-2-name").fill("Petro Melnyk")
    other = page.context.new_page()
    other.goto(live_server.url + "/")
    click_and_wait(other.get_by_role("button", name="Log out"))
    send = page.locator("form#report-form button[type=submit]").last
    before = Signal.objects.count()
    click_and_wait(send)
    expect(page.get_by_role("alert")).to_contain_text("You were signed out, so nothing was sent.")
    assert page.locator("#id_what").input_value() == what and Signal.objects.count() == before
    expect(page.locator("#id_victim-2-name")).to_have_value("Petro Melnyk")
    assert_accessible(page)
    browser_login(other, live_server.url, "intake", DEMO_PASSWORD)
    click_and_wait(send)  # signing in gave the browser a new CSRF token: the form comes back as typed once more
    expect(page.get_by_role("alert")).to_contain_text("You signed in again, so the form needed a new security code.")
    expect(page.get_by_role("alert")).not_to_contain_text("cookies")
    click_and_wait(send)
    expect(page.locator("#receipt-code")).to_be_visible()
    expect(page.get_by_test_id("for-the-reporter")).to_contain_text("Twoje zgłoszenie zostało przyjęte")
    assert_accessible(page)
    signal = Signal.objects.get(what=what)
    assert (signal.municipality.name, signal.channel, signal.reporter_type) == ("Zaanstad", "phone", "witness")
    assert "Petro Melnyk" in {p.identity.name for p in signal.persons.all() if hasattr(p, "identity")}


def test_the_intake_officer_prints_the_reporter_s_block_alone(live_server, page, demo_data):
    from samen.demo.accounts_data import DEMO_PASSWORD

    _use(page, live_server, "nl")
    browser_login(page, live_server.url, "intake", DEMO_PASSWORD)
    page.goto(live_server.url + "/melden/professioneel/")
    page.locator("#id_what").fill("Een vrouw komt langs: zij werkt in een nagelsalon en krijgt geen loon.")
    page.locator("#id_where").fill("Rotterdam")
    page.locator("#id_channel").select_option("walk_in")
    page.locator("#id_reporter_type").select_option("relative")
    page.locator("#id_language").select_option("ro")
    click_and_wait(page.locator("form#report-form button[type=submit]").last)
    block = page.get_by_test_id("for-the-reporter")
    expect(block).to_contain_text(page.locator("#receipt-code").inner_text())
    # A headless browser opens no print dialog, and so sends no "afterprint": the page stays as printed.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Afdrukken voor de melder").click()
    assert page.evaluate("window.printed")
    page.emulate_media(media="print")
    printed = "el => getComputedStyle(el).visibility"
    assert page.locator("h1").evaluate(printed) == "hidden"
    assert page.locator("#receipt-code").evaluate(printed) == "hidden"
    assert block.locator("strong").first.evaluate(printed) == "visible"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")  # the browser's own print prints it all
    assert page.locator("h1").evaluate(printed) == "visible"
    page.emulate_media(media="screen")
    assert_accessible(page)


def test_after_it_is_about_me_the_questions_speak_to_the_reporter_and_back_again(live_server, page, reference_data):
    from samen.intake.models import Signal

    _use(page, live_server, "nl")
    page.goto(live_server.url + "/melden/")
    # By role, the accessible name: what a screen reader says, without the hidden other wording.
    about_them = page.get_by_role("checkbox", name="Houdt iemand anders hun paspoort of identiteitskaart vast?")
    about_me = page.get_by_role("checkbox", name="Houdt iemand anders uw paspoort of identiteitskaart vast?")
    expect(about_them).to_be_visible()
    expect(about_me).to_have_count(0)
    expect(page.get_by_text("Houdt iemand anders uw paspoort of identiteitskaart vast?")).to_be_hidden()
    page.get_by_label("Het gaat over mij").check()
    expect(about_me).to_be_visible()
    expect(about_them).to_have_count(0)
    expect(page.get_by_role("group", name="U zelf (mogelijk slachtoffer)")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ik heb iets gezien of gehoord").check()
    expect(about_them).to_be_visible()
    page.get_by_label("Het gaat over mij").check()
    about_me.check()
    page.get_by_label(LABELS["nl"][0]).fill("Mijn baas houdt mijn paspoort en ik moet elke dag werken.")
    page.get_by_label(LABELS["nl"][1]).fill("Zaanstad")
    click_and_wait(page.get_by_role("button", name=LABELS["nl"][2]))
    expect(page.locator("#receipt-secret")).to_be_visible()
    assert list(Signal.objects.get().answers.values_list("question_key", flat=True)) == ["documents"]


def test_the_contact_boxes_appear_only_after_yes_you_may_contact_me(live_server, page, reference_data):
    """With "anonymous" chosen by default, a reporter filled in a name without noticing, and was refused."""
    from samen.intake.models import Signal

    _use(page, live_server, "en")
    page.goto(live_server.url + "/melden/")
    expect(page.locator("#id_contact_phone")).to_be_hidden()
    page.get_by_label(LABELS["en"][0]).fill("Vrouwen worden vastgehouden in een huis.")
    page.get_by_label(LABELS["en"][1]).fill("Zaanstad")
    page.get_by_label("Yes, you may contact me").check()
    expect(page.locator("#id_contact_phone")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_contact_phone").fill("+48 512 345 678")
    page.get_by_label("No, I want to stay anonymous").check()
    expect(page.locator("#id_contact_phone")).to_be_visible()  # what was typed is not hidden away
    page.get_by_label("Yes, you may contact me").check()
    click_and_wait(page.get_by_role("button", name=LABELS["en"][2]))
    assert Signal.objects.get().reporter_contact.phone == "+48512345678"


def test_a_link_to_a_field_far_down_a_person_s_block_shows_that_field_not_the_block_s_heading(
    live_server, page, demo_data
):
    """The person's block is a fieldset: its legend is a screen above the BSN on a phone."""
    page.set_viewport_size({"width": 390, "height": 844})
    _professional_form_begun(page, live_server, victim_name="Oksana Kovalenko")
    page.locator("#id_victim-bsn").fill("123456789")  # fails the eleven-test
    click_and_wait(page.get_by_role("button", name="Signaal versturen"))
    page.locator(".samen-error-summary a[href='#id_victim-bsn']").click()
    field = page.locator("#id_victim-bsn")
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    expect(page.locator("label[for=id_victim-bsn]")).to_be_in_viewport()
