"""Webhook routes (contract §7): scope `manage:webhooks`, owner/admin creators, category
webhooks. Each route: its Endpoint, a handler, a one-line docstring."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from panelist.db.pagination import decode_cursor
from panelist.http.docs import doc
from panelist.http.pipeline import Call, Endpoint, Result, execute
from panelist.http.scopes import Category, Scope
from panelist.kit.ids import new_id
from panelist.webhooks import dispatch, service
from panelist.webhooks.models import Webhook
from panelist.webhooks.runner import headers_for, tls_verify
from panelist.webhooks.schemas import (
    DeliveryListQuery,
    DeliveryOut,
    WebhookCreate,
    WebhookCreatedOut,
    WebhookDeletedOut,
    WebhookOut,
    WebhookSecretOut,
    WebhookTestOut,
    WebhookUpdate,
    delivery_to_wire,
    to_wire,
)
from panelist.webhooks.sender import DeliveryOutcome, WebhookSender

router = APIRouter(tags=["Webhooks"])

_SCOPE, _CATEGORY = Scope.MANAGE_WEBHOOKS, Category.WEBHOOKS
READ = Endpoint(scope=_SCOPE, category=_CATEGORY, admin_only=True)
WRITE = Endpoint(scope=_SCOPE, category=_CATEGORY, admin_only=True, body=True)
ACTION = Endpoint(scope=_SCOPE, category=_CATEGORY, admin_only=True)
TEST = Endpoint(scope=_SCOPE, category=_CATEGORY, admin_only=True, own_writes=True)


def _addressed(call: Call, session: Session, *, lock: bool = False) -> Webhook:
    return service.require(session, call.company_id, call.path_params["webhookId"], lock=lock)


def _list(call: Call, session: Session) -> Result:
    hooks = service.list_all(session, call.company_id)
    return Result([to_wire(w) for w in hooks], pagination={"cursor": None, "hasMore": False})


@router.get("/webhooks", **doc(READ, WebhookOut, many=True))
async def list_webhooks(request: Request) -> Response:
    """List the company's webhooks, newest first (all of them, on one page)."""
    return await execute(request, READ, _list)


def _create(call: Call, session: Session) -> Result:
    body = call.body_as(WebhookCreate)
    service.check_url(call.services.settings, body.url)
    webhook, secret = service.create(
        session, call.services.secret, call.company_id, body, call.services.clock.now()
    )
    return Result({**to_wire(webhook), "secret": secret}, status=201)


@router.post(
    "/webhooks",
    **doc(
        WRITE, WebhookCreatedOut, body=WebhookCreate, status=201, conflicts="WEBHOOK_LIMIT_REACHED"
    ),
)
async def create_webhook(request: Request) -> Response:
    """Register a webhook; the response shows its signing secret, this one time only."""
    return await execute(request, WRITE, _create)


def _get(call: Call, session: Session) -> Result:
    return Result(to_wire(_addressed(call, session)))


@router.get("/webhooks/{webhookId}", **doc(READ, WebhookOut, not_found=True))
async def get_webhook(request: Request) -> Response:
    """Get one webhook."""
    return await execute(request, READ, _get)


def _update(call: Call, session: Session) -> Result:
    body = call.body_as(WebhookUpdate)
    service.require_changes(body)
    if body.url is not None:
        service.check_url(call.services.settings, body.url)
    webhook = _addressed(call, session, lock=True)
    service.update(session, webhook, body, call.services.clock.now())
    return Result(to_wire(webhook))


@router.patch(
    "/webhooks/{webhookId}",
    **doc(
        WRITE,
        WebhookOut,
        body=WebhookUpdate,
        not_found=True,
        conflicts="WEBHOOK_LIMIT_REACHED (re-activation)",
    ),
)
async def update_webhook(request: Request) -> Response:
    """Change a webhook's URL, events, status filters or active flag."""
    return await execute(request, WRITE, _update)


def _delete(call: Call, session: Session) -> Result:
    webhook = _addressed(call, session, lock=True)
    service.delete(session, webhook)
    return Result({"webhookId": webhook.id, "deleted": True})


