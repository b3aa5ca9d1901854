"""The status page: code and secret by POST, one generic message for anything wrong."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import formats, timezone, translation
from django.utils.html import escape

from samen.intake import services
from samen.intake.models import PublicStatus
from samen.intake.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

SECRET = "TEST-SECR-ET22"


def test_the_right_code_and_secret_show_the_status_and_messages(client):
    signal = SignalFactory(public_status=PublicStatus.BEING_HANDLED)
    services.reporter_message_add(
        signal=signal, text="Dank voor uw melding, we gaan ermee aan de slag.", organisation=None
    )
    response = client.post("/status/", {"code": signal.receipt_code.lower(), "secret": SECRET.lower()}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "In behandeling" in html or "Being handled" in html
    assert "Dank voor uw melding" in html


def test_the_date_of_a_message_is_written_as_the_reporters_language_writes_a_date(client):
    signal = SignalFactory()
    services.reporter_message_add(signal=signal, text="Dank voor uw melding.", organisation=None)
    message = signal.reporter_messages.get()
    client.cookies["django_language"] = "pl"
    html = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    with translation.override("pl"):
        written = formats.date_format(timezone.localtime(message.created_at), "DATE_FORMAT")
    assert written in html  # "5 grudnia 2026", the genitive, not "5 Grudzień 2026"


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("nl", "6 december 2026"),
        ("en", "6 December 2026"),
        ("bg", "6 декември 2026 г."),
        ("ro", "6 decembrie 2026"),
        ("pl", "6 grudnia 2026"),
        ("uk", "6 грудня 2026 р."),
    ],
)
def test_the_date_of_a_message_is_written_out_as_each_language_writes_it(client, language, written):
    signal = SignalFactory()
    services.reporter_message_add(signal=signal, text="Dank voor uw melding.", organisation=None)
    signal.reporter_messages.update(created_at=datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.UTC))
    client.cookies["django_language"] = language
    html = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    assert f'<p class="utrecht-paragraph samen-card__meta">{written}</p>' in html


@pytest.mark.parametrize(
    ("language", "sent", "none_yet"),
    [
        ("nl", "U heeft deze melding verstuurd op 6 december 2026.", "Er zijn nog geen berichten voor u."),
        ("pl", "Zgłoszenie zostało wysłane 6 grudnia 2026.", "Nie ma jeszcze wiadomości dla ciebie."),
        ("en", "You sent this report on 6 December 2026.", "There are no messages for you yet."),
        # The year's abbreviation ends the sentence: one full stop, not two (found by exploratory testing).
        ("bg", "Изпратихте този сигнал на 6 декември 2026 г.<", "Все още няма съобщения за вас."),
        # A reply, not "повідомлення", which is also the report itself.
        ("uk", "Ви надіслали це повідомлення 6 грудня 2026 р.<", "Поки що відповідей для вас немає."),
    ],
)
def test_a_first_look_says_when_the_report_was_sent_and_that_no_message_came_yet(client, language, sent, none_yet):
    """A reporter checking for the first time read one line: not which report it was, nor whether a
    message could still come (found by exploratory testing). Sent just after midnight in the
    Netherlands, it was sent that day, not the day before (UTC)."""
    signal = SignalFactory()
    type(signal).objects.filter(pk=signal.pk).update(
        created_at=datetime.datetime(2026, 12, 5, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Amsterdam
    )
    client.cookies["django_language"] = language
    html = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    assert sent in html and none_yet in html
    services.reporter_message_add(signal=signal, text="Dank voor uw melding.", organisation=None)
    html = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    assert none_yet not in html


def test_a_message_from_staff_runs_in_its_own_direction_on_the_arabic_page(client):
    """A Dutch message on a right-to-left page: "(gratis, ook anoniem)?" must not turn into "?(gratis"."""
    signal = SignalFactory()
    services.reporter_message_add(signal=signal, text="Bel ons via 0800-0000 (gratis, ook anoniem)?", organisation=None)
    client.cookies["django_language"] = "ar"
    html = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    assert '<p class="utrecht-paragraph" dir="auto">Bel ons via 0800-0000 (gratis, ook anoniem)?</p>' in html


def test_a_code_pasted_with_invisible_characters_or_typed_in_other_digits_is_found(client):
    signal = SignalFactory()
    wide = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in signal.receipt_code)
    pasted = f"\u200f{wide}\u200b"  # a direction mark and a zero-width space, full-width characters
    secret = SECRET.replace("22", "\u0662\u0662")  # Arabic-Indic digits
    response = client.post("/status/", {"code": pasted, "secret": secret}, follow=True)
    assert response.context["signal"] == signal


def test_a_code_and_secret_copied_from_handwriting_with_look_alikes_are_found(client):
    signal = SignalFactory(receipt_code="MH-8522-UU5K")
    response = client.post("/status/", {"code": "mh bszz vu5k", "secret": "TE5T-SECR-ETZ2"}, follow=True)
    assert response.context["signal"] == signal


def test_a_code_typed_on_a_cyrillic_or_greek_keyboard_is_found(client):
    """Copied by hand onto the keyboard the reporter has: the capitals look the same."""
    signal = SignalFactory(receipt_code="MH-TEXA-KCPY")
    for typed in ("МН-ТЕХА-КСРУ", "мн техa ксру", "ΜΗ-ΤΕΧΑ-ΚCΡΥ"):
        assert client.post("/status/", {"code": typed, "secret": SECRET}, follow=True).context["signal"] == signal


def test_a_cyrillic_ze_copied_by_hand_is_read_as_a_three(client):
    signal = SignalFactory(receipt_code="MH-3E3E-KM3A")
    for typed in ("МН-ЗЕЗЕ-КМЗА", "мн зезе кмза"):
        assert client.post("/status/", {"code": typed, "secret": SECRET}, follow=True).context["signal"] == signal


def test_a_status_found_comes_in_the_reports_language_unless_the_browser_chose_one(client):
    """Looked up on a Dutch phone, a Polish report's status came in Dutch (found by exploratory testing)."""
    signal = SignalFactory(language="pl")
    response = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True)
    assert response.context["signal"] == signal and '<html lang="pl"' in response.content.decode()
    assert client.cookies["django_language"].value == "pl"  # the next page too
    chose = Client()
    chose.cookies["django_language"] = "en"
    response = chose.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True)
    assert response.context["signal"] == signal and '<html lang="en"' in response.content.decode()


