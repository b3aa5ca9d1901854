"""Keyed tokens of phone numbers: the second, independent linkage signal.

This module owns phone-number linkage. A number is normalised to E.164 with the
``phonenumbers`` library (Dutch numbers by default: "06-12345678",
"+31 6 1234 5678" and "0031612345678" are all +31612345678) and then turned
into an HMAC-SHA256 token under a sub-key of the linkage key. Equal tokens mean
equal numbers; the platform can compare tokens but cannot recover the number
without the key. Because the space of phone numbers is small, anyone who holds
the key can recover a number from its token by trying them all: the key must
stay with the organisations (see the threat model in ``samen.linkage``).
"""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers

from samen.linkage.keys import LinkageKey

__all__ = ["normalise_phone", "phone_token"]


def normalise_phone(number: str | None, default_region: str = "NL") -> str | None:
    """The E.164 form of a phone number, or None when it is not a possible number."""
    if not number or not str(number).strip():
        return None
    try:
        parsed = phonenumbers.parse(str(number), default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_token(number: str | None, key: LinkageKey, default_region: str = "NL") -> str | None:
    """A keyed token (hex) for a phone number, equal for every way of writing it; None if unusable."""
    e164 = normalise_phone(number, default_region)
    if e164 is None:
        return None
    return hmac.new(key.derive("phone"), e164.encode(), hashlib.sha256).hexdigest()
