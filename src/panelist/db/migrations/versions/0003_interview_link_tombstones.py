"""interview link tombstones

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 23:50:00
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import panelist.db.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interview_link_tombstones",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("company_id", sa.String(length=32), nullable=True),
        sa.Column("revoked_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("purge_after", panelist.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_interview_link_tombstones_company_id_companies"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_interview_link_tombstones")),
    )
    with op.batch_alter_table("interview_link_tombstones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interview_link_tombstones_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interview_link_tombstones_purge_after"), ["purge_after"], unique=False
        )
    _carry_over_interim_markers()


def _carry_over_interim_markers() -> None:
    """Before this table, a revoked link was remembered as a one-off `interviews.link_revoked`
    job whose dedupe key held the token hash. Those become tombstones (so the links keep
    answering 410) and the jobs go. The job rows carry no company, hence the nullable column;
    they are kept for twice the default link TTL, past any session they could have outlived."""
    bind = op.get_bind()
    prefix = "interviews.link_revoked:"
    jobs = sa.table(
        "jobs",
        sa.column("kind", sa.String),
        sa.column("dedupe_key", sa.String),
        sa.column("created_at", panelist.db.base.UTCDateTime()),
    )
    tombstones = sa.table(
        "interview_link_tombstones",
        sa.column("token_hash", sa.String),
        sa.column("company_id", sa.String),
        sa.column("revoked_at", panelist.db.base.UTCDateTime()),
        sa.column("purge_after", panelist.db.base.UTCDateTime()),
    )
    rows = bind.execute(
        sa.select(jobs.c.dedupe_key, jobs.c.created_at).where(jobs.c.kind == prefix[:-1])
    ).all()
    markers = [
        {
            "token_hash": key[len(prefix) :],
            "company_id": None,
            "revoked_at": created_at,
            "purge_after": created_at + timedelta(days=14),
        }
        for key, created_at in rows
        if key and key.startswith(prefix)
    ]
    if markers:
        bind.execute(sa.insert(tombstones), markers)
    bind.execute(sa.delete(jobs).where(jobs.c.kind == prefix[:-1]))


def downgrade() -> None:
    with op.batch_alter_table("interview_link_tombstones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_link_tombstones_purge_after"))
        batch_op.drop_index(batch_op.f("ix_interview_link_tombstones_company_id"))
    op.drop_table("interview_link_tombstones")