def test_switching_language_on_the_status_shown_shows_it_again_in_that_language(client):
    signal = SignalFactory()
    shown = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    assert 'form="status-form"' in shown and 'id="status-form"' in shown  # the buttons have a form to send
    assert 'name="shown" value="1"' in shown
    # Neither the code nor the secret is kept for the buttons: a token shows this status again.
    assert SECRET not in shown and f'value="{signal.receipt_code}"' not in shown
    token = re.search(r'name="token" value="([^"]+)"', shown).group(1)
    switched = client.post("/status/", {"shown": "1", "token": token, "switch_language": "ar"}, follow=True)
    page = switched.content.decode()
    assert '<html lang="ar" dir="rtl"' in page and client.cookies["django_language"].value == "ar"
    assert switched.context["signal"] == signal and "تم الاستلام" in page
    again = re.search(r'name="token" value="([^"]+)"', page).group(1)  # for the next switch
    assert (
        client.post("/status/", {"shown": "1", "token": again, "switch_language": "pl"}, follow=True).context["signal"]
        == signal
    )
    # A token not given by this browser's last page shows nothing.
    forged = client.post("/status/", {"shown": "1", "token": token, "switch_language": "en"}, follow=True)
    assert forged.context["signal"] is None


def test_a_status_found_is_shown_once_by_the_page_the_lookup_leads_to(client):
    """Answered by the POST itself, Back and Reload on a shared phone showed the status and the
    messages again to whoever held the phone next (found by exploratory testing)."""
    signal = SignalFactory()
    services.reporter_message_add(signal=signal, text="Wij bellen u dinsdag.", organisation=None)
    looked_up = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET})
    assert looked_up.status_code == 302 and SECRET not in looked_up.url
    assert "Wij bellen u dinsdag." in client.get(looked_up.url).content.decode()
    again = client.get("/status/")
    assert again.context["signal"] is None and "Wij bellen u dinsdag." not in again.content.decode()
    assert SECRET not in again.content.decode()


