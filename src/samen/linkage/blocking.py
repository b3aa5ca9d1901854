"""Blocking: which pairs of encodings are worth scoring at all.

This module owns candidate generation. It uses MinHash locality-sensitive
hashing over the set bits of the encodings: ``bands`` band keys per record, each
combining ``rows`` MinHash values; two records become a candidate pair when any
band key is equal. The probability of that is 1 - (1 - J**rows)**bands for two
records whose set bits have Jaccard similarity J, so it depends only on the two
records and not on how many others are stored: the recall of blocking stays the
same when the number of records grows, while the number of candidates grows with
the number of genuinely similar pairs instead of with n².

Only fields named in the :class:`BlockingConfig` take part (low-entropy fields
such as sex would make every pair look similar). Band keys are derived from the
encodings alone, so they reveal nothing the encodings do not.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from samen.linkage.encoding import EncodingSchema
from samen.linkage.kernel import popcount64

__all__ = ["BlockingConfig", "BlockingIndex", "band_keys", "blocked_pairs", "candidate_pairs", "probe_keys", "swapped"]


@dataclass(frozen=True, slots=True)
class BlockingConfig:
    """MinHash LSH parameters.

    Each *view* is a group of fields; a band key of a view combines ``rows``
    MinHash values of every field in it, so two records collide in a view only
    when all its fields are similar. Views are OR-ed: a true pair is found when
    any one combination of its fields survived the clerical errors.
    """

    views: tuple[tuple[str, ...], ...]
    bands: int = 8
    rows: int = 2
    seed: int = 20240601
    #: Per-field overrides of ``rows``, e.g. more rows for a field whose unrelated values overlap a lot.
    field_rows: tuple[tuple[str, int], ...] = ()
    #: Two fields of equal width that may be written the other way round (given and family name);
    #: :func:`probe_keys` then also gives the keys the record would have with them exchanged.
    swap_fields: tuple[str, str] | None = None

    def rows_of(self, name: str) -> int:
        """MinHash values per band that field ``name`` contributes."""
        return dict(self.field_rows).get(name, self.rows)

    @property
    def total_bands(self) -> int:
        """Band keys per record."""
        return len(self.views) * self.bands


@njit(cache=True, parallel=True)
def _minhash(encodings: np.ndarray, start: int, stop: int, perms: np.ndarray) -> np.ndarray:
    n = encodings.shape[0]
    nhash = perms.shape[0]
    out = np.full((n, nhash), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    for i in prange(n):
        for w in range(start, stop):
            word = encodings[i, w]
            while word:
                bit = popcount64((word & (~word + np.uint64(1))) - np.uint64(1))  # index of the lowest set bit
                pos = (w - start) * 64 + bit
                for h in range(nhash):
                    v = perms[h, pos]
                    if v < out[i, h]:
                        out[i, h] = v
                word &= word - np.uint64(1)
    return out


@njit(cache=True, parallel=True)
def _combine(mins: np.ndarray, valid: np.ndarray, view: int, bands: int, rows: np.ndarray,
             nfields: int) -> np.ndarray:  # fmt: skip
    # mins: (nfields, n, bands * max(rows)); FNV-1a style mix of view, band and MinHash values.
    n = mins.shape[1]
    stride = mins.shape[2] // bands
    out = np.zeros((n, bands), dtype=np.uint64)
    for i in prange(n):
        if not valid[i]:
            continue
        for b in range(bands):
            key = np.uint64(0xCBF29CE484222325) ^ np.uint64(view * 1000 + b)
            for f in range(nfields):
                for r in range(rows[f]):
                    key = (key ^ np.uint64(mins[f, i, b * stride + r])) * np.uint64(0x100000001B3)
            out[i, b] = key | np.uint64(1)  # never 0, which marks "no key"
    return out


@functools.lru_cache(maxsize=64)
def _permutations(seed: int, field: int, nbits: int, nhash: int) -> np.ndarray:
    # Cached: drawing them costs far more than hashing one query encoding.
    rng = np.random.default_rng([seed, field])
    return np.stack([rng.permutation(nbits).astype(np.uint32) for _ in range(nhash)])


def swapped(encodings: np.ndarray, schema: EncodingSchema, fields: tuple[str, str]) -> np.ndarray:
    """A copy of the encodings with the words of two equally wide fields exchanged."""
    fa, fb = schema.field_index(fields[0]), schema.field_index(fields[1])
    sa = slice(schema.offsets[fa], schema.offsets[fa + 1])
    sb = slice(schema.offsets[fb], schema.offsets[fb + 1])
    source = np.array(encodings, dtype=np.uint64, ndmin=2)
    out = source.copy()
    out[:, sa] = source[:, sb]
    out[:, sb] = source[:, sa]
    return out


def band_keys(encodings: np.ndarray, schema: EncodingSchema, config: BlockingConfig) -> np.ndarray:
    """The (n, views * bands) LSH band keys of a batch of encodings; 0 where a view's field is missing."""
    enc = np.ascontiguousarray(encodings, dtype=np.uint64)
    nhash = config.bands * max(config.rows_of(name) for name in itertools.chain.from_iterable(config.views))
    # A field takes only as many MinHash values as its rows need; the rest of its row stays unused.
    # MinHashes are computed once per field and shared by the views the field takes part in.
    mins: dict[str, np.ndarray] = {}
    valid: dict[str, np.ndarray] = {}
    for name in dict.fromkeys(itertools.chain.from_iterable(config.views)):
        f = schema.field_index(name)
        start, stop = schema.offsets[f], schema.offsets[f + 1]
        need = config.bands * config.rows_of(name)
        perms = _permutations(config.seed, f, (stop - start) * 64, need)
        field_mins = np.full((enc.shape[0], nhash), np.uint32(0xFFFFFFFF), dtype=np.uint32)
        field_mins.reshape(enc.shape[0], config.bands, -1)[:, :, : config.rows_of(name)] = _minhash(
            enc, start, stop, perms
        ).reshape(enc.shape[0], config.bands, -1)
        mins[name] = field_mins
        valid[name] = np.any(enc[:, start:stop] != 0, axis=1)
    out = np.zeros((enc.shape[0], config.total_bands), dtype=np.uint64)
    for v, view in enumerate(config.views):
        ok = np.logical_and.reduce([valid[name] for name in view])
        out[:, v * config.bands : (v + 1) * config.bands] = _combine(
            np.stack([mins[name] for name in view]), ok, v, config.bands,
            np.asarray([config.rows_of(name) for name in view], dtype=np.int64), len(view),
        )  # fmt: skip
    return out


