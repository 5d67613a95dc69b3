"""Webhook delivery throughput and event-to-receipt latency (not a timed test).

    .venv/bin/python bench/bench_webhooks.py [--events 2000] [--samples 200]

One worker process (the webhook sender loop of `panelist worker`/`serve`, here in this process)
delivers to a local receiver running in its own process (a minimal asyncio HTTP/1.1 server, so
the receiver does not compete for this process's GIL). Measures:

* throughput: `--events` events for one webhook written in one transaction; deliveries per
  second from that commit until every delivery is recorded `delivered`;
* latency with an idle queue: one event at a time, from just before its transaction opens to
  the receiver reading the request; p50/p99 over `--samples` events.

By default events are written in the sender's own process, as with `panelist serve`'s
in-process worker, so the sender is woken by the commit. `--separate-worker` runs the sender in
a process of its own, as `panelist worker` does, which finds new events by its 0.1 s poll.
Database: a fresh SQLite file, or PANELIST_BENCH_DATABASE_URL.
`run(...)` returns the numbers as a dict for other harnesses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from panelist.app import build_services
from panelist.companies import service as companies
from panelist.db.migrate import upgrade_to_head
from panelist.events import service as events
from panelist.http.services import AppServices
from panelist.settings import Settings
from panelist.webhooks import service as webhooks
from panelist.webhooks.models import WebhookDelivery
from panelist.webhooks.runner import DeliveryRunner
from panelist.webhooks.schemas import WebhookCreate


def _receiver_main(ready: Any, receipts: Any) -> None:
    """A keep-alive HTTP/1.1 server answering 200 to every POST; reports (eventId, time)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await reader.readline():  # the request line; b"" when the peer closed
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = await reader.readexactly(length)
                receipts.put((json.loads(body)["eventId"], time.time()))
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        ready.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


class _Receipts:
    """Collects receipt times reported by the receiver process."""

    def __init__(self, queue: Any) -> None:
        self.times: dict[str, float] = {}
        self._queue = queue
        self._cond = threading.Condition()
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        while True:
            event_id, at = self._queue.get()
            with self._cond:
                self.times.setdefault(event_id, at)
                self._cond.notify_all()

    def wait(self, event_id: str, timeout: float = 30) -> float:
        with self._cond:
            if not self._cond.wait_for(lambda: event_id in self.times, timeout):
                raise TimeoutError(f"{event_id} not received")
            return self.times[event_id]


def _settings(tmp: str, url: str | None) -> Settings:
    return Settings(
        data_dir=Path(tmp),
        database_url=url or f"sqlite:///{Path(tmp) / 'bench.db'}",
        secret_key="bench-secret-0123456789abcdef0123456789",
        webhook_allow_http=True,
        webhook_allow_private=True,
        inprocess_worker=False,
    )


def _worker_main(tmp: str, url: str | None) -> None:
    """A worker process of its own: only the webhook sender, as in `panelist worker`."""
    DeliveryRunner(build_services(_settings(tmp, url))).run(threading.Event())


def _emit(services: AppServices, company_id: str, count: int) -> list[str]:
    with services.db.write() as session:
        now = services.clock.now()
        data = {"candidateId": "cand_bench", "status": "invited", "previousStatus": "new"}
        return [
            events.emit(session, company_id, events.CANDIDATE_STATUS_CHANGED, data, now).id
            for _ in range(count)
        ]


def _delivered(services: AppServices) -> int:
    with services.db.read() as session:
        stmt = sa.select(sa.func.count()).where(WebhookDelivery.status == "delivered")
        return int(session.scalar(stmt) or 0)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(
    *,
    events_count: int = 2000,
    samples: int = 200,
    database_url: str | None = None,
    separate_worker: bool = False,
) -> dict[str, Any]:
    """Deliveries/s and idle event-to-receipt latency (ms); see the module docstring."""
    context = multiprocessing.get_context("spawn")
    ready, receipts_queue = context.Queue(), context.Queue()
    receiver = context.Process(target=_receiver_main, args=(ready, receipts_queue), daemon=True)
    receiver.start()
    port = ready.get(timeout=30)
    receipts = _Receipts(receipts_queue)
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or os.environ.get("PANELIST_BENCH_DATABASE_URL")
        services = build_services(_settings(tmp, url))
        upgrade_to_head(services.db.engine)
        with services.db.write() as session:
            company = companies.create(session, "Bench", api_enabled=True, at=services.clock.now())
            body = WebhookCreate(
                url=f"http://127.0.0.1:{port}/hook", events=[events.CANDIDATE_STATUS_CHANGED]
            )
            webhooks.create(session, services.secret, company.id, body, services.clock.now())
            company_id = company.id
        runner = DeliveryRunner(services)
        stop = threading.Event()
        thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
        worker = context.Process(target=_worker_main, args=(tmp, url), daemon=True)
        if separate_worker:
            worker.start()
        else:
            thread.start()
        try:
            latencies = []
            for _ in range(samples):
                started = time.time()
                (event_id,) = _emit(services, company_id, 1)
                latencies.append((receipts.wait(event_id) - started) * 1000)
                # A random gap, so events do not arrive in step with the sender's poll.
                time.sleep(random.uniform(0.01, 0.1))
            while _delivered(services) < samples:
                time.sleep(0.01)

            started = time.time()
            ids = _emit(services, company_id, events_count)
            for event_id in ids:
                receipts.wait(event_id, timeout=300)
            received_at = time.time()
            while _delivered(services) < samples + events_count:
                time.sleep(0.01)
            recorded_at = time.time()
        finally:
            stop.set()
            if separate_worker:
                worker.kill()
            else:
                thread.join(timeout=30)
            services.db.dispose()
            receiver.kill()
    return {
        "database": "postgresql" if (url or "").startswith("postgres") else "sqlite",
        "worker": "separate process" if separate_worker else "in-process",
        "concurrency": runner.concurrency,
        "events": events_count,
        "deliveries_per_second": round(events_count / (recorded_at - started), 1),
        "received_per_second": round(events_count / (received_at - started), 1),
        "latency_samples": samples,
        "latency_p50_ms": round(statistics.median(latencies), 1),
        "latency_p99_ms": round(_percentile(latencies, 0.99), 1),
        "latency_max_ms": round(max(latencies), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--separate-worker", action="store_true")
    args = parser.parse_args()
    result = run(
        events_count=args.events, samples=args.samples, separate_worker=args.separate_worker
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
