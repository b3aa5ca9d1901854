"""A pasted text longer than its field's limit in real Chromium: kept whole, counted, refused with a message."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from samen.intake.tests.factories import long_story
from samen.testing.axe import assert_accessible
from samen.testing.browser import click_and_wait
from samen.web.text_limits import PLURAL_SAMPLES

pytestmark = pytest.mark.browser

# What the reporter sees for a 14,400-character account: the count under the box, and after
# sending the message at the box.
SHOWN = {
    "nl": ("Nog 10.000 tekens over", "U heeft 4.400 tekens te veel", "Deze tekst is 4.400 tekens te lang."),
    "ar": ("يتبقى لك 10000 حرف", "لديك 4400 حرف زائد", "هذا النص أطول من المسموح بـ 4400 حرف."),
}
NONE_LEFT = {"nl": "Nog 0 tekens over", "ar": "لم يتبقَّ لك أي حرف"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nl", "ar"])
def test_a_pasted_account_too_long_is_kept_whole_counted_and_refused_with_a_message(
    live_server, page, reference_data, language
):
    from samen.intake.models import Signal

    empty, too_many, refused = SHOWN[language]
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/melden/")
    what = page.locator("#id_what")
    count = page.locator("#id_what-count ~ .samen-count")
    expect(count).to_have_text(empty)
    hint = page.locator("#id_what-count")  # without script the hint says the limit; with it, only to a screen reader
    expect(hint).to_have_class("utrecht-form-field-description samen-count samen-visually-hidden")
    what.focus()
    page.keyboard.insert_text(long_story(14_400))  # as a paste: one input event, which a maxlength would cut
    assert what.evaluate("box => box.value.length") == 14_400
    expect(count).to_have_text(too_many)
    expect(count).to_have_class("utrecht-form-field-description samen-count samen-count--over")
    assert "utrecht-textarea--invalid" in what.get_attribute("class")
    # A screen reader hears it once the typing pauses.
    expect(page.locator("#id_what-count ~ [aria-live=polite]")).to_have_text(too_many)
    assert_accessible(page)

    page.locator("#id_where").fill("Zaanstad")
    click_and_wait(page.locator("#report-form button[type=submit]:not([name])").last)
    assert not Signal.objects.exists()
    expect(page.locator(".samen-error-summary")).to_contain_text(refused)
    expect(page.locator("#id_what-error")).to_contain_text(refused)
    assert what.evaluate("box => box.value") == long_story(14_400)  # every character still there
    expect(count).to_have_text(too_many)
    assert_accessible(page)

    # Shortened to the limit, it is sent and stored whole.
    what.evaluate("(box, text) => { box.value = text; }", long_story(10_000))
    what.dispatch_event("input")
    expect(count).to_have_text(NONE_LEFT[language])
    expect(count).not_to_have_class("utrecht-form-field-description samen-count samen-count--over")
    click_and_wait(page.locator("#report-form button[type=submit]:not([name])").last)
    assert len(Signal.objects.get().what) == 10_000


@pytest.mark.parametrize("language", ["nl", "en", "pl", "ro", "bg", "uk", "ar"])
def test_the_count_takes_the_words_gettext_gives_for_each_number(page, language):
    """The count picks its words by the browser's plural rules (`Intl.PluralRules`) among the ones
    the server gave for a number of each rule (`PLURAL_SAMPLES`): those must be gettext's words."""
    numbers = [*range(0, 300), 1_001, 1_011, 1_021, 4_400, 10_000, 10_002, 10_003, 10_011, 10_101, 12_345]
    rules = page.evaluate(
        "([language, numbers]) => numbers.map((n) => new Intl.PluralRules(language).select(n))", [language, numbers]
    )
    with translation.override(language):
        for n, rule in zip(numbers, rules, strict=True):
            for singular, plural in [
                ("You have %(count)s character left", "You have %(count)s characters left"),
                ("You have %(count)s character too many", "You have %(count)s characters too many"),
            ]:
                assert translation.ngettext(singular, plural, n) == translation.ngettext(
                    singular, plural, PLURAL_SAMPLES[rule]
                ), f"{language} {n} ({rule})"
