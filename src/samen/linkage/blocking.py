"""Blocking: which pairs of encodings are worth scoring at all.

This module owns candidate generation. It uses MinHash locality-sensitive
hashing over the set bits of the encodings: ``bands`` band keys per record, each
combining ``rows`` MinHash values; two records become a candidate pair when any
band key is equal. The probability of that is 1 - (1 - J**rows)**bands for two
records whose set bits have Jaccard similarity J, so it depends only on the two
records and not on how many others are stored: the recall of blocking stays the
same when the number of records grows, while the number of candidates grows with
the number of genuinely similar pairs instead of with n².

Keyed blocking tokens (made with each encoding from the plaintext, see
:mod:`samen.linkage.encoding`) add candidates by exact equality: two records
sharing a token are a candidate pair (:func:`token_pairs`, :class:`TokenIndex`).
They find what MinHash of short Bloom filters cannot tell from chance: a typo in
a four-letter name, a date with two digits exchanged, equal names whose salted
filters differ because the years of birth differ. Tokens of unrelated records
coincide only when the dates of birth are equal or two fields agree up to a typo:
on FEBRL4's names, dates and places recombined, about one unrelated pair in
10,000, where band keys that found fewer true pairs took one in 1,100.
:func:`blocked_pairs` takes the union of both.

Only fields named in the :class:`BlockingConfig` take part (low-entropy fields
such as sex would make every pair look similar). Band keys are derived from the
encodings alone, so they reveal nothing the encodings do not.

Given and family name written the other way round are found by probing with
the keys the record would have with the two exchanged (:func:`probe_keys`).
A field can take more MinHash rows than the others (``field_rows``): unrelated
dates of birth share digits, so the date takes more rows to collide only when
nearly equal.

Cost: a batch join sorts all band keys (and all tokens) of each side once and
merges them (:func:`candidate_pairs`, :func:`token_pairs`); one query against
the stored keys is a binary search per band key and per token
(:class:`BlockingIndex`, :class:`TokenIndex`). The number of candidates is the
number of similar pairs plus a share of unrelated pairs that happen to agree on
two fields (people with the same name in the same place, or born on the same
day); that share is a floor that does not shrink with n, so with many records of
few distinct names the candidate count eventually grows with n², at a small
constant.
"""

from __future__ import annotations

import functools
import itertools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from samen.linkage.encoding import EncodingSchema
from samen.linkage.kernel import compile_variants

__all__ = [
    "BlockingConfig",
    "BlockingIndex",
    "TokenIndex",
    "band_keys",
    "blocked_pairs",
    "candidate_pairs",
    "probe_keys",
    "swapped",
    "token_pairs",
]


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


@njit(cache=True, inline="always")
def _mix64(x: np.uint64) -> np.uint64:
    # splitmix64's finaliser.
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _band_keys_body(enc: np.ndarray, word_start: np.ndarray, word_stop: np.ndarray, orders: np.ndarray,
                    hash_start: np.ndarray, rows: np.ndarray, view_fields: np.ndarray,
                    bands: int, remap: np.ndarray) -> np.ndarray:  # fmt: skip
    # Per record: the MinHash values of every field taking part (hash_start[f] onwards, band b
    # of field f at hash_start[f] + b * rows[f]), then one key per view and band, once per row
    # of ``remap``: probe q reads field remap[q, f] where the view names field f (the
    # swapped probe exchanges the two name fields, which share their random orders).
    # MinHash value h = the rank, in the random order orders[h], of the first position whose
    # bit is set: walking the order stops after about nbits / (set bits + 1) steps.
    n = enc.shape[0]
    nfields = word_start.shape[0]
    nviews = view_fields.shape[0]
    total_hashes = orders.shape[0]
    nprobes = remap.shape[0]
    out = np.zeros((n, nprobes * nviews * bands), dtype=np.uint64)
    for i in prange(n):
        mins = np.empty(total_hashes, dtype=np.uint32)
        valid = np.zeros(nfields, dtype=np.bool_)
        for f in range(nfields):
            for w in range(word_start[f], word_stop[f]):
                if enc[i, w] != 0:
                    valid[f] = True
            if not valid[f]:
                continue
            nbits = (word_stop[f] - word_start[f]) * 64
            for h in range(hash_start[f], hash_start[f] + bands * rows[f]):
                mins[h] = np.uint32(0xFFFFFFFF)
                for r in range(nbits):
                    pos = orders[h, r]
                    if (enc[i, word_start[f] + (pos >> 6)] >> np.uint64(pos & 63)) & np.uint64(1):
                        mins[h] = r
                        break
        for q in range(nprobes):
            for v in range(nviews):
                ok = True
                for k in range(view_fields.shape[1]):
                    f = view_fields[v, k]
                    if f >= 0 and not valid[remap[q, f]]:
                        ok = False
                if not ok:
                    continue
                for b in range(bands):
                    # The view and band enter through a full 64-bit mix: with plain FNV, small
                    # MinHash values could cancel a small (view, band) difference, so keys of
                    # different bands would collide and the join of all bands at once would
                    # produce spurious pairs.
                    key = _mix64(np.uint64(0xCBF29CE484222325) ^ np.uint64(v * 1000 + b))
                    for k in range(view_fields.shape[1]):
                        f = view_fields[v, k]
                        if f < 0:
                            continue
                        base = hash_start[remap[q, f]] + b * rows[f]
                        for r in range(rows[f]):
                            key = (key ^ np.uint64(mins[base + r])) * np.uint64(0x100000001B3)
                    out[i, (q * nviews + v) * bands + b] = _mix64(key) | np.uint64(1)  # never 0: "no key"
    return out


