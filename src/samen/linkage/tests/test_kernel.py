import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.linkage.kernel import (
    dice_matrix_numpy,
    dice_one_to_many,
    dice_pairs,
    dice_top_k,
    field_popcounts,
    popcount64,
)


def reference_dice(x, y):
    ones_x = sum(bin(int(w)).count("1") for w in x)
    ones_y = sum(bin(int(w)).count("1") for w in y)
    both = sum(bin(int(a) & int(b)).count("1") for a, b in zip(x, y, strict=True))
    return 2 * both / (ones_x + ones_y) if ones_x + ones_y else 0.0


words = st.integers(min_value=0, max_value=2**64 - 1)


@st.composite
def matrices(draw):
    width = draw(st.integers(1, 9))
    rows_a = draw(st.integers(1, 6))
    rows_b = draw(st.integers(1, 6))
    a = draw(st.lists(st.lists(words, min_size=width, max_size=width), min_size=rows_a, max_size=rows_a))
    b = draw(st.lists(st.lists(words, min_size=width, max_size=width), min_size=rows_b, max_size=rows_b))
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)


@settings(max_examples=60, deadline=None)
@given(matrices())
def test_the_compiled_dice_equals_a_plain_python_reference(ab):
    a, b = ab
    offsets = np.array([0, a.shape[1]], dtype=np.int64)
    ca = field_popcounts(a, offsets)[:, -1]
    cb = field_popcounts(b, offsets)[:, -1]
    expected = np.array([[reference_dice(x, y) for y in b] for x in a])
    assert np.allclose(dice_matrix_numpy(a, b), expected, atol=1e-6)
    assert np.allclose(dice_one_to_many(a[0], ca[0], b, cb), expected[0], atol=1e-6)
    left, right = np.nonzero(np.ones_like(expected, dtype=bool))
    assert np.allclose(dice_pairs(a, ca, b, cb, left, right), expected[left, right], atol=1e-6)
    idx, score, found = dice_top_k(a, ca, b, cb, 0.0, b.shape[0])
    for i in range(a.shape[0]):
        # Two empty encodings are not compared at all.
        assert found[i] == np.count_nonzero(ca[i] + cb > 0)
        kept = idx[i, : found[i]]
        assert np.allclose(score[i, : found[i]], expected[i, kept], atol=1e-6)
        assert np.all(np.diff(score[i, : found[i]]) <= 1e-7)


@given(words)
def test_popcount_counts_set_bits(value):
    assert popcount64(np.uint64(value)) == bin(value).count("1")


def test_top_k_keeps_only_pairs_above_the_threshold():
    a = np.array([[0b1111]], dtype=np.uint64)
    b = np.array([[0b1111], [0b0011], [0b10000]], dtype=np.uint64)
    offsets = np.array([0, 1], dtype=np.int64)
    counts_a = field_popcounts(a, offsets)[:, -1]
    idx, _, found = dice_top_k(a, counts_a, b, field_popcounts(b, offsets)[:, -1], 0.6, 2)
    assert found[0] == 2
    assert list(idx[0]) == [0, 1]
