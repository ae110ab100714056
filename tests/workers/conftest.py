from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store.settings import Settings
from store import calls
from store.audio import AudioStore
from store.db import Database
from workers.processing import WorkerContext


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=None, broker_url=None, worker_lease_s=30, max_worker_deaths=3)


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.resolved_database_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def make_ctx(settings: Settings, db: Database) -> Callable[..., WorkerContext]:
    def make(process, exporter=lambda result, fmt: f"{fmt} export") -> WorkerContext:  # noqa: ANN001
        return WorkerContext(
            settings=settings, db=db, audio=AudioStore(settings.resolved_audio_dir), process=process, exporter=exporter
        )

    return make


@pytest.fixture
def queued_call(db: Database, settings: Settings) -> str:
    call_id = calls.new_call_id()
    relative = f"{call_id[:2]}/{call_id}.wav"
    path = settings.resolved_audio_dir / relative
    path.parent.mkdir(parents=True)
    path.write_bytes(b"RIFF")
    calls.create_call(
        db, call_id,
        calls.NewCall(audio_path=relative, audio_sha256="f" * 64, audio_bytes=4, audio_format="wav",
                      channels="customer,agent", language_requested="en", hotwords="Northwind",
                      callback_url="http://127.0.0.1:9/hook"),
    )
    return call_id
