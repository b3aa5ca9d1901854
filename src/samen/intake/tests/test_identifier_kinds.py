"""Which identifiers a text for other readers seems to hold: the kinds, never the values."""

from __future__ import annotations

import pytest
from django.utils import translation

from samen.intake.identifier_kinds import identifier_kinds
from samen.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _kinds(text: str) -> list[str]:
    with translation.override("en"):
        return identifier_kinds(text)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Het slachtoffer woont Dorpsstraat 12 in Assen.", ["an address"]),
        ("Verblijft nu Oudegracht 200 Utrecht.", ["an address"]),
        ("Het slachtoffer, geboren 03-04-2001, is minderjarig geweest.", ["a date of birth"]),
        ("Slachtoffer (geb. 14 maart 1998) verblijft in de opvang.", ["a date of birth"]),
        ("Overleg met de gemeente op 03-04-2027 over de opvang.", []),
        ("Overleg na het weekeinde 3 maart over de opvang.", []),
        ("Arbeidsmarkt 2025 in de regio, besproken in het overleg.", []),
        ("Het slachtoffer verblijft nu in Utrecht.", []),
        ("Bel 06-12345678 of mail jan.jansen@example.nl", ["a phone number", "an e-mail address"]),
    ],
)
def test_addresses_and_dates_of_birth_are_found_and_other_dates_are_not(text, kinds):
    """A capitalised street and a date after "geboren" passed the check of a table's decision and a
    transfer's reason (found by exploratory testing); a meeting's date is no identifier."""
    assert _kinds(text) == kinds


def test_an_organisations_general_phone_number_and_e_mail_address_are_public():
    OrganisationFactory(phone="030 123 4567", email="info@zorgcoordinatie.example")
    assert _kinds("Bel ons op 030-1234567 of mail info@zorgcoordinatie.example.") == []
    assert _kinds("Bel 030-7654321 of mail jan@zorgcoordinatie.example.") == ["a phone number", "an e-mail address"]


@pytest.mark.parametrize("text", ["Numer BSN 111222333", "BSN: 1112.22.333", "Het BSN is 111 222 333."])
def test_a_bsn_is_reported_as_a_bsn_and_not_also_as_the_phone_number_its_digits_could_be(text):
    """Nine digits that pass the eleven-test were refused as "a BSN and a phone number" (found by
    exploratory testing)."""
    assert _kinds(text) == ["a BSN"]


def test_a_phone_number_beside_a_bsn_is_still_a_phone_number():
    assert _kinds("BSN 111222333, bel haar op 06-12345678.") == ["a BSN", "a phone number"]


@pytest.mark.parametrize("text", ["Numer konta NL91 ABNA 0417 1643 00 zablokowany.", "IBAN NL91ABNA0417164300"])
def test_an_iban_is_reported_as_a_bank_account_and_not_also_as_the_phone_number_its_end_could_be(text):
    """Found by exploratory testing: "a phone number and a bank account number"."""
    assert _kinds(text) == ["a bank account number"]
    assert _kinds(f"{text} Bel 06-12345678.") == ["a phone number", "a bank account number"]


PEOPLE = ("someone in the signal", ["Jan de Vries", "Marek Kowalski"])
STAFF = ("someone at the organisation", ["Hanna Bos"])


def _known(text: str) -> list[str]:
    with translation.override("en"):
        return identifier_kinds(text, [PEOPLE, STAFF])


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        pytest.param("Wij hebben contact gehad met Jan de Vries, uw neef.", [PEOPLE[0]], id="no cue word"),
        pytest.param("Rozmawialiśmy z Markiem Kowalskim z agencji.", [PEOPLE[0]], id="declined in Polish"),
        pytest.param("Wij spraken meneer De Vries en JAN.", [PEOPLE[0]], id="a part, in capitals"),
        pytest.param("Pozdrawiam, Hanna Bos, Zorgcoördinatie Rotterdam", [STAFF[0]], id="a signature"),
        pytest.param("Mevrouw Bos belt u, net als Jan.", [PEOPLE[0], STAFF[0]], id="both, in the caller's order"),
        pytest.param("Ze heet Jan de Vries, tel 06-12345678.", [PEOPLE[0], "a phone number"], id="after a cue: once"),
    ],
)
def test_the_names_the_caller_knows_are_found_anywhere_and_reported_as_their_kind(text, kinds):
    assert _known(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Wij hebben uw melding gelezen en gaan ermee aan de slag.",
        "U kunt ons vinden in het bos achter het station.",
        "Wij gaan met de boer praten over de woonruimte.",
    ],
)
def test_a_known_surname_that_is_also_a_word_is_the_word_in_lower_case(text):
    with translation.override("en"):
        assert identifier_kinds(text, [STAFF, ("someone in the signal", ["Kees de Boer"])]) == []


def test_without_known_names_a_name_without_a_cue_is_not_found():
    """What callers without a context get, as before: the patterns alone."""
    assert _kinds("Wij hebben contact gehad met Jan de Vries, uw neef.") == []
