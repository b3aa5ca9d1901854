from datetime import date

import pytest

from samen.linkage.normalise import (
    BirthDate,
    normalise_family_name,
    normalise_given_names,
    normalise_sex,
    parse_birth_date,
    split_particles,
    to_latin,
)


@pytest.mark.parametrize("written", ["van der Berg", "Berg, van der", "VAN DER BERG", "v.d. Berg", "Van Der  Berg"])
def test_family_names_with_particles_written_differently_normalise_alike(written):
    assert normalise_family_name(written) == "berg"


def test_particles_are_kept_apart_from_the_core():
    assert split_particles("Berg, van der") == ("berg", "van der")


def test_a_family_name_that_is_only_a_particle_is_kept():
    assert normalise_family_name("Van") == "van"


def test_accents_and_case_do_not_matter():
    assert normalise_given_names("Zoë-Renée") == normalise_given_names("zoe renee")
    assert normalise_family_name("Müller") == normalise_family_name("MULLER")


def test_ukrainian_cyrillic_is_transliterated_like_a_ukrainian_passport():
    assert to_latin("Олександр Шевченко") == "oleksandr shevchenko"


def test_dutch_and_english_transliterations_of_one_cyrillic_name_fold_together():
    assert normalise_family_name("Sjevtsjenko") == normalise_family_name("Шевченко")
    assert normalise_given_names("Joeri") == normalise_given_names("Юрій")


def test_arabic_script_becomes_latin_letters():
    assert normalise_family_name("حسن").isascii()
    assert normalise_family_name("al-Hassan") == normalise_family_name("Hassan")


@pytest.mark.parametrize(
    "written", ["1990-07-01", "01-07-1990", "1-7-1990", "01/07/1990", "01.07.1990", "19900701", "1 juli 1990",
                "1 jul 1990", "July 1, 1990", date(1990, 7, 1)],
)  # fmt: skip
def test_dates_of_birth_in_common_formats_parse_to_the_same_date(written):
    assert parse_birth_date(written) == BirthDate(1990, 7, 1)


def test_partial_dates_of_birth_keep_what_is_known():
    assert parse_birth_date("1990") == BirthDate(1990)
    assert parse_birth_date("juli 1990") == BirthDate(1990, 7)


@pytest.mark.parametrize("nonsense", ["", "unknown", "31-02-1990", "99-99-9999", None])
def test_impossible_dates_are_not_dates(nonsense):
    assert parse_birth_date(nonsense) is None


def test_sex_is_recognised_in_dutch_and_english():
    written = ["V", "vrouw", "female", "M", "man", "X", "?"]
    assert [normalise_sex(s) for s in written] == ["f", "f", "f", "m", "m", "x", ""]
