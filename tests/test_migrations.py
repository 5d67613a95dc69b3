"""Migrations that move data: run on a scratch SQLite file from the revision before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from panelist.db.migrate import alembic_config


def test_0003_turns_interim_link_markers_into_tombstones(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
        at = datetime(2026, 11, 20, 12, 0)
        for kind, key in (
            ("interviews.link_revoked", "interviews.link_revoked:" + "ab" * 32),
            ("interviews.sweep", "interviews.sweep:123"),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at,"
                    " dedupe_key, created_at, updated_at) VALUES (:id, :kind, '{}', 'done', 1, 5,"
                    " :at, :key, :at, :at)"
                ),
                {"id": key[-8:], "kind": kind, "key": key, "at": at},
            )
        command.upgrade(alembic_config(conn), "0003")
        stones = conn.execute(
            sa.text("SELECT token_hash, company_id, purge_after FROM interview_link_tombstones")
        ).all()
        kinds = conn.execute(sa.text("SELECT kind FROM jobs")).scalars().all()
        command.downgrade(alembic_config(conn), "0002")
        assert "interview_link_tombstones" not in sa.inspect(conn).get_table_names()
        command.upgrade(alembic_config(conn), "0003")
        assert "interview_link_tombstones" in sa.inspect(conn).get_table_names()
    engine.dispose()
    assert [(h, c) for h, c, _ in stones] == [("ab" * 32, None)]
    purge_after = datetime.fromisoformat(str(stones[0][2])).replace(tzinfo=UTC)
    assert purge_after == at.replace(tzinfo=UTC) + timedelta(days=14)
    assert kinds == ["interviews.sweep"]
