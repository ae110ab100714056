"""What is left of a call anywhere in the database: every table, every
column, FTS5's index blobs on SQLite included."""

from __future__ import annotations

from sqlalchemy import inspect, text

from store.db import Database


def traces(db: Database, needles: list[str], *, skip: tuple[str, ...] = ("audit_log",)) -> list[str]:
    """``table.column`` for every stored value containing one of ``needles``
    (the audit log keeps who did what to which call id, by design)."""
    found: list[str] = []
    wanted = [n.lower() for n in needles]
    with db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table in skip or table == "alembic_version":
                continue
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            for row in result.mappings():
                for column, value in row.items():
                    if isinstance(value, bytes):
                        value = value.decode("latin-1")
                    if value is not None and any(n in str(value).lower() for n in wanted):
                        found.append(f"{table}.{column}")
    return found
