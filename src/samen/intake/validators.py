"""Validation and normalisation of the identifying data taken at intake.

Covers the BSN (eleven-test), phone numbers (normalised to E.164 with `phonenumbers`),
dates written the Dutch (or English) way, dates of birth, and Dutch postcodes (PC6).
Every function raises `django.core.exceptions.ValidationError` with a message a
professional can act on, so they can be used as Django field validators directly.
"""

from __future__ import annotations

import datetime
import re

import phonenumbers
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.plain_digits import ascii_digits

__all__ = [
    "MAX_AGE_YEARS",
    "MONTHS",
    "age_in_years",
    "bsn_checksum",
    "home_reading",
    "is_valid_bsn",
    "normalise_bsn",
    "normalise_phone",
    "normalise_postcode",
    "parse_dutch_date",
    "validate_age_fits_birth_date",
    "validate_birth_date",
    "validate_bsn",
    "validate_phone",
    "validate_postcode",
]

# --------------------------------------------------------------------------- BSN

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_SEPARATORS = re.compile(r"[\s.]")


def bsn_checksum(digits: str) -> int:
    """Return the eleven-test sum of nine digits (9*d1 + 8*d2 + ... + 2*d8 - 1*d9) modulo 11."""
    return sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True)) % 11


def normalise_bsn(value: str | int) -> str:
    """Return the BSN as nine digits, or raise `ValidationError`.

    Spaces and dots are ignored; eight digits are accepted with a leading zero added,
    because a BSN that starts with 0 often loses it in spreadsheets and older systems.
    Digits of other scripts and full-width digits are read as ASCII digits (`ascii_digits`).
    """
    text = _BSN_SEPARATORS.sub("", ascii_digits(str(value)))
    if not text.isascii() or not text.isdigit() or len(text) not in (8, 9):
        raise ValidationError(_("Enter a BSN of 9 digits. Spaces and dots are allowed."), code="invalid_format")
    text = text.zfill(9)
    if text == "000000000":
        raise ValidationError(_("This is not a valid BSN."), code="invalid")
    if bsn_checksum(text) != 0:
        raise ValidationError(
            _("This BSN is not correct: it does not pass the eleven-test. Check for a typing error."),
            code="invalid_checksum",
        )
    return text


