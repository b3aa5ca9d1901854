"""Tests for BSN, phone number, date and postcode validation."""

from __future__ import annotations

import datetime

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from samen.intake.validators import (
    bsn_checksum,
    is_valid_bsn,
    normalise_bsn,
    normalise_phone,
    normalise_postcode,
    parse_dutch_date,
    validate_birth_date,
    validate_bsn,
    validate_postcode,
)
from samen.vault import crypto


def error_code(excinfo: pytest.ExceptionInfo[ValidationError]) -> str | None:
    return excinfo.value.code


# --------------------------------------------------------------------------- BSN

eight_digits = st.lists(st.integers(0, 9), min_size=8, max_size=8)


def make_bsn(first_eight: list[int]) -> str:
    total = sum(d * w for d, w in zip(first_eight, range(9, 1, -1), strict=True)) % 11
    assume(total != 10)  # no check digit exists for these eight digits
    bsn = "".join(map(str, first_eight)) + str(total)
    assume(bsn != "000000000")
    return bsn


@given(eight_digits)
def test_every_generated_valid_bsn_passes(first_eight: list[int]) -> None:
    bsn = make_bsn(first_eight)
    assert bsn_checksum(bsn) == 0
    assert is_valid_bsn(bsn)
    assert normalise_bsn(bsn) == bsn
    validate_bsn(bsn)


@given(eight_digits, st.integers(0, 8), st.integers(1, 9))
def test_changing_any_single_digit_of_a_valid_bsn_makes_it_fail(
    first_eight: list[int], position: int, shift: int
) -> None:
    bsn = make_bsn(first_eight)
    changed = bsn[:position] + str((int(bsn[position]) + shift) % 10) + bsn[position + 1 :]
    assert not is_valid_bsn(changed)
    with pytest.raises(ValidationError):
        validate_bsn(changed)


@given(eight_digits)
def test_a_valid_bsn_with_a_leading_zero_is_accepted_without_it(first_eight: list[int]) -> None:
    bsn = make_bsn([0, *first_eight[1:]])
    assert normalise_bsn(bsn[1:]) == bsn


@pytest.mark.parametrize("written", ["111222333", "111 222 333", "111.222.333", "1112.22.333", " 111222333 "])
def test_a_bsn_may_be_written_with_spaces_and_dots(written: str) -> None:
    assert normalise_bsn(written) == "111222333"


@pytest.mark.parametrize(
    "written", ["١١١٢٢٢٣٣٣", "۱۱۱۲۲۲۳۳۳", "１１１ ２２２ ３３３", "\u200f111222333", "111\u200b222333"]
)
def test_a_bsn_in_the_digits_of_another_script_or_with_invisible_marks_is_read(written: str) -> None:
    """Refused before as "Enter a BSN of 9 digits" although nine digits were typed."""
    assert normalise_bsn(written) == "111222333"


def test_a_bsn_given_as_an_integer_is_accepted() -> None:
    assert is_valid_bsn(111222333)


def test_all_zeros_is_not_a_bsn_even_though_it_passes_the_eleven_test() -> None:
    assert bsn_checksum("000000000") == 0
    with pytest.raises(ValidationError) as excinfo:
        normalise_bsn("000000000")
    assert error_code(excinfo) == "invalid"


@pytest.mark.parametrize("value", ["", "1234567", "1234567890", "11122233A", "111-222-333"])
def test_a_bsn_that_is_not_eight_or_nine_digits_is_refused_as_a_format_error(value: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalise_bsn(value)
    assert error_code(excinfo) == "invalid_format"


def test_a_bsn_failing_the_eleven_test_gets_a_message_that_says_so() -> None:
    with pytest.raises(ValidationError) as excinfo, translation.override("en"):
        validate_bsn("111222334")
    assert error_code(excinfo) == "invalid_checksum"
    with translation.override("en"):
        assert "eleven-test" in excinfo.value.messages[0]


@pytest.mark.parametrize("value", [None, True, 1.5, ["111222333"]])
def test_values_that_are_not_text_or_numbers_are_not_a_bsn(value: object) -> None:
    assert not is_valid_bsn(value)


# ------------------------------------------------------------------ Phone numbers


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("06-12345678", "+31612345678"),
        ("0612345678", "+31612345678"),
        ("06 12 34 56 78", "+31612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("+31 (0)6 1234 5678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("070-1234567", "+31701234567"),
        ("+48 512 345 678", "+48512345678"),
        ("0048 512 345 678", "+48512345678"),
        ("+40 721 234 567", "+40721234567"),
        ("+359 88 123 4567", "+359881234567"),
        ("+380 50 123 4567", "+380501234567"),
        ("+31 20 123 4567 ext. 12", "+31201234567;ext=12"),  # E.164 has no extension: RFC 3966's
        ("+31 20 123 4567 ext12", "+31201234567;ext=12"),
        ("tel:+31612345678", "+31612345678"),  # RFC 3966, as a partner system may send it
    ],
)
def test_phone_numbers_in_common_notations_are_normalised_to_e164(written: str, e164: str) -> None:
    assert normalise_phone(written) == e164


