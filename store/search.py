"""Filters and full-text search over the call log.

Free text ``q`` matches every word (AND) in the call's turn texts and
summary: PostgreSQL with a generated ``tsvector`` column and a GIN index
(configuration ``simple``: no stemming, so Korean and English are indexed
alike), SQLite with an FTS5 table kept beside ``calls``. Both are
maintained here, in the same transaction as the row they index.

Who may see what is a :class:`Scope`, applied to every query the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, bindparam, false, func, literal_column, or_, select, text
from sqlalchemy.orm import Session, defer

from store.models import Call, CallQa, CallQaTag

SORT_COLUMNS = {
    "created_at": Call.created_at,
    "duration_s": Call.duration_s,
    "silence_s": Call.silence_s,
    "interruptions": Call.interruptions,
    "agent_talk_ratio": Call.agent_talk_ratio,
    "status": Call.status,
}
MAX_QUERY_WORDS = 16


@dataclass(frozen=True)
class Scope:
    """The calls a user may see: one agent's, one team's, or all."""

    agent_id: str | None = None
    team: str | None = None
    teamless: bool = False  # only calls without a team
    nothing: bool = False

    @staticmethod
    def everything() -> Scope:
        return Scope()


@dataclass(frozen=True)
class CallFilters:
    agent_id: str | None = None
    team: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    status: str | None = None
    language: str | None = None
    sentiment: str | None = None  # the customer's sentiment at the end of the call
    resolution: str | None = None
    follow_up_required: bool | None = None
    min_duration_s: float | None = None
    max_duration_s: float | None = None
    q: str | None = None
    category: str | None = None  # the reason's category, or a QA category the call was tagged with
    qa_min: float | None = None  # QA score, 0-100
    qa_max: float | None = None
    qa_failed: str | None = None  # a scorecard item the call did not meet


@dataclass(frozen=True)
class Page:
    items: list[Call]
    next_offset: int | None


def query_words(q: str | None) -> list[str]:
    return re.findall(r"\w+", q or "")[:MAX_QUERY_WORDS]


def where_clauses(dialect: str, filters: CallFilters, scope: Scope) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if scope.nothing:
        return [false()]
    if scope.agent_id is not None:
        clauses.append(Call.agent_id == scope.agent_id)
    if scope.team is not None:
        clauses.append(Call.team == scope.team)
    if scope.teamless:
        clauses.append(or_(Call.team.is_(None), Call.team == ""))
    f = filters
    equal = {
        Call.agent_id: f.agent_id,
        Call.team: f.team,
        Call.status: f.status,
        Call.language: f.language,
        Call.sentiment_end: f.sentiment,
        Call.resolution: f.resolution,
        Call.follow_up_required: f.follow_up_required,
    }
    clauses += [column == value for column, value in equal.items() if value is not None]
    if f.created_from is not None:
        clauses.append(Call.created_at >= f.created_from)
    if f.created_to is not None:
        clauses.append(Call.created_at < f.created_to)
    if f.min_duration_s is not None:
        clauses.append(Call.duration_s >= f.min_duration_s)
    if f.max_duration_s is not None:
        clauses.append(Call.duration_s <= f.max_duration_s)
    words = query_words(f.q)
    if words:
        clauses.append(_text_match(dialect, words))
    clauses += _qa_clauses(f)
    return clauses


def _qa_clauses(f: CallFilters) -> list[ColumnElement[bool]]:
    """QA filters: a category or a failed item (``call_qa_tags``), a score range (``call_qa``).
    A category is also the reason's (``calls.category``): a call matches by either."""
    clauses: list[ColumnElement[bool]] = []
    for kind, name in (("category", f.category), ("failed", f.qa_failed)):
        if name is not None:
            tagged = select(CallQaTag.call_id).where(CallQaTag.kind == kind, CallQaTag.name == name)
            matched = Call.id.in_(tagged)
            clauses.append(or_(Call.category == name, matched) if kind == "category" else matched)
    if f.qa_min is not None or f.qa_max is not None:
        scored = select(CallQa.call_id).where(CallQa.score.is_not(None))
        if f.qa_min is not None:
            scored = scored.where(CallQa.score >= f.qa_min)
        if f.qa_max is not None:
            scored = scored.where(CallQa.score <= f.qa_max)
        clauses.append(Call.id.in_(scored))
    return clauses


