"""Which webhook destinations are acceptable (contract §7 URL rules, §8.5 send-time check).

Two layers, both needed:

* :func:`validate_webhook_url` runs when a webhook is created or changed and rejects URLs that
  are plainly internal (``localhost``, IP literals in internal ranges);
* :func:`is_blocked_address` runs before every delivery attempt on *every* address the host
  resolves to, because a public-looking hostname can resolve (or later re-resolve) to an
  internal address.

The URL is parsed with ``httpx.URL`` — the same parser the sender uses — so the validator and
the sender can never disagree about which host a URL names.
"""

from __future__ import annotations

import ipaddress
import re

import httpx

MAX_URL_LENGTH = 2048

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Explicit tables rather than ``ip.is_private`` & co.: those flags have changed meaning between
# Python patch releases, and a security boundary must not move with the interpreter version.
_BLOCKED_V4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network", includes the unspecified address
        "10.0.0.0/8",  # RFC 1918
        "100.64.0.0/10",  # CGNAT (RFC 6598)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, includes the cloud metadata 169.254.169.254
        "172.16.0.0/12",  # RFC 1918
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # RFC 1918
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, includes broadcast 255.255.255.255
    )
)

# Only global unicast (2000::/3) can be a legitimate public receiver; everything outside it is
# loopback, unspecified, ULA (fc00::/7), link-local (fe80::/10), multicast or reserved. The
# forms that embed an IPv4 address are unwrapped first and judged by that address.
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_BLOCKED_V6_IN_GLOBAL = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "2001::/23",  # IETF protocol assignments (Teredo, ORCHID, benchmarking, …)
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")

# A host whose last label is numeric is an IPv4 address to URL parsers and to getaddrinfo
# ("127.1", "2130706433", "0x7f.0.0.1" all mean 127.0.0.1); no real DNS name ends that way.
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _SIX_TO_FOUR:
        return ip.sixtofour
    return None


def is_blocked_address(ip: str | IPAddress) -> bool:
    """True when ``ip`` is loopback, private, link-local, CGNAT, multicast, unspecified,
    reserved or otherwise not a public unicast address. Unparseable input is blocked."""
    if isinstance(ip, str):
        try:
            ip = ipaddress.ip_address(ip)
        except ValueError:
            return True  # fail closed: we cannot vouch for what we cannot parse
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_v4(ip)
        if embedded is not None:
            return is_blocked_address(embedded)
        if ip not in _GLOBAL_UNICAST_V6:
            return True
        return any(ip in net for net in _BLOCKED_V6_IN_GLOBAL)
    return any(ip in net for net in _BLOCKED_V4)


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def validate_webhook_url(url: str, *, allow_http: bool, allow_private: bool) -> str | None:
    """``None`` when ``url`` is an acceptable webhook destination, else a message for humans.

    ``allow_http`` / ``allow_private`` mirror ``PANELIST_WEBHOOK_ALLOW_HTTP`` /
    ``PANELIST_WEBHOOK_ALLOW_PRIVATE`` (local development and tests only); ``allow_private``
    also admits ``localhost`` because it is loopback by definition.
    """
    if len(url) > MAX_URL_LENGTH:
        return f"must be at most {MAX_URL_LENGTH} characters"
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "must not contain whitespace or control characters"
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError):
        return "must be a valid URL"
    schemes = ("https", "http") if allow_http else ("https",)
    if parsed.scheme not in schemes:
        return "must use https" if not allow_http else "must use http or https"
    host = parsed.host.lower().rstrip(".")
    if not host:
        return "must include a host"
    if allow_private:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return "must not point to localhost"
    ip = _ip_literal(host)
    if ip is None and (":" in host or _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1])):
        return "must use a DNS name or a canonical IP address"
    if ip is not None and is_blocked_address(ip):
        return "must not point to a loopback, private, link-local or reserved address"
    return None
