"""Per-day figures the dashboard draws beside the report (store.reports)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, cast, func, select
from sqlalchemy.orm import Session

from store.models import Call, CallStatus
from store.search import CallFilters, Scope, where_clauses


def _day(dialect: str):  # noqa: ANN202 - a SQL expression
    if dialect == "postgresql":
        return cast(func.timezone("UTC", Call.created_at), Date)
    return func.date(Call.created_at)


def handle_time_per_day(session: Session, dialect: str, filters: CallFilters, scope: Scope) -> list[tuple[date, float]]:
    """Average length of the finished calls uploaded each UTC day, in seconds."""
    day = _day(dialect).label("day")
    rows = session.execute(
        select(day, func.avg(Call.duration_s))
        .where(*where_clauses(dialect, filters, scope), Call.status == CallStatus.DONE, Call.duration_s.is_not(None))
        .group_by(day)
        .order_by(day)
    ).all()
    return [(_as_date(d), round(float(avg), 1)) for d, avg in rows if avg is not None]


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
