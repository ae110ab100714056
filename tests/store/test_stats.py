"""Operational state in the call log: stage-duration histograms (/metrics),
calls by status and failure code, worker heartbeats (/ready)."""

from __future__ import annotations

from datetime import timedelta

from pipeline.errors import ErrorCode
from store import calls, stats
from store.db import Database
from store.models import WorkerHeartbeat, utcnow


def new_call(db: Database) -> str:
    call_id = calls.new_call_id()
    calls.create_call(
        db, call_id, calls.NewCall(audio_path=f"{call_id}.wav", audio_sha256=call_id * 2, audio_bytes=4, audio_format="wav")
    )
    return call_id


def test_stage_durations_add_up_into_cumulative_histograms(db: Database) -> None:
    for timings in ({"decode": 0.3, "transcribe": 4.0}, {"decode": 0.7}, {"decode": 4000.0}):
        with db.transaction() as session:
            stats.record_stage_durations(session, timings)
    with db.session() as session:
        histograms = {h.stage: h for h in stats.stage_histograms(session)}
    decode, transcribe = histograms["decode"], histograms["transcribe"]
    assert (decode.count, decode.sum_s) == (3, 4001.0)
    assert dict(decode.buckets)[0.5] == 1 and dict(decode.buckets)[1.0] == 2
    assert dict(decode.buckets)[3600.0] == 2, "longer than the last bound: only in the total"
    assert [le for le, _ in decode.buckets] == list(stats.STAGE_BUCKETS_S)
    assert (transcribe.count, dict(transcribe.buckets)[2.5], dict(transcribe.buckets)[5.0]) == (1, 0, 1)


def test_calls_are_counted_by_status_and_failures_by_code(db: Database) -> None:
    queued = [new_call(db) for _ in range(3)]
    calls.fail(db, queued[0], None, ErrorCode.AUDIO_UNREADABLE, "not audio")
    calls.fail(db, queued[1], None, ErrorCode.AUDIO_UNREADABLE, "not audio")
    with db.session() as session:
        assert stats.calls_by_status(session) == {"queued": 1, "processing": 0, "done": 0, "failed": 2}
        assert stats.failures_by_code(session) == {"audio_unreadable": 2}


def test_a_worker_is_live_while_it_beats_and_forgotten_or_pruned_after(db: Database) -> None:
    stats.beat(db, "host:1:a", hostname="host", pid=1, engines=["asr:base"], current_call_id=None)
    stats.beat(db, "host:1:a", hostname="host", pid=1, engines=["asr:base", "diarizer"], current_call_id="c1")
    stats.beat(db, "host:2:b", hostname="host", pid=2, engines=[], current_call_id=None)
    with db.session() as session:
        live = {w.worker_id: w for w in stats.live_workers(session, max_age_s=60)}
        assert (live["host:1:a"].engines, live["host:1:a"].current_call_id) == ("asr:base,diarizer", "c1")
        assert stats.live_workers(session, max_age_s=60, now=utcnow() + timedelta(seconds=120)) == []
    stats.forget_worker(db, "host:2:b")
    with db.transaction() as session:
        session.get(WorkerHeartbeat, "host:1:a").last_seen = utcnow() - timedelta(days=2)  # type: ignore[union-attr]
    stats.prune_workers(db, older_than_s=86400)
    with db.session() as session:
        assert session.query(WorkerHeartbeat).count() == 0
