"""QA in the worker: scored after the summary and stored with the call; a rule
set that does not load never fails a call; re-score jobs run in process."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from store import calls
from store import qa as store_qa
from store.db import Database
from store.models import QaStatus
from tests.pipeline.factories import call_result
from tests.store.factories import done_call
from workers import qa
from workers.processing import Outcome, WorkerContext, run_call


@pytest.fixture(autouse=True)
def _fresh_rule_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qa, "rule_cache", qa.RuleCache())


def fake_pipeline(path, engines, options, on_progress):  # noqa: ANN001, ANN201
    on_progress("transcribe", 50)
    return call_result()


def test_a_processed_call_is_scored_with_the_default_rules_and_stored_with_it(
    make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str
) -> None:
    assert run_call(make_ctx(fake_pipeline), queued_call) is Outcome.DONE
    with db.session() as session:
        row = store_qa.get_qa(session, queued_call)
    assert row is not None and row.status == QaStatus.SCORED and row.rule_set_version == store_qa.DEFAULT_VERSION
    result = json.loads(row.result_json)
    items = {i["id"]: i for i in result["items"]}
    assert items["greeting"]["status"] == "met"
    quotes = [e["quote"] for e in items["greeting"]["evidence"]]
    assert "Energy," in quotes and all(e["turn_id"] == 0 for e in items["greeting"]["evidence"])
    assert items["disclosure"]["status"] == "not_met"
    assert "not said by the agent" in items["disclosure"]["evidence"][0]["note"]
    assert row.score == result["score"] and 0 < row.score < 100
    assert row.input_json is not None  # what a re-score reads


def test_a_rule_set_that_does_not_load_leaves_the_call_done_and_its_qa_pending(
    make_ctx: Callable[..., WorkerContext], db: Database, queued_call: str
) -> None:
    with db.transaction() as session:
        # Stored behind the checks (an older format, a hand edit in the database).
        version = store_qa.save_rule_set(session, "rules: {g: {kind: shout}}", "broken", "ada")
    assert run_call(make_ctx(fake_pipeline), queued_call) is Outcome.DONE
    with db.session() as session:
        call = calls.get_call(session, queued_call)
        row = store_qa.get_qa(session, queued_call)
    assert call is not None and call.status == "done"
    assert row is not None and row.status == QaStatus.PENDING and row.score is None
    assert row.note is not None and f"version {version} could not be loaded" in row.note and "bad_rules" in row.note
    assert "scored when the rules load again" in row.note

    # The rules are fixed: the pending call is scored by a job over pending calls.
    with db.transaction() as session:
        store_qa.save_rule_set(session, _default_text(), "fixed", "ada")
    job = store_qa.create_job(db, None, None, only_pending=True, slices=1)
    [slice_id] = store_qa.slice_ids(db, job.id)
    assert qa.run_job(db, slice_id, "w", lease_s=30, chunk=10) == qa.JobOutcome.DONE
    with db.session() as session:
        row = store_qa.get_qa(session, queued_call)
    assert row is not None and row.status == QaStatus.SCORED and row.note is None and row.revision == 2


def _default_text() -> str:
    from pipeline.qa.load import default_rules_text

    return default_rules_text()


def test_a_job_scores_calls_stored_before_qa_from_their_results_and_twice_is_harmless(db: Database) -> None:
    from tests.api.conftest import _export
    from workers.record import to_record

    ids = []
    for _ in range(5):
        call_id = done_call(db)
        # The result a worker stores (the factory's record has no turns).
        record = to_record(call_result(), _export)
        from sqlalchemy import update

        from store.models import CallResultRow

        with db.transaction() as session:
            session.execute(update(CallResultRow).where(CallResultRow.call_id == call_id).values(result_json=record.result_json))
        ids.append(call_id)
    for run in (1, 2):
        job = store_qa.create_job(db, None, "ada", slices=2)
        for slice_id in store_qa.slice_ids(db, job.id):
            assert qa.run_job(db, slice_id, "w", lease_s=30, chunk=2) == qa.JobOutcome.DONE
        assert qa.run_job(db, slice_id, "w", lease_s=30, chunk=2) == qa.JobOutcome.SKIPPED  # finished already
        view = store_qa.get_job(db, job.id)
        assert view is not None and (view.status, view.done, view.total) == ("done", 5, 5)
        with db.session() as session:
            rows = [store_qa.get_qa(session, i) for i in ids]
        assert all(r is not None and r.status == QaStatus.SCORED and r.revision == run and r.input_json for r in rows)
        assert all(r.job_id == job.id for r in rows if r is not None)


class Broker:
    def __init__(self) -> None:
        self.sent: list[tuple[str, list[str]]] = []

    def send_task(self, name: str, args: list[str], queue: str) -> None:
        self.sent.append((name, list(args)))


def test_the_requeue_check_starts_scoring_pending_calls_once_the_rules_load(db: Database, settings) -> None:  # noqa: ANN001
    from workers.celery_app import RESCORE_QA_TASK
    from workers.lifecycle import Requeuer

    call_id = done_call(db)
    with db.transaction() as session:
        store_qa.save_results(session, [store_qa.QaRecord(call_id, QaStatus.PENDING, 1, note="did not load")])
        store_qa.save_rule_set(session, "rules: {g: {kind: shout}}", "broken", "ada")
    broker = Broker()
    check = Requeuer(broker, settings)  # type: ignore[arg-type]
    check.check()
    assert broker.sent == [] and store_qa.active_job(db) is None  # the rules still do not load
    with db.transaction() as session:
        store_qa.save_rule_set(session, _default_text(), "fixed", "ada")
    check.check()
    job_id = store_qa.active_job(db, only_pending=True)
    assert job_id is not None
    assert sorted(args[0] for name, args in broker.sent if name == RESCORE_QA_TASK) == sorted(store_qa.slice_ids(db, job_id))
    check.check()
    assert len(broker.sent) == len(store_qa.slice_ids(db, job_id)), "sent once, not on every check"


def test_the_requeue_check_resends_a_slice_whose_worker_died(db: Database, settings) -> None:  # noqa: ANN001
    import time

    from workers.lifecycle import Requeuer

    done_call(db)
    job = store_qa.create_job(db, None, None, slices=1)
    [slice_id] = store_qa.slice_ids(db, job.id)
    store_qa.mark_job_enqueued(db, slice_id)
    assert store_qa.claim_job(db, slice_id, "gone:1:x", lease_s=3)
    broker = Broker()
    Requeuer(broker, settings).check()  # type: ignore[arg-type]
    assert broker.sent == []
    time.sleep(3.1)
    Requeuer(broker, settings).check()  # type: ignore[arg-type]
    assert [args for _name, args in broker.sent] == [[slice_id]]
