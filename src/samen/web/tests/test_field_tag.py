"""The `field` template tag: NL Design System markup, aria wiring and the direction of typed text."""

from __future__ import annotations

from django import forms
from django.utils import translation

from samen.web.templatetags.samen import field, form_problems


class _Form(forms.Form):
    story = forms.CharField(widget=forms.Textarea, help_text="In your own words.")
    town = forms.CharField()
    email = forms.EmailField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


def test_typed_text_takes_the_direction_of_what_is_typed():
    form = _Form()
    assert 'dir="auto"' in field(form["story"])["widget_html"]
    assert 'dir="auto"' in field(form["town"])["widget_html"]
    assert 'dir="ltr"' in field(form["email"])["widget_html"]  # an address is always left to right
    assert "dir=" not in field(form["kind"])["widget_html"]


def test_a_required_field_with_an_error_is_described_by_its_help_and_its_error():
    form = _Form(data={"town": ""})
    html = field(form["story"])["widget_html"]
    assert 'aria-required="true"' in html and " required" not in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_story-help id_story-error"' in html


class _Question(forms.Form):
    what = forms.CharField(label="ماذا لاحظت؟")
    town = forms.CharField(label="Town")


def test_the_error_summary_puts_no_colon_after_a_question_mark_in_any_script():
    with translation.override("en"):
        texts = [problem["text"] for problem in form_problems(_Question(data={}))]
    assert texts == ["ماذا لاحظت؟ This field is required.", "Town: This field is required."]
