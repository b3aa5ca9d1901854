"""Django form fields for the intake forms, built on `samen.intake.validators`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from samen.intake.validators import (
    home_reading,
    normalise_bsn,
    normalise_phone,
    normalise_postcode,
    parse_dutch_date,
    validate_birth_date,
)
from samen.plain_digits import ascii_digits

__all__ = [
    "BSNField",
    "BirthDateField",
    "DistinctChoicesField",
    "DutchDateField",
    "PhoneNumberField",
    "PostcodeField",
    "reporters_language",
]


class DutchDateField(forms.DateField):
    """A date field that reads every format `parse_dutch_date` accepts.

    It has a `max_length`, like the text fields, so the API's schema carries it ("14 september
    1998" is 17 characters) and a page of text is refused before it is parsed. The input carries it
    too, except in a form that tells its limits in words (`web.text_limits`)."""

    def __init__(self, *, max_length: int = 40, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value: Any) -> datetime.date | None:
        # Spaces alone are no date, as they are no text in a text field.
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
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
        if self.max_length is not None:
            # The limit is on what was typed: "111222333" and a million spaces normalise to nine digits.
            MaxLengthValidator(self.max_length)(text)
        return self.normalise(text)


class BSNField(_NormalisingCharField):
    """A BSN, cleaned to nine digits."""

    def normalise(self, value: str) -> str:
        return normalise_bsn(value)


class _PhoneInput(forms.TextInput):
    input_type = "tel"  # a phone's number keypad


# Per page language, the countries whose numbers its readers most likely have. The names are
# translated as they read in "a number from ...", which some languages inflect.
HOME_COUNTRIES: dict[str, tuple[tuple[str, Promise], ...]] = {
    "en": (("GB", pgettext_lazy("a number from", "the United Kingdom")),),
    "pl": (("PL", pgettext_lazy("a number from", "Poland")),),
    "ro": (("RO", pgettext_lazy("a number from", "Romania")),),
    "bg": (("BG", pgettext_lazy("a number from", "Bulgaria")),),
    "uk": (("UA", pgettext_lazy("a number from", "Ukraine")),),
    "ar": (("MA", pgettext_lazy("a number from", "Morocco")), ("SY", pgettext_lazy("a number from", "Syria"))),
}


_reporters_language: ContextVar[str | None] = ContextVar("reporters_language", default=None)


@contextmanager
def reporters_language(language: str) -> Iterator[None]:
    """Read phone numbers for a reporter of `language`, whatever language the messages are in.

    A partner system names the reporter's language in its request's body; its answer's language
    (Accept-Language) must not decide which numbers are asked about, or the same request would
    get another error code in English than in Dutch.
    """
    token = _reporters_language.set(language)
    try:
        yield
    finally:
        _reporters_language.reset(token)


def _home_countries_to_ask(value: str, dutch: str | None) -> list[tuple[str, Promise, bool]]:
    """The countries a number without country code may be from, each with whether only its mobile
    numbers are asked about; the reporter's language's first (the page's, or `reporters_language`).

    `dutch` is the number read as Dutch, None when it is not a Dutch number. A Dutch number is asked
    about only as another country's mobile number: "06 1234 5678" is a landline in Zaporizhzhia too,
    where nobody texts a reporter.

    The page's language does not tell where a phone is from: a Romanian may read the Dutch page, a
    Pole's phone may be set to English. So a number without the Dutch 0 ("512 345 678") may be from
    any of the countries, and so may one with it that is no Dutch number, or a Dutch landline read
    in another language than Dutch, when it is a mobile number there: "0722 123 456" is a Romanian
    mobile number and a landline in Alkmaar. A Dutch mobile number is asked about only for the
    countries of the reporter's language: "06 1234 5678" is a Moroccan mobile number too, and the
    number most reporters on the Dutch page have.
    """
    language = _reporters_language.get()
    language = (get_language() if language is None else language) or ""
    own = HOME_COUNTRIES.get(language, ())
    asked = [(region, country, dutch is not None) for region, country in own]
    digits = re.sub(r"\D", "", ascii_digits(value or ""))
    if "+" in (value or ""):  # "(+31) 6…" has its country code too
        return asked
    if digits.startswith("0"):
        # On the Dutch page, and from a partner system that names no language, a Dutch landline is
        # Dutch: The Hague's 070 and Groningen's 050 were asked about as foreign mobiles (found in review).
        # The language first: reading the number again to tell a mobile one cost more than the rest.
        if dutch is not None and (language in ("", "nl") or _is_mobile(dutch)):
            return asked
        mobile_only = True
    else:
        mobile_only = dutch is not None
    regions = {region for region, _country in own}
    others = [(region, country, mobile_only) for pairs in HOME_COUNTRIES.values() for region, country in pairs]
    return [*asked, *(other for other in others if other[0] not in regions)]


def _is_mobile(e164: str) -> bool:
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _isolated(number: str) -> str:
    """A number kept left to right in a right-to-left sentence, its digit groups in order, on one line."""
    return "\u2066" + number.replace(" ", "\u00a0") + "\u2069"


class PhoneNumberField(_NormalisingCharField):
    """A phone number, cleaned to E.164; numbers without country code are read as Dutch.

    With `ask_home_country`, a number without country code that may also be from one of the
    reporters' countries (`HOME_COUNTRIES`, `_home_countries_to_ask`) is refused with both readings:
    "0722 123 456" from a Romanian is a landline in Alkmaar, and a message sent there reaches a stranger."""

    widget = _PhoneInput

    def __init__(self, *, default_region: str = "NL", ask_home_country: bool = False, **kwargs: Any) -> None:
        self.default_region = default_region
        self.ask_home_country = ask_home_country
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Without offering the number of whoever owns the phone: it may not be the reporter's.
        return {**super().widget_attrs(widget), "autocomplete": "off"}

    def normalise(self, value: str) -> str:
        try:
            number = normalise_phone(value, self.default_region)
        except ValidationError as error:
            if error.code != "words":  # "tel. 0612345678" is Dutch; the words are what is wrong
                self._ask_home_country(value, dutch=None)
            raise
        self._ask_home_country(value, dutch=number)
        return number

    def _ask_home_country(self, value: str, dutch: str | None) -> None:
        if not self.ask_home_country:
            return
        for region, country, mobile_only in _home_countries_to_ask(value, dutch):
            home = home_reading(value, region, mobile_only=mobile_only)
            if home is None:
                continue
            if dutch is None:
                message = _(
                    "This is not a Dutch phone number. Is it a number from %(country)s? Then write it with its "
                    "country code: %(home)s."
                )
                raise ValidationError(
                    message % {"country": country, "home": _isolated(home)}, code="country_code_missing"
                )
            message = _(
                "Is this a Dutch number or a number from %(country)s? Write it with its country code: "
                "%(dutch)s or %(home)s."
            )
            readable = phonenumbers.format_number(
                phonenumbers.parse(dutch), phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
            raise ValidationError(
                message % {"country": country, "dutch": _isolated(readable), "home": _isolated(home)},
                code="country_code_ambiguous",
            )


class PostcodeField(_NormalisingCharField):
    """A Dutch postcode, cleaned to `1234 AB`."""

    def normalise(self, value: str) -> str:
        return normalise_postcode(value)


class DistinctChoicesField(forms.MultipleChoiceField):
    """Choices ticked, each once and in the order given.

    A partner system may send the same indicator twice; 150,000 times took a worker a minute,
    as each value is checked against every choice. Repeats are dropped before that check.
    """

    def to_python(self, value: Any) -> list[str]:
        return list(dict.fromkeys(super().to_python(value)))
