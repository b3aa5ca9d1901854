"""A frequency-alignment attack on field Bloom filters, to measure the hardening.

This module owns the attack the benchmark runs. It plays an insider who holds
the stored encodings but not the key, plus a public table of how often each
first name occurs. Deterministic encodings give identical filters for identical
names, so the attacker counts how often each distinct filter occurs, ranks the
filters and the public names by frequency and assigns them rank by rank. The
share of records whose first name comes out right is the measure.

Salting by year of birth splits one name's filter into one filter per year,
which flattens exactly the frequency profile this attack needs; XOR-folding
does not change it (identical names still fold to identical filters) but
defeats attacks that map single bit positions to n-grams. The pattern-mining
attacks of Christen et al. (2017), which work on bit positions instead of whole
filters, are not implemented here; see the threat model in ``samen.linkage``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

__all__ = ["frequency_alignment_attack", "reidentified_share"]


def frequency_alignment_attack(filters: np.ndarray, public_frequencies: Sequence[tuple[str, int]]) -> list[str | None]:
    """Guess the value behind each filter by aligning filter and name frequency ranks.

    ``filters`` is an (n, words) uint64 matrix of one field's Bloom filters;
    ``public_frequencies`` lists (name, count) pairs. Returns one guess per row
    (None where the attacker ran out of names or the filter is empty).
    """
    rows = [row.tobytes() for row in np.ascontiguousarray(filters)]
    empty = bytes(filters.shape[1] * 8)
    counts = Counter(r for r in rows if r != empty)
    names = [name for name, _ in sorted(public_frequencies, key=lambda item: (-item[1], item[0]))]
    # Ties are broken by the filter bytes, which carry no information for the attacker.
    ranked = sorted(counts, key=lambda r: (-counts[r], r))
    guess = {r: names[i] for i, r in enumerate(ranked) if i < len(names)}
    return [guess.get(r) for r in rows]


def reidentified_share(guesses: Sequence[str | None], truth: Sequence[str]) -> float:
    """Share of records (with a known true value) whose value the attacker guessed right."""
    known = [(g, t) for g, t in zip(guesses, truth, strict=True) if t]
    if not known:
        return 0.0
    return sum(g == t for g, t in known) / len(known)
