"""The worker's heartbeat and requeue check, on a real call log (SQLite, and
PostgreSQL when it runs) with a recording stand-in for the broker, and one
requeued call read back from a real Redis queue."""

from __future__ import annotations

import json
import logging
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from store import calls
from store.audio import AudioStore
from store.db import Database
from store.models import Call, WorkerHeartbeat, utcnow
from store.settings import Settings
from tests.service_support import postgres_database, redis_url
from workers.celery_app import DELIVER_WEBHOOK_TASK, PROCESS_CALL_TASK
from workers.lifecycle import Heartbeat, Requeuer
from workers.processing import WorkerContext, make_owner_id

LEASE_S = 30


@dataclass
class Service:
    settings: Settings
    db: Database


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    url = None if request.param == "sqlite" else request.getfixturevalue("pg_url")
    settings = Settings(
        data_dir=tmp_path / "data", database_url=url, broker_url=None, worker_lease_s=LEASE_S,
        task_queue=f"callbrief-test-{uuid.uuid4().hex[:8]}",
    )  # fmt: skip
    db = Database(settings.resolved_database_url)
    db.migrate()
    if url is not None:  # one PostgreSQL database for the module: start each test empty
        with db.transaction() as session:
            session.execute(text("TRUNCATE calls, worker_heartbeats CASCADE"))
    yield Service(settings, db)
    db.dispose()


class Engines:
    def loaded(self) -> list[str]:
        return ["asr:base", "diarizer"]


