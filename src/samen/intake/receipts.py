"""Receipt codes and status secrets: short, unambiguous, and the secret stored only as a keyed hash."""

from __future__ import annotations

import base64
import hashlib
import json
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from samen import random_bytes
from samen.plain_digits import ascii_digits

# Of each pair that looks or sounds alike (0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V) one character, so a
# code read aloud over the phone or copied from handwriting stays unambiguous; the other is read as
# it when typed (`LOOK_ALIKES`).
ALPHABET = "23456789ACDEFGHJKMNPQRTUWXY"
LOOK_ALIKES = str.maketrans(
    {"O": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "V": "U"}
    # Capitals that look the same in Cyrillic and Greek: a code copied by hand is typed on the
    # keyboard the reporter has, and "МН-2222" in Cyrillic looked right but was not found.
    # Cyrillic З is written as a 3 (found by exploratory testing).
    | dict(zip("АВСЕНІКМОРТХУЅЗ", "A8CEH1KM0PTXY53", strict=True))
    | dict(zip("ΑΒΕΗΙΚΜΝΟΡΤΥΧΖ", "A8EH1KMN0PTYX2", strict=True))
)
PREFIX = "MH"
_CODE = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
_SECRET = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
_SALT = "samen.intake.status-secret"
_REPLAY_SALT = "samen.intake.replay-secret"


# The largest multiple of the alphabet's size below 256: bytes from it up are dropped, so every
# character is equally likely.
_UNBIASED = 256 - 256 % len(ALPHABET)


def _chunk(length: int) -> str:
    """`length` characters drawn uniformly from ALPHABET, from one read of the system's randomness."""
    chars: list[str] = []
    while len(chars) < length:
        chars += [ALPHABET[b % len(ALPHABET)] for b in random_bytes.token_bytes(length * 2) if b < _UNBIASED]
    return "".join(chars[:length])


def new_receipt_code() -> str:
    """A code like MH-7K3P-Q9XD (38 bits)."""
    return f"{PREFIX}-{_chunk(4)}-{_chunk(4)}"


def new_secret() -> str:
    """A secret like 7KQP-M3XD-RTW4 (57 bits), drawn at random."""
    return f"{_chunk(4)}-{_chunk(4)}-{_chunk(4)}"


def secret_for(idempotency_key: str, fingerprint: str) -> str:
    """The secret of the signal sent with this idempotency key and payload, like 7KQP-M3XD-RTW4.

    Derived, not drawn, so that the same send arriving twice (a double click where the page's
    script did not run, a send retried because its answer was lost) can be shown the secret
    again (`services`): the key is in no page but the one the form was sent from, and the payload
    must match it. Keyed with the settings' secret key, it is as hard to guess as a drawn one;
    the 256 bits of the HMAC make the characters' bias negligible (below 2**-190).
    """
    message = f"{idempotency_key}\x00{fingerprint}"
    number = int.from_bytes(salted_hmac(_REPLAY_SALT, message, algorithm="sha256").digest(), "big")
    chars = []
    for _ in range(12):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "-".join("".join(chars[i : i + 4]) for i in (0, 4, 8))


def normalise(text: str) -> str:
    """Upper-case, drop spaces and dashes, read look-alikes as the characters we do use.

    Full-width letters, the digits of other scripts (٣ is 3) and invisible characters (the
    direction marks that come along when a code is copied from the Arabic page) are read as
    typed on an ASCII keyboard first (`ascii_digits`)."""
    return re.sub(r"[\s\-–]", "", ascii_digits(text or "").upper()).translate(LOOK_ALIKES)


def normalise_code(text: str) -> str:
    """A receipt code as people type it, in its one written form; "8adm whhu" (the prefix left
    out, as the eye skips it) is MH-8ADM-WHHU too."""
    cleaned = normalise(text)
    if len(cleaned) == 10 and cleaned.startswith(PREFIX):
        return f"{PREFIX}-{cleaned[2:6]}-{cleaned[6:]}"
    if len(cleaned) == 8 and all(char in ALPHABET for char in cleaned):
        return f"{PREFIX}-{cleaned[:4]}-{cleaned[4:]}"
    return cleaned


def is_receipt_code(text: str) -> bool:
    return bool(_CODE.match(text))


def is_secret(text: str) -> bool:
    """Whether `text` has the form of a secret (`new_secret`); says nothing about any signal."""
    return bool(_SECRET.match(text))


def hash_secret(secret: str) -> str:
    """A keyed hash of the secret. The secret has ~57 bits of entropy, so a slow hash adds nothing
    but latency to every intake; the key keeps a stolen table useless without the settings."""
    return salted_hmac(_SALT, normalise(secret), algorithm="sha256").hexdigest()


def check_secret(secret: str, secret_hash: str) -> bool:
    return constant_time_compare(hash_secret(secret), secret_hash)


def _session_cipher() -> Fernet:
    key = hashlib.sha256(f"{settings.SECRET_KEY}:samen.intake.receipt-in-session".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def sealed_for_session(shown: dict) -> str:
    """A receipt to show once more (after the redirect that follows a send or a language switch),
    encrypted: the session is kept in the database, and its backups must not hold a status secret."""
    return _session_cipher().encrypt(json.dumps(shown).encode()).decode()


def opened_from_session(sealed: str | None) -> dict | None:
    """The receipt `sealed_for_session` sealed; None when there is none or it cannot be opened
    (sealed with another SECRET_KEY, or not by us)."""
    if not isinstance(sealed, str):
        return None
    try:
        return json.loads(_session_cipher().decrypt(sealed.encode()))
    except (InvalidToken, ValueError):
        return None
