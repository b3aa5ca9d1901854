"""Minor or adult from an approximate age, as reporters write it in the public form's languages."""

from __future__ import annotations

import datetime

import pytest

from samen.casework.ages import is_minor_age

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    "age",
    [
        "16",
        "ongeveer 17 jaar",
        "minderjarig",
        # "under 18" is not the number 18 (found by exploratory testing)
        "under 18",
        "onder de 18",
        "jonger dan 18",
        "bijna 18",
        "poniżej 18",
        "sub 18 ani",
        "под 18",
        "до 18 років",
        "أقل من 18",
        "أقل من ١٨",
        "16-17",
        "17 - 20",
        "16 tot 18",
        # a word for a child, in each language of the form
        "kind",
        "child",
        "teenager",
        "dziecko",
        "nastolatka",
        "copil",
        "дете",
        "непълнолетна",
        "дитина",
        "неповнолітня",
        "طفل",
        "قاصر",
        "geboren in 2012",
        # found in review
        "ruim 17",
        "wordt binnenkort 18",
        "turning 18 soon",
        "18-",
        "18 maanden",
        "not over 18",
        "geboren 2008",
        "16 до 20",
        "від 16 до 20 років",
        "geboren 12-05-2010",
        "2010-05-12",
        "dzieci",
        "підліток",
        "minoră",
        # a date of birth as intake reads one, with the month in words or a day that does not exist
        "geboren op 12 mei 2010.",
        "31-02-2012",
        "١٢-٠٥-٢٠١٠",
    ],
)
def test_these_ages_are_a_minor(age):
    assert is_minor_age(age, today=TODAY) is True


@pytest.mark.parametrize(
    "age",
    [
        *("about 20", "30", "ruim 40", "ouder dan 18", "over 18", "18+", "20-25", "powyżej 18", "geboren 1990"),
        *("٢٥", "12-05-1990", "1990-05-12", "geboren 12-05-1990", "kinderloos, 30"),
        # a date of birth with the month in words is no age of 1 (found when ages.py took intake's date reading)
        *("geboren 1 januari 1990", "born July 1, 1990", "geb. 3 okt. 1985", "31-02-1990"),
        # a date stuck to a word, in quotes or before a slash, and one in four words (found in review)
        *("geb.12-05-1990", '"12-05-1990"', "12-05-1990/36 jaar", "1st of July 1990", "the 1st of July, 1990"),
    ],
)
def test_these_ages_are_an_adult(age):
    assert is_minor_age(age, today=TODAY) is False


@pytest.mark.parametrize(
    "age",
    ["", "?", "weet ik niet", "under 25", "over 15", "16+", "eighteen", "meisje", "girl", "more than 17", "over 17"],
)
def test_these_ages_say_nothing_certain(age):
    """A girl or a "meisje" is often a grown woman in a report; "under 25" may be either."""
    assert is_minor_age(age, today=TODAY) is None
