"""The access log of the served site: one line per request, with the path as it was sent."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

APP = """
def app(environ, start_response):
    start_response("404 Not Found", [("Content-Length", "0")])
    return [b""]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask(port: int, raw_path: bytes) -> None:
    for _attempt in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                connection.sendall(b"GET " + raw_path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                assert connection.recv(100).startswith(b"HTTP/1.1 404")
                return
        except ConnectionRefusedError:
            time.sleep(0.1)  # gunicorn still starting
    raise AssertionError("gunicorn did not answer")


def test_a_path_with_a_line_break_or_a_nul_byte_is_logged_on_one_line_as_it_was_sent(tmp_path):
    (tmp_path / "tiny.py").write_text(APP)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - fixed argument list
        [
            sys.executable, "-m", "gunicorn", "tiny:app", "--chdir", str(tmp_path), "--bind", f"127.0.0.1:{port}",
            "--access-logfile", "-", "--access-logformat", "%(m)s %(U)s %(s)s",
            "--logger-class", "samen.web.access_log.AccessLogger",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _ask(port, b"/melden/x%0A2026-12-06%2009:00:00,000%20ERROR%20django.request%20Injected")
        _ask(port, b"/api/v1/signals/%00/")
        _ask(port, b"/status/caf%C3%A9")
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=30)
    assert log.decode().splitlines() == [
        "GET /melden/x%0A2026-12-06%2009:00:00,000%20ERROR%20django.request%20Injected 404",
        "GET /api/v1/signals/%00/ 404",
        "GET /status/caf%C3%A9 404",
    ]
