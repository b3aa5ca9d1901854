"""The public form: plain, forgiving with valid input, rate-limited without storing addresses."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from samen.geo.models import Municipality
from samen.intake.models import Channel, Signal
from samen.intake.tests.factories import public_form_data

pytestmark = pytest.mark.django_db


def test_the_public_form_puts_the_emergency_number_and_the_quick_exit_first(client):
    html = client.get("/melden/").content.decode()
    assert html.index("112") < html.index('name="what"')
    assert 'class="utrecht-button-link' in html and "https://www.google.nl/" in html
    assert "<script>" not in html  # the quick exit works without (inline) script
    assert 'name="idempotency_key"' in html


@pytest.mark.parametrize("language", ["nl", "pl"])
def test_a_reporter_s_pages_lead_to_no_login_that_names_human_trafficking(client, language):
    """The header's login link led a reporter to a Dutch page titled "… tegen mensenhandel", into
    a shared phone's history (found by exploratory testing). Professionals still find it elsewhere."""
    client.cookies["django_language"] = language
    for path in ("/melden/", "/status/"):
        assert 'href="/account/inloggen/"' not in client.get(path).content.decode(), path
    assert 'href="/account/inloggen/"' in client.get("/partners/").content.decode()


def test_a_valid_report_gives_a_receipt_code_and_secret_once(client):
    response = client.post("/melden/", public_form_data(), follow=True)
    signal = Signal.objects.get()
    html = response.content.decode()
    assert signal.receipt_code in html and 'id="receipt-secret"' in html
    assert 'value="pl" lang="pl"' in html and 'value="ar" lang="ar"' in html  # every public language
    assert signal.channel == Channel.PUBLIC_WEB and signal.created_by is None
    assert signal.persons.count() == 2  # victim and perpetrator filled in, the other block empty
    assert set(signal.answers.values_list("question_key", flat=True)) == {"fear", "movement"}
    assert signal.indicators.exists()
    again = client.get("/melden/ontvangen/").content.decode()
    assert 'id="receipt-secret"' not in again


def test_switching_language_on_the_receipt_keeps_the_code_and_secret(client):
    html = client.post("/melden/", public_form_data(), follow=True).content.decode()
    code = re.search(r'id="receipt-code" dir="ltr">([^<]+)<', html).group(1)
    secret = re.search(r'id="receipt-secret" dir="ltr">([^<]+)<', html).group(1)
    assert 'form="receipt-form"' in html and 'id="receipt-form"' in html
    switched = client.post("/melden/ontvangen/", {"code": code, "secret": secret, "switch_language": "uk"})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "uk"
    page = client.get(switched.url).content.decode()
    assert '<html lang="uk"' in page and code in page and secret in page
    # Shown once more, by the page the switch leads to: Back and Reload on a shared phone found
    # them again when the POST's own answer showed them (found by exploratory testing).
    assert secret not in client.get("/melden/ontvangen/").content.decode()
    # Only a code and a secret of their own shape are shown again, and nothing is looked up.
    forged = client.post(
        "/melden/ontvangen/", {"code": "<b>MH</b>", "secret": secret, "switch_language": "pl"}, follow=True
    )
    assert "<b>MH</b>" not in forged.content.decode() and 'id="receipt-secret"' not in forged.content.decode()
    # Once gone, the page's buttons change the language the ordinary way.
    assert 'form="receipt-form"' not in client.get("/melden/ontvangen/").content.decode()


def _receipt_in_a_browser() -> tuple[Client, str, dict[str, str]]:
    """A browser that checks CSRF tokens, on the receipt of the report it just sent: its page and
    the fields of the form its language buttons send."""
    browser = Client(enforce_csrf_checks=True)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get("/melden/").content.decode())[1]
    html = browser.post("/melden/", {**public_form_data(), "csrfmiddlewaretoken": csrf}, follow=True).content.decode()
    return browser, html, _receipt_fields(html)


def test_a_language_switch_on_the_receipt_keeps_the_code_and_secret_after_a_login_in_another_tab():
    """A login in another tab changes the CSRF token; the refusal lost the code and the secret for
    good, as the page had shown them already (found in review)."""
    browser, html, sent = _receipt_in_a_browser()
    code, secret = sent["code"], sent["secret"]
    assert secret in html and sent["token"] and secret not in repr(dict(browser.session.items()))
    switched = browser.post("/melden/ontvangen/", {**sent, "csrfmiddlewaretoken": "stale" * 8, "switch_language": "uk"})
    assert switched.status_code == 302 and browser.cookies["django_language"].value == "uk"
    page = browser.get(switched.url).content.decode()
    assert '<html lang="uk"' in page and code in page and secret in page


def test_a_receipt_sent_without_its_page_s_token_or_changed_still_needs_the_csrf_token():
    """The page's token vouches only for what that page showed: another code or secret, or no
    token, is refused as any form with a wrong CSRF token is."""
    browser, _html, sent = _receipt_in_a_browser()
    stale = {"csrfmiddlewaretoken": "stale" * 8, "switch_language": "pl"}
    for forged in (
        {**sent, "token": ""},
        {**sent, "token": "a token of another page"},
        {**sent, "code": "MH-2222-2222"},
        {**sent, "secret": "ABCD-EFGH-JKMN"},
        {**sent, "professional": "1"},
    ):
        refused = browser.post("/melden/ontvangen/", {**forged, **stale})
        assert refused.status_code == 403 and "django_language" not in refused.cookies
    shown = browser.get("/melden/ontvangen/").content.decode()
    assert 'id="receipt-code"' not in shown


def test_sending_the_same_form_twice_stores_one_signal(client):
    data = public_form_data()
    client.post("/melden/", data)
    client.post("/melden/", data)
    assert Signal.objects.count() == 1


def test_the_same_form_sent_again_before_its_answer_arrived_still_shows_the_secret(client):
    """Without the page's script a double click sends twice; the browser shows the second answer,
    often without the first one's session cookie. The secret must not be lost for good."""
    data = public_form_data()
    client.post("/melden/", data)
    again = Client()  # no cookie from the first answer
    html = again.post("/melden/", data, follow=True).content.decode()
    signal = Signal.objects.get()
    secret = re.search(r'id="receipt-secret" dir="ltr">([^<]+)<', html).group(1)
    status = again.post("/status/", {"code": signal.receipt_code, "secret": secret}, follow=True)
    assert status.context["signal"] == signal