@pytest.mark.parametrize("case", ["wrong secret", "unknown code"])
def test_a_wrong_code_or_secret_gets_one_generic_message(client, case):
    signal = SignalFactory()
    code = signal.receipt_code if case == "wrong secret" else "MH-2222-2222"
    response = client.post(
        "/status/", {"code": code, "secret": "WRNG-SECR-ET33" if case == "wrong secret" else SECRET}, follow=True
    )
    assert response.context["signal"] is None
    page = response.content.decode()
    assert signal.what not in page
    # In the list of problems, which takes the focus and is read out.
    summary = re.search(r'<div class="[^"]*samen-error-summary"[^>]*autofocus>.*?</div>\s*</div>', page, re.S).group(0)
    assert "Wij vinden geen melding met deze code en dit geheim." in summary


def test_the_status_page_does_not_take_the_code_from_the_url(client):
    signal = SignalFactory()
    response = client.get(f"/status/?code={signal.receipt_code}&secret={SECRET}")
    assert response.context["signal"] is None


def test_the_status_page_has_its_own_rate_limit(client, settings):
    settings.INTAKE_STATUS_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/status/", {"code": "MH-2222-2222", "secret": "x"}, follow=True).status_code == 200
    refused = client.post("/status/", {"code": "MH-2222-2222", "secret": "x"}, follow=True)
    assert refused.status_code == 429
    assert 'value="MH-2222-2222"' in refused.content.decode()  # the code typed is kept
    assert "0900 8844" not in refused.content.decode()  # reporting by phone is the report form's advice
    assert client.post("/melden/", {}).status_code == 200  # the report form counts separately


def test_only_lookups_that_find_nothing_count_towards_the_limit(client, settings):
    """Reporters in one shelter share one address: their own checks locked each other out for the
    hour, and the page told them many forms were sent (found by exploratory testing)."""
    settings.INTAKE_STATUS_RATE_LIMIT = 2
    signal = SignalFactory()
    for _ in range(5):
        found = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True)
        assert found.context["signal"] == signal
    for _ in range(2):
        client.post("/status/", {"code": "MH-2222-2222", "secret": "x"}, follow=True)
    refused = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True)
    assert refused.status_code == 429 and refused.context["signal"] is None  # over the limit, not even the right one
    page = refused.content.decode()
    assert "Vanaf uw verbinding is vaak iets opgezocht dat we niet vonden." in page
    assert "formulieren" not in page and "Wacht voordat u het opnieuw probeert" in page


def test_a_form_sent_with_a_field_left_empty_is_not_counted(client, settings):
    settings.INTAKE_STATUS_RATE_LIMIT = 1
    for _ in range(3):
        assert client.post("/status/", {"code": "MH-2222-2222", "secret": ""}, follow=True).status_code == 200
    assert client.post("/status/", {"code": "MH-2222-2222", "secret": "x"}, follow=True).status_code == 200
    assert client.post("/status/", {"code": "MH-2222-2222", "secret": "x"}, follow=True).status_code == 429


def test_switching_language_keeps_the_code_typed_and_looks_nothing_up(client, settings):
    settings.INTAKE_STATUS_RATE_LIMIT = 1  # switching language looks nothing up, so it is not counted
    for _ in range(3):
        response = client.post(
            "/status/", {"code": "MH-7K3P-Q9XD", "secret": "AB", "switch_language": "uk"}, follow=True
        )
    assert response.status_code == 200 and '<html lang="uk"' in response.content.decode()
    form = response.context["form"]
    assert not form.errors and (form["code"].value(), form["secret"].value()) == ("MH-7K3P-Q9XD", "AB")
    assert 'value="AB"' in response.content.decode() and not response.redirect_chain  # no address holds it
    assert response.context["signal"] is None and "samen-error-summary" not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "explained"),
    [
        ("received", "Een organisatie die helpt in zulke situaties gaat ernaar kijken."),
        ("being_handled", "vindt u dat op deze pagina"),
        ("handled", "Voor de veiligheid van de betrokkenen"),
    ],
)
def test_the_status_says_what_it_means_for_the_reporter(client, status, explained):
    signal = SignalFactory(public_status=status)
    page = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    assert explained in page


