"""Compiled comparison kernels over packed encodings.

This module owns the hot loops: Sørensen-Dice over packed uint64 bit arrays and
the fused per-field Fellegi-Sunter score, both JIT-compiled with numba (parallel
over rows with ``prange``) and cached on disk (``cache=True``) so only the first
run on a machine pays the compile time. A pure NumPy fallback
(:func:`dice_matrix_numpy`) doubles as a reference in the tests.

Encodings are 2-D C-contiguous uint64 arrays, one row per record. Per-field
popcounts are precomputed once per stored encoding (:func:`field_popcounts`), so a
comparison costs one AND and one popcount per word.
"""

from __future__ import annotations

import types as types_module
from collections.abc import Callable
from typing import Any

import numba
import numpy as np
from numba import njit, prange, types
from numba.extending import intrinsic

__all__ = [
    "dice_matrix_numpy",
    "dice_one_to_many",
    "dice_pairs",
    "dice_top_k",
    "field_popcounts",
    "fs_score_one_to_many",
    "fs_score_pairs",
    "fs_score_pairs_serial",
    "popcount64",
]


@intrinsic
def _ctpop(typingctx, value):  # type: ignore[no-untyped-def]
    """LLVM's ctpop: one POPCNT (or a vector VPOPCNTQ) instruction on this CPU."""
    if not isinstance(value, types.Integer):
        return None

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        return builder.ctpop(args[0])

    return value(value), codegen


@njit(cache=True, inline="always")
def popcount64(value: np.uint64) -> np.uint64:
    """Number of set bits of a 64-bit word."""
    return _ctpop(value)


