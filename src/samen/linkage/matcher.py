"""The in-memory, incremental linkage index.

This module owns "which stored person records may be the same person as this
new one?". A :class:`LinkageIndex` holds encodings (one row each, with the id of
the stored encoding and the organisation it came from), their per-field
popcounts, their blocking band keys and blocking tokens, and the keyed phone
tokens. Every new encoding is compared with the stored encodings of *other*
organisations:

* by default through blocking (logarithmic lookup of band keys and blocking
  tokens, then Fellegi-Sunter scoring of the few candidates; an encoding given
  as bare words has no tokens and is found by band keys alone), or
  exhaustively against every stored encoding
  (``exhaustive=True``; about a millisecond per hundred thousand on two cores);
* and, independently, by equal phone tokens.

The index is database-free: build it from ``(id, organisation_id, encoding
bytes)`` rows as stored by the platform (:meth:`LinkageIndex.from_rows`) and keep
it up to date with :meth:`LinkageIndex.add`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from samen.linkage.blocking import BlockingConfig, BlockingIndex, TokenIndex, band_keys, blocked_pairs, probe_keys
from samen.linkage.encoding import PERSON_SCHEMA, EncodingError, EncodingSchema, PersonEncoding
from samen.linkage.kernel import field_popcounts, fs_score_one_to_many, fs_score_pairs_serial
from samen.linkage.scoring import MatchModel, agreement_levels, fit_match_model, swap_indices

__all__ = ["PERSON_BLOCKING", "Candidate", "LinkageIndex"]

#: Band keys for :data:`~samen.linkage.encoding.PERSON_SCHEMA`, next to its blocking
#: tokens: every pair of the four informative fields, given and family name also
#: probed the other way round. The tokens find nearly every pair worth scoring
#: (recall 0.9966 of FEBRL4's thin true pairs on their own), so the band keys are
#: strict (8 bands of 6 rows, 8 for the date): a second, independent route for
#: values more than a typo apart and for encodings given as bare words, adding
#: about one unrelated pair in 100,000 as candidate. The former 32 bands of 4 rows
#: made one unrelated pair in 1,100 a candidate, most of all candidates, and found
#: 5 true pairs of 5,000 that the tokens miss.
PERSON_BLOCKING = BlockingConfig(
    views=(
        ("given_names", "family_name"),
        ("given_names", "date_of_birth"),
        ("given_names", "place_of_birth"),
        ("family_name", "date_of_birth"),
        ("family_name", "place_of_birth"),
        ("date_of_birth", "place_of_birth"),
    ),
    bands=8,
    rows=6,
    field_rows=(("date_of_birth", 8),),
    swap_fields=("given_names", "family_name"),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored record that may be the same person as the query.

    ``weight`` is the Fellegi-Sunter match weight in bits (None when only the
    phone token matched), ``probability`` the model's posterior probability of a
    match, ``phone_match`` whether a phone token was equal.
    """

    encoding_id: Hashable
    organisation_id: Hashable
    weight: float | None
    probability: float | None
    phone_match: bool


