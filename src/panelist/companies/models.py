from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    api_enabled: Mapped[bool] = mapped_column(default=True)
    suspended: Mapped[bool] = mapped_column(default=False)
    # Per-company overrides of the operator's rate-limit defaults: {"reads": 400, …}.
    rate_limits: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
