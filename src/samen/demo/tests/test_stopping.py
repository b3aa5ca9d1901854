"""Ctrl-C on `samen demo`: the web server and the worker are stopped, a stubborn one killed."""

from __future__ import annotations

import signal
import subprocess
import sys

from samen.demo.management.commands.demo import _stop

STUBBORN = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)"
)


def test_a_process_that_ignores_the_request_to_stop_is_killed_and_the_others_stop_politely():
    stubborn = subprocess.Popen([sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, text=True)  # noqa: S603
    polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert stubborn.stdout.readline().strip() == "ready"

    _stop([stubborn, polite], grace=1.0)

    assert stubborn.returncode == -signal.SIGKILL
    assert polite.returncode == -signal.SIGTERM
    stubborn.stdout.close()
