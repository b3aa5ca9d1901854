"""Fellegi-Sunter scoring of field-level encodings, learnt without labels.

This module owns the answer to "how likely is this candidate pair the same
person?". For every field the Dice coefficient of the two field Bloom filters is
cut into agreement levels (exact, close, partial, ..., different; a field
missing on either side says nothing). A :class:`MatchModel` holds, per field and
level, m (the probability of that level for a true match) and u (for a
non-match); a pair's match weight is the sum of log2(m/u) over its fields.

Learning needs no labelled pairs:

* u is first estimated from random pairs, which are almost all non-matches;
* m, u and the share of matches among the blocked candidates are then fitted
  with expectation-maximisation on the candidates' agreement patterns;
* the threshold is the match weight that maximises the *expected* F1 under the
  fitted model (each candidate counts as a match with its posterior probability).

Given and family name may be compared crosswise; the orientation with the
higher match weight wins, so "Jan Berg" and "Berg Jan" score alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from samen.linkage.encoding import PERSON_SCHEMA, EncodingSchema
from samen.linkage.kernel import field_popcounts, fs_score_pairs, popcount64

__all__ = [
    "DEFAULT_CUTS",
    "MatchModel",
    "agreement_levels",
    "choose_threshold",
    "fit_match_model",
    "greedy_one_to_one",
    "person_prior_model",
    "score_pairs",
]

#: Dice cut points, highest first: level 0 is Dice >= 0.97, the last level below 0.45.
DEFAULT_CUTS = (0.97, 0.9, 0.82, 0.72, 0.6, 0.45)


@dataclass(frozen=True, slots=True)
class MatchModel:
    """Per-field m and u probabilities per agreement level, and the match threshold (in bits)."""

    schema_version: int
    cuts: tuple[float, ...]
    m: np.ndarray
    u: np.ndarray
    match_share: float
    threshold: float

    @property
    def weights(self) -> np.ndarray:
        """log2(m/u) per field (rows) and level (columns)."""
        return np.log2(self.m / self.u)

    def to_json(self) -> str:
        """Serialise for storage next to the encodings (contains no personal data)."""
        return json.dumps(
            {
                "schema_version": self.schema_version,
                "cuts": list(self.cuts),
                "m": self.m.tolist(),
                "u": self.u.tolist(),
                "match_share": self.match_share,
                "threshold": self.threshold,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> MatchModel:
        """Read a model written by :meth:`to_json`."""
        data = json.loads(text)
        return cls(
            schema_version=int(data["schema_version"]),
            cuts=tuple(float(c) for c in data["cuts"]),
            m=np.asarray(data["m"], dtype=np.float64),
            u=np.asarray(data["u"], dtype=np.float64),
            match_share=float(data["match_share"]),
            threshold=float(data["threshold"]),
        )


def swap_indices(schema: EncodingSchema) -> tuple[int, int]:
    """Field positions of the two name fields compared crosswise, or (-1, -1)."""
    if not schema.swap_fields:
        return -1, -1
    return schema.field_index(schema.swap_fields[0]), schema.field_index(schema.swap_fields[1])


@njit(cache=True, inline="always")
def _level(x: np.ndarray, y: np.ndarray, xs: int, ys: int, nwords: int, px: int, py: int, cuts: np.ndarray,
           dice_out: np.ndarray, f: int) -> int:  # fmt: skip
    if px == 0 or py == 0:
        dice_out[f] = -1.0
        return -1
    inter = 0
    for w in range(nwords):
        inter += popcount64(x[xs + w] & y[ys + w])
    d = 2.0 * inter / (px + py)
    dice_out[f] = d
    level = 0
    while level < cuts.shape[0] and d < cuts[level]:
        level += 1
    return level


@njit(cache=True, parallel=True)
def _levels(a: np.ndarray, ac: np.ndarray, b: np.ndarray, bc: np.ndarray, left: np.ndarray, right: np.ndarray,
            offsets: np.ndarray, cuts: np.ndarray, swap_a: int, swap_b: int) -> np.ndarray:  # fmt: skip
    n = left.shape[0]
    nfields = offsets.shape[0] - 1
    out = np.empty((n, nfields), dtype=np.int8)
    for p in prange(n):
        i = left[p]
        j = right[p]
        dice = np.empty(nfields, dtype=np.float64)
        for f in range(nfields):
            out[p, f] = _level(a[i], b[j], offsets[f], offsets[f], offsets[f + 1] - offsets[f], ac[i, f],
                               bc[j, f], cuts, dice, f)  # fmt: skip
        if swap_a >= 0 and offsets[swap_a + 1] - offsets[swap_a] == offsets[swap_b + 1] - offsets[swap_b]:
            nw = offsets[swap_a + 1] - offsets[swap_a]
            crossed = np.empty(2, dtype=np.float64)
            la = _level(a[i], b[j], offsets[swap_a], offsets[swap_b], nw, ac[i, swap_a], bc[j, swap_b], cuts,
                        crossed, 0)  # fmt: skip
            lb = _level(a[i], b[j], offsets[swap_b], offsets[swap_a], nw, ac[i, swap_b], bc[j, swap_a], cuts,
                        crossed, 1)  # fmt: skip
            if crossed[0] + crossed[1] > max(dice[swap_a], 0.0) + max(dice[swap_b], 0.0) + 0.5:
                out[p, swap_a] = la
                out[p, swap_b] = lb
    return out


def agreement_levels(
    a: np.ndarray, b: np.ndarray, left: np.ndarray, right: np.ndarray, schema: EncodingSchema,
    cuts: tuple[float, ...] = DEFAULT_CUTS,
) -> np.ndarray:  # fmt: skip
    """Agreement level per field (-1 = missing) for each listed pair."""
    offsets = np.asarray(schema.offsets, dtype=np.int64)
    ac = field_popcounts(a, offsets)
    bc = field_popcounts(b, offsets)
    sa, sb = swap_indices(schema)
    return _levels(a, ac, b, bc, left, right, offsets, np.asarray(cuts, dtype=np.float64), sa, sb)


def _pattern_counts(levels: np.ndarray, nlevels: int, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes = np.zeros(levels.shape[0], dtype=np.int64)
    for f in range(levels.shape[1]):
        codes = codes * (nlevels + 1) + (levels[:, f].astype(np.int64) + 1)
    uniq, inverse = np.unique(codes, return_inverse=True)
    counts = np.bincount(inverse, weights=weights)
    patterns = np.empty((uniq.size, levels.shape[1]), dtype=np.int64)
    rest = uniq.copy()
    for f in reversed(range(levels.shape[1])):
        patterns[:, f] = rest % (nlevels + 1) - 1
        rest //= nlevels + 1
    return patterns, counts


def _log_likelihood(patterns: np.ndarray, probs: np.ndarray) -> np.ndarray:
    out = np.zeros(patterns.shape[0])
    for f in range(patterns.shape[1]):
        present = patterns[:, f] >= 0
        out[present] += np.log(probs[f, patterns[present, f]])
    return out


def fit_match_model(
    candidate_levels: np.ndarray, random_levels: np.ndarray, schema: EncodingSchema,
    total_pairs: int, cuts: tuple[float, ...] = DEFAULT_CUTS, iterations: int = 300,
) -> MatchModel:  # fmt: skip
    """Learn m, u, the match share and a threshold from unlabelled pairs.

    ``candidate_levels`` are the agreement levels of the blocked candidate pairs,
    ``random_levels`` those of random pairs, and ``total_pairs`` the number of
    pairs that could be formed at all. The random pairs stand in for the pairs
    that blocking left out, so EM sees the whole population of pairs: fitted on
    the candidates alone, the non-matches would look far too similar (blocking
    picked them for agreeing on some fields) and the weights would come out too
    small.
    """
    nlevels = len(cuts) + 1
    nfields = candidate_levels.shape[1]
    smoothing = 0.5
    u = np.full((nfields, nlevels), smoothing)
    for f in range(nfields):
        col = random_levels[:, f]
        u[f] += np.bincount(col[col >= 0], minlength=nlevels)[:nlevels]
    u /= u.sum(axis=1, keepdims=True)
    # Start m from "true matches mostly agree exactly, sometimes closely".
    m = np.tile(np.geomspace(1.0, 0.02, nlevels), (nfields, 1))
    m /= m.sum(axis=1, keepdims=True)
    outside = max(total_pairs - candidate_levels.shape[0], 0) / max(random_levels.shape[0], 1)
    patterns, counts = _pattern_counts(
        np.concatenate([candidate_levels, random_levels]),
        nlevels,
        np.concatenate([np.ones(candidate_levels.shape[0]), np.full(random_levels.shape[0], outside)]),
    )
    share = max(candidate_levels.shape[0] / max(total_pairs, 1), 1e-6) * 0.5
    for _ in range(iterations):
        log_m = _log_likelihood(patterns, m) + np.log(share)
        log_u = _log_likelihood(patterns, u) + np.log1p(-share)
        post = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
        w_m = counts * post
        w_u = counts * (1 - post)
        new_share = w_m.sum() / counts.sum()
        new_m = np.full((nfields, nlevels), 1e-3)
        new_u = np.full((nfields, nlevels), 1e-3)
        for f in range(nfields):
            present = patterns[:, f] >= 0
            new_m[f] += np.bincount(patterns[present, f], weights=w_m[present], minlength=nlevels)
            new_u[f] += np.bincount(patterns[present, f], weights=w_u[present], minlength=nlevels)
        new_m /= new_m.sum(axis=1, keepdims=True)
        new_u /= new_u.sum(axis=1, keepdims=True)
        converged = np.abs(new_m - m).max() < 1e-6 and abs(new_share - share) < 1e-8
        m, u, share = new_m, new_u, float(np.clip(new_share, 1e-6, 1 - 1e-6))
        if converged:
            break
    weights = np.log2(m / u)
    pattern_weights = np.zeros(patterns.shape[0])
    for f in range(nfields):
        present = patterns[:, f] >= 0
        pattern_weights[present] += weights[f, patterns[present, f]]
    threshold = choose_threshold(pattern_weights, counts, share)
    return MatchModel(schema.version, tuple(cuts), m, u, share, threshold)


def choose_threshold(pattern_weights: np.ndarray, counts: np.ndarray, share: float) -> float:
    """The match weight that maximises expected F1, where each pair is a match with its posterior."""
    prior_odds = np.log2(share / (1 - share))
    posterior = 1.0 / (1.0 + np.exp2(-(pattern_weights + prior_odds)))
    order = np.argsort(-pattern_weights)
    w_sorted = pattern_weights[order]
    tp = np.cumsum(counts[order] * posterior[order])
    predicted = np.cumsum(counts[order])
    expected_matches = float((counts * posterior).sum())
    f1 = 2 * tp / (predicted + expected_matches)
    best = int(np.argmax(f1))
    below = w_sorted[best + 1] if best + 1 < w_sorted.size else w_sorted[best] - 1.0
    return float((w_sorted[best] + below) / 2)


def score_pairs(
    a: np.ndarray, b: np.ndarray, left: np.ndarray, right: np.ndarray, schema: EncodingSchema,
    model: MatchModel, a_counts: np.ndarray | None = None, b_counts: np.ndarray | None = None,
) -> np.ndarray:  # fmt: skip
    """Match weight (bits) of each listed pair under the model."""
    offsets = np.asarray(schema.offsets, dtype=np.int64)
    ac = field_popcounts(a, offsets) if a_counts is None else a_counts
    bc = field_popcounts(b, offsets) if b_counts is None else b_counts
    sa, sb = swap_indices(schema)
    return fs_score_pairs(a, ac, b, bc, left, right, offsets, np.asarray(model.cuts, dtype=np.float64),
                          model.weights, sa, sb)  # fmt: skip


def greedy_one_to_one(left: np.ndarray, right: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Boolean mask keeping each record in at most one pair, best scores first."""
    order = np.argsort(-scores, kind="stable")
    used_left: set[int] = set()
    used_right: set[int] = set()
    keep = np.zeros(scores.shape[0], dtype=bool)
    for p in order:
        i, j = int(left[p]), int(right[p])
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        keep[p] = True
    return keep