@njit(cache=True, parallel=True)
def field_popcounts(encodings: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Set bits per field (columns) and in total (last column), per record."""
    n = encodings.shape[0]
    nfields = offsets.shape[0] - 1
    out = np.zeros((n, nfields + 1), dtype=np.int32)
    for i in prange(n):
        total = 0
        for f in range(nfields):
            c = 0
            for w in range(offsets[f], offsets[f + 1]):
                c += popcount64(encodings[i, w])
            out[i, f] = c
            total += c
        out[i, nfields] = total
    return out


@njit(cache=True, parallel=True)
def dice_top_k(
    a: np.ndarray, a_count: np.ndarray, b: np.ndarray, b_count: np.ndarray, threshold: float, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All-pairs Dice of the whole encodings, keeping per row of ``a`` the best ``k`` of ``b`` above threshold.

    Returns (indices, scores, found): ``indices[i, :found[i]]`` are rows of ``b``,
    best first. This is the brute-force comparison the speed benchmark measures
    against anonlink's ``dice_coefficient_accelerated``.
    """
    na = a.shape[0]
    nb = b.shape[0]
    nwords = a.shape[1]
    idx = np.full((na, k), -1, dtype=np.int64)
    score = np.zeros((na, k), dtype=np.float32)
    found = np.zeros(na, dtype=np.int32)
    # Compare integers, not floats, in the inner loop: 2*inter >= t*(pa+pb).
    t = np.float32(threshold)
    for i in prange(na):
        pa = a_count[i]
        row = a[i]
        nfound = 0
        worst = t
        for j in range(nb):
            inter = 0
            for w in range(nwords):
                inter += popcount64(row[w] & b[j, w])
            denom = pa + b_count[j]
            if denom == 0:
                continue
            if np.float32(2 * inter) >= worst * np.float32(denom):
                s = np.float32(2 * inter) / np.float32(denom)
                # Insertion into the small sorted buffer.
                if nfound < k:
                    pos = nfound
                    nfound += 1
                else:
                    pos = k - 1
                    if s <= score[i, pos]:
                        continue
                while pos > 0 and score[i, pos - 1] < s:
                    score[i, pos] = score[i, pos - 1]
                    idx[i, pos] = idx[i, pos - 1]
                    pos -= 1
                score[i, pos] = s
                idx[i, pos] = j
                if nfound == k:
                    worst = max(t, score[i, k - 1])
        found[i] = nfound
    return idx, score, found


@njit(cache=True, parallel=True)
def dice_one_to_many(query: np.ndarray, query_count: int, stored: np.ndarray, stored_count: np.ndarray) -> np.ndarray:
    """Dice of one encoding against every stored one."""
    n = stored.shape[0]
    nwords = stored.shape[1]
    out = np.empty(n, dtype=np.float32)
    for j in prange(n):
        inter = 0
        for w in range(nwords):
            inter += popcount64(query[w] & stored[j, w])
        denom = query_count + stored_count[j]
        out[j] = np.float32(2 * inter) / np.float32(denom) if denom else np.float32(0.0)
    return out


@njit(cache=True, parallel=True)
def dice_pairs(a: np.ndarray, a_count: np.ndarray, b: np.ndarray, b_count: np.ndarray,
               left: np.ndarray, right: np.ndarray) -> np.ndarray:  # fmt: skip
    """Dice of the whole encodings for the listed pairs (a[left[p]], b[right[p]])."""
    n = left.shape[0]
    nwords = a.shape[1]
    out = np.empty(n, dtype=np.float32)
    for p in prange(n):
        i = left[p]
        j = right[p]
        inter = 0
        for w in range(nwords):
            inter += popcount64(a[i, w] & b[j, w])
        denom = a_count[i] + b_count[j]
        out[p] = np.float32(2 * inter) / np.float32(denom) if denom else np.float32(0.0)
    return out


@njit(cache=True, inline="always")
def _field_weight(
    x: np.ndarray, y: np.ndarray, xs: int, ys: int, nwords: int, px: int, py: int,
    cuts: np.ndarray, weights_row: np.ndarray,
) -> float:  # fmt: skip
    if px == 0 or py == 0:
        return 0.0
    inter = 0
    for w in range(nwords):
        inter += popcount64(x[xs + w] & y[ys + w])
    d = 2.0 * inter / (px + py)
    level = 0
    while level < cuts.shape[0] and d < cuts[level]:
        level += 1
    return weights_row[level]


@njit(cache=True, inline="always")
def _fs_score(
    x: np.ndarray, xc: np.ndarray, y: np.ndarray, yc: np.ndarray, offsets: np.ndarray,
    cuts: np.ndarray, weights: np.ndarray, swap_a: int, swap_b: int,
) -> float:  # fmt: skip
    nfields = offsets.shape[0] - 1
    total = 0.0
    for f in range(nfields):
        if f == swap_a or f == swap_b:
            continue
        total += _field_weight(x, y, offsets[f], offsets[f], offsets[f + 1] - offsets[f], xc[f], yc[f],
                               cuts, weights[f])  # fmt: skip
    if swap_a >= 0:
        na = offsets[swap_a + 1] - offsets[swap_a]
        nb = offsets[swap_b + 1] - offsets[swap_b]
        straight = _field_weight(x, y, offsets[swap_a], offsets[swap_a], na, xc[swap_a], yc[swap_a],
                                 cuts, weights[swap_a]) + _field_weight(
            x, y, offsets[swap_b], offsets[swap_b], nb, xc[swap_b], yc[swap_b], cuts, weights[swap_b])  # fmt: skip
        swapped = straight
        if na == nb:
            # Given and family name written the other way round by one organisation.
            swapped = _field_weight(x, y, offsets[swap_a], offsets[swap_b], na, xc[swap_a], yc[swap_b],
                                    cuts, weights[swap_a]) + _field_weight(
                x, y, offsets[swap_b], offsets[swap_a], na, xc[swap_b], yc[swap_a], cuts, weights[swap_b])  # fmt: skip
        total += max(straight, swapped)
    return total


def _fs_score_pairs_body(
    a: np.ndarray, a_counts: np.ndarray, b: np.ndarray, b_counts: np.ndarray, left: np.ndarray,
    right: np.ndarray, offsets: np.ndarray, cuts: np.ndarray, weights: np.ndarray, swap_a: int, swap_b: int,
) -> np.ndarray:  # fmt: skip
    """Fellegi-Sunter match weight for the listed pairs.

    ``cuts`` are descending Dice cut points that define agreement levels 0..L;
    ``weights[f, level]`` is the log2 likelihood ratio of that level for field f.
    A field missing on either side contributes 0. ``swap_a``/``swap_b`` name two
    fields (given and family name) that may also be compared crosswise, or -1.
    """
    n = left.shape[0]
    out = np.empty(n, dtype=np.float32)
    for p in prange(n):
        i = left[p]
        j = right[p]
        out[p] = _fs_score(a[i], a_counts[i], b[j], b_counts[j], offsets, cuts, weights, swap_a, swap_b)
    return out


def compile_variants(func: Callable[..., Any]) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """A parallel and a serial compiled version of one function that uses ``prange``.

    Each gets its own name, so numba's on-disk cache keeps them apart (it keys
    cached code by the function's name, not by the parallel flag).
    """
    variants = []
    for suffix, parallel in (("_parallel", True), ("_serial", False)):
        clone = types_module.FunctionType(func.__code__, func.__globals__, func.__name__ + suffix,
                                          func.__defaults__, func.__closure__)  # fmt: skip
        clone.__qualname__ = func.__qualname__ + suffix
        variants.append(njit(cache=True, parallel=parallel)(clone))
    return variants[0], variants[1]


#: ``fs_score_pairs_serial`` is the same on one thread: for the few candidates of one query,
#: where waking the thread pool costs more than the work.
fs_score_pairs, fs_score_pairs_serial = compile_variants(_fs_score_pairs_body)


@njit(cache=True, parallel=True)
def fs_score_one_to_many(
    query: np.ndarray, query_counts: np.ndarray, stored: np.ndarray, stored_counts: np.ndarray,
    offsets: np.ndarray, cuts: np.ndarray, weights: np.ndarray, swap_a: int, swap_b: int,
) -> np.ndarray:  # fmt: skip
    """Fellegi-Sunter match weight of one encoding against every stored one."""
    n = stored.shape[0]
    out = np.empty(n, dtype=np.float32)
    for j in prange(n):
        out[j] = _fs_score(query, query_counts, stored[j], stored_counts[j], offsets, cuts, weights,
                           swap_a, swap_b)  # fmt: skip
    return out


def dice_matrix_numpy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """All-pairs Dice with NumPy alone (``np.bitwise_count``): slow, simple, the fallback."""
    a_count = np.bitwise_count(a).sum(axis=1, dtype=np.int64)
    b_count = np.bitwise_count(b).sum(axis=1, dtype=np.int64)
    out = np.empty((a.shape[0], b.shape[0]), dtype=np.float32)
    for i in range(a.shape[0]):
        inter = np.bitwise_count(a[i] & b).sum(axis=1, dtype=np.int64)
        denom = a_count[i] + b_count
        with np.errstate(invalid="ignore", divide="ignore"):
            out[i] = np.where(denom > 0, 2.0 * inter / np.maximum(denom, 1), 0.0)
    return out


def set_threads(count: int) -> None:
    """Limit the kernels to ``count`` threads (for measuring single-threaded speed)."""
    numba.set_num_threads(count)