# One query at a time runs serially: waking a thread pool costs more than the work.
_band_keys_parallel, _band_keys_serial = compile_variants(_band_keys_body)


@functools.lru_cache(maxsize=64)
def _permutations(seed: int, field: int, nbits: int, nhash: int) -> np.ndarray:
    # Cached: drawing them costs far more than hashing one query encoding.
    rng = np.random.default_rng([seed, field])
    return np.stack([rng.permutation(nbits).astype(np.int64) for _ in range(nhash)])


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


@functools.lru_cache(maxsize=16)
def _plan(schema: EncodingSchema, config: BlockingConfig) -> tuple[np.ndarray, ...]:
    """The arrays the band-key kernel needs for one schema and configuration (cached)."""
    names = list(dict.fromkeys(itertools.chain.from_iterable(config.views)))
    index = {name: k for k, name in enumerate(names)}
    fields = [schema.field_index(name) for name in names]
    word_start = np.asarray([schema.offsets[f] for f in fields], dtype=np.int64)
    word_stop = np.asarray([schema.offsets[f + 1] for f in fields], dtype=np.int64)
    rows = np.asarray([config.rows_of(name) for name in names], dtype=np.int64)
    counts = rows * config.bands
    hash_start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    max_bits = int((word_stop - word_start).max()) * 64
    orders = np.zeros((int(counts.sum()), max_bits), dtype=np.int64)
    for k, f in enumerate(fields):
        nbits = int(word_stop[k] - word_start[k]) * 64
        # Fields of one hash domain (given and family name) share their random orders, so the
        # MinHashes of one serve as the other's in the swapped probe.
        domain = zlib.crc32(schema.fields[f].domain.encode())
        orders[hash_start[k] : hash_start[k] + counts[k], :nbits] = _permutations(
            config.seed, domain, nbits, int(counts[k])
        )
    width = max(len(view) for view in config.views)
    view_fields = np.full((len(config.views), width), -1, dtype=np.int64)
    for v, view in enumerate(config.views):
        view_fields[v, : len(view)] = [index[name] for name in view]
    remap = np.arange(len(names), dtype=np.int64)[None, :]
    if config.swap_fields is not None:
        x, y = config.swap_fields
        if x not in index or y not in index:
            raise ValueError("swap_fields must take part in a view")
        fx, fy = schema.fields[schema.field_index(x)], schema.fields[schema.field_index(y)]
        if fx.domain != fy.domain or fx.words != fy.words or config.rows_of(x) != config.rows_of(y):
            raise ValueError("swap_fields need one hash domain, one width and the same rows")
        crossed = remap[0].copy()
        crossed[index[x]], crossed[index[y]] = index[y], index[x]
        remap = np.stack([remap[0], crossed])
    return word_start, word_stop, orders, hash_start, rows, view_fields, remap


def band_keys(encodings: np.ndarray, schema: EncodingSchema, config: BlockingConfig) -> np.ndarray:
    """The (n, views * bands) LSH band keys of a batch of encodings; 0 where a view's field is missing."""
    return _keys(encodings, schema, config, probes=False)


def _keys(encodings: np.ndarray, schema: EncodingSchema, config: BlockingConfig, probes: bool) -> np.ndarray:
    enc = np.ascontiguousarray(encodings, dtype=np.uint64)
    word_start, word_stop, orders, hash_start, rows, view_fields, remap = _plan(schema, config)
    if not probes:
        remap = remap[:1]
    kernel = _band_keys_serial if enc.shape[0] < 256 else _band_keys_parallel
    return kernel(enc, word_start, word_stop, orders, hash_start, rows, view_fields, config.bands, remap)


