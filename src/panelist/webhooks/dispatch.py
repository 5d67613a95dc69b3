"""Turning outbox events into deliveries, claiming due deliveries, recording attempt outcomes.

Each function runs inside one caller-owned transaction, which is what makes delivery safe
across crashes: an event is marked dispatched in the transaction that creates its deliveries
(never lost, never fanned out twice); a delivery is leased in one transaction and its outcome
recorded in another, so a sender killed in between leaves a lease that expires and the attempt
is made again (at-least-once; receivers de-duplicate on `eventId`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from panelist.events import service as events
from panelist.kit import jsonx
from panelist.kit.timefmt import iso
from panelist.webhooks import repository, secrets_box, service
from panelist.webhooks.models import Webhook, WebhookDelivery
from panelist.webhooks.sender import DeliveryOutcome

CANDIDATE_STATUS_CHANGED = "candidate_status_changed"
FAILING_FOR = timedelta(days=5)
FAN_OUT_BATCH = 500


@dataclass(frozen=True, slots=True)
class Attempt:
    """Everything needed to make one attempt without touching the database."""

    delivery_id: str
    webhook_id: str
    url: str
    secret: str
    event_id: str
    event_type: str
    body: bytes


@dataclass(frozen=True, slots=True)
class AttemptResult:
    delivery_id: str
    outcome: DeliveryOutcome
    at: datetime


def matches(webhook: Webhook, event_type: str, data: dict[str, Any]) -> bool:
    """Contract §8.4: active, subscribed, and for status changes inside a non-empty filter."""
    if not webhook.is_active or event_type not in webhook.events:
        return False
    if event_type == CANDIDATE_STATUS_CHANGED and webhook.status_filters:
        return data.get("status") in webhook.status_filters
    return True


def body_of(
    *,
    event_type: str,
    event_id: str,
    webhook_id: str,
    company_id: str,
    event_at: datetime,
    data: dict[str, Any],
) -> bytes:
    """The delivery body of §8.4; `timestamp` is when the event happened, so every attempt of
    one delivery carries the same bytes (only the signatures change)."""
    return jsonx.dumps(
        {
            "event": event_type,
            "eventId": event_id,
            "webhookId": webhook_id,
            "companyId": company_id,
            "timestamp": iso(event_at),
            "data": data,
        }
    )


def fan_out(session: Session, at: datetime, limit: int = FAN_OUT_BATCH) -> int:
    """Create one delivery per matching webhook for up to `limit` undispatched events and mark
    them dispatched, all in the caller's transaction. Returns how many events were taken."""
    batch = events.take_undispatched(session, limit)
    if not batch:
        return 0
    hooks: dict[str, list[Webhook]] = defaultdict(list)
    for webhook in repository.active_for_companies(session, {e.company_id for e in batch}):
        hooks[webhook.company_id].append(webhook)
    rows = [
        service.new_delivery(webhook, e.id, e.event_type, e.payload, e.created_at, at=at)
        for e in batch
        for webhook in hooks[e.company_id]
        if matches(webhook, e.event_type, e.payload)
    ]
    repository.add_deliveries(session, rows)
    events.dispatched(batch, at)
    return len(batch)


def claim(
    session: Session,
    server_secret: bytes,
    worker_id: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    *,
    per_webhook: int,
    in_flight: Mapping[str, int],
) -> list[Attempt]:
    """Lease up to `limit` due deliveries (see `repository.claim_due` for `per_webhook`).
    Deliveries whose webhook is no longer active end `failed` (`webhook_inactive`) here
    instead of being sent."""
    attempts = []
    claimed = repository.claim_due(
        session,
        worker_id,
        now,
        now + lease,
        limit,
        per_webhook=per_webhook,
        in_flight=in_flight,
    )
    for delivery, webhook in claimed:
        if not webhook.is_active:
            _finish(delivery, repository.FAILED, "webhook_inactive", now)
            continue
        try:
            secret = service.secret_of(server_secret, webhook)
        except secrets_box.SecretBoxError:
            # Encrypted under another PANELIST_SECRET_KEY: no attempt can ever be signed.
            _finish(delivery, repository.FAILED, "secret_unreadable", now)
            continue
        body = body_of(
            event_type=delivery.event_type,
            event_id=delivery.event_id,
            webhook_id=webhook.id,
            company_id=webhook.company_id,
            event_at=delivery.event_at,
            data=delivery.data,
        )
        attempts.append(
            Attempt(
                delivery.id,
                webhook.id,
                webhook.url,
                secret,
                delivery.event_id,
                delivery.event_type,
                body,
            )
        )
    return attempts


def _finish(delivery: WebhookDelivery, status: str, error: str | None, at: datetime) -> None:
    delivery.status, delivery.next_attempt_at = status, None
    delivery.locked_by = delivery.locked_until = None
    if error is not None:
        delivery.error = error
    if status == repository.DELIVERED:
        delivery.delivered_at = at


def _disable(webhook: Webhook, reason: str, at: datetime) -> None:
    if webhook.is_active:
        webhook.is_active, webhook.disabled_reason, webhook.updated_at = False, reason, at


def record(
    session: Session, results: list[AttemptResult], worker_id: str, delays: list[float]
) -> int:
    """Store attempt outcomes: the delivery's state and schedule, the webhook's counters and
    the disable rules of §8.5. An outcome whose lease another sender took over is dropped
    (that sender makes and records its own attempt). Returns how many were recorded."""
    by_id = {r.delivery_id: r for r in results}
    recorded = 0
    for delivery, webhook in repository.locked_for_recording(session, list(by_id)):
        result = by_id[delivery.id]
        if delivery.status != repository.PENDING or delivery.locked_by != worker_id:
            continue
        outcome, at = result.outcome, result.at
        recorded += 1
        delivery.attempts += 1
        delivery.last_attempt_at = at
        delivery.response_status = outcome.status_code
        delivery.error = outcome.error
        delivery.duration_ms = outcome.duration_ms
        delivery.locked_by = delivery.locked_until = None
        webhook.last_delivery_at = at
        if outcome.delivered:
            _finish(delivery, repository.DELIVERED, None, at)
            webhook.last_delivery_status = repository.DELIVERED
            webhook.failure_count, webhook.failing_since = 0, None
            continue
        webhook.last_delivery_status = repository.FAILED
        webhook.failure_count += 1
        webhook.failing_since = webhook.failing_since or at
        if outcome.status_code == 410:
            _finish(delivery, repository.FAILED, None, at)
            _disable(webhook, "endpoint_gone", at)
        elif delivery.attempts > len(delays):
            _finish(delivery, repository.FAILED, None, at)
        else:
            delivery.next_attempt_at = at + timedelta(seconds=delays[delivery.attempts - 1])
        if at - webhook.failing_since >= FAILING_FOR:
            _disable(webhook, "failing", at)
    return recorded