def test_a_language_switch_on_a_status_shown_is_no_lookup_and_is_not_held_by_the_rate_limit(client, settings):
    settings.INTAKE_STATUS_RATE_LIMIT = 1
    signal = SignalFactory()
    shown = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', shown).group(1)
    switched = client.post("/status/", {"shown": "1", "token": token, "switch_language": "pl"}, follow=True)
    assert switched.status_code == 200 and '<html lang="pl"' in switched.content.decode()
    assert switched.context["signal"] == signal


def test_a_language_switch_on_the_refused_lookup_still_tells_the_wait(client, settings):
    settings.INTAKE_STATUS_RATE_LIMIT = 1
    typed = {"code": "MH-2222-2222", "secret": "x"}
    client.post("/status/", typed, follow=True)
    assert client.post("/status/", typed, follow=True).status_code == 429
    switched = client.post("/status/", {**typed, "switch_language": "uk"}, follow=True).content.decode()
    assert '<html lang="uk"' in switched and 'value="MH-2222-2222"' in switched
    with translation.override("uk"):
        assert translation.gettext("What you typed is still here.") in switched


def test_the_code_and_secret_are_typed_as_codes_that_no_browser_offers_to_save(client):
    html = client.get("/status/").content.decode()
    assert 'type="password"' not in html
    assert html.count('autocomplete="off"') >= 2 and 'autocapitalize="characters"' in html


def test_the_phone_number_fields_bring_up_a_number_keypad(client):
    html = client.get("/melden/").content.decode()
    assert 'type="tel" name="contact_phone"' in html


def test_a_code_typed_with_a_space_between_every_character_is_found(client):
    """The field's maxlength of 20 cut "M H - 8 9 K D - K H M P" short, without a word (found by
    exploratory testing)."""
    signal = SignalFactory()
    spaced = " ".join(signal.receipt_code)
    assert len(spaced) > 20
    response = client.post("/status/", {"code": spaced, "secret": SECRET}, follow=True)
    assert response.context["signal"] == signal


def _not_found_in(language: str) -> str:
    with translation.override(language):
        message = translation.gettext("We cannot find a report with this code and secret. Check both and try again.")
    return escape(message)


def test_a_language_switch_after_a_lookup_that_found_nothing_says_so_again_in_that_language(client, settings):
    """The reporter switches language precisely to read why nothing was shown (found by
    exploratory testing: the form came back without the message and the count of problems)."""
    settings.INTAKE_STATUS_RATE_LIMIT = 2
    signal = SignalFactory()
    typed = {"code": signal.receipt_code, "secret": "wrong secret"}
    client.cookies["django_language"] = "pl"
    page = client.post("/status/", typed).content.decode()
    assert _not_found_in("pl") in page
    sent_back = {**typed, "checked": "1", "not_found": re.search(r'name="not_found" value="([^"]+)"', page).group(1)}
    for language in ("ro", "ar", "uk"):
        switched = client.post("/status/", {**sent_back, "switch_language": language})
        page = switched.content.decode()
        assert f'<html lang="{language}"' in page and _not_found_in(language) in page
        with translation.override(language):
            assert translation.ngettext("There is %(counter)s problem in the form.", "", 1) % {"counter": 1} in page
        assert 'value="wrong secret"' in page and switched.context["signal"] is None
    # The switches looked nothing up, so they did not count towards the rate limit: one lookup is left.
    assert client.post("/status/", typed).status_code == 200
    assert client.post("/status/", typed).status_code == 429


def test_a_switch_after_nothing_was_found_tells_nothing_about_a_code_or_secret_changed_since(client):
    signal = SignalFactory()
    typed = {"code": signal.receipt_code, "secret": "wrong secret"}
    page = client.post("/status/", typed).content.decode()
    token = re.search(r'name="not_found" value="([^"]+)"', page).group(1)
    for sent_back in (
        {**typed, "secret": SECRET, "not_found": token},  # the right secret, typed after the lookup
        {**typed, "not_found": "a token of another page"},
        typed,
    ):
        switched = client.post("/status/", {**sent_back, "checked": "1", "switch_language": "pl"})
        assert "samen-error-summary" not in switched.content.decode()
        assert switched.context["signal"] is None


