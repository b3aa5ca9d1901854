"""Intake speed: signals accepted per second through gunicorn, against a bare Django view.

Run: uv run python benchmarks/intake.py [--requests 3000] [--rounds 5] [--workers 2] [--threads 32] [--clients 32]

Starts gunicorn (gthread workers, as `samen demo` serves) on a fresh SQLite database and on a
throw-away PostgreSQL server when its binaries are there, and posts the same JSON body from
`--clients` concurrent connections to three views of that server: a bare Django view that parses
it and answers (the baseline), the same view plus one durable INSERT, and the intake API
(`POST /api/v1/signals/`, fresh idempotency keys, every signal stored durably before the answer).
The three alternate in short bursts, round by round. Prints requests per second and p50/p95
latency per view, the CPU time per request of the web workers, the database server and the
clients (read from /proc, where there is one: it shows where an accepted signal's cost goes),
and per database the median of the per-round ratios intake/bare; the last line is
`intake_ratio: X`, the lower of the two databases.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BODY = {
    "what": "Op een kwekerij werken twaalf mensen zeven dagen per week; de baas houdt hun paspoorten.",
    "where": "Westland",
    "when": "sinds de zomer",
    "answers": ["documents", "long_hours"],
    "persons": [
        {"role": "victim", "age": "about 30", "nationality": "Pools", "name": "Piotr Nowak", "phone": "0612345678"},
        {"role": "perpetrator", "description": "Eigenaar van de kwekerij"},
    ],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="intake_app.settings",
        PYTHONPATH=f"{HERE}{os.pathsep}{env.get('PYTHONPATH', '')}",
        SAMEN_LOG_LEVEL="ERROR",
    )
    return env


def _prepare(env: dict[str, str]) -> str:
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from samen.geo.reference import load_geography\n"
        "from samen.partners.reference import load_partner_reference\n"
        "from samen.testing.factories import OrganisationFactory\n"
        "from samen.intake.api_tokens import api_token_create\n"
        "load_geography(); load_partner_reference()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c: c.execute('CREATE TABLE bench_row (id %s PRIMARY KEY, body TEXT)' % "
        "('SERIAL' if connection.vendor == 'postgresql' else 'INTEGER'))\n"
        "org = OrganisationFactory(slug='bench-org')\n"
        "print(api_token_create(organisation=org, name='bench')[1])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)  # noqa: S603
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return out.stdout.strip().splitlines()[-1]


def _client(args: tuple[int, str, str, int]) -> list[float]:
    port, path, token, count = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps(BODY)
    latencies = []
    for _ in range(count):
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        start = time.perf_counter()
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 201:
            raise RuntimeError(f"{path} answered {response.status}")
    conn.close()
    return latencies


def _cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the web server's processes, the database server's and the clients'."""
    used = {"web": 0.0, "database": 0.0, "clients": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended meanwhile
        pid, name = int(text.split()[0]), text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        parent, seconds = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
        if server_pid in (pid, parent):
            used["web"] += seconds
        elif name.startswith("postgres"):
            used["database"] += seconds
        elif parent == os.getpid():
            used["clients"] += seconds
    return used


@dataclass
class Series:
    """Throughput, latencies and CPU time of one path over all rounds."""

    rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)

    def burst(
        self, pool: ProcessPoolExecutor, server_pid: int, port: int, path: str, token: str, total: int, clients: int
    ) -> float:
        per_client = max(1, total // clients)
        before = _cpu_seconds(server_pid) if Path("/proc/self/stat").exists() else {}
        start = time.perf_counter()
        results = list(pool.map(_client, [(port, path, token, per_client)] * clients))
        elapsed = time.perf_counter() - start
        for name, seconds in (_cpu_seconds(server_pid) if before else {}).items():
            self.cpu[name] = self.cpu.get(name, 0.0) + seconds - before[name]
        done = [x for r in results for x in r]
        self.latencies += done
        self.rates.append(len(done) / elapsed)
        return self.rates[-1]

    def cpu_per_request(self) -> float:
        """Seconds of CPU (web server, database server and clients together) per request."""
        return sum(self.cpu.values()) / len(self.latencies)

    def summary(self) -> str:
        ordered = sorted(self.latencies)
        p50, p95 = statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]
        cpu = "".join(f"  {name} {seconds * 1000 / len(ordered):4.2f}" for name, seconds in self.cpu.items())
        return (
            f"{statistics.median(self.rates):8.0f} req/s (median of {len(self.rates)})"
            f"   p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms" + (f"   CPU ms/request:{cpu}" if cpu else "")
        )


