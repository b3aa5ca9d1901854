"""The linkage key: the shared secret of the participating organisations.

This module owns how the key is represented, loaded and identified. The key is
never stored in the platform's database and never written to logs: it reaches a
process only through the environment (``SAMEN_LINKAGE_KEY``) or a file that the
operator mounts (``SAMEN_LINKAGE_KEY_FILE``). The platform stores, next to every
encoding, only the key *version* and a *fingerprint* (an HMAC of a constant under
the key), so it can tell encodings made under different keys apart without being
able to recompute any encoding itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LinkageKey", "LinkageKeyError", "demo_linkage_key", "load_linkage_key", "parse_key_material"]

KEY_ENV = "SAMEN_LINKAGE_KEY"
KEY_FILE_ENV = "SAMEN_LINKAGE_KEY_FILE"
KEY_VERSION_ENV = "SAMEN_LINKAGE_KEY_VERSION"
MIN_KEY_BYTES = 32


class LinkageKeyError(RuntimeError):
    """The linkage key is missing or malformed."""


@dataclass(frozen=True, slots=True, repr=False)
class LinkageKey:
    """A secret shared by the participating organisations, with its version number.

    Rotating the key means choosing a new secret with a higher version; encodings
    made under the old version are not comparable with new ones and must be
    re-encoded by their organisations (see the threat model in ``samen.linkage``).
    """

    secret: bytes
    version: int

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_KEY_BYTES:
            raise LinkageKeyError(f"a linkage key needs at least {MIN_KEY_BYTES} bytes of secret")
        if not 0 < self.version < 2**16:
            raise LinkageKeyError("the key version must be between 1 and 65535")

    def __repr__(self) -> str:
        return f"LinkageKey(version={self.version}, fingerprint={self.fingerprint().hex()})"

    def fingerprint(self) -> bytes:
        """Eight bytes that identify the key without revealing it."""
        return hmac.new(self.secret, b"samen-linkage/fingerprint", hashlib.sha256).digest()[:8]

    def derive(self, purpose: str) -> bytes:
        """A sub-key for one purpose, so Bloom filters and phone tokens never share a key."""
        return hmac.new(self.secret, f"samen-linkage/{purpose}/v{self.version}".encode(), hashlib.sha256).digest()


def parse_key_material(text: str) -> bytes:
    """Decode key material written as hex or as (URL-safe) base64."""
    cleaned = "".join(text.split())
    if not cleaned:
        raise LinkageKeyError("the linkage key is empty")
    if len(cleaned) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in cleaned):
        return bytes.fromhex(cleaned)
    try:
        padded = cleaned + "=" * (-len(cleaned) % 4)
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise LinkageKeyError("the linkage key is neither hex nor base64") from exc


def load_linkage_key(environ: dict[str, str] | None = None) -> LinkageKey:
    """Read the linkage key from the environment.

    ``SAMEN_LINKAGE_KEY`` holds the secret as hex or base64, or
    ``SAMEN_LINKAGE_KEY_FILE`` names a file that holds it (for container secrets).
    ``SAMEN_LINKAGE_KEY_VERSION`` gives its version (default 1).
    """
    env = os.environ if environ is None else environ
    material = env.get(KEY_ENV, "").strip()
    key_file = env.get(KEY_FILE_ENV, "").strip()
    if not material and key_file:
        try:
            material = Path(key_file).read_text(encoding="ascii").strip()
        except OSError as exc:
            raise LinkageKeyError(f"cannot read the linkage key file named in {KEY_FILE_ENV}: {exc}") from exc
    if not material:
        raise LinkageKeyError(
            f"no linkage key: set {KEY_ENV} (hex or base64, at least {MIN_KEY_BYTES} bytes) "
            f"or {KEY_FILE_ENV}. The key belongs to the participating organisations and is "
            "deliberately not stored in the database."
        )
    try:
        version = int(env.get(KEY_VERSION_ENV, "1"))
    except ValueError as exc:
        raise LinkageKeyError(f"{KEY_VERSION_ENV} must be a whole number") from exc
    return LinkageKey(secret=parse_key_material(material), version=version)


def demo_linkage_key(label: str = "demo") -> LinkageKey:
    """A fixed, publicly known key for demos, tests and benchmarks ONLY.

    Anyone can recompute it, so encodings made with it protect nothing.
    """
    return LinkageKey(secret=hashlib.sha256(f"samen-linkage PUBLIC DEMO KEY {label}".encode()).digest(), version=1)
