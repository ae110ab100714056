"""A migrated database per test: SQLite in tmp_path, and (marked
``services``) one PostgreSQL database per session, emptied between tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import Database
from tests.service_support import postgres_database

TABLES = ("call_results", "calls", "users", "audit_log", "worker_heartbeats", "stage_totals", "stage_buckets", "site_config")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'callbrief.db'}")
        database.migrate()
        yield database
        database.dispose()
        return
    database = Database(request.getfixturevalue("pg_url"))
    database.migrate()
    with database.transaction() as session:
        session.execute(text(f"TRUNCATE {', '.join(TABLES)} CASCADE"))
    yield database
    database.dispose()
