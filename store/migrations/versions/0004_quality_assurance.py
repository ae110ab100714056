"""Quality assurance: rule-set versions, per-call QA results and tags, re-score jobs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qa_rule_sets",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.String(100)),
        sa.Column("comment", sa.String(255)),
    )
    op.create_table(
        "call_qa",
        sa.Column("call_id", sa.String(32), sa.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rule_set_version", sa.Integer),
        sa.Column("score", sa.Float),
        sa.Column("result_json", sa.Text),
        sa.Column("input_json", sa.Text),
        sa.Column("note", sa.String(500)),
        sa.Column("scored_at", UTCDateTime, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("job_id", sa.String(32)),
    )
    op.create_index("ix_call_qa_status", "call_qa", ["status"])
    op.create_index("ix_call_qa_score", "call_qa", ["score"])
    op.create_table(
        "call_qa_tags",
        sa.Column("call_id", sa.String(32), sa.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(100), primary_key=True),
    )
    op.create_index("ix_call_qa_tags_kind_name", "call_qa_tags", ["kind", "name", "call_id"])
    op.create_table(
        "qa_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("batch_id", sa.String(32), nullable=False),
        sa.Column("id_from", sa.String(32)),
        sa.Column("id_to", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rule_set_version", sa.Integer),
        sa.Column("since", UTCDateTime),
        sa.Column("only_pending", sa.Boolean, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("cursor", sa.String(32)),
        sa.Column("lease_owner", sa.String(200)),
        sa.Column("lease_expires_at", UTCDateTime),
        sa.Column("enqueued_at", UTCDateTime),
        sa.Column("requested_by", sa.String(100)),
        sa.Column("error", sa.String(255)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
    )
    op.create_index("ix_qa_jobs_status", "qa_jobs", ["status"])
    op.create_index("ix_qa_jobs_batch", "qa_jobs", ["batch_id"])


def downgrade() -> None:
    for table in ("qa_jobs", "call_qa_tags", "call_qa", "qa_rule_sets"):
        op.drop_table(table)
