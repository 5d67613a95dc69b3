"""Sending one message over SMTP, configured by `PANELIST_SMTP_URL`.

`smtp://user:pass@host:port` talks plain SMTP and upgrades with STARTTLS when the server offers
it; `?starttls=true` makes the upgrade mandatory, `?starttls=false` forbids it.
`smtps://…` is implicit TLS (default port 465). Certificates are verified.

The standard library's `smtplib` does the talking: the worker is synchronous and threaded, so
a blocking client fits it better than an asyncio one run in a throwaway event loop.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT_SECONDS = 30.0
_DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


class DeliveryError(Exception):
    """The message was not accepted; `permanent` when retrying cannot help (5xx, bad config)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool
    starttls: bool | None  # None: upgrade when the server offers it

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def parse_url(url: str) -> SmtpConfig:
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise DeliveryError(
            "PANELIST_SMTP_URL must look like smtp://user:pass@host:port or smtps://…",
            permanent=True,
        )
    flag = parse_qs(parts.query).get("starttls", [None])[-1]
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise DeliveryError("PANELIST_SMTP_URL has an invalid port.", permanent=True) from None
    return SmtpConfig(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        implicit_tls=parts.scheme == "smtps",
        starttls=None if flag is None else flag.lower() in ("1", "true", "yes"),
    )


def build_message(
    *, message_id: str, sender: str, to: str, subject: str, body: str, at: datetime
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(at)
    # Stable across retries, so a receiver can drop the duplicate of an at-least-once send.
    domain = parseaddr(sender)[1].rpartition("@")[2] or "panelist.local"
    message["Message-ID"] = f"<{message_id}@{domain}>"
    message.set_content(body)
    return message


def send(config: SmtpConfig, message: EmailMessage, *, timeout: float = TIMEOUT_SECONDS) -> None:
    sender = parseaddr(str(message["From"]))[1]
    try:
        with _connect(config, timeout) as client:
            client.ehlo()
            if not config.implicit_tls and config.starttls is not False:
                if client.has_extn("starttls"):
                    client.starttls(context=ssl.create_default_context())
                    client.ehlo()
                elif config.starttls:
                    raise DeliveryError(
                        f"SMTP server {config.address} does not offer STARTTLS.", permanent=True
                    )
            if config.username:
                client.login(config.username, config.password or "")
            client.send_message(message, from_addr=sender, to_addrs=[str(message["To"])])
    except smtplib.SMTPRecipientsRefused as exc:
        answers = list(exc.recipients.values())
        raise DeliveryError(
            f"SMTP server {config.address} refused the recipient: "
            + "; ".join(f"{code} {_text(reply)}" for code, reply in answers),
            permanent=all(code >= 500 for code, _ in answers),
        ) from exc
    except smtplib.SMTPResponseException as exc:
        # 4xx is the server asking us to come back later; 5xx will not change on a retry.
        raise DeliveryError(
            f"SMTP server {config.address} answered {exc.smtp_code} {_text(exc.smtp_error)}",
            permanent=exc.smtp_code >= 500,
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"SMTP server {config.address}: {exc}", permanent=True) from exc
    except smtplib.SMTPException as exc:
        raise DeliveryError(
            f"SMTP conversation with {config.address} failed: {type(exc).__name__}: {exc}"
        ) from exc
    except OSError as exc:  # refused, timed out, TLS handshake failed
        raise DeliveryError(
            f"SMTP server {config.address} unreachable: {type(exc).__name__}: {exc}"
        ) from exc


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def _connect(config: SmtpConfig, timeout: float) -> smtplib.SMTP:
    if config.implicit_tls:
        return smtplib.SMTP_SSL(
            config.host, config.port, timeout=timeout, context=ssl.create_default_context()
        )
    return smtplib.SMTP(config.host, config.port, timeout=timeout)