def test_a_signed_in_professional_using_the_public_form_stays_anonymous(client):
    from samen.testing.factories import UserFactory

    client.force_login(UserFactory())
    client.post("/melden/", public_form_data())
    assert Signal.objects.get().created_by is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("what", "", "required"),
        ("where", "Atlantis", "Atlantis"),
        ("when", "x" * 201, "200"),
        ("contact_phone", "12", "phone"),
        ("contact_email", "not-an-address", "Enter an e-mail address like name@example.com."),
        ("victim-gender", "robot", "robot"),
    ],
)
def test_an_invalid_field_keeps_every_valid_answer_and_explains_itself(client, field, value, message, settings):
    settings.LANGUAGE_CODE = "en"
    data = public_form_data(**{field: value}, contact_choice="contact", contact_name="Marieke")
    if field != "contact_phone":
        data["contact_phone"] = "0612345678"
    response = client.post("/melden/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Signal.objects.exists()
    form = response.context["form"]
    assert field in form.errors or field.removeprefix("victim-") in response.context["persons"][0].errors
    html = response.content.decode()
    assert 'aria-invalid="true"' in html or "utrecht-form-fieldset--invalid" in html
    assert message.lower() in html.lower()
    # The valid answers are still there.
    if field != "place":
        assert 'value="Stationsstraat"' in html
    assert "Marieke" in html


def test_every_button_of_a_choice_with_a_problem_says_it_is_invalid_and_no_other_does(client):
    """Only the group's box was marked: a screen reader on one of its buttons did not say so."""
    html = client.post("/melden/", public_form_data(contact_choice="robot")).content.decode()
    choices = re.findall(r'<input[^>]*name="contact_choice"[^>]*>', html)
    assert len(choices) == 2 and all('aria-invalid="true"' in radio for radio in choices)
    others = re.findall(r'<input[^>]*type="(?:radio|checkbox)"[^>]*>', html)
    assert not [box for box in others if 'aria-invalid="true"' in box and 'name="contact_choice"' not in box]


def test_the_summary_at_the_top_counts_and_links_every_problem_in_the_person_blocks_too(client):
    wrong = {"victim-gender": "robot", "perpetrator-gender": "x"}
    data = public_form_data(what="", answers=["no-such-question"], **wrong)
    html = client.post("/melden/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    summary = html[html.index('role="alert"') : html.index("</div></div>", html.index('role="alert"'))]
    assert "There are 4 problems in the form." in summary
    for anchor in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{anchor}"' in html  # every link leads to its field
    assert 'href="#id_what"' in summary
    assert 'href="#id_victim-gender"' in summary and "Possible victim: Gender" in summary
    assert "What did you notice? Write in a few words what happened." in summary  # no "?:"
    assert 'href="#id_perpetrator-gender"' in summary and 'id="id_perpetrator-gender"' in html


def test_a_story_the_textarea_allowed_is_accepted_with_its_line_breaks(client):
    paragraphs = "\r\n".join(["x" * 99] * 100)  # 9,999 characters in the browser, 10,098 as sent
    assert client.post("/melden/", public_form_data(what=paragraphs)).status_code == 302
    assert Signal.objects.get().what == paragraphs.replace("\r\n", "\n")


def test_contact_without_phone_or_email_is_explained(client):
    response = client.post("/melden/", public_form_data(contact_choice="contact"), HTTP_ACCEPT_LANGUAGE="en")
    assert "contact_phone" in response.context["form"].errors


def test_a_wrong_e_mail_address_gets_its_own_message_only(client):
    data = public_form_data(contact_choice="contact", contact_email="geen adres")
    errors = client.post("/melden/", data, HTTP_ACCEPT_LANGUAGE="en").context["form"].errors
    assert list(errors) == ["contact_email"]  # not also "give a phone number or an e-mail address"


def test_more_than_one_fitting_municipality_is_listed_as_a_choice(client):
    client.cookies["django_language"] = "en"
    response = client.post("/melden/", public_form_data(where="Berg"))
    [error] = response.context["form"].errors["where"]
    assert error.startswith("More than one municipality fits:")
    for name in ("Berg en Dal", "Bergeijk", "Bergen (L.)", "Bergen (NH.)", "Bergen op Zoom"):
        assert name in error
    assert not Signal.objects.exists()


def test_a_place_abroad_is_told_so_in_the_reporters_language_and_what_was_typed_is_kept(client):
    client.cookies["django_language"] = "pl"
    response = client.post("/melden/", public_form_data(where="Aachen", what="Szef zabiera paszporty."))
    [error] = response.context["form"].errors["where"]
    assert error.startswith("„Aachen” nie leży w Holandii")
    assert "Nie wiem, w jakiej to miejscowości" in error
    assert response.context["form"]["what"].value() == "Szef zabiera paszporty."
    assert not Signal.objects.exists()


def test_the_fitting_municipalities_are_listed_with_the_arabic_comma_on_the_arabic_page(client):
    client.cookies["django_language"] = "ar"
    response = client.post("/melden/", public_form_data(where="Berg"))
    [error] = response.context["form"].errors["where"]
    assert "\u2069، \u2068" in error and "\u2069, \u2068" not in error


def test_one_of_the_fitting_municipalities_is_chosen_with_a_click_not_typed_again(client):
    data = public_form_data(where="Den", what="")
    html = client.post("/melden/", data).content.decode()
    codes = re.findall(r'type="radio" name="where_choice" value="(GM\d{4})"', html)
    assert len(codes) == 4 and "Den Bosch (&#x27;s-Hertogenbosch)" in html and "Den Oever (Hollands Kroon)" in html
    the_hague = Municipality.objects.get(name="'s-Gravenhage").code
    # Chosen, but the form comes back for another field: the choice stays.
    back = client.post("/melden/", {**data, "where_choice": the_hague}).content.decode()
    assert f'value="{the_hague}" id="id_where_choice_' in back and "checked" in back.split(the_hague)[1][:40]
    assert list(client.post("/melden/", {**data, "where_choice": the_hague}).context["form"].errors) == ["what"]
    client.post("/melden/", {**data, "what": public_form_data()["what"], "where_choice": the_hague})
    assert Signal.objects.get().municipality.code == the_hague


def test_a_misspelled_municipality_is_offered_and_taken_with_one_click(client):
    html = client.post("/melden/", public_form_data(where="Eindhovn")).content.decode()
    assert "We kennen geen gemeente met de naam “Eindhovn”. Bedoelt u Eindhoven?" in html
    eindhoven = Municipality.objects.get(name="Eindhoven").code
    assert re.findall(r'type="radio" name="where_choice" value="(GM\d{4})"', html) == [eindhoven]
    client.post("/melden/", public_form_data(where="Eindhovn", where_choice=eindhoven))
    assert Signal.objects.get().municipality.name == "Eindhoven"


def test_a_choice_that_does_not_fit_the_typed_name_is_not_taken(client):
    """Typed again after choosing: the text counts, and a stale choice is no error either."""
    amsterdam = Municipality.objects.get(name="Amsterdam").code
    response = client.post("/melden/", public_form_data(where="Den", where_choice=amsterdam))
    assert list(response.context["form"].errors) == ["where"]
    client.post("/melden/", public_form_data(where="Zaanstad", where_choice=amsterdam))
    assert Signal.objects.get().municipality.name == "Zaanstad"


def test_a_report_sent_again_from_a_page_in_another_state_gets_its_receipt_not_a_conflict(client):
    """The "not stored" page (an answer lost after the commit) shows the form unchecked: the same
    report came without the hidden "checked" of the corrected page before it, was refused as a
    different report, and its reporter never got the code and secret (found in review)."""
    data = public_form_data()
    corrected = client.post("/melden/", {**data, "checked": "1"})
    assert corrected.status_code == 302
    first = client.get("/melden/ontvangen/").content.decode()
    again = Client()  # the answer, and its session cookie, were lost
    html = again.post("/melden/", {**data, "when": data["when"] + " "}, follow=True).content.decode()
    signal = Signal.objects.get()
    assert signal.receipt_code in html and signal.receipt_code in first
    secret = re.search(r'id="receipt-secret" dir="ltr">([^<]+)<', html).group(1)
    assert secret in first


def test_a_report_sent_again_from_a_page_in_another_language_gets_its_receipt(client):
    """The page's language is stored with the report, but a retry after a switch is still the
    same report (found in review)."""
    data = public_form_data()
    client.cookies["django_language"] = "pl"
    assert client.post("/melden/", data).status_code == 302
    again = Client()
    again.cookies["django_language"] = "en"
    html = again.post("/melden/", data, follow=True).content.decode()
    signal = Signal.objects.get()
    assert signal.receipt_code in html and 'id="receipt-secret"' in html and signal.language == "pl"


def test_the_same_form_sent_again_with_other_answers_is_refused_and_can_then_be_sent(client):
    client.cookies["django_language"] = "en"
    first = public_form_data()
    client.post("/melden/", first)
    changed = {**first, "what": first["what"] + " Ook midden in de nacht."}
    response = client.post("/melden/", changed)
    html = response.content.decode()
    # Not "check and send it again", which invited a second report of the same situation.
    assert "Your first report already reached us. Send this form again only if you want to add something new." in html
    assert changed["what"] in html  # nothing typed is lost
    assert Signal.objects.count() == 1
    # The page carries a fresh key: sending it as it is now stores the changed report.
    fresh = response.context["form"].data["idempotency_key"]
    assert fresh != first["idempotency_key"]
    client.post("/melden/", {**changed, "idempotency_key": fresh})
    assert Signal.objects.count() == 2


@pytest.mark.parametrize("key", ["k" * 65, "a\x00b", "   "])
def test_a_tampered_idempotency_key_is_no_error_and_still_stores_once(client, key):
    """A key the hidden field refused gave an error the reporter could neither see nor fix, on every send."""
    refused = client.post("/melden/", public_form_data(idempotency_key=key, where="Atlantis"))
    assert list(refused.context["form"].errors) == ["where"]
    data = public_form_data(idempotency_key=key)
    assert client.post("/melden/", data).status_code == 302
    assert client.post("/melden/", data).status_code == 302
    assert Signal.objects.count() == 1  # sent twice, stored once


def test_a_postcode_finds_the_municipality(client):
    client.post("/melden/", public_form_data(where="1503"))
    assert Signal.objects.get().municipality.name == "Zaanstad"


def test_a_postcode_typed_in_arabic_digits_finds_the_municipality(client):
    client.cookies.load({"django_language": "ar"})
    response = client.post("/melden/", public_form_data(where="١٥٠٣"))
    assert response.status_code == 302
    assert Signal.objects.get().municipality.name == "Zaanstad"


def test_the_public_form_is_rate_limited_per_client_without_storing_the_address(client, settings):
    settings.INTAKE_PUBLIC_RATE_LIMIT = 3
    address = "203.0.113.77"
    for _ in range(3):
        assert client.post("/melden/", public_form_data(), REMOTE_ADDR=address).status_code == 302
    refused = client.post("/melden/", public_form_data(), REMOTE_ADDR=address)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Try again" in refused.content.decode() or "Probeer" in refused.content.decode()
    assert client.post("/melden/", public_form_data(), REMOTE_ADDR="198.51.100.5").status_code == 302
    assert Signal.objects.count() == 4
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                assert not any(address in str(value) for value in row), table


def test_a_language_switch_over_the_rate_limit_still_tells_the_wait(client, settings):
    settings.INTAKE_PUBLIC_RATE_LIMIT = 1
    client.post("/melden/", public_form_data(), REMOTE_ADDR="203.0.113.81")
    typed = public_form_data(what="Zij slapen met zes man op de zolder")
    assert client.post("/melden/", typed, REMOTE_ADDR="203.0.113.81").status_code == 429
    switched = client.post("/melden/", {**typed, "switch_language": "en"}, REMOTE_ADDR="203.0.113.81")
    html = switched.content.decode()
    assert '<html lang="en"' in html and "Try again in" in html
    assert "Zij slapen met zes man op de zolder" in html
    assert Signal.objects.count() == 1  # the switch stored nothing and counted no attempt
    elsewhere = client.post("/melden/", {**typed, "switch_language": "en"}, REMOTE_ADDR="198.51.100.6")
    assert "Try again in" not in elsewhere.content.decode()


def test_a_reporter_over_the_rate_limit_keeps_what_they_typed(client, settings):
    settings.INTAKE_PUBLIC_RATE_LIMIT = 1
    client.post("/melden/", public_form_data(), REMOTE_ADDR="203.0.113.78")
    typed = public_form_data(what="De buurvrouw werkt dag en nacht in de nagelstudio", **{"victim-age": "rond de 20"})
    refused = client.post("/melden/", typed, REMOTE_ADDR="203.0.113.78", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    html = refused.content.decode()
    assert "Try again in" in html and "What you typed is still here." in html
    # Waiting may not be safe: the phone lines that take a report now.
    assert 'href="tel:09008844"' in html and 'href="tel:08007000"' in html
    assert "De buurvrouw werkt dag en nacht in de nagelstudio" in html and 'value="rond de 20"' in html
    assert f'value="{typed["idempotency_key"]}"' in html  # sent later, it is stored once
    assert 'aria-invalid="true"' not in html
    assert Signal.objects.count() == 1


@pytest.mark.parametrize("language", ["nl", "en", "pl", "ro", "bg", "uk", "ar"])
def test_a_form_refused_by_the_csrf_check_comes_back_as_typed_and_stores_nothing(language):
    """The page was open while someone logged in or out in another tab, or cookies are off."""
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["django_language"] = language
    typed = public_form_data(what="De buurvrouw werkt dag en nacht in de nagelstudio", **{"victim-age": "rond de 20"})
    refused = browser.post("/melden/", {**typed, "csrfmiddlewaretoken": "stale" * 8})
    html = refused.content.decode()
    assert refused.status_code == 403 and not Signal.objects.exists()
    with translation.override(language):
        assert escape(translation.gettext("Your report has not been sent yet")) in html
    assert "De buurvrouw werkt dag en nacht in de nagelstudio" in html and 'value="rond de 20"' in html
    assert f'value="{typed["idempotency_key"]}"' in html and 'aria-invalid="true"' not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    sent = browser.post("/melden/", {**typed, "csrfmiddlewaretoken": token})
    assert sent.status_code == 302 and Signal.objects.count() == 1


def test_a_language_button_refused_by_the_csrf_check_switches_nothing_and_stores_nothing():
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post("/melden/", public_form_data(switch_language="pl"))
    assert refused.status_code == 403 and not Signal.objects.exists()
    assert "django_language" not in refused.cookies


def test_correcting_a_form_does_not_count_towards_the_rate_limit(client, settings):
    settings.INTAKE_PUBLIC_RATE_LIMIT = 1
    for _ in range(3):
        wrong = client.post("/melden/", public_form_data(where="Atlantis"), REMOTE_ADDR="203.0.113.79")
        assert wrong.status_code == 200 and wrong.context["form"].errors
    assert client.post("/melden/", public_form_data(), REMOTE_ADDR="203.0.113.79").status_code == 302
    assert client.post("/melden/", public_form_data(), REMOTE_ADDR="203.0.113.79").status_code == 429
    assert Signal.objects.count() == 1


@pytest.mark.parametrize("when", ["sinds de zomer", "elk weekend", "gisteren", "12-03-2026", "1 december 2026"])
def test_when_takes_words_and_dates_up_to_today(client, when):
    assert client.post("/melden/", public_form_data(when=when)).status_code == 302


def test_a_date_in_the_future_is_taken_for_a_typo_and_the_rest_is_kept(client):
    response = client.post("/melden/", public_form_data(when="12-03-2062"), HTTP_ACCEPT_LANGUAGE="pl")
    form = response.context["form"]
    assert form.errors["when"] == ["Ta data jest w przyszłości. Sprawdź dzień, miesiąc i rok."]
    assert form["where"].value() == public_form_data()["where"] and not Signal.objects.exists()


@pytest.mark.parametrize("field", ["contact_phone", "contact_email", "contact_name", "safe_way"])
def test_contact_details_typed_under_anonymous_are_not_dropped_but_asked_about(client, field):
    typed = {"contact_phone": "0612345678", "contact_email": "anna@example.org", "contact_name": "Anna",
             "safe_way": "alleen sms"}[field]  # fmt: skip
    response = client.post("/melden/", public_form_data(contact_choice="anonymous", **{field: typed}))
    assert response.status_code == 200 and not Signal.objects.exists()
    form = response.context["form"]
    assert form.errors.as_data()["contact_choice"][0].code == "contact_given_anonymously"
    assert form[field].value() == typed
    assert 'href="#id_contact_choice_0"' in response.content.decode()  # the summary leads to the choice


def test_a_refused_form_shows_no_template_source(client):
    html = client.post("/melden/", public_form_data(where="Atlantis")).content.decode()
    assert "samen-error-summary" in html and "{#" not in html and "{%" not in html


def test_contact_details_with_yes_are_stored(client):
    client.post("/melden/", public_form_data(contact_choice="contact", contact_phone="0612345678"))
    assert Signal.objects.get().reporter_contact.phone == "+31612345678"


def test_the_rate_limit_key_changes_every_day():
    import datetime

    from django.test import RequestFactory

    from samen.intake.ratelimit import client_key

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.77")
    today = client_key(request, today=datetime.date(2026, 1, 1))
    assert today != client_key(request, today=datetime.date(2026, 1, 2))
    assert "203.0.113.77" not in today


def test_the_page_never_fails_on_nonsense(client):
    response = client.post("/melden/", {"answers": ["nope"], "victim-age": "x" * 500, "where": "\x00"})
    assert response.status_code == 200


def test_behind_a_proxy_the_address_the_proxy_appended_is_limited(client, settings):
    settings.INTAKE_PUBLIC_RATE_LIMIT = 1
    settings.INTAKE_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert (
        client.post("/melden/", public_form_data(), HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", **proxy).status_code
        == 302
    )
    # A forged first entry does not give a fresh allowance.
    assert (
        client.post("/melden/", public_form_data(), HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9", **proxy).status_code
        == 429
    )
    assert client.post("/melden/", public_form_data(), HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy).status_code == 302


def test_switching_language_keeps_everything_typed_and_stores_nothing(client):
    data = public_form_data(what="Ik zie elke avond <b>jonge</b> vrouwen", where="Atlantis", switch_language="pl")
    response = client.post("/melden/", data)
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="pl"' in html
    assert response.cookies["django_language"].value == "pl"
    form, persons = response.context["form"], response.context["persons"]
    assert not form.is_bound and not form.errors  # nothing was sent yet, so nothing is refused
    assert form["what"].value() == "Ik zie elke avond <b>jonge</b> vrouwen"
    assert form["where"].value() == "Atlantis" and form["answers"].value() == ["fear", "movement"]
    assert form["idempotency_key"].value() == data["idempotency_key"]
    assert persons[0]["gender"].value() == "female"
    assert persons[1]["description"].value() == data["perpetrator-description"]
    assert "&lt;b&gt;jonge&lt;/b&gt;" in html and "Atlantis" in html
    assert not Signal.objects.exists()
    assert '<html lang="pl"' in client.get("/melden/").content.decode()  # the choice is remembered


def test_after_a_language_switch_the_form_is_sent_once_with_its_key(client):
    data = public_form_data()
    client.post("/melden/", {**data, "switch_language": "ar"})
    response = client.post("/melden/", data, follow=True)
    assert '<html lang="ar" dir="rtl"' in response.content.decode()
    client.post("/melden/", data)
    assert Signal.objects.count() == 1


def test_a_language_the_form_does_not_offer_is_an_ordinary_submission(client):
    client.post("/melden/", public_form_data(switch_language="xx"))
    assert Signal.objects.count() == 1


def test_the_language_buttons_send_the_report_form_itself(client):
    html = client.get("/melden/").content.decode()
    assert 'id="report-form"' in html
    assert html.count('name="switch_language" form="report-form" formaction="/melden/" formnovalidate') == 6
    status = client.get("/status/").content.decode()
    assert 'name="switch_language" form="status-form" formaction="/status/" formnovalidate' in status


def test_after_a_report_of_acute_danger_the_call_to_phone_112_is_an_alert_also_in_another_language(client):
    response = client.post("/melden/", {**public_form_data(), "acute_danger": "on"}, follow=True)
    html = response.content.decode()
    assert 'samen-danger" role="alert"' in html and "utrecht-alert--error samen-danger" in html
    # It repeats, in words, that the report is no emergency call.
    assert "U meldde dat iemand nu in gevaar is. Bel nu" in html and "komt niet bij de hulpdiensten" in html
    code = response.context["receipt"]["code"]
    secret = response.context["receipt"]["secret"]
    again = {"code": code, "secret": secret, "acute": "1", "switch_language": "pl"}
    switched = client.post("/melden/ontvangen/", again, follow=True)
    assert 'samen-danger" role="alert"' in switched.content.decode()
    assert "ktoś jest teraz w niebezpieczeństwie" in switched.content.decode()
    calm = client.post("/melden/", {**public_form_data(), "idempotency_key": "another"}, follow=True).content.decode()
    assert 'samen-danger" role="note"' in calm and 'data-testid="acute-call"' not in calm


def test_the_acute_danger_box_says_that_the_form_is_no_emergency_call(client):
    html = client.get("/melden/").content.decode()
    assert "Zo ja, bel dan eerst 112: dit formulier komt niet bij de hulpdiensten." in html


def test_switching_language_after_a_failed_send_shows_the_messages_again_in_the_new_language(client):
    data = {**public_form_data(), "where": "Atlantis"}
    failed = client.post("/melden/", data).content.decode()
    assert 'name="checked" value="1"' in failed
    switched = client.post("/melden/", {**data, "checked": "1", "switch_language": "pl"})
    html = switched.content.decode()
    assert '<html lang="pl"' in html and "Nie znamy gminy" in html and "Atlantis" in html
    assert not Signal.objects.exists()
    before_sending = client.post("/melden/", {**data, "switch_language": "pl"}).content.decode()
    assert "Nie znamy gminy" not in before_sending  # nothing was sent yet: no messages


@pytest.mark.parametrize("path", ["/melden/", "/status/"])
def test_a_head_request_answers_like_a_get_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""


def test_a_head_request_does_not_use_up_the_receipt_shown_once(client):
    client.post("/melden/", public_form_data())
    assert client.head("/melden/ontvangen/").status_code == 405
    assert 'id="receipt-secret"' in client.get("/melden/ontvangen/").content.decode()


@pytest.mark.parametrize("path", ["/melden/", "/status/", "/melden/ontvangen/", "/oud-adres/"])
@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_a_reporters_page_does_not_say_human_trafficking_in_its_title_header_or_footer(client, path, language):
    """Someone else may check the phone: the tab, its history and the page stay neutral."""
    client.cookies["django_language"] = language
    html = client.get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    with translation.override(language):
        words = [translation.gettext("against human trafficking"), translation.gettext("human trafficking")]
        words.append(
            translation.gettext("Samen is the shared route of the Dutch chain partners against human trafficking.")
        )
    for text in (title, header, footer):
        assert not any(word.lower() in text.lower() for word in [*words, "mensenhandel", "trafficking"])
    assert title.strip().endswith("· Samen")
    # The name in the header leads back to the form, not to the partners' home page, which names it.
    assert re.search(r'class="samen-brand utrecht-link" href="/melden/"', header)


def test_a_reporter_who_skips_who_they_are_is_stored_as_unknown_not_as_a_witness(client):
    """A victim reporting about themselves who skipped the question was shown to case workers as a witness."""
    data = public_form_data()
    data.pop("reporter_type", None)
    client.post("/melden/", data)
    assert Signal.objects.get().reporter_type == ""
    assert 'name="reporter_type" value=""' not in client.get("/melden/").content.decode()  # no "unknown" to tick


def test_after_it_is_about_me_a_returned_form_asks_the_reporter_about_themselves(client):
    """A victim who says the report is about them is asked "Do you …", not "Do they …"."""
    data = {**public_form_data(), "reporter_type": "self", "where": "Atlantis", "answers": ["documents"]}
    html = client.post("/melden/", data).content.decode()
    assert re.search(r'<form class="utrecht-form samen-about--self" id="report-form"', html)
    assert '<span class="samen-about-self">Houdt iemand anders uw paspoort of identiteitskaart vast?</span>' in html
    assert '<span class="samen-about-self">U zelf (mogelijk slachtoffer)</span>' in html
    assert re.search(r'name="answers" value="documents" id="[^"]+" checked', html)  # the tick is kept
    in_polish = client.post("/melden/", {**data, "checked": "1", "switch_language": "pl"}).content.decode()
    assert "samen-about--self" in in_polish and "Czy ktoś inny trzyma twój paszport" in in_polish
    # The story, its time and the victim's block ask about the reporter too.
    for about_self in (
        "Wat is er met u gebeurd?",
        "Wanneer is dit gebeurd? (niet verplicht)",
        "Uw leeftijd",
        "Uw nationaliteit of afkomst",
    ):
        assert f'<span class="samen-about-self">{about_self}</span>' in html
    # One list for both wordings: not "unknown", which said the reporter's own gender was unknown.
    assert '<option value="" selected>geen antwoord</option>' in html and ">onbekend<" not in html


def test_a_language_switch_before_the_first_send_keeps_the_questions_about_the_reporter(client):
    """Without JavaScript the server decides the wording: also when only the language was switched."""
    data = {**public_form_data(), "reporter_type": "self", "switch_language": "uk"}
    html = client.post("/melden/", data).content.decode()
    assert re.search(r'<form class="utrecht-form samen-about--self" id="report-form"', html)
    assert "Чи тримає хтось інший у себе ваш паспорт" in html


def test_who_reports_is_asked_before_the_story_so_the_questions_can_follow_it(client):
    html = client.get("/melden/").content.decode()
    assert html.index('name="acute_danger"') < html.index('name="reporter_type"') < html.index('name="what"')
    assert "Of overkomt het uzelf?" in html


def test_a_wrong_e_mail_address_is_told_what_one_looks_like_in_the_reporters_language(client):
    client.cookies["django_language"] = "pl"
    data = public_form_data(contact_choice="contact", contact_email="anna.example.org")
    [error] = client.post("/melden/", data).context["form"].errors["contact_email"]
    assert error == "Wpisz adres e-mail, na przykład imie@przyklad.pl."


@pytest.mark.parametrize("path", ["/melden/", "/status/"])
def test_a_reporters_page_has_no_menu_of_partner_pages_to_lead_them_away(client, path):
    html = client.get(path).content.decode()
    assert 'class="samen-nav"' not in html and "/partners/" not in html
    assert 'class="samen-nav"' in client.get("/").content.decode()


def test_the_reporter_reads_that_staying_anonymous_means_nobody_can_contact_them(client):
    html = client.get("/melden/").content.decode()
    assert "Als u anoniem blijft, kan niemand contact met u opnemen." in html


def test_the_receipt_says_to_write_the_code_down_when_someone_else_checks_the_phone(client):
    html = client.post("/melden/", public_form_data(), follow=True).content.decode()
    assert "Kijkt iemand anders in uw telefoon? Schrijf ze dan liever op" in html


def test_the_receipt_says_what_happens_now_and_where_to_check_the_status(client):
    html = client.post("/melden/", public_form_data(), follow=True).content.decode()
    assert "Wat gebeurt er nu?" in html
    assert "Niemand kan contact met u opnemen, want uw melding is anoniem." in html
    assert 'De statuspagina vindt u op <strong dir="ltr">http://testserver/status/</strong>.' in html
    # Switched to another language, the page still knows the report is anonymous.
    switched = client.post("/melden/ontvangen/", {**_receipt_fields(html), "switch_language": "uk"}, follow=True)
    switched = switched.content.decode()
    assert "Ніхто не може з вами зв’язатися, бо повідомлення анонімне." in switched


def test_the_receipt_of_a_reporter_who_may_be_contacted_says_they_may_be(client):
    data = public_form_data(contact_choice="contact", contact_phone="0612345678")
    html = client.post("/melden/", data, follow=True).content.decode()
    assert "Zij kan contact met u opnemen via de gegevens die u gaf." in html
    assert "Niemand kan contact" not in html and "veiligst" not in html
    data = public_form_data(contact_choice="contact", contact_phone="0612345678", safe_way="Alleen sms")
    html = client.post("/melden/", data, follow=True).content.decode()
    assert "Zij kan contact met u opnemen, op de manier die u het veiligst noemde." in html


def _receipt_fields(html: str) -> dict[str, str]:
    form = html[html.index('id="receipt-form"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


@pytest.mark.parametrize("reporter_type", ["witness", ""])
def test_a_report_about_someone_else_asks_about_them(client, reporter_type):
    data = {**public_form_data(), "reporter_type": reporter_type, "where": "Atlantis"}
    html = client.post("/melden/", data).content.decode()
    assert "samen-about--self" not in html
    assert '<span class="samen-about-other">Houdt iemand anders hun paspoort of identiteitskaart vast?</span>' in html


def test_a_question_answered_about_oneself_selects_the_same_indicators(client):
    client.post("/melden/", {**public_form_data(), "reporter_type": "self", "answers": ["documents", "minor"]})
    signal = Signal.objects.get()
    assert signal.reporter_type == "self"
    assert set(signal.answers.values_list("question_key", flat=True)) == {"documents", "minor"}
    assert {"ILO-CD01", "NL-VRIJ-04"} <= set(signal.indicators.values_list("indicator_id", flat=True))


def test_the_summary_of_problems_names_the_fields_as_the_reporter_reads_them(client):
    data = {**public_form_data(), "reporter_type": "self", "what": "", "victim-age": "x" * 41}
    html = client.post("/melden/", data).content.decode()
    summary = re.search(r'samen-error-summary".*?</ul>', html, re.S).group(0)
    assert '<span class="samen-about-self">Wat is er met u gebeurd? ' in summary
    assert '<span class="samen-about-self">U zelf (mogelijk slachtoffer): Uw leeftijd: ' in summary
    assert '<span class="samen-about-other">Mogelijk slachtoffer: Leeftijd ongeveer: ' in summary


def test_the_phone_field_asks_for_the_country_code_of_a_number_from_abroad(client):
    """Without one, "0712 345 678" from Romania is read as a Dutch number and would reach a stranger."""
    assert "Een nummer uit het buitenland? Begin dan met de landcode" in client.get("/melden/").content.decode()
    client.cookies["django_language"] = "ro"
    assert (
        "Începeți cu prefixul țării, de exemplu +40\u00a0712\u00a0345\u00a0678."
        in client.get("/melden/").content.decode()
    )
    client.cookies["django_language"] = "en"
    assert (
        "Start with its country code, for example +44\u00a07400\u00a0123456." in client.get("/melden/").content.decode()
    )


def _contact(phone: str) -> dict[str, str]:
    return public_form_data(contact_choice="contact", contact_phone=phone)


def test_a_number_that_is_dutch_and_of_the_pages_country_too_is_asked_about_with_both_readings(client):
    """A Romanian's "0722 123 456" is also a landline in Alkmaar: a text sent there reaches a stranger."""
    client.cookies["django_language"] = "ro"
    [error] = client.post("/melden/", _contact("0722 123 456")).context["form"].errors["contact_phone"]
    assert error == (
        "Este un număr olandez sau un număr din România? Scrieți-l cu prefixul țării: "
        "\u2066+31\u00a072\u00a0212\u00a03456\u2069 sau \u2066+40\u00a0722\u00a0123\u00a0456\u2069."
    )
    assert not Signal.objects.exists()
    client.post("/melden/", _contact("+40 722 123 456"))
    assert Signal.objects.get().reporter_contact.phone == "+40722123456"


def test_a_number_of_the_pages_country_that_is_not_dutch_is_told_its_country_code(client):
    client.cookies["django_language"] = "en"
    [error] = client.post("/melden/", _contact("07400 123456")).context["form"].errors["contact_phone"]
    assert error == (
        "This is not a Dutch phone number. Is it a number from the United Kingdom? "
        "Then write it with its country code: \u2066+44\u00a07400\u00a0123456\u2069."
    )


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_number_without_the_dutch_0_is_asked_about_whatever_the_pages_language(client, language):
    """A Pole whose phone is set to English typed "512 345 678": read as Dutch, a landline in Friesland."""
    client.cookies["django_language"] = language
    [error] = client.post("/melden/", _contact("512 345 678")).context["form"].errors["contact_phone"]
    assert "\u2066+48\u00a0512\u00a0345\u00a0678\u2069" in error
    assert ("Poland" if language == "en" else "Polen") in error
    assert not Signal.objects.exists()


@pytest.mark.parametrize(("language", "phone"), [("uk", "tel. 0612345678"), ("ar", "GSM 0612345678")])
def test_words_in_the_phone_field_are_named_without_reading_the_number_as_foreign(client, language, phone):
    client.cookies["django_language"] = language
    [error] = client.post("/melden/", _contact(phone)).context["form"].errors["contact_phone"]
    with translation.override(language):
        assert error == translation.gettext(
            "Write only the phone number here: digits, spaces and a + before the country code."
        )


@pytest.mark.parametrize(
    ("language", "phone"),
    [
        ("uk", "06 1234 5678"),
        ("ro", "0031722123456"),
        ("en", "(+31) 6 12345678"),  # the country code, though not first
        ("en", "Tel: +31 6 12345678"),
    ],
)
def test_a_number_read_one_way_only_is_taken_as_dutch(client, language, phone):
    """A Dutch mobile number is a landline in Zaporizhzhia, which is no reason to ask; with its
    country code a number is what it says."""
    client.cookies["django_language"] = language
    client.post("/melden/", _contact(phone))
    assert Signal.objects.get().reporter_contact.phone.startswith("+31")


def _isolated(number: str) -> str:
    return "\u2066" + number.replace(" ", "\u00a0") + "\u2069"


@pytest.mark.parametrize("language", ["en", "pl"])
@pytest.mark.parametrize(
    ("phone", "dutch", "home", "country"),
    [
        ("0722 123 456", "+31 72 212 3456", "+40 722 123 456", "Romania"),  # a landline in Alkmaar
        ("0888 123 456", "+31 88 812 3456", "+359 88 812 3456", "Bulgaria"),  # a Dutch company number
    ],
)
def test_a_home_countrys_mobile_number_that_is_dutch_too_is_asked_about_whatever_the_pages_language(
    client, language, phone, dutch, home, country
):
    """On the English page a Romanian's "0722 123 456" was stored as a landline in Alkmaar, without
    a question: the reporter could not be reached and a stranger might be called (found by
    exploratory testing). Only on the Romanian page was it asked about."""
    client.cookies["django_language"] = language
    [error] = client.post("/melden/", _contact(phone)).context["form"].errors["contact_phone"]
    with translation.override(language):
        message = translation.gettext(
            "Is this a Dutch number or a number from %(country)s? Write it with its country code: "
            "%(dutch)s or %(home)s."
        )
        country = translation.pgettext("a number from", country)
    assert error == message % {"country": country, "dutch": _isolated(dutch), "home": _isolated(home)}
    assert not Signal.objects.exists()
    client.post("/melden/", _contact(home))
    assert Signal.objects.get().reporter_contact.phone == home.replace(" ", "")


@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_home_countrys_mobile_number_that_is_not_dutch_is_told_its_country_code_whatever_the_pages_language(
    client, language
):
    """A Ukrainian's "067 123 4567" was told on the English and Polish pages that it does not exist."""
    client.cookies["django_language"] = language
    [error] = client.post("/melden/", _contact("067 123 4567")).context["form"].errors["contact_phone"]
    with translation.override(language):
        message = translation.gettext(
            "This is not a Dutch phone number. Is it a number from %(country)s? Then write it with its "
            "country code: %(home)s."
        )
        country = translation.pgettext("a number from", "Ukraine")
    assert error == message % {"country": country, "home": _isolated("+380 67 123 4567")}


def test_the_question_about_a_number_stays_when_the_page_switches_to_another_language(client):
    """Asked about on the Romanian page, "0722 123 456" was taken as Dutch after a switch to Bulgarian."""
    client.cookies["django_language"] = "ro"
    data = {**_contact("0722 123 456"), "checked": "1"}
    assert client.post("/melden/", data).context["form"].errors["contact_phone"]
    switched = client.post("/melden/", {**data, "switch_language": "bg"}).content.decode()
    assert '<html lang="bg"' in switched
    assert "Това нидерландски номер ли е, или номер от Румъния?" in switched
    assert client.post("/melden/", data).context["form"].errors["contact_phone"]
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("language", "phone", "e164"),
    [
        *(("nl", phone, e164) for phone, e164 in [("06 1234 5678", "+31612345678"), ("020 123 4567", "+31201234567")]),
        *(("en", phone, e164) for phone, e164 in [("06 1234 5678", "+31612345678"), ("020 123 4567", "+31201234567")]),
        # On the Dutch page a Dutch landline is Dutch, though it is a foreign mobile number too: The
        # Hague's 070 and Groningen's 050 were asked about as Ukrainian ones (found in review).
        ("nl", "070 123 4567", "+31701234567"),
        ("nl", "050 123 4567", "+31501234567"),
        ("nl", "0722 123 456", "+31722123456"),
    ],
)
def test_a_dutch_number_of_no_other_country_is_taken_without_a_question(client, language, phone, e164):
    client.cookies["django_language"] = language
    client.post("/melden/", _contact(phone))
    assert Signal.objects.get().reporter_contact.phone == e164


@pytest.mark.parametrize(
    "again",
    [
        {"switch_language": "pl"},  # the page after a language switch, reloaded
        {"what": ""},  # the page after a refused send, reloaded
    ],
)
def test_a_stored_reports_draft_sent_again_by_the_browser_comes_back_empty(client, again):
    """Back and reload after the receipt resent an earlier page's form, and its text came back."""
    data = public_form_data(what="Mijn buurvrouw wordt opgesloten in de nagelstudio.")
    client.post("/melden/", data)
    response = client.post("/melden/", {**data, **again})
    html = response.content.decode()
    assert "Mijn buurvrouw" not in html and "nagelstudio" not in html
    assert response.context["sent_before"] and not response.context["form"].is_bound
    assert Signal.objects.count() == 1


def test_a_stored_report_sent_again_over_the_rate_limit_gets_its_receipt_not_its_text(client, settings):
    settings.INTAKE_PUBLIC_RATE_LIMIT = 1
    data = public_form_data(what="Mijn buurvrouw wordt opgesloten in de nagelstudio.")
    client.post("/melden/", data, REMOTE_ADDR="203.0.113.80")
    again = client.post("/melden/", data, REMOTE_ADDR="203.0.113.80")
    assert again.status_code == 302 and again["Location"] == "/melden/ontvangen/"
    assert "nagelstudio" not in client.get("/melden/ontvangen/").content.decode()
    assert Signal.objects.count() == 1
    assert client.post("/melden/", public_form_data(), REMOTE_ADDR="203.0.113.80").status_code == 429


def test_a_draft_not_yet_sent_still_comes_back_as_typed_after_a_language_switch(client):
    data = public_form_data(what="Mijn buurvrouw wordt opgesloten in de nagelstudio.", switch_language="pl")
    response = client.post("/melden/", data)
    assert "Mijn buurvrouw wordt opgesloten in de nagelstudio." in response.content.decode()
    assert not response.context.get("sent_before")


@pytest.mark.parametrize(
    ("age", "refused"),
    [
        ("-5", True),
        ("200", True),
        ("١٥٠", True),
        ("200 lat", True),
        ("około 200", True),
        ("ok. 150", True),
        ("٢٠٠ سنة", True),
        ("45", False),
        ("rond de 20", False),
        ("geboren 1990", False),
        ("tussen 150 en 200 cm lang", False),  # two numbers: words, not an age to check
    ],
)
def test_an_age_no_one_can_be_is_refused_at_the_field(client, age, refused):
    response = client.post("/melden/", public_form_data(**{"victim-age": age}))
    errors = response.context["persons"][0].errors if response.status_code == 200 else {}
    assert ("age" in errors) is refused and Signal.objects.exists() is not refused


@pytest.mark.parametrize(("age", "stored"), [("٢٥", "25"), ("حوالي ٢٠", "حوالي 20"), ("２０-２５", "20-25")])
def test_an_age_typed_in_other_digits_is_stored_with_the_digits_the_case_workers_read(client, age, stored):
    """A reporter on the Arabic page types ٢٥; the Dutch case worker reads 25 (found by exploratory testing)."""
    client.cookies["django_language"] = "ar"
    assert client.post("/melden/", public_form_data(**{"victim-age": age})).status_code == 302
    assert Signal.objects.get().persons.get(role="victim").age == stored


@pytest.mark.parametrize("language", ["nl", "en", "pl", "ro", "bg", "uk", "ar"])
@pytest.mark.parametrize("reporter_type", ["witness", "self"])
def test_a_report_left_empty_is_told_in_plain_words_to_write_what_happened(client, language, reporter_type):
    """Not Django's "This field is required.", which says nothing about what to do; in words that fit
    a witness and the reporter who writes about themselves alike."""
    client.cookies["django_language"] = language
    html = client.post("/melden/", public_form_data(what="", reporter_type=reporter_type)).content.decode()
    with translation.override(language):
        told = translation.gettext("Write in a few words what happened.")
        generic = translation.gettext("This field is required.")
    assert language == "en" or told != "Write in a few words what happened."
    summary = re.search(r'samen-error-summary".*?</ul>', html, re.S).group(0)
    assert escape(told) in summary and f'id="id_what-error">{escape(told)}</div>' in html
    assert escape(generic) not in html


def test_a_report_sent_from_the_dutch_page_records_that_the_reporter_used_dutch(client):
    client.post("/melden/", public_form_data())
    assert Signal.objects.get().language == "nl"


def test_a_report_sent_from_the_bulgarian_page_records_bulgarian_so_the_reply_can_be_in_it(client):
    client.cookies["django_language"] = "bg"
    client.post("/melden/", public_form_data())
    assert Signal.objects.get().language == "bg"


def test_the_language_recorded_is_the_one_the_form_was_sent_in_after_a_switch(client):
    data = public_form_data()
    client.post("/melden/", {**data, "switch_language": "uk"})
    client.post("/melden/", data)
    assert Signal.objects.get().language == "uk"


@pytest.mark.parametrize("table", ["audit_audithead", "intake_intakeoutbox"])
@pytest.mark.parametrize("language", ["nl", "pl", "ar"])
def test_a_report_that_cannot_be_stored_now_comes_back_as_typed_with_the_same_key(client, table, language):
    """With the audit log or the database away, the 503 and 500 pages lost every word of the
    account (found in review). The form comes back as typed, in the page's language, with the key:
    sent again once the database is back, it is stored once."""
    data = public_form_data(what="Mijn buurvrouw werkt elke nacht in de nagelstudio en mag niet weg.")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO away")
    response = client.post("/melden/", data, HTTP_ACCEPT_LANGUAGE=language)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE away RENAME TO {table}")
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert f'<html lang="{language}"' in html and "Mijn buurvrouw werkt elke nacht" in html
    assert f'value="{data["idempotency_key"]}"' in html
    told = "Something went wrong on our side while saving it. Send it again in a minute."
    with translation.override(language):
        assert escape(translation.gettext("Your report has not been sent yet")) in html
        assert translation.gettext(told) != told and escape(translation.gettext(told)) in html
    assert not Signal.objects.exists()
    assert client.post("/melden/", data).status_code == 302
    assert client.post("/melden/", data).status_code == 302 and Signal.objects.count() == 1


def test_the_receipt_waiting_in_the_session_for_its_page_holds_no_readable_secret(client):
    """The session is kept in the database: its rows and backups held the status secret (found in review)."""
    from django.contrib.sessions.models import Session

    response = client.post("/melden/", public_form_data())
    stored = " ".join(str(session.get_decoded()) for session in Session.objects.all())
    signal = Signal.objects.get()
    assert "intake_receipt" in stored and signal.receipt_code not in stored and "secret" not in stored
    html = client.get(response.url).content.decode()
    assert signal.receipt_code in html and 'id="receipt-secret"' in html


def test_sends_the_database_could_not_take_do_not_count_towards_the_rate_limit(client, settings):
    """A reporter who sends again during an outage ran into the limit of ten an hour (found in review)."""
    settings.INTAKE_PUBLIC_RATE_LIMIT = 1
    data = public_form_data()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_audithead RENAME TO away")
    assert [client.post("/melden/", data).status_code for _ in range(3)] == [503, 503, 503]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE away RENAME TO audit_audithead")
    assert client.post("/melden/", data).status_code == 302 and Signal.objects.count() == 1
