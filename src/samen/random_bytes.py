"""Random bytes from the operating system, read in blocks instead of a system call per value.

Intake draws a receipt code, a status secret, a vault uuid and a nonce per sealed value: eight
reads of `os.urandom` per signal. Each read is a system call during which CPython releases the
GIL, and in a web worker that serves requests on many threads every release hands the
interpreter to another thread and back: two context switches and cold caches per call. Reading
4 KiB at once and handing out slices costs one system call per some sixty signals.

The bytes are the kernel's CSPRNG output all the same, and each is handed out once: a buffer
belongs to one thread, and a forked child (gunicorn's workers) starts with none, so parent and
child never share bytes.
"""

from __future__ import annotations

import os
import threading
import uuid

_BLOCK = 4096
_local = threading.local()
# Raised in every forked child; a buffer from an older generation is thrown away.
_generation = 0


def _after_fork_in_child() -> None:
    global _generation
    _generation += 1


os.register_at_fork(after_in_child=_after_fork_in_child)


def token_bytes(n: int) -> bytes:
    """`n` bytes from the operating system's CSPRNG, like `secrets.token_bytes(n)`."""
    if n > _BLOCK:
        return os.urandom(n)
    buffer: bytes = getattr(_local, "buffer", b"")
    offset: int = getattr(_local, "offset", 0)
    if getattr(_local, "generation", -1) != _generation or offset + n > len(buffer):
        buffer, offset = os.urandom(_BLOCK), 0
        _local.buffer, _local.generation = buffer, _generation
    _local.offset = offset + n
    return buffer[offset : offset + n]


def uuid4() -> uuid.UUID:
    """A random uuid, like `uuid.uuid4()`."""
    return uuid.UUID(bytes=token_bytes(16), version=4)
