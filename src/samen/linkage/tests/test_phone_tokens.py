import pytest

from samen.linkage.keys import demo_linkage_key
from samen.linkage.phone_tokens import normalise_phone, phone_token

KEY = demo_linkage_key("tests")


@pytest.mark.parametrize("written", ["06-12345678", "+31 6 1234 5678", "0031612345678", "06 12 34 56 78"])
def test_one_dutch_mobile_number_written_differently_gives_one_token(written):
    assert normalise_phone(written) == "+31612345678"
    assert phone_token(written, KEY) == phone_token("+31612345678", KEY)


def test_different_numbers_give_different_tokens():
    assert phone_token("06-12345678", KEY) != phone_token("06-12345679", KEY)


def test_tokens_depend_on_the_key():
    assert phone_token("06-12345678", KEY) != phone_token("06-12345678", demo_linkage_key("other"))


def test_foreign_numbers_keep_their_country_code():
    assert normalise_phone("+380 50 123 4567") == "+380501234567"


@pytest.mark.parametrize("nonsense", ["", "onbekend", "12", None])
def test_unusable_numbers_give_no_token(nonsense):
    assert phone_token(nonsense, KEY) is None
