"""Aggregates over the call log, for the same filters and scope as the list.

Averages are over finished calls that have the value; calls per day are
counted by the UTC day the call was uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Date, case, cast, func, select
from sqlalchemy.orm import Session

from store.models import Call, CallStatus
from store.search import CallFilters, Scope, where_clauses


@dataclass(frozen=True)
class Report:
    calls: int
    by_status: dict[str, int]
    calls_per_day: list[tuple[date, int]]
    avg_handle_time_s: float | None
    avg_agent_talk_ratio: float | None
    avg_customer_talk_ratio: float | None
    avg_silence_s: float | None
    avg_interruptions: float | None
    share_resolved: float | None  # of done calls with a resolution
    resolution: dict[str, int]
    sentiment_start: dict[str, int]
    sentiment_end: dict[str, int]
    top_reasons: list[tuple[str, int]]
    follow_up_required: int
    # (category, calls, resolved calls) per reason category, most calls first
    by_category: list[tuple[str, int, int]] = field(default_factory=list)


def _day(dialect: str):  # noqa: ANN202 - a SQL expression
    if dialect == "postgresql":
        return cast(func.timezone("UTC", Call.created_at), Date)
    return func.date(Call.created_at)


def build_report(session: Session, dialect: str, filters: CallFilters, scope: Scope, *, top_n: int = 10) -> Report:
    where = where_clauses(dialect, filters, scope)
    done = Call.status == CallStatus.DONE

    def grouped(column) -> dict[str, int]:  # noqa: ANN001
        rows = session.execute(
            select(column, func.count()).where(*where, done, column.is_not(None)).group_by(column)
        ).all()
        return {str(k): int(n) for k, n in rows}

    by_status = dict(session.execute(select(Call.status, func.count()).where(*where).group_by(Call.status)).all())
    averages = session.execute(
        select(
            func.avg(Call.duration_s),
            func.avg(Call.agent_talk_ratio),
            func.avg(Call.customer_talk_ratio),
            func.avg(Call.silence_s),
            func.avg(Call.interruptions),
            func.sum(case((Call.follow_up_required.is_(True), 1), else_=0)),
        ).where(*where, done)
    ).one()
    day = _day(dialect).label("day")
    per_day = session.execute(select(day, func.count()).where(*where).group_by(day).order_by(day)).all()
    reason = func.lower(func.trim(Call.reason)).label("reason")
    reasons = session.execute(
        select(reason, func.count().label("n"))
        .where(*where, done, Call.reason.is_not(None), Call.reason != "")
        .group_by(reason)
        .order_by(func.count().desc(), reason)
        .limit(top_n)
    ).all()
    resolution = grouped(Call.resolution)
    with_resolution = sum(resolution.values())
    categories = session.execute(
        select(Call.category, func.count(), func.sum(case((Call.resolution == "resolved", 1), else_=0)))
        .where(*where, done, Call.category.is_not(None))
        .group_by(Call.category)
        .order_by(func.count().desc(), Call.category)
    ).all()

    def num(value: object) -> float | None:
        return None if value is None else round(float(value), 3)

    return Report(
        calls=int(sum(by_status.values())),
        by_status={s: int(by_status.get(s, 0)) for s in CallStatus.ALL},
        calls_per_day=[(_as_date(d), int(n)) for d, n in per_day],
        avg_handle_time_s=num(averages[0]),
        avg_agent_talk_ratio=num(averages[1]),
        avg_customer_talk_ratio=num(averages[2]),
        avg_silence_s=num(averages[3]),
        avg_interruptions=num(averages[4]),
        share_resolved=round(resolution.get("resolved", 0) / with_resolution, 3) if with_resolution else None,
        resolution=resolution,
        sentiment_start=grouped(Call.sentiment_start),
        sentiment_end=grouped(Call.sentiment_end),
        top_reasons=[(str(r), int(n)) for r, n in reasons],
        follow_up_required=int(averages[5] or 0),
        by_category=[(str(c), int(n), int(r or 0)) for c, n, r in categories],
    )


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