def probe_keys(encodings: np.ndarray, schema: EncodingSchema, config: BlockingConfig) -> np.ndarray:
    """Band keys to look up for a batch: (n, views * bands), or twice as wide with ``swap_fields``.

    The second half are the keys the records would have with the two swappable
    fields exchanged, so "Jan Berg" finds "Berg Jan". Stored records need only
    :func:`band_keys`; probing with both is enough, because the swap is its own inverse.
    """
    keys = band_keys(encodings, schema, config)
    if config.swap_fields is None:
        return keys
    crossed = band_keys(swapped(encodings, schema, config.swap_fields), schema, config)
    return np.concatenate([keys, crossed], axis=1)


def blocked_pairs(a: np.ndarray, b: np.ndarray, schema: EncodingSchema, config: BlockingConfig,
                  max_bucket: int = 0) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Candidate pairs (row in a, row in b) of two batches of encodings, swapped names included."""
    keys_a = band_keys(a, schema, config)
    probes_b = probe_keys(b, schema, config)
    width = keys_a.shape[1]
    if probes_b.shape[1] == width:
        return candidate_pairs(keys_a, probes_b, max_bucket)
    # Column c of the stored keys is compared with column c of each probe half.
    both = np.concatenate([keys_a, keys_a], axis=1)
    return candidate_pairs(both, probes_b, max_bucket)


def candidate_pairs(keys_a: np.ndarray, keys_b: np.ndarray, max_bucket: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (row in a, row in b) pairs that share at least one band key.

    ``max_bucket`` > 0 skips buckets with more records on either side (a guard
    against degenerate data); 0 means no limit.
    """
    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    for band in range(keys_a.shape[1]):
        ka = keys_a[:, band]
        kb = keys_b[:, band]
        order_a = np.argsort(ka, kind="stable")
        order_b = np.argsort(kb, kind="stable")
        sa = ka[order_a]
        sb = kb[order_b]
        common = np.intersect1d(sa, sb, assume_unique=False)
        common = common[common != 0]
        if common.size == 0:
            continue
        a_lo = np.searchsorted(sa, common, "left")
        a_hi = np.searchsorted(sa, common, "right")
        b_lo = np.searchsorted(sb, common, "left")
        b_hi = np.searchsorted(sb, common, "right")
        sizes_a = a_hi - a_lo
        sizes_b = b_hi - b_lo
        keep = np.ones(common.size, dtype=bool)
        if max_bucket:
            keep = (sizes_a <= max_bucket) & (sizes_b <= max_bucket)
        l_part, r_part = _expand(order_a, order_b, a_lo[keep], sizes_a[keep], b_lo[keep], sizes_b[keep])
        lefts.append(l_part)
        rights.append(r_part)
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    nb = max(keys_b.shape[0], 1)
    flat = np.unique(np.concatenate(lefts) * nb + np.concatenate(rights))
    return flat // nb, flat % nb


