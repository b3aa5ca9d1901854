"""Sealing and opening single values with AES-256-GCM, and blind indexes for exact lookup.

A sealed value reads `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`: the key id (scope and
version) tells which key opens it, the nonce is 96 random bits, and the associated data binds
the ciphertext to its table, row and field, so a value copied to another row or column fails
to open.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re

import phonenumbers
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from samen import random_bytes
from samen.plain_digits import ascii_digits
from samen.vault import keys

PREFIX = "v1"


class VaultError(Exception):
    """A value could not be opened: wrong key, wrong row or field, or a damaged ciphertext."""


def associated_data(table: str, row_id: str, field: str) -> bytes:
    return f"samen-vault|{table}|{row_id}|{field}".encode()


@functools.lru_cache(maxsize=64)
def _cipher(key: bytes) -> AESGCM:
    """One AESGCM object per key (it holds no per-message state): intake seals several values a signal."""
    return AESGCM(key)


def seal(plaintext: str, *, scope: str, aad: bytes) -> str:
    key_id = keys.current_key_id(scope)
    nonce = random_bytes.token_bytes(12)
    ciphertext = _cipher(keys.key(key_id)).encrypt(nonce, plaintext.encode(), aad)
    return f"{PREFIX}.{key_id}.{base64.urlsafe_b64encode(nonce + ciphertext).decode().rstrip('=')}"


def key_id_of(sealed: str) -> str:
    _prefix, key_id, _data = _split(sealed)
    return key_id


def _split(sealed: str) -> tuple[str, str, str]:
    parts = sealed.split(".", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise VaultError("not a vault value")
    return parts[0], parts[1], parts[2]


def open_sealed(sealed: str, *, aad: bytes) -> str:
    _prefix, key_id, data = _split(sealed)
    try:
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        return _cipher(keys.key(key_id)).decrypt(raw[:12], raw[12:], aad).decode()
    except (InvalidTag, ValueError, keys.VaultKeyMissing) as exc:
        raise VaultError(f"cannot open a value sealed under {key_id}") from exc


def normalise_bsn(value: str) -> str:
    # `\D` would keep the digits of other scripts (١٢٣), and the index would then not match.
    digits = re.sub(r"\D", "", ascii_digits(value or ""))
    # A BSN that lost its leading zero in a spreadsheet is the same BSN (as in intake's validator).
    return digits.zfill(9) if len(digits) == 8 else digits


def normalise_phone(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NL")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"[^\d+]", "", value)


_NORMALISERS = {"bsn": normalise_bsn, "phone": normalise_phone}


def blind_index(kind: str, value: str, *, normalised: bool = False) -> str:
    """HMAC-SHA256 under the index key (not a vault key) of the normalised value; "" for no value.

    `normalised=True` when `value` is already what the normaliser of `kind` makes of it (intake's
    validators store phone numbers in E.164 and a BSN as nine digits): parsing a phone number
    again cost a tenth of preparing a signal.
    """
    text = (value or "").strip() if normalised else _NORMALISERS[kind](value)
    if kind == "phone":  # the line, not its extension ("+31201234567;ext=12"): E.164 has none
        text = text.split(";", 1)[0]
    if not text:
        return ""
    return hmac.new(keys.index_key(), f"{kind}:{text}".encode(), hashlib.sha256).hexdigest()
