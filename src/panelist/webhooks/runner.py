"""The webhook sender loop of a worker process: fan out events, claim due deliveries, send them
concurrently, record outcomes.

One asyncio loop in one thread keeps up to `webhook_concurrency` attempts in flight over one
shared connection pool, so a slow receiver (up to the 15 s timeout) holds one slot, not a
worker thread. Database work runs in short transactions in a helper thread, batched: one
transaction fans out up to 500 events, one leases a batch of deliveries, one records a batch
of outcomes. Events written by this process wake the loop at once; others are found by a
cheap poll (every 0.1 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import structlog

from panelist.events import service as events
from panelist.http.services import AppServices
from panelist.kit.ids import new_id
from panelist.metrics import WEBHOOK_DELIVERIES
from panelist.settings import Settings
from panelist.webhooks import dispatch, repository, service
from panelist.webhooks.dispatch import Attempt, AttemptResult
from panelist.webhooks.sender import DeliveryOutcome, Resolver, WebhookSender
from panelist.webhooks.signing import sign

log = structlog.get_logger("panelist.webhooks")
# Attempts in flight per webhook: a slow or backlogged receiver gets at most this many of the
# sender's slots. (It also keeps httpcore's pool, which scans every connection to a host on
# each request, small per host: 32 gave twice the throughput of 200 to one receiver.)
PER_WEBHOOK_IN_FLIGHT = 32


def outcome_label(outcome: DeliveryOutcome) -> str:
    """The `outcome` label of `panelist_webhook_deliveries_total`."""
    if outcome.delivered:
        return "delivered"
    if outcome.status_code == 410:
        return "gone"
    return "http_error" if outcome.status_code is not None else "network_error"


def tls_verify(settings: Settings) -> ssl.SSLContext | bool:
    """System/certifi CAs, plus `PANELIST_WEBHOOK_CA_FILE` when set."""
    if not settings.webhook_ca_file:
        return True
    context = httpx.create_ssl_context(verify=True, trust_env=False)
    context.load_verify_locations(cafile=settings.webhook_ca_file)
    return context


def headers_for(attempt: Attempt, timestamp: int) -> dict[str, str]:
    """Signed afresh for every attempt (contract §8.5)."""
    return {
        **sign(attempt.secret, attempt.event_id, timestamp, attempt.body),
        "X-Celper-Event": attempt.event_type,
        "X-Celper-Delivery": attempt.delivery_id,
    }


class DeliveryRunner:
    def __init__(
        self,
        services: AppServices,
        *,
        resolver: Resolver | None = None,
        concurrency: int | None = None,
        lease_seconds: float | None = None,
        poll_seconds: float = 0.1,
        worker_id: str | None = None,
    ) -> None:
        settings = services.settings
        self.services = services
        self.resolver = resolver
        self.concurrency = concurrency or settings.webhook_concurrency
        self.timeout = settings.webhook_timeout_seconds
        # Longer than any attempt can take (the timeout), so a live sender never loses a lease
        # mid-attempt; plus a margin that follows PANELIST_WORKER_LEASE_SECONDS (at most 30 s),
        # so an operator who shortens job leases for faster recovery after a crashed worker
        # gets faster webhook recovery too.
        margin = min(settings.worker_lease_seconds, 30.0)
        self.lease = timedelta(seconds=lease_seconds or self.timeout + margin)
        self.poll_seconds = poll_seconds
        self.delays = settings.webhook_retry_delays
        self.worker_id = worker_id or (f"{socket.gethostname()}:{os.getpid()}:wh:{new_id('')[:8]}")
        self._results: list[AttemptResult] = []
        self._inflight: set[asyncio.Task[None]] = set()
        self._per_webhook: Counter[str] = Counter()
        self._kick: asyncio.Event | None = None
        self._backlog = False

    # Database steps (each one short transaction, run in a helper thread) -------------------

    def fan_out(self) -> int:
        with self.services.db.read() as session:
            if not events.any_undispatched(session):
                return 0
        with self.services.db.write() as session:
            return dispatch.fan_out(session, self.services.clock.now())

    def claim(self, limit: int, in_flight: dict[str, int] | None = None) -> list[Attempt]:
        now = self.services.clock.now()
        with self.services.db.read() as session:
            if not repository.any_due(session, now):
                return []
        with self.services.db.write() as session:
            return dispatch.claim(
                session,
                self.services.secret,
                self.worker_id,
                now,
                self.lease,
                limit,
                per_webhook=PER_WEBHOOK_IN_FLIGHT,
                in_flight=in_flight or {},
            )

    def record(self, results: list[AttemptResult]) -> int:
        with self.services.db.write() as session:
            recorded = dispatch.record(session, results, self.worker_id, self.delays)
        # Counted once committed, so a rolled-back batch (to be attempted again) counts nothing.
        for result in results:
            WEBHOOK_DELIVERIES.labels(outcome_label(result.outcome)).inc()
        return recorded

    # The loop --------------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Run until `stop` is set; in-flight attempts are then finished and recorded."""
        asyncio.run(self.serve(stop))

    def run_until_idle(self, max_seconds: float = 30) -> None:
        """Fan out, send and record until nothing is due now (tests and benchmarks)."""
        asyncio.run(self._until_idle(max_seconds))

    async def _until_idle(self, max_seconds: float) -> None:
        deadline = time.monotonic() + max_seconds
        async with self._sender() as sender, self._woken_by_signals():
            while time.monotonic() < deadline:
                busy = await self._step(sender, poll=True)
                if not busy and not self._inflight and not self._results:
                    return
                if not busy:
                    await self._wait(threading.Event(), 0.02)

    async def serve(self, stop: threading.Event) -> None:
        async with self._sender() as sender, self._woken_by_signals():
            last_poll = 0.0
            while not stop.is_set():
                poll = time.monotonic() - last_poll >= self.poll_seconds
                if poll:
                    last_poll = time.monotonic()
                try:
                    busy = await self._step(sender, poll=poll)
                except Exception as exc:  # the loop must survive a database blip
                    log.warning("webhook loop error", error=f"{type(exc).__name__}: {exc}")
                    await asyncio.sleep(1)
                    continue
                if not busy:
                    await self._wait(stop, self.poll_seconds)
            if self._inflight:
                await asyncio.wait(self._inflight, timeout=self.timeout + 5)
            if self._results:
                await asyncio.to_thread(self.record, self._take_results())

    def _sender(self) -> WebhookSender:
        return WebhookSender(
            verify=tls_verify(self.services.settings),
            max_connections=self.concurrency,
            resolver=self.resolver,
        )

    async def _step(self, sender: WebhookSender, *, poll: bool) -> bool:
        """One round; True when it did something (so the caller loops again at once)."""
        busy = False
        if self._results:
            await asyncio.to_thread(self.record, self._take_results())
            busy = True
        woken = events.emitted.is_set() or service.wakeup.is_set()
        events.emitted.clear()
        service.wakeup.clear()
        if poll or woken or self._backlog:
            taken = await asyncio.to_thread(self.fan_out)
            # A full batch means more events may be waiting: take them in the next round.
            self._backlog = taken >= dispatch.FAN_OUT_BATCH
            busy = busy or taken > 0
        free = self.concurrency - len(self._inflight)
        if free > 0 and (poll or woken or busy):
            attempts = await asyncio.to_thread(self.claim, free, dict(self._per_webhook))
            for attempt in attempts:
                self._per_webhook[attempt.webhook_id] += 1
                task = asyncio.create_task(self._attempt(sender, attempt))
                self._inflight.add(task)
                task.add_done_callback(self._inflight.discard)
            busy = busy or bool(attempts)
        return busy

    def _take_results(self) -> list[AttemptResult]:
        results, self._results = self._results, []
        return results

    async def _attempt(self, sender: WebhookSender, attempt: Attempt) -> None:
        try:
            timestamp = int(self.services.clock.now().timestamp())
            outcome = await sender.deliver(
                attempt.url,
                attempt.body,
                headers_for(attempt, timestamp),
                timeout=self.timeout,
                allow_private=self.services.settings.webhook_allow_private,
            )
            at = self.services.clock.now()
            self._results.append(AttemptResult(attempt.delivery_id, outcome, at))
        finally:
            # (If sending itself raised, nothing is recorded: the lease expires and the attempt
            # is made again.)
            self._per_webhook[attempt.webhook_id] -= 1
            assert self._kick is not None
            self._kick.set()

    @contextlib.asynccontextmanager
    async def _woken_by_signals(self) -> AsyncIterator[None]:
        """Events committed or redeliveries queued by any thread of this process set `_kick`
        on this loop, so `_wait` sleeps without polling the flags."""
        loop = asyncio.get_running_loop()
        kick = self._kick = asyncio.Event()

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # the loop has closed meanwhile
                loop.call_soon_threadsafe(kick.set)

        stops = [events.emitted.listen(wake), service.wakeup.listen(wake)]
        try:
            yield
        finally:
            for stop_listening in stops:
                stop_listening()

    async def _wait(self, stop: threading.Event, seconds: float) -> None:
        """Until an attempt finishes, events or redeliveries are written in this process, or
        `seconds` pass (`stop` is seen within one poll interval)."""
        assert self._kick is not None
        if stop.is_set() or events.emitted.is_set() or service.wakeup.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._kick.wait(), seconds)
        self._kick.clear()
