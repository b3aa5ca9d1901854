"""`samen demo` and the `samen` front door, run as a newcomer would run them."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest


def _samen(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "samen.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
        **kwargs,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed table names


def test_database_url_selects_the_database_for_any_management_command(tmp_path):
    db = tmp_path / "other.sqlite3"
    result = _samen("migrate", "--noinput", env={"DATABASE_URL": f"sqlite:///{db}"})
    assert result.returncode == 0, result.stderr
    assert _count(db, "django_migrations") > 0


def test_without_redis_a_cache_directory_is_the_cache_every_web_worker_shares(tmp_path):
    script = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samen.settings", "SAMEN_CACHE_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)  # noqa: S603
    assert "FileBasedCache" in out.stdout and str(tmp_path) in out.stdout


def _collect_lines(stream, into: list[str]) -> threading.Thread:
    """Read a child's output on a thread, so the test can wait for a line while the child runs."""

    def read() -> None:
        for line in stream:
            into.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def _site_answers(url: str) -> str:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 - a local http URL built by the test
            return response.read().decode()
    except OSError:
        return ""


def test_a_newcomer_s_demo_from_reset_through_a_second_run_to_serving_and_ctrl_c(tmp_path):
    """One journey, because setting up the demo takes about a minute: each step starts from the last."""
    db, port = tmp_path / "demo.sqlite3", _free_port()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE left_behind (x)")

    # --reset starts from an empty database, sets up the demo and says how to log in.
    first = _samen("demo", "--no-serve", "--reset", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "Removed the old demo database." in first.stdout and "[1/" in first.stdout
    assert "Samen is ready at http://127.0.0.1:8000/" in first.stdout
    for username in ("intake", "zorg", "coordinator", "tafel", "analist", "privacy", "beheer", "landelijk"):
        assert f"  {username} " in first.stdout
    with sqlite3.connect(db) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "left_behind" not in tables
    assert _count(db, "geo_municipality") == 342
    # The privacy officer's pages have something to show: their municipality reported no signal in
    # the demo, and the demo's legal hold and access exemption were never placed (found last use).
    assert "a legal hold on a signal of the organisation: 1" in first.stdout
    assert "under investigation: 1" in first.stdout
    assert _count(db, "retention_legalhold") == 1

    # A second run duplicates nothing.
    counts = {t: _count(db, t) for t in ("partners_organisation", "accounts_user", "intake_signal", "geo_municipality")}
    second = _samen("demo", "--no-serve", "--db", str(db))
    assert second.returncode == 0, second.stderr
    assert {t: _count(db, t) for t in counts} == counts

    # Served: the web server and the worker run, the printed API example works, Ctrl-C stops both.
    _serve_and_stop(db, port)


def _serve_and_stop(db: Path, port: int) -> None:
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "samen.cli", "demo", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    reader = _collect_lines(process.stdout, lines)
    try:
        # The web server and the worker start side by side; on a slow machine either may be first.
        deadline, body = time.monotonic() + 300, ""
        while time.monotonic() < deadline and process.poll() is None:
            body = body or _site_answers(f"http://127.0.0.1:{port}/partners/?gemeente=Zaanstad")
            if "Zaanstad" in body and any("Loading de-identification (deduce)" in line for line in lines):
                break
            time.sleep(0.5)
        assert "Zaanstad" in body, "".join(lines)
        assert any("Loading de-identification (deduce)" in line for line in lines), "".join(lines)
        # The printed API example works as printed.
        [curl] = [line.strip() for line in lines if line.strip().startswith("curl -X POST")]
        words = shlex.split(curl)
        headers = dict(words[i + 1].split(": ", 1) for i, word in enumerate(words) if word == "-H")
        body = words[words.index("-d") + 1].encode()
        request = urllib.request.Request(words[3], data=body, headers=headers, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - the local demo
            assert answer.status == 201, curl
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        reader.join(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    output = "".join(lines)
    assert process.returncode == 0, output
    assert "Stopping" in output


@pytest.mark.parametrize("flag", ["--db"])
def test_a_missing_option_value_is_a_clear_message(flag):
    result = _samen("demo", flag)
    assert result.returncode != 0
    assert "needs a path" in result.stderr


def test_a_newcomer_without_an_authenticator_app_gets_a_demo_account_s_login_code(settings):
    """`oathtool`, which the demo's output named, is not on every machine (found by exploratory testing)."""
    import base64

    from django.core.management import CommandError, call_command
    from django_otp.oath import TOTP

    from samen.demo.accounts_data import demo_totp_secret

    result = _samen("demo_code", "intake")
    assert result.returncode == 0, result.stderr
    now = TOTP(base64.b32decode(demo_totp_secret("intake")))
    codes = {f"{now.token():06d}"}
    now.t0 += 30  # the code of the half minute before, should the window have turned meanwhile
    codes.add(f"{now.token():06d}")
    assert result.stdout.strip() in codes
    refused = _samen("demo_code", "admin")
    assert refused.returncode != 0 and "is not a demo account" in refused.stderr
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="no demo accounts in production"):
        call_command("demo_code", "intake")
