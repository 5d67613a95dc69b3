"""webhooks and deliveries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 23:50:00
"""

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Filled in by the issue that owns this revision; kept so the chain is fixed up front.
    pass


def downgrade() -> None:
    pass