def _text_match(dialect: str, words: list[str]) -> ColumnElement[bool]:
    if dialect == "postgresql":
        tsquery = func.plainto_tsquery(literal_column("'simple'::regconfig"), bindparam("fts_q", " ".join(words)))
        return literal_column("calls.search_tsv").op("@@")(tsquery)
    if dialect == "sqlite":
        # Every word quoted: user text never reaches FTS5's query syntax.
        fts_q = " ".join('"' + w.replace('"', "") + '"' for w in words)
        matching = (
            select(literal_column("call_id"))
            .select_from(text("calls_fts"))
            .where(text("calls_fts MATCH :fts_q").bindparams(fts_q=fts_q))
        )
        return Call.id.in_(matching)
    # Any other database: a plain substring scan, correct but unindexed.
    clauses = [Call.search_text.ilike(f"%{w}%") for w in words]
    result = clauses[0]
    for clause in clauses[1:]:
        result = result & clause
    return result


def apply(stmt: Select, dialect: str, filters: CallFilters, scope: Scope) -> Select:
    return stmt.where(*where_clauses(dialect, filters, scope))


def list_calls(
    session: Session,
    dialect: str,
    filters: CallFilters,
    scope: Scope,
    *,
    sort: str = "-created_at",
    limit: int = 50,
    offset: int = 0,
) -> Page:
    descending = sort.startswith("-")
    column = SORT_COLUMNS[sort.lstrip("-")]
    key = column.desc() if descending else column.asc()
    if column is Call.created_at:
        # Matches the created_at index (NOT NULL), so the newest page is an
        # index scan, not a sort of every matching row.
        order = [key, Call.id.desc() if descending else Call.id.asc()]
    else:
        order = [key.nulls_last(), Call.created_at.desc(), Call.id.desc()]
    stmt = (
        apply(select(Call), dialect, filters, scope)
        .options(defer(Call.search_text))  # the one large column; lists never show it
        .order_by(*order)
        .offset(offset)
        .limit(limit + 1)
    )
    rows = list(session.scalars(stmt))
    has_more = len(rows) > limit
    return Page(rows[:limit], offset + limit if has_more else None)


def _fts_rowid(call_id: str) -> int:
    # FTS5 looks rows up by integer rowid only; 63 bits of the random call
    # id make a key that does not collide in practice (the call_id column
    # is what searches return, so even a collision could not mix calls up).
    return int(call_id[:16], 16) & 0x7FFF_FFFF_FFFF_FFFF


def index_call(session: Session, dialect: str, call_id: str, body: str) -> None:
    """Make the call findable by its text (PostgreSQL does it by itself)."""
    if dialect == "sqlite":
        session.execute(
            text("INSERT OR REPLACE INTO calls_fts (rowid, call_id, body) VALUES (:rowid, :id, :body)"),
            {"rowid": _fts_rowid(call_id), "id": call_id, "body": body},
        )


def unindex_call(session: Session, dialect: str, call_id: str) -> None:
    """Forget the call's text. On SQLite, FTS5 keeps a deleted row's words in
    its index blobs until segments merge (3.40 has no 'secure-delete'):
    'optimize' merges them now, so a deleted transcript leaves no words
    behind. Deletions are rare; the merge is the price of that."""
    if dialect == "sqlite":
        session.execute(text("DELETE FROM calls_fts WHERE rowid = :rowid"), {"rowid": _fts_rowid(call_id)})
        session.execute(text("INSERT INTO calls_fts(calls_fts) VALUES ('optimize')"))