class LinkageIndex:
    """Stored encodings, searchable with one new encoding at a time."""

    def __init__(
        self,
        model: MatchModel,
        schema: EncodingSchema = PERSON_SCHEMA,
        blocking: BlockingConfig = PERSON_BLOCKING,
        key_fingerprint: bytes | None = None,
        capacity: int = 1024,
    ) -> None:
        if model.schema_version != schema.version:
            raise EncodingError("the match model was fitted for another schema version")
        self.schema = schema
        self.model = model
        self.blocking = blocking
        self.key_fingerprint = key_fingerprint
        self._offsets = np.asarray(schema.offsets, dtype=np.int64)
        self._cuts = np.asarray(model.cuts, dtype=np.float64)
        self._weights = model.weights
        self._swap = swap_indices(schema)
        self._size = 0
        self._enc = np.zeros((capacity, schema.words), dtype=np.uint64)
        self._counts = np.zeros((capacity, len(schema.fields) + 1), dtype=np.int32)
        self._org = np.zeros(capacity, dtype=np.int64)
        self._ids: list[Hashable] = []
        self._org_codes: dict[Hashable, int] = {}
        self._org_names: list[Hashable] = []
        self._blocks = BlockingIndex(blocking.total_bands)
        self._tokens = TokenIndex()
        self._phones: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return self._size

    @property
    def encodings(self) -> np.ndarray:
        """The stored encodings, one row each (a view, do not modify)."""
        return self._enc[: self._size]

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[Hashable, Hashable, bytes]],
        model: MatchModel,
        schema: EncodingSchema = PERSON_SCHEMA,
        blocking: BlockingConfig = PERSON_BLOCKING,
    ) -> LinkageIndex:
        """Build an index from stored ``(encoding_id, organisation_id, encoding bytes)`` rows."""
        ids: list[Hashable] = []
        orgs: list[Hashable] = []
        words: list[np.ndarray] = []
        tokens: list[np.ndarray] = []
        fingerprint: bytes | None = None
        for encoding_id, organisation_id, data in rows:
            encoding = PersonEncoding.from_bytes(data)
            if encoding.schema_version != schema.version:
                raise EncodingError(f"encoding {encoding_id!r} has schema version {encoding.schema_version}")
            if fingerprint is None:
                fingerprint = encoding.key_fingerprint
            elif encoding.key_fingerprint != fingerprint:
                raise EncodingError(f"encoding {encoding_id!r} was made under another linkage key")
            ids.append(encoding_id)
            orgs.append(organisation_id)
            words.append(encoding.words)
            tokens.append(encoding.tokens)
        index = cls(model, schema, blocking, fingerprint, capacity=max(len(ids), 1024))
        if ids:
            index.add_many(ids, orgs, np.stack(words), tokens)
        return index

    def _org_code(self, organisation_id: Hashable) -> int:
        code = self._org_codes.get(organisation_id)
        if code is None:
            code = len(self._org_names)
            self._org_codes[organisation_id] = code
            self._org_names.append(organisation_id)
        return code

    def _reserve(self, extra: int) -> None:
        needed = self._size + extra
        if needed <= self._enc.shape[0]:
            return
        capacity = max(needed, 2 * self._enc.shape[0])
        for name in ("_enc", "_counts", "_org"):
            old = getattr(self, name)
            new = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
            new[: self._size] = old[: self._size]
            setattr(self, name, new)

    def _words_of(self, encoding: PersonEncoding | bytes | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The words and blocking tokens of an encoding (no tokens for bare words)."""
        if isinstance(encoding, bytes):
            encoding = PersonEncoding.from_bytes(encoding)
        if isinstance(encoding, PersonEncoding):
            if encoding.schema_version != self.schema.version:
                raise EncodingError("the encoding has another schema version than the index")
            if self.key_fingerprint is None:
                self.key_fingerprint = encoding.key_fingerprint
            elif encoding.key_fingerprint != self.key_fingerprint:
                raise EncodingError("the encoding was made under another linkage key than the index")
            return np.ascontiguousarray(encoding.words, dtype=np.uint64), encoding.tokens
        words = np.ascontiguousarray(encoding, dtype=np.uint64)
        if words.shape != (self.schema.words,):
            raise EncodingError("the encoding has the wrong length for this schema")
        return words, np.zeros(0, dtype=np.uint64)

    def add(
        self,
        encoding_id: Hashable,
        organisation_id: Hashable,
        encoding: PersonEncoding | bytes | np.ndarray,
        phone_tokens: Sequence[str] = (),
    ) -> None:
        """Store one encoding (and its phone tokens) so later queries find it."""
        words, tokens = self._words_of(encoding)
        self._reserve(1)
        row = self._size
        self._enc[row] = words
        self._counts[row] = field_popcounts(words[None, :], self._offsets)[0]
        self._org[row] = self._org_code(organisation_id)
        self._ids.append(encoding_id)
        self._blocks.add(row, band_keys(words[None, :], self.schema, self.blocking)[0])
        self._tokens.add(row, tokens)
        for token in phone_tokens:
            self._phones[token].append(row)
        self._size += 1

    def add_many(
        self,
        encoding_ids: Sequence[Hashable],
        organisation_ids: Sequence[Hashable],
        encodings: np.ndarray,
        tokens: Sequence[np.ndarray] | None = None,
    ) -> None:
        """Store many encodings at once (an (n, words) uint64 matrix, and their blocking tokens if known)."""
        encodings = np.ascontiguousarray(encodings, dtype=np.uint64)
        n = encodings.shape[0]
        if n != len(encoding_ids) or n != len(organisation_ids):
            raise ValueError("ids, organisations and encodings must have the same length")
        self._reserve(n)
        start = self._size
        self._enc[start : start + n] = encodings
        self._counts[start : start + n] = field_popcounts(encodings, self._offsets)
        self._org[start : start + n] = [self._org_code(o) for o in organisation_ids]
        self._ids.extend(encoding_ids)
        self._blocks.add_many(start, band_keys(encodings, self.schema, self.blocking))
        if tokens is not None:
            if len(tokens) != n:
                raise ValueError("one array of blocking tokens per encoding")
            self._tokens.add_many(start, tokens)
        self._size += n

    def _probability(self, weight: float) -> float:
        prior = np.log2(self.model.match_share / (1 - self.model.match_share))
        return float(1.0 / (1.0 + 2.0 ** (-(weight + prior))))

    def query(
        self,
        encoding: PersonEncoding | bytes | np.ndarray,
        organisation_id: Hashable | None = None,
        phone_tokens: Sequence[str] = (),
        exhaustive: bool = False,
        threshold: float | None = None,
    ) -> list[Candidate]:
        """Stored records of other organisations that may be the same person, best first.

        ``organisation_id`` is the querying organisation (its own records are
        skipped; None compares with all). ``threshold`` overrides the model's
        match-weight threshold, e.g. to show possible links below it.
        """
        words, tokens = self._words_of(encoding)
        limit = self.model.threshold if threshold is None else threshold
        query_counts = field_popcounts(words[None, :], self._offsets)[0]
        n = self._size
        if exhaustive:
            rows = np.arange(n, dtype=np.int64)
            scores = fs_score_one_to_many(words, query_counts, self._enc[:n], self._counts[:n], self._offsets,
                                          self._cuts, self._weights, *self._swap)  # fmt: skip
        else:
            rows = np.union1d(self._blocks.query(probe_keys(words[None, :], self.schema, self.blocking)[0]),
                              self._tokens.query(tokens))  # fmt: skip
            scores = fs_score_pairs_serial(words[None, :], query_counts[None, :], self._enc, self._counts,
                                    np.zeros(rows.size, dtype=np.int64), rows, self._offsets, self._cuts,
                                    self._weights, *self._swap)  # fmt: skip
        keep = scores >= limit
        if organisation_id is not None and organisation_id in self._org_codes:
            keep &= self._org[rows] != self._org_codes[organisation_id]
        found: dict[int, tuple[float | None, bool]] = {
            int(r): (float(s), False) for r, s in zip(rows[keep], scores[keep], strict=True)
        }
        own = self._org_codes.get(organisation_id) if organisation_id is not None else None
        for token in phone_tokens:
            for row in self._phones.get(token, ()):
                if own is not None and self._org[row] == own:
                    continue
                weight = found.get(row, (None, False))[0]
                found[row] = (weight, True)
        results = [
            Candidate(
                encoding_id=self._ids[row],
                organisation_id=self._org_names[self._org[row]],
                weight=weight,
                probability=None if weight is None else self._probability(weight),
                phone_match=phone,
            )
            for row, (weight, phone) in found.items()
        ]
        results.sort(key=lambda c: (c.weight if c.weight is not None else -np.inf, c.phone_match), reverse=True)
        return results

    def add_and_match(
        self,
        encoding_id: Hashable,
        organisation_id: Hashable,
        encoding: PersonEncoding | bytes | np.ndarray,
        phone_tokens: Sequence[str] = (),
    ) -> list[Candidate]:
        """The incremental step: compare a new encoding with everything stored, then store it."""
        candidates = self.query(encoding, organisation_id, phone_tokens)
        self.add(encoding_id, organisation_id, encoding, phone_tokens)
        return candidates

    def refit_model(self, random_pairs: int = 200_000, seed: int = 0) -> MatchModel:
        """Learn a new model (weights and threshold) from the stored encodings, without labels.

        Uses the blocked candidate pairs between different organisations and
        random pairs; the caller decides whether to adopt the result (and should
        keep it with the schema version it belongs to).
        """
        n = self._size
        if n < 2:
            raise ValueError("too few stored encodings to learn from")
        enc = self._enc[:n]
        left, right = blocked_pairs(enc, enc, self.schema, self.blocking)
        tl, tr = self._tokens.pairs()
        flat = np.union1d(left * n + right, tl * n + tr)
        left, right = flat // n, flat % n
        orgs = self._org[:n]
        keep = (left < right) & (orgs[left] != orgs[right])
        left, right = left[keep], right[keep]
        rng = np.random.default_rng(seed)
        rl = rng.integers(0, n, random_pairs)
        rr = rng.integers(0, n, random_pairs)
        other = orgs[rl] != orgs[rr]
        rl, rr = rl[other], rr[other]
        total = int(sum(c * (n - c) for c in np.bincount(orgs)) // 2)
        model = fit_match_model(
            agreement_levels(enc, enc, left, right, self.schema, self.model.cuts),
            agreement_levels(enc, enc, rl, rr, self.schema, self.model.cuts),
            self.schema,
            total_pairs=max(total, left.size + 1),
            cuts=self.model.cuts,
        )
        return model

    def use_model(self, model: MatchModel) -> None:
        """Score from now on with ``model``."""
        if model.schema_version != self.schema.version:
            raise EncodingError("the match model was fitted for another schema version")
        self.model = model
        self._cuts = np.asarray(model.cuts, dtype=np.float64)
        self._weights = model.weights
