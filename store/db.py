"""Database: one engine per process, sessions, and migrations at start-up.

The API, every worker process and the CLI call :meth:`Database.migrate`
when they start; a lock (PostgreSQL advisory lock, a file lock beside a
SQLite file) makes concurrent start-ups take turns. SQLite is set up for
several processes at once: WAL, a busy timeout, and write transactions
that take the write lock up front (``BEGIN IMMEDIATE``) so two writers
queue instead of failing.

Errors: a database error that running the same work again can cure (the
server unreachable or restarting, a dropped connection, a serialization
failure or deadlock, SQLite busy) leaves :meth:`Database.session` and
:meth:`Database.transaction` as :class:`pipeline.errors.TransientError`.
Everything else (an integrity violation, a missing table) is a bug and
stays the SQLAlchemy error it is, so no caller retries it.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from pipeline.errors import TransientError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 0x63616C6C  # any constant shared by all callbrief processes
_IMMEDIATE = "callbrief_immediate"
# PostgreSQL SQLSTATEs after which the same work, run again, can succeed:
# serialization failure, deadlock, lock not available, the server shutting
# down, crashed or starting; class 08 (connection) and 53 (out of resources)
# are checked by prefix.
_RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03", "57P01", "57P02", "57P03"})
_RETRY_SQLSTATE_CLASSES = ("08", "53")
# SQLite reports busy and locked databases and I/O trouble as OperationalError,
# as it does a missing table (a bug): tell them apart by the message.
_SQLITE_RETRY_WORDS = ("locked", "busy", "unable to open", "disk i/o")


def normalize_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (psycopg2 is not installed)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class Database:
    def __init__(self, url: str, *, pool_size: int = 10, null_pool: bool = False) -> None:
        self.url = normalize_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        self.sqlite_path: Path | None = None
        # hide_parameters: SQL errors must not carry transcript text or
        # search words into logs and tracebacks.
        kwargs: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
        if null_pool:
            # No connection kept open between uses: for a process that forks
            # children (the Celery worker's main process), so none inherits one.
            kwargs["poolclass"] = NullPool
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                self.sqlite_path = Path(parsed.database)
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        elif self.dialect == "postgresql":
            # Reports group by UTC day whatever the server's zone is.
            kwargs["connect_args"] = {"options": "-c timezone=UTC"}
            if not null_pool:
                kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(**{_IMMEDIATE: True}), expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reads (and writes that do not race); commit yourself."""
        with transient_errors(), self._read() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on error."""
        with transient_errors(), self._write() as session, session.begin():
            yield session

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent, safe to run concurrently)."""
        with self._migration_lock(), self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                conn.commit()
            try:
                cfg = Config()
                cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
            finally:
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    conn.commit()

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        if self.sqlite_path is None:
            yield
            return
        with open(self.sqlite_path.with_name(self.sqlite_path.name + ".migrate-lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def transient_errors() -> Iterator[None]:
    """Re-raise a database error a retry can cure as :class:`TransientError`."""
    try:
        yield
    except (sa_exc.DBAPIError, sa_exc.TimeoutError, sa_exc.DisconnectionError) as exc:
        if not is_transient(exc):
            raise
        raise TransientError(f"the database could not do it now ({_describe(exc)}); try again") from exc


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, (sa_exc.TimeoutError, sa_exc.DisconnectionError)):
        return True  # no pooled connection free in time; the server went away
    if not isinstance(exc, sa_exc.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if isinstance(exc, (sa_exc.IntegrityError, sa_exc.DataError, sa_exc.ProgrammingError, sa_exc.NotSupportedError)):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate:
        return sqlstate in _RETRY_SQLSTATES or sqlstate.startswith(_RETRY_SQLSTATE_CLASSES)
    if type(exc.orig).__module__.startswith("sqlite3"):
        return any(word in str(exc.orig).lower() for word in _SQLITE_RETRY_WORDS)
    # The driver gave no SQLSTATE: it could not reach the server or lost it.
    return isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError))


def _describe(exc: BaseException) -> str:
    """The error's type and SQLSTATE: never its text, which may quote data."""
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None)
    name = type(orig or exc).__name__
    return f"{name} {sqlstate}" if sqlstate else name


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the driver.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