def is_valid_bsn(value: object) -> bool:
    """Whether `value` is a valid BSN (see `normalise_bsn` for what is accepted)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return False
    try:
        normalise_bsn(value)
    except ValidationError:
        return False
    return True


def validate_bsn(value: str | int) -> None:
    """Django validator: raise `ValidationError` unless `value` is a valid BSN."""
    normalise_bsn(value)


# ------------------------------------------------------------------ Phone numbers

_PHONE_REASONS = {
    phonenumbers.ValidationResult.TOO_SHORT: (
        _("This phone number is too short. Check that you entered all digits."),
        "too_short",
    ),
    phonenumbers.ValidationResult.TOO_LONG: (
        _("This phone number is too long. Check for extra digits."),
        "too_long",
    ),
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: (
        _("This country code does not exist. Start with + and the country code, for example +48."),
        "invalid_country_code",
    ),
    phonenumbers.ValidationResult.INVALID_LENGTH: (
        _("This phone number has the wrong number of digits for its country."),
        "invalid_length",
    ),
}


def validate_reference_is_no_personal_data(value: str) -> None:
    """Refuse an organisation's own reference that holds a BSN or an e-mail address, found as the
    de-identification finds them (`find_own_identifiers`).

    The reference is stored and shown in the clear, to the reporting organisation's list of its
    signals and to whoever handles the signal; identifying data belongs with the person, where it
    is sealed. A case number of nine digits that passes the eleven-test (one in eleven does) is
    refused too, unless written with its prefix ("ZK-123456782"), as the message says.
    """
    # Imported here: the de-identification's date patterns read this module's month names.
    from samen.intake.deidentify import find_own_identifiers

    text = ascii_digits(value)
    for span in find_own_identifiers(text, []):
        prefixed = span.start > 0 and (text[span.start - 1] == "-" or text[span.start - 1].isalnum())
        if span.tag == "BSN" and not prefixed:
            raise ValidationError(
                _(
                    "This looks like a BSN. A BSN belongs with the person, where it is kept encrypted. Is it your "
                    "own case number? Then write it with its prefix, for example ZK-123456782."
                ),
                code="looks_like_bsn",
            )
        if span.tag == "EMAILADRES":
            raise ValidationError(
                _(
                    "This looks like an e-mail address. Give your organisation's case number here, not someone's "
                    "details."
                ),
                code="looks_like_email",
            )


# Two letters in a row, in any script; an extension ("ext. 12") stays a number.
_WORD = re.compile(r"[^\W\d_]{2,}")


def normalise_phone(value: str, default_region: str = "NL") -> str:
    """Return the phone number in E.164 (`+31612345678`, `+31201234567;ext=12`), or raise `ValidationError`.

    Numbers without a country code are read as numbers from `default_region`; the
    international prefix of that region (00 for the Netherlands) is understood.
    """
    # "tel:+31612345678", as a partner system may send it (RFC 3966).
    text = re.sub(r"(?i)^tel:", "", (value or "").strip())
    if not text:
        raise ValidationError(_("Enter a phone number, for example 06-12345678 or +48 512 345 678."), code="invalid")
    # "tel. 512 345 678 whatsapp": phonenumbers reads letters as the digits of a phone's keypad
    # (0800-FLOWERS) and calls the result too long. A word here is a wish, for another field.
    if _WORD.search(re.sub(r"(?i)\bext\.?(?=\s*\d)", "", text)):
        raise ValidationError(
            _("Write only the phone number here: digits, spaces and a + before the country code."), code="words"
        )
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            message, code = _PHONE_REASONS[phonenumbers.ValidationResult.INVALID_COUNTRY_CODE]
            raise ValidationError(message, code=code) from exc
        if exc.error_type == phonenumbers.NumberParseException.TOO_SHORT_NSN:
            message, code = _PHONE_REASONS[phonenumbers.ValidationResult.TOO_SHORT]
            raise ValidationError(message, code=code) from exc
        if exc.error_type == phonenumbers.NumberParseException.TOO_LONG:
            message, code = _PHONE_REASONS[phonenumbers.ValidationResult.TOO_LONG]
            raise ValidationError(message, code=code) from exc
        raise ValidationError(
            _("Enter a phone number, for example 06-12345678 or +48 512 345 678."), code="invalid"
        ) from exc

    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _PHONE_REASONS:
        message, code = _PHONE_REASONS[reason]
        raise ValidationError(message, code=code)
    if not phonenumbers.is_valid_number(number):
        if (reason := _off_by_one_digit(number)) is not None:
            message, code = _PHONE_REASONS[reason]
            raise ValidationError(message, code=code)
        raise ValidationError(
            _("This phone number does not exist. Check the number and the country code."),
            code="invalid",
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # E.164 has no room for an extension ("020 123 4567 ext. 12"): it is kept as RFC 3966 writes it.
    return f"{e164};ext={number.extension}" if number.extension else e164


def home_reading(value: str, region: str, *, mobile_only: bool = False) -> str | None:
    """`value` in international format when, written without a country code, it is a valid
    number of `region` (a mobile number, with `mobile_only`); else None."""
    text = ascii_digits(value or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None
    # "+31 6…", "(+31) 6…", "0031 6…": written with a country code, it is that country's.
    if number.country_code_source != phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if mobile_only and phonenumbers.number_type(number) not in mobile:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# Digits added to a number that may be cut short, to see whether a longer one begins like it.
_FILLS = ("0123456789", "9876543210", "5555555555")


def _off_by_one_digit(number: phonenumbers.PhoneNumber) -> int | None:
    """TOO_SHORT when more digits make a valid number, TOO_LONG when one fewer does, else None.

    "06 1234 567" and "06 1234" have lengths some Dutch numbers have, so phonenumbers calls them
    possible; they are mobile numbers with digits missing, and "does not exist" does not say so.
    """
    national = str(number.national_number)

    def valid(digits: str) -> bool:
        candidate = phonenumbers.PhoneNumber(country_code=number.country_code, national_number=int(digits))
        return phonenumbers.is_valid_number(candidate)

    if any(valid(national + fill[:n]) for n in range(1, 8) for fill in _FILLS):
        return phonenumbers.ValidationResult.TOO_SHORT
    if len(national) > 1 and valid(national[:-1]):
        return phonenumbers.ValidationResult.TOO_LONG
    return None


def validate_phone(value: str) -> None:
    """Django validator: raise `ValidationError` unless `value` is a valid phone number."""
    normalise_phone(value)


# -------------------------------------------------------------------------- Dates

MAX_AGE_YEARS = 120

# Dutch and English month names and their usual abbreviations, lower case.
MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_DATE_INVALID = _("Enter a valid date, for example 31-12-1990 or 31 december 1990.")
_TWO_DIGIT_YEAR = _("Write the year with four digits, for example 1990 instead of 90.")
_PARTIAL_DATE = _("Give the whole date: the day, the month and the year.")

_NUMERIC_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d+)")
# A time after the date is left out: exports of registers write "1990-03-14T00:00:00Z".
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?")
_COMPACT_DMY = re.compile(r"(\d{2})(\d{2})(\d{4})")
# The basic ISO form of registers' exports (BRP, StUF): "19900314", read so when day first it
# is no date (day 19 of month 90). Both readings are dates only for a year before 1300.
_COMPACT_YMD = re.compile(r"((?:19|20)\d{2})(0[1-9]|1[0-2])(\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th|e|ste|de)?\.?\s+(?:of\s+)?([a-z]+)\.?,?\s+'?(\d+)")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+'?(\d+)")
# A year alone, or a month and a year: "1990", "april 1990", "4-1990".
_PARTIAL = re.compile(r"(?:([a-z]+)\.?\s+|\d{1,2}[-/.])?\d{4}")


def _build_date(year: str, month: int, day: int) -> datetime.date:
    if len(year) == 2:
        raise ValidationError(_TWO_DIGIT_YEAR, code="two_digit_year")
    if len(year) != 4:
        raise ValidationError(_DATE_INVALID, code="invalid")
    try:
        return datetime.date(int(year), month, day)
    except ValueError as exc:
        raise ValidationError(
            _("This date does not exist. Check the day and the month."),
            code="nonexistent",
            params={"year": int(year)},  # a date of birth that does not exist still says a year of birth
        ) from exc


def _exists(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _month_number(name: str) -> int:
    try:
        return MONTHS[name]
    except KeyError as exc:
        raise ValidationError(_DATE_INVALID, code="invalid") from exc


def parse_dutch_date(value: str) -> datetime.date:
    """Parse a date written the Dutch way (day first) into a `datetime.date`.

    Accepted: `01-07-1990`, `1-7-1990`, `01/07/1990`, `01.07.1990`, `01071990`,
    `1990-07-01`, `19900701`, `1990-07-01T00:00:00Z`, `1 juli 1990`, `1 jul. 1990`, `1 July 1990`,
    `July 1, 1990`.
    Two-digit years are refused because `01-07-20` could be 1920 or 2020. Digits of other
    scripts, full-width digits and invisible direction marks are read as `ascii_digits` does.
    """
    text = " ".join(ascii_digits(str(value)).split()).lower()
    if match := _NUMERIC_DMY.fullmatch(text):
        day, _sep, month, year = match.groups()
        return _build_date(year, int(month), int(day))
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        return _build_date(year, int(month), int(day))
    if match := _COMPACT_DMY.fullmatch(text):
        day, month, year = match.groups()
        if (basic := _COMPACT_YMD.fullmatch(text)) and not _exists(int(year), int(month), int(day)):
            year, month, day = basic.groups()
        return _build_date(year, int(month), int(day))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month_name, year = match.groups()
        return _build_date(year, _month_number(month_name), int(day))
    if match := _MONTH_DAY_YEAR.fullmatch(text):
        month_name, day, year = match.groups()
        return _build_date(year, _month_number(month_name), int(day))
    if re.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}|\d{6}", text):
        raise ValidationError(_TWO_DIGIT_YEAR, code="two_digit_year")
    if (match := _PARTIAL.fullmatch(text)) and (match.group(1) is None or match.group(1) in MONTHS):
        raise ValidationError(_PARTIAL_DATE, code="partial")
    raise ValidationError(_DATE_INVALID, code="invalid")


def _today() -> datetime.date:
    try:
        return timezone.localdate()
    except ImproperlyConfigured:
        # Outside a configured Django project (plain scripts, settings-free tests).
        return datetime.date.today()


def age_in_years(birth_date: datetime.date, *, today: datetime.date | None = None) -> int:
    today = today or _today()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def validate_birth_date(value: datetime.date, *, today: datetime.date | None = None) -> None:
    """Django validator: refuse dates of birth in the future or more than 120 years ago."""
    today = today or _today()
    if value > today:
        raise ValidationError(_("A date of birth cannot be in the future."), code="future")
    age = age_in_years(value, today=today)
    if age > MAX_AGE_YEARS:
        raise ValidationError(
            _("This date of birth means the person is older than %(max_age)s. Check the year."),
            code="implausible_age",
            params={"max_age": MAX_AGE_YEARS},
        )


# An approximate age more than this many years from the date of birth is a typo in one of them:
# estimates from how someone looks are often some years off, "15" for a 46-year-old is not.
AGE_MARGIN_YEARS = 10
# "Born" in the intake's languages, as a word before or after a year or decade of birth.
_SAYS_BORN = re.compile(r"(?i)geboren|geb\.|\bborn\b|urodz|n[ăa]scut|роден|народ|родил|مواليد|مولود|ولد")


def validate_age_fits_birth_date(
    age: str, birth_date: datetime.date | None, *, today: datetime.date | None = None
) -> None:
    """Refuse an approximate age ("15", "rond de 20", "20-25") that someone born on `birth_date`
    cannot have; an age without a number, or without a date of birth, passes.

    A year ("geboren 1990", "1988-1990") is a year of birth, read as the ages it gives today; a
    smaller number beside a word for "born" ("jaren 90 geboren") is a decade of birth, not checked.
    """
    numbers = [int(n) for n in re.findall(r"\d+", ascii_digits(age))]
    if birth_date is None or not numbers or len(numbers) > 2:
        return
    today = today or _today()
    if all(n >= 1000 for n in numbers):
        numbers = [today.year - max(numbers) - 1, today.year - min(numbers)]
    elif any(n >= 1000 for n in numbers) or _SAYS_BORN.search(age):
        return
    years = age_in_years(birth_date, today=today)
    if min(numbers) - AGE_MARGIN_YEARS <= years <= max(numbers) + AGE_MARGIN_YEARS:
        return
    raise ValidationError(
        _(
            "The approximate age (%(age)s) does not fit the date of birth: this person is %(years)s. Correct "
            "one of them, or leave the age empty."
        ),
        code="contradicts_birth_date",
        params={"age": age.strip(), "years": years},
    )


# The month names of the public form's other languages (Russian too, which many Ukrainians write),
# as a reporter writes a date in their own words: "1 stycznia 2030", "١ يناير ٢٠٣٠". For the check
# below only: a date of birth is asked in Dutch formats.
_FOREIGN_MONTHS: dict[str, int] = {
    **{name: n for n, names in enumerate((
        "styczeń stycznia", "luty lutego", "marzec marca", "kwiecień kwietnia", "maj maja", "czerwiec czerwca",
        "lipiec lipca", "sierpień sierpnia", "wrzesień września", "październik października",
        "listopad listopada", "grudzień grudnia"), 1) for name in names.split()},
    **{name: n for n, name in enumerate((
        "ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie",
        "octombrie", "noiembrie", "decembrie"), 1)},
    **{name: n for n, name in enumerate((
        "януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври",
        "ноември", "декември"), 1)},
    **{name: n for n, names in enumerate((
        "січень січня", "лютий лютого", "березень березня", "квітень квітня", "травень травня",
        "червень червня", "липень липня", "серпень серпня", "вересень вересня", "жовтень жовтня",
        "листопад листопада", "грудень грудня"), 1) for name in names.split()},
    **{name: n for n, names in enumerate((
        "январь января", "февраль февраля", "март марта", "апрель апреля", "май мая", "июнь июня",
        "июль июля", "август августа", "сентябрь сентября", "октябрь октября", "ноябрь ноября",
        "декабрь декабря"), 1) for name in names.split()},
    # Egypt and the Gulf; the Levant; Morocco.
    **{name: n for n, names in enumerate((
        "يناير|كانون الثاني", "فبراير|شباط", "مارس|آذار", "أبريل|ابريل|نيسان", "مايو|أيار|ماي",
        "يونيو|يونيه|حزيران", "يوليو|يوليه|تموز|يوليوز", "أغسطس|اغسطس|آب|غشت", "سبتمبر|أيلول|شتنبر",
        "أكتوبر|اكتوبر|تشرين الأول", "نوفمبر|تشرين الثاني|نونبر", "ديسمبر|كانون الأول|دجنبر"), 1)
       for name in names.split("|")},
}  # fmt: skip
_FOREIGN_MONTH = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(name) for name in sorted(_FOREIGN_MONTHS, key=len, reverse=True)) + r")(?!\w)"
)
_DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                 "oktober", "november", "december")  # fmt: skip
# Year first with slashes or dots, as a date is written in Arabic and elsewhere: "2030/1/1".
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")


def _date_in_dutch(value: str) -> str:
    """A date written with another language's month name, or year first, written the Dutch way."""
    text = " ".join(ascii_digits(str(value)).split()).lower()
    text = _FOREIGN_MONTH.sub(lambda match: _DUTCH_MONTHS[_FOREIGN_MONTHS[match.group(1)] - 1], text)
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = match.groups()
        text = f"{day}-{month}-{year}"
    return text