class Broker:
    """Celery's ``send_task`` as the requeue check calls it, recorded; can be down."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[str], str]] = []
        self.down = False

    def send_task(self, name: str, args: list[str], queue: str) -> None:
        if self.down:
            raise ConnectionError("broker unreachable")
        self.sent.append((name, list(args), queue))


def new_call(service: Service, **extra: str) -> str:
    call_id = calls.new_call_id()
    new = calls.NewCall(
        audio_path=f"{call_id[:2]}/{call_id}.wav", audio_sha256="f" * 64, audio_bytes=4, audio_format="wav", **extra
    )
    calls.create_call(service.db, call_id, new)
    return call_id


def context(service: Service, engines: object = None) -> WorkerContext:
    return WorkerContext(
        settings=service.settings, db=service.db, audio=AudioStore(service.settings.resolved_audio_dir),
        process=lambda *a: None, exporter=lambda result, fmt: "", engines=engines,  # type: ignore[arg-type,return-value]
    )  # fmt: skip


def row(service: Service, call_id: str) -> Call:
    with service.db.session() as session:
        found = session.get(Call, call_id)
    assert found is not None
    return found


def heartbeat(service: Service, owner: str) -> WorkerHeartbeat | None:
    with service.db.session() as session:
        return session.get(WorkerHeartbeat, owner)


# ------------------------------------------------------------ heartbeat


def test_a_beat_renews_the_lease_of_the_call_in_hand_and_says_which_engines_are_loaded(service: Service) -> None:
    ctx = context(service, Engines())
    call_id = new_call(service)
    assert calls.claim(service.db, call_id, ctx.owner, lease_s=1, max_deaths=3) is calls.Claim.CLAIMED
    ctx.current_call = call_id

    Heartbeat(ctx).beat()

    assert row(service, call_id).lease_expires_at >= utcnow() + timedelta(seconds=LEASE_S - 5)
    beat = heartbeat(service, ctx.owner)
    assert beat is not None and (beat.engines, beat.current_call_id) == ("asr:base,diarizer", call_id)


def test_a_beat_between_calls_records_the_worker_and_no_call(service: Service) -> None:
    ctx = context(service)
    Heartbeat(ctx).beat()
    beat = heartbeat(service, ctx.owner)
    assert beat is not None and (beat.engines, beat.current_call_id) == ("", None)


def test_a_beat_does_not_renew_a_lease_another_worker_took_over(service: Service) -> None:
    ctx = context(service)
    call_id = new_call(service)
    calls.claim(service.db, call_id, "elsewhere:1:abcd", lease_s=1, max_deaths=3)
    ctx.current_call = call_id
    Heartbeat(ctx).beat()
    assert row(service, call_id).lease_expires_at < utcnow() + timedelta(seconds=5)


def test_a_failed_beat_is_logged_and_the_thread_goes_on(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None, broker_url=None, worker_lease_s=LEASE_S)
    unmigrated = Database(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables: every write fails
    ctx = WorkerContext(
        settings=settings, db=unmigrated, audio=AudioStore(tmp_path / "audio"),
        process=lambda *a: None, exporter=lambda result, fmt: "",  # type: ignore[arg-type,return-value]
    )  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="workers.lifecycle"):
        Heartbeat(ctx).beat()
    assert [r.getMessage() for r in caplog.records] == ["heartbeat failed: OperationalError"]
    unmigrated.dispose()


def test_the_heartbeat_thread_beats_a_third_of_the_lease_apart_until_stopped(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None, broker_url=None, worker_lease_s=1.5)
    db = Database(settings.resolved_database_url)
    db.migrate()
    ctx = WorkerContext(
        settings=settings, db=db, audio=AudioStore(tmp_path / "audio"),
        process=lambda *a: None, exporter=lambda result, fmt: "",  # type: ignore[arg-type,return-value]
    )  # fmt: skip
    thread = Heartbeat(ctx)
    assert thread.interval_s == 0.5
    thread.start()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and heartbeat(Service(settings, db), ctx.owner) is None:
        time.sleep(0.05)
    thread.stop()
    thread.join(timeout=2)
    assert heartbeat(Service(settings, db), ctx.owner) is not None, "the thread beat"
    assert not thread.is_alive(), "stop() ends the thread"
    db.dispose()


# ------------------------------------------------------------ requeue check


def requeuer(service: Service, broker: Broker) -> Requeuer:
    return Requeuer(broker, service.settings)  # type: ignore[arg-type]


def test_a_call_the_api_never_handed_to_the_broker_is_sent_once(service: Service) -> None:
    call_id = new_call(service)
    broker = Broker()
    check = requeuer(service, broker)
    check.check()
    check.check()
    assert broker.sent == [(PROCESS_CALL_TASK, [call_id], service.settings.task_queue)]
    assert row(service, call_id).enqueued_at is not None


def test_a_call_whose_worker_stopped_renewing_its_lease_is_sent_again(service: Service) -> None:
    call_id = new_call(service)
    calls.mark_enqueued(service.db, [call_id])
    calls.claim(service.db, call_id, "otherhost:4242:abcd", lease_s=0.2, max_deaths=3)
    broker = Broker()
    requeuer(service, broker).check()
    assert broker.sent == [], "a live lease is left alone"
    time.sleep(0.4)
    requeuer(service, broker).check()
    assert broker.sent == [(PROCESS_CALL_TASK, [call_id], service.settings.task_queue)]


def test_a_call_held_by_a_process_of_this_machine_that_is_gone_is_sent_at_once(service: Service) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    owner = make_owner_id().rsplit(":", 2)[0] + f":{gone.pid}:abcd"
    call_id = new_call(service)
    calls.mark_enqueued(service.db, [call_id])
    calls.claim(service.db, call_id, owner, lease_s=LEASE_S, max_deaths=3)
    broker = Broker()
    requeuer(service, broker).check()
    assert broker.sent == [(PROCESS_CALL_TASK, [call_id], service.settings.task_queue)]


def test_a_pending_webhook_is_sent_by_its_own_task_once(service: Service) -> None:
    call_id = new_call(service, callback_url="http://127.0.0.1:9/hook")
    calls.mark_enqueued(service.db, [call_id])
    overdue = utcnow() - timedelta(hours=1)  # this stand-in broker cannot tell its queue's depth
    calls.set_webhook_state(service.db, call_id, "pending", next_attempt_at=overdue)
    broker = Broker()
    check = requeuer(service, broker)
    check.check()
    check.check()
    assert broker.sent == [(DELIVER_WEBHOOK_TASK, [call_id], service.settings.task_queue)]


def test_with_the_broker_down_the_check_logs_and_the_next_one_sends(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    call_id = new_call(service)
    broker = Broker()
    broker.down = True
    check = requeuer(service, broker)
    with caplog.at_level(logging.WARNING, logger="workers.lifecycle"):
        check.check()
    assert "requeue check failed: ConnectionError" in [r.getMessage() for r in caplog.records]
    assert row(service, call_id).enqueued_at is None, "not marked as sent"
    broker.down = False
    check.check()
    assert broker.sent == [(PROCESS_CALL_TASK, [call_id], service.settings.task_queue)]


def test_the_requeue_thread_checks_at_start_and_stops(service: Service) -> None:
    call_id = new_call(service)
    broker = Broker()
    thread = requeuer(service, broker)
    sent = threading.Event()
    original = broker.send_task

    def send_task(name: str, args: list[str], queue: str) -> None:
        original(name, args, queue)
        sent.set()

    broker.send_task = send_task  # type: ignore[method-assign]
    thread.start()
    assert sent.wait(timeout=10)
    thread.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert broker.sent[0][1] == [call_id]


@pytest.mark.services
def test_a_requeued_call_lands_on_the_redis_queue_under_the_task_name(tmp_path: Path) -> None:
    import redis
    from celery import Celery

    with redis_url() as broker_url:
        settings = Settings(
            data_dir=tmp_path, database_url=None, broker_url=broker_url,
            task_queue=f"callbrief-test-{uuid.uuid4().hex[:8]}",
        )  # fmt: skip
        db = Database(settings.resolved_database_url)
        db.migrate()
        call_id = new_call(Service(settings, db))
        app = Celery("callbrief-test", broker=broker_url)
        try:
            Requeuer(app, settings).check()
            client = redis.Redis.from_url(broker_url)
            messages = client.lrange(settings.task_queue, 0, -1)
            client.close()
        finally:
            app.close()
            db.dispose()
    assert len(messages) == 1
    headers = json.loads(messages[0])["headers"]
    assert headers["task"] == PROCESS_CALL_TASK and call_id in headers["argsrepr"]
