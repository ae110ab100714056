"""Recovery with a real worker, a real PostgreSQL database and a Redis server
this test starts and restarts itself (without persistence, so the restart
loses the queue): a call whose message was lost is processed within
seconds, not after half an hour, and a webhook left pending by a worker
that died after finishing its call is delivered by another one."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest
import redis
from celery import Celery

from store import calls
from store.db import Database
from store.models import CallStatus
from tests.pipeline.factories import call_result
from tests.service_client import WebhookReceiver
from tests.service_support import Process, callbrief, own_redis, postgres_database, service_env, stereo_call
from workers.celery_app import PROCESS_CALL_TASK
from workers.record import to_record

pytestmark = [pytest.mark.services, pytest.mark.slow]

LOST_AFTER_S = 3


def _queued_call(db: Database, audio_root: Path, wav: Path) -> str:
    call_id = calls.new_call_id()
    relative = f"{call_id[:2]}/{call_id}.wav"
    (audio_root / relative).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(wav, audio_root / relative)
    data = wav.read_bytes()
    calls.create_call(db, call_id, calls.NewCall(
        audio_path=relative, audio_sha256=hashlib.sha256(data).hexdigest(), audio_bytes=len(data), audio_format="wav",
        channels="agent,customer",
    ))  # fmt: skip
    return call_id


def test_lost_messages_and_pending_webhooks_are_resumed_promptly(tmp_path: Path) -> None:
    receiver = WebhookReceiver()
    with postgres_database() as pg, own_redis(tmp_path / "redis") as broker:
        env = service_env(
            tmp_path / "data", DATABASE_URL=pg, BROKER_URL=broker.url, CALLBRIEF_REQUEUE_INTERVAL_S="1",
            CALLBRIEF_REQUEUE_LOST_AFTER_S=str(LOST_AFTER_S), CALLBRIEF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
            CALLBRIEF_WEBHOOK_SECRET="s",
        )
        queue = env["CALLBRIEF_TASK_QUEUE"]
        db = Database(pg)
        db.migrate()
        worker: Process | None = None
        try:
            # A call handed to the broker, whose message the broker then loses.
            lost = _queued_call(db, tmp_path / "data" / "audio", stereo_call(tmp_path / "call.wav"))
            producer = Celery(broker=broker.url, set_as_current=False)
            producer.send_task(PROCESS_CALL_TASK, args=[lost], queue=queue)
            calls.mark_enqueued(db, [lost])
            client = redis.Redis.from_url(broker.url)
            assert client.llen(queue) == 1
            client.close()
            broker.stop()
            broker.start()
            producer.close()

            # A call finished by a worker that died before sending its webhook.
            finished = _queued_call(db, tmp_path / "data" / "audio", tmp_path / "call.wav")
            with db.transaction() as session:
                calls.get_call(session, finished).callback_url = receiver.url  # type: ignore[union-attr]
            assert calls.claim(db, finished, "gone-host:1:x", lease_s=60, max_deaths=3) is calls.Claim.CLAIMED
            assert calls.finish(db, finished, "gone-host:1:x", to_record(call_result(), lambda r, f: ""))

            started = time.monotonic()
            worker = Process(callbrief("worker"), env, tmp_path / "worker.log")
            deadline = started + 300
            status = None
            while time.monotonic() < deadline:
                with db.session() as session:
                    status = calls.get_call(session, lost).status  # type: ignore[union-attr]
                if status in (CallStatus.DONE, CallStatus.FAILED) and receiver.for_call(finished):
                    break
                time.sleep(0.5)
            waited_s = time.monotonic() - started
            print(f"lost call done and pending webhook delivered {waited_s:.1f} s after the worker started")
        finally:
            if worker is not None:
                worker.stop(timeout_s=60)
            receiver.close()
            db.dispose()
    log = worker.output() if worker else ""
    assert status == CallStatus.DONE, (status, log[-3000:])
    assert len(receiver.for_call(finished)) == 1, log[-3000:]
    assert log.count("its message was lost; sent again") == 1, log[-3000:]
    # Not once per check (every second here). A second resume can come when the worker took the
    # first message while busy with the lost call for longer than LOST_AFTER_S (a prefetched
    # message is not in the queue's depth); the delivery itself is taken once (above).
    assert 1 <= log.count(f"webhook for call {finished}: resumed") <= 2, log[-3000:]
    assert waited_s < 300
