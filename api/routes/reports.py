"""``/v1/reports``: aggregates over the call log, same filters as the list."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ContextDep, CurrentUser, FiltersDep, SessionDep
from api.schemas import DayCount, ErrorPublic, ReasonCount, ReportPublic
from store import reports, users

router = APIRouter(prefix="/v1/reports", tags=["reports"])


@router.get("", response_model=ReportPublic, responses={401: {"model": ErrorPublic}}, summary="Call log aggregates")
def get_report(ctx: ContextDep, session: SessionDep, user: CurrentUser, filters: FiltersDep) -> ReportPublic:
    report = reports.build_report(session, ctx.db.dialect, filters, users.scope_for(user))
    with ctx.db.transaction() as audit:
        users.record_access(audit, user, "report", detail=f"{report.calls} calls")
    return ReportPublic(
        calls=report.calls,
        by_status=report.by_status,
        calls_per_day=[DayCount(day=d, calls=n) for d, n in report.calls_per_day],
        avg_handle_time_s=report.avg_handle_time_s,
        avg_agent_talk_ratio=report.avg_agent_talk_ratio,
        avg_customer_talk_ratio=report.avg_customer_talk_ratio,
        avg_silence_s=report.avg_silence_s,
        avg_interruptions=report.avg_interruptions,
        share_resolved=report.share_resolved,
        resolution=report.resolution,
        sentiment_start=report.sentiment_start,
        sentiment_end=report.sentiment_end,
        top_reasons=[ReasonCount(reason=r, calls=n) for r, n in report.top_reasons],
        follow_up_required=report.follow_up_required,
    )
