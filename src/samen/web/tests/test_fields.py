"""Shared form fields."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import translation

from samen.web.fields import DateInput, TypedCharField, TypedTextField


class _Form(forms.Form):
    story = TypedTextField(max_length=10)


def test_a_line_break_counts_as_one_character_as_in_the_browser():
    form = _Form({"story": "abcd\r\nefg\rh"})  # 10 characters in a textarea, 11 as sent
    assert form.is_valid(), form.errors
    assert form.cleaned_data["story"] == "abcd\nefg\nh"


def test_the_limit_still_holds_for_the_text_as_typed():
    assert not _Form({"story": "abcd\r\nefgh\r\nijk"}).is_valid()
    assert 'maxlength="10"' in str(_Form()["story"])


def test_a_text_of_only_invisible_characters_is_no_text_and_a_required_field_says_so():
    form = _Form({"story": "\u200b\u200f\ufeff \u200b"})
    assert not form.is_valid() and "story" in form.errors
    marked = _Form({"story": "\u200fمرحبا"})  # a direction mark before a word: the word is kept as sent
    assert marked.is_valid() and marked.cleaned_data["story"] == "\u200fمرحبا"


def test_control_characters_are_left_out_and_tabs_and_line_breaks_kept():
    form = _Form({"story": "\x1b[1mja\x07\tx\r\ny"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["story"] == "ja\tx\ny"


def test_the_date_picker_is_given_its_value_as_the_browser_reads_it_in_every_language():
    class Dated(forms.Form):
        until = forms.DateField(widget=DateInput())

    for language in ("nl", "en"):
        with translation.override(language):
            assert 'value="2027-12-31"' in str(Dated(initial={"until": datetime.date(2027, 12, 31)})["until"])
    typed = Dated({"until": "2027-12-31"})
    assert typed.is_valid() and typed.cleaned_data["until"] == datetime.date(2027, 12, 31)


def test_a_line_of_text_leaves_out_control_characters_and_is_nothing_when_invisible():
    class Named(forms.Form):
        name = TypedCharField(required=False)

    for typed, kept in (("\x1b[1mAnna\x07", "Anna"), ("\x1b[38;5;196mAnna\x1b[0m", "Anna"), ("\u200b\u200c", "")):
        form = Named({"name": typed})
        assert form.is_valid() and form.cleaned_data["name"] == kept
