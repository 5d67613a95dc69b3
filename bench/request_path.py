"""Benchmark of the public API's request path (foundation issue).

1. In process, straight through ASGI (no sockets, no client): the time per request of
   `GET /v1/candidates/{id}` on the real app minus the same query on a bare Starlette route —
   i.e. the cost of auth + rate limit + envelope + request id + logging.
2. Over real sockets: the real server (`panelist serve`, production settings, one process pinned
   to core 0) and the bare baseline, each loaded by `wrk` pinned to core 1.

Run: `.venv/bin/python -m bench.request_path` (needs `wrk`: `apt-get install wrk`).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.asgi import asgi_request
from panelist.app import build_services, create_app
from panelist.candidates import service as candidates
from panelist.candidates.schemas import CandidateFields
from panelist.db.migrate import upgrade_to_head
from panelist.settings import Settings
from tests.fixtures.factories import make_company, make_key, make_position, make_user

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-0123456789abcdef0123456789abcdef"
UNLIMITED = {name: 1_000_000_000 for name in ("global", "reads", "writes", "bulk", "actions")}


def environment(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PANELIST_DATA_DIR": str(data_dir),
        "PANELIST_SECRET_KEY": SECRET,
        "PANELIST_ENVIRONMENT": "production",
        "PANELIST_LOG_FORMAT": "json",
    }


def seed(settings: Settings) -> dict[str, str]:
    services = build_services(settings)
    upgrade_to_head(services.db.engine)
    company_id = make_company(services, "Bench", rate_limits=UNLIMITED)
    user_id = make_user(services, company_id)
    _, key = make_key(services, user_id)
    position_id = make_position(services, company_id)
    with services.db.write() as s:
        fields = CandidateFields(
            firstName="Bench",
            lastName="Mark",
            email="bench@example.com",
            cvText="Python developer with PostgreSQL. " * 40,
        )
        cand = candidates.create(
            s,
            company_id,
            position_id,
            fields,
            import_source="api",
            skip_analysis=True,
            at=services.clock.now(),
        )
        cid = cand.id
    services.db.dispose()
    return {"company": company_id, "key": key, "position": position_id, "candidate": cid}


def quiet_production_logging() -> None:
    """The server's JSON request log, rendered exactly as in production but written to
    /dev/null: its cost stays in the measurement, its lines stay off the terminal."""
    from panelist import logging_setup
    from panelist.settings import LogFormat

    real_stderr, sys.stderr = sys.stderr, open(os.devnull, "w")  # noqa: SIM115
    try:
        logging_setup.configure(LogFormat.JSON)
    finally:
        sys.stderr = real_stderr


def in_process(settings: Settings, ids: dict[str, str], n: int = 3000) -> dict[str, float]:
    from bench.bare_app import create as create_bare

    quiet_production_logging()
    app = create_app(settings.model_copy(update={"inprocess_worker": False}))
    bare = create_bare(settings)
    key_headers = [(b"x-api-key", ids["key"].encode())]

    async def run() -> dict[str, float]:
        full_path = f"/v1/candidates/{ids['candidate']}"
        bare_path = f"/bare/candidates/{ids['candidate']}"
        bare_query = f"company={ids['company']}"
        assert await asgi_request(app, full_path, key_headers) == 200
        assert await asgi_request(bare, bare_path, [], query=bare_query) == 200
        full, base = [], []
        for _ in range(5):  # interleaved rounds, so drift hits both alike
            started = time.perf_counter()
            for _ in range(n // 5):
                await asgi_request(app, full_path, key_headers)
            full.append((time.perf_counter() - started) / (n // 5))
            started = time.perf_counter()
            for _ in range(n // 5):
                await asgi_request(bare, bare_path, [], query=bare_query)
            base.append((time.perf_counter() - started) / (n // 5))
        return {"full_us": statistics.median(full) * 1e6, "bare_us": statistics.median(base) * 1e6}

    return asyncio.run(run())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_http(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not start")


def wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> dict[str, float]:
    cmd = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(label: str) -> float:
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        assert m, out
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": pct("50"),
        "p99": pct("99"),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
    }


def over_sockets(
    env: dict[str, str], ids: dict[str, str], seconds: int, conns: int
) -> dict[str, dict[str, float]]:
    results = {}
    servers = {
        "panelist": [sys.executable, "-m", "panelist.cli", "serve", "--no-worker", "--no-demo"],
        "bare": [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "bench.bare_app:create",
            "--log-level",
            "warning",
        ],
    }
    for name, command in servers.items():
        port = _free_port()
        proc = subprocess.Popen(
            ["taskset", "-c", "0", *command, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_http(port)
            if name == "panelist":
                url = f"http://127.0.0.1:{port}/v1/candidates/{ids['candidate']}"
                headers = {"X-API-Key": ids["key"]}
            else:
                url = f"http://127.0.0.1:{port}/bare/candidates/{ids['candidate']}?company={ids['company']}"
                headers = {}
            wrk(url, headers, 2, conns)  # warm-up
            results[name] = wrk(url, headers, seconds, conns)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return results


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    data_dir = Path(tempfile.mkdtemp(prefix="panelist-bench-"))
    env = environment(data_dir)
    settings = Settings(data_dir=data_dir, secret_key=SECRET, environment="production")
    ids = seed(settings)
    micro = in_process(settings, ids)
    print("In process (ASGI, no sockets), GET /v1/candidates/{id}, median of 5 rounds:")
    print(f"  full pipeline      {micro['full_us']:8.1f} µs/request")
    print(f"  bare same query    {micro['bare_us']:8.1f} µs/request")
    print(f"  auth+limits+envelope cost {micro['full_us'] - micro['bare_us']:8.1f} µs/request")
    sockets = over_sockets(env, ids, seconds=int(os.environ.get("BENCH_SECONDS", "8")), conns=8)
    print("\nOver sockets: server pinned to core 0, wrk -t1 -c8 pinned to core 1:")
    print(f"  {'route':<36}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}")
    for name, label in (
        ("panelist", "GET /v1/candidates/{id}"),
        ("bare", "bare Starlette, same query"),
    ):
        r = sockets[name]
        print(f"  {label:<36}{r['rps']:>10.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}{r['errors']:>9.0f}")
    print(f"  ratio panelist/bare: {sockets['panelist']['rps'] / sockets['bare']['rps']:.2f}")
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