@router.delete("/webhooks/{webhookId}", **doc(ACTION, WebhookDeletedOut, not_found=True))
async def delete_webhook(request: Request) -> Response:
    """Delete a webhook; its pending deliveries are cancelled."""
    return await execute(request, ACTION, _delete)


def _test(call: Call, session: Session) -> Result:
    services = call.services
    webhook = _addressed(call, session)
    started = services.clock.now()
    event_id, delivery_id = new_id("evt_"), new_id("dlv_")
    data = {"message": service.TEST_MESSAGE}
    attempt = dispatch.Attempt(
        delivery_id=delivery_id,
        webhook_id=webhook.id,
        url=webhook.url,
        secret=service.secret_of(services.secret, webhook),
        event_id=event_id,
        event_type=service.TEST_EVENT,
        body=dispatch.body_of(
            event_type=service.TEST_EVENT,
            event_id=event_id,
            webhook_id=webhook.id,
            company_id=webhook.company_id,
            event_at=started,
            data=data,
        ),
    )
    outcome = asyncio.run(_send_once(call, attempt, int(started.timestamp())))
    with services.db.write() as writer:
        current = _addressed(call, writer)  # deleted meanwhile: NOT_FOUND, nothing recorded
        at = services.clock.now()
        service.record_test(
            writer, current, delivery_id, event_id, data, outcome, started=started, at=at
        )
    return Result(
        {
            "delivered": outcome.delivered,
            "statusCode": outcome.status_code,
            "durationMs": outcome.duration_ms,
            "error": outcome.error,
        }
    )


async def _send_once(call: Call, attempt: dispatch.Attempt, timestamp: int) -> DeliveryOutcome:
    settings = call.services.settings
    async with WebhookSender(verify=tls_verify(settings), max_connections=1) as sender:
        return await sender.deliver(
            attempt.url,
            attempt.body,
            headers_for(attempt, timestamp),
            timeout=settings.webhook_timeout_seconds,
            allow_private=settings.webhook_allow_private,
        )


@router.post("/webhooks/{webhookId}/test", **doc(TEST, WebhookTestOut, not_found=True))
async def test_webhook(request: Request) -> Response:
    """Send one signed `test` delivery now and answer its outcome; it is kept in the log."""
    return await execute(request, TEST, _test)


def _rotate(call: Call, session: Session) -> Result:
    webhook = _addressed(call, session, lock=True)
    secret = service.rotate_secret(
        session, call.services.secret, webhook, call.services.clock.now()
    )
    return Result({"webhookId": webhook.id, "secret": secret})


@router.post("/webhooks/{webhookId}/rotate-secret", **doc(ACTION, WebhookSecretOut, not_found=True))
async def rotate_webhook_secret(request: Request) -> Response:
    """Replace the signing secret; later deliveries are signed with the new one only."""
    return await execute(request, ACTION, _rotate)


def _deliveries(call: Call, session: Session) -> Result:
    query = call.query_as(DeliveryListQuery)
    decode_cursor(call.services.secret, query.cursor)  # a bad cursor (check 10) before 404 (11)
    webhook = _addressed(call, session)
    rows, pagination = service.deliveries_page(
        session,
        webhook,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
        secret=call.services.secret,
    )
    return Result([delivery_to_wire(d) for d in rows], pagination=pagination)


@router.get(
    "/webhooks/{webhookId}/deliveries",
    **doc(READ, DeliveryOut, query=DeliveryListQuery, many=True, not_found=True),
)
async def list_webhook_deliveries(request: Request) -> Response:
    """The webhook's delivery log, newest first; filter by `status`."""
    return await execute(request, READ, _deliveries)


def _redeliver(call: Call, session: Session) -> Result:
    webhook = _addressed(call, session)
    delivery = service.redeliver(
        session, webhook, call.path_params["deliveryId"], call.services.clock.now()
    )
    return Result(delivery_to_wire(delivery), status=202)


@router.post(
    "/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
    **doc(ACTION, DeliveryOut, status=202, not_found=True),
)
async def redeliver_webhook_delivery(request: Request) -> Response:
    """Queue a fresh attempt of a delivery's event (same `eventId`), whatever its status."""
    return await execute(request, ACTION, _redeliver)
