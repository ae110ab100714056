"""Duplicate uploads within the uploader's own calls; retention and legal hold.

- The same audio with the same ``external_id`` is one call per owner (team
  and agent), so uploading another team's audio with its ``external_id``
  makes a new call instead of answering 409 (which told that the other
  team's call exists).
- ``legal_hold`` stops retention from deleting a call; ``audio_deleted_at``
  and ``results_deleted_at`` record what retention removed;
  ``original_audio_path`` is the unredacted upload, kept only when the
  site says so.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OWNER_DEDUPE = (
    "external_id", "audio_sha256", sa.text("coalesce(team, '')"), sa.text("coalesce(agent_id, '')"),
)


def upgrade() -> None:
    # Plain ADD COLUMNs (no table rebuild on SQLite, which would lose the
    # expression index below).
    op.add_column("calls", sa.Column("legal_hold", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("calls", sa.Column("audio_deleted_at", UTCDateTime))
    op.add_column("calls", sa.Column("results_deleted_at", UTCDateTime))
    op.add_column("calls", sa.Column("original_audio_path", sa.String(255)))
    op.drop_index("uq_calls_external_sha", table_name="calls")
    op.create_index("uq_calls_owner_external_sha", "calls", list(OWNER_DEDUPE), unique=True)


def downgrade() -> None:
    op.drop_index("uq_calls_owner_external_sha", table_name="calls")
    with op.batch_alter_table("calls") as batch:
        for column in ("original_audio_path", "results_deleted_at", "audio_deleted_at", "legal_hold"):
            batch.drop_column(column)
    op.create_index("uq_calls_external_sha", "calls", ["external_id", "audio_sha256"], unique=True)
