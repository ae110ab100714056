from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import inspect

from store import stats, users
from store.db import Database, normalize_url


def test_postgresql_urls_use_psycopg3() -> None:
    assert normalize_url("postgresql://u@h:5432/db").startswith("postgresql+psycopg://")
    assert normalize_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_migrations_are_idempotent(db: Database) -> None:
    db.migrate()
    tables = set(inspect(db.engine).get_table_names())
    assert {"calls", "call_results", "users", "audit_log", "worker_heartbeats"} <= tables


def _migrate(url: str) -> None:
    Database(url).migrate()


def test_concurrent_start_ups_migrate_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'callbrief.db'}"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_migrate, args=(url,)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert "calls" in inspect(Database(url).engine).get_table_names()


def test_keys_are_stored_hashed_and_authenticate(db: Database) -> None:
    user, key = users.create_user(db, "ann", "agent", "billing")
    assert key.startswith("cb_") and len(key) > 40
    with db.session() as session:
        assert users.authenticate(session, key).name == "ann"  # type: ignore[union-attr]
        assert users.authenticate(session, key + "x") is None
        assert users.get_user(session, "ann").key_hash != key  # type: ignore[union-attr]
    users.set_disabled(db, "ann", True)
    with db.session() as session:
        assert users.authenticate(session, key) is None


def test_site_secret_is_generated_once(db: Database) -> None:
    first = stats.site_secret(db, "webhook_secret")
    assert len(first) == 64 and stats.site_secret(db, "webhook_secret") == first
