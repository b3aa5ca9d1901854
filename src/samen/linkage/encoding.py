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
"""

from __future__ import annotations

import hashlib
import hmac
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
    "encode_many",
    "encode_person",
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


#: The schema Samen uses for persons. 576 bits, so a million encodings fit in 72 MB.
#: Version 2: date-of-birth tokens without the century, 128 bits for the date.
PERSON_SCHEMA = EncodingSchema(
    version=2,
    fields=(
        FieldSpec("given_names", "given_name", words=2, hashes=5, domain="name", salted=True),
        FieldSpec("family_name", "family_name", words=2, hashes=5, domain="name", salted=True),
        FieldSpec("date_of_birth", "date", words=2, hashes=2, domain="dob"),
        FieldSpec("sex", "sex", words=1, hashes=6, domain="sex"),
        FieldSpec("place_of_birth", "place", words=2, hashes=5, domain="place"),
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


def field_tokens(spec: FieldSpec, value: object) -> list[str]:
    """The n-grams of one identifier after normalisation (empty when unknown)."""
    if value is None:
        return []
    if spec.kind == "given_name":
        # Only the first given name: organisations differ in whether they record
        # all official given names or only the one a person uses.
        names = normalise_given_names(str(value))
        return _bigrams(names[0]) if names else []
    if spec.kind == "family_name":
        core = normalise_family_name(str(value))
        return _bigrams(core) if core else []
    if spec.kind == "date":
        date = parse_birth_date(value)
        if date is not None:
            digits = date.digits()
        else:
            # A mistyped compact date ("19740164") still shares most digits with the right one.
            raw = "".join(ch for ch in str(value) if ch.isdigit())
            if len(raw) != 8 or raw[:2] not in ("18", "19", "20"):
                return []
            digits = raw
        return _date_tokens(digits)
    if spec.kind == "sex":
        sex = normalise_sex(str(value))
        return [sex] if sex else []
    if spec.kind == "place":
        place = normalise_place(str(value))
        return _bigrams(place) if place else []
    text = normalise_text(str(value)).replace(" ", "")
    return _bigrams(text) if text else []


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


def _encode_into(
    out: np.ndarray, hasher: _Hasher, schema: EncodingSchema, identifiers: Mapping[str, object]
) -> None:
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


_MAGIC = b"SL"
_FORMAT = 1
_HEADER = struct.Struct("<2sBHH8sH")


@dataclass(frozen=True, slots=True, eq=False)
class PersonEncoding:
    """The encoding of one person record, as stored and compared by the platform.

    ``words`` is the concatenation of the field Bloom filters (little-endian
    uint64); ``schema_version``, ``key_version`` and ``key_fingerprint`` say under
    which schema and key it was made.
    """

    words: np.ndarray
    schema_version: int
    key_version: int
    key_fingerprint: bytes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PersonEncoding):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()

    def __hash__(self) -> int:
        return hash(self.to_bytes())

    def to_bytes(self) -> bytes:
        """Serialise to a self-describing byte string (for a binary database column)."""
        words = np.ascontiguousarray(self.words, dtype="<u8")
        header = _HEADER.pack(
            _MAGIC, _FORMAT, self.schema_version, self.key_version, self.key_fingerprint, words.shape[0]
        )
        return header + words.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> PersonEncoding:
        """Read an encoding written by :meth:`to_bytes`."""
        if len(data) < _HEADER.size:
            raise EncodingError("encoding too short")
        magic, fmt, schema_version, key_version, fingerprint, nwords = _HEADER.unpack_from(data)
        if magic != _MAGIC or fmt != _FORMAT:
            raise EncodingError("not a Samen linkage encoding, or an unknown format")
        body = data[_HEADER.size :]
        if len(body) != nwords * 8:
            raise EncodingError("encoding length does not match its header")
        words = np.frombuffer(body, dtype="<u8").astype(np.uint64)
        return cls(words, schema_version, key_version, fingerprint)


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
    return PersonEncoding(words, schema.version, key.version, key.fingerprint())
