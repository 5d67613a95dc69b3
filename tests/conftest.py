"""Test fixtures: the real app on a real database (SQLite file, or PostgreSQL + Redis when
PANELIST_TEST_DATABASE_URL / PANELIST_TEST_REDIS_URL are set), reached through ASGI or a real
port."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
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

TEST_DATABASE_URL = os.environ.get("PANELIST_TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("PANELIST_TEST_REDIS_URL")
TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        url = Settings(database_url=TEST_DATABASE_URL).effective_database_url
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'panelist.db'}"
        engine = sa.create_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


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
    )


@pytest.fixture
def services(settings: Settings, clock: FrozenClock) -> Iterator[AppServices]:
    if TEST_REDIS_URL:
        redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    built = build_services(settings, clock)
    _wipe(built)
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
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
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