def _serve(env: dict[str, str], workers: int, threads: int):
    port = _free_port()
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "samen.wsgi:application", "--workers", str(workers),
         "--worker-class", "gthread", "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "error", "--keep-alive", "30"],
        env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def measure(label: str, database_url: str, args: argparse.Namespace) -> float:
    """Rounds of a bare burst, a bare-write burst and an intake burst; the median of the per-round ratios.

    Alternating short bursts, instead of one long run per path, keeps the machine's drift (other
    work on the host, CPU frequency) out of the ratio: each intake burst is compared with the
    bare burst just before it.
    """
    env = _env(database_url)
    token = _prepare(env)
    proc, port = _serve(env, args.workers, args.threads)
    bare, bare_write, intake = Series(), Series(), Series()
    ratios = []
    try:
        with ProcessPoolExecutor(args.clients) as pool:
            for path in ("/bench/bare/", "/bench/bare-write/", "/api/v1/signals/"):  # warm up every worker
                list(pool.map(_client, [(port, path, token, 20)] * args.clients))
            per_round = max(args.clients, args.requests // args.rounds)
            for _ in range(args.rounds):
                bare_rate = bare.burst(pool, proc.pid, port, "/bench/bare/", token, per_round, args.clients)
                bare_write.burst(pool, proc.pid, port, "/bench/bare-write/", token, per_round, args.clients)
                rate = intake.burst(pool, proc.pid, port, "/api/v1/signals/", token, per_round, args.clients)
                ratios.append(rate / bare_rate)
    finally:
        proc.terminate()
        proc.wait(10)
    ratio = statistics.median(ratios)
    for name, series in (("bare view", bare), ("bare write", bare_write), ("intake", intake)):
        print(f"{label:10} {name:10} {series.summary()}")
    spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
    if bare.cpu and intake.cpu:
        # On a shared, noisy machine the CPU time per request moves less than the throughput:
        # read it beside the ratio before calling a change faster or slower.
        print(f"{label:10} CPU time bare/intake: {bare.cpu_per_request() / intake.cpu_per_request():.2f}")
    print(f"{label:10} ratio intake/bare: {ratio:.2f} (median of {len(ratios)} rounds, {spread})")
    return ratio


def _postgres(tmp: Path):
    """A throw-away PostgreSQL server, or None when there is none to start."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not (initdb and pg_ctl):
        return None
    data = tmp / "pg"
    data.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(tmp, "nobody")
        shutil.chown(data, "nobody")
        prefix = ["runuser", "-u", "nobody", "--"]
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([*prefix, initdb, "-D", str(data), "-U", "bench", "--auth=trust"], check=True, **quiet)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*prefix, pg_ctl, "-D", str(data), "-w", "-o", f"-p {port} -k {tmp} -c fsync=on", "start"], check=True, **quiet
    )
    subprocess.run([*prefix, "createdb", "-h", str(tmp), "-p", str(port), "-U", "bench", "samen"], check=True, **quiet)  # noqa: S603
    stop = [*prefix, pg_ctl, "-D", str(data), "-m", "fast", "stop"]
    return f"postgres://bench@127.0.0.1:{port}/samen", stop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000, help="per path and database, over all rounds")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=32, help="per worker (gunicorn gthread)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent client connections")
    parser.add_argument("--only", choices=("sqlite", "postgres"), help="measure one database only")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="samen-intake-bench-"))
    ratios = [] if args.only == "postgres" else [measure("sqlite", f"sqlite:///{tmp}/bench.sqlite3", args)]
    pg = None
    if args.only != "sqlite":
        try:
            pg = _postgres(tmp)
        except (subprocess.CalledProcessError, OSError, LookupError) as exc:
            print(f"postgres   skipped: {exc}")
    if pg:
        url, stop = pg
        try:
            ratios.append(measure("postgres", url, args))
        finally:
            subprocess.run(stop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"intake_ratio: {min(ratios):.2f}")


if __name__ == "__main__":
    main()
