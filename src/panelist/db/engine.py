"""Engines and transactions.

SQLite runs with the driver's own transaction handling switched off so that we can issue
`BEGIN IMMEDIATE` for write transactions (a writer takes the lock up front instead of failing
with "database is locked" on upgrade) and so that SAVEPOINTs work, as SQLAlchemy's pysqlite
notes recommend. Writers inside one process also queue on a lock, which is fairer and faster
than SQLite's sleep-and-retry busy handler.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

_WRITE_OPTION = "panelist_write"


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            kwargs["pool_size"] = 8
            kwargs["max_overflow"] = 16
        else:
            kwargs["pool_size"] = 10
            kwargs["max_overflow"] = 20
            kwargs["pool_pre_ping"] = True
        # orjson for JSON columns: several are read on every authenticated request.
        kwargs["json_serializer"] = _json_text
        kwargs["json_deserializer"] = orjson.loads
        self.engine = sa.create_engine(url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        self._sqlite_writer = threading.Lock()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on any exception."""
        guard = self._sqlite_writer if self.is_sqlite else nullcontext()
        with guard, self._write_sessions() as session:
            with session.begin():
                yield session
            # Hooks that must only see committed data (e.g. waking an in-process worker).
            for callback in session.info.pop("after_commit", []):
                callback()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.SQLAlchemyError:
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def _configure_sqlite(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # SQLite's own lower() folds ASCII only; searches must be case-insensitive for "Ž" too.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value
