from __future__ import annotations

import multiprocessing
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect, text

from pipeline.errors import TransientError
from store import stats, users
from store.db import Database, normalize_url
from tests.service_support import PG_ADMIN_URL, free_port


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


# --- which database errors a retry can cure ----------------------------------


def test_an_unreachable_postgresql_server_is_transient() -> None:
    # Nothing listens on this port: as a stopped server looks to a client.
    db = Database(f"postgresql://postgres@127.0.0.1:{free_port()}/callbrief")
    with pytest.raises(TransientError) as caught, db.session() as session:
        session.execute(text("SELECT 1"))
    assert caught.value.retryable and caught.value.code == "transient"
    assert isinstance(caught.value.__cause__, sa_exc.OperationalError)
    db.dispose()


@pytest.mark.services
def test_a_connection_the_server_drops_is_transient(pg_url: str) -> None:
    db = Database(pg_url)
    with pytest.raises(TransientError), db.transaction() as session:
        backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
        session.execute(text("SELECT 1"))
    with db.session() as session:  # the next use gets a new connection
        assert session.execute(text("SELECT 1")).scalar_one() == 1
    db.dispose()


@pytest.mark.services
def test_a_serialization_failure_is_transient(pg_url: str) -> None:
    db = Database(pg_url)
    db.migrate()
    with db.transaction() as session:
        session.execute(text("DELETE FROM site_config WHERE key = 'race'"))
        session.execute(text("INSERT INTO site_config (key, value) VALUES ('race', 'a')"))
    with pytest.raises(TransientError) as caught, db.transaction() as first:
        first.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        first.execute(text("SELECT value FROM site_config WHERE key = 'race'")).scalar_one()
        with db.transaction() as second:
            second.execute(text("UPDATE site_config SET value = 'b' WHERE key = 'race'"))
        first.execute(text("UPDATE site_config SET value = 'c' WHERE key = 'race'"))
    assert getattr(caught.value.__cause__.orig, "sqlstate", None) == "40001"  # type: ignore[union-attr]
    assert "40001" in caught.value.message
    db.dispose()


def test_an_integrity_violation_is_not_transient(db: Database) -> None:
    # A bug: it must fail loudly, never be retried as an outage.
    with db.transaction() as session:
        session.execute(text("INSERT INTO site_config (key, value) VALUES ('once', 'a')"))
    with pytest.raises(sa_exc.IntegrityError), db.transaction() as session:
        session.execute(text("INSERT INTO site_config (key, value) VALUES ('once', 'b')"))


def test_a_missing_table_is_not_transient(tmp_path: Path) -> None:
    unmigrated = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(sa_exc.OperationalError), unmigrated.session() as session:
        session.execute(text("SELECT * FROM calls"))
    unmigrated.dispose()
