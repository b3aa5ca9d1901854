"""Keyed, hardened Bloom-filter encodings of a person's identifiers.

This module owns the encoding: which identifiers become which n-grams, how the
n-grams are hashed under the linkage key, how the result is hardened, and the
byte format in which an encoding travels and is stored.

One record encoding is the concatenation of one Bloom filter per field, each a
whole number of 64-bit words. The matcher scores the fields separately
(Fellegi-Sunter, :mod:`samen.linkage.scoring`) and the blocker and the speed
benchmark use the Dice coefficient of the whole concatenation.

Hashing: each n-gram is hashed with HMAC-SHA256 under a sub-key of the linkage
key; its k bit positions are taken independently from the digest ("random
hashing"), which avoids the arithmetic structure that double hashing leaves and
that published attacks on Bloom filters exploit.

Hardening (see the threat model in ``samen.linkage`` for what it does and does
not stop):

* salting: a share of each name n-gram's hash functions also takes the year of
  birth, so the same name born in different years sets different bits. Salting
  only a share keeps part of the name signal when the year is wrong or missing;
* XOR-folding: each filter is built at twice its stored length and the two halves
  are XOR-ed together, so a stored bit no longer belongs to a fixed set of n-grams.

Blocking tokens travel with the encoding: keyed 64-bit hashes of combinations of
normalised values (the schema's ``token_views``), made here because only the
organisation holds the plaintext. Two records that share a token become a
candidate pair (:mod:`samen.linkage.blocking`). A view may allow a typo in one or
both values through their deletion neighbourhoods: the value itself and every
copy with one character left out. Two values within one substitution, insertion,
deletion or exchange of neighbouring characters share a member ("lowe"/"lowde",
"reinmuth"/"reimnuth", "19740614"/"19740164"), so exact equality of tokens finds
them; a date also counts with day and month exchanged. What tokens reveal is in
the threat model.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from samen.linkage.keys import LinkageKey
from samen.linkage.normalise import (
    normalise_family_name,
    normalise_given_names,
    normalise_place,
    normalise_sex,
    normalise_text,
    parse_birth_date,
)

__all__ = [
    "FEBRL_SCHEMA",
    "PERSON_SCHEMA",
    "EncodingError",
    "EncodingSchema",
    "FieldSpec",
    "PersonEncoding",
    "TokenView",
    "blocking_tokens",
    "encode_many",
    "encode_person",
    "encode_tokens_many",
    "field_tokens",
]

FieldKind = Literal["given_name", "family_name", "date", "sex", "place", "text"]


class EncodingError(ValueError):
    """An encoding cannot be made, read or compared."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One identifier and the Bloom filter it becomes.

    ``domain`` separates hash functions per field; fields that share a domain
    (given and family name) can be compared with each other, which is how swapped
    name order is recognised.
    """

    name: str
    kind: FieldKind
    words: int
    hashes: int
    domain: str
    salted: bool = False


@dataclass(frozen=True, slots=True)
class TokenView:
    """One kind of blocking token: a combination of one or two fields.

    ``typos`` is how many of the values may differ by one typo and still give a
    common token: 0 (all equal), 1 (one of two) or 2 (both). Each allowed typo
    multiplies the tokens per record by the length of a value.
    """

    fields: tuple[str, ...]
    typos: int = 0


@dataclass(frozen=True, slots=True)
class EncodingSchema:
    """A versioned description of how records are encoded.

    Every change that alters the bits (fields, sizes, hash counts, hardening)
    must come with a new ``version``: encodings of different versions are never
    compared.
    """

    version: int
    fields: tuple[FieldSpec, ...]
    salt_field: str | None = "date_of_birth"
    salted_hashes: int = 1
    xor_fold: bool = True
    swap_fields: tuple[str, str] | None = ("given_names", "family_name")
    #: Blocking tokens made with each encoding. A view naming one of ``swap_fields`` is made
    #: with either name in its place, and one naming both takes them unordered, so a swapped
    #: name order still shares tokens.
    token_views: tuple[TokenView, ...] = ()
    offsets: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        offsets = [0]
        for spec in self.fields:
            offsets.append(offsets[-1] + spec.words)
        object.__setattr__(self, "offsets", tuple(offsets))
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise EncodingError("field names in a schema must be unique")
        if self.swap_fields and not set(self.swap_fields) <= set(names):
            raise EncodingError("swap_fields must name fields of the schema")
        for view in self.token_views:
            if not set(view.fields) <= set(names) or not 1 <= len(view.fields) <= 2 or view.typos > len(view.fields):
                raise EncodingError("a token view names one or two fields of the schema and at most one typo each")

    @property
    def words(self) -> int:
        """Length of one record encoding in 64-bit words."""
        return self.offsets[-1]

    def field_index(self, name: str) -> int:
        """Position of a field in the schema."""
        for i, spec in enumerate(self.fields):
            if spec.name == name:
                return i
        raise KeyError(name)


#: The schema Samen uses for persons. 576 bits, so a million encodings fit in 72 MB, plus
#: about 125 blocking tokens (1 kB) per record.
#: Version 2: date-of-birth tokens without the century, 128 bits for the date.
#: Version 3: blocking tokens. Their views were chosen on FEBRL4 (see benchmarks/linkage.py):
#: the date alone (an equal date already gives an equal unsalted date filter); both names with
#: a typo in each, which FEBRL4 has in one pair of a thousand; and every other pair of fields
#: with a typo in one of them. A pair sharing fewer than two such fields is left to the band keys.
PERSON_SCHEMA = EncodingSchema(
    version=3,
    fields=(
        FieldSpec("given_names", "given_name", words=2, hashes=5, domain="name", salted=True),
        FieldSpec("family_name", "family_name", words=2, hashes=5, domain="name", salted=True),
        FieldSpec("date_of_birth", "date", words=2, hashes=2, domain="dob"),
        FieldSpec("sex", "sex", words=1, hashes=6, domain="sex"),
        FieldSpec("place_of_birth", "place", words=2, hashes=5, domain="place"),
    ),
    token_views=(
        TokenView(("date_of_birth",)),
        TokenView(("given_names", "family_name"), typos=2),
        TokenView(("given_names", "date_of_birth"), typos=1),
        TokenView(("given_names", "place_of_birth"), typos=1),
        TokenView(("date_of_birth", "place_of_birth"), typos=1),
    ),
)

#: The schema the benchmark uses for the FEBRL4 data set, which has address fields.
FEBRL_SCHEMA = EncodingSchema(
    version=1002,
    fields=(
        FieldSpec("given_names", "given_name", words=2, hashes=5, domain="name", salted=True),
        FieldSpec("family_name", "family_name", words=2, hashes=5, domain="name", salted=True),
        FieldSpec("date_of_birth", "date", words=2, hashes=2, domain="dob"),
        FieldSpec("street_number", "text", words=1, hashes=4, domain="street_number"),
        FieldSpec("address_1", "text", words=2, hashes=4, domain="address_1"),
        FieldSpec("address_2", "text", words=2, hashes=4, domain="address_2"),
        FieldSpec("suburb", "place", words=2, hashes=5, domain="suburb"),
        FieldSpec("postcode", "text", words=1, hashes=4, domain="postcode"),
        FieldSpec("state", "text", words=1, hashes=6, domain="state"),
        FieldSpec("soc_sec_id", "text", words=2, hashes=4, domain="soc_sec_id"),
    ),
)


def _bigrams(word: str) -> list[str]:
    padded = f"_{word}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def _date_tokens(digits: str) -> list[str]:
    """Tokens of a date written as eight digits (YYYYMMDD, "?" where unknown).

    Positional digits of year-in-century, month and day make a one-digit typo
    cost one token; the century is left out because nearly every pair shares it,
    which made unrelated dates look half alike. Whole year and whole month-day
    tokens separate an exact date from one that shares digits by chance, and the
    unordered day-month pair keeps a date whose day and month were exchanged
    ("05-08" for "08-05") close.
    """
    tokens = [f"{i}:{d}" for i, d in enumerate(digits) if i >= 2 and d != "?"]
    year, month, day = digits[:4], digits[4:6], digits[6:8]
    if "?" not in year:
        tokens.append(f"y:{year}")
    if "?" not in month + day:
        tokens.append(f"md:{month}{day}")
        tokens.append("dm:" + "".join(sorted((month, day))))
    return tokens


def normalised_value(spec: FieldSpec, value: object) -> str:
    """One identifier after normalisation, as compared ("" when unknown); a date as eight digits."""
    if value is None:
        return ""
    if spec.kind == "given_name":
        # Only the first given name: organisations differ in whether they record
        # all official given names or only the one a person uses.
        names = normalise_given_names(str(value))
        return names[0] if names else ""
    if spec.kind == "family_name":
        return normalise_family_name(str(value))
    if spec.kind == "date":
        date = parse_birth_date(value)
        if date is not None:
            return date.digits()
        # A mistyped compact date ("19740164") still shares most digits with the right one.
        raw = "".join(ch for ch in str(value) if ch.isdigit())
        return raw if len(raw) == 8 and raw[:2] in ("18", "19", "20") else ""
    if spec.kind == "sex":
        return normalise_sex(str(value))
    if spec.kind == "place":
        return normalise_place(str(value))
    return normalise_text(str(value)).replace(" ", "")


def field_tokens(spec: FieldSpec, value: object) -> list[str]:
    """The n-grams of one identifier after normalisation (empty when unknown)."""
    normal = normalised_value(spec, value)
    if not normal:
        return []
    if spec.kind == "date":
        return _date_tokens(normal)
    if spec.kind == "sex":
        return [normal]
    return _bigrams(normal)


def _salt_of(schema: EncodingSchema, identifiers: Mapping[str, object]) -> str:
    if schema.salt_field is None:
        return ""
    spec = schema.fields[schema.field_index(schema.salt_field)]
    if spec.kind == "date":
        date = parse_birth_date(identifiers.get(spec.name))
        return str(date.year) if date else ""
    return normalise_text(str(identifiers.get(spec.name) or ""))


class _Hasher:
    """Maps (field, salt, n-gram) to bit positions; memoises within one batch."""

    def __init__(self, key: LinkageKey, schema: EncodingSchema) -> None:
        self._secret = key.derive(f"bloom/schema{schema.version}")
        self._schema = schema
        self._cache: dict[tuple[str, str, str, int, int], tuple[int, ...]] = {}

    def positions(self, domain: str, salt: str, token: str, count: int, nbits: int) -> tuple[int, ...]:
        cache_key = (domain, salt, token, count, nbits)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        digest = hmac.new(self._secret, f"{domain}\x1f{salt}\x1f{token}".encode(), hashlib.sha256).digest()
        if count > 16:
            raise EncodingError("at most 16 hash functions per n-gram")
        # Sixteen independent 16-bit positions per digest; nbits <= 4096 keeps the modulo bias small.
        values = struct.unpack(">16H", digest)
        result = tuple(v % nbits for v in values[:count])
        self._cache[cache_key] = result
        return result


def _encode_into(out: np.ndarray, hasher: _Hasher, schema: EncodingSchema, identifiers: Mapping[str, object]) -> None:
    salt = _salt_of(schema, identifiers)
    for spec, start in zip(schema.fields, schema.offsets, strict=False):
        tokens = field_tokens(spec, identifiers.get(spec.name))
        if not tokens:
            continue
        nbits = spec.words * 64 * (2 if schema.xor_fold else 1)
        bits = np.zeros(nbits, dtype=bool)
        salted_count = min(schema.salted_hashes, spec.hashes) if spec.salted and salt else 0
        for token in tokens:
            if salted_count:
                for p in hasher.positions(spec.domain, salt, token, salted_count, nbits):
                    bits[p] = True
            for p in hasher.positions(spec.domain, "", token, spec.hashes, nbits)[salted_count:]:
                bits[p] = True
        if schema.xor_fold:
            half = nbits // 2
            bits = bits[:half] ^ bits[half:]
            if not bits.any():
                # Folding cancelled every bit (vanishingly rare); keep the field present.
                bits[0] = True
        packed = np.packbits(bits, bitorder="little").view("<u8")
        out[start : start + spec.words] = packed


def _variants(spec: FieldSpec, value: str) -> set[str]:
    """The value with at most one typo: itself and every copy with one character left out.

    Two values within one substitution, insertion, deletion or exchange of
    neighbouring characters share a member. A date also gives itself with day and
    month exchanged, a confusion of date formats that is two edits apart.
    """
    out = {value} | {value[:i] + value[i + 1 :] for i in range(len(value)) if len(value) > 1}
    if spec.kind == "date":
        out.add(value[:4] + value[6:8] + value[4:6])
    return out


def _combinations(parts: list[str], variants: list[set[str]], typos: int, unordered: bool) -> Iterable[str]:
    """The value combinations a record gives a view that allows ``typos`` typos, joined by a separator.

    ``unordered``: the two values are written smaller first, so their order does not matter.
    """
    if len(parts) == 1:
        return variants[0] if typos else parts
    x, y = parts
    if typos == 0:
        pairs: Iterable[tuple[str, str]] = [(x, y)]
    elif typos == 1:
        pairs = [(x, b) for b in variants[1]] + [(a, y) for a in variants[0]]
    else:
        pairs = itertools.product(*variants)
    if unordered:
        return [f"{a}\x1f{b}" if a <= b else f"{b}\x1f{a}" for a, b in pairs]
    return [f"{a}\x1f{b}" for a, b in pairs]


class _Tokeniser:
    """Maps a record's normalised values to its blocking tokens under the linkage key."""

    def __init__(self, key: LinkageKey, schema: EncodingSchema) -> None:
        # A sub-key of its own, so a token and a Bloom-filter position never share a hash; keyed
        # BLAKE2b is a MAC like HMAC and two to three times faster for a hundred short messages a record.
        self._secret = key.derive(f"blocking/schema{schema.version}")
        self._schema = schema
        self._specs = {spec.name: spec for spec in schema.fields}
        self._needed = {name for view in schema.token_views for name in view.fields}

    def tokens(self, identifiers: Mapping[str, object]) -> np.ndarray:
        schema = self._schema
        values = {name: normalised_value(self._specs[name], identifiers.get(name)) for name in self._needed}
        swap = schema.swap_fields
        readings = [values]
        if swap is not None and swap[0] in values and swap[1] in values:
            readings.append({**values, swap[0]: values[swap[1]], swap[1]: values[swap[0]]})
        combos: set[str] = set()
        for v, view in enumerate(schema.token_views):
            unordered = swap is not None and set(view.fields) == set(swap)
            either_name = swap is not None and not unordered and bool(set(view.fields) & set(swap))
            for reading in readings if either_name else readings[:1]:
                parts = [reading[name] for name in view.fields]
                if not all(parts):
                    continue
                variants = [_variants(self._specs[name], part) for name, part in zip(view.fields, parts, strict=True)]
                combos.update(f"{v}\x1f{c}" for c in _combinations(parts, variants, view.typos, unordered))
        secret = self._secret
        out = np.fromiter(
            (int.from_bytes(hashlib.blake2b(c.encode(), digest_size=8, key=secret).digest(), "little") for c in combos),
            dtype=np.uint64,
            count=len(combos),
        )
        out[out == 0] = 1  # 0 means "no token"
        # Sorted: the order then says nothing about which view a token belongs to.
        return np.unique(out)


