"""Webhook management use cases (contract §7). Services never commit; the request's
transaction (or the worker's) does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from panelist.companies import repository as companies_repository
from panelist.errors import NotFound, WebhookLimitReached, validation_error
from panelist.kit.ids import new_id
from panelist.kit.signal import Signal
from panelist.settings import Settings
from panelist.webhooks import repository, secrets_box
from panelist.webhooks.models import Webhook, WebhookDelivery
from panelist.webhooks.schemas import WebhookCreate, WebhookUpdate
from panelist.webhooks.sender import DeliveryOutcome
from panelist.webhooks.signing import new_secret
from panelist.webhooks.url_rules import validate_webhook_url

MAX_ACTIVE = 5
# Set after a commit that queued a delivery directly (redelivery), to wake an in-process sender.
wakeup = Signal()
TEST_EVENT = "test"
TEST_MESSAGE = "This is a test delivery from Panelist."


def check_url(settings: Settings, url: str) -> None:
    """The URL rules of contract §7, relaxed only by the development allow settings."""
    problem = validate_webhook_url(
        url, allow_http=settings.webhook_allow_http, allow_private=settings.webhook_allow_private
    )
    if problem is not None:
        raise validation_error("url", problem[:1].upper() + problem[1:] + ".")


def _require_room(session: Session, company_id: str) -> None:
    companies_repository.lock(session, company_id)
    if repository.count_active(session, company_id) >= MAX_ACTIVE:
        raise WebhookLimitReached()


def create(
    session: Session, server_secret: bytes, company_id: str, body: WebhookCreate, at: datetime
) -> tuple[Webhook, str]:
    """A new active webhook and its secret (returned in clear this once)."""
    _require_room(session, company_id)
    secret = new_secret()
    webhook = Webhook(
        id=new_id("wh_"),
        company_id=company_id,
        url=body.url,
        events=list(body.events),
        status_filters=list(body.statusFilters),
        is_active=True,
        secret_encrypted=secrets_box.encrypt(server_secret, secret),
        failure_count=0,
        failing_since=None,
        last_delivery_at=None,
        last_delivery_status=None,
        disabled_reason=None,
        created_at=at,
        updated_at=at,
    )
    repository.add(session, webhook)
    return webhook, secret


def require(session: Session, company_id: str, webhook_id: str, *, lock: bool = False) -> Webhook:
    webhook = repository.get(session, company_id, webhook_id, lock=lock)
    if webhook is None:
        raise NotFound("Webhook not found.")
    return webhook


def list_all(session: Session, company_id: str) -> list[Webhook]:
    return repository.list_all(session, company_id)


def require_changes(body: WebhookUpdate) -> None:
    if not body.model_fields_set:
        raise validation_error("body", "At least one field must be given.")
    for name in ("url", "events", "isActive"):
        if name in body.model_fields_set and getattr(body, name) is None:
            raise validation_error(name, "Must not be null.")


def update(session: Session, webhook: Webhook, body: WebhookUpdate, at: datetime) -> None:
    if body.url is not None:
        webhook.url = body.url
    if body.events is not None:
        webhook.events = list(body.events)
    if "statusFilters" in body.model_fields_set:
        webhook.status_filters = list(body.statusFilters or [])
    if body.isActive is True and not webhook.is_active:
        _require_room(session, webhook.company_id)
        webhook.is_active, webhook.disabled_reason = True, None
        webhook.failure_count, webhook.failing_since = 0, None
    elif body.isActive is False and webhook.is_active:
        webhook.is_active, webhook.disabled_reason = False, "manual"
    webhook.updated_at = at


def delete(session: Session, webhook: Webhook) -> None:
    repository.delete(session, webhook)


def rotate_secret(session: Session, server_secret: bytes, webhook: Webhook, at: datetime) -> str:
    secret = new_secret()
    webhook.secret_encrypted = secrets_box.encrypt(server_secret, secret)
    webhook.updated_at = at
    return secret


def secret_of(server_secret: bytes, webhook: Webhook) -> str:
    return secrets_box.decrypt(server_secret, webhook.secret_encrypted)


def new_delivery(
    webhook: Webhook,
    event_id: str,
    event_type: str,
    data: dict[str, Any],
    event_at: datetime,
    *,
    at: datetime,
) -> dict[str, Any]:
    """A pending delivery row (for executemany inserts), due at once."""
    return {
        "id": new_id("dlv_"),
        "company_id": webhook.company_id,
        "webhook_id": webhook.id,
        "event_id": event_id,
        "event_type": event_type,
        "data": data,
        "event_at": event_at,
        "status": repository.PENDING,
        "attempts": 0,
        "response_status": None,
        "error": None,
        "duration_ms": None,
        "created_at": at,
        "last_attempt_at": None,
        "next_attempt_at": at,
        "delivered_at": None,
        "locked_by": None,
        "locked_until": None,
    }


def deliveries_page(
    session: Session,
    webhook: Webhook,
    *,
    status: str | None,
    limit: int,
    cursor: str | None,
    secret: bytes,
) -> tuple[list[WebhookDelivery], dict[str, Any]]:
    return repository.deliveries_page(
        session, webhook.id, status=status, limit=limit, cursor=cursor, secret=secret
    )


def redeliver(
    session: Session, webhook: Webhook, delivery_id: str, at: datetime
) -> WebhookDelivery:
    """A new pending delivery of the same event (same `eventId`, event and data)."""
    original = repository.get_delivery(session, webhook.id, delivery_id)
    if original is None:
        raise NotFound("Delivery not found.")
    row = new_delivery(
        webhook, original.event_id, original.event_type, original.data, original.event_at, at=at
    )
    delivery = WebhookDelivery(**row)
    repository.add(session, delivery)
    session.info.setdefault("after_commit", []).append(wakeup.set)
    return delivery


def record_test(
    session: Session,
    webhook: Webhook,
    delivery_id: str,
    event_id: str,
    data: dict[str, Any],
    outcome: DeliveryOutcome,
    *,
    started: datetime,
    at: datetime,
) -> WebhookDelivery:
    """The test delivery in the log: one attempt, never retried.

    A test is a probe, not traffic: it leaves `failureCount` and the disable rules alone, so
    testing a broken endpoint never disables a webhook."""
    row = new_delivery(webhook, event_id, TEST_EVENT, data, started, at=started)
    row.update(
        id=delivery_id,
        status=repository.DELIVERED if outcome.delivered else repository.FAILED,
        attempts=1,
        response_status=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
        last_attempt_at=at,
        next_attempt_at=None,
        delivered_at=at if outcome.delivered else None,
    )
    delivery = WebhookDelivery(**row)
    repository.add(session, delivery)
    return delivery
