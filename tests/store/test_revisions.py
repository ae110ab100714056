"""Reviewed summaries: revisions keep the original, count corrections per field, export an evaluation set."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluation.formats import read_records
from store import calls, revisions, users
from store.db import Database
from store.models import CallResultRow
from store.search import CallFilters, Scope
from tests.store.factories import done_call

SUMMARY = {
    "summary": {"text": "Late fee removed.", "turn_ids": [1]},
    "reason": {"text": "late fee", "turn_ids": [0]},
    "resolution": {"status": "resolved", "text": "Fee removed.", "turn_ids": [1]},
    "action_items": [{"owner": "agent", "what": "call back", "when": "Friday", "turn_ids": [1]}],
    "follow_up_required": True,
    "key_facts": [{"kind": "amount", "value": "$42", "turn_ids": [1], "verified": True}],
}
TURNS = [
    {"id": 0, "speaker": "ch1", "role": "customer", "text": "There is a late fee.", "start": 0.0, "end": 2.0},
    {"id": 1, "speaker": "ch0", "role": "agent", "text": "I removed the $42 fee.", "start": 2.5, "end": 4.0},
]


def summarised_call(db: Database) -> str:
    call_id = done_call(db, "late fee", agent_id="ann", team="billing", resolution="resolved", reason="late fee")
    with db.transaction() as session:
        row = session.get(CallResultRow, call_id)
        row.summary_json = json.dumps(SUMMARY)
        row.result_json = json.dumps({"language": "en", "turns": TURNS})
    return call_id


def test_a_correction_is_a_new_revision_and_the_original_stays(db: Database, tmp_path: Path) -> None:
    user, _key = users.create_user(db, "ann", "agent", "billing")
    accepted_id, corrected_id = summarised_call(db), summarised_call(db)
    with db.transaction() as session:
        call = calls.get_call(session, accepted_id)
        assert revisions.review(session, call, user, SUMMARY, None).action == revisions.ACCEPTED
        call = calls.get_call(session, corrected_id)
        fix = revisions.Corrections(
            resolution_status="escalated", resolution_text="Fee removed.",
            action_items=({"owner": "agent", "what": "call back", "when": "Friday"},),
            key_facts=({"kind": "amount", "value": "$42"}, {"kind": "reference", "value": "REF-1"}),
        )
        revision = revisions.review(session, call, user, SUMMARY, fix)
        assert (revision.number, revision.action, revision.changed_fields) == (1, "corrected", "resolution,key_facts")
    with db.session() as session:
        current = revisions.current_summary(session, corrected_id, SUMMARY)
        assert current["resolution"]["status"] == "escalated" and current["resolution"]["turn_ids"] == [1]
        # an unchanged fact keeps its citation; the added one is marked as the reviewer's
        assert current["key_facts"][0]["turn_ids"] == [1] and current["key_facts"][1]["source"] == "reviewer"
        assert calls.summary_of(session.get(CallResultRow, corrected_id)) == SUMMARY
        assert calls.get_call(session, corrected_id).resolution == "escalated"
        stats = revisions.correction_stats(session, db.dialect, CallFilters(), Scope.everything())
        assert (stats.reviewed, stats.corrected) == (2, 1)
        assert stats.rate("resolution") == 0.5 and stats.rate("reason") == 0.0
        assert revisions.correction_stats(session, db.dialect, CallFilters(agent_id="bob"), Scope.everything()).reviewed == 0
        records = revisions.evaluation_records(session, db.dialect, CallFilters(), Scope(team="billing"))
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    [record] = read_records(path)
    assert record.id == corrected_id and record.resolution == "escalated" and record.follow_up_required is True
    assert [t.text for t in record.turns] == [t["text"] for t in TURNS]
    assert [f.value for f in record.facts] == ["$42", "REF-1"]


def test_revisions_are_numbered_per_call(db: Database) -> None:
    user, _key = users.create_user(db, "sue", "supervisor", "billing")
    call_id = summarised_call(db)
    for expected in (1, 2, 3):
        with db.transaction() as session:
            current = revisions.current_summary(session, call_id, SUMMARY)
            fix = revisions.Corrections(reason=f"reason {expected}")
            assert revisions.review(session, calls.get_call(session, call_id), user, current, fix).number == expected
    with db.session() as session:
        assert [r.summary_json and json.loads(r.summary_json)["reason"]["text"] for r in revisions.history(session, call_id)] == [
            "reason 1", "reason 2", "reason 3"]