def person_prior_model() -> MatchModel:
    """A starting model for :data:`~samen.linkage.encoding.PERSON_SCHEMA` until enough real encodings exist.

    Fitted without labels (:func:`fit_match_model`) on the thin-record version of
    the synthetic FEBRL4 data set (given name, family name, date of birth,
    suburb as place); the sex row, absent there, is set by hand, and levels that
    never occurred there are floored at 1e-5 so they weigh nothing either way. Replace it with
    :meth:`samen.linkage.matcher.LinkageIndex.refit_model` once the platform holds
    a few thousand encodings.
    """
    m = np.array(
        (
            (0.663684, 0.000465264, 0.0591207, 0.0790456, 0.0867363, 0.033798, 0.0771498),
            (0.673666, 0.000721154, 0.0374141, 0.105839, 0.0477391, 0.0598713, 0.0747499),
            (0.931476, 1e-05, 1e-05, 0.00509186, 0.0214159, 0.0194509, 0.0225647),
            (0.97, 0.001, 0.001, 0.001, 0.001, 0.001, 0.025),
            (0.809493, 0.00386883, 0.034291, 0.0687458, 0.0144549, 0.00528876, 0.0638576),
        )
    )
    u = np.array(
        (
            (1.92364e-05, 1e-05, 0.000903547, 0.00287767, 0.00154784, 0.0158581, 0.978786),
            (4.76968e-05, 1.06883e-05, 0.000849074, 0.00296127, 0.000761212, 0.0118177, 0.983552),
            (3.52014e-05, 1e-05, 3.36306e-05, 0.000856391, 0.00335763, 0.027725, 0.967992),
            (0.5, 0.001, 0.001, 0.001, 0.001, 0.001, 0.495),
            (0.00111328, 1e-05, 5.37145e-05, 0.000204444, 0.00127651, 0.0360929, 0.961259),
        )
    )
    m /= m.sum(axis=1, keepdims=True)
    u /= u.sum(axis=1, keepdims=True)
    return MatchModel(
        schema_version=PERSON_SCHEMA.version, cuts=DEFAULT_CUTS, m=m, u=u,
        match_share=0.000369416, threshold=11.4656,
    )  # fmt: skip
