"""Retention and DELETE: what expired is removed in batches, audited, held
calls are left alone, and nothing of a deleted call remains."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from store import calls, retention, search
from store.audio import AudioStore
from store.db import Database
from store.models import AuditEntry, Call, CallStatus, utcnow
from store.retention import RetentionPolicy
from store.search import CallFilters, Scope
from tests.store.factories import done_call, new_call
from tests.store.leftovers import traces

SECRET_WORDS = "zanzibarquokka card ending 4242"


def _with_audio(db: Database, audio: AudioStore, call_id: str) -> Path:
    with db.session() as session:
        relative = calls.get_call(session, call_id).audio_path  # type: ignore[union-attr]
    path = audio.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF....WAVE")
    return path


def _row(db: Database, call_id: str) -> Call:
    with db.session() as session:
        row = session.get(Call, call_id)
    assert row is not None
    return row


def _audit(db: Database, call_id: str) -> list[str]:
    with db.session() as session:
        return [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.call_id == call_id))]


def _found(db: Database, words: str) -> list[str]:
    with db.session() as session:
        return [c.id for c in search.list_calls(session, db.dialect, CallFilters(q=words), Scope.everything()).items]


def test_audio_then_transcript_expire_and_held_or_unfinished_calls_stay(db: Database, tmp_path: Path) -> None:
    audio = AudioStore(tmp_path / "audio")
    long_ago = utcnow() - timedelta(days=100)
    old = done_call(db, SECRET_WORDS, created_at=long_ago)
    held = done_call(db, SECRET_WORDS, created_at=long_ago)
    recent = done_call(db, SECRET_WORDS)
    waiting = new_call(db, created_at=long_ago)
    files = {c: _with_audio(db, audio, c) for c in (old, held, recent, waiting)}
    assert retention.set_legal_hold(db, held, True, None, "ada")

    run = retention.expire(db, audio, RetentionPolicy(audio_days=90))
    assert run.audio_deleted == 1
    assert not files[old].exists() and all(files[c].exists() for c in (held, recent, waiting))
    assert _row(db, old).audio_deleted_at is not None and _audit(db, old) == ["retention_delete_audio"]
    assert retention.expire(db, audio, RetentionPolicy(audio_days=90)).audio_deleted == 0, "done once"

    run = retention.expire(db, audio, RetentionPolicy(transcript_days=90))
    assert run.transcripts_deleted == 1
    with db.session() as session:
        assert calls.get_result(session, old) is None and calls.get_result(session, held) is not None
    assert _row(db, old).status == CallStatus.DONE and _row(db, old).search_text is None
    assert sorted(_found(db, "zanzibarquokka")) == sorted([held, recent])
    assert _row(db, waiting).status == CallStatus.QUEUED


def test_whole_calls_expire_in_batches_and_nothing_of_them_remains(db: Database, tmp_path: Path) -> None:
    audio = AudioStore(tmp_path / "audio")
    old = [done_call(db, SECRET_WORDS, created_at=utcnow() - timedelta(days=800 + n)) for n in range(3)]
    kept = done_call(db, "other words entirely")
    for call_id in [*old, kept]:
        _with_audio(db, audio, call_id)
    policy = RetentionPolicy(call_days=730)
    # Stopped after one batch of one: the next run carries on where it stopped.
    assert retention.expire(db, audio, policy, batch=1, max_batches=1).calls_deleted == 1
    assert retention.expire(db, audio, policy, batch=1, max_batches=5).calls_deleted == 2
    assert traces(db, [*old, "zanzibarquokka"]) == []
    assert [p.name for p in audio.files()] == [f"{kept}.wav"]
    assert all(_audit(db, c) == ["retention_delete_call"] for c in old)
    assert _found(db, "other") == [kept]


def test_delete_leaves_nothing_of_the_call_and_a_held_call_is_not_deleted(db: Database, tmp_path: Path) -> None:
    audio = AudioStore(tmp_path / "audio")
    call_id = done_call(db, SECRET_WORDS)
    _with_audio(db, audio, call_id)
    assert traces(db, [call_id]) != []
    retention.set_legal_hold(db, call_id, True, None, "ada")
    assert not calls.delete_call(db, audio, call_id)
    retention.set_legal_hold(db, call_id, False, None, "ada")
    assert calls.delete_call(db, audio, call_id)
    assert traces(db, [call_id, "zanzibarquokka"]) == []
    assert audio.files() == []
