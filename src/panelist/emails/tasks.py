"""The `email.send` job: deliver one outbox email over SMTP.

Delivery is at-least-once. The SMTP conversation cannot share a transaction with the database,
so the email is sent first and marked `sent` afterwards: a worker that dies (or loses its
lease) between the two leaves the job to be retried, and the candidate may get the email
twice. The Message-ID is the same on every attempt, so a receiver can drop the duplicate.
Hence a *stepwise* handler: each database step is its own short transaction, and no
transaction is held open while talking to the SMTP server.
"""

from __future__ import annotations

import structlog
from sqlalchemy.orm import Session

from panelist.emails import service, smtp
from panelist.emails.models import OutboundEmail
from panelist.jobs.worker import JobContext, JobKind, PermanentJobError

log = structlog.get_logger("panelist.emails")


def send_email(ctx: JobContext) -> None:
    settings = ctx.services.settings
    with ctx.transaction() as session:
        email = _load(ctx, session)
        if email is None or email.status in service.FINISHED:
            return  # deleted with its candidate, or delivered by an earlier run
        if not settings.smtp_url:
            service.mark_logged(email)
            # Never the body: it holds the interview link, which is the candidate's credential.
            log.info(
                "email kept in the outbox, not sent: PANELIST_SMTP_URL is not set",
                email_id=email.id,
                kind=email.kind,
                to=email.to_address,
                subject=email.subject,
                candidate_id=email.candidate_id,
            )
            return
        message = smtp.build_message(
            message_id=email.id,
            sender=settings.email_from,
            to=email.to_address,
            subject=email.subject,
            body=email.body,
            at=ctx.services.clock.now(),
        )
    try:
        smtp.send(smtp.parse_url(settings.smtp_url), message)
    except smtp.DeliveryError as exc:
        with ctx.transaction() as session:
            failed = _load(ctx, session)
            if failed is not None:
                service.record_failure(failed, str(exc))
        if exc.permanent:
            raise PermanentJobError(str(exc)) from exc
        raise
    with ctx.transaction() as session:
        sent = _load(ctx, session)
        if sent is not None:
            service.mark_sent(sent, ctx.services.clock.now())
    log.info("email sent", email_id=_email_id(ctx))


def give_up(ctx: JobContext, session: Session, error: str) -> None:
    """Retries exhausted (or a permanent refusal): the email ends visibly `failed`."""
    email = _load(ctx, session)
    if email is not None and email.status not in service.FINISHED:
        service.mark_failed(email, error)


def _email_id(ctx: JobContext) -> str:
    return str(ctx.job.payload["emailId"])


def _load(ctx: JobContext, session: Session) -> OutboundEmail | None:
    return service.get(session, ctx.job.company_id or "", _email_id(ctx))


KINDS = [JobKind(service.SEND_JOB, stepwise=send_email, on_failed=give_up)]
