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
