"""Where the time of one authenticated `GET /v1/candidates/{id}` goes: cProfile over requests
sent straight through ASGI (no sockets, no server) to the app built from the bench's settings.
The harness appends the top entries to docs/benchmarks.md, so a missed target comes with the
profile that explains it."""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import io
import os
import pstats
from collections.abc import Callable
from typing import Any

from bench.asgi import asgi_request
from panelist import logging_setup
from panelist.app import create_app
from panelist.http import pipeline
from panelist.settings import LogFormat, Settings


async def _inline(func: Callable[..., Any], *args: Any) -> Any:
    return func(*args)


def profile(settings: Settings, key: str, candidate_id: str, requests: int = 2000) -> str:
    """The top functions by own time, as text, and the mean µs per request.

    cProfile sees one thread only, so the pipeline's hop to the thread pool is made inline
    here; logging is configured as in production (JSON lines), written to /dev/null."""
    saved = pipeline.run_in_threadpool
    pipeline.run_in_threadpool = _inline  # type: ignore[assignment]
    try:
        with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
            logging_setup.configure(LogFormat.JSON)
            return _profile(settings, key, candidate_id, requests)
    finally:
        pipeline.run_in_threadpool = saved


def _profile(settings: Settings, key: str, candidate_id: str, requests: int) -> str:
    app = create_app(settings.model_copy(update={"inprocess_worker": False}))
    headers = [(b"x-api-key", key.encode())]
    path = f"/v1/candidates/{candidate_id}"

    async def run() -> None:
        assert await asgi_request(app, path, headers) == 200
        for _ in range(requests):
            await asgi_request(app, path, headers)

    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(run())
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt  # type: ignore[attr-defined]
    shares = _shares_by_package(stats)
    stats.strip_dirs().sort_stats("tottime").print_stats(15)
    app.state.services.db.dispose()
    lines = [ln for ln in out.getvalue().splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
    table = "\n".join(lines[start:])
    split = ", ".join(f"{name} {share:.0%}" for name, share in shares)
    return (
        f"{total / requests * 1e6:.0f} µs of CPU per request (under cProfile); own time by "
        f"package: {split}\n\n{table}"
    )


PACKAGES = ("sqlalchemy", "fastapi", "starlette", "pydantic", "structlog", "anyio", "panelist")


def _shares_by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time grouped by the package its function lives in (C built-ins, e.g. the sqlite3
    driver's calls, count as "built-ins"), largest first."""
    totals: dict[str, float] = {}
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        parts = filename.replace("\\", "/").split("/")
        name = next((p for p in PACKAGES if p in parts), None)
        if name is None:
            name = "built-ins" if filename == "~" else "stdlib/other"
        totals[name] = totals.get(name, 0.0) + tottime
    grand = sum(totals.values()) or 1.0
    return sorted(((k, v / grand) for k, v in totals.items()), key=lambda kv: -kv[1])
