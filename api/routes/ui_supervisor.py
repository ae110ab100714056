"""Supervisors' pages: the dashboard (charts drawn as SVG by the server),
the filtered call log as CSV, and the corrected calls as an evaluation set.

Every figure obeys the same filters and the same scope as the call log.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from markupsafe import Markup

from api import charts
from api.context import AppContext
from api.deps import ContextDep, SessionDep
from api.i18n import translator
from api.routes.pages import extra_filters
from api.web import PageFiltersDep, PageSession, SupervisorPageDep, render
from store import dashboard, reports, revisions, search, users
from store import qa as store_qa
from store.models import Call
from store.search import CallFilters

router = APIRouter(prefix="/ui", include_in_schema=False)

CSV_COLUMNS = (
    "id", "created_at", "agent_id", "team", "external_id", "status", "language", "duration_s", "agent_talk_ratio",
    "customer_talk_ratio", "silence_s", "interruptions", "sentiment_start", "sentiment_end", "resolution",
    "follow_up_required", "reason",
)
# Columns some sites' call logs have (reason category, QA score): exported when the table has them.
OPTIONAL_CSV_COLUMNS = ("category", "qa_score")
CSV_MAX_ROWS = 100_000


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # A cell a spreadsheet would run as a formula is written as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_rows(ctx: AppContext, page: PageSession, filters: CallFilters) -> Iterator[str]:
    columns = list(CSV_COLUMNS) + [c for c in OPTIONAL_CSV_COLUMNS if hasattr(Call, c)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    offset: int | None = 0
    written = 0
    scope = users.scope_for(page.user)
    while offset is not None and written < CSV_MAX_ROWS:
        with ctx.db.session() as session:
            listed = search.list_calls(session, ctx.db.dialect, filters, scope, limit=500, offset=offset)
        for call in listed.items:
            writer.writerow([_csv_cell(getattr(call, c, None)) for c in columns])
        written += len(listed.items)
        offset = listed.next_offset
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@router.get("/calls.csv")
def calls_csv(ctx: ContextDep, page: SupervisorPageDep, filters: PageFiltersDep) -> StreamingResponse:
    with ctx.db.transaction() as audit:
        users.record_access(audit, page.user, "ui_export_csv")
    return StreamingResponse(
        _csv_rows(ctx, page, filters), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="callbrief-calls.csv"'},
    )


@router.get("/review/export.jsonl")
def evaluation_set(ctx: ContextDep, session: SessionDep, page: SupervisorPageDep, filters: PageFiltersDep) -> StreamingResponse:
    """Corrected calls as dialogues with references: ``callbrief eval summary FILE.jsonl``."""
    records = revisions.evaluation_records(session, ctx.db.dialect, filters, users.scope_for(page.user))
    with ctx.db.transaction() as audit:
        users.record_access(audit, page.user, "ui_export_eval", detail=f"{len(records)} calls")
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return StreamingResponse(
        iter([body]), media_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="callbrief-corrected.jsonl"'},
    )


def _pairs(value: Any) -> list[tuple[str, float]] | None:
    """A report figure as (label, number) pairs, whatever its shape."""
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, (list, tuple)):
        items = [tuple(v) if isinstance(v, (list, tuple)) else (getattr(v, "name", None) or str(v), getattr(v, "value", 0)) for v in value]
    else:
        return None
    pairs = []
    for item in items:
        if len(item) < 2 or not isinstance(item[1], (int, float)) or isinstance(item[1], bool):
            return None
        pairs.append((str(item[0]), float(item[1])))
    return pairs


def optional_figures(report: Any) -> dict[str, list[tuple[str, float]]]:
    """Figures a site's report may carry beyond the basic ones: reason
    categories and QA scores per agent, when those features are installed."""
    found = {}
    for name in sorted(vars(report)):
        if ("categor" in name or name.startswith("qa")) and (pairs := _pairs(getattr(report, name))) is not None:
            found[name] = pairs
    return found


@router.get("/reports", response_class=HTMLResponse)
def dashboard_page(request: Request, ctx: ContextDep, session: SessionDep, page: SupervisorPageDep, filters: PageFiltersDep) -> HTMLResponse:
    t = translator(page.language)
    scope = users.scope_for(page.user)
    report = reports.build_report(session, ctx.db.dialect, filters, scope)
    aht = dashboard.handle_time_per_day(session, ctx.db.dialect, filters, scope)
    corrections = revisions.correction_stats(session, ctx.db.dialect, filters, scope)
    qa = store_qa.qa_report(session, search.where_clauses(ctx.db.dialect, filters, scope), ctx.db.dialect)
    with ctx.db.transaction() as audit:
        users.record_access(audit, page.user, "ui_report", detail=f"{report.calls} calls")
    done_with_resolution = sum(report.resolution.values())
    figures: dict[str, Markup] = {
        "calls_per_day": charts.columns([(d.strftime("%m-%d"), n) for d, n in report.calls_per_day], t("Calls per day")),
        "handle_time": charts.columns([(d.strftime("%m-%d"), round(s / 60, 1)) for d, s in aht], t("Average handle time (min)"), " min"),
        "resolution": charts.bars(
            [(t(k), v / done_with_resolution) for k, v in sorted(report.resolution.items())] if done_with_resolution else [],
            t("Share resolved"), percent=True),
        "reasons": charts.bars([(r, n) for r, n in report.top_reasons], t("Top reasons")),
        "sentiment": charts.bars([(t(k), v) for k, v in sorted(report.sentiment_end.items())], t("Customer at the end")),
        "corrections": charts.bars(
            [(t(f), corrections.rate(f) or 0.0) for f in revisions.REVIEW_FIELDS] if corrections.reviewed else [],
            t("Correction rate by field"), percent=True, css="bars corrections"),
    }
    extra = {name: charts.bars(pairs, t(name)) for name, pairs in optional_figures(report).items()}
    if qa.by_agent:
        extra["QA score per agent"] = charts.bars([(agent or "-", score) for agent, _n, score in qa.by_agent], t("QA score per agent"))
    if qa.failed_items:
        extra["QA items most often not met"] = charts.bars(qa.failed_items, t("QA items most often not met"))
    return render(
        request, "reports.html", page,
        {"active": "reports", "report": report, "filters": filters, "figures": figures, "extra_figures": extra,
         "corrections": corrections, "review_fields": revisions.REVIEW_FIELDS, "extra_filters": extra_filters(filters),
         "query_string": "?" + request.url.query if request.url.query else "",
         "form": {"date_from": request.query_params.get("date_from"), "date_to": request.query_params.get("date_to")}},
    )
