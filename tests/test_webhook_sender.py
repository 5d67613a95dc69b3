"""Webhook delivery against real HTTP and HTTPS receivers on 127.0.0.1 (contract §8.5).

No HTTP mocking: receivers are ``http.server`` servers in threads; the HTTPS one has a
self-signed certificate made here and trusted through the ``verify`` SSL context. Where a test
needs a hostname that DNS does not know, the sender's resolver is replaced — the connection is
still real, which is exactly what proves the sender connects to the vetted address.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from panelist import __version__
from panelist.webhooks.sender import DeliveryOutcome, WebhookSender, deliver
from panelist.webhooks.signing import new_secret, sign
from tests.test_webhook_signing import (
    contract_verify_celper,
    contract_verify_standard,
    library_verify,
)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    requests: list[Received] = field(default_factory=list)
    sni_names: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def received(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]


def _handler(receiver_ref: list[Receiver]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like real receivers

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver = receiver_ref[0]
            with receiver.lock:
                receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            status, delay = {
                "/ok": (200, 0.0),
                "/accepted": (202, 0.0),
                "/fail": (500, 0.0),
                "/redirect": (302, 0.0),
                "/slow": (200, 2.0),
                "/sleep": (204, 0.5),
            }.get(self.path, (404, 0.0))
            time.sleep(delay)
            self.send_response(status)
            if status == 302:
                self.send_header("Location", "/ok")
            payload = b"" if status == 204 else b'{"ok": true}'
            if status != 204:
                self.send_header("Content-Length", str(len(payload)))
            try:
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up first (timeout test): expected, not a server fault

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    return Handler


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 overflows when 20 deliveries connect at once, and the
    # kernel then drops or resets connections: a receiver limitation, not a sender one.
    request_queue_size = 128


def _start(ssl_context: ssl.SSLContext | None = None) -> Iterator[Receiver]:
    ref: list[Receiver] = []
    server = _Server(("127.0.0.1", 0), _handler(ref))
    server.daemon_threads = True
    server.block_on_close = False  # a /slow handler must not hold up teardown
    receiver = Receiver(server)
    ref.append(receiver)
    if ssl_context is not None:

        def remember_sni(_sock: object, name: str | None, _ctx: object) -> None:
            receiver.sni_names.append(name)

        ssl_context.sni_callback = remember_sni
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@dataclass
class Tls:
    server_context: ssl.SSLContext
    client_context: ssl.SSLContext


def _self_signed(tmp: Path) -> Tls:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "panelist test receiver")])
    now = dt.datetime.now(dt.UTC)
    san = x509.SubjectAlternativeName(
        [
            x509.DNSName("localhost"),
            x509.DNSName("webhook.test"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(san, critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    (tmp / "cert.pem").write_bytes(cert_pem)
    (tmp / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    client_context = ssl.create_default_context(cadata=cert_pem.decode())
    return Tls(server_context, client_context)


@pytest.fixture(scope="module")
def http_receiver() -> Iterator[Receiver]:
    yield from _start()


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return _self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_receiver(tls: Tls) -> Iterator[Receiver]:
    yield from _start(tls.server_context)


def _signed(
    secret: str, event_id: str = "evt_0123456789abcdefghijklmn"
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"event": "test", "eventId": event_id, "data": {"message": "hi"}}).encode()
    headers = sign(secret, event_id, int(time.time()), body)
    headers["X-Celper-Event"] = "test"
    headers["X-Celper-Delivery"] = "dlv_0123456789abcdefghijklmn"
    return body, headers


def _deliver(
    url: str,
    *,
    timeout: float = 5.0,
    allow_private: bool = True,
    verify: ssl.SSLContext | bool = True,
) -> DeliveryOutcome:
    body, headers = _signed(new_secret())
    return asyncio.run(
        deliver(url, body, headers, timeout=timeout, allow_private=allow_private, verify=verify)
    )


def _pinned(
    url: str,
    addresses: list[str] | None,
    *,
    allow_private: bool = True,
    verify: ssl.SSLContext | bool = True,
) -> DeliveryOutcome:
    """Deliver with DNS replaced by ``addresses`` (``None``: the name does not resolve)."""

    async def resolver(host: str, port: int) -> list[str]:
        if addresses is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return addresses

    async def run() -> DeliveryOutcome:
        async with WebhookSender(verify=verify, resolver=resolver) as sender:
            body, headers = _signed(new_secret())
            return await sender.deliver(
                url, body, headers, timeout=5.0, allow_private=allow_private
            )

    return asyncio.run(run())


def test_2xx_is_delivered_with_verifiable_headers(http_receiver: Receiver) -> None:
    secret = new_secret()
    body, headers = _signed(secret, "evt_headers000000000000000")
    url = f"http://127.0.0.1:{http_receiver.port}/accepted"
    outcome = asyncio.run(deliver(url, body, headers, timeout=5.0, allow_private=True))

    assert outcome == DeliveryOutcome(True, 202, outcome.duration_ms, None)
    assert outcome.duration_ms >= 0
    [got] = [r for r in http_receiver.received("/accepted") if r.body == body]
    h = got.headers
    assert h["Content-Type"] == "application/json"
    assert h["User-Agent"] == f"Panelist-Webhooks/{__version__}"
    assert h["X-Celper-Event"] == "test"
    assert h["X-Celper-Delivery"] == "dlv_0123456789abcdefghijklmn"
    assert h["webhook-id"] == "evt_headers000000000000000"
    assert contract_verify_celper(secret, got.body, h)
    assert contract_verify_standard(secret, got.body, h)
    assert library_verify(secret, got.body, h)
    assert not library_verify(new_secret(), got.body, h)


def test_500_fails_with_status(http_receiver: Receiver) -> None:
    outcome = _deliver(f"http://127.0.0.1:{http_receiver.port}/fail")
    assert (outcome.delivered, outcome.status_code, outcome.error) == (False, 500, "http_500")


def test_redirect_is_not_followed(http_receiver: Receiver) -> None:
    before = len(http_receiver.received("/ok"))
    outcome = _deliver(f"http://127.0.0.1:{http_receiver.port}/redirect")
    assert (outcome.delivered, outcome.status_code, outcome.error) == (False, 302, "http_302")
    assert len(http_receiver.received("/ok")) == before


def test_slow_receiver_times_out(http_receiver: Receiver) -> None:
    outcome = _deliver(f"http://127.0.0.1:{http_receiver.port}/slow", timeout=0.3)
    assert (outcome.delivered, outcome.status_code, outcome.error) == (False, None, "timeout")
    assert outcome.duration_ms < 1500


def test_private_destination_is_blocked_without_connecting(http_receiver: Receiver) -> None:
    before = len(http_receiver.received("/ok"))
    for host in ("localhost", "127.0.0.1"):
        outcome = _deliver(f"http://{host}:{http_receiver.port}/ok", allow_private=False)
        assert outcome == DeliveryOutcome(False, None, outcome.duration_ms, "blocked_destination")
    assert len(http_receiver.received("/ok")) == before


def test_one_blocked_address_among_public_ones_blocks() -> None:
    outcome = _pinned("https://mixed.example/", ["93.184.216.34", "10.0.0.7"], allow_private=False)
    assert outcome.error == "blocked_destination"


def test_connection_refused_and_dns_failure() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed at once: nothing listens there
    outcome = _deliver(f"http://127.0.0.1:{port}/ok")
    assert outcome.status_code is None
    assert outcome.error is not None
    assert outcome.error.startswith("connection_error: ")

    error = _pinned("https://nx.example/", None, allow_private=False).error
    assert error is not None
    assert error.startswith("connection_error: DNS lookup failed")


def test_https_with_trusted_self_signed_certificate(https_receiver: Receiver, tls: Tls) -> None:
    outcome = _deliver(f"https://localhost:{https_receiver.port}/ok", verify=tls.client_context)
    assert (outcome.delivered, outcome.status_code, outcome.error) == (True, 200, None)
    assert "localhost" in https_receiver.sni_names


def test_https_untrusted_certificate_is_a_connection_error(https_receiver: Receiver) -> None:
    # Default trust (system CAs) does not include the test's self-signed certificate.
    outcome = _deliver(f"https://localhost:{https_receiver.port}/ok")
    assert outcome.delivered is False
    assert outcome.error is not None
    assert outcome.error.startswith("connection_error: ")
    assert "CERTIFICATE_VERIFY_FAILED" in outcome.error


def test_connects_to_vetted_address_but_verifies_the_hostname(
    https_receiver: Receiver, tls: Tls
) -> None:
    """``webhook.test`` is in no DNS: only the pinned 127.0.0.1 can reach the receiver, while SNI,
    Host and the certificate check still use the hostname."""

    port = https_receiver.port
    ok = _pinned(f"https://webhook.test:{port}/accepted", ["127.0.0.1"], verify=tls.client_context)
    assert (ok.delivered, ok.status_code) == (True, 202)
    assert "webhook.test" in https_receiver.sni_names
    hosts = [r.headers["Host"] for r in https_receiver.received("/accepted")]
    assert f"webhook.test:{port}" in hosts

    # Same address, a hostname the certificate does not cover: the TLS check must fail.
    wrong = _pinned(f"https://not-in.cert:{port}/", ["127.0.0.1"], verify=tls.client_context)
    assert wrong.delivered is False
    assert wrong.error is not None
    assert "CERTIFICATE_VERIFY_FAILED" in wrong.error


def test_concurrent_deliveries_share_one_sender(http_receiver: Receiver) -> None:
    url = f"http://127.0.0.1:{http_receiver.port}/sleep"
    secret = new_secret()

    async def run() -> tuple[list[DeliveryOutcome], float]:
        async with WebhookSender() as sender:
            started = time.perf_counter()
            jobs = []
            for i in range(20):
                body, headers = _signed(secret, f"evt_concurrent{i:010d}")
                jobs.append(sender.deliver(url, body, headers, timeout=10.0, allow_private=True))
            outcomes = await asyncio.gather(*jobs)
            return list(outcomes), time.perf_counter() - started

    outcomes, elapsed = asyncio.run(run())
    assert [(o.delivered, o.status_code) for o in outcomes] == [(True, 204)] * 20, outcomes
    assert elapsed < 5.0  # serial would take ≥ 10 s; a loose bound, not a benchmark
    got = http_receiver.received("/sleep")
    assert len({r.headers["webhook-id"] for r in got}) >= 20
    assert all(library_verify(secret, r.body, r.headers) for r in got[-20:])