def probe_keys(encodings: np.ndarray, schema: EncodingSchema, config: BlockingConfig) -> np.ndarray:
    """Band keys to look up for a batch: (n, views * bands), or twice as wide with ``swap_fields``.

    The second half are the keys the records would have with the two swappable
    fields exchanged, so "Jan Berg" finds "Berg Jan". Stored records need only
    :func:`band_keys`; probing with both is enough, because the swap is its own inverse.
    """
    return _keys(encodings, schema, config, probes=True)


def blocked_pairs(a: np.ndarray, b: np.ndarray, schema: EncodingSchema, config: BlockingConfig,
                  max_bucket: int = 0, tokens_a: Sequence[np.ndarray] | None = None,
                  tokens_b: Sequence[np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Candidate pairs (row in a, row in b) of two batches of encodings, swapped names included.

    With the blocking tokens of both batches (one array per row), pairs sharing a
    token are added.
    """
    left, right = candidate_pairs(band_keys(a, schema, config), probe_keys(b, schema, config), max_bucket)
    if tokens_a is None or tokens_b is None:
        return left, right
    tl, tr = token_pairs(tokens_a, tokens_b, max_bucket)
    nb = max(b.shape[0], 1)
    flat = _distinct(np.concatenate([left * nb + right, tl * nb + tr]))
    return flat // nb, flat % nb


def _packed_tokens(tokens: Sequence[np.ndarray], row_bits: int) -> np.ndarray:
    """Every (token, row) of a batch as one sorted word each: the token's top bits, the row below."""
    low = np.uint64((1 << row_bits) - 1)
    lengths = np.fromiter((t.shape[0] for t in tokens), dtype=np.int64, count=len(tokens))
    flat = np.concatenate([np.asarray(t, dtype=np.uint64) for t in tokens]) if len(tokens) else np.zeros(0, np.uint64)
    rows = np.repeat(np.arange(len(tokens), dtype=np.uint64), lengths)
    return np.sort((flat & ~low) | rows)


def token_pairs(tokens_a: Sequence[np.ndarray], tokens_b: Sequence[np.ndarray],
                max_bucket: int = 0) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Distinct (row in a, row in b) pairs whose blocking tokens share at least one value.

    Joined like :func:`candidate_pairs`: one sort per side and a merge.
    """
    row_bits = max(int(len(tokens_a) - 1).bit_length(), int(len(tokens_b) - 1).bit_length(), 1)
    if row_bits > 24:
        raise ValueError("at most 2**24 records per side")
    left, right = _merge_join(_packed_tokens(tokens_a, row_bits), _packed_tokens(tokens_b, row_bits), row_bits,
                              max_bucket)  # fmt: skip
    if left.size == 0:
        return left, right
    nb = max(len(tokens_b), 1)
    flat = _distinct(left * nb + right)
    return flat // nb, flat % nb


def candidate_pairs(keys_a: np.ndarray, keys_b: np.ndarray, max_bucket: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (row in a, row in b) pairs that share at least one band key.

    Column c of ``keys_b`` is compared with column c modulo the width of
    ``keys_a`` (so ``keys_b`` may hold several probes side by side, see
    :func:`probe_keys`). Band keys mix in their view and band (keys of different
    bands never coincide, see :func:`band_keys`), so all columns are joined at
    once: one sort per side and a merge. ``max_bucket`` > 0 skips buckets with
    more records on either side (a guard against degenerate data); 0 means no limit.
    """
    width = keys_a.shape[1]
    if keys_b.shape[1] % max(width, 1):
        raise ValueError("keys_b must be keys_a's width or a multiple of it")
    # Sort (key, row) packed into one word: the row in the low bits, the key's top bits
    # above it. A plain sort of uint64 is many times faster than an argsort; two different
    # keys that agree in their top 40+ bits only add a spurious candidate, which scoring rejects.
    row_bits = max(int(keys_a.shape[0] - 1).bit_length(), int(keys_b.shape[0] - 1).bit_length(), 1)
    if row_bits > 24:
        raise ValueError("at most 2**24 records per side")
    low = np.uint64((1 << row_bits) - 1)
    rows_a = np.repeat(np.arange(keys_a.shape[0], dtype=np.uint64), width)
    rows_b = np.repeat(np.arange(keys_b.shape[0], dtype=np.uint64), keys_b.shape[1])
    packed_a = np.sort((keys_a.ravel() & ~low) | rows_a)
    packed_b = np.sort((keys_b.ravel() & ~low) | rows_b)
    left, right = _merge_join(packed_a, packed_b, row_bits, max_bucket)
    if left.size == 0:
        return left, right
    nb = max(keys_b.shape[0], 1)
    flat = _distinct(left * nb + right)
    return flat // nb, flat % nb


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values; a plain sort is several times faster than ``np.unique`` here."""
    values = np.sort(values)
    if values.size == 0:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


@njit(cache=True)
def _merge_join(pa: np.ndarray, pb: np.ndarray, row_bits: int, max_bucket: int) -> tuple[np.ndarray, np.ndarray]:
    # pa, pb: sorted (key << row_bits | row) words; key 0 means "no key". Two passes:
    # count the pairs, then write them.
    shift = np.uint64(row_bits)
    low = (np.uint64(1) << shift) - np.uint64(1)
    out_l = np.empty(0, dtype=np.int64)
    out_r = np.empty(0, dtype=np.int64)
    na = pa.shape[0]
    nb = pb.shape[0]
    for write in range(2):
        i = 0
        j = 0
        p = 0
        while i < na and j < nb:
            ka = pa[i] >> shift
            kb = pb[j] >> shift
            if ka == 0 or ka < kb:
                i += 1
            elif kb == 0 or kb < ka:
                j += 1
            else:
                i_end = i
                while i_end < na and (pa[i_end] >> shift) == ka:
                    i_end += 1
                j_end = j
                while j_end < nb and (pb[j_end] >> shift) == kb:
                    j_end += 1
                if max_bucket <= 0 or (i_end - i <= max_bucket and j_end - j <= max_bucket):
                    if write:
                        for x in range(i, i_end):
                            for y in range(j, j_end):
                                out_l[p] = np.int64(pa[x] & low)
                                out_r[p] = np.int64(pb[y] & low)
                                p += 1
                    else:
                        p += (i_end - i) * (j_end - j)
                i = i_end
                j = j_end
        if not write:
            out_l = np.empty(p, dtype=np.int64)
            out_r = np.empty(p, dtype=np.int64)
    return out_l, out_r


_ROW_BITS = 24
_ROW_MASK = np.uint64((1 << _ROW_BITS) - 1)


@njit(cache=True)
def _lookup(packed: np.ndarray, size: int, keys: np.ndarray) -> np.ndarray:
    # packed: (bands, capacity) sorted (key top bits | row) words, the first ``size`` in use.
    bands = packed.shape[0]
    mask = np.uint64((1 << 24) - 1)
    total = 0
    spans = np.zeros((keys.shape[0], 2), dtype=np.int64)
    for c in range(keys.shape[0]):
        key = keys[c] & ~mask
        if key == 0:
            continue
        band = packed[c % bands, :size]
        lo = np.searchsorted(band, key)
        hi = np.searchsorted(band, key | mask, side="right")
        spans[c, 0] = lo
        spans[c, 1] = hi
        total += hi - lo
    out = np.empty(total, dtype=np.int64)
    p = 0
    for c in range(keys.shape[0]):
        band = packed[c % bands]
        for x in range(spans[c, 0], spans[c, 1]):
            out[p] = np.int64(band[x] & mask)
            p += 1
    return out


class BlockingIndex:
    """Band keys of stored encodings, searchable one query at a time.

    Per band, the stored (key, row) pairs are kept sorted, packed into one word
    (the row in the low 24 bits, so at most 16.7 million rows per index), and a
    query is a binary search per band. New keys go to a short unsorted tail that
    is merged once it grows, so adding is cheap and a query stays logarithmic in
    the number of stored encodings.
    """

    def __init__(self, bands: int, merge_every: int = 4096) -> None:
        self._bands = bands
        self._merge_every = merge_every
        self._packed = np.zeros((bands, 0), dtype=np.uint64)
        self._tail_keys: list[np.ndarray] = []
        self._tail_rows: list[int] = []

    def __len__(self) -> int:
        return self._packed.shape[1] + len(self._tail_rows)

    def add(self, row: int, keys: np.ndarray) -> None:
        """Register the band keys of stored row ``row``."""
        self._tail_keys.append(np.asarray(keys, dtype=np.uint64))
        self._tail_rows.append(row)
        if len(self._tail_rows) >= self._merge_every:
            self._merge()

    def add_many(self, first_row: int, keys: np.ndarray) -> None:
        """Register consecutive rows starting at ``first_row`` at once."""
        self._merge()
        self._insert(np.arange(first_row, first_row + keys.shape[0], dtype=np.uint64), keys)

    def _insert(self, rows: np.ndarray, keys: np.ndarray) -> None:
        if rows.size and int(rows.max()) > int(_ROW_MASK):
            raise ValueError("a blocking index holds at most 2**24 rows")
        new = (np.asarray(keys, dtype=np.uint64).T & ~_ROW_MASK) | rows[None, :]
        merged = np.concatenate([self._packed, new], axis=1)
        merged.sort(axis=1)
        self._packed = merged

    def _merge(self) -> None:
        if not self._tail_rows:
            return
        keys = np.stack(self._tail_keys)
        rows = np.asarray(self._tail_rows, dtype=np.uint64)
        self._tail_keys, self._tail_rows = [], []
        self._insert(rows, keys)

    def query(self, keys: np.ndarray) -> np.ndarray:
        """Stored rows sharing at least one band key with ``keys``.

        ``keys`` may be several probes side by side (see :func:`probe_keys`):
        column c is looked up in band c modulo the number of bands.
        """
        keys = np.ascontiguousarray(keys, dtype=np.uint64)
        found = _lookup(self._packed, self._packed.shape[1], keys)
        if self._tail_rows:
            tail = np.tile(np.stack(self._tail_keys), keys.shape[0] // self._bands) & ~_ROW_MASK
            probe = keys[None, :] & ~_ROW_MASK
            hit = np.any((tail == probe) & (probe != 0), axis=1)
            found = np.concatenate([found, np.asarray(self._tail_rows, dtype=np.int64)[hit]])
        return np.unique(found)


class TokenIndex:
    """Blocking tokens of stored encodings, searchable one query at a time.

    All (token, row) pairs are kept in one sorted array, packed into one word
    like :class:`BlockingIndex` (so at most 16.7 million rows), and a query is a
    binary search per token. New tokens go to a short unsorted tail that is merged
    in once it grows; a merge inserts the sorted tail in one pass instead of
    sorting everything again.
    """

    def __init__(self, merge_every: int = 1 << 16) -> None:
        self._merge_every = merge_every
        self._packed = np.zeros((1, 0), dtype=np.uint64)
        self._tail: list[np.ndarray] = []
        self._tail_size = 0

    def __len__(self) -> int:
        """The number of (token, row) pairs held."""
        return self._packed.shape[1] + self._tail_size

    def add(self, row: int, tokens: np.ndarray) -> None:
        """Register the blocking tokens of stored row ``row``."""
        if row > int(_ROW_MASK):
            raise ValueError("a token index holds at most 2**24 rows")
        self._tail.append((np.asarray(tokens, dtype=np.uint64) & ~_ROW_MASK) | np.uint64(row))
        self._tail_size += len(tokens)
        if self._tail_size >= self._merge_every:
            self._merge()

    def add_many(self, first_row: int, tokens: Sequence[np.ndarray]) -> None:
        """Register the tokens of consecutive rows starting at ``first_row`` at once."""
        if first_row + len(tokens) - 1 > int(_ROW_MASK):
            raise ValueError("a token index holds at most 2**24 rows")
        self._tail.append(_packed_tokens(tokens, _ROW_BITS) + np.uint64(first_row))
        self._tail_size += self._tail[-1].shape[0]
        self._merge()

    def _merge(self) -> None:
        if not self._tail:
            return
        new = np.sort(np.concatenate(self._tail))
        self._tail, self._tail_size = [], 0
        old = self._packed[0]
        self._packed = np.insert(old, np.searchsorted(old, new), new)[None, :]

    def query(self, tokens: np.ndarray) -> np.ndarray:
        """Stored rows sharing at least one blocking token with ``tokens``."""
        tokens = np.ascontiguousarray(tokens, dtype=np.uint64)
        found = _lookup(self._packed, self._packed.shape[1], tokens)
        if self._tail:
            tail = np.concatenate(self._tail)
            hit = np.isin(tail & ~_ROW_MASK, tokens[tokens != 0] & ~_ROW_MASK)
            found = np.concatenate([found, (tail[hit] & _ROW_MASK).astype(np.int64)])
        return np.unique(found)

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (row, row) pairs of different stored rows sharing a token, smaller row first."""
        self._merge()
        left, right = _merge_join(self._packed[0], self._packed[0], _ROW_BITS, 0)
        keep = left < right
        n = int(right.max()) + 1 if right.size else 1
        flat = _distinct(left[keep] * n + right[keep])
        return flat // n, flat % n
