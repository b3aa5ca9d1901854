"""Stopping `samen demo` (Ctrl-C or SIGTERM): the web server and the worker stop too, a stubborn one is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from samen.demo.supervise import stop

STUBBORN = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)"
)


def test_a_process_that_ignores_the_request_to_stop_is_killed_and_the_others_stop_politely():
    stubborn = subprocess.Popen([sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, text=True)  # noqa: S603
    polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert stubborn.stdout.readline().strip() == "ready"

    stop([stubborn, polite], grace=1.0)

    assert stubborn.returncode == -signal.SIGKILL
    assert polite.returncode == -signal.SIGTERM
    stubborn.stdout.close()


SUPERVISOR = """
import signal, subprocess, sys, threading, time
from samen.demo.supervise import supervise
children = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) for _ in range(2)]

def announce_when_listening():
    while signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        time.sleep(0.01)
    print(*(c.pid for c in children), flush=True)

def say(text):
    print(text, flush=True)
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 0)  # a slow terminal, for the second signal

threading.Thread(target=announce_when_listening, daemon=True).start()
supervise(children, say=say, grace=5.0)
print("returncodes", *(c.returncode for c in children), flush=True)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_stopping_the_demo_stops_its_web_server_and_worker(how):
    supervisor = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SUPERVISOR], stdout=subprocess.PIPE, text=True
    )
    children = [int(pid) for pid in supervisor.stdout.readline().split()]

    supervisor.send_signal(how)
    output, _ = supervisor.communicate(timeout=20)

    assert supervisor.returncode == 0
    assert "Stopping ..." in output
    assert f"returncodes {-signal.SIGTERM} {-signal.SIGTERM}" in output
    assert not any(_alive(pid) for pid in children)


def test_a_second_sigterm_while_stopping_changes_nothing():
    """`uv run` passes a SIGTERM on to the demo, and a process manager may send its own as well."""
    supervisor = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SUPERVISOR, "1.0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    children = [int(pid) for pid in supervisor.stdout.readline().split()]

    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.stdout.readline().strip() == "Stopping ..."
    supervisor.send_signal(signal.SIGTERM)  # while it is still saying so
    output, errors = supervisor.communicate(timeout=20)

    assert supervisor.returncode == 0, errors
    assert "Traceback" not in errors
    assert f"returncodes {-signal.SIGTERM} {-signal.SIGTERM}" in output
    assert not any(_alive(pid) for pid in children)
