"""Vault keys: one AES-256 key per organisation (scope "org<id>") and one for the platform, versioned.

Keys come from the environment only (`SAMEN_VAULT_KEYS`: JSON {"org12:1": "<base64>"}, or
`SAMEN_VAULT_KEY_FILE` holding the same JSON) and are never stored in the database. Outside
production mode, keys that are not configured are derived from a clearly labelled development
master key, so the demo and the tests run without setup; the newest derived version is
`VAULT_DEV_KEY_VERSION` (1 unless a test raises it). The newest version of a scope encrypts;
every version stays readable, because each ciphertext names its key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PLATFORM = "platform"


class VaultKeyMissing(Exception):
    """No key is configured for this scope or key id."""


def scope_for(organisation_id: int | None) -> str:
    """The key scope of a signal: its reporting organisation, or the platform for anonymous reports."""
    return PLATFORM if organisation_id is None else f"org{organisation_id}"


@functools.lru_cache(maxsize=8)
def _configured(raw: str, path: str) -> dict[str, bytes]:
    text = raw or (Path(path).read_text() if path else "")
    if not text:
        return {}
    try:
        mapping = json.loads(text)
        keys = {str(k): base64.b64decode(v, validate=True) for k, v in mapping.items()}
    except (ValueError, AttributeError) as exc:
        raise ImproperlyConfigured("SAMEN_VAULT_KEYS must be a JSON object of key id to base64 key.") from exc
    for key_id, key in keys.items():
        scope, _, version = key_id.partition(":")
        if not scope or not version.isdigit() or len(key) != 32:
            raise ImproperlyConfigured(f"Vault key {key_id!r} must be named <scope>:<version> and be 32 bytes.")
    return keys


def _configured_keys() -> dict[str, bytes]:
    return _configured(getattr(settings, "VAULT_KEYS", ""), getattr(settings, "VAULT_KEY_FILE", ""))


def _dev_master() -> str:
    return "" if settings.PRODUCTION else getattr(settings, "VAULT_DEV_MASTER_KEY", "")


@functools.lru_cache(maxsize=256)
def _derive(master: str, key_id: str) -> bytes:
    return hmac.new(master.encode(), f"samen-vault-development-key:{key_id}".encode(), hashlib.sha256).digest()


def key(key_id: str) -> bytes:
    """The key with this id, for decryption of anything ever written under it."""
    configured = _configured_keys()
    if key_id in configured:
        return configured[key_id]
    master = _dev_master()
    if master:
        return _derive(master, key_id)
    raise VaultKeyMissing(key_id)


def current_key_id(scope: str) -> str:
    """The newest key version of a scope: new values and rotation use it."""
    versions = [int(k.partition(":")[2]) for k in _configured_keys() if k.partition(":")[0] == scope]
    if versions:
        return f"{scope}:{max(versions)}"
    if _dev_master():
        return f"{scope}:{getattr(settings, 'VAULT_DEV_KEY_VERSION', 1)}"
    raise VaultKeyMissing(scope)


def index_key() -> bytes:
    return _index_key(settings.VAULT_INDEX_KEY)


@functools.lru_cache(maxsize=8)
def _index_key(configured: str) -> bytes:
    return hashlib.sha256(b"samen-vault-index:" + configured.encode()).digest()
