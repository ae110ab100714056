"""The requeue check (workers/requeue.py) on a real call log (SQLite, and
PostgreSQL when it runs): each call that needs it is sent once, however
often the check runs and however many workers run it."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from store import calls
from store.db import Database
from store.models import Call, CallStatus, utcnow
from store.settings import Settings
from tests.service_support import postgres_database
from workers.celery_app import DELIVER_WEBHOOK_TASK, PROCESS_CALL_TASK
from workers.processing import make_owner_id
from workers.requeue import RequeueCheck

LOST_AFTER_S = 60.0


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'c.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = Database(url)
    database.migrate()
    with database.transaction() as session:
        session.query(Call).delete()
    yield database
    database.dispose()


class Broker:
    def __init__(self, depth: int | None = 0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.depth = depth

    def send(self, task_name: str, call_id: str) -> None:
        self.sent.append((task_name, call_id))

    def queue_depth(self) -> int | None:
        return self.depth


def check(db: Database, broker: Broker) -> RequeueCheck:
    settings = Settings(data_dir=Path("/nonexistent"), requeue_lost_after_s=LOST_AFTER_S, task_queue="q")
    return RequeueCheck(db, settings, broker.send, broker.queue_depth)


def new_call(db: Database, **extra: str) -> str:
    call_id = calls.new_call_id()
    calls.create_call(db, call_id, calls.NewCall(audio_path="x", audio_sha256=uuid.uuid4().hex * 2, audio_bytes=1,
                                                 audio_format="wav", **extra))  # fmt: skip
    return call_id


def row(db: Database, call_id: str) -> Call:
    with db.session() as session:
        found = session.get(Call, call_id)
    assert found is not None
    return found


def test_a_call_held_by_a_dead_process_is_sent_once_and_shows_queued_at_once(db: Database) -> None:
    """It used to be resent on every check while no worker was free to take
    it (42 extra messages for 5 kills), showing 'processing 49 %' meanwhile."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    owner = make_owner_id().rsplit(":", 2)[0] + f":{gone.pid}:abcd"
    call_id = new_call(db)
    calls.mark_enqueued(db, [call_id])
    calls.claim(db, call_id, owner, lease_s=600, max_deaths=3)
    calls.update_progress(db, call_id, owner, "transcribe", 49, 600)
    broker = Broker(depth=1)  # the message sent below waits: every worker is busy
    for _ in range(5):
        check(db, broker).run()
    assert broker.sent == [(PROCESS_CALL_TASK, call_id)]
    found = row(db, call_id)
    assert (found.status, found.progress, found.stage, found.worker_deaths) == (CallStatus.QUEUED, 0, None, 1)


def test_two_checks_at_once_send_an_unsent_call_once(db: Database) -> None:
    call_id = new_call(db)
    broker = Broker()
    first, second = check(db, broker), check(db, broker)
    first.run()
    second.run()
    assert broker.sent == [(PROCESS_CALL_TASK, call_id)]


def test_a_lost_message_is_resent_and_a_backlog_is_not(db: Database) -> None:
    waiting = [new_call(db) for _ in range(3)]
    calls.mark_enqueued(db, waiting, at=utcnow() - timedelta(seconds=LOST_AFTER_S + 5))
    backlog = Broker(depth=3)
    check(db, backlog).run()
    assert backlog.sent == [], "three waiting calls, three messages: nothing lost"
    restarted = Broker(depth=0)  # the broker came back empty
    check(db, restarted).run()
    check(db, restarted).run()
    assert sorted(restarted.sent) == sorted((PROCESS_CALL_TASK, c) for c in waiting)
    one_lost = Broker(depth=2)
    calls.mark_enqueued(db, waiting, at=utcnow() - timedelta(seconds=LOST_AFTER_S + 5))
    check(db, one_lost).run()
    assert len(one_lost.sent) == 1


def test_a_retry_waiting_for_its_countdown_is_not_lost(db: Database) -> None:
    call_id = new_call(db)
    calls.mark_enqueued(db, [call_id], at=utcnow() + timedelta(seconds=250))  # held by a worker until then
    broker = Broker(depth=0)
    check(db, broker).run()
    assert broker.sent == []


def test_without_the_queue_depth_only_long_lost_messages_are_resent(db: Database) -> None:
    recent, old = new_call(db), new_call(db)
    calls.mark_enqueued(db, [recent], at=utcnow() - timedelta(seconds=LOST_AFTER_S + 5))
    calls.mark_enqueued(db, [old], at=utcnow() - timedelta(hours=1))
    broker = Broker(depth=None)
    check(db, broker).run()
    assert broker.sent == [(PROCESS_CALL_TASK, old)]


def test_an_overdue_webhook_is_resumed_and_a_fresh_one_is_left_to_its_worker(db: Database) -> None:
    """A worker that died between finishing the call and sending its webhook
    left it pending; it used to wait half an hour."""
    overdue, fresh = new_call(db, callback_url="https://93.184.216.34/h"), new_call(db, callback_url="https://93.184.216.34/h")
    calls.set_webhook_state(db, overdue, "pending", next_attempt_at=utcnow() - timedelta(seconds=LOST_AFTER_S + 1))
    calls.set_webhook_state(db, fresh, "pending")
    busy = Broker(depth=1)
    check(db, busy).run()
    assert [sent for sent in busy.sent if sent[0] == DELIVER_WEBHOOK_TASK] == [], "its message may be waiting"
    broker = Broker(depth=0)
    check(db, broker).run()
    check(db, broker).run()
    assert [sent for sent in broker.sent if sent[0] == DELIVER_WEBHOOK_TASK] == [(DELIVER_WEBHOOK_TASK, overdue)]


def test_one_worker_takes_a_due_delivery(db: Database) -> None:
    call_id = new_call(db, callback_url="https://93.184.216.34/h")
    calls.set_webhook_state(db, call_id, "pending")
    assert calls.claim_delivery(db, call_id, 30)
    assert not calls.claim_delivery(db, call_id, 30), "held by the first for 30 s"
    calls.set_webhook_state(db, call_id, "pending", next_attempt_at=utcnow() + timedelta(seconds=10))
    assert not calls.claim_delivery(db, call_id, 30), "not due yet"
