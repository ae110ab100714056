"""run_call with a fake pipeline: outcomes, retries, claims, progress."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import insert

from pipeline.errors import InputError, ModelError, TransientError
from pipeline.options import CallOptions
from pipeline.types import Role
from store import calls
from store.calls import Claim
from store.db import Database
from store.models import Call
from tests.pipeline.factories import call_result
from workers import processing
from workers.processing import Outcome, WorkerContext, dead_owner


class FakePipeline:
    def __init__(self, error: Exception | None = None, percents: tuple[int, ...] = (0, 1, 2, 30, 31, 60, 99)) -> None:
        self.error = error
        self.percents = percents
        self.calls: list[tuple[Path, CallOptions | None]] = []

    def __call__(self, path: Path, engines: object, call: CallOptions | None, on_progress: Callable[[str, int], None]):  # noqa: ANN204
        self.calls.append((path, call))
        for p in self.percents:
            on_progress("transcribe" if p < 60 else "summarize", p)
        if self.error is not None:
            raise self.error
        return call_result()


def row(db: Database, call_id: str) -> Call:
    with db.session() as session:
        found = calls.get_call(session, call_id)
    assert found is not None
    return found


def test_a_call_is_processed_and_stored(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    fake = FakePipeline()
    assert processing.run_call(make_ctx(fake), queued_call) is Outcome.DONE
    path, options = fake.calls[0]
    assert path.read_bytes() == b"RIFF"
    assert options == CallOptions(language="en", channels=(Role.CUSTOMER, Role.AGENT), hotwords="Northwind")
    done = row(db, queued_call)
    assert (done.status, done.progress, done.resolution, done.sentiment_end, done.follow_up_required) == ("done", 100, "resolved", "positive", True)
    assert done.lease_owner is None and done.webhook_status == "pending"
    with db.session() as session:
        result = calls.get_result(session, queued_call)
    assert result is not None and result.vtt == "vtt export"
    assert json.loads(result.result_json)["turns"][2]["text"].endswith("REF-99812.")


def test_a_duplicate_delivery_does_nothing(make_ctx: Callable[..., WorkerContext], queued_call: str) -> None:
    fake = FakePipeline()
    ctx = make_ctx(fake)
    assert processing.run_call(ctx, queued_call) is Outcome.DONE
    assert processing.run_call(make_ctx(fake), queued_call) is Outcome.SKIPPED
    assert processing.run_call(ctx, queued_call) is Outcome.SKIPPED
    assert len(fake.calls) == 1


def test_a_call_held_by_a_live_worker_is_skipped(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    live = f"{socket.gethostname()}:{os.getpid()}:other"
    calls.claim(db, queued_call, live, lease_s=60, max_deaths=3)
    fake = FakePipeline()
    assert processing.run_call(make_ctx(fake), queued_call) is Outcome.SKIPPED
    assert fake.calls == []


def test_a_call_held_by_a_dead_local_process_is_taken_over(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    gone = f"{socket.gethostname()}:{_dead_pid()}:old"
    assert dead_owner(gone) == gone
    calls.claim(db, queued_call, gone, lease_s=600, max_deaths=3)
    assert processing.run_call(make_ctx(FakePipeline()), queued_call) is Outcome.DONE
    assert row(db, queued_call).attempts == 2


def test_input_errors_fail_the_call_without_retry(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    fake = FakePipeline(InputError("the file is truncated at 12.5 s", code="audio_truncated"))
    assert processing.run_call(make_ctx(fake), queued_call) is Outcome.FAILED
    failed = row(db, queued_call)
    assert (failed.status, failed.error_code, failed.error_message) == ("failed", "audio_truncated", "the file is truncated at 12.5 s")
    assert failed.webhook_status == "pending"


def test_model_errors_and_bugs_fail_with_a_code(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    assert processing.run_call(make_ctx(FakePipeline(ModelError("no whisper", code="model_missing"))), queued_call) is Outcome.FAILED
    assert row(db, queued_call).error_code == "model_missing"


def test_an_unexpected_exception_fails_once(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    assert processing.run_call(make_ctx(FakePipeline(ZeroDivisionError())), queued_call) is Outcome.FAILED
    failed = row(db, queued_call)
    assert failed.error_code == "stage_failed" and "ZeroDivisionError" in (failed.error_message or "")


def test_transient_errors_requeue_the_call(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    with pytest.raises(processing.Retry):
        processing.run_call(make_ctx(FakePipeline(TransientError("db went away"))), queued_call)
    back = row(db, queued_call)
    assert (back.status, back.lease_owner, back.worker_deaths) == ("queued", None, 0)
    assert processing.run_call(make_ctx(FakePipeline()), queued_call) is Outcome.DONE


def test_an_integrity_violation_fails_the_call_once_without_retry(
    make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []

    def finish_with_a_bug(database: Database, call_id: str, *_args: object, **_kwargs: object) -> bool:
        attempts.append(call_id)
        with database.transaction() as session:  # the same primary key again: a real IntegrityError
            row = session.get(Call, call_id)
            session.execute(insert(Call).values({c.key: getattr(row, c.key) for c in Call.__mapper__.column_attrs}))
        return True

    monkeypatch.setattr(calls, "finish", finish_with_a_bug)
    assert processing.run_call(make_ctx(FakePipeline()), queued_call) is Outcome.FAILED
    assert attempts == [queued_call]
    failed = row(db, queued_call)
    assert (failed.status, failed.error_code) == ("failed", "stage_failed")
    assert "IntegrityError" in (failed.error_message or "")


def test_a_transient_store_error_while_storing_is_ridden_out(
    make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = calls.finish
    attempts: list[str] = []

    def finish_after_an_outage(*args: object, **kwargs: object) -> bool:
        attempts.append("try")
        if len(attempts) == 1:
            raise TransientError("the database is unavailable (OperationalError); try again")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(calls, "finish", finish_after_an_outage)
    monkeypatch.setattr(processing.time, "sleep", lambda _s: None)
    assert processing.run_call(make_ctx(FakePipeline()), queued_call) is Outcome.DONE
    assert len(attempts) == 2 and row(db, queued_call).status == "done"


def test_progress_is_throttled_and_monotonic(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    seen: list[tuple[str | None, int]] = []
    original = calls.update_progress

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        ok = original(*args, **kwargs)
        seen.append((args[3], args[4]))
        return ok

    calls.update_progress = spy  # type: ignore[assignment]
    try:
        processing.run_call(make_ctx(FakePipeline(percents=tuple(range(0, 100)))), queued_call)
    finally:
        calls.update_progress = original  # type: ignore[assignment]
    # 100 hook calls in well under a second: the first, and each stage change.
    assert seen == [("transcribe", 0), ("summarize", 60)]


def test_deleting_a_call_while_processing_discards_the_result(
    make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str
) -> None:
    ctx = make_ctx(None)

    def pipeline(path, engines, call, on_progress):  # noqa: ANN001, ANN202
        on_progress("decode", 0)
        calls.delete_call(db, ctx.audio, queued_call)
        on_progress("transcribe", 50)
        return call_result()

    ctx.process = pipeline
    assert processing.run_call(ctx, queued_call) is Outcome.SKIPPED
    with db.session() as session:
        assert calls.get_call(session, queued_call) is None and calls.get_result(session, queued_call) is None


def test_worker_deaths_end_in_worker_lost(make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str) -> None:
    previous = None
    for n in range(3):
        owner = f"{socket.gethostname()}:{_dead_pid()}:{n}"
        assert calls.claim(db, queued_call, owner, lease_s=600, max_deaths=3, dead_owner=previous) is Claim.CLAIMED
        previous = owner
    # Two take-overs so far; the third death is one too many.
    assert row(db, queued_call).worker_deaths == 2
    fake = FakePipeline()
    assert processing.run_call(make_ctx(fake), queued_call) is Outcome.FAILED
    assert row(db, queued_call).error_code == "worker_lost" and fake.calls == []


def _dead_pid() -> int:
    import subprocess

    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_no_call_content_is_logged_at_info_or_above(
    make_ctx: Callable[..., WorkerContext], queued_call: str, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    processing.run_call(make_ctx(FakePipeline()), queued_call)
    processing.run_call(make_ctx(FakePipeline(ValueError("customer said REF-99812 twice"))), "0" * 32)
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert "call" in logged
    for secret in ("Northwind", "REF-99812", "42.10", "credited"):
        assert secret not in logged
