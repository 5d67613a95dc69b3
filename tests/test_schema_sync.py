"""The migrations and the SQLAlchemy models describe the same schema (on the test backend:
SQLite, or PostgreSQL when configured), so no model change ships without its migration."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from panelist.db.models import Base


def test_models_match_the_migrated_database(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
