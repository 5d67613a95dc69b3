"""Wire shapes of webhooks and deliveries (contract §7) and the bodies of their routes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from panelist.candidates.schemas import CandidateStatus
from panelist.kit.timefmt import iso
from panelist.webhooks.models import Webhook, WebhookDelivery

EventName = Literal[
    "candidate_status_changed", "cv_analysis_complete", "analysis_ready", "bulk_import_complete"
]
DeliveryStatus = Literal["pending", "delivered", "failed"]


def _no_duplicates(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("must not contain duplicates")
    return values


Events = Annotated[list[EventName], Field(min_length=1), AfterValidator(_no_duplicates)]
StatusFilters = Annotated[list[CandidateStatus], AfterValidator(_no_duplicates)]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    url: str
    events: Events
    statusFilters: StatusFilters = Field(default_factory=list)


class WebhookUpdate(BaseModel):
    """Any non-empty subset; `statusFilters: null` clears the filters like `[]`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    url: str | None = None
    events: Events | None = None
    statusFilters: StatusFilters | None = None
    isActive: bool | None = None


class DeliveryListQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: DeliveryStatus | None = None
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = None


class WebhookOut(BaseModel):
    id: str
    url: str
    events: list[EventName]
    statusFilters: list[CandidateStatus]
    isActive: bool
    failureCount: int
    lastDeliveryAt: str | None
    lastDeliveryStatus: Literal["delivered", "failed"] | None
    disabledReason: Literal["manual", "endpoint_gone", "failing"] | None
    createdAt: str
    updatedAt: str


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="`whsec_` + base64 of 32 random bytes; shown only here.")


class WebhookDeletedOut(BaseModel):
    webhookId: str
    deleted: Literal[True]


class WebhookSecretOut(BaseModel):
    webhookId: str
    secret: str


class WebhookTestOut(BaseModel):
    delivered: bool
    statusCode: int | None
    durationMs: int
    error: str | None


class DeliveryOut(BaseModel):
    id: str
    eventId: str
    event: str
    status: DeliveryStatus
    attempts: int
    responseStatus: int | None
    error: str | None
    durationMs: int | None
    createdAt: str
    lastAttemptAt: str | None
    nextAttemptAt: str | None
    deliveredAt: str | None


def to_wire(webhook: Webhook) -> dict[str, Any]:
    return {
        "id": webhook.id,
        "url": webhook.url,
        "events": list(webhook.events),
        "statusFilters": list(webhook.status_filters),
        "isActive": webhook.is_active,
        "failureCount": webhook.failure_count,
        "lastDeliveryAt": iso(webhook.last_delivery_at),
        "lastDeliveryStatus": webhook.last_delivery_status,
        "disabledReason": webhook.disabled_reason,
        "createdAt": iso(webhook.created_at),
        "updatedAt": iso(webhook.updated_at),
    }


def delivery_to_wire(delivery: WebhookDelivery) -> dict[str, Any]:
    pending = delivery.status == "pending"
    return {
        "id": delivery.id,
        "eventId": delivery.event_id,
        "event": delivery.event_type,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "responseStatus": delivery.response_status,
        "error": delivery.error,
        "durationMs": delivery.duration_ms,
        "createdAt": iso(delivery.created_at),
        "lastAttemptAt": iso(delivery.last_attempt_at),
        "nextAttemptAt": iso(delivery.next_attempt_at) if pending else None,
        "deliveredAt": iso(delivery.delivered_at),
    }
