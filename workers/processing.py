"""What the ``callbrief.process_call`` task does with one call id.

No Celery here: :func:`run_call` takes a :class:`WorkerContext` (engines,
database, audio store, the pipeline function) so tests can run it in
process with a fake pipeline. Failures map to outcomes:

- :class:`pipeline.errors.InputError` and other non-retryable pipeline
  errors: the call fails with the error's code, no retry;
- a retryable error (:class:`pipeline.errors.TransientError`: the store
  raises it when the database is unreachable, a transaction deadlocked or
  could not be serialized): the call goes back to the queue and
  :class:`Retry` tells the task to retry with backoff;
- the soft time limit: the call fails with ``timeout``;
- anything unexpected (a bug, an integrity violation in the store): the
  call fails with ``stage_failed`` rather than crash-looping.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pipeline.audio.mute import mute, redacted_spans
from pipeline.errors import CallbriefError, ErrorCode, TransientError
from pipeline.options import CallOptions, parse_channel_roles
from pipeline.run import Engines
from store.settings import Settings
from pipeline.types import CallResult
from store import calls
from store import qa as store_qa
from store.audio import AudioStore
from store.calls import Claim
from store.db import Database
from store.models import Call
from workers import qa
from workers.record import Exporter, to_record

log = logging.getLogger(__name__)

ProcessFn = Callable[[Path, Any, CallOptions | None, Callable[[str, int], None]], CallResult]
PROGRESS_MIN_INTERVAL_S = 1.0
PROGRESS_MIN_STEP = 5


class Outcome(str, Enum):
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # not ours to process (finished, deleted, or held by a live worker)


class Retry(Exception):
    """A transient failure; the call is back in the queue, retry the task later."""


class ClaimLost(Exception):
    """This worker no longer holds the call (deleted, or taken over)."""


def make_owner_id() -> str:
    """``host:pid:nonce``: unique per process incarnation (pids get reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class WorkerContext:
    settings: Settings
    db: Database
    audio: AudioStore
    process: ProcessFn
    exporter: Exporter
    engines: Engines | None = None  # None: a pipeline function that needs none (tests)
    owner: str = field(default_factory=make_owner_id)
    current_call: str | None = None  # read by the heartbeat thread
    lock: threading.Lock = field(default_factory=threading.Lock)


def dead_owner(owner: str | None) -> str | None:
    """The lease owner, if it is a process on this machine that no longer exists."""
    if not owner:
        return None
    try:
        host, pid_text, _nonce = owner.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return None
    if host != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return owner
    except PermissionError:
        return None
    return None


def call_options(call: Call) -> CallOptions:
    channels = parse_channel_roles(call.channels) if call.channels else None
    return CallOptions(language=call.language_requested, channels=channels, hotwords=call.hotwords)


class ProgressWriter:
    """The pipeline's progress hook: writes stage + percent to the call row,
    at most once a second unless the stage changes or it moved 5 points."""

    def __init__(self, ctx: WorkerContext, call_id: str) -> None:
        self.ctx = ctx
        self.call_id = call_id
        self._stage: str | None = None
        self._percent = -PROGRESS_MIN_STEP
        self._written_at = 0.0

    def __call__(self, stage: str, percent: int) -> None:
        now = time.monotonic()
        changed_stage = stage != self._stage
        if not changed_stage and (percent - self._percent < PROGRESS_MIN_STEP or now - self._written_at < PROGRESS_MIN_INTERVAL_S):
            return
        try:
            held = calls.update_progress(
                self.ctx.db, self.call_id, self.ctx.owner, stage, percent, self.ctx.settings.worker_lease_s
            )
        except TransientError as exc:
            log.warning("progress of call %s not recorded: %s", self.call_id, exc.message)
            return
        if not held:
            raise ClaimLost(self.call_id)
        self._stage, self._percent, self._written_at = stage, percent, now


def run_call(ctx: WorkerContext, call_id: str) -> Outcome:
    settings = ctx.settings
    try:
        with ctx.db.session() as session:
            row = calls.get_call(session, call_id)
        previous = dead_owner(row.lease_owner) if row is not None else None
        claim = calls.claim(
            ctx.db, call_id, ctx.owner,
            lease_s=settings.worker_lease_s, max_deaths=settings.max_worker_deaths, dead_owner=previous,
        )
    except TransientError as exc:
        raise Retry(exc.message) from exc
    if claim is Claim.WORKER_LOST:
        log.error("call %s failed: its workers died %d times", call_id, settings.max_worker_deaths)
        return Outcome.FAILED
    if claim is not Claim.CLAIMED:
        log.info("call %s not processed here: %s", call_id, claim.value)
        return Outcome.SKIPPED

    with ctx.lock:
        ctx.current_call = call_id
    try:
        return _process(ctx, call_id)
    finally:
        with ctx.lock:
            ctx.current_call = None


def _process(ctx: WorkerContext, call_id: str) -> Outcome:
    from celery.exceptions import SoftTimeLimitExceeded

    started = time.monotonic()
    try:
        with ctx.db.session() as session:
            row = calls.get_call(session, call_id)
        if row is None:
            return Outcome.SKIPPED
        path = ctx.audio.path(row.audio_path)
        result = ctx.process(path, ctx.engines, call_options(row), ProgressWriter(ctx, call_id))
        record = to_record(result, ctx.exporter)
        qa_record = qa.score_for_call(ctx.db, call_id, json.loads(record.result_json))
        redacted_audio = _redact_audio(ctx, call_id, path, result)
        stored = _with_db_retries(
            lambda: calls.finish(
                ctx.db, call_id, ctx.owner, record, also=lambda session: store_qa.save_results(session, [qa_record]),
                redacted_audio=redacted_audio, keep_original_audio=ctx.settings.keep_original_audio, audio=ctx.audio,
            )
        )
        if not stored and redacted_audio is not None:
            ctx.audio.delete(redacted_audio)
    except ClaimLost:
        log.warning("call %s was deleted or taken over while processing; result discarded", call_id)
        return Outcome.SKIPPED
    except CallbriefError as exc:
        if exc.retryable:
            _release(ctx, call_id)
            raise Retry(str(exc)) from exc
        log.info("call %s failed: %s", call_id, exc.code)
        calls.fail(ctx.db, call_id, ctx.owner, exc.code, exc.message)
        return Outcome.FAILED
    except SoftTimeLimitExceeded:
        limit = ctx.settings.task_soft_time_limit_s
        calls.fail(ctx.db, call_id, ctx.owner, ErrorCode.TIMEOUT, f"processing took longer than the limit of {limit} s")
        return Outcome.FAILED
    except Exception as exc:  # noqa: BLE001 - a bug must fail one call, not loop forever
        # The message may quote call content: type at ERROR, details at DEBUG.
        log.error("call %s failed unexpectedly: %s", call_id, type(exc).__name__)
        log.debug("call %s failure details", call_id, exc_info=exc)
        calls.fail(ctx.db, call_id, ctx.owner, ErrorCode.STAGE_FAILED, f"processing failed unexpectedly ({type(exc).__name__})")
        return Outcome.FAILED
    if not stored:
        log.warning("call %s was deleted or taken over before its result was stored", call_id)
        return Outcome.SKIPPED
    log.info("call %s done in %.1f s", call_id, time.monotonic() - started)
    return Outcome.DONE


def _redact_audio(ctx: WorkerContext, call_id: str, source: Path, result: CallResult) -> str | None:
    """The redacted words silenced in a copy of the audio (the path to store),
    or None when nothing was redacted."""
    if not ctx.settings.redact_pii:
        return None
    spans = redacted_spans(result)
    if not spans:
        return None
    relative = f"{call_id[:2]}/{call_id}.redacted.wav"
    ctx.audio.write_derived(relative, lambda target: mute(source, target, spans))
    log.info("call %s: %d redacted spans removed from the stored audio", call_id, len(spans))
    return relative


def _release(ctx: WorkerContext, call_id: str) -> None:
    try:
        calls.release(ctx.db, call_id, ctx.owner, resent=True)  # the task's retry sends it again
    except TransientError:
        # The lease runs out by itself and the requeue check resends it.
        log.warning("call %s could not be released; its lease will expire", call_id)


def _with_db_retries(write: Callable[[], bool], attempts: int = 4) -> bool:
    """A finished result is expensive: ride out a short database outage."""
    for attempt in range(attempts):
        try:
            return write()
        except TransientError:
            if attempt == attempts - 1:
                raise
            time.sleep(2.0**attempt)
    return False
