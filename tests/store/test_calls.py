from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from store import calls, recovery, search
from store.audio import AudioStore
from store.calls import Claim
from store.db import Database
from store.models import Call, CallResultRow, CallStatus, utcnow
from tests.store.factories import done_call, new_call, record


def _call(db: Database, call_id: str) -> Call:
    with db.session() as session:
        row = calls.get_call(session, call_id)
    assert row is not None
    return row


def test_same_audio_and_external_id_is_one_call(db: Database) -> None:
    first = new_call(db, external_id="crm-1", sha="a" * 64)
    again_id = calls.new_call_id()
    again, created = calls.create_call(
        db, again_id, calls.NewCall(audio_path="x", audio_sha256="a" * 64, audio_bytes=1, audio_format="wav", external_id="crm-1")
    )
    assert not created and again.id == first
    # Another external id, or none, is another call.
    other = new_call(db, external_id="crm-2", sha="a" * 64)
    anonymous = [new_call(db, sha="a" * 64) for _ in range(2)]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Call)) == 4
    assert len({first, other, *anonymous}) == 4


def test_only_one_of_two_concurrent_claims_wins(db: Database) -> None:
    call_id = new_call(db)
    results: list[Claim] = []
    barrier = threading.Barrier(4)

    def claim(owner: str) -> None:
        barrier.wait()
        results.append(calls.claim(db, call_id, owner, lease_s=60, max_deaths=3))

    threads = [threading.Thread(target=claim, args=(f"host:{i}:n",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted([Claim.CLAIMED, Claim.BUSY, Claim.BUSY, Claim.BUSY])
    assert _call(db, call_id).attempts == 1


def test_finished_and_missing_calls_are_not_claimed(db: Database) -> None:
    call_id = done_call(db)
    assert calls.claim(db, call_id, "other:2:y", lease_s=60, max_deaths=3) is Claim.FINISHED
    assert calls.claim(db, "0" * 32, "other:2:y", lease_s=60, max_deaths=3) is Claim.MISSING


def test_an_expired_lease_is_taken_over_and_counted_as_a_death(db: Database) -> None:
    call_id = new_call(db)
    assert calls.claim(db, call_id, "a:1:x", lease_s=60, max_deaths=3) is Claim.CLAIMED
    assert calls.claim(db, call_id, "b:2:y", lease_s=60, max_deaths=3) is Claim.BUSY
    _expire(db, call_id)
    assert calls.claim(db, call_id, "b:2:y", lease_s=60, max_deaths=3) is Claim.CLAIMED
    row = _call(db, call_id)
    assert (row.lease_owner, row.worker_deaths, row.attempts) == ("b:2:y", 1, 2)
    # The first worker, if it was only slow, can no longer write its result.
    assert not calls.finish(db, call_id, "a:1:x", record())
    assert calls.finish(db, call_id, "b:2:y", record())


def test_a_known_dead_owner_is_taken_over_at_once(db: Database) -> None:
    call_id = new_call(db)
    calls.claim(db, call_id, "a:1:x", lease_s=600, max_deaths=3)
    assert calls.claim(db, call_id, "a:9:z", lease_s=60, max_deaths=3, dead_owner="a:1:x") is Claim.CLAIMED


def test_a_call_that_kills_its_workers_fails_with_worker_lost(db: Database) -> None:
    call_id = new_call(db)
    for n in range(3):
        assert calls.claim(db, call_id, f"w:{n}:x", lease_s=60, max_deaths=3) is Claim.CLAIMED
        _expire(db, call_id)
    assert calls.claim(db, call_id, "w:9:x", lease_s=60, max_deaths=3) is Claim.WORKER_LOST
    row = _call(db, call_id)
    assert row.status == CallStatus.FAILED and row.error_code == "worker_lost"
    assert "3 times" in (row.error_message or "")


def test_released_and_never_enqueued_calls_are_found_unsent(db: Database) -> None:
    never_sent = new_call(db)
    sent = new_call(db)
    calls.mark_enqueued(db, [sent])
    held = new_call(db)
    calls.mark_enqueued(db, [held])
    calls.claim(db, held, "a:1:x", lease_s=60, max_deaths=3)
    assert recovery.unsent_calls(db) == [never_sent]
    assert calls.release(db, held, "a:1:x")
    assert set(recovery.unsent_calls(db)) == {never_sent, held}
    # Of two requeue checks, one takes it.
    assert calls.take_for_resend(db, held, None) and not calls.take_for_resend(db, held, None)
    assert recovery.unsent_calls(db) == [never_sent]


def test_a_call_whose_worker_died_goes_back_to_the_queue_once_without_stale_progress(db: Database) -> None:
    call_id = new_call(db)
    calls.claim(db, call_id, "a:1:x", lease_s=60, max_deaths=3)
    calls.update_progress(db, call_id, "a:1:x", "transcribe", 49, 60)
    assert not calls.requeue_dead(db, call_id, "a:1:x", owner_known_dead=False), "its lease is live"
    assert calls.requeue_dead(db, call_id, "a:1:x", owner_known_dead=True)
    assert not calls.requeue_dead(db, call_id, "a:1:x", owner_known_dead=True), "once"
    row = _call(db, call_id)
    assert (row.status, row.progress, row.stage, row.worker_deaths) == (CallStatus.QUEUED, 0, None, 1)
    assert row.enqueued_at is not None and row.lease_owner is None
    other = new_call(db)
    calls.claim(db, other, "b:2:y", lease_s=60, max_deaths=3)
    _expire(db, other)
    assert [c for c, _ in recovery.dead_leases(db, "zz:")] == [other]
    assert calls.requeue_dead(db, other, "b:2:y", owner_known_dead=False)


def test_overdue_and_waiting_calls(db: Database) -> None:
    old, recent, retry_later = new_call(db), new_call(db), new_call(db)
    calls.mark_enqueued(db, [old], at=utcnow() - timedelta(minutes=10))
    calls.mark_enqueued(db, [recent])
    calls.mark_enqueued(db, [retry_later], at=utcnow() + timedelta(minutes=5))  # a retry's countdown
    assert [c for c, _ in recovery.overdue_calls(db, sent_before=utcnow() - timedelta(minutes=1))] == [old]
    assert recovery.waiting_calls(db) == 2


def test_progress_is_written_only_by_the_holder(db: Database) -> None:
    call_id = new_call(db)
    calls.claim(db, call_id, "a:1:x", lease_s=60, max_deaths=3)
    assert calls.update_progress(db, call_id, "a:1:x", "transcribe", 40, 60)
    assert not calls.update_progress(db, call_id, "b:2:y", "transcribe", 90, 60)
    row = _call(db, call_id)
    assert (row.stage, row.progress) == ("transcribe", 40)


def test_finish_stores_result_filters_and_makes_the_call_searchable(db: Database) -> None:
    call_id = done_call(db, "refund of the late fee", language="en", duration_s=61.5, resolution="resolved", stage_seconds={"decode": 0.2})
    row = _call(db, call_id)
    assert (row.status, row.progress, row.language, row.duration_s, row.resolution) == ("done", 100, "en", 61.5, "resolved")
    with db.session() as session:
        assert calls.get_result(session, call_id) is not None
        found = search.list_calls(session, db.dialect, search.CallFilters(q="late fee"), search.Scope())
    assert [c.id for c in found.items] == [call_id]


def test_delete_removes_row_result_search_entry_and_audio(db: Database, tmp_path: Path) -> None:
    store = AudioStore(tmp_path / "audio")
    call_id = done_call(db, "unique zebra words")
    audio = store.path(_call(db, call_id).audio_path)
    audio.parent.mkdir(parents=True, exist_ok=True)
    audio.write_bytes(b"RIFF")
    assert calls.delete_call(db, store, call_id)
    assert not audio.exists()
    with db.session() as session:
        assert calls.get_call(session, call_id) is None
        assert session.get(CallResultRow, call_id) is None
        found = search.list_calls(session, db.dialect, search.CallFilters(q="zebra"), search.Scope())
    assert found.items == []
    assert not calls.delete_call(db, store, call_id)


def _expire(db: Database, call_id: str) -> None:
    with db.transaction() as session:
        session.execute(
            update(Call).where(Call.id == call_id).values(lease_expires_at=utcnow() - timedelta(seconds=1))
        )