@njit(cache=True)
def _expand(order_a: np.ndarray, order_b: np.ndarray, a_lo: np.ndarray, sizes_a: np.ndarray,
            b_lo: np.ndarray, sizes_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    total = 0
    for g in range(a_lo.shape[0]):
        total += sizes_a[g] * sizes_b[g]
    left = np.empty(total, dtype=np.int64)
    right = np.empty(total, dtype=np.int64)
    p = 0
    for g in range(a_lo.shape[0]):
        for x in range(sizes_a[g]):
            for y in range(sizes_b[g]):
                left[p] = order_a[a_lo[g] + x]
                right[p] = order_b[b_lo[g] + y]
                p += 1
    return left, right


class BlockingIndex:
    """Band keys of stored encodings, searchable one query at a time.

    Keys are kept sorted per band (binary search per query); new keys go to a
    short unsorted tail that is merged once it grows, so adding is cheap and a
    query stays logarithmic in the number of stored encodings.
    """

    def __init__(self, bands: int, merge_every: int = 4096) -> None:
        self._bands = bands
        self._merge_every = merge_every
        self._sorted_keys = np.zeros((bands, 0), dtype=np.uint64)
        self._sorted_rows = np.zeros((bands, 0), dtype=np.int64)
        self._tail_keys: list[np.ndarray] = []
        self._tail_rows: list[int] = []

    def __len__(self) -> int:
        return self._sorted_keys.shape[1] + len(self._tail_rows)

    def add(self, row: int, keys: np.ndarray) -> None:
        """Register the band keys of stored row ``row``."""
        self._tail_keys.append(np.asarray(keys, dtype=np.uint64))
        self._tail_rows.append(row)
        if len(self._tail_rows) >= self._merge_every:
            self._merge()

    def add_many(self, first_row: int, keys: np.ndarray) -> None:
        """Register consecutive rows starting at ``first_row`` at once."""
        self._merge()
        rows = np.arange(first_row, first_row + keys.shape[0], dtype=np.int64)
        all_keys = np.concatenate([self._sorted_keys, keys.T.astype(np.uint64)], axis=1)
        all_rows = np.concatenate([self._sorted_rows, np.broadcast_to(rows, (self._bands, rows.size))], axis=1)
        order = np.argsort(all_keys, axis=1, kind="stable")
        self._sorted_keys = np.take_along_axis(all_keys, order, axis=1)
        self._sorted_rows = np.take_along_axis(all_rows, order, axis=1)

    def _merge(self) -> None:
        if not self._tail_rows:
            return
        keys = np.stack(self._tail_keys)
        first = self._tail_rows
        self._tail_keys, self._tail_rows = [], []
        rows = np.asarray(first, dtype=np.int64)
        all_keys = np.concatenate([self._sorted_keys, keys.T], axis=1)
        all_rows = np.concatenate([self._sorted_rows, np.broadcast_to(rows, (self._bands, rows.size))], axis=1)
        order = np.argsort(all_keys, axis=1, kind="stable")
        self._sorted_keys = np.take_along_axis(all_keys, order, axis=1)
        self._sorted_rows = np.take_along_axis(all_rows, order, axis=1)

    def query(self, keys: np.ndarray) -> np.ndarray:
        """Stored rows sharing at least one band key with ``keys``.

        ``keys`` may be several probes side by side (see :func:`probe_keys`):
        column c is looked up in band c modulo the number of bands.
        """
        found: list[np.ndarray] = []
        for column in range(keys.shape[0]):
            band = column % self._bands
            key = keys[column]
            if key == 0:
                continue
            band_keys_sorted = self._sorted_keys[band]
            lo = np.searchsorted(band_keys_sorted, key, "left")
            hi = np.searchsorted(band_keys_sorted, key, "right")
            if hi > lo:
                found.append(self._sorted_rows[band, lo:hi])
        if self._tail_rows:
            tail = np.tile(np.stack(self._tail_keys), keys.shape[0] // self._bands)
            hit = np.any((tail == keys[None, :]) & (keys[None, :] != 0), axis=1)
            found.append(np.asarray(self._tail_rows, dtype=np.int64)[hit])
        if not found:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(found))