def test_a_number_without_country_code_is_read_in_the_given_region() -> None:
    assert normalise_phone("512 345 678", default_region="PL") == "+48512345678"


def _example_numbers() -> list[str]:
    """An example number of every kind of every region, written nationally and internationally."""
    written = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                written += [
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
                ]
    return written


def test_what_the_validators_store_is_what_the_vaults_blind_index_reads() -> None:
    """Intake hands the validators' output to the vault as normalised already
    (`IdentityInput.normalised`); the blind index must not tell it apart from the raw text."""
    stored = 0
    for written in _example_numbers():
        try:
            e164 = normalise_phone(written)
        except ValidationError:
            continue  # a foreign number written nationally is read as Dutch, and refused
        assert crypto.normalise_phone(e164) == e164 == crypto.normalise_phone(written), written
        assert crypto.blind_index("phone", e164, normalised=True) == crypto.blind_index("phone", written)
        stored += 1
    assert stored > 400


def test_an_extension_is_kept_but_the_blind_index_is_the_lines() -> None:
    stored = normalise_phone("020 123 4567 ext. 345")
    assert stored == "+31201234567;ext=345"
    assert crypto.blind_index("phone", stored, normalised=True) == crypto.blind_index("phone", "020-1234567")


@given(eight_digits, st.sampled_from(["{}", "{} ", "{:.>12}"]))
def test_a_validated_bsn_is_what_the_vaults_blind_index_reads(first_eight: list[int], spelling: str) -> None:
    written = spelling.format(make_bsn(first_eight))
    bsn = normalise_bsn(written)
    assert crypto.blind_index("bsn", bsn, normalised=True) == crypto.blind_index("bsn", written)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "invalid"),
        ("call me", "words"),
        ("tel. 512 345 678 whatsapp", "words"),  # not "too long", as the keypad's letters made it
        ("0612345678 alleen 's avonds", "words"),
        ("123", "too_short"),
        ("+999 123 456 789", "invalid_country_code"),
        ("+31 6 1234 56789", "too_long"),  # a mobile number with a digit too many
        ("06 1234 567", "too_short"),  # a length some Dutch numbers have, but one digit short of a mobile one
        ("+48 512 345 67", "too_short"),
        ("06 1234", "too_short"),  # more digits short: said so too (found by exploratory testing)
        ("+31 20 123 45", "too_short"),
        ("+31 99 123 4567", "invalid"),  # no number begins so: no guess
        ("06-1234567890123", "too_long"),
    ],
)
def test_impossible_or_invalid_phone_numbers_are_refused_with_a_reason(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalise_phone(value)
    assert error_code(excinfo) == code
    with translation.override("en"):
        assert excinfo.value.messages[0].endswith(".")


# -------------------------------------------------------------------------- Dates

DUTCH_MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()
DUTCH_ABBREVIATIONS = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()
ENGLISH_MONTHS = "January February March April May June July August September October November December".split()

FORMATS = [
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{d.day:02d}{d.month:02d}{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day} {DUTCH_MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {DUTCH_MONTHS[d.month - 1].capitalize()} {d.year}",
    lambda d: f"{d.day} {DUTCH_ABBREVIATIONS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {DUTCH_ABBREVIATIONS[d.month - 1]}. {d.year}",
    lambda d: f"{d.day}e {DUTCH_MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{ENGLISH_MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"  {d.day}   {ENGLISH_MONTHS[d.month - 1].upper()}  {d.year} ",
]


@given(st.dates(min_value=datetime.date(1000, 1, 1)), st.sampled_from(range(len(FORMATS))))
def test_dates_round_trip_through_every_accepted_format(date: datetime.date, format_index: int) -> None:
    assert parse_dutch_date(FORMATS[format_index](date)) == date


@pytest.mark.parametrize("written", ["01-07-1990", "1-7-1990", "01/07/1990", "1990-07-01", "1 juli 1990", "1 jul 1990"])
def test_the_examples_from_the_intake_form_all_mean_the_first_of_july_1990(written: str) -> None:
    assert parse_dutch_date(written) == datetime.date(1990, 7, 1)


@pytest.mark.parametrize(
    "written", ["19900701", "1990-07-01T00:00:00Z", "1990-07-01T00:00:00", "1990-07-01 00:00", "1990-07-01T00:00+02:00"]
)
def test_a_date_as_registers_export_it_is_read_without_its_time(written: str) -> None:
    assert parse_dutch_date(written) == datetime.date(1990, 7, 1)


def test_eight_digits_are_read_day_first_when_that_is_a_date() -> None:
    assert parse_dutch_date("20121990") == datetime.date(1990, 12, 20)
    assert parse_dutch_date("19051100") == datetime.date(1100, 5, 19)


@pytest.mark.parametrize("written", ["\u200f01-07-1990", "\u200e1 juli 1990\u200e", "０１-０７-１９９０", "١/٧/١٩٩٠"])
def test_a_date_with_invisible_direction_marks_or_other_digits_is_read(written: str) -> None:
    assert parse_dutch_date(written) == datetime.date(1990, 7, 1)


@pytest.mark.parametrize("written", ["01-07-90", "1/7/90", "1 juli 90", "1 juli '90", "July 1, 90", "010790"])
def test_two_digit_years_are_refused_because_they_are_ambiguous(written: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_dutch_date(written)
    assert error_code(excinfo) == "two_digit_year"


@pytest.mark.parametrize(
    "written", ["31-02-1990", "29 februari 2023", "32 juli 1990", "1990-13-01", "00-07-1990", "19900230"]
)
def test_dates_that_do_not_exist_are_refused(written: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_dutch_date(written)
    assert error_code(excinfo) == "nonexistent"


@pytest.mark.parametrize("written", ["1990", "07-1990", "7/1990", "april 1990", "Apr. 1990"])
def test_a_year_alone_or_a_month_and_a_year_is_asked_for_the_whole_date(written: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_dutch_date(written)
    assert error_code(excinfo) == "partial"


def test_a_date_of_spaces_alone_is_no_date_as_an_empty_one() -> None:
    from samen.intake.fields import BirthDateField

    assert BirthDateField(required=False).clean("   ") is None


def test_a_date_of_birth_known_only_by_its_year_is_pointed_to_the_approximate_age() -> None:
    from samen.intake.fields import BirthDateField

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        BirthDateField().clean("1990")
    assert "approximate age" in excinfo.value.messages[0]
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        BirthDateField().clean("april 1990")
    assert "leeftijd bij benadering" in excinfo.value.messages[0]


@pytest.mark.parametrize("written", ["", "gisteren", "1 juliet 1990", "01-07/1990", "juliet 1990", "1-7-19900"])
def test_text_that_is_not_a_date_is_refused_with_an_example_of_a_date(written: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_dutch_date(written)
    assert error_code(excinfo) == "invalid"
    with translation.override("en"):
        assert "31-12-1990" in excinfo.value.messages[0]


TODAY = datetime.date(2025, 6, 15)


def test_a_date_of_birth_today_is_accepted() -> None:
    validate_birth_date(TODAY, today=TODAY)


def test_a_date_of_birth_in_the_future_is_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_birth_date(TODAY + datetime.timedelta(days=1), today=TODAY)
    assert error_code(excinfo) == "future"


def test_a_person_aged_120_is_plausible_but_one_who_turned_121_is_not() -> None:
    validate_birth_date(datetime.date(1904, 6, 16), today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        validate_birth_date(datetime.date(1904, 6, 15), today=TODAY)
    assert error_code(excinfo) == "implausible_age"
    with translation.override("en"):
        assert "120" in excinfo.value.messages[0]


def test_a_birth_date_check_without_a_given_today_uses_the_current_date() -> None:
    validate_birth_date(datetime.date(1990, 7, 1))
    with pytest.raises(ValidationError):
        validate_birth_date(datetime.date(9999, 1, 1))


# ----------------------------------------------------------------------- Postcode


@pytest.mark.parametrize("written", ["1234 AB", "1234AB", "1234ab", " 1234  ab ", "1234 aB"])
def test_a_dutch_postcode_is_normalised_to_four_digits_space_two_capitals(written: str) -> None:
    assert normalise_postcode(written) == "1234 AB"


@pytest.mark.parametrize("written", ["١٢٣٤ AB", "１２３４ ＡＢ", "\u200f1234 AB"])
def test_a_postcode_in_the_digits_of_another_script_is_read(written: str) -> None:
    assert normalise_postcode(written) == "1234 AB"


@pytest.mark.parametrize(
    "written", ["0123 AB", "1234 SA", "1234 SD", "1234 SS", "12345", "1234 A", "AB 1234", "1234-AB", ""]
)
def test_strings_that_are_not_a_dutch_postcode_are_refused(written: str) -> None:
    with pytest.raises(ValidationError):
        validate_postcode(written)


def test_every_validation_message_of_intake_reads_in_dutch():
    """The API and the forms answer in the user's language; Dutch is the default."""
    import ast
    from pathlib import Path

    from django.utils import translation

    from samen.intake import fields, validators

    messages = {
        node.args[0].value
        for module in (validators, fields)
        for node in ast.walk(ast.parse(Path(module.__file__).read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_" and node.args
        if isinstance(node.args[0], ast.Constant)
    }
    assert len(messages) >= 10
    with translation.override("nl"):
        untranslated = [m for m in messages if translation.gettext(m) == m]
    assert untranslated == []


def test_free_text_about_when_refuses_only_a_date_after_today():
    from samen.intake.validators import validate_not_a_future_date

    today = datetime.date(2026, 12, 4)
    for text in ("afgelopen zomer", "4-12-2026", "3 december 2026", "12-03-26 of zo", "", "2027", "januari 2027"):
        validate_not_a_future_date(text, today=today)
    with pytest.raises(ValidationError) as refused:
        validate_not_a_future_date("5 december 2026", today=today)
    assert refused.value.code == "future"


def test_words_about_when_leave_nothing_of_the_caller_for_the_garbage_collector():
    """Django's ValidationError refers to itself; with its traceback it kept every frame of the
    request that called the validator, and all the frames held, alive until a collection ran."""
    import gc
    import weakref

    from samen.intake.validators import validate_not_a_future_date

    class Held:
        pass

    def caller() -> weakref.ref:
        held = Held()
        validate_not_a_future_date("sinds de zomer", today=datetime.date(2026, 12, 4))
        return weakref.ref(held)

    enabled = gc.isenabled()
    gc.disable()
    try:
        assert caller()() is None
    finally:
        if enabled:
            gc.enable()


def test_free_text_about_when_refuses_a_date_that_does_not_exist():
    from samen.intake.validators import validate_not_a_future_date

    with pytest.raises(ValidationError) as refused:
        validate_not_a_future_date("31-02-2026", today=datetime.date(2026, 12, 4))
    assert refused.value.code == "nonexistent"


@pytest.mark.parametrize(
    "age",
    [
        "46",
        "rond de 40",
        "30-40",
        "about 55",
        "jong",
        "",
        "٤٦",
        "geboren 1980",
        "geb. 1979",
        "born in 1981",
        "1978-1982",
        "jaren 80 geboren",
        "urodzony w latach 80.",
    ],
)
def test_an_approximate_age_near_the_age_from_the_date_of_birth_passes(age):
    from samen.intake.validators import validate_age_fits_birth_date

    validate_age_fits_birth_date(age, datetime.date(1980, 1, 1), today=datetime.date(2026, 12, 4))
    validate_age_fits_birth_date("15", None)


@pytest.mark.parametrize("age", ["15", "ongeveer 15", "20-25", "60", "geboren 2011", "1950", "born 2000-2005"])
def test_an_approximate_age_far_from_the_age_from_the_date_of_birth_is_refused(age):
    from samen.intake.validators import validate_age_fits_birth_date

    with pytest.raises(ValidationError) as refused:
        validate_age_fits_birth_date(age, datetime.date(1980, 1, 1), today=datetime.date(2026, 12, 4))
    assert refused.value.code == "contradicts_birth_date" and refused.value.params["years"] == 46


@pytest.mark.parametrize(
    "text",
    ["1 stycznia 2030", "1 grudzień 2027", "2030/1/1", "1 ianuarie 2030", "1 януари 2030", "1 січня 2030",
     "1 января 2030", "1 يناير 2030", "٢٠٣٠/١/١", "١ كانون الثاني ٢٠٣٠", "1 Stycznia 2030"],
)  # fmt: skip
def test_a_future_date_in_the_language_of_any_public_page_is_refused(text):
    """ "1 stycznia 2030" and "1 يناير 2030" got through, while "1 januari 2030" was refused (found by
    exploratory testing)."""
    from samen.intake.validators import validate_not_a_future_date

    with pytest.raises(ValidationError) as refused:
        validate_not_a_future_date(text, today=datetime.date(2026, 12, 4))
    assert refused.value.code == "future"


@pytest.mark.parametrize(
    "text", ["1 stycznia 2026", "2026/3/1", "3 травня 2025", "mai mult de doi ani", "15 أيلول 2026"]
)
def test_a_past_date_or_words_in_another_language_pass(text):
    from samen.intake.validators import validate_not_a_future_date

    validate_not_a_future_date(text, today=datetime.date(2026, 12, 4))
