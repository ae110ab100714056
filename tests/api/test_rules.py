"""``/v1/rules`` (admins write, supervisors read; versioned and audited), re-score
jobs, ``GET /v1/calls/{id}/qa``, the QA filters of the call log and the report."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from api.context import AppContext
from api.queue import RESCORE_QA_TASK
from pipeline.qa.load import default_rules_text
from store import qa as store_qa
from store.models import QaStatus
from tests.api.conftest import Person, RecordingEnqueuer, stored_done_call

SMALL_RULES = """
name: small
rules:
  greet: {kind: phrase, party: agent, within: {first_s: 15}, phrases: ["thank you for calling"]}
  recorded: {kind: phrase, party: agent, phrases: ["this call is recorded"]}
  bill: {kind: phrase, party: customer, phrases: ["my bill"]}
categories:
  billing_talk: {title: Talks about a bill, rule: bill}
scorecards:
  basic:
    items:
      greeting: {rule: greet}
      disclosure: {rule: recorded}
"""


def put(client: TestClient, person: Person, body: str, content_type: str = "application/yaml", **params: str):  # noqa: ANN201
    return client.put("/v1/rules", content=body.encode(), headers={**person.headers, "Content-Type": content_type}, params=params)


def test_supervisors_read_the_default_rules_and_agents_may_not(client: TestClient, people: dict[str, Person]) -> None:
    got = client.get("/v1/rules", headers=people["sue"].headers)
    assert got.status_code == 200
    body = got.json()
    assert body["version"] == 0 and body["body"] == default_rules_text()
    assert [i["id"] for i in body["scorecards"]["public_sector"]] == [
        "greeting", "identity", "disclosure", "next_steps", "further_help", "no_banned_phrases",
    ]
    assert client.get("/v1/rules", headers=people["ann"].headers).status_code == 403


def test_only_admins_change_the_rules_and_every_change_is_a_new_audited_version(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    refused = put(client, people["sue"], SMALL_RULES)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    first = put(client, people["ada"], SMALL_RULES, comment="a small card")
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1 and first.json()["comment"] == "a small card"
    as_json = json.dumps({"rules": {"bill": {"kind": "phrase", "phrases": ["my bill"]}}, "categories": {"b": {"rule": "bill"}}})
    second = put(client, people["ada"], as_json, "application/json")
    assert second.status_code == 200 and second.json()["version"] == 2
    current = client.get("/v1/rules", headers=people["sue"].headers).json()
    assert current["version"] == 2 and current["categories"] == {"b": "b"}
    versions = client.get("/v1/rules/versions", headers=people["sue"].headers).json()["items"]
    assert [(v["version"], v["created_by"]) for v in versions] == [(2, "ada"), (1, "ada")]
    assert client.get("/v1/rules/versions/1", headers=people["sue"].headers).json()["body"] == SMALL_RULES
    assert client.get("/v1/rules/versions/9", headers=people["sue"].headers).status_code == 404
    with ctx.db.session() as session:
        from sqlalchemy import select

        from store.models import AuditEntry

        actions = session.execute(select(AuditEntry.user_name, AuditEntry.action, AuditEntry.detail)).all()
    assert ("ada", "rules_update", "version 1") in actions and ("ada", "rules_update", "version 2") in actions


def test_a_bad_payload_names_the_rule_and_the_field_and_stores_nothing(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    bad = SMALL_RULES.replace("within: {first_s: 15}", "within: {first_s: soon}")
    got = put(client, people["ada"], bad)
    assert got.status_code == 422
    error = got.json()["error"]
    assert error["code"] == "bad_rules"
    assert error["message"] == "rule 'greet': field 'within.first_s': expected a number, got 'soon'"
    for body, content_type, words in [
        ("rules: [", "application/yaml", "not valid YAML"),
        ("{", "application/json", "not valid JSON"),
        ("", "application/yaml", "empty"),
        ("ÿ", "application/yaml", "must be a mapping"),
    ]:
        got = put(client, people["ada"], body, content_type)
        assert got.status_code == 422 and got.json()["error"]["code"] == "bad_rules", body
        assert words in got.json()["error"]["message"]
    latin1 = client.put("/v1/rules", content=b"\xff\xfe", headers={**people["ada"].headers, "Content-Type": "application/yaml"})
    assert latin1.status_code == 422 and "not UTF-8" in latin1.json()["error"]["message"]
    too_big = client.put("/v1/rules", content=b"#" * 1_000_001, headers={**people["ada"].headers, "Content-Type": "application/yaml"})
    assert too_big.status_code == 413
    with ctx.db.session() as session:
        assert store_qa.current_rule_set(session) is None


def test_a_rescore_is_a_job_of_slices_handed_to_the_workers(
    client: TestClient, people: dict[str, Person], ctx: AppContext, enqueuer: RecordingEnqueuer
) -> None:
    for _ in range(3):
        stored_done_call(ctx, "ann", "billing")
    assert client.post("/v1/rules/rescore", headers=people["sue"].headers).status_code == 403
    started = client.post("/v1/rules/rescore", json={"since": "2020-01-01"}, headers=people["ada"].headers)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status"] == "queued" and job["total"] == 3 and job["progress"] == 0
    sent = [call_id for task, call_id in enqueuer.sent if task == RESCORE_QA_TASK]
    assert sorted(sent) == sorted(store_qa.slice_ids(ctx.db, job["id"])) and len(sent) == 2
    status = client.get(job["status_url"], headers=people["sue"].headers)
    assert status.status_code == 200 and status.json()["id"] == job["id"]
    assert client.get("/v1/rules/rescore/nope", headers=people["sue"].headers).status_code == 404
    bad = client.post("/v1/rules/rescore", json={"since": "last week"}, headers=people["ada"].headers)
    assert bad.status_code == 422 and "error" in bad.json()


def test_call_qa_shows_items_with_evidence_and_only_to_those_who_see_the_call(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    from workers.qa import score_for_call

    call_id = stored_done_call(ctx, "ann", "billing")
    unscored = client.get(f"/v1/calls/{call_id}/qa", headers=people["ann"].headers)
    assert unscored.status_code == 200 and unscored.json()["status"] == "not_scored"
    with ctx.db.session() as session:
        from store import calls

        result_json = calls.get_result(session, call_id).result_json
    record = score_for_call(ctx.db, call_id, json.loads(result_json))
    with ctx.db.transaction() as session:
        store_qa.save_results(session, [record])
    got = client.get(f"/v1/calls/{call_id}/qa", headers=people["ann"].headers)
    assert got.status_code == 200
    body = got.json()
    assert body["status"] == "scored" and body["scorecard"] == "public_sector" and body["score"] == record.score
    greeting = next(i for i in body["items"] if i["id"] == "greeting")
    assert greeting["status"] == "met" and greeting["evidence"][0]["turn_id"] == 0
    assert client.get(f"/v1/calls/{call_id}/qa", headers=people["cyd"].headers).status_code == 404
    assert client.get(f"/v1/calls/{call_id}/qa", headers=people["pat"].headers).status_code == 404


def test_pending_qa_says_why(client: TestClient, people: dict[str, Person], ctx: AppContext) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    with ctx.db.transaction() as session:
        store_qa.save_results(session, [store_qa.QaRecord(
            call_id=call_id, status=QaStatus.PENDING, rule_set_version=4,
            note="not scored yet: version 4 could not be loaded: [bad_rules] ...",
        )])
    body = client.get(f"/v1/calls/{call_id}/qa", headers=people["ann"].headers).json()
    assert body["status"] == "pending" and "could not be loaded" in body["note"] and body["items"] == []


def test_call_log_filters_and_report_read_the_qa_results(client: TestClient, people: dict[str, Person], ctx: AppContext) -> None:
    first = stored_done_call(ctx, "ann", "billing")
    second = stored_done_call(ctx, "bob", "billing")
    with ctx.db.transaction() as session:
        store_qa.save_results(session, [
            store_qa.QaRecord(first, QaStatus.SCORED, 0, 40.0, "{}", None, None, ("complaint",), ("greeting",)),
            store_qa.QaRecord(second, QaStatus.SCORED, 0, 90.0, "{}", None, None, (), ()),
        ])
    sue = people["sue"].headers

    def listed(**params: object) -> set[str]:
        got = client.get("/v1/calls", params=params, headers=sue)
        assert got.status_code == 200, got.text
        return {c["id"] for c in got.json()["items"]}

    assert listed(category="complaint") == {first}
    assert listed(qa_min=50) == {second}
    assert listed(qa_max=50) == {first}
    assert listed(qa_failed="greeting") == {first}
    assert listed(qa_failed="greeting", qa_min=50) == set()
    bad = client.get("/v1/calls", params={"qa_min": 101}, headers=sue)
    assert bad.status_code == 422 and bad.json()["error"]["code"]
    report = client.get("/v1/reports", headers=sue).json()
    assert report["qa_avg_score"] == 65.0
    assert report["qa_avg_score_by_agent"] == [
        {"agent_id": "bob", "calls": 1, "avg_score": 90.0}, {"agent_id": "ann", "calls": 1, "avg_score": 40.0},
    ]
    assert report["qa_avg_score_by_team"] == [{"team": "billing", "calls": 2, "avg_score": 65.0}]
    assert report["qa_failed_items"] == [{"item": "greeting", "calls": 1}]
    [week] = report["qa_categories_per_week"]
    assert week["category"] == "complaint" and week["calls"] == 1
    # The report is scoped like the list: another team's supervisor sees none of it.
    assert client.get("/v1/reports", headers=people["pat"].headers).json()["qa_avg_score"] is None


def test_a_change_can_start_the_rescore_at_once(
    client: TestClient, people: dict[str, Person], ctx: AppContext, enqueuer: RecordingEnqueuer
) -> None:
    stored_done_call(ctx, "ann", "billing")
    got = put(client, people["ada"], SMALL_RULES, rescore="true", since="2020-01-01")
    assert got.status_code == 200, got.text
    job = got.json()["rescore"]
    assert job["status"] == "queued" and job["total"] == 1
    assert len([1 for task, _ in enqueuer.sent if task == RESCORE_QA_TASK]) == 2
    assert put(client, people["ada"], SMALL_RULES).json()["rescore"] is None
