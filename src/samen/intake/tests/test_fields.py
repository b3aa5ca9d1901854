"""Tests for the intake form fields."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from samen.intake.fields import (
    BirthDateField,
    BSNField,
    DutchDateField,
    PhoneNumberField,
    PostcodeField,
    reporters_language,
)


class PersonForm(forms.Form):
    date_of_birth = BirthDateField()
    appointment = DutchDateField(required=False)
    bsn = BSNField(required=False)
    phone = PhoneNumberField(required=False)
    postcode = PostcodeField(required=False)


def test_a_form_with_dutch_notations_cleans_to_normalised_values() -> None:
    form = PersonForm(
        data={
            "date_of_birth": "1 juli 1990",
            "appointment": "14-07-2025",
            "bsn": "1112.22.333",
            "phone": "06-12345678",
            "postcode": "2671ab",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "date_of_birth": datetime.date(1990, 7, 1),
        "appointment": datetime.date(2025, 7, 14),
        "bsn": "111222333",
        "phone": "+31612345678",
        "postcode": "2671 AB",
    }


def test_optional_fields_left_empty_stay_empty() -> None:
    form = PersonForm(data={"date_of_birth": "01-07-1990"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["appointment"] is None
    assert form.cleaned_data["bsn"] == ""
    assert form.cleaned_data["phone"] == ""


def test_a_birth_date_in_the_future_is_a_form_error_on_that_field() -> None:
    form = PersonForm(data={"date_of_birth": "1 januari 9999"})
    assert not form.is_valid()
    assert form.has_error("date_of_birth", code="future")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("date_of_birth", "1-7-90", "two_digit_year"),
        ("bsn", "111222334", "invalid_checksum"),
        ("phone", "+999 123 456 789", "invalid_country_code"),
        ("postcode", "0123 AB", "invalid"),
    ],
)
def test_invalid_input_is_reported_on_its_own_field_with_its_own_code(field: str, value: str, code: str) -> None:
    form = PersonForm(data={"date_of_birth": "01-07-1990", field: value})
    assert not form.is_valid()
    assert form.has_error(field, code=code)


def test_a_date_field_accepts_date_and_datetime_objects() -> None:
    field = DutchDateField()
    assert field.clean(datetime.date(1990, 7, 1)) == datetime.date(1990, 7, 1)
    assert field.clean(datetime.datetime(1990, 7, 1, 12, 0)) == datetime.date(1990, 7, 1)


def test_a_phone_field_can_read_numbers_from_another_region() -> None:
    assert PhoneNumberField(default_region="PL").clean("512 345 678") == "+48512345678"
    with pytest.raises(ValidationError):
        PhoneNumberField().clean("512 345 678 9")


def _asked(value: str) -> str | None:
    """The code of the question about `value`'s country, None when it is taken."""
    try:
        PhoneNumberField(ask_home_country=True).clean(value)
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize("language", ["en", "pl"])
@pytest.mark.parametrize(
    ("phone", "code"),
    [
        ("0722 123 456", "country_code_ambiguous"),  # Romanian mobile, landline in Alkmaar
        ("0888 123 456", "country_code_ambiguous"),  # Bulgarian mobile, Dutch company number
        ("067 123 4567", "country_code_missing"),  # Ukrainian mobile, no Dutch number
    ],
)
def test_a_home_countrys_mobile_number_with_its_0_is_asked_about_in_any_language(
    language: str, phone: str, code: str
) -> None:
    with translation.override(language):
        assert _asked(phone) == code


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("phone", ["06 1234 5678", "020 123 4567"])
def test_a_dutch_mobile_number_and_a_landline_of_no_other_country_are_taken(language: str, phone: str) -> None:
    with translation.override(language):
        assert _asked(phone) is None


@pytest.mark.parametrize("phone", ["070 123 4567", "050 123 4567", "0722 123 456", "088 812 3456"])
def test_on_the_dutch_page_and_without_a_language_a_dutch_landline_is_taken(phone: str) -> None:
    """The Hague's 070, Groningen's 050 and company 088 numbers were asked about as foreign mobile
    numbers, on the Dutch page and in the API (found in review)."""
    with translation.override("nl"):
        assert _asked(phone) is None
    with translation.override("en"), reporters_language(""):
        assert _asked(phone) is None


def test_a_dutch_mobile_number_is_asked_about_only_for_the_reporters_own_countries() -> None:
    """A Dutch mobile number is a Moroccan one too: asked about for an Arabic reader only."""
    with translation.override("en"), reporters_language("ar"):
        assert _asked("06 1234 5678") == "country_code_ambiguous"
    with translation.override("ar"), reporters_language("en"):
        assert _asked("06 1234 5678") is None


def test_a_date_field_refuses_a_page_of_text_for_its_length_and_tells_the_browser_its_limit() -> None:
    form = PersonForm(data={"date_of_birth": "1 juli 1990 " * 100})
    assert not form.is_valid()
    assert form.errors.as_data()["date_of_birth"][0].code == "max_length"
    assert 'maxlength="40"' in str(form["date_of_birth"])
