"""Filters and full-text search return exactly the right calls (SQLite FTS5
and PostgreSQL tsvector alike)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from store import search
from store.db import Database
from store.search import CallFilters, Scope
from tests.store.factories import done_call, new_call


def day(d: int) -> datetime:
    return datetime(2025, 3, d, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def log(db: Database) -> dict[str, str]:
    """Five calls with known attributes, named for readability."""
    return {
        "refund": done_call(
            db, "the customer wants a refund of the late fee\nRefund issued",
            agent_id="ann", team="billing", created_at=day(1), language="en", duration_s=120.0,
            sentiment_end="positive", resolution="resolved", follow_up_required=False,
        ),
        "autopay": done_call(
            db, "autopay failed twice this month and a late fee was charged",
            agent_id="ann", team="billing", created_at=day(2), language="en", duration_s=300.0,
            sentiment_end="negative", resolution="escalated", follow_up_required=True,
        ),
        "korean": done_call(
            db, "요금 청구서 문의 환불 요청",
            agent_id="bo", team="billing", created_at=day(3), language="ko", duration_s=45.0,
            sentiment_end="neutral", resolution="unresolved", follow_up_required=True,
        ),
        "parking": done_call(
            db, "parking permit renewal for the resident zone",
            agent_id="cy", team="permits", created_at=day(4), language="en", duration_s=90.0,
            sentiment_end="positive", resolution="resolved", follow_up_required=False,
        ),
        "queued": new_call(db, agent_id="cy", team="permits", created_at=day(5)),
    }


def ids(db: Database, filters: CallFilters, scope: Scope = Scope(), **kwargs: object) -> list[str]:
    with db.session() as session:
        return [c.id for c in search.list_calls(session, db.dialect, filters, scope, **kwargs).items]  # type: ignore[arg-type]


def names(log: dict[str, str], found: list[str]) -> list[str]:
    by_id = {v: k for k, v in log.items()}
    return [by_id[i] for i in found]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CallFilters(), ["queued", "parking", "korean", "autopay", "refund"]),
        (CallFilters(agent_id="ann"), ["autopay", "refund"]),
        (CallFilters(team="permits"), ["queued", "parking"]),
        (CallFilters(created_from=day(2), created_to=day(4)), ["korean", "autopay"]),
        (CallFilters(status="queued"), ["queued"]),
        (CallFilters(language="ko"), ["korean"]),
        (CallFilters(sentiment="positive"), ["parking", "refund"]),
        (CallFilters(resolution="escalated"), ["autopay"]),
        (CallFilters(follow_up_required=True), ["korean", "autopay"]),
        (CallFilters(min_duration_s=60, max_duration_s=150), ["parking", "refund"]),
        (CallFilters(q="late fee"), ["autopay", "refund"]),
        (CallFilters(q="LATE refund"), ["refund"]),  # every word must appear, any case
        (CallFilters(q="refund issued"), ["refund"]),  # across turn and summary lines
        (CallFilters(q="환불"), ["korean"]),
        (CallFilters(q="permit", team="billing"), []),
        (CallFilters(q='fee" OR "parking'), []),  # query syntax is never interpreted
        (CallFilters(q="late fee", sentiment="negative", min_duration_s=200), ["autopay"]),
    ],
)
def test_filters_and_text_search(db: Database, log: dict[str, str], filters: CallFilters, expected: list[str]) -> None:
    assert names(log, ids(db, filters)) == expected


def test_scopes(db: Database, log: dict[str, str]) -> None:
    assert names(log, ids(db, CallFilters(), Scope(agent_id="ann"))) == ["autopay", "refund"]
    assert names(log, ids(db, CallFilters(), Scope(team="permits"))) == ["queued", "parking"]
    assert ids(db, CallFilters(), Scope(teamless=True)) == []
    assert ids(db, CallFilters(), Scope(nothing=True)) == []
    # A filter cannot widen a scope.
    assert ids(db, CallFilters(agent_id="cy"), Scope(agent_id="ann")) == []


def test_sorting_and_pages(db: Database, log: dict[str, str]) -> None:
    assert names(log, ids(db, CallFilters(status="done"), sort="duration_s")) == ["korean", "parking", "refund", "autopay"]
    assert names(log, ids(db, CallFilters(status="done"), sort="-duration_s"))[0] == "autopay"
    with db.session() as session:
        first = search.list_calls(session, db.dialect, CallFilters(), Scope(), limit=2)
        second = search.list_calls(session, db.dialect, CallFilters(), Scope(), limit=2, offset=first.next_offset or 0)
        last = search.list_calls(session, db.dialect, CallFilters(), Scope(), limit=2, offset=4)
    assert names(log, [c.id for c in first.items + second.items]) == ["queued", "parking", "korean", "autopay"]
    assert (first.next_offset, second.next_offset, last.next_offset) == (2, 4, None)


def test_category_filters_on_the_reason_category(db: Database) -> None:
    billing = done_call(db, "a high bill", category="billing", resolution="resolved")
    fraud = done_call(db, "a stolen card", category="lost_card_fraud", resolution="escalated")
    done_call(db, "no category yet")
    assert ids(db, CallFilters(category="billing")) == [billing]
    assert ids(db, CallFilters(category="lost_card_fraud", resolution="escalated")) == [fraud]
    assert ids(db, CallFilters(category="refund")) == []
