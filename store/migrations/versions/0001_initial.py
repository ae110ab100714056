"""The call log: users, calls, results, audit log, worker heartbeats, stage statistics.

Revision ID: 0001
Revises:
Create Date: 2025-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("team", sa.String(100)),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("key_prefix", sa.String(16), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "calls",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32)),
        sa.Column("progress", sa.Integer, nullable=False),
        sa.Column("error_code", sa.String(64)),
        sa.Column("error_message", sa.Text),
        sa.Column("agent_id", sa.String(100)),
        sa.Column("team", sa.String(100)),
        sa.Column("external_id", sa.String(200)),
        sa.Column("uploaded_by", sa.Integer),
        sa.Column("filename", sa.String(255)),
        sa.Column("language_requested", sa.String(16)),
        sa.Column("channels", sa.String(100)),
        sa.Column("hotwords", sa.Text),
        sa.Column("callback_url", sa.Text),
        sa.Column("audio_path", sa.String(255), nullable=False),
        sa.Column("audio_sha256", sa.String(64), nullable=False),
        sa.Column("audio_bytes", sa.BigInteger, nullable=False),
        sa.Column("audio_format", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("started_at", UTCDateTime),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("enqueued_at", UTCDateTime),
        sa.Column("lease_owner", sa.String(200)),
        sa.Column("lease_expires_at", UTCDateTime),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("worker_deaths", sa.Integer, nullable=False),
        sa.Column("webhook_status", sa.String(16)),
        sa.Column("webhook_attempts", sa.Integer, nullable=False),
        sa.Column("webhook_enqueued_at", UTCDateTime),
        sa.Column("webhook_error", sa.String(255)),
        sa.Column("language", sa.String(16)),
        sa.Column("duration_s", sa.Float),
        sa.Column("agent_talk_ratio", sa.Float),
        sa.Column("customer_talk_ratio", sa.Float),
        sa.Column("silence_s", sa.Float),
        sa.Column("interruptions", sa.Integer),
        sa.Column("sentiment_start", sa.String(16)),
        sa.Column("sentiment_end", sa.String(16)),
        sa.Column("resolution", sa.String(16)),
        sa.Column("follow_up_required", sa.Boolean),
        sa.Column("reason", sa.Text),
        sa.Column("summary_text", sa.Text),
        sa.Column("search_text", sa.Text),
    )
    op.create_index("ix_calls_created_at", "calls", ["created_at"])
    op.create_index("ix_calls_agent_created", "calls", ["agent_id", "created_at"])
    op.create_index("ix_calls_team_created", "calls", ["team", "created_at"])
    op.create_index("ix_calls_status", "calls", ["status"])
    op.create_index("uq_calls_external_sha", "calls", ["external_id", "audio_sha256"], unique=True)

    op.create_table(
        "call_results",
        sa.Column("call_id", sa.String(32), sa.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.Column("summary_json", sa.Text),
        sa.Column("analytics_json", sa.Text, nullable=False),
        sa.Column("srt", sa.Text, nullable=False),
        sa.Column("vtt", sa.Text, nullable=False),
        sa.Column("rttm", sa.Text, nullable=False),
        sa.Column("txt", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("user_name", sa.String(100)),
        sa.Column("call_id", sa.String(32)),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(255)),
    )
    op.create_index("ix_audit_call", "audit_log", ["call_id", "at"])
    op.create_table(
        "worker_heartbeats",
        sa.Column("worker_id", sa.String(200), primary_key=True),
        sa.Column("hostname", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("engines", sa.Text, nullable=False),
        sa.Column("current_call_id", sa.String(32)),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=False),
    )
    op.create_table(
        "stage_totals",
        sa.Column("stage", sa.String(32), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("sum_s", sa.Float, nullable=False),
    )
    op.create_table(
        "stage_buckets",
        sa.Column("stage", sa.String(32), primary_key=True),
        sa.Column("le_s", sa.Float, primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "site_config",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )

    # Full-text search over turn texts + summary (see store/search.py).
    # 'simple' configuration: no stemming, so every language is indexed alike.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE calls ADD COLUMN search_tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED"
        )
        op.execute("CREATE INDEX ix_calls_search_tsv ON calls USING gin (search_tsv)")
    elif op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE calls_fts USING fts5("
            "call_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS calls_fts")
    for table in ("site_config", "stage_buckets", "stage_totals", "worker_heartbeats", "audit_log", "call_results", "calls", "users"):
        op.drop_table(table)
