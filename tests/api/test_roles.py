"""Who sees what: agents their own calls, supervisors their team's, admins
all; a call you may not see is 404 (its existence does not leak); every
read of a call is in the audit log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.context import AppContext
from store import users
from tests.api.conftest import Person, stored_done_call

READS = ("", "/summary", "/transcript", "/transcript?format=srt", "/analytics", "/audio", "/events")


@pytest.fixture
def owned(ctx: AppContext, people: dict[str, Person]) -> dict[str, str]:
    return {
        "ann": stored_done_call(ctx, "ann", "billing"),
        "cyd": stored_done_call(ctx, "cyd", "permits"),
    }


VISIBLE = {
    "ann": {"ann"},
    "bob": set(),
    "cyd": {"cyd"},
    "sue": {"ann"},
    "pat": {"cyd"},
    "ada": {"ann", "cyd"},
}


@pytest.mark.parametrize("reader", sorted(VISIBLE))
def test_role_matrix_for_every_read(client: TestClient, people: dict[str, Person], owned: dict[str, str], reader: str) -> None:
    for owner, call_id in owned.items():
        for suffix in READS:
            response = client.get(f"/v1/calls/{call_id}{suffix}", headers=people[reader].headers)
            expected = 200 if owner in VISIBLE[reader] else 404
            assert response.status_code == expected, f"{reader} reading {owner}'s call{suffix}: {response.status_code}"
            if expected == 404:
                assert response.json() == {"error": {"code": "not_found", "message": "no such call"}}


def test_unknown_and_hidden_calls_look_the_same(client: TestClient, people: dict[str, Person], owned: dict[str, str]) -> None:
    hidden = client.get(f"/v1/calls/{owned['cyd']}", headers=people["ann"].headers)
    unknown = client.get("/v1/calls/" + "0" * 32, headers=people["ann"].headers)
    assert (hidden.status_code, hidden.json()) == (unknown.status_code, unknown.json())


@pytest.mark.parametrize(("reader", "expected"), [("ann", {"ann"}), ("bob", set()), ("sue", {"ann"}), ("pat", {"cyd"}), ("ada", {"ann", "cyd"})])
def test_the_call_log_is_scoped(
    client: TestClient, people: dict[str, Person], owned: dict[str, str], reader: str, expected: set[str]
) -> None:
    listed = client.get("/v1/calls", headers=people[reader].headers).json()["items"]
    assert {c["agent_id"] for c in listed} == expected
    # Asking for someone else's calls by filter does not widen the scope.
    assert client.get("/v1/calls?agent_id=cyd", headers=people["ann"].headers).json()["items"] == []


@pytest.mark.parametrize(("reader", "expected"), [("sue", {"ann"}), ("pat", {"cyd"}), ("ada", {"ann", "cyd"})])
def test_reports_are_scoped(
    client: TestClient, people: dict[str, Person], owned: dict[str, str], reader: str, expected: set[str]
) -> None:
    report = client.get("/v1/reports", headers=people[reader].headers).json()
    assert report["calls"] == len(expected)


def test_delete_is_for_supervisors_and_admins(
    client: TestClient, ctx: AppContext, people: dict[str, Person], owned: dict[str, str]
) -> None:
    ann_call = owned["ann"]
    audio = ctx.audio.files()
    assert client.delete(f"/v1/calls/{ann_call}", headers=people["ann"].headers).status_code == 403
    assert client.delete(f"/v1/calls/{ann_call}", headers=people["bob"].headers).status_code == 404
    assert client.delete(f"/v1/calls/{ann_call}", headers=people["pat"].headers).status_code == 404
    assert client.delete(f"/v1/calls/{ann_call}", headers=people["sue"].headers).status_code == 204
    assert client.get(f"/v1/calls/{ann_call}", headers=people["ada"].headers).status_code == 404
    assert client.get(f"/v1/calls/{ann_call}/summary", headers=people["ada"].headers).status_code == 404
    assert len(ctx.audio.files()) == len(audio) - 1
    assert client.delete(f"/v1/calls/{owned['cyd']}", headers=people["ada"].headers).status_code == 204


def test_every_read_of_a_call_is_audited(client: TestClient, ctx: AppContext, people: dict[str, Person], owned: dict[str, str]) -> None:
    call_id = owned["ann"]
    for suffix in ("", "/summary", "/transcript", "/audio"):
        client.get(f"/v1/calls/{call_id}{suffix}", headers=people["sue"].headers)
    refused = client.get(f"/v1/calls/{call_id}/analytics", headers=people["bob"].headers)
    assert refused.status_code == 404
    with ctx.db.session() as session:
        entries = users.audit_entries(session, call_id)
    assert [(e.user_name, e.action, e.detail) for e in entries] == [
        ("sue", "get_call", None), ("sue", "get_summary", None), ("sue", "get_transcript", None),
        ("sue", "get_audio", None), ("bob", "get_analytics", "refused: not found"),
    ]


def test_reads_of_calls_that_do_not_exist_are_audited(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    from sqlalchemy import select

    from store.models import AuditEntry

    missing, long_id = "f" * 32, "e" * 64
    assert client.get(f"/v1/calls/{missing}", headers=people["bob"].headers).status_code == 404
    assert client.get(f"/v1/calls/{long_id}/summary", headers=people["bob"].headers).status_code == 404
    with ctx.db.session() as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.user_name == "bob")))
    assert [(e.action, e.call_id, e.detail) for e in rows] == [
        ("get_call", missing, "refused: not found"), ("get_summary", None, f"refused: not found ({long_id})"),
    ]


def test_bad_and_disabled_keys_are_refused(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    assert client.get("/v1/me", headers={"Authorization": "Bearer cb_nope"}).status_code == 401
    assert client.get("/v1/me", headers={"Authorization": people["ann"].key}).status_code == 401
    assert client.get("/v1/me", headers=people["ann"].headers).json() == {"name": "ann", "role": "agent", "team": "billing"}
    users.set_disabled(ctx.db, "ann", True)
    assert client.get("/v1/me", headers=people["ann"].headers).status_code == 401
