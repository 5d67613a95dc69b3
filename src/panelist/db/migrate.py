"""Apply Alembic migrations programmatically; one schema for SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

_MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: sa.Engine) -> None:
    # An advisory lock keeps two processes starting at once on PostgreSQL from racing.
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(7423117)"))
        command.upgrade(alembic_config(connection), "head")


def revision(engine: sa.Engine, message: str) -> None:
    """Developer helper: autogenerate a revision against a database at head."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
