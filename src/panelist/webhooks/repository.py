"""SQL for webhooks and deliveries. Every read of a webhook starts from `_readable`, the one
tenant filter; deliveries are reached through their (tenant-checked) webhook."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.db.pagination import page
from panelist.webhooks.models import Webhook, WebhookDelivery

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def _readable(company_id: str) -> sa.Select[Webhook]:
    return sa.select(Webhook).where(Webhook.company_id == company_id)


def add(session: Session, row: Webhook | WebhookDelivery) -> None:
    session.add(row)


def get(
    session: Session, company_id: str, webhook_id: str, *, lock: bool = False
) -> Webhook | None:
    stmt = _readable(company_id).where(Webhook.id == webhook_id)
    return session.scalars(stmt.with_for_update() if lock else stmt).first()


def list_all(session: Session, company_id: str) -> list[Webhook]:
    stmt = _readable(company_id).order_by(Webhook.created_at.desc(), Webhook.id.desc())
    return list(session.scalars(stmt))


def count_active(session: Session, company_id: str) -> int:
    stmt = sa.select(sa.func.count()).where(
        Webhook.company_id == company_id, Webhook.is_active.is_(True)
    )
    return int(session.scalar(stmt) or 0)


def active_for_companies(session: Session, company_ids: Collection[str]) -> list[Webhook]:
    stmt = sa.select(Webhook).where(
        Webhook.company_id.in_(list(company_ids)), Webhook.is_active.is_(True)
    )
    return list(session.scalars(stmt))


def delete(session: Session, webhook: Webhook) -> None:
    """The webhook and its deliveries: pending ones are cancelled with it."""
    session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id))
    session.delete(webhook)


def add_deliveries(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(sa.insert(WebhookDelivery), rows)


def get_delivery(session: Session, webhook_id: str, delivery_id: str) -> WebhookDelivery | None:
    stmt = sa.select(WebhookDelivery).where(
        WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.id == delivery_id
    )
    return session.scalars(stmt).first()


def deliveries_page(
    session: Session,
    webhook_id: str,
    *,
    status: str | None,
    limit: int,
    cursor: str | None,
    secret: bytes,
) -> tuple[list[WebhookDelivery], dict[str, Any]]:
    stmt = sa.select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    rows, pagination = page(
        session,
        stmt,
        WebhookDelivery.created_at,
        WebhookDelivery.id,
        limit=limit,
        cursor=cursor,
        secret=secret,
    )
    return [row[0] for row in rows], pagination


# Sender side ---------------------------------------------------------------------------------


def _due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        WebhookDelivery.status == PENDING,
        WebhookDelivery.next_attempt_at <= now,
        sa.or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now),
    )


def any_due(session: Session, now: datetime) -> bool:
    stmt = sa.select(WebhookDelivery.id).where(_due(now)).limit(1)
    return session.scalars(stmt).first() is not None


def claim_due(
    session: Session,
    worker_id: str,
    now: datetime,
    until: datetime,
    limit: int,
    *,
    per_webhook: int,
    in_flight: Mapping[str, int],
) -> list[tuple[WebhookDelivery, Webhook]]:
    """Lease up to `limit` due deliveries to `worker_id`, at most `per_webhook` in flight per
    webhook (counting `in_flight`, this sender's current attempts), with their webhooks.

    Oldest first within each webhook, so one webhook's backlog can neither starve the others
    nor take every slot. The lease is taken by an UPDATE that re-checks dueness, so of two
    senders picking the same row (PostgreSQL) exactly one gets it.
    """
    rank = (
        sa.func.row_number()
        .over(
            partition_by=WebhookDelivery.webhook_id,
            order_by=(WebhookDelivery.next_attempt_at, WebhookDelivery.id),
        )
        .label("rank")
    )
    due = (
        sa.select(
            WebhookDelivery.id, WebhookDelivery.webhook_id, WebhookDelivery.next_attempt_at, rank
        )
        .where(_due(now))
        .subquery()
    )
    candidates = session.execute(
        sa.select(due.c.id, due.c.webhook_id, due.c.rank)
        .where(due.c.rank <= per_webhook)
        .order_by(due.c.next_attempt_at, due.c.id)
        .limit(limit)
    )
    picked = [
        delivery_id
        for delivery_id, webhook_id, position in candidates
        if position <= per_webhook - in_flight.get(webhook_id, 0)
    ]
    if not picked:
        return []
    claimed = session.execute(
        sa.update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(picked), _due(now))
        .values(locked_by=worker_id, locked_until=until)
        .returning(WebhookDelivery.id)
        .execution_options(synchronize_session=False)
    )
    ids = list(claimed.scalars())
    if not ids:
        return []
    stmt = (
        sa.select(WebhookDelivery, Webhook)
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.id.in_(ids))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .execution_options(populate_existing=True)
    )
    return [(delivery, webhook) for delivery, webhook in session.execute(stmt)]


def locked_for_recording(
    session: Session, delivery_ids: Collection[str]
) -> list[tuple[WebhookDelivery, Webhook]]:
    """Deliveries (with their webhooks, locked) whose attempt outcomes are being recorded.

    Webhooks are locked in id order so that two senders recording for the same webhooks on
    PostgreSQL wait for each other instead of deadlocking."""
    stmt = (
        sa.select(WebhookDelivery, Webhook)
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.id.in_(list(delivery_ids)))
        .order_by(Webhook.id, WebhookDelivery.id)
        .with_for_update()
    )
    return [(delivery, webhook) for delivery, webhook in session.execute(stmt)]
