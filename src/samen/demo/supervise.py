"""Running the demo's web server and worker together, and stopping both together.

`samen demo` runs in a terminal (stopped with Ctrl-C, SIGINT) or under a process manager or a
background shell job (stopped with SIGTERM; a background job started with `&` even has SIGINT
ignored). Either way its children must not outlive it.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable


class StopRequested(Exception):
    """SIGTERM arrived: stop like Ctrl-C."""


def _raise_stop(signum: int, frame: object) -> None:
    # One request to stop is enough: a second SIGTERM (`uv run` passes one on, a process manager
    # may send its own) must not interrupt the stopping that the first one began.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise StopRequested


def supervise(processes: list[subprocess.Popen], *, say: Callable[[str], None], grace: float = 10.0) -> None:
    """Wait until Ctrl-C, SIGTERM or one process ends; then stop them all within `grace` seconds.

    Must run on the main thread (Python delivers signals there only).
    """
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        say("A demo process stopped unexpectedly; stopping the other one.")
    except (KeyboardInterrupt, StopRequested):
        say("Stopping ...")
    finally:
        # Ctrl-C or an ended process: from here on a SIGTERM must not abandon the children halfway.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            stop(processes, grace=grace)
        finally:
            signal.signal(signal.SIGTERM, previous)


def stop(processes: list[subprocess.Popen], *, grace: float) -> None:
    """Ask every process to stop, give them `grace` seconds together, then kill what is left.

    One shared deadline rather than one per process: a worker finishing a long task must not
    add its wait to the web server's.
    """
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
