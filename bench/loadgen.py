"""Load generation for the harness: `wrk` pinned to core 1 when installed, else a small Python
generator (keep-alive connections on threads) — its own overhead caps the figures, so the
harness says which one ran."""

from __future__ import annotations

import http.client
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WRK_CORE = 1
_SEQUENCE = itertools.count()


@dataclass(frozen=True)
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx responses and socket errors


@dataclass(frozen=True)
class Requests:
    """What to send: a wrk Lua script, and the same for the Python generator."""

    lua: str
    make: Callable[[int], tuple[str, str, bytes, dict[str, str]]]


def have_wrk() -> bool:
    """wrk when installed, unless BENCH_LOADGEN=python asks for the fallback."""
    return os.environ.get("BENCH_LOADGEN") != "python" and shutil.which("wrk") is not None


def describe() -> str:
    if have_wrk():
        pin = (
            f", pinned to core {WRK_CORE} with taskset"
            if shutil.which("taskset") and (os.cpu_count() or 1) >= 2
            else ""
        )
        return f"wrk (-t1){pin}"
    return (
        "built-in Python load generator (wrk not installed: `apt-get install wrk`); "
        "figures are capped by the generator itself"
    )


def _lua_headers(headers: dict[str, str]) -> str:
    return ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())


def get(path: str, headers: dict[str, str]) -> Requests:
    lua = f"""
wrk.method = "GET"
request = function() return wrk.format("GET", "{path}", {{{_lua_headers(headers)}}}) end
"""
    return Requests(lua, lambda _n: ("GET", path, b"", headers))


def post_candidates(position_id: str, key: str) -> Requests:
    """POST /v1/candidates with a new email every time (a repeat would be a 409)."""
    run = uuid.uuid4().hex[:8]
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    template = (
        '{{"jobPositionId":"{pos}","firstName":"Load","lastName":"Test",'
        '"email":"load-{run}-{n}@example.com","skipAnalysis":true}}'
    )
    # {RUN} becomes a fresh tag for each wrk invocation (warm-up and measurement alike).
    lua_body = template.format(pos=position_id, run="{RUN}", n="%d").replace('"', '\\"')
    lua = f"""
counter = 0
request = function()
  counter = counter + 1
  local body = string.format("{lua_body}", counter)
  return wrk.format("POST", "/v1/candidates", {{{_lua_headers(headers)}}}, body)
end
"""

    def make(n: int) -> tuple[str, str, bytes, dict[str, str]]:
        body = template.format(pos=position_id, run=run, n=n).encode()
        return "POST", "/v1/candidates", body, headers

    return Requests(lua, make)


def runner(seconds: int, connections: int) -> Callable[[str, Requests], Load]:
    def run(base: str, requests: Requests) -> Load:
        if have_wrk():
            _wrk(base, requests, 2, connections)  # warm-up
            return _wrk(base, requests, seconds, connections)
        _python(base, requests, 2, connections)
        return _python(base, requests, seconds, connections)

    return run


def _wrk(base: str, requests: Requests, seconds: int, connections: int) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(requests.lua.replace("{RUN}", uuid.uuid4().hex[:8]))
    try:
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name]
        if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
            cmd = ["taskset", "-c", str(WRK_CORE), *cmd]
        out = subprocess.run([*cmd, base], capture_output=True, text=True, check=True).stdout
    finally:
        Path(script.name).unlink(missing_ok=True)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert rps, out

    def pct(label: str) -> float:
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out)
        assert m, out
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return Load(float(rps.group(1)), pct("50"), pct("99"), errors)


def _python(base: str, requests: Requests, seconds: int, connections: int) -> Load:
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = _SEQUENCE  # shared by every run, so warm-up and measurement never repeat an email
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            with lock:
                n = next(counter)
            method, path, body, headers = requests.make(n)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body or None, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
        )

    return Load(len(latencies) / elapsed, pct(0.5), pct(0.99), errors[0])
