"""Text limits told in words: no `maxlength` to cut a text short, a count under a textarea, and a
message that says how much too long a text is, in the page's language."""

from __future__ import annotations

import html
import json
import re

import pytest
from django import forms
from django.utils import translation

from samen.web.fields import TypedTextField
from samen.web.templatetags.samen import field
from samen.web.text_limits import TextLimitsTold, grouped


class _Told(TextLimitsTold, forms.Form):
    story = TypedTextField(max_length=10, widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(max_length=5, required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)  # no limit, so no count


class _Untold(forms.Form):
    story = TypedTextField(max_length=10)
    code = forms.CharField(max_length=5)


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("nl", "14.400"),
        ("en", "14,400"),
        ("pl", "14\xa0400"),
        ("uk", "14\xa0400"),
        ("ro", "14.400"),
        ("bg", "14\xa0400"),  # samen.formats.bg: Django's own formats do not group Bulgarian
        ("ar", "14400"),
    ],
)
def test_a_number_is_grouped_as_the_language_writes_it(language, written):
    with translation.override(language):
        assert grouped(14_400) == written
        assert grouped(300) == "300"


def test_a_text_too_long_is_refused_with_how_much_too_long_it_is():
    with translation.override("nl"):
        form = _Told({"story": "a" * 14, "place": "abcdef"})
        assert not form.is_valid()
        assert form.errors["story"] == [
            "Deze tekst is 4 tekens te lang. Maak hem korter. U kunt maximaal 10 tekens schrijven."
        ]
        assert form.errors["place"] == [
            "Deze tekst is 1 teken te lang. Maak hem korter. U kunt maximaal 5 tekens schrijven."
        ]
        assert form.has_error("story", code="max_length")


def test_a_line_break_counts_once_in_the_message_as_in_the_count():
    with translation.override("en"):
        form = _Told({"story": "abcd\r\nefgh\r\nijk"})  # 13 characters in the textarea, 15 as sent
        assert form.errors["story"] == [
            "This text is 3 characters too long. Make it shorter. You can write at most 10 characters."
        ]


def test_the_message_is_in_the_language_the_page_is_shown_in():
    """A reporter who switches language after a refused send reads it in the new one (`form_pages.switched`)."""
    with translation.override("nl"):
        form = _Told({"story": "a" * 11_000})
        form.is_valid()
    with translation.override("en"):
        assert str(form.errors["story"][0]).startswith("This text is 10,990 characters too long.")


def test_other_messages_are_left_as_they_are():
    with translation.override("en"):
        form = _Told({"story": ""})
        assert form.errors["story"] == ["This field is required."]
        form.add_error("place", "Somewhere else, please.")
        assert form.errors["place"] == ["Somewhere else, please."]


def test_a_form_that_tells_its_limits_renders_no_maxlength_and_a_count_under_a_limited_textarea():
    with translation.override("nl"):
        form = _Told()
        story, place, notes = field(form["story"]), field(form["place"]), field(form["notes"])
    assert "maxlength" not in story["widget_html"] and "maxlength" not in place["widget_html"]
    assert form.fields["story"].widget.attrs["maxlength"] == "10"  # the field's own widget is left as it is
    assert story["count_hint"] == "U kunt maximaal 10 tekens schrijven."
    assert 'aria-describedby="id_story-count"' in story["widget_html"]
    config = json.loads(html.unescape(re.search(r'data-character-count="([^"]*)"', story["widget_html"]).group(1)))
    assert config["limit"] == 10 and config["separator"] == "."
    assert config["left"] == {"one": "Nog %(count)s teken over", "other": "Nog %(count)s tekens over"}
    assert config["too_many"] == {"one": "U heeft %(count)s teken te veel", "other": "U heeft %(count)s tekens te veel"}
    assert not place["count_hint"] and not notes["count_hint"]  # a text box, and a textarea without a limit
    assert "data-character-count" not in place["widget_html"] + notes["widget_html"]


def test_the_hint_is_rendered_under_the_textarea():
    from django.template.loader import render_to_string

    with translation.override("en"):
        page = render_to_string("web/_field.html", field(_Told()["story"]))
    assert page.index("<textarea") < page.index('id="id_story-count"')
    assert "You can write at most 10 characters." in page


def test_a_form_that_does_not_tell_its_limits_keeps_the_browsers_maxlength():
    form = _Untold()
    assert 'maxlength="10"' in field(form["story"])["widget_html"]
    assert 'maxlength="5"' in field(form["code"])["widget_html"]
    assert not field(form["story"])["count_hint"]
