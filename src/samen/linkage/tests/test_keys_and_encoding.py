import base64

import numpy as np
import pytest

from samen.linkage.encoding import PERSON_SCHEMA, PersonEncoding, blocking_tokens, encode_person
from samen.linkage.kernel import dice_matrix_numpy
from samen.linkage.keys import LinkageKey, LinkageKeyError, demo_linkage_key, load_linkage_key

KEY = demo_linkage_key("tests")
PERSON = {"given_names": "Maria", "family_name": "van der Berg", "date_of_birth": "1990-07-01", "sex": "V",
          "place_of_birth": "Utrecht"}  # fmt: skip


def dice(x, y):
    return float(dice_matrix_numpy(x.words[None, :], y.words[None, :])[0, 0])


@pytest.mark.parametrize(
    "variant",
    [
        {"family_name": "Berg, van der"},
        {"family_name": "VAN DER BERG", "given_names": "MARIA"},
        {"given_names": "María"},
        {"date_of_birth": "01-07-1990"},
        {"date_of_birth": "1 juli 1990"},
        {"sex": "vrouw", "place_of_birth": "utrecht "},
    ],
)
def test_encodings_are_stable_under_formatting_noise(variant):
    assert encode_person({**PERSON, **variant}, KEY) == encode_person(PERSON, KEY)


def test_different_keys_give_unrelated_encodings():
    other = demo_linkage_key("another organisation group")
    assert dice(encode_person(PERSON, KEY), encode_person(PERSON, other)) < 0.5


def test_a_typo_lowers_similarity_but_keeps_it_high():
    typo = encode_person({**PERSON, "family_name": "van der Burg"}, KEY)
    assert 0.6 < dice(typo, encode_person(PERSON, KEY)) < 1.0


def test_the_same_name_born_in_another_year_is_salted_differently():
    a = encode_person({"given_names": "Maria", "date_of_birth": "1990"}, KEY).words
    b = encode_person({"given_names": "Maria", "date_of_birth": "1991"}, KEY).words
    names = slice(PERSON_SCHEMA.offsets[0], PERSON_SCHEMA.offsets[1])
    assert not np.array_equal(a[names], b[names])


def test_an_encoding_survives_a_round_trip_through_bytes():
    encoding = encode_person(PERSON, KEY)
    again = PersonEncoding.from_bytes(encoding.to_bytes())
    assert again == encoding
    assert again.schema_version == PERSON_SCHEMA.version
    assert again.key_fingerprint == KEY.fingerprint()
    assert encoding.tokens.size > 0
    assert np.array_equal(again.tokens, encoding.tokens)


def test_an_encoding_stored_without_blocking_tokens_is_still_read():
    encoding = encode_person(PERSON, KEY)
    with_tokens = encoding.to_bytes()
    # Format 1 was the header (its third byte the format) and the words, without a token count and tokens.
    words_end = len(with_tokens) - 4 - 8 * encoding.tokens.size
    before_tokens = with_tokens[:2] + bytes([1]) + with_tokens[3:words_end]
    again = PersonEncoding.from_bytes(before_tokens)
    assert np.array_equal(again.words, encoding.words)
    assert again.tokens.size == 0


def test_blocking_tokens_are_keyed():
    other = demo_linkage_key("another organisation group")
    assert not set(blocking_tokens(PERSON, KEY).tolist()) & set(blocking_tokens(PERSON, other).tolist())


def test_an_empty_record_encodes_to_no_bits():
    assert not encode_person({}, KEY).words.any()


def test_the_key_is_read_from_hex_or_base64_in_the_environment():
    secret = bytes(range(32))
    assert load_linkage_key({"SAMEN_LINKAGE_KEY": secret.hex()}).secret == secret
    assert load_linkage_key({"SAMEN_LINKAGE_KEY": base64.b64encode(secret).decode(),
                             "SAMEN_LINKAGE_KEY_VERSION": "3"}).version == 3  # fmt: skip


def test_the_key_is_read_from_a_file(tmp_path):
    path = tmp_path / "linkage.key"
    path.write_text(bytes(range(32, 64)).hex())
    assert load_linkage_key({"SAMEN_LINKAGE_KEY_FILE": str(path)}).secret == bytes(range(32, 64))


def test_a_missing_key_is_a_clear_error():
    with pytest.raises(LinkageKeyError, match="SAMEN_LINKAGE_KEY"):
        load_linkage_key({})


def test_a_short_key_is_refused():
    with pytest.raises(LinkageKeyError):
        LinkageKey(b"too short", 1)


def test_the_key_never_shows_in_its_repr():
    assert KEY.secret.hex() not in repr(KEY)
