import numpy as np
import pytest

from samen.linkage.blocking import BlockingConfig
from samen.linkage.encoding import EncodingError, encode_person
from samen.linkage.keys import demo_linkage_key
from samen.linkage.matcher import LinkageIndex
from samen.linkage.phone_tokens import phone_token
from samen.linkage.scoring import person_prior_model

KEY = demo_linkage_key("tests")

STORED = [
    ("a1", "politie", {"given_names": "Olena", "family_name": "Kovalenko", "date_of_birth": "1998-03-14",
                       "sex": "v", "place_of_birth": "Kharkiv"}),
    ("a2", "politie", {"given_names": "Jan", "family_name": "de Vries", "date_of_birth": "1975-11-02",
                       "sex": "m", "place_of_birth": "Zwolle"}),
    ("b1", "gemeente", {"given_names": "Fatima", "family_name": "El Amrani", "date_of_birth": "2001-05-20",
                        "sex": "v", "place_of_birth": "Nador"}),
    ("b2", "gemeente", {"given_names": "Maria", "family_name": "van der Berg", "date_of_birth": "1990-07-01",
                        "sex": "v", "place_of_birth": "Utrecht"}),
    ("c1", "coa", {"given_names": "Maria", "family_name": "Jansen", "date_of_birth": "1990-07-01",
                   "sex": "v", "place_of_birth": "Utrecht"}),
]  # fmt: skip


@pytest.fixture
def index():
    index = LinkageIndex(person_prior_model())
    for encoding_id, org, person in STORED:
        index.add(encoding_id, org, encode_person(person, KEY))
    return index


def found(index, person, org="inspectie", **kwargs):
    return [c.encoding_id for c in index.query(encode_person(person, KEY), org, **kwargs)]


def test_a_known_person_written_differently_by_another_organisation_is_found(index):
    olena = {"given_names": "Олена", "family_name": "КОВАЛЕНКО", "date_of_birth": "14-03-1998", "sex": "vrouw",
             "place_of_birth": "Charkov"}  # fmt: skip
    assert found(index, olena) == ["a1"]


def test_a_typo_and_a_missing_field_still_match_best(index):
    hits = found(index, {"given_names": "Maria", "family_name": "Berg, van den", "date_of_birth": "1 juli 1990",
                         "sex": "v"})  # fmt: skip
    # Maria Jansen, born the same day, is a possible link too (a changed family name) but a weaker one.
    assert hits[0] == "b2"


def test_swapped_given_and_family_name_still_match(index):
    assert found(index, {"given_names": "de Vries", "family_name": "Jan", "date_of_birth": "02-11-1975",
                         "sex": "m", "place_of_birth": "Zwolle"}) == ["a2"]  # fmt: skip


def test_a_different_person_with_the_same_first_name_is_not_a_match(index):
    assert found(index, {"given_names": "Maria", "family_name": "Bakker", "date_of_birth": "1985-02-11",
                         "sex": "v", "place_of_birth": "Zwolle"}) == []  # fmt: skip


def test_a_different_person_born_on_the_same_day_elsewhere_is_not_a_match(index):
    assert found(index, {"given_names": "Sanne", "family_name": "Bakker", "date_of_birth": "1990-07-01",
                         "sex": "v", "place_of_birth": "Zwolle"}) == []  # fmt: skip


def test_records_of_the_querying_organisation_itself_are_skipped(index):
    assert found(index, STORED[0][2], org="politie") == []
    assert found(index, STORED[0][2], org="gemeente") == ["a1"]


def test_exhaustive_and_blocked_search_agree(index):
    for _, _, person in STORED:
        assert found(index, person, exhaustive=True) == found(index, person)


def test_phone_tokens_are_an_independent_signal(index):
    index.add("d1", "zorg", encode_person({"given_names": "Onbekend"}, KEY), [phone_token("06-12345678", KEY)])
    hits = index.query(encode_person({"given_names": "X"}, KEY), "politie", [phone_token("+31 6 1234 5678", KEY)])
    assert [(c.encoding_id, c.phone_match, c.weight) for c in hits] == [("d1", True, None)]


def test_the_index_is_rebuilt_from_stored_bytes(index):
    rows = [(i, org, encode_person(p, KEY).to_bytes()) for i, org, p in STORED]
    rebuilt = LinkageIndex.from_rows(rows, person_prior_model())
    assert len(rebuilt) == len(STORED)
    assert np.array_equal(rebuilt.encodings, index.encodings)
    assert found(rebuilt, STORED[3][2]) == found(index, STORED[3][2])


def test_add_and_match_compares_first_and_stores_after(index):
    person = {**STORED[1][2], "family_name": "Vries, de"}
    assert [c.encoding_id for c in index.add_and_match("e1", "reclassering", encode_person(person, KEY))] == ["a2"]
    assert "e1" in found(index, person)


def test_encodings_under_another_key_are_refused(index):
    with pytest.raises(EncodingError):
        index.query(encode_person(STORED[0][2], demo_linkage_key("other")), "x")


def test_swapped_names_are_found_by_blocking_alone(index):
    # Only the names agree (crosswise): no straight two-field view could collide.
    query = encode_person({"given_names": "Kovalenko", "family_name": "Olena"}, KEY)
    stored = encode_person({"given_names": "Olena", "family_name": "Kovalenko"}, KEY)
    from samen.linkage.blocking import blocked_pairs
    from samen.linkage.encoding import PERSON_SCHEMA
    from samen.linkage.matcher import PERSON_BLOCKING

    left, _ = blocked_pairs(stored.words[None, :], query.words[None, :], PERSON_SCHEMA, PERSON_BLOCKING)
    assert left.size == 1


def test_stored_rows_are_found_by_their_blocking_tokens():
    # Band keys only of the (absent) sex, so only the blocking tokens stored in the bytes can find the record.
    no_band_keys = BlockingConfig(views=(("sex",),))
    stored = encode_person({"given_names": "Jan", "family_name": "Vos", "date_of_birth": "1970-03-05"}, KEY)
    index = LinkageIndex.from_rows([("v1", "politie", stored.to_bytes())], person_prior_model(), blocking=no_band_keys)
    query = encode_person({"given_names": "Jaap", "family_name": "Bos", "date_of_birth": "1971-03-05"}, KEY)
    assert [c.encoding_id for c in index.query(query, "zorg", threshold=-np.inf)] == ["v1"]
    assert index.query(query.words, "zorg", threshold=-np.inf) == []
