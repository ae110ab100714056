"""Who may read reports: supervisors and admins, in the API and on the pages alike."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.context import AppContext
from tests.api.conftest import Person, stored_done_call


def log_in(client: TestClient, person: Person) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/ui/login").text).group(1)
    assert client.post("/ui/login", data={"key": person.key, "csrf": token}, follow_redirects=False).status_code == 303


@pytest.mark.parametrize("name", ["ann", "bob"])
def test_agents_read_no_report(client: TestClient, ctx: AppContext, people: dict[str, Person], name: str) -> None:
    stored_done_call(ctx, name, "billing")
    api = client.get("/v1/reports", headers=people[name].headers)
    assert api.status_code == 403 and api.json()["error"]["code"] == "forbidden"
    log_in(client, people[name])
    assert client.get("/ui/reports").status_code == 403


@pytest.mark.parametrize("name", ["sue", "ada"])
def test_supervisors_and_admins_read_reports(client: TestClient, ctx: AppContext, people: dict[str, Person], name: str) -> None:
    stored_done_call(ctx, "ann", "billing")
    api = client.get("/v1/reports", headers=people[name].headers)
    assert api.status_code == 200 and api.json()["calls"] == 1
    log_in(client, people[name])
    page = client.get("/ui/reports")
    assert page.status_code == 200


def test_call_log_filters_on_the_reason_category_and_reports_group_by_it(
    client: TestClient, ctx: AppContext, people: dict[str, Person]
) -> None:
    import dataclasses

    from tests.pipeline.factories import call_result

    plain = call_result()
    assert plain.summary is not None
    fraud = dataclasses.replace(plain, summary=dataclasses.replace(plain.summary, category="lost_card_fraud"))
    other_id = stored_done_call(ctx, "ann", "billing", plain)
    fraud_id = stored_done_call(ctx, "ann", "billing", fraud)
    admin = people["ada"].headers

    listed = client.get("/v1/calls", params={"category": "lost_card_fraud"}, headers=admin).json()
    assert [c["id"] for c in listed["items"]] == [fraud_id]
    assert listed["items"][0]["category"] == "lost_card_fraud"
    assert [c["id"] for c in client.get("/v1/calls", params={"category": "other"}, headers=admin).json()["items"]] == [other_id]

    report = client.get("/v1/reports", headers=admin).json()
    assert {(r["category"], r["calls"]) for r in report["by_category"]} == {("lost_card_fraud", 1), ("other", 1)}
