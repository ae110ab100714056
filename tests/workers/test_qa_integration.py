"""A QA re-score against real services: PostgreSQL, Redis and a real Celery
worker process, SIGKILLed in the middle of the batch. A second worker resumes
it and every call ends up scored exactly once."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from store import qa as store_qa
from store.db import Database
from store.models import Call, CallQa, CallResultRow, CallStatus, QaJob, utcnow
from tests.pipeline.factories import call_result
from tests.service_support import Process, callbrief, postgres_database, redis_url, service_env
from workers.celery_app import RESCORE_QA_TASK

pytestmark = [pytest.mark.services, pytest.mark.slow]

CALLS = 2000


def store_done_calls(db: Database, count: int) -> list[str]:
    """Done calls with a stored result, as callbrief kept them before QA existed."""
    result_json = json.dumps(call_result().serialize())
    now = utcnow()
    ids = [uuid.uuid4().hex for _ in range(count)]
    with db.transaction() as session:
        session.execute(insert(Call.__table__), [
            {
                "id": i, "status": CallStatus.DONE, "progress": 100, "audio_path": f"{i[:2]}/{i}.wav",
                "audio_sha256": i * 2, "audio_bytes": 1, "audio_format": "wav", "created_at": now - timedelta(minutes=n),
                "updated_at": now, "attempts": 1, "worker_deaths": 0, "webhook_attempts": 0, "agent_id": "ann",
                "team": "billing",
            }
            for n, i in enumerate(ids)
        ])
        session.execute(insert(CallResultRow.__table__), [
            {"call_id": i, "result_json": result_json, "analytics_json": "{}", "srt": "", "vtt": "", "rttm": "",
             "txt": "", "created_at": now}
            for i in ids
        ])
    return ids


@pytest.fixture
def services(tmp_path: Path) -> Iterator[tuple[dict[str, str], Database]]:
    with postgres_database() as pg, redis_url() as broker:
        env = service_env(tmp_path, DATABASE_URL=pg, BROKER_URL=broker, CALLBRIEF_QA_RESCORE_CHUNK="25")
        db = Database(pg)
        db.migrate()
        try:
            yield env, db
        finally:
            db.dispose()


def test_a_rescore_survives_a_killed_worker_and_scores_every_call_once(
    services: tuple[dict[str, str], Database], tmp_path: Path
) -> None:
    env, db = services
    ids = store_done_calls(db, CALLS)
    job = store_qa.create_job(db, None, "test")
    assert job.total == CALLS

    from celery import Celery

    producer = Celery(broker=env["BROKER_URL"], set_as_current=False)
    for slice_id in store_qa.slice_ids(db, job.id):
        producer.send_task(RESCORE_QA_TASK, args=[slice_id], queue=env["CALLBRIEF_TASK_QUEUE"])
        store_qa.mark_job_enqueued(db, slice_id)

    first = Process(callbrief("worker"), env, tmp_path / "worker-1.log")
    try:
        deadline = time.monotonic() + 300
        progress = store_qa.get_job(db, job.id)
        while time.monotonic() < deadline:
            progress = store_qa.get_job(db, job.id)
            assert progress is not None
            if 0 < progress.done < CALLS // 3:
                break
            assert progress.status != "done", "the job finished before the worker could be killed"
            time.sleep(0.02)
        else:
            raise TimeoutError(f"the job did not start: {progress}\n{first.output()[-3000:]}")
        first.kill()  # SIGKILL, the main process and its pool process
    finally:
        first.stop()
    killed_at = store_qa.get_job(db, job.id)
    assert killed_at is not None and killed_at.status == "running" and 0 < killed_at.done < CALLS

    second = Process(callbrief("worker"), env, tmp_path / "worker-2.log")
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            finished = store_qa.get_job(db, job.id)
            assert finished is not None
            if finished.status in ("done", "failed"):
                break
            time.sleep(0.3)
        else:
            raise TimeoutError(f"the job did not finish: {finished}\n{second.output()[-3000:]}")
        time.sleep(2)  # a late duplicate delivery would write again now
    finally:
        second.stop()

    assert finished.status == "done" and finished.done == CALLS == finished.total, finished
    with db.session() as session:
        rows = session.execute(select(CallQa.call_id, CallQa.revision, CallQa.job_id, CallQa.status)).all()
        slices = session.execute(select(QaJob.status, QaJob.done)).all()
    assert len(rows) == CALLS and {r.call_id for r in rows} == set(ids)
    assert {(r.revision, r.job_id, r.status) for r in rows} == {(1, job.id, "scored")}  # each call written once
    assert all(status == "done" for status, _ in slices) and sum(done for _, done in slices) == CALLS
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(CallQa).where(CallQa.score.is_(None))) == 0
