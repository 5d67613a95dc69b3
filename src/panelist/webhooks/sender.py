"""One webhook delivery attempt over HTTP (contract §8.5), safe against SSRF and DNS rebinding.

How the destination is pinned
-----------------------------
Before each attempt the URL's host is resolved once (``getaddrinfo``) and *every* address is
checked with :func:`is_blocked_address`; one bad address blocks the attempt
(``blocked_destination``) and nothing is connected. The vetted addresses are then handed to the
connection layer through a context variable, and a custom ``httpcore`` network backend
(:class:`_PinnedBackend`) opens the TCP connection to those addresses instead of resolving the
name again — so there is no second lookup an attacker's DNS server could answer differently.

Everything above TCP still sees the original hostname: the request URL is unchanged, so the
``Host`` header is the hostname, and httpcore passes the URL's host as ``server_hostname`` to
TLS, so SNI is the hostname and the certificate is verified against the hostname
(``check_hostname`` of the SSL context). The connection pool is keyed by hostname too, so a
pooled connection is only ever reused for the same hostname. (The alternative — requesting the
IP URL with an ``sni_hostname`` extension — would key the pool by IP and let a connection whose
certificate was checked for one tenant's hostname carry another tenant's request.)

One :class:`WebhookSender` (one ``httpx.AsyncClient``, one connection pool) per worker serves
any number of concurrent deliveries.
"""

from __future__ import annotations

import asyncio
import contextvars
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpcore
import httpx

from panelist import __version__
from panelist.webhooks.url_rules import is_blocked_address

USER_AGENT = f"Panelist-Webhooks/{__version__}"
_DRAIN_LIMIT = 64 * 1024  # read this much of a response body so the connection can be reused
_MAX_ERROR_CHARS = 500

Resolver = Callable[[str, int], Awaitable[list[str]]]


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    delivered: bool
    status_code: int | None
    duration_ms: int
    error: str | None


@dataclass(frozen=True, slots=True)
class _Pin:
    host: str
    addresses: tuple[str, ...]


_PIN: contextvars.ContextVar[_Pin | None] = contextvars.ContextVar("webhook_pin", default=None)


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the addresses vetted for this delivery, never to a fresh DNS answer.

    httpcore opens a connection inside the task that sends the request (a connection that is not
    yet connected is never handed to another request), so the context variable set by
    :meth:`WebhookSender.deliver` is the one for this very request. Anything unexpected — no pin,
    a pin for another host — fails closed.
    """

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        pin = _PIN.get()
        if pin is None or pin.host != host:
            raise httpcore.ConnectError(f"no vetted address for {host!r}")
        last: Exception | None = None
        for address in pin.addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc  # try the next vetted address, like an ordinary client would
        raise last or httpcore.ConnectError("no address to connect to")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not webhook destinations")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request/response/exception mapping) over the pinned backend.

    ``AsyncHTTPTransport`` takes no network backend, so its pool is replaced by an identical one
    that has ours; the pool attribute has had this name and role since httpx 0.18.
    """

    def __init__(self, *, verify: ssl.SSLContext | bool, limits: httpx.Limits) -> None:
        # Built once and shared, so the parent's (discarded, never opened) pool and ours do not
        # each load the CA bundle.
        ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PinnedBackend(),
        )


async def _system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    # dict.fromkeys: de-duplicate while keeping the resolver's preference order.
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _error_text(prefix: str, exc: BaseException) -> str:
    detail = str(exc) or type(exc).__name__
    return f"{prefix}: {detail}"[:_MAX_ERROR_CHARS]


class WebhookSender:
    """A shared HTTP client for webhook deliveries; create one per worker, ``aclose()`` at exit.

    ``verify`` is the TLS trust (``True`` = system/certifi CAs; an ``SSLContext`` for tests or
    private CAs). ``resolver`` replaces DNS resolution (tests); it must return IP strings.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        max_connections: int = 100,
        resolver: Resolver | None = None,
    ) -> None:
        # Every connection may stay alive: a burst to one receiver reuses its connections
        # instead of reconnecting for most requests.
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        self._resolve = resolver or _system_resolve
        self._client = httpx.AsyncClient(
            transport=_PinnedTransport(verify=verify, limits=limits),
            # No proxies, .netrc or other ambient configuration: the pinned backend must be the
            # only way out, and credentials from the environment must never reach a receiver.
            trust_env=False,
            follow_redirects=False,
            # Receivers of different companies can share a domain; cookies set by one must never
            # be sent with another's deliveries, so the jar refuses to store any.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> WebhookSender:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def deliver(
        self, url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool
    ) -> DeliveryOutcome:
        """POST ``body`` to ``url`` once. Never raises for network or HTTP failures.

        Success is any 2xx within ``timeout`` seconds (resolution included). Errors:
        ``blocked_destination``, ``timeout``, ``http_<status>`` (e.g. ``http_302``: redirects
        are not followed, ``http_500``), ``connection_error: <detail>``, ``invalid_url: …``.

        A reused keep-alive connection was vetted by the call that opened it, so pass the same
        ``allow_private`` on every call of one sender (it is a process-wide setting anyway).
        """
        started = time.perf_counter()

        def outcome(status: int | None, error: str | None) -> DeliveryOutcome:
            ms = int((time.perf_counter() - started) * 1000)
            return DeliveryOutcome(error is None, status, ms, error)

        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, UnicodeError) as exc:
            return outcome(None, _error_text("invalid_url", exc))
        if parsed.scheme not in ("http", "https") or not parsed.raw_host:
            return outcome(None, "invalid_url: needs an http(s) URL with a host")
        host = parsed.raw_host.decode("ascii")  # what httpcore will hand to connect_tcp
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        send_headers = httpx.Headers(headers)
        send_headers["Content-Type"] = "application/json"
        send_headers["User-Agent"] = USER_AGENT

        status: int | None = None
        try:
            async with asyncio.timeout(timeout):
                try:
                    addresses = await self._resolve(host, port)
                except OSError as exc:
                    return outcome(None, _error_text("connection_error: DNS lookup failed", exc))
                if not addresses:
                    return outcome(None, "connection_error: DNS lookup returned no address")
                if not allow_private and any(is_blocked_address(a) for a in addresses):
                    return outcome(None, "blocked_destination")
                request = self._client.build_request(
                    "POST", parsed, content=body, headers=send_headers, timeout=timeout
                )
                pin_token = _PIN.set(_Pin(host, tuple(addresses)))
                try:
                    response = await self._client.send(request, stream=True)
                finally:
                    _PIN.reset(pin_token)
                try:
                    status = response.status_code
                    await _drain(response)
                finally:
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException):
            if status is None:
                return outcome(None, "timeout")
        except httpx.HTTPError as exc:
            if status is None:
                return outcome(None, _error_text("connection_error", exc))
        # Reaching here means a status line arrived in time; a failure while draining the body
        # afterwards does not change what the receiver answered.
        assert status is not None
        return outcome(status, None if 200 <= status < 300 else f"http_{status}")


async def _drain(response: httpx.Response) -> None:
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read >= _DRAIN_LIMIT:
            return


async def deliver(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float,
    allow_private: bool,
    verify: ssl.SSLContext | bool = True,
) -> DeliveryOutcome:
    """One delivery with a throw-away client (e.g. the ``/test`` endpoint); workers that send
    many should share a :class:`WebhookSender` instead."""
    async with WebhookSender(verify=verify, max_connections=1) as sender:
        return await sender.deliver(
            url, body, headers, timeout=timeout, allow_private=allow_private
        )