def validate_not_a_future_date(value: str, *, today: datetime.date | None = None) -> None:
    """Django validator for free text about when something happened ("last summer", "12-03-2026"):
    text that is a date must exist and not lie in the future, which is almost always a typo. A date
    in any language of the public form counts (found by exploratory testing: only Dutch and English did)."""
    try:
        date = parse_dutch_date(_date_in_dutch(value))
    except ValidationError as error:
        if error.code == "nonexistent":  # "31-02-2026": a date, but not one that exists
            raise
        # Not a date: words are what the field is for, and most texts are words. Django's error
        # refers to itself (its error_list), so only a garbage collection frees it, and with its
        # traceback every frame of the request up to here and all they hold: dropped at once,
        # that was about 40 µs of collecting per API signal (benchmarks/intake.py).
        error.__traceback__ = None
        return
    if date > (today or _today()):
        raise ValidationError(_("This date is in the future. Check the day, the month and the year."), code="future")


# ----------------------------------------------------------------------- Postcode

# Letter pairs SA, SD and SS are never issued by PostNL.
_POSTCODE = re.compile(r"([1-9]\d{3})\s*(?!SA|SD|SS)([A-Z]{2})")


def normalise_postcode(value: str) -> str:
    """Return a Dutch six-position postcode as `1234 AB`, or raise `ValidationError`."""
    match = _POSTCODE.fullmatch(ascii_digits(str(value)).strip().upper())
    if not match:
        raise ValidationError(
            _("Enter a Dutch postcode: four digits and two letters, for example 1234 AB."),
            code="invalid",
        )
    return f"{match.group(1)} {match.group(2)}"


def validate_postcode(value: str) -> None:
    """Django validator: raise `ValidationError` unless `value` is a Dutch postcode."""
    normalise_postcode(value)
