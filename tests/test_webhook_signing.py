"""Webhook signatures, destination rules and secret storage (contract §7, §8.5).

Signatures are checked by two verifiers that share no code with the signer's own scheme code:
one written here from the contract's text with hmac/hashlib, and the reference
``standardwebhooks`` library's ``verify``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from panelist.webhooks import secrets_box
from panelist.webhooks.signing import new_secret, sign
from panelist.webhooks.url_rules import is_blocked_address, validate_webhook_url

# -- verifiers written from the contract text (§8.5) ----------------------------------------


def contract_verify_celper(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    # "sha256=<hex HMAC-SHA256 keyed with the secret string, over "{timestamp}.{raw body}">"
    ts = headers["X-Celper-Timestamp"]
    mac = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(headers["X-Celper-Signature"], "sha256=" + mac.hexdigest())


def contract_verify_standard(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    # "v1,<base64 HMAC-SHA256 keyed with base64-decode(secret without "whsec_") over
    #  "{eventId}.{timestamp}.{raw body}">"
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s) for s in headers["webhook-signature"].split(" "))


def library_verify(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


def _body() -> bytes:
    payload = {
        "event": "candidate_status_changed",
        "eventId": "evt_0123456789abcdefghijklmn",
        "webhookId": "wh_0123456789abcdefghijklmn",
        "companyId": "comp_0123456789abcdefghijklmn",
        "timestamp": "2026-04-01T10:00:00.000Z",
        # Non-ASCII on purpose: the signature is over raw UTF-8 bytes.
        "data": {"candidateId": "cand_x", "status": "selected", "note": "Žemaitė ąčę"},
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


# -- secrets and signatures -------------------------------------------------------------------


def test_new_secret_format() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret[6:], validate=True)) == 32
    assert new_secret() != secret


def test_signature_headers_verify_with_both_verifiers() -> None:
    secret, body, ts = new_secret(), _body(), int(time.time())
    headers = sign(secret, "evt_0123456789abcdefghijklmn", ts, body)

    assert headers["X-Celper-Timestamp"] == str(ts) == headers["webhook-timestamp"]
    assert headers["webhook-id"] == "evt_0123456789abcdefghijklmn"
    assert headers["X-Celper-Signature"].startswith("sha256=")
    assert headers["webhook-signature"].startswith("v1,")
    assert contract_verify_celper(secret, body, headers)
    assert contract_verify_standard(secret, body, headers)
    assert library_verify(secret, body, headers)


def test_rotated_secret_fails_every_verifier() -> None:
    old, new, body, ts = new_secret(), new_secret(), _body(), int(time.time())
    headers = sign(old, "evt_a", ts, body)
    assert not contract_verify_celper(new, body, headers)
    assert not contract_verify_standard(new, body, headers)
    assert not library_verify(new, body, headers)


def test_tampered_body_or_timestamp_fails() -> None:
    secret, body, ts = new_secret(), _body(), int(time.time())
    headers = sign(secret, "evt_a", ts, body)
    tampered = body.replace(b"selected", b"rejected")
    assert not contract_verify_celper(secret, tampered, headers)
    assert not contract_verify_standard(secret, tampered, headers)
    assert not library_verify(secret, tampered, headers)
    moved = {**headers, "X-Celper-Timestamp": str(ts + 1), "webhook-timestamp": str(ts + 1)}
    assert not contract_verify_celper(secret, body, moved)
    assert not library_verify(secret, body, moved)


def test_standard_webhooks_known_answer() -> None:
    # The published Standard Webhooks / Svix example: fixes the exact byte layout.
    headers = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        b'{"test": 2432232314}',
    )
    assert headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_celper_known_answer() -> None:
    # Computed outside Python: printf '1700000000.{}' | openssl dgst -sha256 -hmac 'whsec_YWJj'
    # (the key is the whole secret string, prefix included).
    headers = sign("whsec_YWJj", "evt_a", 1700000000, b"{}")
    expected = "7cbc6690eb3064fd35c79a3a92d28c3e59feb0a1d2e94d04af91e12474bc1cde"
    assert headers["X-Celper-Signature"] == f"sha256={expected}"


@pytest.mark.parametrize("bad", ["no_prefix", "whsec_", "whsec_not*base64!"])
def test_malformed_secret_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        sign(bad, "evt_a", 1700000000, b"{}")


# -- URL rules -----------------------------------------------------------------------------

GOOD_URLS = [
    "https://example.com/hooks",
    "https://hooks.example.com:8443/a/b?c=d",
    "https://user:pass@example.com/hook",
    "https://8.8.8.8/",
    "https://[2606:4700:4700::1111]/",
    "https://[::ffff:8.8.8.8]/",
    "https://xn--nxasmq6b.com/",
]

BAD_URLS = [
    "http://example.com/hook",  # https only without allow_http
    "ftp://example.com/",
    "example.com/hook",
    "https:///nohost",
    "https://localhost/",
    "https://LOCALHOST./",
    "https://foo.localhost/",
    "https://127.0.0.1/",
    "https://127.1/",  # legacy IPv4 forms that resolvers still accept
    "https://2130706433/",
    "https://0x7f.0.0.1/",
    "https://10.1.2.3/",
    "https://172.16.0.1/",
    "https://192.168.1.1/",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/",
    "https://0.0.0.0/",
    "https://224.0.0.1/",
    "https://255.255.255.255/",
    "https://240.0.0.1/",
    "https://[::1]/",
    "https://[::]/",
    "https://[fc00::1]/",
    "https://[fd12:3456::1]/",
    "https://[fe80::1]/",
    "https://[ff02::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:169.254.169.254]/",
    "https://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
    "https://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "https://exa mple.com/",
    "https://example.com/" + "a" * (2049 - len("https://example.com/")),
]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_good_urls_pass(url: str) -> None:
    assert validate_webhook_url(url, allow_http=False, allow_private=False) is None


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_urls_rejected(url: str) -> None:
    message = validate_webhook_url(url, allow_http=False, allow_private=False)
    assert isinstance(message, str)
    assert message


def test_length_limit_is_exactly_2048() -> None:
    base = "https://example.com/"
    assert len(BAD_URLS[-1]) == 2049
    ok = base + "a" * (2048 - len(base))
    assert validate_webhook_url(ok, allow_http=False, allow_private=False) is None


def test_allow_flags() -> None:
    assert validate_webhook_url("http://example.com/", allow_http=True, allow_private=False) is None
    assert validate_webhook_url("http://127.0.0.1:9/", allow_http=True, allow_private=False)
    assert validate_webhook_url("http://127.0.0.1:9/", allow_http=True, allow_private=True) is None
    assert validate_webhook_url("https://localhost/", allow_http=False, allow_private=True) is None
    # allow_private never relaxes the scheme rule
    assert validate_webhook_url("http://127.0.0.1/", allow_http=False, allow_private=True)


@pytest.mark.parametrize(
    ("ip", "blocked"),
    [
        ("8.8.8.8", False),
        ("93.184.216.34", False),
        ("2606:4700:4700::1111", False),
        ("::ffff:1.1.1.1", False),
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("172.31.255.255", True),
        ("192.168.0.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("100.127.255.255", True),
        ("0.0.0.0", True),
        ("224.0.0.251", True),
        ("255.255.255.255", True),
        ("::1", True),
        ("::", True),
        ("fc00::1", True),
        ("fe80::1%eth0", True),
        ("ff02::1", True),
        ("::ffff:10.0.0.1", True),
        ("2001:db8::1", True),
        ("not-an-ip", True),
    ],
)
def test_is_blocked_address(ip: str, blocked: bool) -> None:
    assert is_blocked_address(ip) is blocked


# -- secrets at rest -----------------------------------------------------------------------

SERVER_SECRET = b"server-secret-for-tests-0123456789"


def test_secrets_box_round_trip() -> None:
    secret = new_secret()
    token = secrets_box.encrypt(SERVER_SECRET, secret)
    assert secret not in token
    assert secrets_box.decrypt(SERVER_SECRET, token) == secret
    # A fresh nonce each time: equal secrets do not give equal rows.
    assert secrets_box.encrypt(SERVER_SECRET, secret) != token


def test_secrets_box_detects_tampering() -> None:
    token = secrets_box.encrypt(SERVER_SECRET, new_secret())
    raw = bytearray(base64.urlsafe_b64decode(token[3:]))
    raw[-1] ^= 0x01
    tampered = token[:3] + base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(secrets_box.SecretBoxError):
        secrets_box.decrypt(SERVER_SECRET, tampered)


@pytest.mark.parametrize("token", ["", "v1.", "v1.AAAA", "v2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_secrets_box_rejects_malformed(token: str) -> None:
    with pytest.raises(secrets_box.SecretBoxError):
        secrets_box.decrypt(SERVER_SECRET, token)


def test_secrets_box_wrong_server_secret() -> None:
    token = secrets_box.encrypt(SERVER_SECRET, "whsec_x")
    with pytest.raises(secrets_box.SecretBoxError):
        secrets_box.decrypt(b"another-server-secret", token)