def test_the_session_keeps_neither_the_code_nor_the_secret_of_a_lookup_that_found_nothing(client):
    client.post("/status/", {"code": "MH-2222-2222", "secret": "my own words"})
    stored = repr(dict(client.session.items()))
    assert "MH-2222-2222" not in stored and "MH22222222" not in stored and "my own words" not in stored.lower()
    assert re.fullmatch(r"[0-9a-f]{64}", client.session["intake_status_not_found"])


@pytest.mark.parametrize("language", ["nl", "pl", "ar"])
def test_a_lookup_refused_by_the_csrf_check_comes_back_as_typed_and_looks_nothing_up(language, monkeypatch):
    """Cookies cleared, or a login or logout in another tab: Django's own page lost the code and
    the secret and offered only a link to the report form (found by exploratory testing)."""
    signal = SignalFactory()
    looked_up = []
    monkeypatch.setattr("samen.intake.ratelimit.hit", lambda *args: looked_up.append(args))
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["django_language"] = language
    typed = {"code": signal.receipt_code, "secret": SECRET}
    refused = browser.post("/status/", {**typed, "csrfmiddlewaretoken": "stale" * 8})
    html = refused.content.decode()
    assert refused.status_code == 403 and refused.context["signal"] is None and not looked_up
    with translation.override(language):
        assert escape(translation.gettext("We have not looked up the status yet")) in html
    assert f'value="{signal.receipt_code}"' in html and f'value="{SECRET}"' in html
    assert 'aria-invalid="true"' not in html and "samen-error-summary" not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    found = browser.post("/status/", {**typed, "csrfmiddlewaretoken": token}, follow=True)
    assert found.context["signal"] == signal


def test_a_language_button_on_the_status_form_refused_by_the_csrf_check_switches_nothing():
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post("/status/", {"code": "MH-2222-2222", "secret": "x", "switch_language": "pl"})
    assert refused.status_code == 403 and "django_language" not in refused.cookies
    assert 'value="MH-2222-2222"' in refused.content.decode()


def test_a_status_shown_comes_back_in_another_language_after_a_login_in_another_tab_changed_the_csrf_token():
    """Its token, a secret of the page, stands in for the CSRF token; without it nothing is shown."""
    signal = SignalFactory()
    browser = Client(enforce_csrf_checks=True)
    form = browser.get("/status/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    shown = browser.post(
        "/status/", {"code": signal.receipt_code, "secret": SECRET, "csrfmiddlewaretoken": csrf}, follow=True
    ).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', shown).group(1)
    shown = browser.post("/status/", {"shown": "1", "token": token, "switch_language": "pl"}, follow=True)
    assert shown.context["signal"] == signal and browser.cookies["django_language"].value == "pl"
    forged = browser.post("/status/", {"shown": "1", "token": "guessed", "switch_language": "uk"}, follow=True)
    assert forged.context["signal"] is None and browser.cookies["django_language"].value == "pl"


@pytest.mark.parametrize("language", ["nl", "en", "pl", "ro", "bg", "uk", "ar"])
def test_a_code_or_secret_left_empty_is_told_what_to_enter_in_plain_words(client, language):
    client.cookies["django_language"] = language
    html = client.post("/status/", {"code": "", "secret": ""}).content.decode()
    with translation.override(language):
        code = translation.gettext("Enter the receipt code you received when you sent your report.")
        example = translation.gettext("For example MH-7K3P-Q9XD.")
        secret = translation.gettext("Enter the secret you received with the receipt code.")
        generic = translation.gettext("This field is required.")
    assert escape(f"{code} {example}") in html and escape(secret) in html
    assert escape(generic) not in html and generic not in html


def test_a_message_takes_its_direction_from_its_own_text_not_from_the_reporter_s_language(client):
    """A Dutch message to an Arabic reporter was marked lang="ar" dir="rtl": read out in the wrong
    voice, its numbers reordered (found in review). Nothing records a message's own language."""
    signal = SignalFactory(language="ar")
    services.reporter_message_add(signal=signal, text="Bedankt voor uw melding (nr. 12).", organisation=None)
    client.cookies["django_language"] = "en"
    html = client.post("/status/", {"code": signal.receipt_code, "secret": SECRET}, follow=True).content.decode()
    assert '<p class="utrecht-paragraph" dir="auto">Bedankt voor uw melding (nr. 12).</p>' in html
