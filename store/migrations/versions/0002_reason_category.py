"""The reason for a call as a category of the site's taxonomy.

``calls.category`` holds the summary's ``category`` (billing, fault_outage,
... or a site's own ids), so the call log filters on it and reports group
by it; the free-text ``reason`` stays beside it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("calls", sa.Column("category", sa.String(32)))
    op.create_index("ix_calls_category_created", "calls", ["category", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_calls_category_created", table_name="calls")
    op.drop_column("calls", "category")
