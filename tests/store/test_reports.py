from __future__ import annotations

from datetime import date, datetime, timezone

from store import reports
from store.db import Database
from store.search import CallFilters, Scope
from tests.store.factories import done_call, new_call


def test_report_aggregates_match_the_calls(db: Database) -> None:
    d1 = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)
    d2 = datetime(2025, 3, 2, 23, 30, tzinfo=timezone.utc)
    common = {"team": "billing"}
    done_call(db, "a", created_at=d1, duration_s=100.0, agent_talk_ratio=0.6, silence_s=4.0, interruptions=2,
              resolution="resolved", sentiment_start="negative", sentiment_end="positive", reason="Late fee", follow_up_required=True, **common)
    done_call(db, "b", created_at=d1, duration_s=200.0, agent_talk_ratio=0.4, silence_s=8.0, interruptions=0,
              resolution="unresolved", sentiment_start="neutral", sentiment_end="negative", reason="late fee ", follow_up_required=False, **common)
    done_call(db, "c", created_at=d2, duration_s=300.0, agent_talk_ratio=0.5, silence_s=0.0, interruptions=1,
              resolution="resolved", sentiment_start="neutral", sentiment_end="positive", reason="Parking permit", follow_up_required=True, **common)
    new_call(db, created_at=d2, **common)
    done_call(db, "other team", created_at=d2, duration_s=999.0, resolution="unresolved", team="permits")

    with db.session() as session:
        report = reports.build_report(session, db.dialect, CallFilters(team="billing"), Scope())
    assert report.calls == 4
    assert report.by_status == {"queued": 1, "processing": 0, "done": 3, "failed": 0}
    assert report.calls_per_day == [(date(2025, 3, 1), 2), (date(2025, 3, 2), 2)]
    assert report.avg_handle_time_s == 200.0
    assert report.avg_agent_talk_ratio == 0.5
    assert report.avg_silence_s == 4.0
    assert report.avg_interruptions == 1.0
    assert report.share_resolved == round(2 / 3, 3)
    assert report.resolution == {"resolved": 2, "unresolved": 1}
    assert report.sentiment_end == {"positive": 2, "negative": 1}
    assert report.sentiment_start == {"negative": 1, "neutral": 2}
    assert report.top_reasons == [("late fee", 2), ("parking permit", 1)]
    assert report.follow_up_required == 2

    with db.session() as session:
        scoped = reports.build_report(session, db.dialect, CallFilters(), Scope(team="permits"))
    assert scoped.calls == 1 and scoped.avg_handle_time_s == 999.0


def test_an_empty_report_has_no_averages(db: Database) -> None:
    with db.session() as session:
        report = reports.build_report(session, db.dialect, CallFilters(q="nothing"), Scope())
    assert report.calls == 0 and report.avg_handle_time_s is None and report.share_resolved is None
    assert report.calls_per_day == [] and report.top_reasons == []


def test_report_groups_calls_by_reason_category(db: Database) -> None:
    done_call(db, "a", resolution="resolved", reason="my bill is too high", category="billing")
    done_call(db, "b", resolution="unresolved", reason="a charge I don't know", category="billing")
    done_call(db, "c", resolution="escalated", reason="my card was stolen", category="lost_card_fraud")
    done_call(db, "d", resolution="resolved", reason="older call, before categories")
    with db.session() as session:
        report = reports.build_report(session, db.dialect, CallFilters(), Scope())
    assert report.by_category == [("billing", 2, 1), ("lost_card_fraud", 1, 0)]
    with db.session() as session:
        only = reports.build_report(session, db.dialect, CallFilters(category="lost_card_fraud"), Scope())
    assert only.calls == 1 and only.by_category == [("lost_card_fraud", 1, 0)]
