"""What the workers' requeue check looks for: calls and webhooks that no
worker will otherwise pick up (see :mod:`workers.lifecycle`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select

from store.db import Database
from store.models import Call, CallStatus, utcnow


def dead_leases(db: Database, local_prefix: str, *, limit: int = 100) -> list[tuple[str, str | None]]:
    """(call id, lease owner) of processing calls whose worker may be gone:
    the lease ran out, or it is held by a process on this machine (whose
    pid the caller checks)."""
    now = utcnow()
    with db.session() as session:
        rows = session.execute(
            select(Call.id, Call.lease_owner)
            .where(
                Call.status == CallStatus.PROCESSING,
                or_(Call.lease_expires_at < now, Call.lease_owner.startswith(local_prefix, autoescape=True)),
            )
            .order_by(Call.created_at)
            .limit(limit)
        ).all()
    return [(call_id, owner) for call_id, owner in rows]


def unsent_calls(db: Database, *, limit: int = 100) -> list[str]:
    """Queued calls never handed to the broker (it was down at upload, or
    the call was given back by a worker that stopped on purpose)."""
    with db.session() as session:
        return list(
            session.scalars(
                select(Call.id)
                .where(Call.status == CallStatus.QUEUED, Call.enqueued_at.is_(None))
                .order_by(Call.created_at)
                .limit(limit)
            )
        )


def overdue_calls(db: Database, *, sent_before: datetime, limit: int = 100) -> list[tuple[str, datetime]]:
    """(call id, when sent) of queued calls sent before ``sent_before`` and
    still not taken by a worker, the longest-waiting first."""
    with db.session() as session:
        rows = session.execute(
            select(Call.id, Call.enqueued_at)
            .where(Call.status == CallStatus.QUEUED, Call.enqueued_at < sent_before)
            .order_by(Call.enqueued_at)
            .limit(limit)
        ).all()
    return [(call_id, sent_at) for call_id, sent_at in rows]


def waiting_calls(db: Database) -> int:
    """Queued calls that should have a message in the broker's queue now
    (sent, and not a retry whose countdown is still running)."""
    with db.session() as session:
        return int(
            session.scalar(
                select(func.count()).where(Call.status == CallStatus.QUEUED, Call.enqueued_at <= utcnow())
            )
            or 0
        )


def overdue_webhooks(db: Database, *, due_before: datetime, limit: int = 100) -> list[str]:
    """Pending webhook deliveries whose attempt was due before ``due_before``
    and did not happen (a lost message, or a worker that died in between)."""
    with db.session() as session:
        return list(
            session.scalars(
                select(Call.id)
                .where(
                    Call.webhook_status == "pending",
                    or_(Call.webhook_enqueued_at.is_(None), Call.webhook_enqueued_at < due_before),
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
