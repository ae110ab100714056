"""What the workers' requeue check looks for: calls and webhooks that no
worker will otherwise pick up (see :mod:`workers.lifecycle`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_, select

from store.db import Database
from store.models import Call, CallStatus, utcnow


def calls_to_requeue(db: Database, *, resend_after_s: float, limit: int = 100) -> list[str]:
    """Calls no worker will otherwise pick up: processing with an expired
    lease (its worker died) and not re-sent since; queued but never handed
    to the broker; and either kind re-sent long ago and still untouched (the
    broker lost the message, e.g. a Redis restart without persistence)."""
    now = utcnow()
    long_ago = now - timedelta(seconds=resend_after_s)
    not_sent_recently = or_(Call.enqueued_at.is_(None), Call.enqueued_at < long_ago)
    with db.session() as session:
        return list(
            session.scalars(
                select(Call.id)
                .where(
                    or_(
                        and_(
                            Call.status == CallStatus.PROCESSING,
                            Call.lease_expires_at < now,
                            or_(not_sent_recently, Call.enqueued_at < Call.lease_expires_at),
                        ),
                        and_(Call.status == CallStatus.QUEUED, not_sent_recently),
                    )
                )
                .order_by(Call.created_at)
                .limit(limit)
            )
        )


def webhooks_to_requeue(db: Database, *, resend_after_s: float, limit: int = 100) -> list[str]:
    long_ago = utcnow() - timedelta(seconds=resend_after_s)
    with db.session() as session:
        return list(
            session.scalars(
                select(Call.id)
                .where(
                    Call.webhook_status == "pending",
                    or_(Call.webhook_enqueued_at.is_(None), Call.webhook_enqueued_at < long_ago),
                )
                .order_by(Call.created_at)
                .limit(limit)
            )
        )


def processing_leases(db: Database, owner_prefix: str) -> list[tuple[str, str]]:
    """(call id, lease owner) of processing calls held by owners starting
    with ``owner_prefix`` (e.g. this machine's host name)."""
    with db.session() as session:
        rows = session.execute(
            select(Call.id, Call.lease_owner).where(
                Call.status == CallStatus.PROCESSING, Call.lease_owner.startswith(owner_prefix, autoescape=True)
            )
        ).all()
    return [(call_id, owner) for call_id, owner in rows if owner]
