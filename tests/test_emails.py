"""The invitation email: outbox, the `email.send` job against a real SMTP server (aiosmtpd on
127.0.0.1), retries and failure, the no-SMTP fallback, and `panelist admin emails`."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
import structlog
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from click.testing import CliRunner
from fastapi.testclient import TestClient

from panelist.cli import main
from panelist.emails import service as emails
from panelist.emails import smtp
from panelist.emails.models import OutboundEmail
from panelist.http.services import AppServices
from panelist.jobs import queue
from panelist.jobs.registry import build_worker
from panelist.jobs.worker import backoff_seconds
from panelist.kit.clock import FrozenClock
from panelist.settings import Settings
from tests.conftest import TEST_SECRET
from tests.fixtures.factories import Tenant
from tests.test_invite import invite, make_candidate, rows, send_jobs

USER, PASSWORD = "mailer", "p@ss:word"


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it receives; `refuse` answers RCPT with it."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[Envelope] = field(default_factory=list)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)
    refuse: str | None = None
    url: str = ""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        ok = (data.login, data.password) == (USER.encode(), PASSWORD.encode())
        return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=handler.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    handler.url = f"smtp://{USER}:p%40ss%3Aword@127.0.0.1:{controller.port}"
    yield handler
    controller.stop()


def configure(services: AppServices, **changes: Any) -> None:
    services.settings = services.settings.model_copy(update=changes)


def the_email(services: AppServices, tenant: Tenant) -> OutboundEmail:
    [email] = rows(services, OutboundEmail, tenant.company_id)
    return email


def invited(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    email: str = "ona@example.com",
    **body: Any,
) -> str:
    """Invite a new candidate; returns the interview link."""
    candidate_id = make_candidate(services, tenant, email)
    r = invite(client, tenant, candidate_id, {"jobPositionId": tenant.position_id, **body})
    assert r.status_code == 200, r.text
    link: str = r.json()["data"]["interviewLink"]
    return link


def test_worker_delivers_the_invitation(
    client: TestClient, services: AppServices, tenant: Tenant, inbox: Inbox, clock: FrozenClock
) -> None:
    configure(services, smtp_url=inbox.url, email_from="Acme Hiring <hiring@acme.test>")
    link = invited(client, services, tenant)
    worker = build_worker(services)
    worker.run_until_idle()

    [message] = inbox.messages
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "hiring@acme.test"
    assert envelope.rcpt_tos == ["ona@example.com"]
    assert inbox.logins[-1] == (USER.encode(), PASSWORD.encode())
    assert "Senior Developer" in str(message["Subject"])
    assert message["From"] == "Acme Hiring <hiring@acme.test>"
    assert message["To"] == "ona@example.com"
    email = the_email(services, tenant)
    assert message["Message-ID"] == f"<{email.id}@acme.test>"
    text = message.get_content()
    assert link in text
    assert "Senior Developer" in text

    assert (email.status, email.attempts, email.last_error) == ("sent", 1, None)
    assert email.sent_at == clock.now()
    [job] = send_jobs(services, tenant.company_id)
    assert job.status == "done"

    # A second run of the job (e.g. after a lost lease) finds the email sent: nothing is sent.
    with services.db.write() as s:
        queue.enqueue(
            s, emails.SEND_JOB, {"emailId": email.id}, at=clock.now(), company_id=tenant.company_id
        )
    worker.run_until_idle()
    assert len(inbox.messages) == 1
    assert the_email(services, tenant).attempts == 1
    assert [j.status for j in send_jobs(services, tenant.company_id)] == ["done", "done"]


def test_custom_text_is_what_the_candidate_receives(
    client: TestClient, services: AppServices, tenant: Tenant, inbox: Inbox
) -> None:
    configure(services, smtp_url=inbox.url)
    link = invited(
        client,
        services,
        tenant,
        emailSubject="Ačiū, Ona — next step",
        emailBody="Labas!\nOpen {interviewLink} when ready.\n",
    )
    build_worker(services).run_until_idle()
    [message] = inbox.messages
    assert message["Subject"] == "Ačiū, Ona — next step"
    # SMTP carries lines ending in CRLF.
    assert message.get_content().replace("\r\n", "\n") == f"Labas!\nOpen {link} when ready.\n"


def test_smtp_down_retries_with_backoff_then_fails(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    configure(services, smtp_url=f"smtp://127.0.0.1:{free_port()}")  # nothing listens there
    invited(client, services, tenant)
    worker = build_worker(services)
    worker.run_until_idle()
    email = the_email(services, tenant)
    assert (email.status, email.attempts) == ("pending", 1)
    assert "unreachable" in (email.last_error or "")
    [job] = send_jobs(services, tenant.company_id)
    assert (job.status, job.attempts) == ("queued", 1)
    clock.advance(backoff_seconds(1) - 1)
    worker.run_until_idle()
    assert the_email(services, tenant).attempts == 1  # not before the backoff has passed

    for attempt in range(2, emails.MAX_ATTEMPTS + 1):
        clock.advance(backoff_seconds(attempt - 1) + 1)
        worker.run_until_idle()
        assert the_email(services, tenant).attempts == attempt
    email = the_email(services, tenant)
    assert (email.status, email.attempts) == ("failed", emails.MAX_ATTEMPTS)
    assert "unreachable" in (email.last_error or "")
    assert email.sent_at is None
    [job] = send_jobs(services, tenant.company_id)
    assert (job.status, job.attempts) == ("failed", emails.MAX_ATTEMPTS)
    assert job.last_error
    clock.advance(86400)
    worker.run_until_idle()
    assert the_email(services, tenant).attempts == emails.MAX_ATTEMPTS


def test_a_retry_delivers_once_the_server_is_back(
    client: TestClient, services: AppServices, tenant: Tenant, inbox: Inbox, clock: FrozenClock
) -> None:
    configure(services, smtp_url=f"smtp://127.0.0.1:{free_port()}")
    invited(client, services, tenant)
    worker = build_worker(services)
    worker.run_until_idle()
    assert the_email(services, tenant).status == "pending"
    configure(services, smtp_url=inbox.url)
    clock.advance(backoff_seconds(1) + 1)
    worker.run_until_idle()
    email = the_email(services, tenant)
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, None)
    assert len(inbox.messages) == 1


def test_permanent_refusal_fails_without_retrying(
    client: TestClient, services: AppServices, tenant: Tenant, inbox: Inbox
) -> None:
    inbox.refuse = "550 5.1.1 No such user here"
    configure(services, smtp_url=inbox.url)
    invited(client, services, tenant)
    build_worker(services).run_until_idle()
    email = the_email(services, tenant)
    assert (email.status, email.attempts) == ("failed", 1)
    assert "550" in (email.last_error or "")
    [job] = send_jobs(services, tenant.company_id)
    assert (job.status, job.attempts) == ("failed", 1)


def test_required_starttls_not_offered_fails_at_once(
    client: TestClient, services: AppServices, tenant: Tenant, inbox: Inbox
) -> None:
    configure(services, smtp_url=inbox.url + "?starttls=true")
    invited(client, services, tenant)
    build_worker(services).run_until_idle()
    email = the_email(services, tenant)
    assert email.status == "failed"
    assert "STARTTLS" in (email.last_error or "")
    assert inbox.messages == []


def test_without_smtp_the_email_stays_in_the_outbox_and_is_logged(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    assert services.settings.smtp_url is None
    link = invited(client, services, tenant)
    with structlog.testing.capture_logs() as logs:
        build_worker(services).run_until_idle()
    email = the_email(services, tenant)
    assert (email.status, email.attempts, email.sent_at) == ("logged", 0, None)
    assert link in email.body  # still in the outbox, for `admin emails --with-body`
    [entry] = [e for e in logs if e.get("email_id") == email.id]
    assert entry["to"] == email.to_address
    assert entry["subject"] == email.subject
    token = link.rsplit("/", 1)[1]
    assert all(token not in str(value) for e in logs for value in e.values())
    [job] = send_jobs(services, tenant.company_id)
    assert job.status == "done"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.com", ("mail.example.com", 25, None, None, False, None)),
        ("smtps://u:p%2Fq@mail.example.com", ("mail.example.com", 465, "u", "p/q", True, None)),
        ("smtp://h:2525?starttls=true", ("h", 2525, None, None, False, True)),
        ("smtp://h:2525?starttls=false", ("h", 2525, None, None, False, False)),
    ],
)
def test_smtp_url_parsing(url: str, expected: tuple[Any, ...]) -> None:
    c = smtp.parse_url(url)
    assert (c.host, c.port, c.username, c.password, c.implicit_tls, c.starttls) == expected


@pytest.mark.parametrize("url", ["http://h", "smtp://", "smtp://h:notaport"])
def test_bad_smtp_url_is_a_permanent_error(url: str) -> None:
    with pytest.raises(smtp.DeliveryError) as caught:
        smtp.parse_url(url)
    assert caught.value.permanent


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "PANELIST_DATABASE_URL": settings.database_url,
        "PANELIST_DATA_DIR": str(settings.data_dir),
        "PANELIST_SECRET_KEY": TEST_SECRET,
    }


def test_admin_emails_lists_the_outbox_newest_first(
    client: TestClient,
    services: AppServices,
    settings: Settings,
    tenant: Tenant,
    other_tenant: Tenant,
    clock: FrozenClock,
) -> None:
    first_link = invited(client, services, tenant)
    clock.advance(10)
    second_link = invited(client, services, tenant, "jonas@example.com", emailSubject="Second")
    invited(client, services, other_tenant)
    build_worker(services).run_until_idle()  # no SMTP: both become `logged`

    runner = CliRunner()
    result = runner.invoke(
        main, ["admin", "emails", "--company", tenant.company_id], env=cli_env(settings)
    )
    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)["emails"]
    assert [e["subject"] for e in listed] == ["Second", "Interview invitation: Senior Developer"]
    newest = listed[0]
    assert set(newest) == {
        "id",
        "kind",
        "to",
        "subject",
        "status",
        "attempts",
        "lastError",
        "createdAt",
        "sentAt",
        "candidateId",
    }
    assert newest["status"] == "logged"
    assert newest["to"] == "jonas@example.com"
    assert newest["sentAt"] is None
    assert newest["candidateId"].startswith("cand_")
    assert second_link not in result.stdout
    assert first_link not in result.stdout

    limited = runner.invoke(
        main,
        ["admin", "emails", "--company", tenant.company_id, "--limit", "1", "--with-body"],
        env=cli_env(settings),
    )
    assert limited.exit_code == 0, limited.stderr
    [only] = json.loads(limited.stdout)["emails"]
    assert second_link in only["body"]


def test_admin_emails_for_an_unknown_company_is_a_json_error(
    services: AppServices, settings: Settings
) -> None:
    result = CliRunner().invoke(
        main, ["admin", "emails", "--company", "comp_" + "x" * 24], env=cli_env(settings)
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(result.stderr)["error"] == "NOT_FOUND"
