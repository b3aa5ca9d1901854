import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.linkage.blocking import BlockingIndex, TokenIndex, blocked_pairs, candidate_pairs, probe_keys, token_pairs
from samen.linkage.encoding import PERSON_SCHEMA, encode_many, encode_tokens_many
from samen.linkage.keys import demo_linkage_key
from samen.linkage.matcher import PERSON_BLOCKING

KEY = demo_linkage_key("tests")
GIVEN = ["olena", "jan", "fatima", "maria", "pieter", "anna", "mohammed", "iryna", "sanne", "daan", "lucas", "emma",
         "noah", "julia", "sem", "tess", "oleksandr", "natalia", "youssef", "amira"]  # fmt: skip
FAMILY = ["kovalenko", "devries", "elamrani", "vandenberg", "jansen", "bakker", "visser", "smit", "meijer",
          "shevchenko", "bondarenko", "mulder", "bos", "vos", "peters", "hendriks", "dekker", "brouwer"]  # fmt: skip
PLACES = ["utrecht", "zwolle", "kharkiv", "nador", "amsterdam", "rotterdam", "lviv", "odesa", "tilburg", "breda"]


def people(n, seed):
    rng = np.random.default_rng(seed)
    return [{"given_names": GIVEN[rng.integers(len(GIVEN))], "family_name": FAMILY[rng.integers(len(FAMILY))],
             "date_of_birth": f"{rng.integers(1950, 2010)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}",
             "place_of_birth": PLACES[rng.integers(len(PLACES))]} for _ in range(n)]  # fmt: skip


def typo(word, rng):
    i = int(rng.integers(1, len(word)))
    return word[:i] + "x" + word[i + 1 :]


def corrupt(person, rng, errors):
    """Clerical errors: a typo in a name, a missing place, names exchanged, a digit in the date."""
    out = dict(person)
    for error in rng.choice(4, size=errors, replace=False):
        if error == 0:
            field = "given_names" if rng.random() < 0.5 else "family_name"
            out[field] = typo(out[field], rng)
        elif error == 1:
            out["place_of_birth"] = None
        elif error == 2:
            out["given_names"], out["family_name"] = out["family_name"], out["given_names"]
        else:
            date = out["date_of_birth"]
            out["date_of_birth"] = date[:3] + str((int(date[3]) + 1) % 10) + date[4:]
    return out


def blocked(a_people, b_people):
    a, b = encode_many(a_people, KEY, PERSON_SCHEMA), encode_many(b_people, KEY, PERSON_SCHEMA)
    left, right = blocked_pairs(a, b, PERSON_SCHEMA, PERSON_BLOCKING, tokens_a=encode_tokens_many(a_people, KEY),
                                tokens_b=encode_tokens_many(b_people, KEY))  # fmt: skip
    return set(zip(left.tolist(), right.tolist(), strict=True))


def test_blocking_finds_planted_duplicates_and_few_other_pairs():
    rng = np.random.default_rng(7)
    originals = people(1500, 1)
    planted = [corrupt(p, rng, 1) for p in originals[:250]] + [corrupt(p, rng, 2) for p in originals[250:500]]
    found = blocked(originals, planted + people(1000, 2))
    assert all((i, i) in found for i in range(500))
    # With 20 given names, 18 family names and 10 places about 1.5% of unrelated pairs share two
    # fields exactly, and more up to a typo; blocking keeps those and little else.
    assert len(found) < 0.06 * 1500 * 1500


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 4), st.integers(1, 2), st.integers(0, 2**32 - 1))
def test_candidate_pairs_are_exactly_the_pairs_sharing_a_key(na, nb, width, probes, seed):
    rng = np.random.default_rng(seed)

    # Like band_keys: 0 is "no key", and keys of different bands never coincide.
    def keys(n, columns):
        values = rng.integers(0, 4, (n, columns)).astype(np.uint64)
        band = (np.arange(columns) % width).astype(np.uint64)
        return np.where(values > 0, (values + np.uint64(8) * band) << np.uint64(40), np.uint64(0))

    keys_a = keys(na, width)
    keys_b = keys(nb, width * probes)
    left, right = candidate_pairs(keys_a, keys_b)
    expected = {
        (i, j)
        for i in range(na)
        for j in range(nb)
        for c in range(width * probes)
        if keys_b[j, c] != 0 and keys_b[j, c] == keys_a[i, c % width]
    }
    assert set(zip(left.tolist(), right.tolist(), strict=True)) == expected
    assert len(expected) == left.size


def test_the_incremental_index_finds_what_the_batch_join_finds():
    a = encode_many(people(300, 3), KEY, PERSON_SCHEMA)
    b = encode_many(people(50, 4), KEY, PERSON_SCHEMA)
    left, right = blocked_pairs(a, b, PERSON_SCHEMA, PERSON_BLOCKING)
    index = BlockingIndex(PERSON_BLOCKING.total_bands, merge_every=64)
    index.add_many(0, probe_keys(a[:100], PERSON_SCHEMA, PERSON_BLOCKING)[:, : PERSON_BLOCKING.total_bands])
    for row in range(100, 300):
        index.add(row, probe_keys(a[row : row + 1], PERSON_SCHEMA, PERSON_BLOCKING)[0, : PERSON_BLOCKING.total_bands])
    probes = probe_keys(b, PERSON_SCHEMA, PERSON_BLOCKING)
    for j in range(b.shape[0]):
        assert set(index.query(probes[j]).tolist()) == set(left[right == j].tolist())


@pytest.mark.parametrize(
    "written",
    [
        # A typo in both short names, and another year of birth, so the salted name filters differ too.
        {"given_names": "Jaap", "family_name": "Bos", "date_of_birth": "1971-03-05", "place_of_birth": None},
        # Names the other way round, one of them another name, and two digits of the date exchanged.
        {"given_names": "Vos", "family_name": "Jansen", "date_of_birth": "1970-03-50", "place_of_birth": None},
        # Day and month exchanged, and no names.
        {"given_names": None, "family_name": None, "date_of_birth": "1970-05-03", "place_of_birth": "Zwolle"},
    ],
)
def test_blocking_finds_a_pair_with_typos_that_minhash_of_short_names_misses(written):
    original = {"given_names": "Jan", "family_name": "Vos", "date_of_birth": "1970-03-05", "place_of_birth": "Zwolle"}
    others = people(500, 5)
    assert (0, 0) in blocked([original, *others], [written, *others])


def test_unrelated_records_are_not_all_candidates():
    # With 20 given names, 18 family names and 10 places, many unrelated pairs share two fields
    # up to a typo; still the great majority of pairs is not a candidate.
    pairs = blocked(people(400, 8), people(400, 9))
    assert len(pairs) < 0.1 * 400 * 400


def test_the_token_index_finds_what_the_batch_join_finds():
    tokens_a = encode_tokens_many(people(300, 3), KEY, PERSON_SCHEMA)
    tokens_b = encode_tokens_many(people(50, 4), KEY, PERSON_SCHEMA)
    left, right = token_pairs(tokens_a, tokens_b)
    index = TokenIndex(merge_every=500)
    index.add_many(0, tokens_a[:100])
    for row in range(100, 300):
        index.add(row, tokens_a[row])
    for j in range(len(tokens_b)):
        assert set(index.query(tokens_b[j]).tolist()) == set(left[right == j].tolist())
    self_left, self_right = index.pairs()
    batch_left, batch_right = token_pairs(tokens_a, tokens_a)
    assert set(zip(self_left.tolist(), self_right.tolist(), strict=True)) == {
        (i, j) for i, j in zip(batch_left.tolist(), batch_right.tolist(), strict=True) if i < j
    }
