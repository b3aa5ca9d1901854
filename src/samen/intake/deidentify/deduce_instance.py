"""The one deduce instance of a process, and deduce's lookup cache on disk."""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deduce import Deduce


logger = logging.getLogger(__name__)
_lock = threading.Lock()
_deduce: Deduce | None = None


def _reset_lock_in_child() -> None:
    # A lock held by another thread at fork time would stay locked forever in the child.
    # The instance itself is deliberately inherited: a preloading server (gunicorn
    # --preload) then shares the loaded lookup structures copy-on-write.
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_lock_in_child)


def _deduce_module() -> ModuleType:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # deduce calls logging.basicConfig(level=DEBUG, stream=stdout) on import, which would
    # send every library's debug output to stdout; undo that side effect.
    import deduce.deduce as module

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return module


def _import_deduce() -> type[Deduce]:
    return _deduce_module().Deduce


def _build_deduce() -> Deduce:
    """A new deduce instance; one process at a time on this machine.

    deduce rebuilds its lookup cache (a pickle inside site-packages) when it thinks the cache
    is stale, and writes it in place: two processes doing that at once (test workers, web and
    task workers starting together) leave a pickle that no longer loads. The second process
    waits here, then loads the cache the first one wrote.
    """
    lock_path = os.path.join(tempfile.gettempdir(), "samen-deduce-cache.lock")
    with open(lock_path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            return _deduce_despite_a_damaged_cache(_import_deduce())
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


# What reading a truncated pickle raises: an empty file, or one cut off halfway.
DAMAGED_CACHE_ERRORS = (EOFError, pickle.UnpicklingError)


def _deduce_despite_a_damaged_cache(deduce_class: Callable[..., Deduce]) -> Deduce:
    """deduce writes its cache in place, in a minute or two on first use: a process stopped
    meanwhile (Ctrl-C on a fresh `samen demo`) leaves a truncated pickle, and deduce then fails
    in every process from then on. Build the cache again instead."""
    try:
        return deduce_class()
    except DAMAGED_CACHE_ERRORS:
        logger.warning("deduce's lookup cache is damaged; building it again (this takes a minute or two).")
        return deduce_class(build_lookup_structs=True)


def get_deduce() -> Deduce:
    """Return this process's deduce instance, creating it on first use."""
    global _deduce
    instance = _deduce
    if instance is None:
        with _lock:
            if _deduce is None:
                _deduce = _build_deduce()
                # deduce's lookup structures are some 4.6 million objects that live as long as the
                # process. Frozen, the collector no longer walks them in every full collection and
                # at exit: a process that had loaded deduce took 7.7 s to exit, 0.5 s frozen (long
                # enough for pytest-xdist to interrupt its workers), and a preloading server's
                # workers do not copy the pages the collector would otherwise write to.
                gc.freeze()
            instance = _deduce
    return instance


def is_loaded() -> bool:
    """Whether this process has loaded deduce already."""
    return _deduce is not None


def lookup_cache_path() -> Path:
    """Where deduce keeps its lookup cache (inside its package; not a public name of deduce's)."""
    return Path(_deduce_module()._LOOKUP_LIST_PATH) / "cache" / "lookup_structs.pickle"


def ensure_lookup_cache() -> str:
    """Build deduce's lookup cache if this machine has none yet, in a process of its own.

    A setup step (`samen demo`): building takes one to two minutes, loading then takes seconds,
    and the process that builds it holds about a gigabyte that the caller need not keep. Through
    `samen`, so the cache is stamped in the application's time zone (see `.ci/run`).
    """
    if lookup_cache_path().exists():
        return "present"
    code = "from samen.intake.deidentify import warm_up; warm_up()"
    command = [sys.executable, "-m", "samen.cli", "shell", "-c", code]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - fixed argument list, no shell
    return "built"
