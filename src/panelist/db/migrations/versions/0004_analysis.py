"""analysis results, CV documents, decisions

Only new tables: the decision columns (`decided_at`, `decision_reason`, `decided_by_key_id`)
and `analysis_viewed_at` already exist on `candidates` since 0001, so this revision does not
depend on anything 0003 adds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import panelist.db.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cv_analyses",
        sa.Column("candidate_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("company_id", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.Column(
            "upsides",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "shortcomings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("engine_name", sa.String(length=64), nullable=False),
        sa.Column("engine_version", sa.String(length=128), nullable=False),
        sa.Column("analyzed_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_cv_analyses_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "language", name=op.f("pk_cv_analyses")),
    )
    with op.batch_alter_table("cv_analyses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cv_analyses_company_id"), ["company_id"], unique=False)

    op.create_table(
        "cv_documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("candidate_id", sa.String(length=32), nullable=False),
        sa.Column("company_id", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=128), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("created_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_cv_documents_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cv_documents")),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_cv_documents_candidate_id")),
    )
    with op.batch_alter_table("cv_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cv_documents_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "interview_analyses",
        sa.Column("candidate_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("company_id", sa.String(length=32), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("evaluable", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "strengths",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "concerns",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("recommendation", sa.String(length=16), nullable=True),
        sa.Column(
            "questions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("engine_name", sa.String(length=64), nullable=False),
        sa.Column("engine_version", sa.String(length=128), nullable=False),
        sa.Column("analyzed_at", panelist.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_interview_analyses_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "language", name=op.f("pk_interview_analyses")),
    )
    with op.batch_alter_table("interview_analyses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interview_analyses_company_id"), ["company_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("interview_analyses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_analyses_company_id"))

    op.drop_table("interview_analyses")
    with op.batch_alter_table("cv_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cv_documents_company_id"))

    op.drop_table("cv_documents")
    with op.batch_alter_table("cv_analyses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cv_analyses_company_id"))

    op.drop_table("cv_analyses")
