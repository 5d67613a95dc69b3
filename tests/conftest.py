"""Test fixtures: the real app on a real database (SQLite file, or PostgreSQL + Redis when
PANELIST_TEST_DATABASE_URL / PANELIST_TEST_REDIS_URL are set), reached through ASGI or a real
port."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panelist.app import build_services, create_app
from panelist.db.migrate import upgrade_to_head
from panelist.db.models import Base
from panelist.http.services import AppServices
from panelist.kit.clock import FrozenClock
from panelist.settings import Settings
from tests.fixtures.factories import Tenant, make_tenant
from tests.fixtures.isolation import private_rate_limits

TEST_DATABASE_URL = os.environ.get("PANELIST_TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("PANELIST_TEST_REDIS_URL")
TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if TEST_DATABASE_URL:
        # A schema of our own per test run: parallel runs on one database never collide, and
        # subprocesses given this URL land in the same schema through search_path.
        schema = f"panelist_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        base = Settings(database_url=TEST_DATABASE_URL).effective_database_url
        admin = sa.create_engine(base)
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in base else "?"
        url = f"{base}{separator}options=-csearch_path%3D{schema}"
        engine = sa.create_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
        yield url
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'panelist.db'}"
        engine = sa.create_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
        yield url


def _wipe(services: AppServices) -> None:
    with services.db.write() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        redis_url=TEST_REDIS_URL,
        secret_key=TEST_SECRET,
        public_base_url="http://testserver",
        inprocess_worker=False,
    )


@pytest.fixture
def services(settings: Settings, clock: FrozenClock) -> Iterator[AppServices]:
    # No Redis flush: each test counts in rate-limit windows of its own (a private key
    # prefix), since the candidate-facing windows are keyed by the test client's one IP.
    built = build_services(settings, clock)
    _wipe(built)
    with private_rate_limits(built):
        yield built
    built.db.dispose()


@pytest.fixture
def app(services: AppServices) -> FastAPI:
    return create_app(services=services)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def tenant(services: AppServices) -> Tenant:
    return make_tenant(services, "Acme")


@pytest.fixture
def other_tenant(services: AppServices) -> Tenant:
    return make_tenant(services, "Globex")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """The app on a real port, for tests that need real sockets and real concurrency."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            # As `panelist serve`: X-Forwarded-For is ours to judge (PANELIST_TRUSTED_PROXIES);
            # uvicorn's default would believe it from 127.0.0.1, i.e. from every test client.
            proxy_headers=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
