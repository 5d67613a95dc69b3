"""API keys are never at rest in the clear (contract §2): not in the database, not in the logs."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import structlog
from fastapi.testclient import TestClient

from panelist import logging_setup
from panelist.http import handlers, request_id
from panelist.http.services import AppServices
from panelist.settings import LogFormat
from tests.fixtures.factories import Tenant, make_key, make_tenant

HIGH_LIMITS = {"global": 10000, "writes": 10000, "reads": 10000}
REQUESTS_PER_KEY = 7  # what `exercise` sends for each key


def forms_of(key: str) -> list[bytes]:
    """The ways a key could leak: as text, its secret part, and an unkeyed hash of it."""
    secret_part = key.removeprefix("celp_")
    return [
        key.encode(),
        key.encode("utf-16-le"),
        secret_part.encode(),
        secret_part.upper().encode(),
        bytes.fromhex(secret_part),
        hashlib.sha256(key.encode()).hexdigest().encode(),
        hashlib.sha256(key.encode()).digest(),
    ]


def exercise(client: TestClient, tenant: Tenant, keys: list[str]) -> list[str]:
    """Use every key successfully and unsuccessfully; return the wrong keys that were tried."""
    wrong = []
    for key in keys:
        headers = {"X-API-Key": key}
        r = client.get("/v1/job-positions", headers=headers)
        assert r.status_code == 200, r.text
        r = client.post(
            "/v1/candidates",
            headers={**headers, "Idempotency-Key": f"idem-{key[-6:]}"},
            json={
                "jobPositionId": tenant.position_id,
                "firstName": "Ona",
                "lastName": "Secret",
                "email": f"{key[-8:]}@example.com",
                "notes": "created in the secrets-at-rest test",
            },
        )
        assert r.status_code == 201, r.text
        # A 4xx after authentication, stored as an idempotent outcome.
        r = client.post(
            "/v1/candidates",
            headers={**headers, "Idempotency-Key": f"bad-{key[-6:]}"},
            json={"jobPositionId": tenant.position_id},
        )
        assert r.status_code == 400
        # Failed authentication: a near-miss of the real key, and the key outside the header.
        near_miss = key[:-1] + ("0" if key[-1] != "0" else "1")
        wrong.append(near_miss)
        r = client.get("/v1/job-positions", headers={"X-API-Key": near_miss})
        assert r.status_code == 401
        r = client.get("/v1/job-positions", headers={"X-API-Key": key.upper()})
        assert r.status_code == 401
        r = client.get(f"/v1/job-positions?apiKey={key}&api_key={key}")
        assert r.status_code == 401
        r = client.post("/v1/candidates", json={"apiKey": key})
        assert r.status_code == 401
    return wrong


def database_bytes(services: AppServices) -> bytes:
    """Everything SQLite keeps on disk for this database: the file, its WAL and shared memory."""
    url = sa.engine.make_url(services.db.url)
    assert url.database
    main = Path(url.database)
    blobs = []
    for path in (main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")):
        if path.exists():
            blobs.append(path.read_bytes())
    assert blobs, "the SQLite database file was not found"
    return b"".join(blobs)


def postgres_texts(services: AppServices) -> list[str]:
    """Every text-like column of api_keys, and every row of every table rendered as JSON."""
    texts: list[str] = []
    with services.db.read() as s:
        columns = s.execute(
            sa.text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'api_keys' "
                "AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', "
                "'bytea', 'ARRAY')"
            )
        ).scalars()
        names = list(columns)
        assert {"key_hash", "prefix", "name"} <= set(names)
        for name in names:
            rows = s.execute(sa.text(f'SELECT "{name}"::text FROM api_keys')).scalars()
            texts.extend(str(v) for v in rows if v is not None)
        tables = s.execute(
            sa.text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        ).scalars()
        for table in list(tables):
            rows = s.execute(sa.text(f'SELECT row_to_json(t)::text FROM "{table}" t')).scalars()
            texts.extend(rows)
    return texts


@contextmanager
def json_logging() -> Iterator[None]:
    """Configure the production JSON logging, then put everything back.

    Used inside the test body: pytest re-creates capsys/capfd streams for each test phase, and
    the structlog factory binds the sys.stderr that is current when `configure` runs.
    """
    saved = structlog.get_config()
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    # The test's own HTTP client logs every URL it requests (the query-string key included) at
    # INFO; that is the client's log, not the server's, so it is kept out of the capture.
    client_loggers = [logging.getLogger(name) for name in ("httpx", "httpx2", "httpcore")]
    client_levels = [lg.level for lg in client_loggers]
    for lg in client_loggers:
        lg.setLevel(logging.WARNING)
    proxies = [request_id.log, handlers.log]

    def forget_cached_loggers() -> None:
        # cache_logger_on_first_use pins a proxy to the stream it first wrote to.
        for proxy in proxies:
            vars(proxy).pop("bind", None)

    forget_cached_loggers()
    logging_setup.configure(LogFormat.JSON)
    try:
        yield
    finally:
        forget_cached_loggers()
        structlog.configure(**saved)
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for lg, level in zip(client_loggers, client_levels, strict=True):
            lg.setLevel(level)


def request_log_lines(text: str) -> list[dict[str, Any]]:
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return [entry for entry in lines if entry.get("event") == "request"]


def test_keys_are_not_stored_in_the_clear(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    roomy = make_tenant(services, "Roomy", rate_limits=HIGH_LIMITS)
    keys = [roomy.key] + [make_key(services, roomy.user_id)[1] for _ in range(3)]
    assert len(set(keys)) == len(keys)
    wrong = exercise(client, roomy, keys)

    if services.db.is_sqlite:
        haystacks = [database_bytes(services)]
    else:
        haystacks = [t.encode() for t in postgres_texts(services)]
        assert haystacks
    for key in [*keys, tenant.key, *wrong]:
        for form in forms_of(key):
            for hay in haystacks:
                assert form not in hay, f"{key[:9]}… found at rest as {form[:12]!r}…"
    # What is stored is the display prefix, which is not enough to use the key.
    with services.db.read() as s:
        prefixes = set(s.execute(sa.text("SELECT prefix FROM api_keys")).scalars())
    assert {k[:9] for k in keys} <= prefixes
    assert all(len(p) < len(keys[0]) for p in prefixes)


def test_keys_never_reach_the_logs(
    client: TestClient,
    services: AppServices,
    capfd: pytest.CaptureFixture[str],
) -> None:
    roomy = make_tenant(services, "Roomy", rate_limits=HIGH_LIMITS)
    keys = [roomy.key, make_key(services, roomy.user_id)[1]]
    capfd.readouterr()  # start from a clean capture
    with json_logging():
        wrong = exercise(client, roomy, keys)
    captured = capfd.readouterr()
    text = captured.out + captured.err

    lines = request_log_lines(text)
    # The request logger really was captured: one JSON line per request, naming the key id.
    assert len(lines) == REQUESTS_PER_KEY * len(keys)
    logged_key_ids = {line["key_id"] for line in lines if line.get("key_id")}
    assert roomy.key_id in logged_key_ids
    assert len(logged_key_ids) == len(keys)
    assert all(k.startswith("key_") for k in logged_key_ids)
    assert any(line.get("status") == 401 for line in lines)
    for key in [*keys, *wrong]:
        for form in forms_of(key):
            if isinstance(form, bytes) and form.isascii():
                assert form.decode() not in text, f"{key[:9]}… leaked into the logs"
        assert key.upper() not in text
    # Nor any header value or body at all: the 401 lines carry no key material either.
    for line in lines:
        assert set(line) <= {
            "event",
            "level",
            "timestamp",
            "method",
            "path",
            "status",
            "duration_ms",
            "request_id",
            "company_id",
            "key_id",
        }, line
