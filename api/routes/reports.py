"""``/v1/reports``: aggregates over the call log, same filters as the list."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ContextDep, FiltersDep, SessionDep, SupervisorUser
from api.schemas import DayCount, ErrorPublic, ReasonCategoryCount, ReasonCount, ReportPublic
from api.qa_schemas import AgentScore, CategoryWeek, ItemFailures, TeamScore
from store import qa as store_qa
from store import reports, users
from store.search import where_clauses

router = APIRouter(prefix="/v1/reports", tags=["reports"])


@router.get(
    "",
    response_model=ReportPublic,
    responses={401: {"model": ErrorPublic}, 403: {"model": ErrorPublic, "description": "agents do not see reports"}},
    summary="Call log aggregates (supervisors and admins)",
)
def get_report(ctx: ContextDep, session: SessionDep, user: SupervisorUser, filters: FiltersDep) -> ReportPublic:
    report = reports.build_report(session, ctx.db.dialect, filters, users.scope_for(user))
    qa = store_qa.qa_report(session, where_clauses(ctx.db.dialect, filters, users.scope_for(user)), ctx.db.dialect)
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
        by_category=[
            ReasonCategoryCount(category=c, calls=n, share_resolved=round(r / n, 3) if n else None)
            for c, n, r in report.by_category
        ],
        qa_avg_score=qa.avg_score,
        qa_avg_score_by_agent=[AgentScore(agent_id=a, calls=n, avg_score=v) for a, n, v in qa.by_agent],
        qa_avg_score_by_team=[TeamScore(team=t, calls=n, avg_score=v) for t, n, v in qa.by_team],
        qa_failed_items=[ItemFailures(item=i, calls=n) for i, n in qa.failed_items],
        qa_categories_per_week=[CategoryWeek(week=w, category=c, calls=n) for w, c, n in qa.categories_per_week],
    )
