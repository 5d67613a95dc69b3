"""analysis results, CV documents, decisions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 23:50:00
"""

from collections.abc import Sequence

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Filled in by the issue that owns this revision; kept so the chain is fixed up front.
    pass


def downgrade() -> None:
    pass
