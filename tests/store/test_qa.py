"""QA in the call log: results and tags, the call-log filters, re-score jobs, reports
(SQLite, and PostgreSQL when marked ``services``)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, select

from store import qa as store_qa
from store import search
from store.db import Database
from store.models import CallQa, QaJob, QaRuleSet, QaStatus
from store.search import CallFilters, Scope
from tests.store.factories import done_call, new_call


@pytest.fixture(autouse=True)
def _no_jobs(db: Database) -> None:
    with db.transaction() as session:
        session.execute(delete(QaJob))
        session.execute(delete(QaRuleSet))


def scored(call_id: str, score: float | None, categories: tuple[str, ...] = (), failed: tuple[str, ...] = ()) -> store_qa.QaRecord:
    return store_qa.QaRecord(
        call_id=call_id, status=QaStatus.SCORED, rule_set_version=0, score=score,
        result_json=json.dumps({"score": score}), input_json='{"v": 1}', categories=categories, failed=failed,
    )


def ids(db: Database, **filters: object) -> set[str]:
    with db.session() as session:
        page = search.list_calls(session, db.dialect, CallFilters(**filters), Scope.everything(), limit=100)  # type: ignore[arg-type]
    return {c.id for c in page.items}


def test_results_are_overwritten_with_a_new_revision_and_their_tags_replaced(db: Database) -> None:
    call_id = done_call(db)
    with db.transaction() as session:
        store_qa.save_results(session, [scored(call_id, 50.0, ("complaint",), ("greeting",))])
    with db.transaction() as session:
        store_qa.save_results(session, [scored(call_id, 100.0, ("vulnerable_customer",))], job_id="job1")
    with db.session() as session:
        row = store_qa.get_qa(session, call_id)
        assert row is not None and (row.score, row.revision, row.job_id) == (100.0, 2, "job1")
        assert row.input_json == '{"v": 1}'
        assert store_qa.categories_of(session, [call_id]) == {call_id: ["vulnerable_customer"]}
    assert ids(db, category="complaint") == set()
    assert ids(db, qa_failed="greeting") == set()


def test_call_log_filters_by_category_score_and_failed_item(db: Database) -> None:
    low, high, unscored = done_call(db), done_call(db), done_call(db)
    with db.transaction() as session:
        store_qa.save_results(session, [
            scored(low, 40.0, ("complaint", "cancellation_threat"), ("greeting", "identity")),
            scored(high, 100.0, ("complaint",)),
        ])
    assert ids(db, category="complaint") == {low, high}
    assert ids(db, category="cancellation_threat") == {low}
    assert ids(db, qa_min=50) == {high}
    assert ids(db, qa_max=50) == {low}
    assert ids(db, qa_min=40, qa_max=100) == {low, high}
    assert ids(db, qa_failed="identity") == {low}
    assert ids(db, qa_failed="identity", category="complaint", qa_min=50) == set()
    assert unscored in ids(db)


def test_a_job_is_sliced_by_call_id_and_counts_its_calls(db: Database) -> None:
    calls = [done_call(db) for _ in range(6)]
    new_call(db)  # queued: not scored
    job = store_qa.create_job(db, None, "ada", slices=2)
    assert job.status == "queued" and job.total == 6 and job.done == 0 and job.progress == 0
    slices = store_qa.slice_ids(db, job.id)
    assert len(slices) == 2
    seen: list[str] = []
    for slice_id in slices:
        assert store_qa.claim_job(db, slice_id, "w1", lease_s=60)
        chunk = store_qa.next_chunk(db, slice_id, 100)
        seen += [c.id for c in chunk]
        assert all(c.result_json is not None and c.input_json is None for c in chunk)
    assert sorted(seen) == sorted(calls)


def test_a_slice_resumes_from_its_cursor_after_its_worker_died(db: Database) -> None:
    calls = sorted(done_call(db) for _ in range(5))
    job = store_qa.create_job(db, None, None, slices=1)
    [slice_id] = store_qa.slice_ids(db, job.id)
    assert store_qa.claim_job(db, slice_id, "dead-worker", lease_s=0.5)
    first = store_qa.next_chunk(db, slice_id, 2)
    assert store_qa.commit_chunk(db, slice_id, "dead-worker", [scored(c.id, 10.0) for c in first], first[-1].id, lease_s=0.5)
    # The worker dies with its next chunk scored but not committed.
    assert not store_qa.claim_job(db, slice_id, "w2", lease_s=60)  # its lease still runs
    assert slice_id not in store_qa.jobs_to_resume(db, resend_after_s=3600)
    time.sleep(0.6)
    assert slice_id in store_qa.jobs_to_resume(db, resend_after_s=3600)
    assert store_qa.claim_job(db, slice_id, "w2", lease_s=60)
    assert not store_qa.commit_chunk(db, slice_id, "dead-worker", [], "x", lease_s=1)  # the old owner lost it
    rest = store_qa.next_chunk(db, slice_id, 100)
    assert [c.id for c in rest] == calls[2:]
    assert store_qa.commit_chunk(db, slice_id, "w2", [scored(c.id, 20.0) for c in rest], rest[-1].id, lease_s=60)
    assert store_qa.next_chunk(db, slice_id, 100) == []
    assert store_qa.finish_job(db, slice_id, "w2")
    done = store_qa.get_job(db, job.id)
    assert done is not None and (done.status, done.done, done.total, done.progress) == ("done", 5, 5, 100)
    with db.session() as session:
        rows = {r.call_id: r for r in session.scalars(select(CallQa))}
    assert set(rows) == set(calls) and all(r.revision == 1 and r.job_id == job.id for r in rows.values())


def test_only_pending_jobs_take_the_calls_without_a_scored_result(db: Database) -> None:
    ok, pending, never = done_call(db), done_call(db), done_call(db)
    with db.transaction() as session:
        store_qa.save_results(session, [
            scored(ok, 80.0),
            store_qa.QaRecord(call_id=pending, status=QaStatus.PENDING, rule_set_version=3, note="rules did not load"),
        ])
        assert store_qa.pending_count(session) == 1
    job = store_qa.create_job(db, None, None, only_pending=True, slices=1)
    assert job.total == 2
    [slice_id] = store_qa.slice_ids(db, job.id)
    store_qa.claim_job(db, slice_id, "w", lease_s=60)
    assert {c.id for c in store_qa.next_chunk(db, slice_id, 10)} == {pending, never}
    assert store_qa.active_job(db, only_pending=True) == job.id


def test_since_limits_a_job_to_recent_calls(db: Database) -> None:
    now = datetime.now(timezone.utc)
    done_call(db, created_at=now - timedelta(days=10))
    recent = done_call(db, created_at=now - timedelta(days=1))
    job = store_qa.create_job(db, now - timedelta(days=2), None, slices=1)
    [slice_id] = store_qa.slice_ids(db, job.id)
    store_qa.claim_job(db, slice_id, "w", lease_s=60)
    assert job.total == 1 and [c.id for c in store_qa.next_chunk(db, slice_id, 10)] == [recent]


def test_report_averages_per_agent_and_team_failed_items_and_categories_per_week(db: Database) -> None:
    monday = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
    a1 = done_call(db, agent_id="ann", team="billing", created_at=monday)
    a2 = done_call(db, agent_id="ann", team="billing", created_at=monday + timedelta(days=6))
    b1 = done_call(db, agent_id="bob", team="permits", created_at=monday + timedelta(days=7))
    with db.transaction() as session:
        store_qa.save_results(session, [
            scored(a1, 50.0, ("complaint",), ("greeting", "identity")),
            scored(a2, 100.0, ("complaint",)),
            scored(b1, 80.0, ("complaint", "vulnerable_customer"), ("identity",)),
        ])
    with db.session() as session:
        report = store_qa.qa_report(session, search.where_clauses(db.dialect, CallFilters(), Scope.everything()), db.dialect)
        teams = store_qa.qa_report(session, search.where_clauses(db.dialect, CallFilters(team="billing"), Scope.everything()), db.dialect)
    assert report.avg_score == 76.7
    assert report.by_agent == [("bob", 1, 80.0), ("ann", 2, 75.0)]
    assert report.by_team == [("permits", 1, 80.0), ("billing", 2, 75.0)]
    assert report.failed_items == [("identity", 2), ("greeting", 1)]
    week1, week2 = monday.date(), (monday + timedelta(days=7)).date()
    assert report.categories_per_week == [
        (week1, "complaint", 2), (week2, "complaint", 1), (week2, "vulnerable_customer", 1),
    ]
    assert teams.by_agent == [("ann", 2, 75.0)] and teams.failed_items == [("greeting", 1), ("identity", 1)]


def test_rule_set_versions_count_up(db: Database) -> None:
    with db.transaction() as session:
        assert store_qa.current_version(session) == store_qa.DEFAULT_VERSION
        first = store_qa.save_rule_set(session, "rules: {}", "one", "ada")
        second = store_qa.save_rule_set(session, "rules: {}\n", "two", "ada", "tighter greeting")
    assert second == first + 1
    with db.session() as session:
        current = store_qa.current_rule_set(session)
        assert current is not None and (current.version, current.name, current.comment) == (second, "two", "tighter greeting")
        assert [r.version for r in store_qa.rule_set_versions(session)] == [second, first]


def test_deleting_a_call_deletes_its_qa(db: Database, tmp_path) -> None:  # noqa: ANN001
    from store import calls
    from store.audio import AudioStore
    from store.models import CallQaTag

    call_id = done_call(db)
    with db.transaction() as session:
        store_qa.save_results(session, [scored(call_id, 50.0, ("complaint",), ("greeting",))])
    assert calls.delete_call(db, AudioStore(tmp_path / "audio"), call_id)
    with db.session() as session:
        assert store_qa.get_qa(session, call_id) is None
        assert session.scalars(select(CallQaTag).where(CallQaTag.call_id == call_id)).first() is None
