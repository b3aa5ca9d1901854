import numpy as np

from samen.linkage.encoding import PERSON_SCHEMA, encode_person
from samen.linkage.kernel import dice_matrix_numpy
from samen.linkage.keys import demo_linkage_key
from samen.linkage.scoring import greedy_one_to_one

KEY = demo_linkage_key("tests")


def test_one_to_one_keeps_each_record_in_its_best_pair_only():
    left = np.array([0, 0, 1, 1, 2])
    right = np.array([0, 1, 0, 1, 1])
    scores = np.array([20.0, 15.0, 18.0, 12.0, 30.0])
    keep = greedy_one_to_one(left, right, scores)
    # (2, 1) is best; then (0, 0); (1, 0) and (1, 1) are taken by then.
    assert [(int(i), int(j)) for i, j in zip(left[keep], right[keep], strict=True)] == [(0, 0), (2, 1)]


def test_one_to_one_of_nothing_is_nothing():
    assert greedy_one_to_one(np.zeros(0, int), np.zeros(0, int), np.zeros(0)).size == 0


def dob_dice(x, y):
    f = PERSON_SCHEMA.field_index("date_of_birth")
    part = slice(PERSON_SCHEMA.offsets[f], PERSON_SCHEMA.offsets[f + 1])
    ex = encode_person({"date_of_birth": x}, KEY).words[part]
    ey = encode_person({"date_of_birth": y}, KEY).words[part]
    return float(dice_matrix_numpy(ex[None, :], ey[None, :])[0, 0])


def test_unrelated_dates_of_birth_look_unlike_despite_sharing_the_century():
    assert dob_dice("1975-11-02", "1961-04-27") < 0.35


def test_a_date_with_day_and_month_exchanged_stays_closer_than_another_date():
    swapped = dob_dice("1990-07-01", "1990-01-07")
    assert swapped > dob_dice("1990-07-01", "1990-03-24")
    assert dob_dice("1990-07-01", "1990-07-02") > 0.6
