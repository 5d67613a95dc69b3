"""pipeline: jobs, interview sessions and answers, emails, bulk imports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 16:43:24.786959
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import panelist.db.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("company_id", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("locked_by", sa.String(length=64), nullable=True),
        sa.Column("locked_until", panelist.db.base.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("finished_at", panelist.db.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_jobs_dedupe_key")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_claim", ["status", "run_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_company_id"), ["company_id"], unique=False)

    op.create_table(
        "bulk_imports",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("company_id", sa.String(length=32), nullable=False),
        sa.Column("job_position_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("skip_analysis", sa.Boolean(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("created_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("started_at", panelist.db.base.UTCDateTime(), nullable=True),
        sa.Column("completed_at", panelist.db.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_bulk_imports_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_imports")),
    )
    with op.batch_alter_table("bulk_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bulk_imports_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "emails",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("company_id", sa.String(length=32), nullable=False),
        sa.Column("candidate_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("sent_at", panelist.db.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_emails_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emails")),
    )
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emails_company_id"), ["company_id"], unique=False)

    op.create_table(
        "bulk_import_rows",
        sa.Column("bulk_import_id", sa.String(length=32), nullable=False),
        sa.Column("index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("candidate_id", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bulk_import_id"],
            ["bulk_imports.id"],
            name=op.f("fk_bulk_import_rows_bulk_import_id_bulk_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bulk_import_id", "index", name=op.f("pk_bulk_import_rows")),
    )
    op.create_table(
        "interview_sessions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("company_id", sa.String(length=32), nullable=False),
        sa.Column("candidate_id", sa.String(length=32), nullable=False),
        sa.Column("job_position_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("expires_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("started_at", panelist.db.base.UTCDateTime(), nullable=True),
        sa.Column("completed_at", panelist.db.base.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", panelist.db.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_interview_sessions_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_interview_sessions_company_id_companies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_interview_sessions_token_hash")),
    )
    with op.batch_alter_table("interview_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interview_sessions_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interview_sessions_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index("ix_interview_sessions_sweep", ["status", "expires_at"], unique=False)

    op.create_table(
        "interview_answers",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("updated_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["interview_sessions.id"],
            name=op.f("fk_interview_answers_session_id_interview_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_answers")),
        sa.UniqueConstraint(
            "session_id", "question_id", name=op.f("uq_interview_answers_session_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("interview_answers")
    with op.batch_alter_table("interview_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_interview_sessions_sweep")
        batch_op.drop_index(batch_op.f("ix_interview_sessions_company_id"))
        batch_op.drop_index(batch_op.f("ix_interview_sessions_candidate_id"))

    op.drop_table("interview_sessions")
    op.drop_table("bulk_import_rows")
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emails_company_id"))

    op.drop_table("emails")
    with op.batch_alter_table("bulk_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bulk_imports_company_id"))

    op.drop_table("bulk_imports")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_company_id"))
        batch_op.drop_index("ix_jobs_claim")

    op.drop_table("jobs")