def blocking_tokens(
    identifiers: Mapping[str, object], key: LinkageKey, schema: EncodingSchema = PERSON_SCHEMA
) -> np.ndarray:
    """The sorted blocking tokens (uint64) of one record under the key; empty without ``token_views``."""
    return _Tokeniser(key, schema).tokens(identifiers)


def encode_tokens_many(
    records: Iterable[Mapping[str, object]], key: LinkageKey, schema: EncodingSchema = PERSON_SCHEMA
) -> list[np.ndarray]:
    """The blocking tokens of many records, one sorted uint64 array each."""
    tokeniser = _Tokeniser(key, schema)
    return [tokeniser.tokens(identifiers) for identifiers in records]


_MAGIC = b"SL"
# Format 2 appends the blocking tokens (a uint32 count, then the tokens); format 1 had none.
_FORMAT = 2
_HEADER = struct.Struct("<2sBHH8sH")
_TOKEN_COUNT = struct.Struct("<I")


@dataclass(frozen=True, slots=True, eq=False)
class PersonEncoding:
    """The encoding of one person record, as stored and compared by the platform.

    ``words`` is the concatenation of the field Bloom filters (little-endian
    uint64); ``schema_version``, ``key_version`` and ``key_fingerprint`` say under
    which schema and key it was made; ``tokens`` are its sorted blocking tokens.
    """

    words: np.ndarray
    schema_version: int
    key_version: int
    key_fingerprint: bytes
    tokens: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PersonEncoding):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()

    def __hash__(self) -> int:
        return hash(self.to_bytes())

    def to_bytes(self) -> bytes:
        """Serialise to a self-describing byte string (for a binary database column)."""
        words = np.ascontiguousarray(self.words, dtype="<u8")
        tokens = np.ascontiguousarray(self.tokens, dtype="<u8")
        header = _HEADER.pack(
            _MAGIC, _FORMAT, self.schema_version, self.key_version, self.key_fingerprint, words.shape[0]
        )
        return header + words.tobytes() + _TOKEN_COUNT.pack(tokens.shape[0]) + tokens.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> PersonEncoding:
        """Read an encoding written by :meth:`to_bytes`."""
        if len(data) < _HEADER.size:
            raise EncodingError("encoding too short")
        magic, fmt, schema_version, key_version, fingerprint, nwords = _HEADER.unpack_from(data)
        if magic != _MAGIC or fmt not in (1, _FORMAT):
            raise EncodingError("not a Samen linkage encoding, or an unknown format")
        body = data[_HEADER.size :]
        ntokens = 0
        if fmt == _FORMAT and len(body) >= nwords * 8 + _TOKEN_COUNT.size:
            (ntokens,) = _TOKEN_COUNT.unpack_from(body, nwords * 8)
        tokens_at = nwords * 8 + (_TOKEN_COUNT.size if fmt == _FORMAT else 0)
        if len(body) != tokens_at + ntokens * 8:
            raise EncodingError("encoding length does not match its header")
        words = np.frombuffer(body, dtype="<u8", count=nwords).astype(np.uint64)
        tokens = np.frombuffer(body, dtype="<u8", count=ntokens, offset=tokens_at).astype(np.uint64)
        return cls(words, schema_version, key_version, fingerprint, tokens)


def encode_many(
    records: Iterable[Mapping[str, object]], key: LinkageKey, schema: EncodingSchema = PERSON_SCHEMA
) -> np.ndarray:
    """Encode many records at once into an (n, schema.words) uint64 matrix."""
    hasher = _Hasher(key, schema)
    rows = list(records)
    out = np.zeros((len(rows), schema.words), dtype=np.uint64)
    for i, identifiers in enumerate(rows):
        _encode_into(out[i], hasher, schema, identifiers)
    return out


def encode_person(
    identifiers: Mapping[str, object], key: LinkageKey, schema: EncodingSchema = PERSON_SCHEMA
) -> PersonEncoding:
    """Encode one person's identifiers under the key.

    ``identifiers`` maps the schema's field names (for :data:`PERSON_SCHEMA`:
    given_names, family_name, date_of_birth, sex, place_of_birth) to raw text as
    an organisation recorded it; missing or empty fields are allowed.
    """
    words = encode_many([identifiers], key, schema)[0]
    tokens = blocking_tokens(identifiers, key, schema)
    return PersonEncoding(words, schema.version, key.version, key.fingerprint(), tokens)
