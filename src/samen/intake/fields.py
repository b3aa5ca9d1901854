"""Django form fields for the intake forms, built on `samen.intake.validators`."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

from samen.intake.validators import (
    normalise_bsn,
    normalise_phone,
    normalise_postcode,
    parse_dutch_date,
    validate_birth_date,
)

__all__ = ["BSNField", "BirthDateField", "DutchDateField", "PhoneNumberField", "PostcodeField"]


class DutchDateField(forms.DateField):
    """A date field that reads every format `parse_dutch_date` accepts.

    It has a `max_length`, like the text fields, so the form's input and the API's schema carry it
    ("14 september 1998" is 17 characters) and a page of text is refused before it is parsed."""

    def __init__(self, *, max_length: int = 40, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        MaxLengthValidator(self.max_length)(str(value))
        return parse_dutch_date(str(value))


class BirthDateField(DutchDateField):
    """A Dutch date field that also refuses future dates and ages over 120."""

    default_validators = [validate_birth_date]

    def to_python(self, value: Any) -> datetime.date | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            # A professional often knows only the year: the approximate age is the field for that.
            if error.code == "partial":
                message = _(
                    "Give the whole date of birth: the day, the month and the year. If you know only the year or "
                    "the month, leave this empty and give the approximate age."
                )
                raise ValidationError(message, code="partial") from error
            raise


class _NormalisingCharField(forms.CharField):
    """A text field whose cleaned value is the normalised form of the input."""

    def normalise(self, value: str) -> str:
        raise NotImplementedError

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if text in self.empty_values:
            return text
        return self.normalise(text)


class BSNField(_NormalisingCharField):
    """A BSN, cleaned to nine digits."""

    def normalise(self, value: str) -> str:
        return normalise_bsn(value)


class _PhoneInput(forms.TextInput):
    input_type = "tel"  # a phone's number keypad


class PhoneNumberField(_NormalisingCharField):
    """A phone number, cleaned to E.164; numbers without country code are read as Dutch."""

    widget = _PhoneInput

    def __init__(self, *, default_region: str = "NL", **kwargs: Any) -> None:
        self.default_region = default_region
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Without offering the number of whoever owns the phone: it may not be the reporter's.
        return {**super().widget_attrs(widget), "autocomplete": "off"}

    def normalise(self, value: str) -> str:
        return normalise_phone(value, self.default_region)


class PostcodeField(_NormalisingCharField):
    """A Dutch postcode, cleaned to `1234 AB`."""

    def normalise(self, value: str) -> str:
        return normalise_postcode(value)
