"""The production shape against real services: PostgreSQL, Redis, real
Celery worker processes (not eager mode) running the real pipeline, and the
API as its own process.

Fast models (tiny.en, extractive summary) keep this to a few minutes; the
default models are exercised by tests/cli/test_service.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import soundfile as sf
from celery import Celery
from sqlalchemy import func, select

from store.db import Database
from store.models import CallResultRow
from tests.service_client import EventCollector, WebhookReceiver, upload
from tests.service_support import (
    Process, callbrief, free_port, postgres_database, redis_url, sample_call, service_env, stereo_call,
    wait_http, wait_status,
)
from workers import webhook

pytestmark = [pytest.mark.services, pytest.mark.slow]

SECRET = "integration-secret"


@dataclass
class Service:
    env: dict[str, str]
    data_dir: Path
    base_url: str
    client: httpx.Client
    db: Database
    api: Process
    workers: list[Process]
    receiver: WebhookReceiver
    short_call: Path
    sample: Path

    def start_worker(self) -> Process:
        worker = Process(callbrief("worker"), self.env, self.data_dir / f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker

    def wait_ready(self, workers: int = 1, timeout_s: float = 240.0) -> None:
        deadline = time.monotonic() + timeout_s
        body: dict = {}
        while time.monotonic() < deadline:
            body = httpx.get(f"{self.base_url}/ready", timeout=5).json()
            if body["ready"] and body["workers"] >= workers:
                return
            time.sleep(0.5)
        logs = "\n".join(w.output()[-2000:] for w in self.workers)
        raise TimeoutError(f"not ready: {body}\n{logs}")

    def results(self, call_id: str) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.count()).select_from(CallResultRow).where(CallResultRow.call_id == call_id)) or 0


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    data_dir = tmp_path_factory.mktemp("service")
    with postgres_database() as pg, redis_url() as broker:
        env = service_env(data_dir, DATABASE_URL=pg, BROKER_URL=broker, CALLBRIEF_WEBHOOK_SECRET=SECRET,
                          CALLBRIEF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")  # the test's receiver is on loopback
        import subprocess

        added = subprocess.run(callbrief("users", "add", "ann", "--role", "agent", "--team", "billing"),
                               env=env, capture_output=True, text=True, check=True)
        key = added.stdout.strip().splitlines()[-1]
        port = free_port()
        api = Process(callbrief("api", "--port", str(port)), env, data_dir / "api.log")
        base_url = f"http://127.0.0.1:{port}"
        receiver = WebhookReceiver()
        db = Database(pg)
        svc = Service(
            env=env, data_dir=data_dir, base_url=base_url,
            client=httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30),
            db=db, api=api, workers=[], receiver=receiver,
            short_call=stereo_call(data_dir / "short_call.wav"), sample=sample_call(data_dir),
        )
        try:
            wait_http(f"{base_url}/health", proc=api)
            svc.start_worker()
            svc.wait_ready()
            yield svc
        finally:
            for proc in [api, *svc.workers]:
                proc.stop()
            receiver.close()
            svc.client.close()
            db.dispose()


def test_a_sample_call_end_to_end_api_sse_and_signed_webhook(service: Service) -> None:
    accepted = upload(service.client, service.sample, external_id="e2e-1", channels="agent,customer", callback_url=service.receiver.url)
    call_id = accepted["id"]
    events = EventCollector(service.base_url, dict(service.client.headers), call_id)
    status = wait_status(service.client, call_id, {"done", "failed"}, timeout_s=400)
    assert status["status"] == "done", status
    assert status["duration_s"] == pytest.approx(sf.info(service.sample).duration, abs=0.1)

    summary = service.client.get(f"/v1/calls/{call_id}/summary").json()
    assert summary["summary"]["summary"]["text"]
    transcript = service.client.get(f"/v1/calls/{call_id}/transcript").json()
    assert {t["role"] for t in transcript["turns"]} == {"agent", "customer"}
    text = service.client.get(f"/v1/calls/{call_id}/transcript", params={"format": "txt"}).text.lower()
    assert "council" in text and "miller" in text

    events.join(60)
    assert events.error is None
    assert events.events[-1] == ("summary", summary)
    progress = [e["progress"] for n, e in events.events if n == "status"]
    assert progress == sorted(progress) and any(0 < p < 100 for p in progress)

    deadline = time.monotonic() + 30
    while not service.receiver.for_call(call_id) and time.monotonic() < deadline:
        time.sleep(0.2)
    [(headers, body)] = service.receiver.raw_for_call(call_id)
    assert webhook.verify(SECRET, body, headers["X-Callbrief-Signature"])
    [(_, payload)] = service.receiver.for_call(call_id)
    assert payload["event"] == "call.done" and payload["summary"] == summary["summary"]

    found = service.client.get("/v1/calls", params={"q": "council tax"}).json()["items"]
    assert call_id in [c["id"] for c in found]


def test_duplicate_task_deliveries_produce_one_result(service: Service) -> None:
    call_id = upload(service.client, service.short_call, external_id="dup-1", callback_url=service.receiver.url)["id"]
    producer = Celery(broker=service.env["BROKER_URL"], set_as_current=False)
    for _ in range(2):  # the API already sent it once
        producer.send_task("callbrief.process_call", args=[call_id], queue=service.env["CALLBRIEF_TASK_QUEUE"])
    assert wait_status(service.client, call_id, {"done", "failed"})["status"] == "done"
    time.sleep(3)  # let the extra deliveries arrive and be refused
    producer.send_task("callbrief.process_call", args=[call_id], queue=service.env["CALLBRIEF_TASK_QUEUE"])
    time.sleep(3)
    assert service.results(call_id) == 1
    with service.db.session() as session:
        from store import calls

        row = calls.get_call(session, call_id)
    assert row is not None and row.attempts == 1
    assert len(service.receiver.for_call(call_id)) == 1
    assert service.workers[-1].output().count(f"call {call_id} not processed here") >= 2


def test_sigkill_mid_call_loses_nothing_and_gives_one_result(service: Service) -> None:
    call_id = upload(service.client, service.sample, external_id="kill-1", callback_url=service.receiver.url)["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = service.client.get(f"/v1/calls/{call_id}").json()
        if status["status"] == "processing" and status["progress"] > 0:
            break
        time.sleep(0.1)
    assert status["status"] == "processing", status
    service.workers[-1].kill()  # SIGKILL, main process and pool process
    time.sleep(1)
    assert service.client.get(f"/v1/calls/{call_id}").json()["status"] == "processing"

    service.start_worker()
    status = wait_status(service.client, call_id, {"done", "failed"}, timeout_s=400)
    assert status["status"] == "done", status
    assert service.results(call_id) == 1
    with service.db.session() as session:
        from store import calls

        row = calls.get_call(session, call_id)
    assert row is not None and row.attempts == 2 and row.error_code is None
    assert service.client.get(f"/v1/calls/{call_id}/summary").status_code == 200
    time.sleep(2)
    assert len(service.receiver.for_call(call_id)) == 1
    # One message per death, not one per requeue check while the call waited.
    logs = "".join(w.output() for w in service.workers)
    assert logs.count(f"call {call_id}: its worker stopped; back in the queue") == 1


def test_two_workers_share_the_queue(service: Service) -> None:
    service.start_worker()
    service.wait_ready(workers=2)
    ids = [upload(service.client, service.short_call, external_id=f"pair-{n}")["id"] for n in range(2)]
    for call_id in ids:
        assert wait_status(service.client, call_id, {"done", "failed"})["status"] == "done"
    # Prefetch 1: the second call goes to the idle worker, not behind the first.
    done_in = [w for w in service.workers[-2:] if any(f"call {i} done" in w.output() for i in ids)]
    assert len(done_in) == 2
