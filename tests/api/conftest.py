"""An API on SQLite in tmp_path with a recording enqueuer (no broker), and
users for every role. Integration tests with a real broker and workers
live in tests/workers/test_integration.py and tests/cli/test_service.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.context import AppContext
from api.main import create_app
from api.queue import PROCESS_CALL_TASK
from store.settings import Settings
from pipeline.types import CallResult
from store import calls, users
from store.calls import Claim
from store.db import Database
from tests.pipeline.factories import call_result
from tests.service_support import speak
from workers.record import to_record


class RecordingEnqueuer:
    def __init__(self) -> None:
        self.db: Database | None = None
        self.sent: list[tuple[str, str]] = []
        self.down = False

    def send(self, task_name: str, call_id: str) -> None:
        if self.down:
            raise ConnectionError("broker down")
        # A worker may take the message at once: the row must be committed by now.
        assert self.db is not None
        if task_name == PROCESS_CALL_TASK:
            with self.db.session() as session:
                assert calls.get_call(session, call_id) is not None, "enqueued before the row was committed"
        self.sent.append((task_name, call_id))

    def ping(self) -> None:
        if self.down:
            raise ConnectionError("broker down")


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    team: str | None
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=None, broker_url=None, max_upload_bytes=2_000_000, worker_lease_s=6)


@pytest.fixture
def enqueuer() -> RecordingEnqueuer:
    return RecordingEnqueuer()


@pytest.fixture
def app(settings: Settings, enqueuer: RecordingEnqueuer) -> Iterator[FastAPI]:
    application = create_app(settings, enqueuer=enqueuer)
    enqueuer.db = application.state.ctx.db
    application.state.ctx.sse_poll_s = 0.05
    yield application
    application.state.ctx.db.dispose()


@pytest.fixture
def ctx(app: FastAPI) -> AppContext:
    return app.state.ctx


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def people(ctx: AppContext) -> dict[str, Person]:
    cast = [
        ("ann", "agent", "billing"), ("bob", "agent", "billing"), ("cyd", "agent", "permits"),
        ("sue", "supervisor", "billing"), ("pat", "supervisor", "permits"), ("ada", "admin", None),
    ]
    out = {}
    for name, role, team in cast:
        _user, key = users.create_user(ctx.db, name, role, team)
        out[name] = Person(name, role, team, key)
    return out


@pytest.fixture(scope="session")
def wav_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("audio") / "hello.wav"
    speak("Hello, this is a short test call about a refund.", path)
    return path.read_bytes()


def stored_done_call(ctx: AppContext, agent_id: str | None, team: str | None, result: CallResult | None = None) -> str:
    """A finished call as a worker leaves it: audio on disk, result stored."""
    call_id = calls.new_call_id()
    relative = f"{call_id[:2]}/{call_id}.wav"
    path = ctx.audio.path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF....WAVEfmt fake audio")
    calls.create_call(
        ctx.db, call_id,
        calls.NewCall(audio_path=relative, audio_sha256=call_id * 2, audio_bytes=26, audio_format="wav", agent_id=agent_id, team=team),
    )
    assert calls.claim(ctx.db, call_id, "test:1:x", lease_s=60, max_deaths=3) is Claim.CLAIMED
    assert calls.finish(ctx.db, call_id, "test:1:x", to_record(result or call_result(), _export))
    return call_id


def _export(result: CallResult, fmt: str) -> str:
    from pipeline.export import export

    return export(result, fmt)
